/** Demo of s2-dropout: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { makeMoons, gridOver, defineDemo } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-dropout');

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
  const hidden = 64; // 128 hidden units show the same effect at 4× the cost on the fallback engine
  const series: Record<number, Record<string, number>> = {};
  const log = (name: string) => (step: number, tr: number, va: number): void => {
    series[step] = { ...series[step], [`train ${name}`]: tr, [`val ${name}`]: va };
    ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Loss (BCE) per step', xLabel: 'step', yLabel: 'loss (BCE)', epoch: step, values: series[step] });
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

export default defineDemo<M>({ run: (m, ctx) => dropoutDemo(m, ctx) });
