/**
 * Checks for s2-cross-entropy. Reference: tf.losses.softmaxCrossEntropy / sigmoidCrossEntropy
 * (mean over the batch, smoothing y(1−ls) + ls/C); the gradient is taken through the learner's
 * function. Batch 3–4, 3–4 classes, soft labels, logits of ±1000.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, fmtNum, fmtShape, gradeRng, learnerGrads, randomRows, standardChecks } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-cross-entropy');
const fmt = (v: number): string => fmtNum(v, 6);

const TOL = { atol: 1e-6, rtol: 1e-5 };
const LOGITS = [[2.0, -1.0, 0.5, 0.1], [0.3, 0.2, -2.5, 1.7], [-0.4, 3.1, 0.0, -1.2]];
const ONE_HOT = [[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]];
const SOFT = [[0.7, 0.1, 0.1, 0.1], [0, 0.5, 0, 0.5], [0.25, 0.25, 0.25, 0.25]];

const z = () => tf.tensor2d(LOGITS);
const soft = () => ({ labels: tf.tensor2d(SOFT), logits: z() });
const sparse = () => ({ labels: tf.tensor1d([0, 3, 2], 'int32'), logits: z() });
const UNCHECKED = 'sparse labels not validated (tf.oneHot silently makes an all-zero row for a bad id: loss 0 for that example)';

function scalarOf(r: tf.Tensor, what: string): number {
  if (!(r instanceof tf.Tensor)) fail(`${what} must return a tf.Scalar`);
  if (r.rank !== 0) fail(`${what} returned shape ${fmtShape(r.shape)}: the loss is one number, the mean over the batch`);
  return r.dataSync()[0];
}

/** The usual mistakes of a softmax cross-entropy, as values to recognise. */
function ceMistakes(labels: tf.Tensor2D, logits: tf.Tensor2D, ls: number): Mistake[] {
  const C = logits.shape[1];
  const B = logits.shape[0];
  const logp = tf.logSoftmax(logits);
  const ce = (y: tf.Tensor): tf.Tensor => tf.mean(tf.neg(tf.sum(tf.mul(y, logp), 1)));
  const out: Mistake[] = [
    { when: tf.mul(ce(tf.add(tf.mul(labels, 1 - ls), ls / C)), B), message: `summed over the batch instead of averaged: your loss is ${B}× the mean` },
    { when: tf.div(ce(tf.add(tf.mul(labels, 1 - ls), ls / C)), C), message: 'averaged over classes too: sum −y·log p over the classes, then average over the batch' },
  ];
  if (ls > 0) {
    out.push({ when: ce(tf.mul(labels, 1 - ls)), message: `label smoothing applied as y(1−ls) without + ls/C: the smoothed labels must still sum to 1`, hintKey: 'ce-smoothing' });
    out.push({ when: ce(tf.add(tf.mul(labels, 1 - ls), ls / (C - 1))), message: 'label smoothing spread ls/(C−1): tf uses y(1−ls) + ls/C' });
    out.push({ when: ce(tf.add(tf.mul(labels, 1 - ls), tf.mul(tf.sub(1, labels), ls / (C - 1)))), message: 'label smoothing as 1 − ls on the true class and ls/(C−1) on the others: this exercise (like tf) uses y(1−ls) + ls/C, which also gives the true class its share ls/C' });
    out.push({ when: ce(labels), message: 'labelSmoothing ignored: y must become y(1−ls) + ls/C' });
  }
  return out;
}

export default defineChecks<M>({
  checks: [
    {
      id: 'softmax-ce', name: 'softmaxCrossEntropy matches tf.losses.softmaxCrossEntropy (one-hot and soft labels)', fn: 'softmaxCrossEntropy', hintKey: 'ce-value',
      run: (m) => tf.tidy(() => {
        const z = tf.tensor2d(LOGITS);
        // A batch drawn for this grade too: a file that only knows the fixed inputs fails.
        const rng = gradeRng();
        const zr = tf.tensor2d(randomRows(rng, 5, 4, -4, 4));
        const yr = tf.softmax(tf.tensor2d(randomRows(rng, 5, 4, -2, 2))) as tf.Tensor2D;
        for (const [name, y, zz] of [['one-hot', tf.tensor2d(ONE_HOT), z], ['soft', tf.tensor2d(SOFT), z], ['random soft', yr, zr]] as Array<[string, tf.Tensor2D, tf.Tensor2D]>) {
          const z = zz;
          const got = m.softmaxCrossEntropy(y, z);
          scalarOf(got, 'softmaxCrossEntropy');
          expectTensorClose(got, tf.losses.softmaxCrossEntropy(y, z), { name: `softmaxCrossEntropy with ${name} labels`, ...TOL, tensor: true, mistakes: ceMistakes(y, z, 0) });
        }
      }),
    },
    {
      id: 'label-smoothing', name: 'label smoothing is y(1−ls) + ls/C, as tf.losses does', fn: 'softmaxCrossEntropy', hintKey: 'ce-smoothing',
      run: (m) => tf.tidy(() => {
        const z = tf.tensor2d(LOGITS);
        const y = tf.tensor2d(ONE_HOT);
        const got = m.softmaxCrossEntropy(y, z, { labelSmoothing: 0.2 });
        scalarOf(got, 'softmaxCrossEntropy');
        expectTensorClose(got, tf.losses.softmaxCrossEntropy(y, z, undefined, 0.2), { name: 'softmaxCrossEntropy with labelSmoothing 0.2', ...TOL, tensor: true, mistakes: ceMistakes(y, z, 0.2) });
      }),
    },
    {
      id: 'stable-logits', name: 'softmax is stable for logits of ±1000', fn: 'softmaxCrossEntropy', hintKey: 'ce-stability',
      run: (m) => tf.tidy(() => {
        // Row 0: the right class has +1000 (loss 0); row 1: a wrong class has +1000 (loss 1000).
        const z = tf.tensor2d([[1000, 0, -1000], [0, 1000, -1000]]);
        const y = tf.tensor2d([[1, 0, 0], [1, 0, 0]]);
        const v = scalarOf(m.softmaxCrossEntropy(y, z), 'softmaxCrossEntropy');
        if (!Number.isFinite(v)) {
          // Tell "no max shift" (exp(1000) = ∞) from "log of a softmax that underflowed to 0".
          const near = scalarOf(m.softmaxCrossEntropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[1000, 999]])), 'softmaxCrossEntropy');
          fail(Number.isFinite(near)
            ? `logits of ±1000 give ${v}: you take the log of a softmax probability that underflowed to 0 (0·log 0 = NaN) — compute log-softmax directly as (z − max) − log Σ exp(z − max)`
            : `softmax computed without subtracting the row max: logits of 1000 give ${v} (exp(1000) overflows to Infinity, and Infinity/Infinity is NaN)`, { hintKey: 'ce-stability' });
        }
        if (Math.abs(v - 500) > 1e-3) fail(`logits of ±1000: loss ${fmt(v)}, expected 500 (rows lose 0 and 1000)`, { expected: '500', actual: fmt(v) });
        const s = scalarOf(m.sigmoidCrossEntropy(tf.tensor1d([1, 0, 0, 1]), tf.tensor1d([1000, -1000, 1000, -1000])), 'sigmoidCrossEntropy');
        if (!Number.isFinite(s) || Math.abs(s - 500) > 1e-3) {
          fail(`sigmoidCrossEntropy at logits ±1000 gave ${fmt(s)}, expected 500: use max(z,0) − z·y + log(1 + e^{−|z|})`, { hintKey: 'ce-stability' });
        }
      }),
    },
    {
      id: 'gradient', name: 'gradient w.r.t. logits is (softmax − y)/N (tf.grad through your function)', fn: 'softmaxCrossEntropy',
      run: (m) => tf.tidy(() => {
        const z = tf.tensor2d(LOGITS);
        const y = tf.tensor2d(SOFT);
        const got = learnerGrads(m.softmaxCrossEntropy, [y, z], [1]).grads[0];
        const ref = tf.div(tf.sub(tf.softmax(z), y), 3);
        expectTensorClose(got, ref, { name: 'd loss / d logits', ...TOL, tensor: true });
      }),
    },
    {
      id: 'properties', name: 'properties: a constant per row changes nothing, zero logits give log C, loss ≥ 0', fn: 'softmaxCrossEntropy',
      run: (m) => tf.tidy(() => {
        const y = tf.tensor2d(SOFT);
        const z = tf.tensor2d(LOGITS);
        const base = scalarOf(m.softmaxCrossEntropy(y, z), 'softmaxCrossEntropy');
        const shifted = scalarOf(m.softmaxCrossEntropy(y, tf.add(z, tf.tensor2d([[5], [-3], [40]]))), 'softmaxCrossEntropy');
        if (Math.abs(shifted - base) > 1e-4) fail(`adding a constant to each row changed the loss from ${fmt(base)} to ${fmt(shifted)}`);
        const zero = scalarOf(m.softmaxCrossEntropy(tf.tensor2d(ONE_HOT), tf.zeros([3, 4]) as tf.Tensor2D), 'softmaxCrossEntropy');
        if (Math.abs(zero - Math.log(4)) > 1e-5) fail(`zero logits over 4 classes: loss ${fmt(zero)}, expected log 4 = ${fmt(Math.log(4))}`);
        if (base < 0) fail(`cross-entropy ${fmt(base)} is negative`);
      }),
    },
    {
      id: 'sparse-ce', name: 'sparseSoftmaxCrossEntropy equals the one-hot loss (int32 and whole float32 labels)', fn: 'sparseSoftmaxCrossEntropy',
      run: (m) => tf.tidy(() => {
        const z = tf.tensor2d(LOGITS);
        const ref = tf.losses.softmaxCrossEntropy(tf.tensor2d(ONE_HOT), z);
        for (const dtype of ['int32', 'float32'] as const) {
          const got = m.sparseSoftmaxCrossEntropy(tf.tensor1d([0, 3, 2], dtype), z);
          scalarOf(got, 'sparseSoftmaxCrossEntropy');
          expectTensorClose(got, ref, { name: `sparseSoftmaxCrossEntropy with ${dtype} labels [0,3,2]`, ...TOL, tensor: true, mistakes: [
            { when: tf.mul(ref, 3), message: 'summed over the batch instead of averaged: your loss is 3× the mean' },
            { when: tf.div(ref, 4), message: 'averaged over classes too: sum −y·log p over the classes, then average over the batch' },
          ] });
        }
      }),
    },
    {
      id: 'sigmoid-ce', name: 'sigmoidCrossEntropy matches tf.losses.sigmoidCrossEntropy on a [3,4] batch', fn: 'sigmoidCrossEntropy',
      run: (m) => tf.tidy(() => {
        const z = tf.tensor2d([[2.0, -1.0, 0.5, 30], [0.3, -30, -2.5, 1.7], [-0.4, 3.1, 0.0, -1.2]]);
        const y = tf.tensor2d([[1, 0, 1, 1], [0, 0, 1, 0.3], [1, 1, 0, 0]]);
        const got = m.sigmoidCrossEntropy(y, z);
        scalarOf(got, 'sigmoidCrossEntropy');
        const ref = tf.losses.sigmoidCrossEntropy(y, z);
        expectTensorClose(got, ref, { name: 'sigmoidCrossEntropy', ...TOL, tensor: true, mistakes: [
          { when: tf.mul(ref, 12), message: 'summed instead of averaged over the 12 elements' },
          { when: tf.mul(ref, 4), message: 'averaged over the batch only: average over every element' },
        ] });
        // And on a batch drawn for this grade.
        const rng = gradeRng();
        const zr = tf.tensor2d(randomRows(rng, 4, 3, -5, 5));
        const yr = tf.tensor2d(randomRows(rng, 4, 3, 0, 1));
        expectTensorClose(m.sigmoidCrossEntropy(yr, zr), tf.losses.sigmoidCrossEntropy(yr, zr), { name: 'sigmoidCrossEntropy on a random [4,3] batch', ...TOL, tensor: true });
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'softmaxCrossEntropy',
      calls: [
        { name: 'softmaxCrossEntropy', inputs: soft, call: (m, i) => m.softmaxCrossEntropy(i.labels, i.logits, { labelSmoothing: 0.1 }) },
        { name: 'sparseSoftmaxCrossEntropy', inputs: sparse, call: (m, i) => m.sparseSoftmaxCrossEntropy(i.labels, i.logits) },
        { name: 'sigmoidCrossEntropy', inputs: soft, call: (m, i) => m.sigmoidCrossEntropy(i.labels, i.logits) },
      ],
      badInputs: [
        // tf.oneHot silently makes an all-zero row for a bad class id: loss 0 for that example.
        { name: 'sparseSoftmaxCrossEntropy with label 4 for 4 classes', call: (m) => m.sparseSoftmaxCrossEntropy(tf.tensor1d([0, 4, 2], 'int32'), z()), mistake: UNCHECKED, hintKey: 'ce-sparse-labels' },
        { name: 'sparseSoftmaxCrossEntropy with label −1', call: (m) => m.sparseSoftmaxCrossEntropy(tf.tensor1d([0, -1, 2], 'int32'), z()), mistake: UNCHECKED, hintKey: 'ce-sparse-labels' },
        { name: 'sparseSoftmaxCrossEntropy with the float label 1.5', call: (m) => m.sparseSoftmaxCrossEntropy(tf.tensor1d([0, 1.5, 2], 'float32'), z()), hintKey: 'ce-sparse-labels',
          mistake: 'sparse labels not validated: 1.5 is not a class id (whole numbers in float32 are fine, fractions are not)' },
        { name: 'sparseSoftmaxCrossEntropy with 2 labels for 3 rows', call: (m) => m.sparseSoftmaxCrossEntropy(tf.tensor1d([0, 1], 'int32'), z()) },
        { name: 'softmaxCrossEntropy on an empty batch [0,3] (tf returns NaN)', call: (m) => m.softmaxCrossEntropy(tf.zeros([0, 3]) as tf.Tensor2D, tf.zeros([0, 3]) as tf.Tensor2D) },
        { name: 'softmaxCrossEntropy with labels [3,4] and logits [3,3]', call: (m) => m.softmaxCrossEntropy(tf.zeros([3, 4]) as tf.Tensor2D, tf.zeros([3, 3]) as tf.Tensor2D) },
        { name: 'softmaxCrossEntropy with labels [2,4] and logits [3,4]', call: (m) => m.softmaxCrossEntropy(tf.zeros([2, 4]) as tf.Tensor2D, tf.zeros([3, 4]) as tf.Tensor2D) },
        { name: 'sparseSoftmaxCrossEntropy on an empty batch', call: (m) => m.sparseSoftmaxCrossEntropy(tf.zeros([0], 'int32') as tf.Tensor1D, tf.zeros([0, 3]) as tf.Tensor2D) },
        { name: 'sigmoidCrossEntropy with labels [4] and logits [4,1]', call: (m) => m.sigmoidCrossEntropy(tf.zeros([4]), tf.zeros([4, 1])) },
        { name: 'sigmoidCrossEntropy on empty tensors', call: (m) => m.sigmoidCrossEntropy(tf.zeros([0]), tf.zeros([0])) },
      ],
      banned: {
        apis: ['tf.losses', 'tf.metrics'], why: 'write the loss from tf primitives',
        kernels: ['Softmax', 'logSoftmax__op', 'softmaxCrossEntropy__op', 'Sigmoid'], kernelsWhy: 'build softmax / log-softmax / sigmoid yourself from exp, log, max and sum',
      },
      names: {
        'bad-inputs-throw': 'bad inputs throw: labels out of range, negative or fractional, empty batch, shape mismatch',
        'no-banned-apis': 'no tf.softmax / tf.logSoftmax / tf.sigmoid / tf.losses (build them from exp, log, max, sum)',
      },
    }),
  ],
});
