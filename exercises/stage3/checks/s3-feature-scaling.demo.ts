/**
 * Demo of s3-feature-scaling: gradient descent on a linear model whose two features have scales
 * 1 and 1000, once on the raw features and once after the learner's StandardScaler. Both runs use
 * the largest safe step for their own problem (1/λmax of the Hessian), so the difference is the
 * shape of the loss surface alone.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, makeScaledFeatures } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-feature-scaling');

/** The MSE of y ≈ X·w as a quadratic: L(w) = wᵀAw − 2bᵀw + c with A = XᵀX/n, b = Xᵀy/n, c = yᵀy/n. */
interface Quad { A: [[number, number], [number, number]]; b: [number, number]; c: number }

function quadOf(x: number[][], y: number[]): Quad {
  const n = x.length;
  const A: Quad['A'] = [[0, 0], [0, 0]];
  const b: Quad['b'] = [0, 0];
  let c = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 2; j++) {
      b[j] += (x[i][j] * y[i]) / n;
      for (let k = 0; k < 2; k++) A[j][k] += (x[i][j] * x[i][k]) / n;
    }
    c += (y[i] * y[i]) / n;
  }
  return { A, b, c };
}

const loss = (q: Quad, w: [number, number]): number =>
  q.A[0][0] * w[0] * w[0] + 2 * q.A[0][1] * w[0] * w[1] + q.A[1][1] * w[1] * w[1] - 2 * (q.b[0] * w[0] + q.b[1] * w[1]) + q.c;

/** Eigenvalues of the Hessian 2A (a symmetric 2×2). */
function hessianEigs(q: Quad): [number, number] {
  const [[a, b], [, d]] = q.A;
  const mean = a + d, disc = Math.sqrt((a - d) ** 2 + 4 * b * b);
  return [mean - disc, mean + disc];
}

function gradientDescent(q: Quad, w0: [number, number], steps: number): { path: Array<[number, number]>; losses: number[]; lr: number } {
  const lr = 1 / hessianEigs(q)[1]; // the largest eigenvalue sets the largest safe step
  const w: [number, number] = [...w0];
  const path: Array<[number, number]> = [[...w]];
  const losses = [loss(q, w)];
  for (let s = 0; s < steps; s++) {
    const g0 = 2 * (q.A[0][0] * w[0] + q.A[0][1] * w[1] - q.b[0]);
    const g1 = 2 * (q.A[1][0] * w[0] + q.A[1][1] * w[1] - q.b[1]);
    w[0] -= lr * g0;
    w[1] -= lr * g1;
    path.push([...w]);
    losses.push(loss(q, w));
  }
  return { path, losses, lr };
}

function surface(q: Quad, xr: [number, number], yr: [number, number], n: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) out.push(loss(q, [xr[0] + ((xr[1] - xr[0]) * c) / (n - 1), yr[0] + ((yr[1] - yr[0]) * r) / (n - 1)]));
  }
  return out;
}

export default defineDemo<M>({
  async run(m, ctx) {
    const steps = 100;
    const data = makeScaledFeatures({ n: 200, scales: [1, 1000], offsets: [0, 0], seed: 11 });
    const test = makeScaledFeatures({ n: 100, scales: [1, 1000], offsets: [0, 0], seed: 12 });
    const scaler = new m.StandardScaler();
    const x = tf.tensor2d(data.x);
    const xt = tf.tensor2d(test.x.map((r) => [r[0] + 0.5, r[1] + 500])); // a test set whose mean moved
    try {
      scaler.fit(x);
      const z = scaler.transform(x);
      const zt = scaler.transform(xt);
      const xStd = z.arraySync() as number[][];
      const testMean = (tf.tidy(() => tf.mean(zt, 0)).arraySync() as number[]);
      tf.dispose([z, zt]);
      const sd = [0, 1].map((j) => Math.sqrt(data.x.reduce((s, r) => s + r[j] * r[j], 0) / data.x.length));

      const raw = quadOf(data.x, data.y);
      const std = quadOf(xStd, data.y);
      const w0Raw: [number, number] = [-0.5, 0.0025];
      const w0Std: [number, number] = [w0Raw[0] * sd[0], w0Raw[1] * sd[1]]; // the same model, in standardised units
      const gRaw = gradientDescent(raw, w0Raw, steps);
      const gStd = gradientDescent(std, w0Std, steps);

      const N = 61;
      const rawX: [number, number] = [-1, 3], rawY: [number, number] = [-0.02, 0.02];
      const stdX: [number, number] = [-2, 3], stdY: [number, number] = [-3, 3];
      ctx.emit({
        kind: 'contour', chart: 'contourRaw', title: `Raw features (scales 1 and 1000): loss over w₁ (x axis) and w₂ (y axis, 100× narrower), ${steps} GD steps`,
        xRange: rawX, yRange: rawY, width: N, height: N, values: surface(raw, rawX, rawY, N),
        paths: [{ name: `GD, lr = 1/λmax = ${gRaw.lr.toExponential(1)}`, points: gRaw.path }],
      });
      ctx.emit({
        kind: 'contour', chart: 'contourStandardized', title: `Standardised features: loss over w₁ (x axis) and w₂ (y axis), ${steps} GD steps`,
        xRange: stdX, yRange: stdY, width: N, height: N, values: surface(std, stdX, stdY, N),
        paths: [{ name: `GD, lr = 1/λmax = ${gStd.lr.toFixed(2)}`, points: gStd.path }],
      });
      const stepsAxis = gRaw.losses.map((_, i) => i);
      ctx.emit({
        kind: 'lines', chart: 'convergence', title: 'Training loss per gradient-descent step', xLabel: 'step', yLabel: 'mean squared error (log scale)', logY: true,
        series: [{ name: 'raw features', x: stepsAxis, y: gRaw.losses }, { name: 'standardised features', x: stepsAxis, y: gStd.losses }],
      });
      const [lminR, lmaxR] = hessianEigs(raw);
      const [lminS, lmaxS] = hessianEigs(std);
      const floor = Math.min(...gStd.losses);
      const within = (ls: number[]) => ls.findIndex((l) => l <= 1.05 * floor);
      ctx.emit({ kind: 'note', chart: 'leakage', text: `Test set transformed with the training statistics: column means ${testMean.map((v) => v.toFixed(2)).join(', ')} — not 0, as it should be when the test data has moved.` });
      return {
        conditionNumberRaw: lmaxR / lminR,
        conditionNumberStandardized: lmaxS / lminS,
        finalLossRaw: gRaw.losses[steps],
        finalLossStandardized: gStd.losses[steps],
        stepsToNearOptimumStandardized: within(gStd.losses),
        rawReachesNearOptimum: within(gRaw.losses) >= 0,
        standardizedConvergesFaster: gStd.losses[steps] < gRaw.losses[steps] / 10,
        testSetNotZeroMean: testMean.some((v) => Math.abs(v) > 0.1),
      };
    } finally {
      scaler.dispose();
      tf.dispose([x, xt]);
    }
  },
});
