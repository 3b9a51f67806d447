/**
 * Demo of s3-minibatch: the same MLP on 200 moons trained with full-batch, mini-batch (32) and
 * single-example (1) gradient descent, all through the learner's makeBatches and trainEpoch. The
 * three charts show the same runs against epochs, against updates and against wall time.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, glorotVariable, makeMoons, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-minibatch');

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const n = small ? 100 : 200, lr = 0.1, hidden = 16;
    const runs = [
      { name: 'full batch', batchSize: n, epochs: 30 },
      { name: 'batch 32', batchSize: 32, epochs: 30 },
      { name: 'batch 1', batchSize: 1, epochs: small ? 3 : 5 },
    ];
    if (small) ctx.emit({ kind: 'note', chart: 'lossPerEpoch', text: `Pure-JS engine: ${n} points and ${runs[2].epochs} epochs at batch size 1 (instead of 200 points and 5 epochs), so the demo stays quick.` });
    const data = makeMoons({ n, noise: 0.2, seed: 11 });
    const X = tf.tensor2d(data.x), Y = tf.tensor2d(data.y.map((v) => [v]));
    const perEpoch = runs.map((r) => Math.ceil(n / r.batchSize));
    ctx.emit({ kind: 'note', chart: 'lossPerEpoch', text: `One epoch = one pass over all ${n} points = ${perEpoch[0]} update with the full batch, ${perEpoch[1]} updates with batches of 32 (the last one holds ${n % 32 || 32}), ${perEpoch[2]} updates with batches of 1.` });
    const curves = runs.map((r) => ({ ...r, epoch: [0] as number[], updates: [0] as number[], ms: [0] as number[], loss: [] as number[], trainMs: 0 }));
    const emit = () => {
      const series = (x: 'epoch' | 'updates' | 'ms') => curves.map((c) => ({ name: c.name, x: c[x], y: c.loss }));
      const title = `MLP 2→${hidden}→${hidden}→1 on ${n} moons, SGD lr ${lr}`;
      ctx.emit({ kind: 'lines', chart: 'lossPerEpoch', title: `${title}: loss per epoch`, xLabel: 'epoch (passes over the data)', yLabel: 'loss on all points (cross-entropy)', series: series('epoch') });
      ctx.emit({ kind: 'lines', chart: 'lossPerUpdate', title: `${title}: loss per update`, xLabel: 'updates (optimizer steps)', yLabel: 'loss on all points (cross-entropy)', series: series('updates') });
      ctx.emit({ kind: 'lines', chart: 'lossPerSecond', title: `${title}: loss against training time`, xLabel: 'training time (ms, evaluation excluded)', yLabel: 'loss on all points (cross-entropy)', series: series('ms') });
    };
    try {
      for (const c of curves) {
        // Same initial weights for every run; only the batch size differs.
        const params = [glorotVariable([2, hidden], 1), tf.variable(tf.zeros([hidden])), glorotVariable([hidden, hidden], 2), tf.variable(tf.zeros([hidden])), glorotVariable([hidden, 1], 3), tf.variable(tf.zeros([1]))];
        const [W1, b1, W2, b2, W3, b3] = params;
        const logits = (x: tf.Tensor) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2)), W3), b3);
        const model = { params, loss: (x: tf.Tensor, y: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, logits(x)) as tf.Scalar };
        const fullLoss = () => tf.tidy(() => model.loss(X, Y).dataSync()[0]);
        const opt = tf.train.sgd(lr);
        const rng = mulberry32(5);
        c.loss.push(fullLoss());
        // Evaluate about 10 times per epoch with batch size 1, once per epoch otherwise.
        const pieces = c.batchSize === 1 ? 10 : 1;
        let updates = 0;
        try {
          for (let e = 0; e < c.epochs; e++) {
            const batches = m.makeBatches(n, c.batchSize, { shuffle: true, rng });
            const per = Math.ceil(batches.length / pieces);
            for (let p = 0; p < pieces; p++) {
              const part = batches.slice(p * per, (p + 1) * per);
              if (part.length === 0) continue;
              const t0 = performance.now();
              m.trainEpoch(model, X, Y, opt, part);
              c.trainMs += performance.now() - t0;
              updates += part.length;
              c.epoch.push(e + (p * per + part.length) / batches.length);
              c.updates.push(updates);
              c.ms.push(Math.round(c.trainMs * 10) / 10);
              c.loss.push(fullLoss());
            }
          }
        } finally {
          opt.dispose();
          tf.dispose(params);
        }
        emit();
      }
    } finally {
      tf.dispose([X, Y]);
    }
    const [full, b32, b1] = curves.map((c) => ({ loss: c.loss[c.loss.length - 1], updates: c.updates[c.updates.length - 1], ms: c.trainMs, msPerEpoch: c.trainMs / c.epochs }));
    ctx.emit({ kind: 'note', chart: 'lossPerUpdate', text: `Final loss: full batch ${full.loss.toFixed(3)} after ${full.updates} updates, batch 32 ${b32.loss.toFixed(3)} after ${b32.updates}, batch 1 ${b1.loss.toFixed(3)} after ${b1.updates} (${runs[2].epochs} epochs). Per epoch, smaller batches make more progress; per update, the full batch takes the most accurate steps; per second, an epoch of single examples costs the most.` });
    return {
      finalLossFullBatch: full.loss, finalLossBatch32: b32.loss, finalLossBatch1: b1.loss,
      updatesFullBatch: full.updates, updatesBatch32: b32.updates, updatesBatch1: b1.updates,
      msPerEpochFullBatch: full.msPerEpoch, msPerEpochBatch32: b32.msPerEpoch, msPerEpochBatch1: b1.msPerEpoch,
      points: n, epochsBatch1: runs[2].epochs,
      batch32BeatsFullBatchPerEpoch: b32.loss < full.loss,
      batch1BeatsFullBatchInFewerEpochs: b1.loss < full.loss,
      fullBatchCheapestPerEpoch: full.msPerEpoch < b1.msPerEpoch,
    };
  },
});
