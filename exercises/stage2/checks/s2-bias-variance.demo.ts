/** Demo of s2-bias-variance: runs the learner's code (or the solution) and plots what the lesson shows. */
import { defineDemo } from 'dl-tutor/grading';
import { NOISE_STD, makeDataset, polyEval, testX, trueFn } from './s2-bias-variance.check';

type M = typeof import('../solutions/s2-bias-variance');

export default defineDemo<M>({
  async run(m, ctx) {
    const lam = 1e-5, nDatasets = 1000;
    const grid = Array.from({ length: 101 }, (_, i) => i / 100);
    const fitDeg = (degree: number) => (x: number[], y: number[]) => polyEval(m.fitRidge(m.polynomialFeatures(x, degree), y, lam));
    for (const degree of [1, 3, 9]) {
      const series = Array.from({ length: 20 }, (_, i) => {
        const d = makeDataset(i + 1);
        const f = fitDeg(degree)(d.x, d.y);
        return { name: `fit ${i + 1}`, x: grid, y: grid.map((g) => Math.max(-3, Math.min(3, f(g)))) };
      });
      series.push({ name: 'true sin 2πx', x: grid, y: grid.map(trueFn), dashed: true } as (typeof series)[number]);
      ctx.emit({ kind: 'lines', chart: `fansDegree${degree}`, title: `Degree ${degree}: 20 fits on 20 datasets`, series, xLabel: 'x', yLabel: 'prediction' });
    }
    const degrees = Array.from({ length: 11 }, (_, i) => i);
    const rs = degrees.map((degree) => m.biasVarianceDecomposition({ trueFn, makeDataset: (s) => makeDataset(s), fit: fitDeg(degree), testX, nDatasets, noiseVar: NOISE_STD ** 2 }));
    ctx.emit({
      kind: 'bars', chart: 'decomposition', title: 'Expected test error = bias² + variance + noise', stacked: true, labels: degrees.map(String),
      series: [{ name: 'bias²', values: rs.map((r) => r.bias2) }, { name: 'variance', values: rs.map((r) => r.variance) }, { name: 'noise', values: rs.map((r) => r.noise) }],
    });
    const best = degrees[rs.reduce((b, r, i) => (r.expectedError < rs[b].expectedError ? i : b), 0)];
    ctx.emit({
      kind: 'lines', chart: 'uCurve', title: 'The U-curve: expected test error vs degree', xLabel: 'degree', yLabel: 'error', logY: true,
      series: [
        { name: 'expected error', x: degrees, y: rs.map((r) => r.expectedError) },
        { name: 'bias²', x: degrees, y: rs.map((r) => r.bias2), dashed: true },
        { name: 'variance', x: degrees, y: rs.map((r) => r.variance), dashed: true },
      ],
      markers: [{ x: best, label: `best degree ${best}` }],
    });
    const [d1, d3, d9] = [rs[1], rs[3], rs[9]];
    return {
      bias2Degree1: d1.bias2, bias2Degree3: d3.bias2, bias2Degree9: d9.bias2,
      varianceDegree1: d1.variance, varianceDegree3: d3.variance, varianceDegree9: d9.variance,
      bias2Falls: d1.bias2 > d3.bias2 && d3.bias2 > d9.bias2,
      varianceRises: d1.variance < d3.variance && d3.variance < d9.variance,
      bestDegree: best,
      uShaped: rs[best].expectedError < rs[0].expectedError && rs[best].expectedError < rs[10].expectedError,
    };
  },
});
