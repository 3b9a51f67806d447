/**
 * Demo of s4-unet: the learner's U-Net and an ablation without skip connections (built here, same
 * layers otherwise, same seed) train side by side on the same seeded shapes images for the same
 * Adam steps. Every few steps: held-out image / true mask / both predicted masks (the 'masks'
 * panel refreshes) and the learner's diceCoefficient of both on held-out images. The loss is binary
 * cross-entropy plus 1 − the learner's soft Dice. At the end the
 * learner's perClassIoU of the thresholded masks. Live training only: tfjs-node reaches a clear
 * mask within the time budget, so no pretrained weights are needed.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes } from 'dl-tutor/grading';
import { referenceUNet } from './s4-unet.check';

type M = typeof import('../solutions/s4-unet');

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const size = small ? 16 : 32, nTrain = small ? 16 : 192, nTest = small ? 8 : 64, batch = small ? 4 : 32, epochs = small ? 1 : 3, base = 4, show = 4, every = small ? 2 : 3;
    if (small) ctx.emit({ kind: 'note', chart: 'unetMasks', text: `Pure-JS engine: sizes reduced to ${nTrain} images of ${size}×${size}, batches of ${batch}, ${epochs} epochs (the native tfjs-node engine, much faster for convolutions, trains on 192 images of 32×32 in batches of 32 for 3 epochs). At this size the masks stay rough: run the demo on the native engine to see them form.` });
    const data = drawShapes({ n: nTrain + nTest, size, kinds: ['circle', 'square', 'triangle', 'cross'], maxObjects: 2, minScale: 0.3, maxScale: 0.6, noise: 0.05, seed: 7 });
    const px = size * size;
    const mask = Float32Array.from(data.masks, (v) => (v > 0 ? 1 : 0));
    const x = tf.tensor4d(data.images.subarray(0, nTrain * px), [nTrain, size, size, 1]);
    const y = tf.tensor4d(mask.subarray(0, nTrain * px), [nTrain, size, size, 1]);
    const xTest = tf.tensor4d(data.images.subarray(nTrain * px), [nTest, size, size, 1]);
    const yTest = tf.tensor4d(mask.subarray(nTrain * px), [nTest, size, size, 1]);
    const config = { size, base, depth: 2 as const, outChannels: 1, seed: 3 };
    const nets = [
      { name: 'your U-Net', model: m.buildTinyUNet(config), dice: [] as number[] },
      { name: 'no skips (ablation)', model: referenceUNet(config, { skips: false }), dice: [] as number[] },
    ];
    // Loss = binary cross-entropy + (1 − your soft Dice): the Dice term counters the many background pixels.
    const loss = (t: tf.Tensor, p: tf.Tensor) => tf.tidy(() => tf.add(tf.mean(tf.metrics.binaryCrossentropy(t, p)), tf.sub(1, m.diceCoefficient(t, p))) as tf.Scalar);
    for (const n of nets) n.model.compile({ optimizer: tf.train.adam(0.01), loss });
    const params = nets[0].model.countParams(), ablationParams = nets[1].model.countParams();
    const t0 = Date.now();
    const evaluate = (step: number) => {
      const preds = nets.map((n) => n.model.predict(xTest) as tf.Tensor4D);
      nets.forEach((n, k) => {
        const hard = tf.cast(tf.greater(preds[k], 0.5), 'float32');
        const d = m.diceCoefficient(yTest, hard);
        n.dice.push(d.dataSync()[0]);
        tf.dispose([d, hard]);
      });
      ctx.emit({ kind: 'epoch', chart: 'unetDice', title: `Dice of the thresholded masks (p > 0.5) on ${nTest} held-out images (your diceCoefficient)`, epoch: step, values: Object.fromEntries(nets.map((n) => [n.name, n.dice[n.dice.length - 1]])), xLabel: 'step (Adam update)', yLabel: 'Dice (held-out images)' });
      const cells = (t: tf.Tensor, i: number) => Array.from(t.dataSync().subarray(i * px, (i + 1) * px));
      ctx.emit({
        kind: 'masks', chart: 'unetMasks', title: 'Held-out images: true mask and predicted masks (probabilities)',
        columns: ['image', 'true mask', 'your U-Net', 'no skips (ablation)'], kinds: ['image', 'true', 'pred', 'ablation'],
        width: size, height: size, step,
        rows: Array.from({ length: show }, (_, i) => [cells(xTest, i), cells(yTest, i), cells(preds[0], i), cells(preds[1], i)]),
        caption: `Step ${step}. "your U-Net" is built by your buildTinyUNet; "no skips" is the same network without its concatenations, built by the demo, trained on the same batches.`,
      });
      tf.dispose(preds);
    };
    let step = 0;
    try {
      evaluate(0);
      for (let e = 0; e < epochs; e++) {
        for (let s = 0; s + batch <= nTrain; s += batch) {
          const bx = x.slice([s, 0, 0, 0], [batch, size, size, 1]), by = y.slice([s, 0, 0, 0], [batch, size, size, 1]);
          for (const n of nets) await n.model.trainOnBatch(bx, by);
          tf.dispose([bx, by]);
          step++;
          if (step % every === 0) evaluate(step);
        }
      }
      if (step % every !== 0) evaluate(step);
      const pred = tf.tidy(() => tf.squeeze(tf.cast(tf.greater(nets[0].model.predict(xTest) as tf.Tensor, 0.5), 'int32'), [3]) as tf.Tensor3D);
      const truth = tf.tidy(() => tf.squeeze(tf.cast(yTest, 'int32'), [3]) as tf.Tensor3D);
      const iou = m.perClassIoU(truth, pred, 2);
      tf.dispose([pred, truth]);
      const [u, a] = nets.map((n) => n.dice[n.dice.length - 1]);
      const facts = { params, ablationParams, steps: step, trainMs: Date.now() - t0, diceBefore: nets[0].dice[0], diceUNet: u, diceNoSkips: a, skipsHelp: u > a, iouBackground: iou[0], iouShapes: iou[1] };
      ctx.emit({ kind: 'note', chart: 'unetDice', text: `After ${step} steps: Dice ${u.toFixed(3)} with skip connections, ${a.toFixed(3)} without (${params} vs ${ablationParams} parameters). Your perClassIoU of the thresholded masks: background ${iou[0].toFixed(3)}, shapes ${iou[1].toFixed(3)}.` });
      return facts;
    } finally {
      tf.dispose([x, y, xTest, yTest]);
      for (const n of nets) n.model.dispose();
    }
  },
});
