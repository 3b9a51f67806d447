/**
 * Checks for s2-dropout. Reference: tf.dropout(x, rate, noiseShape, seed) is reproduced exactly
 * by keeping u ≥ rate for u = tf.randomUniform(shape, 0, 1, 'float32', seed) and scaling by
 * 1/(1 − rate); compared with rtol 1e-6 (one-ulp differences in the scale are fine).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectNoBannedApis, fail, makeMoons, gridOver } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';
import { expectCleanCall, expectTensorMatches, expectThrowsSaying, fmt, multiIndex, vals } from './lib/kit';
import type { StageMistake } from './lib/kit';

type M = typeof import('../solutions/s2-dropout');

const TOL = { atol: 1e-7, rtol: 1e-6 };

function xValues(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Nonzero everywhere, both signs, so a dropped unit is always visible.
  return tf.tensor(Array.from({ length: n }, (_, i) => (i % 7) - 3.5 + 0.25 * (i % 3)), shape);
}

function dropoutMistakes(x: tf.Tensor, u: tf.Tensor, rate: number): StageMistake[] {
  const keep = tf.cast(tf.greaterEqual(u, rate), 'float32');
  const keepLow = tf.cast(tf.less(u, rate), 'float32');
  return [
    { values: tf.mul(x, keep), say: 'dropout without 1/(1−rate) scaling: expected value changes at inference — scale the kept units by 1/(1 − rate)', hintKey: 'dropout-scale' },
    { values: tf.mul(tf.mul(x, keepLow), 1 / (1 - rate)), say: 'dropout keeping iff u < rate: that keeps a fraction `rate` of the units; keep iff u ≥ rate', hintKey: 'dropout-keep' },
    { values: tf.mul(tf.mul(x, keepLow), 1 / rate), say: 'dropout keeping iff u < rate and scaling by 1/rate: keep iff u ≥ rate, scale by 1/(1 − rate)', hintKey: 'dropout-keep' },
    { values: tf.mul(tf.mul(x, keep), 1 / rate), say: 'scaled by 1/rate: the survivors must be scaled by 1/(1 − rate), the inverse of the keep probability', hintKey: 'dropout-scale' },
    { values: tf.mul(tf.mul(x, keep), 1 - rate), say: 'multiplied by (1 − rate) during training: that is the old non-inverted convention; inverted dropout DIVIDES by (1 − rate)', hintKey: 'dropout-scale' },
  ];
}

export default defineChecks<M>({
  checks: [
    {
      name: 'dropout equals tf.dropout with the same seeded uniform (rate 0.3, [4,6])',
      fn: 'dropout',
      hintKey: 'dropout-value',
      run(m) {
        tf.tidy(() => {
          const x = xValues([4, 6]);
          const rate = 0.3;
          const u = tf.randomUniform([4, 6], 0, 1, 'float32', 1234);
          const got = m.dropout(x, rate, true, u);
          const ref = tf.dropout(x, rate, undefined, 1234);
          expectTensorMatches(got, ref, 'dropout(x, 0.3, training)', TOL, dropoutMistakes(x, u, rate));
        });
      },
    },
    {
      name: 'a noise-shaped uniform [2,1,1,4] drops whole channels like tf.dropout(x, rate, [2,1,1,4])',
      fn: 'dropout',
      run(m) {
        tf.tidy(() => {
          const x = xValues([2, 3, 3, 4]);
          const rate = 0.5;
          const u = tf.randomUniform([2, 1, 1, 4], 0, 1, 'float32', 99);
          const got = m.dropout(x, rate, true, u);
          const ref = tf.dropout(x, rate, [2, 1, 1, 4], 99);
          expectTensorMatches(got, ref, 'dropout with a [2,1,1,4] uniform on x [2,3,3,4]', TOL, dropoutMistakes(x, u, rate));
        });
      },
    },
    {
      // A continuous uniform hits u = rate with probability 0, but float32 draws do, and the spec
      // (like tf.dropout, which keeps iff floor(u + 1 − rate) = 1) keeps that unit. Dyadic values
      // make the comparison exact whatever the learner compares in.
      name: 'a unit with u exactly equal to rate is kept (keep iff u ≥ rate)',
      fn: 'dropout',
      run(m) {
        tf.tidy(() => {
          const x = xValues([2, 4]);
          const rate = 0.25;
          const u = tf.tensor2d([[0.25, 0.125, 0.5, 0.25], [0.75, 0.25, 0, 0.875]]);
          const got = m.dropout(x, rate, true, u);
          const ref = tf.div(tf.mul(x, tf.cast(tf.greaterEqual(u, rate), 'float32')), 1 - rate);
          expectTensorMatches(got, ref, 'dropout(x, 0.25, training) with u = 0.25 at [0,0], [0,3], [1,1]', TOL, [
            { values: tf.div(tf.mul(x, tf.cast(tf.greater(u, rate), 'float32')), 1 - rate), say: 'units with u exactly equal to rate were dropped: keep iff u ≥ rate (not u > rate), as tf.dropout does', hintKey: 'dropout-keep' },
            ...dropoutMistakes(x, u, rate),
          ]);
        });
      },
    },
    {
      name: 'inference (training = false) and rate 0 return x\'s values as a new tensor',
      fn: 'dropout',
      run(m) {
        tf.tidy(() => {
          const x = xValues([3, 5]);
          const u = tf.randomUniform([3, 5], 0, 1, 'float32', 5);
          for (const [what, rate, training] of [['training = false, rate 0.4', 0.4, false], ['training = true, rate 0', 0, true]] as Array<[string, number, boolean]>) {
            const y = m.dropout(x, rate, training, u);
            if (y === x) fail(`dropout with ${what} returned x itself: return a new tensor (x.clone()) so the caller may dispose either one`);
            expectTensorMatches(y, x, `dropout with ${what}`, { atol: 0, rtol: 1e-6 }, [
              { values: tf.mul(x, 1 - 0.4), say: 'inference multiplies by (1 − rate): with inverted dropout the scaling already happened during training, so inference is the identity', hintKey: 'dropout-scale' },
            ]);
          }
        });
      },
    },
    {
      name: 'rate outside [0, 1) and a uniform of the wrong shape throw (in both modes)',
      fn: 'dropout',
      run(m) {
        tf.tidy(() => {
          const x = xValues([4, 6]);
          const u = tf.randomUniform([4, 6], 0, 1, 'float32', 1);
          expectThrowsSaying('dropout with rate 1 (everything dropped, scale 1/0)', () => m.dropout(x, 1, true, u));
          expectThrowsSaying('dropout with rate 1.5', () => m.dropout(x, 1.5, true, u));
          expectThrowsSaying('dropout with rate −0.1', () => m.dropout(x, -0.1, true, u));
          for (const training of [true, false]) {
            const mode = training ? 'training' : 'inference';
            expectThrowsSaying(`dropout (${mode}) with uniform [4,5] for x [4,6]`, () => m.dropout(x, 0.3, training, tf.zeros([4, 5])));
            expectThrowsSaying(`dropout (${mode}) with uniform [24] for x [4,6] (the rank must match)`, () => m.dropout(x, 0.3, training, tf.zeros([24])));
            expectThrowsSaying(`dropout (${mode}) with uniform [1,6,1] for x [4,6]`, () => m.dropout(x, 0.3, training, tf.zeros([1, 6, 1])));
          }
        });
      },
    },
    {
      name: 'statistics: fraction dropped ≈ rate, E[y] = x, y·(1 − rate) ∈ {0, x}',
      fn: 'dropout',
      run(m) {
        tf.tidy(() => {
          const rate = 0.3;
          const rows = 200;
          const v = [1.5, -2, 0.5, 3, -0.75, 1, 2.5, -1.25, 0.8, -3];
          const x = tf.tile(tf.tensor2d([v]), [rows, 1]);
          const y = m.dropout(x, rate, true, tf.randomUniform([rows, v.length], 0, 1, 'float32', 2024));
          const yv = vals(y);
          const xv = vals(x);
          const n = yv.length;
          const dropped = yv.filter((q) => q === 0).length;
          const sd = Math.sqrt(n * rate * (1 - rate));
          if (Math.abs(dropped - n * rate) > 4 * sd) {
            fail(`${dropped} of ${n} units dropped at rate ${rate}: expected ${n * rate} ± ${Math.round(4 * sd)}${dropped > n / 2 ? ' — are you keeping iff u < rate?' : ''}`, { hintKey: 'dropout-keep' });
          }
          yv.forEach((q, i) => {
            const back = q * (1 - rate);
            if (q !== 0 && Math.abs(back - xv[i]) > 1e-5 * Math.abs(xv[i])) {
              fail(`y·(1 − rate) must be 0 or x; at ${multiIndex([rows, v.length], i)} it is ${fmt(back)} for x = ${fmt(xv[i])}`, { hintKey: 'dropout-scale' });
            }
          });
          const mean = vals(tf.mean(y, 0));
          v.forEach((xi, j) => {
            const sigma = (Math.abs(xi) * Math.sqrt(rate / (1 - rate))) / Math.sqrt(rows);
            if (Math.abs(mean[j] - xi) > 4 * sigma) {
              fail(`E[y] ≠ x: over ${rows} draws column ${j} averages ${fmt(mean[j])}, expected ${fmt(xi)} ± ${fmt(4 * sigma)}${Math.abs(mean[j] - xi * (1 - rate)) < 4 * sigma ? ' — the survivors are not scaled by 1/(1 − rate)' : ''}`, { hintKey: 'dropout-scale' });
            }
          });
        });
      },
    },
    {
      name: 'no tensors leaked, inputs left intact',
      fn: 'dropout',
      async run(m) {
        const x = xValues([4, 6]);
        const u = tf.randomUniform([4, 6], 0, 1, 'float32', 7);
        try {
          await expectCleanCall('dropout (training)', { x, uniform: u }, () => m.dropout(x, 0.3, true, u));
          await expectCleanCall('dropout (inference)', { x, uniform: u }, () => m.dropout(x, 0.3, false, u));
        } finally {
          tf.dispose([x, u]);
        }
      },
    },
    {
      name: 'no tf.dropout / tf.layers.dropout (build it from the uniform)',
      fn: 'dropout',
      run(_m, ctx) {
        expectNoBannedApis(ctx.source, [
          'tf.dropout', 'tf.layers.dropout', 'tf.layers.spatialDropout1d', 'tf.layers.spatialDropout2d', 'tf.layers.spatialDropout3d',
          'tf.layers.alphaDropout', 'tf.layers.gaussianDropout',
        ], 'write dropout from the uniform tensor');
      },
    },
  ],
  demo: { run: (m, ctx) => dropoutDemo(m, ctx) },
});

// ---- demo: moons, MLP 2-64-64-1, Adam, with and without dropout 0.5 ----

interface Run { trainLoss: number[]; valLoss: number[]; valAcc: number; grid: number[] }

async function trainMoons(m: M, rate: number, hidden: number, data: { x: tf.Tensor2D; y: tf.Tensor2D; vx: tf.Tensor2D; vy: tf.Tensor2D; g: tf.Tensor2D }, steps: number, onEval: (step: number, train: number, val: number) => void): Promise<Run> {
  const init = (shape: number[], seed: number): tf.Variable => tf.variable(tf.initializers.glorotUniform({ seed }).apply(shape) as tf.Tensor);
  const H = hidden;
  const params = [init([2, H], 1), tf.variable(tf.zeros([H])), init([H, H], 2), tf.variable(tf.zeros([H])), init([H, 1], 3), tf.variable(tf.zeros([1]))];
  const [W1, b1, W2, b2, W3, b3] = params;
  const forward = (x: tf.Tensor, training: boolean, seed: number): tf.Tensor => {
    // Dropout after each hidden layer, from the learner's function; a fresh seeded uniform per step.
    const h1 = tf.relu(tf.add(tf.matMul(x, W1), b1));
    const d1 = rate > 0 ? m.dropout(h1, rate, training, tf.randomUniform(h1.shape, 0, 1, 'float32', seed)) : h1;
    const h2 = tf.relu(tf.add(tf.matMul(d1, W2), b2));
    const d2 = rate > 0 ? m.dropout(h2, rate, training, tf.randomUniform(h2.shape, 0, 1, 'float32', seed + 7919)) : h2;
    return tf.add(tf.matMul(d2, W3), b3);
  };
  const bce = (logits: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar;
  const opt = tf.train.adam(0.01);
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const loss = opt.minimize(() => bce(forward(data.x, true, 1000 + step), data.y), true) as tf.Scalar;
    if (step % 20 === 0 || step === 1) {
      const [tr, va] = tf.tidy(() => [bce(forward(data.x, false, 0), data.y).dataSync()[0], bce(forward(data.vx, false, 0), data.vy).dataSync()[0]]);
      trainLoss.push(tr);
      valLoss.push(va);
      onEval(step, tr, va);
    }
    loss.dispose();
    if (step % 50 === 0) await new Promise((r) => setTimeout(r, 0)); // let plots and cancels through
  }
  const [valAcc, grid] = tf.tidy(() => {
    const acc = tf.mean(tf.cast(tf.equal(tf.greater(forward(data.vx, false, 0), 0), tf.cast(data.vy, 'bool')), 'float32')).dataSync()[0];
    return [acc, Array.from(tf.sigmoid(forward(data.g, false, 0)).dataSync())] as [number, number[]];
  });
  opt.dispose();
  tf.dispose(params);
  return { trainLoss, valLoss, valAcc, grid };
}

async function dropoutDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const train = makeMoons({ n: 100, noise: 0.35, seed: 3 });
  const val = makeMoons({ n: 400, noise: 0.35, seed: 4 });
  const xRange: [number, number] = [-1.6, 2.6];
  const yRange: [number, number] = [-1.3, 1.8];
  const W = 40;
  const data = {
    x: tf.tensor2d(train.x), y: tf.tensor2d(train.y, [train.y.length, 1]),
    vx: tf.tensor2d(val.x), vy: tf.tensor2d(val.y, [val.y.length, 1]),
    g: tf.tensor2d(gridOver(xRange, yRange, W, W)),
  };
  const steps = 400;
  const hidden = 64; // the catalogue's 128 shows the same effect at 4× the cost on the fallback engine
  const series: Record<number, Record<string, number>> = {};
  const log = (name: string) => (step: number, tr: number, va: number): void => {
    series[step] = { ...series[step], [`train ${name}`]: tr, [`val ${name}`]: va };
    ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Loss (BCE) per step', epoch: step, values: series[step] });
  };
  try {
    const plain = await trainMoons(m, 0, hidden, data, steps, log('no dropout'));
    const drop = await trainMoons(m, 0.5, hidden, data, steps, log('dropout 0.5'));
    const points = train.x.map((p, i) => ({ x: p[0], y: p[1], label: train.y[i] }));
    ctx.emit({ kind: 'grid', chart: 'boundaryNoDropout', title: 'No dropout', xRange, yRange, width: W, height: W, values: plain.grid, points, caption: `val loss ${plain.valLoss.at(-1)!.toFixed(3)}, val acc ${plain.valAcc.toFixed(3)}` });
    ctx.emit({ kind: 'grid', chart: 'boundaryDropout', title: 'Dropout 0.5', xRange, yRange, width: W, height: W, values: drop.grid, points, caption: `val loss ${drop.valLoss.at(-1)!.toFixed(3)}, val acc ${drop.valAcc.toFixed(3)}` });
    const vNo = plain.valLoss.at(-1)!;
    const vDrop = drop.valLoss.at(-1)!;
    return {
      valLossWithout: vNo, valLossWithDropout: vDrop, valAccWithout: plain.valAcc, valAccWithDropout: drop.valAcc,
      trainLossWithout: plain.trainLoss.at(-1)!, trainLossWithDropout: drop.trainLoss.at(-1)!,
      dropoutHelps: vDrop < vNo,
    };
  } finally {
    tf.dispose([data.x, data.y, data.vx, data.vy, data.g]);
  }
}
