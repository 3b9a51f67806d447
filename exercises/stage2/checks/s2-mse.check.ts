/**
 * Checks for s2-mse. Reference: tf.losses.meanSquaredError (mean over ALL elements) and tf.grad.
 * Inputs are rank 2 with batch 4 and 3 columns, so "summed", "mean over the last axis only" and
 * "divided by the batch only" all give different answers.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, fmtNum, fmtShape, gradeRng, randomRows, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-mse');
const fmt = (v: number): string => fmtNum(v, 6);

const TOL = { atol: 1e-6, rtol: 1e-5 };
const Y_TRUE = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-2.2, 0.9, 1.1], [0.0, -0.4, 3.3]];
const Y_PRED = [[0.9, -0.2, 1.0], [1.1, 1.3, -0.2], [-1.0, 0.1, 2.6], [0.7, -1.9, 2.1]];

const pair = () => ({ yTrue: tf.tensor2d(Y_TRUE), yPred: tf.tensor2d(Y_PRED) });
const col = () => tf.tensor2d([[1], [2]]);
const row = () => tf.tensor1d([1, 3]);

function checkScalar(r: tf.Tensor, what: string, batch = Y_TRUE.length): void {
  if (!(r instanceof tf.Tensor)) fail(`${what} must return a tf.Scalar, got ${typeof r}`);
  if (r.rank !== 0) {
    const lastAxis = r.rank === 1 && r.shape[0] === batch;
    fail(lastAxis
      ? `${what} returned shape ${fmtShape(r.shape)}: you averaged over the last axis only — mse is the mean over ALL elements (a scalar)`
      : `${what} returned shape ${fmtShape(r.shape)}: it must be a scalar (rank 0), the mean over all elements`);
  }
}

export default defineChecks<M>({
  checks: [
    {
      id: 'mse-value', name: 'mse matches tf.losses.meanSquaredError on a [4,3] batch', fn: 'mse', hintKey: 'mse-value',
      run: (m) => tf.tidy(() => {
        const y = tf.tensor2d(Y_TRUE);
        const p = tf.tensor2d(Y_PRED);
        const got = m.mse(y, p);
        checkScalar(got, 'mse');
        const ref = tf.losses.meanSquaredError(y, p);
        const sq = tf.square(tf.sub(p, y));
        expectTensorClose(got, ref, { name: 'mse', ...TOL, tensor: true, mistakes: [
          { when: tf.sum(sq), message: 'summed instead of averaged: your loss is 12× the mean over the 12 elements', hintKey: 'mse-summed' },
          { when: tf.sum(tf.mean(sq, 1)), message: 'averaged over the last axis only, then summed over the batch: divide by every element (12), not by 3' },
          { when: tf.sum(tf.mean(sq, 0)), message: 'averaged over the batch only, then summed over the columns: divide by every element (12), not by 4' },
          { when: tf.sqrt(ref), message: 'that is the ROOT mean squared error: no square root' },
          { when: tf.mean(tf.abs(tf.sub(p, y))), message: 'that is the mean ABSOLUTE error: square the residuals' },
          { when: tf.div(ref, 2), message: 'half the mean squared error: the ½ convention is not used here (mse = mean((ŷ−y)²))' },
        ] });
        // And on a batch drawn for this grade: a file that only knows the batch above fails.
        const rng = gradeRng();
        const yr = tf.tensor2d(randomRows(rng, 5, 2, -3, 3));
        const pr = tf.tensor2d(randomRows(rng, 5, 2, -3, 3));
        expectTensorClose(m.mse(yr, pr), tf.losses.meanSquaredError(yr, pr), { name: 'mse on a random [5,2] batch', ...TOL, tensor: true });
      }),
    },
    {
      id: 'mse-by-hand', name: 'mse of [[1,2],[3,4]] vs [[1,0],[0,4]] is 3.25', fn: 'mse',
      run: (m) => tf.tidy(() => {
        const got = m.mse(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, 0], [0, 4]]));
        checkScalar(got, 'mse', 2);
        expectTensorClose(got, tf.scalar(3.25), { name: 'mse', ...TOL, tensor: true, mistakes: [
          { when: [13], message: 'summed instead of averaged: 13 is the sum of squared residuals, the mean is 13/4' },
          { when: [6.5], message: 'divided by 2 (a row or a column count) instead of by all 4 elements' },
        ] });
      }),
    },
    {
      id: 'mse-grad', name: 'mseGrad equals tf.grad of the mean squared error', fn: 'mseGrad', hintKey: 'mse-grad',
      run: (m) => tf.tidy(() => {
        const y = tf.tensor2d(Y_TRUE);
        const p = tf.tensor2d(Y_PRED);
        const got = m.mseGrad(y, p);
        const ref = tf.grad((q: tf.Tensor) => tf.losses.meanSquaredError(y, q))(p);
        const r = tf.sub(p, y);
        expectTensorClose(got, ref, { name: 'mseGrad', ...TOL, tensor: true, mistakes: [
          { when: tf.mul(r, 2), message: 'not divided by N: the gradient of a MEAN carries 1/N (N = 12 elements here)' },
          { when: tf.div(r, 12), message: 'missing the factor 2: d(ŷ−y)²/dŷ = 2(ŷ−y)' },
          { when: tf.mul(r, 2 / 3), message: 'divided by the last dimension (3) instead of all 12 elements' },
          { when: tf.mul(r, 2 / 4), message: 'divided by the batch size (4) instead of all 12 elements' },
          { when: tf.neg(ref), message: 'sign flipped: the gradient w.r.t. yPred is 2(ŷ − y)/N, not 2(y − ŷ)/N' },
        ] });
      }),
    },
    {
      id: 'mse-grad-rank3', name: 'mseGrad is right on a rank-3 tensor', fn: 'mseGrad',
      run: (m) => tf.tidy(() => {
        const y = tf.tensor3d([[[1, -2], [0.5, 3]], [[-1, 0], [2, 2]]]);
        const p = tf.tensor3d([[[0.5, -1], [1.5, 2]], [[-3, 1], [2.5, 0]]]);
        const got = m.mseGrad(y, p);
        const ref = tf.grad((q: tf.Tensor) => tf.losses.meanSquaredError(y, q))(p);
        expectTensorClose(got, ref, { name: 'mseGrad on [2,2,2]', ...TOL, tensor: true, mistakes: [
          { when: tf.mul(tf.sub(p, y), 2 / 2), message: 'divided by the last dimension (2) instead of all 8 elements' },
        ] });
      }),
    },
    {
      id: 'nan-propagates', name: 'NaN in the input propagates to the loss', fn: 'mse',
      run: (m) => tf.tidy(() => {
        const got = m.mse(tf.tensor2d([[1, NaN], [0, 2]]), tf.tensor2d([[1, 1], [0, 2]]));
        if (!Number.isNaN(got.dataSync()[0])) fail(`mse with a NaN input gave ${got.dataSync()[0]}: a NaN must not be hidden`);
      }),
    },
    {
      id: 'properties', name: 'properties: mse(y,y) = 0, order does not matter, mse(cy,cŷ) = c²·mse', fn: 'mse',
      run: (m) => tf.tidy(() => {
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
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'mse',
      calls: [
        { name: 'mse', inputs: pair, call: (m, i) => m.mse(i.yTrue, i.yPred) },
        { name: 'mseGrad', inputs: pair, call: (m, i) => m.mseGrad(i.yTrue, i.yPred) },
      ],
      // tf broadcasts mismatched shapes without a word, and tf.losses returns NaN for empty tensors.
      badInputs: [
        { name: 'mse([2,1], [2])', call: (m) => m.mse(col(), row()), mistake: 'shapes not validated: tf broadcasts [2,1] against [2] into a [2,2] matrix of residuals', hintKey: 'mse-shapes' },
        { name: 'mse([2], [2,1])', call: (m) => m.mse(row(), col()), hintKey: 'mse-shapes' },
        { name: 'mseGrad([2,1], [2])', call: (m) => m.mseGrad(col(), row()), hintKey: 'mse-shapes' },
        { name: 'mse([2,2], [2,3])', call: (m) => m.mse(tf.zeros([2, 2]), tf.zeros([2, 3])), hintKey: 'mse-shapes' },
        { name: 'mse([4], [1])', call: (m) => m.mse(tf.zeros([4]), tf.zeros([1])), hintKey: 'mse-shapes' },
        { name: 'mse of two [0] tensors', call: (m) => m.mse(tf.zeros([0]), tf.zeros([0])), why: 'an empty tensor has no mean' },
        { name: 'mseGrad of two [0,3] tensors', call: (m) => m.mseGrad(tf.zeros([0, 3]), tf.zeros([0, 3])), why: 'an empty tensor has no mean' },
      ],
      banned: { apis: ['tf.losses', 'tf.metrics'], why: 'write the loss from tf primitives' },
      names: { 'bad-inputs-throw': 'shapes that differ (even [2,1] vs [2], which tf would broadcast) and empty tensors throw' },
    }),
  ],
});
