/** Demo of s2-over-under-fitting: runs the learner's code (or the solution) and plots what the lesson shows. */
import { mulberry32, gaussian, defineDemo } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-over-under-fitting');

export default defineDemo<M>({
  async run(m, ctx) {
    // Data: y = sin 2πx + N(0, 0.3²); a pool of 120 training points and a fixed validation set of 300.
    const noiseVar = 0.09, rng = mulberry32(2024);
    const draw = (k: number) => Array.from({ length: k }, () => { const x = rng(); return { x, y: Math.sin(2 * Math.PI * x) + 0.3 * gaussian(rng) }; });
    const pool = draw(120), valSet = draw(300);
    // Closed-form polynomial least squares on x mapped to [−1, 1] (well conditioned up to degree 12).
    const feats = (x: number, d: number) => Array.from({ length: d + 1 }, (_, p) => (2 * x - 1) ** p);
    const fitPoly = (pts: Array<{ x: number; y: number }>, d: number, lam: number) => {
      const D = d + 1, A = Array.from({ length: D }, () => new Array<number>(D + 1).fill(0));
      for (const { x, y } of pts) {
        const f = feats(x, d);
        for (let i = 0; i < D; i++) { for (let j = 0; j < D; j++) A[i][j] += f[i] * f[j]; A[i][D] += f[i] * y; }
      }
      for (let i = 0; i < D; i++) A[i][i] += lam;
      for (let c = 0; c < D; c++) {
        let p = c;
        for (let r = c + 1; r < D; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
        [A[c], A[p]] = [A[p], A[c]];
        for (let r = c + 1; r < D; r++) { const q = A[r][c] / A[c][c]; for (let j = c; j <= D; j++) A[r][j] -= q * A[c][j]; }
      }
      const w = new Array<number>(D).fill(0);
      for (let i = D - 1; i >= 0; i--) { let s = A[i][D]; for (let j = i + 1; j < D; j++) s -= A[i][j] * w[j]; w[i] = s / A[i][i]; }
      return (x: number) => feats(x, d).reduce((s, v, i) => s + v * w[i], 0);
    };
    const mseOn = (f: (x: number) => number, pts: Array<{ x: number; y: number }>) => pts.reduce((s, p) => s + (f(p.x) - p.y) ** 2, 0) / pts.length;
    const sizes = [15, 20, 30, 45, 60, 90, 120];
    const summary: Record<string, number | boolean | string> = {};
    const gaps: Record<number, number> = {};
    for (const degree of [1, 3, 12]) {
      const curve = m.learningCurve(sizes, (idx) => {
        const train = idx.map((i) => pool[i]);
        const f = fitPoly(train, degree, 1e-6);
        return { trainErr: mseOn(f, train), valErr: mseOn(f, valSet) };
      }, pool.length, mulberry32(7));
      const meanGap = curve.reduce((s, r) => s + (r.valErr - r.trainErr), 0) / curve.length;
      const last = curve[curve.length - 1];
      // Name the regime from the numbers, relative to the noise floor σ² = 0.09.
      const regime = last.trainErr > 1.5 * noiseVar && last.valErr > 1.5 * noiseVar
        ? 'underfitting — both errors high'
        : meanGap > 2 * noiseVar
          ? 'overfitting — a large train/val gap that shrinks with more data'
          : 'a good fit — both errors near the noise floor σ² = 0.09';
      ctx.emit({
        kind: 'lines', chart: `learningCurveDegree${degree}`, title: `Learning curve, degree ${degree}`, xLabel: 'training set size', yLabel: 'MSE', logY: true,
        series: [
          { name: 'train', x: curve.map((r) => r.size), y: curve.map((r) => r.trainErr) },
          { name: 'validation', x: curve.map((r) => r.size), y: curve.map((r) => r.valErr) },
          { name: 'noise floor σ²', x: [sizes[0], sizes[sizes.length - 1]], y: [noiseVar, noiseVar], dashed: true },
        ],
      });
      ctx.emit({ kind: 'note', chart: `learningCurveDegree${degree}`, text: `degree ${degree}: ${regime}` });
      gaps[degree] = meanGap;
      summary[`regimeDegree${degree}`] = regime.split(' ')[0] === 'a' ? 'good fit' : regime.split(' ')[0];
      summary[`meanGapDegree${degree}`] = meanGap;
      summary[`finalTrainErrDegree${degree}`] = last.trainErr;
      summary[`finalValErrDegree${degree}`] = last.valErr;
    }
    summary.degree12HasLargestGap = gaps[12] > gaps[3] && gaps[12] > gaps[1];
    // 5-fold CV over degrees 1…12 with the learner's folds: the validation curve.
    const sub = pool.slice(0, 60);
    const folds = m.kFoldIndices(sub.length, 5, mulberry32(5));
    const degrees = Array.from({ length: 12 }, (_, i) => i + 1);
    const cv = degrees.map((d) => folds.reduce((s, f) => s + mseOn(fitPoly(f.train.map((i) => sub[i]), d, 1e-6), f.val.map((i) => sub[i])), 0) / folds.length);
    const best = degrees[cv.indexOf(Math.min(...cv))];
    ctx.emit({ kind: 'lines', chart: 'cvCurve', title: '5-fold cross-validation error vs degree (60 points)', xLabel: 'degree', yLabel: 'CV MSE', logY: true, series: [{ name: 'CV error', x: degrees, y: cv }], markers: [{ x: best, label: `CV picks degree ${best}` }] });
    summary.cvBestDegree = best;
    return summary;
  },
});
