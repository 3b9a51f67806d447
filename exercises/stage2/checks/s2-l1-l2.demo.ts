/** Demo of s2-l1-l2: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, gaussian, solveLinear, defineDemo } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-l1-l2');

// L1 (ISTA with your softThreshold) vs L2 (ridge, closed form) coefficient paths.
async function coefPathsDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const rng = mulberry32(11);
  const n = 20;
  const deg = 12;
  const xs = Array.from({ length: n }, (_, i) => i / (n - 1));
  const ys = xs.map((x) => Math.sin(2 * Math.PI * x) + 0.2 * gaussian(rng));
  // Standardised powers x¹…x¹² and a centred target: no intercept to (not) penalise.
  const raw = xs.map((x) => Array.from({ length: deg }, (_, k) => x ** (k + 1)));
  const mu = Array.from({ length: deg }, (_, k) => raw.reduce((s, r) => s + r[k], 0) / n);
  const sd = Array.from({ length: deg }, (_, k) => Math.sqrt(raw.reduce((s, r) => s + (r[k] - mu[k]) ** 2, 0) / n));
  const X = raw.map((r) => r.map((v, k) => (v - mu[k]) / sd[k]));
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  const yc = ys.map((v) => v - yMean);
  const logLams = Array.from({ length: 20 }, (_, i) => -4 + (4 * i) / 19);
  const lams = logLams.map((l) => 10 ** l);

  // L2: minimise (1/n)‖Xw − y‖² + λ‖w‖² ⇒ (XᵀX/n + λI) w = Xᵀy/n.
  const XtX = Array.from({ length: deg }, (_, a) => Array.from({ length: deg }, (_, b) => X.reduce((s, r) => s + r[a] * r[b], 0) / n));
  const Xty = Array.from({ length: deg }, (_, a) => X.reduce((s, r, i) => s + r[a] * yc[i], 0) / n);
  const ridge = lams.map((l) => solveLinear(XtX.map((r, a) => r.map((v, b) => v + (a === b ? l : 0))), Xty));

  // L1: ISTA, all 20 λ at once (one column each). Step 1/L with L = 2·λmax(XᵀX/n).
  let v = new Array<number>(deg).fill(1);
  let lmax = 0;
  for (let it = 0; it < 100; it++) {
    const w = XtX.map((r) => r.reduce((s, a, k) => s + a * v[k], 0));
    lmax = Math.sqrt(w.reduce((s, a) => s + a * a, 0));
    v = w.map((a) => a / lmax);
  }
  const eta = 1 / (2 * lmax);
  const Xt = tf.tensor2d(X);
  const Y = tf.tile(tf.tensor2d(yc, [n, 1]), [1, lams.length]);
  const thr = tf.tensor2d([lams.map((l) => eta * l)]);
  let W = tf.zeros([deg, lams.length]);
  for (let it = 0; it < 1500; it++) {
    const next = tf.tidy(() => {
      const grad = tf.mul(tf.matMul(Xt, tf.sub(tf.matMul(Xt, W), Y), true, false), 2 / n);
      // prox of ηλ‖w‖₁ per column: scale each column so its threshold is 1, threshold, scale back.
      const z = tf.div(tf.sub(W, tf.mul(grad, eta)), thr);
      return tf.mul(m.softThreshold(z, 1), thr);
    });
    W.dispose();
    W = next;
  }
  const lasso = W.arraySync() as number[][];
  tf.dispose([W, Xt, Y, thr]);

  const l1Zeros = lams.map((_, j) => lasso.filter((r) => r[j] === 0).length);
  const l2Zeros = lams.map((_, j) => ridge[j].filter((c) => c === 0).length);
  const coefSeries = (coef: (j: number, k: number) => number): Array<{ name: string; x: number[]; y: number[] }> =>
    Array.from({ length: deg }, (_, k) => ({ name: `w${k + 1}`, x: logLams, y: lams.map((_, j) => coef(j, k)) }));
  ctx.emit({ kind: 'lines', chart: 'coefPathsL1', title: 'L1 (lasso) coefficient paths', xLabel: 'log10 λ', yLabel: 'coefficient', series: coefSeries((j, k) => lasso[k][j]) });
  ctx.emit({ kind: 'lines', chart: 'coefPathsL2', title: 'L2 (ridge) coefficient paths', xLabel: 'log10 λ', yLabel: 'coefficient', series: coefSeries((j, k) => ridge[j][k]) });
  ctx.emit({ kind: 'lines', chart: 'zeroCount', title: 'Coefficients exactly 0', xLabel: 'log10 λ', yLabel: 'count of 12', series: [{ name: 'L1', x: logLams, y: l1Zeros }, { name: 'L2', x: logLams, y: l2Zeros, dashed: true }] });
  const mid = logLams.findIndex((l) => l >= -2);
  // Fitted curves at λ ≈ 0.01 (features standardised with the training mean/std, as in the fit).
  const gridX = Array.from({ length: 101 }, (_, i) => i / 100);
  const curve = (coef: (k: number) => number): number[] => gridX.map((x) => yMean + Array.from({ length: deg }, (_, k) => ((x ** (k + 1) - mu[k]) / sd[k]) * coef(k)).reduce((a, b) => a + b, 0));
  ctx.emit({
    kind: 'lines', chart: 'fits', title: `Degree-12 fits at λ = ${lams[mid].toPrecision(2)}`, xLabel: 'x', yLabel: 'y',
    series: [
      { name: 'sin 2πx', x: gridX, y: gridX.map((x) => Math.sin(2 * Math.PI * x)), dashed: true },
      { name: 'L1 (lasso)', x: gridX, y: curve((k) => lasso[k][mid]) },
      { name: 'L2 (ridge)', x: gridX, y: curve((k) => ridge[mid][k]) },
    ],
    points: xs.map((x, i) => ({ x, y: ys[i], label: 0 })),
  });
  return {
    midLambda: lams[mid], l1ZerosAtMidLambda: l1Zeros[mid], l2ZerosAtMidLambda: l2Zeros[mid],
    l1ZerosTotal: l1Zeros.reduce((a, b) => a + b, 0), l2ZerosTotal: l2Zeros.reduce((a, b) => a + b, 0),
    l1HasExactZerosL2DoesNot: l1Zeros.some((z) => z > 0) && l2Zeros.every((z) => z === 0),
  };
}

export default defineDemo<M>({ run: (m, ctx) => coefPathsDemo(m, ctx) });
