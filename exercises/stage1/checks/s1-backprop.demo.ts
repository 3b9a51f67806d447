/** Demo of s1-backprop: your backward pass trains a small net on spirals with plain SGD. */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, disposeResult, makeSpirals, mulberry32, symmetricUniform } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';
import { forwardOut, forwardCache, callLearner, keepOf, disposeCache } from './s1-backprop.check';

type M = typeof import('../solutions/s1-backprop');
type Act = import('../solutions/s1-backprop').ActivationName;

// The learner's backward pass trains a 2-16-16-3 net on spirals.
async function spiralDemo(L: M, ctx: CheckContext) {
  const data = makeSpirals({ nPerClass: 100, classes: 3, noise: 0.15, seed: 7 });
  const x = tf.tensor2d(data.x);
  const y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 3).toFloat() as tf.Tensor2D;
  const acts: Act[] = ['tanh', 'tanh', 'linear'];
  const sizes = [2, 16, 16, 3];
  const rng = mulberry32(11);
  // Glorot-uniform-like init, seeded.
  const params = sizes.slice(1).map((out, i) => {
    const lim = Math.sqrt(6 / (sizes[i] + out));
    return { W: tf.variable(tf.tensor2d(symmetricUniform(rng, sizes[i] * out, lim), [sizes[i], out])), b: tf.variable(tf.zeros([out])) };
  });
  const steps = 500;
  const lr = 1.0;
  const n = 40;
  const gridPts: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) gridPts.push(-1.2 + (2.4 * c) / (n - 1), -1.2 + (2.4 * r) / (n - 1));
  const grid = tf.tensor2d(gridPts, [n * n, 2]);
  const points = data.x.map((p, i) => ({ x: p[0], y: p[1], label: data.y[i] }));
  let firstLoss = NaN;
  let loss = NaN;
  let acc = 0;
  let norms: number[] = [];
  const emitGrid = (step: number) => {
    const classes = tf.tidy(() => Array.from(tf.argMax(forwardOut(grid, params.map((p) => p.W as unknown as tf.Tensor2D), params.map((p) => p.b as unknown as tf.Tensor1D), acts), 1).dataSync()));
    ctx.emit({ kind: 'grid', chart: 'boundary', title: `Decision regions after ${step} steps (your backprop, SGD lr ${lr})`,
      xRange: [-1.2, 1.2], yRange: [-1.2, 1.2], width: n, height: n, values: classes, points });
  };
  try {
    for (let step = 0; step < steps; step++) {
      const ps = params.map((p) => ({ W: p.W as unknown as tf.Tensor2D, b: p.b as unknown as tf.Tensor1D }));
      const cache = forwardCache(x, ps, acts);
      const logits = cache[cache.length - 1].a;
      // Mean softmax cross-entropy; its gradient w.r.t. the logits is (softmax − y) / B.
      const [lossV, accV, dOut] = tf.tidy(() => {
        const p = tf.softmax(logits);
        const l = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))).dataSync()[0];
        const a = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0];
        return [l, a, tf.div(tf.sub(p, y), x.shape[0]) as tf.Tensor2D] as const;
      });
      const g = callLearner(L, cache, ps, acts, dOut, `demo step ${step}`);
      loss = lossV;
      acc = accV;
      if (step === 0) firstLoss = lossV;
      if (step % 50 === 0 || step === steps - 1) {
        norms = g.dW.map((d) => tf.tidy(() => tf.norm(d).dataSync()[0]));
      }
      tf.tidy(() => params.forEach((p, i) => { p.W.assign(tf.sub(p.W, tf.mul(lr, g.dW[i]))); p.b.assign(tf.sub(p.b, tf.mul(lr, g.db[i]))); }));
      disposeResult(g, keepOf(cache, ps, dOut));
      disposeCache(cache, x);
      dOut.dispose();
      if (step % 10 === 0 || step === steps - 1) ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Training loss and accuracy (spirals, 2-16-16-3)', xLabel: 'step', yLabel: 'loss / accuracy', epoch: step, values: { loss, accuracy: acc } });
      if (step % 100 === 0) {
        emitGrid(step);
        ctx.emit({ kind: 'bars', chart: 'gradNorms', title: `‖dW‖ per layer at step ${step}`, labels: norms.map((_, i) => `layer ${i}`), series: [{ name: '‖dW‖', values: norms }] });
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    emitGrid(steps);
    ctx.emit({ kind: 'bars', chart: 'gradNorms', title: `‖dW‖ per layer at step ${steps}`, labels: norms.map((_, i) => `layer ${i}`), series: [{ name: '‖dW‖', values: norms }] });
  } finally {
    params.forEach((p) => { p.W.dispose(); p.b.dispose(); });
    [x, y, grid].forEach((t) => t.dispose());
  }
  return { steps, initialLoss: firstLoss, finalLoss: loss, accuracy: acc, lossDropped: loss < 0.5 * firstLoss, learnsSpirals: acc >= 0.9 };
}

export default defineDemo<M>({ run: spiralDemo });
