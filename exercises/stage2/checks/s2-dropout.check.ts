/**
 * Checks for s2-dropout. Reference: tf.dropout(x, rate, noiseShape, seed) is reproduced exactly
 * by keeping u ≥ rate for u = tf.randomUniform(shape, 0, 1, 'float32', seed) and scaling by
 * 1/(1 − rate); compared with rtol 1e-6 (one-ulp differences in the scale are fine).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, fmtNum, fmtIndex, fmtShape, valuesOf, standardChecks } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-dropout');
const fmt = (v: number): string => fmtNum(v, 6);

const TOL = { atol: 1e-7, rtol: 1e-6 };

function xValues(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Nonzero everywhere, both signs, so a dropped unit is always visible.
  return tf.tensor(Array.from({ length: n }, (_, i) => (i % 7) - 3.5 + 0.25 * (i % 3)), shape);
}

function dropoutMistakes(x: tf.Tensor, u: tf.Tensor, rate: number): Mistake[] {
  const keep = tf.cast(tf.greaterEqual(u, rate), 'float32');
  const keepLow = tf.cast(tf.less(u, rate), 'float32');
  return [
    { when: tf.mul(x, keep), message: 'dropout without 1/(1−rate) scaling: expected value changes at inference — scale the kept units by 1/(1 − rate)', hintKey: 'dropout-scale' },
    { when: tf.mul(tf.mul(x, keepLow), 1 / (1 - rate)), message: 'dropout keeping iff u < rate: that keeps a fraction `rate` of the units; keep iff u ≥ rate', hintKey: 'dropout-keep' },
    { when: tf.mul(tf.mul(x, keepLow), 1 / rate), message: 'dropout keeping iff u < rate and scaling by 1/rate: keep iff u ≥ rate, scale by 1/(1 − rate)', hintKey: 'dropout-keep' },
    { when: tf.mul(tf.mul(x, keep), 1 / rate), message: 'scaled by 1/rate: the survivors must be scaled by 1/(1 − rate), the inverse of the keep probability', hintKey: 'dropout-scale' },
    { when: tf.mul(tf.mul(x, keep), 1 - rate), message: 'multiplied by (1 − rate) during training: that is the old non-inverted convention; inverted dropout DIVIDES by (1 − rate)', hintKey: 'dropout-scale' },
  ];
}

const u46 = () => tf.randomUniform([4, 6], 0, 1, 'float32', 1);

export default defineChecks<M>({
  checks: [
    {
      id: 'matches-tf-dropout', name: 'dropout equals tf.dropout with the same seeded uniform (rate 0.3, [4,6])', fn: 'dropout', hintKey: 'dropout-value',
      run: (m) => tf.tidy(() => {
        const x = xValues([4, 6]);
        const rate = 0.3;
        const u = tf.randomUniform([4, 6], 0, 1, 'float32', 1234);
        const got = m.dropout(x, rate, true, u);
        const ref = tf.dropout(x, rate, undefined, 1234);
        expectTensorClose(got, ref, { name: 'dropout(x, 0.3, training)', ...TOL, tensor: true, mistakes: dropoutMistakes(x, u, rate) });
      }),
    },
    {
      id: 'noise-shape', name: 'a noise-shaped uniform [2,1,1,4] drops whole channels like tf.dropout(x, rate, [2,1,1,4])', fn: 'dropout',
      run: (m) => tf.tidy(() => {
        const x = xValues([2, 3, 3, 4]);
        const rate = 0.5;
        const u = tf.randomUniform([2, 1, 1, 4], 0, 1, 'float32', 99);
        const got = m.dropout(x, rate, true, u);
        const ref = tf.dropout(x, rate, [2, 1, 1, 4], 99);
        expectTensorClose(got, ref, { name: 'dropout with a [2,1,1,4] uniform on x [2,3,3,4]', ...TOL, tensor: true, mistakes: dropoutMistakes(x, u, rate) });
      }),
    },
    {
      // A continuous uniform hits u = rate with probability 0, but float32 draws do, and the spec
      // (like tf.dropout, which keeps iff floor(u + 1 − rate) = 1) keeps that unit. Dyadic values
      // make the comparison exact whatever the learner compares in.
      id: 'keep-at-rate', name: 'a unit with u exactly equal to rate is kept (keep iff u ≥ rate)', fn: 'dropout',
      run: (m) => tf.tidy(() => {
        const x = xValues([2, 4]);
        const rate = 0.25;
        const u = tf.tensor2d([[0.25, 0.125, 0.5, 0.25], [0.75, 0.25, 0, 0.875]]);
        const got = m.dropout(x, rate, true, u);
        const ref = tf.div(tf.mul(x, tf.cast(tf.greaterEqual(u, rate), 'float32')), 1 - rate);
        expectTensorClose(got, ref, { name: 'dropout(x, 0.25, training) with u = 0.25 at [0,0], [0,3], [1,1]', ...TOL, tensor: true, mistakes: [
          { when: tf.div(tf.mul(x, tf.cast(tf.greater(u, rate), 'float32')), 1 - rate), message: 'units with u exactly equal to rate were dropped: keep iff u ≥ rate (not u > rate), as tf.dropout does', hintKey: 'dropout-keep' },
          ...dropoutMistakes(x, u, rate),
        ] });
      }),
    },
    {
      id: 'inference-mode', name: 'inference (training = false) and rate 0 return x\'s values as a new tensor', fn: 'dropout',
      run: (m) => tf.tidy(() => {
        const x = xValues([3, 5]);
        const u = tf.randomUniform([3, 5], 0, 1, 'float32', 5);
        for (const [what, rate, training] of [['training = false, rate 0.4', 0.4, false], ['training = true, rate 0', 0, true]] as Array<[string, number, boolean]>) {
          const y = m.dropout(x, rate, training, u);
          if (y === x) fail(`dropout with ${what} returned x itself: return a new tensor (x.clone()) so the caller may dispose either one`);
          expectTensorClose(y, x, { name: `dropout with ${what}`, atol: 0, rtol: 1e-6, tensor: true, mistakes: [
            { when: tf.mul(x, 1 - 0.4), message: 'inference multiplies by (1 − rate): with inverted dropout the scaling already happened during training, so inference is the identity', hintKey: 'dropout-scale' },
          ] });
        }
      }),
    },
    {
      id: 'statistics', name: 'statistics: fraction dropped ≈ rate, E[y] = x, y·(1 − rate) ∈ {0, x}', fn: 'dropout',
      run: (m) => tf.tidy(() => {
        const rate = 0.3;
        const rows = 200;
        const v = [1.5, -2, 0.5, 3, -0.75, 1, 2.5, -1.25, 0.8, -3];
        const x = tf.tile(tf.tensor2d([v]), [rows, 1]);
        const y = m.dropout(x, rate, true, tf.randomUniform([rows, v.length], 0, 1, 'float32', 2024));
        const yv = valuesOf(y);
        const xv = valuesOf(x);
        const n = yv.length;
        const dropped = yv.filter((q) => q === 0).length;
        const sd = Math.sqrt(n * rate * (1 - rate));
        if (Math.abs(dropped - n * rate) > 4 * sd) {
          fail(`${dropped} of ${n} units dropped at rate ${rate}: expected ${n * rate} ± ${Math.round(4 * sd)}${dropped > n / 2 ? ' — are you keeping iff u < rate?' : ''}`, { hintKey: 'dropout-keep' });
        }
        yv.forEach((q, i) => {
          const back = q * (1 - rate);
          if (q !== 0 && Math.abs(back - xv[i]) > 1e-5 * Math.abs(xv[i])) {
            fail(`y·(1 − rate) must be 0 or x; at ${fmtIndex(i, [rows, v.length])} it is ${fmt(back)} for x = ${fmt(xv[i])}`, { hintKey: 'dropout-scale' });
          }
        });
        const mean = valuesOf(tf.mean(y, 0));
        v.forEach((xi, j) => {
          const sigma = (Math.abs(xi) * Math.sqrt(rate / (1 - rate))) / Math.sqrt(rows);
          if (Math.abs(mean[j] - xi) > 4 * sigma) {
            fail(`E[y] ≠ x: over ${rows} draws column ${j} averages ${fmt(mean[j])}, expected ${fmt(xi)} ± ${fmt(4 * sigma)}${Math.abs(mean[j] - xi * (1 - rate)) < 4 * sigma ? ' — the survivors are not scaled by 1/(1 − rate)' : ''}`, { hintKey: 'dropout-scale' });
          }
        });
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'dropout',
      calls: [true, false].map((training) => ({
        name: `dropout (${training ? 'training' : 'inference'})`,
        inputs: () => ({ x: xValues([4, 6]), uniform: tf.randomUniform([4, 6], 0, 1, 'float32', 7) }),
        call: (m: M, i: Record<string, any>) => m.dropout(i.x, 0.3, training, i.uniform),
      })),
      badInputs: [
        { name: 'dropout with rate 1 (everything dropped, scale 1/0)', call: (m) => m.dropout(xValues([4, 6]), 1, true, u46()) },
        { name: 'dropout with rate 1.5', call: (m) => m.dropout(xValues([4, 6]), 1.5, true, u46()) },
        { name: 'dropout with rate −0.1', call: (m) => m.dropout(xValues([4, 6]), -0.1, true, u46()) },
        ...[true, false].flatMap((training) => {
          const mode = training ? 'training' : 'inference';
          return [[4, 5], [24], [1, 6, 1]].map((shape) => ({
            name: `dropout (${mode}) with uniform ${fmtShape(shape)} for x [4,6]${shape.length === 1 ? ' (the rank must match)' : ''}`,
            call: (m: M) => m.dropout(xValues([4, 6]), 0.3, training, tf.zeros(shape)),
          }));
        }),
      ],
      banned: {
        apis: ['tf.dropout', 'tf.layers.dropout', 'tf.layers.spatialDropout1d', 'tf.layers.spatialDropout2d', 'tf.layers.spatialDropout3d', 'tf.layers.alphaDropout', 'tf.layers.gaussianDropout'],
        why: 'write dropout from the uniform tensor',
      },
      names: {
        'bad-inputs-throw': 'rate outside [0, 1) and a uniform of the wrong shape throw (in both modes)',
        'no-banned-apis': 'no tf.dropout / tf.layers.dropout (build it from the uniform)',
      },
    }),
  ],
});
