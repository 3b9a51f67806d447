/**
 * Checks for s2-mse. Reference: tf.losses.meanSquaredError (mean over ALL elements) and tf.grad.
 * Inputs are rank 2 with batch 4 and 3 columns, so "summed", "mean over the last axis only" and
 * "divided by the batch only" all give different answers.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectNoBannedApis, fail, mulberry32 } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';
import { expectCleanCall, expectTensorMatches, expectThrowsSaying, fmt, shp } from './lib/kit';

type M = typeof import('../solutions/s2-mse');

const TOL = { atol: 1e-6, rtol: 1e-5 };
const Y_TRUE = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-2.2, 0.9, 1.1], [0.0, -0.4, 3.3]];
const Y_PRED = [[0.9, -0.2, 1.0], [1.1, 1.3, -0.2], [-1.0, 0.1, 2.6], [0.7, -1.9, 2.1]];

function checkScalar(r: tf.Tensor, what: string, batch = Y_TRUE.length): void {
  if (!(r instanceof tf.Tensor)) fail(`${what} must return a tf.Scalar, got ${typeof r}`);
  if (r.rank !== 0) {
    const lastAxis = r.rank === 1 && r.shape[0] === batch;
    fail(lastAxis
      ? `${what} returned shape ${shp(r.shape)}: you averaged over the last axis only — mse is the mean over ALL elements (a scalar)`
      : `${what} returned shape ${shp(r.shape)}: it must be a scalar (rank 0), the mean over all elements`);
  }
}

export default defineChecks<M>({
  checks: [
    {
      name: 'mse matches tf.losses.meanSquaredError on a [4,3] batch',
      fn: 'mse',
      hintKey: 'mse-value',
      run(m) {
        tf.tidy(() => {
          const y = tf.tensor2d(Y_TRUE);
          const p = tf.tensor2d(Y_PRED);
          const got = m.mse(y, p);
          checkScalar(got, 'mse');
          const ref = tf.losses.meanSquaredError(y, p);
          const sq = tf.square(tf.sub(p, y));
          expectTensorMatches(got, ref, 'mse', TOL, [
            { values: tf.sum(sq), say: 'summed instead of averaged: your loss is 12× the mean over the 12 elements', hintKey: 'mse-summed' },
            { values: tf.sum(tf.mean(sq, 1)), say: 'averaged over the last axis only, then summed over the batch: divide by every element (12), not by 3' },
            { values: tf.sum(tf.mean(sq, 0)), say: 'averaged over the batch only, then summed over the columns: divide by every element (12), not by 4' },
            { values: tf.sqrt(ref), say: 'that is the ROOT mean squared error: no square root' },
            { values: tf.mean(tf.abs(tf.sub(p, y))), say: 'that is the mean ABSOLUTE error: square the residuals' },
            { values: tf.div(ref, 2), say: 'half the mean squared error: the ½ convention is not used here (mse = mean((ŷ−y)²))' },
          ]);
        });
      },
    },
    {
      name: 'mse of [[1,2],[3,4]] vs [[1,0],[0,4]] is 3.25',
      fn: 'mse',
      run(m) {
        tf.tidy(() => {
          const got = m.mse(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, 0], [0, 4]]));
          checkScalar(got, 'mse', 2);
          expectTensorMatches(got, tf.scalar(3.25), 'mse', TOL, [
            { values: [13], say: 'summed instead of averaged: 13 is the sum of squared residuals, the mean is 13/4' },
            { values: [6.5], say: 'divided by 2 (a row or a column count) instead of by all 4 elements' },
          ]);
        });
      },
    },
    {
      name: 'mseGrad equals tf.grad of the mean squared error',
      fn: 'mseGrad',
      hintKey: 'mse-grad',
      run(m) {
        tf.tidy(() => {
          const y = tf.tensor2d(Y_TRUE);
          const p = tf.tensor2d(Y_PRED);
          const got = m.mseGrad(y, p);
          const ref = tf.grad((q: tf.Tensor) => tf.losses.meanSquaredError(y, q))(p);
          const r = tf.sub(p, y);
          expectTensorMatches(got, ref, 'mseGrad', TOL, [
            { values: tf.mul(r, 2), say: 'not divided by N: the gradient of a MEAN carries 1/N (N = 12 elements here)' },
            { values: tf.div(r, 12), say: 'missing the factor 2: d(ŷ−y)²/dŷ = 2(ŷ−y)' },
            { values: tf.mul(r, 2 / 3), say: 'divided by the last dimension (3) instead of all 12 elements' },
            { values: tf.mul(r, 2 / 4), say: 'divided by the batch size (4) instead of all 12 elements' },
            { values: tf.neg(ref), say: 'sign flipped: the gradient w.r.t. yPred is 2(ŷ − y)/N, not 2(y − ŷ)/N' },
          ]);
        });
      },
    },
    {
      name: 'mseGrad is right on a rank-3 tensor',
      fn: 'mseGrad',
      run(m) {
        tf.tidy(() => {
          const y = tf.tensor3d([[[1, -2], [0.5, 3]], [[-1, 0], [2, 2]]]);
          const p = tf.tensor3d([[[0.5, -1], [1.5, 2]], [[-3, 1], [2.5, 0]]]);
          const got = m.mseGrad(y, p);
          const ref = tf.grad((q: tf.Tensor) => tf.losses.meanSquaredError(y, q))(p);
          expectTensorMatches(got, ref, 'mseGrad on [2,2,2]', TOL, [
            { values: tf.mul(tf.sub(p, y), 2 / 2), say: 'divided by the last dimension (2) instead of all 8 elements' },
          ]);
        });
      },
    },
    {
      name: 'shape mismatch throws, including [2,1] vs [2] (no silent broadcasting)',
      fn: 'mse',
      hintKey: 'mse-shapes',
      run(m) {
        tf.tidy(() => {
          const a = tf.tensor2d([[1], [2]]);
          const b = tf.tensor1d([1, 3]);
          expectThrowsSaying('mse([2,1], [2])', () => m.mse(a, b), 'shapes not validated: tf broadcasts [2,1] against [2] into a [2,2] matrix of residuals');
          expectThrowsSaying('mse([2], [2,1])', () => m.mse(b, a));
          expectThrowsSaying('mseGrad([2,1], [2])', () => m.mseGrad(a, b));
          expectThrowsSaying('mse([2,2], [2,3])', () => m.mse(tf.zeros([2, 2]), tf.zeros([2, 3])));
          expectThrowsSaying('mse([4], [1])', () => m.mse(tf.zeros([4]), tf.zeros([1])));
        });
      },
    },
    {
      name: 'empty tensors throw (tf.losses returns NaN)',
      fn: 'mse',
      run(m) {
        tf.tidy(() => {
          expectThrowsSaying('mse of two [0] tensors', () => m.mse(tf.zeros([0]), tf.zeros([0])));
          expectThrowsSaying('mseGrad of two [0,3] tensors', () => m.mseGrad(tf.zeros([0, 3]), tf.zeros([0, 3])));
        });
      },
    },
    {
      name: 'NaN in the input propagates to the loss',
      fn: 'mse',
      run(m) {
        tf.tidy(() => {
          const got = m.mse(tf.tensor2d([[1, NaN], [0, 2]]), tf.tensor2d([[1, 1], [0, 2]]));
          if (!Number.isNaN(got.dataSync()[0])) fail(`mse with a NaN input gave ${got.dataSync()[0]}: a NaN must not be hidden`);
        });
      },
    },
    {
      name: 'properties: mse(y,y) = 0, order does not matter, mse(cy,cŷ) = c²·mse',
      fn: 'mse',
      run(m) {
        tf.tidy(() => {
          const y = tf.tensor2d(Y_TRUE);
          const p = tf.tensor2d(Y_PRED);
          const value = (r: tf.Scalar): number => {
            checkScalar(r, 'mse');
            return r.dataSync()[0];
          };
          const zero = value(m.mse(y, y));
          if (zero !== 0) fail(`mse(y, y) = ${zero}, expected 0`);
          const base = value(m.mse(y, p));
          const perm = [7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6];
          const shuffle = (a: number[][]): tf.Tensor => tf.tensor1d(perm.map((k) => a.flat()[k]));
          const permuted = m.mse(shuffle(Y_TRUE), shuffle(Y_PRED)).dataSync()[0];
          if (Math.abs(permuted - base) > 1e-5 * Math.abs(base)) fail(`permuting the elements changed mse from ${fmt(base)} to ${fmt(permuted)}`);
          const scaled = value(m.mse(tf.mul(y, 3), tf.mul(p, 3)));
          if (Math.abs(scaled - 9 * base) > 1e-4 * 9 * base) fail(`mse(3y, 3ŷ) = ${fmt(scaled)}, expected 9·mse = ${fmt(9 * base)}`);
        });
      },
    },
    {
      name: 'no tensors leaked, inputs left intact',
      fn: 'mse',
      async run(m) {
        const y = tf.tensor2d(Y_TRUE);
        const p = tf.tensor2d(Y_PRED);
        try {
          await expectCleanCall('mse', { yTrue: y, yPred: p }, () => m.mse(y, p));
          await expectCleanCall('mseGrad', { yTrue: y, yPred: p }, () => m.mseGrad(y, p));
        } finally {
          tf.dispose([y, p]);
        }
      },
    },
    {
      name: 'no tf.losses / tf.metrics (build it from sub, square, mean)',
      fn: 'mse',
      run(_m, ctx) {
        expectNoBannedApis(ctx.source, ['tf.losses', 'tf.metrics'], 'write the loss from tf primitives');
      },
    },
  ],
  demo: { run: (m, ctx) => lossFitsDemo(m, ctx) },
});

// ---- demo: fits with MSE vs MAE vs Huber on data with outliers ----

async function lossFitsDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const rng = mulberry32(7);
  const truth = (x: number): number => 1 + 2 * x - 1.5 * x * x;
  const n = 60;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    // 10 % of the points are gross outliers, all on the same side: that is what drags a mean.
    const outlier = rng() < 0.1 ? 6 + 3 * rng() : 0;
    xs.push(x);
    ys.push(truth(x) + 0.15 * g + outlier);
  }
  const X = tf.tensor2d(xs.map((x) => [1, x, x * x]));
  const Y = tf.tensor2d(ys, [n, 1]);
  const delta = 1;
  // dLoss/dŷ for each loss; MSE's comes from the learner's mseGrad.
  const grads: Record<string, (p: tf.Tensor) => tf.Tensor> = {
    MSE: (p) => m.mseGrad(Y, p),
    MAE: (p) => tf.div(tf.sign(tf.sub(p, Y)), n),
    Huber: (p) => tf.div(tf.clipByValue(tf.sub(p, Y), -delta, delta), n),
  };
  const gridX = Array.from({ length: 41 }, (_, i) => -1 + i / 20);
  const series: Array<{ name: string; x: number[]; y: number[]; dashed?: boolean }> = [
    { name: 'true function', x: gridX, y: gridX.map(truth), dashed: true },
  ];
  const err: Record<string, number> = {};
  const residuals: Array<{ name: string; x: number[]; y: number[] }> = [];
  for (const [name, g] of Object.entries(grads)) {
    let w = tf.zeros([3, 1]);
    for (let step = 0; step < 800; step++) {
      const next = tf.tidy(() => {
        const p = tf.matMul(X, w);
        return tf.sub(w, tf.mul(tf.matMul(X, g(p), true, false), 0.8));
      });
      w.dispose();
      w = next;
    }
    const c = Array.from(w.dataSync());
    w.dispose();
    const f = (x: number): number => c[0] + c[1] * x + c[2] * x * x;
    series.push({ name, x: gridX, y: gridX.map(f) });
    residuals.push({ name, x: xs, y: xs.map((x, i) => ys[i] - f(x)) });
    // Distance from the clean curve: how far the outliers dragged the fit.
    err[name] = Math.sqrt(gridX.reduce((s, x) => s + (f(x) - truth(x)) ** 2, 0) / gridX.length);
  }
  tf.dispose([X, Y]);
  ctx.emit({
    kind: 'lines', chart: 'lossFits', title: 'Fits on data with 10 % outliers', xLabel: 'x', yLabel: 'y', series,
    points: xs.map((x, i) => ({ x, y: ys[i], label: 0 })),
  });
  // Residuals y − fit: MSE spreads the outliers' pull over every point; MAE/Huber leave the
  // inliers near 0 and let the outliers stand out.
  ctx.emit({ kind: 'lines', chart: 'residuals', title: 'Residuals y − fit', xLabel: 'x', yLabel: 'residual', series: residuals });
  return {
    rmseFromTruthMse: err.MSE, rmseFromTruthMae: err.MAE, rmseFromTruthHuber: err.Huber,
    robustLossesLessDistorted: err.Huber < err.MSE && err.MAE < err.MSE,
  };
}
