/**
 * Demo of s3-lr-schedules: the learner's three schedules next to a constant rate, and the spiral
 * trainings they drive (mini-batch SGD, batch 16, a deliberately high lr₀ = 1.0, the rate set each
 * step with the learner's applyLr). A high constant rate keeps bouncing around the minimum; every
 * schedule lowers it in time to settle.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, glorotVariable, makeSpirals, mulberry32, range, shuffleInPlace } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-lr-schedules');

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const steps = small ? 300 : 600, nPerClass = small ? 60 : 100, hidden = small ? 24 : 32, batch = 16, lr0 = 1.0;
    if (small) ctx.emit({ kind: 'note', chart: 'lrTraining', text: `Pure-JS engine: ${steps} steps on ${3 * nPerClass} points with ${hidden} hidden units (instead of 600 steps on 300 points with 32), so the demo stays quick.` });
    const schedules: Array<{ name: string; lr: (s: number) => number }> = [
      { name: 'constant', lr: () => lr0 },
      { name: 'step decay', lr: (s) => m.stepDecay(s, { initialLr: lr0, dropEvery: steps / 5, factor: 0.5 }) },
      { name: 'exponential decay', lr: (s) => m.exponentialDecay(s, { initialLr: lr0, decaySteps: steps, decayRate: 0.05 }) },
      { name: 'cosine + warm-up', lr: (s) => m.cosineAnnealing(s, { initialLr: lr0, totalSteps: steps, minLr: 0.01, warmupSteps: steps / 20 }) },
    ];
    const xs = range(steps);
    ctx.emit({
      kind: 'lines', chart: 'lrSchedules', title: `Learning-rate schedules over ${steps} steps (lr₀ = ${lr0})`, xLabel: 'step', yLabel: 'learning rate',
      series: schedules.map((s) => ({ name: s.name, x: xs, y: xs.map(s.lr), dashed: s.name === 'constant' })),
    });

    const data = makeSpirals({ nPerClass, classes: 3, noise: 0.2, seed: 7 });
    const n = data.y.length;
    const X = tf.tensor2d(data.x), Y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.y, 'int32'), 3).toFloat());
    const every = steps / 24;
    const curves: Array<{ name: string; x: number[]; y: number[] }> = [];
    const final: Record<string, number> = {};
    try {
      for (const sched of schedules) {
        // Same initial weights and the same batches for every schedule: only the rate differs.
        const vars = [glorotVariable([2, hidden], 1), tf.variable(tf.zeros([hidden])), glorotVariable([hidden, hidden], 2), tf.variable(tf.zeros([hidden])), glorotVariable([hidden, 3], 3), tf.variable(tf.zeros([3]))];
        const [W1, b1, W2, b2, W3, b3] = vars;
        const logits = (x: tf.Tensor) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2), b2)), W3), b3);
        const fullLoss = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(Y, logits(X)).dataSync()[0]);
        const opt = tf.train.sgd(lr0);
        const rng = mulberry32(3);
        let queue: number[] = [];
        const curve = { name: sched.name, x: [0], y: [fullLoss()] };
        try {
          for (let s = 0; s < steps; s++) {
            if (queue.length < batch) queue = queue.concat(shuffleInPlace(range(n), rng));
            const idx = queue.splice(0, batch);
            m.applyLr(opt, sched.lr(s));
            tf.tidy(() => {
              const i = tf.tensor1d(idx, 'int32');
              const xb = tf.gather(X, i), yb = tf.gather(Y, i);
              opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(xb)) as tf.Scalar, false, vars);
            });
            if ((s + 1) % every === 0) { curve.x.push(s + 1); curve.y.push(fullLoss()); }
          }
        } finally {
          opt.dispose();
          tf.dispose(vars);
        }
        final[sched.name] = curve.y[curve.y.length - 1];
        curves.push(curve);
        ctx.emit({ kind: 'lines', chart: 'lrTraining', title: `Spirals (3 classes, ${n} points), mini-batch SGD, batch ${batch}, lr₀ = ${lr0}`, xLabel: 'step (one mini-batch update)', yLabel: 'loss on all points (cross-entropy)', logY: true, series: curves.map((c) => ({ ...c, dashed: c.name === 'constant' })) });
      }
    } finally {
      tf.dispose([X, Y]);
    }
    const c = final.constant;
    const beats = schedules.slice(1).every((s) => final[s.name] < c);
    ctx.emit({ kind: 'note', chart: 'lrTraining', text: `Final loss: constant ${c.toFixed(3)}, step ${final['step decay'].toFixed(3)}, exponential ${final['exponential decay'].toFixed(3)}, cosine ${final['cosine + warm-up'].toFixed(3)}. ${beats ? 'Every schedule ends below the constant rate: a rate high enough to move fast early is too high to settle at the end.' : 'This time not every schedule beat the constant rate.'}` });
    return {
      finalLossConstant: c, finalLossStep: final['step decay'], finalLossExponential: final['exponential decay'], finalLossCosine: final['cosine + warm-up'],
      everyScheduleBeatsConstant: beats, steps,
    };
  },
});
