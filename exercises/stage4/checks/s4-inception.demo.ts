/**
 * Demo of s4-inception: the learner's module inside a small classifier (module → max pool →
 * Flatten → Dense) trained briefly on seeded shapes images, then the feature maps each branch
 * computes for one image; and the parameter counts of the naive and the reduced module (from the
 * learner's inceptionParamCount) as the input grows wider.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes } from 'dl-tutor/grading';
import type { ShapeKind } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-inception');

const KINDS: ShapeKind[] = ['circle', 'square', 'triangle', 'cross'];
/** A thumbnail of the panel's 'images' kind. */
interface PlotImage { width: number; height: number; channels: 1 | 3; data: number[]; caption?: string }
/** GoogLeNet's module 3a widths. */
const GOOGLENET_3A = { b1: 64, b3reduce: 96, b3: 128, b5reduce: 16, b5: 32, pool: 32 };

/** One map as a thumbnail, scaled to [0, 1] by its own maximum. */
function thumb(values: Float32Array | number[], size: number, caption: string): PlotImage {
  const max = Math.max(1e-6, ...values);
  return { width: size, height: size, channels: 1, data: Array.from(values, (v) => Math.max(0, v) / max), caption };
}

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const size = small ? 12 : 24, n = small ? 64 : 384, batch = 32, epochs = small ? 3 : 6;
    if (small) ctx.emit({ kind: 'note', chart: 'branchMaps', text: `Pure-JS engine: ${n} images of ${size}×${size} for ${epochs} epochs (the native tfjs-node engine, much faster for convolutions, trains on 384 images of 24×24 for 6 epochs).` });
    const f = { b1: 4, b3reduce: 4, b3: 6, b5reduce: 2, b5: 4, pool: 4 };
    const data = drawShapes({ n: n + 1, size, kinds: KINDS, noise: 0.05, seed: 31 });
    const x = tf.tensor4d(data.images.subarray(0, n * size * size), [n, size, size, 1]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(data.labels.subarray(0, n)), 'int32'), KINDS.length).toFloat());
    const one = tf.tensor4d(data.images.subarray(n * size * size), [1, size, size, 1]);

    const inp = tf.input({ shape: [size, size, 1] });
    const mod = m.inceptionModule(inp, f, 7);
    let h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(mod) as tf.SymbolicTensor;
    h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: KINDS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: out });
    const features = tf.model({ inputs: inp, outputs: mod });
    const losses: number[] = [], steps: number[] = [];
    let acc = 0;
    try {
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      for (let e = 0; e < epochs; e++) {
        for (let s = 0; s + batch <= n; s += batch) {
          const [bx, by] = [x.slice([s, 0, 0, 0], [batch, size, size, 1]), y.slice([s, 0], [batch, KINDS.length])];
          const l = await model.trainOnBatch(bx, by);
          tf.dispose([bx, by]);
          losses.push(Array.isArray(l) ? l[0] : l);
          steps.push(steps.length + 1);
        }
      }
      ctx.emit({ kind: 'lines', chart: 'inceptionLoss', title: `Inception module → max pool → Flatten → Dense(${KINDS.length}) on ${n} shapes images (${size}×${size})`, xLabel: 'step (Adam update)', yLabel: 'training loss (cross-entropy)', series: [{ name: 'training loss', x: steps, y: losses }] });
      const r = model.evaluate(x, y) as tf.Scalar[];
      acc = r[1].dataSync()[0];
      tf.dispose(r);

      // The module's output for one image, cut into its branches' channels ([b1, b3, b5, pool]).
      const maps = tf.tidy(() => (features.predict(one) as tf.Tensor).squeeze([0]).arraySync() as number[][][]);
      const widths: Array<[string, number]> = [['1×1', f.b1], ['1×1 → 3×3', f.b3], ['1×1 → 5×5', f.b5], ['max pool → 1×1', f.pool]];
      const images: PlotImage[] = [thumb(Array.from(one.dataSync()), size, `input: a ${KINDS[data.labels[n]]}`)];
      let start = 0;
      const energy: number[] = [];
      for (const [name, w] of widths) {
        // The two most active channels of the branch.
        const chans = Array.from({ length: w }, (_, k) => start + k);
        const total = (c: number) => maps.reduce((s, row) => s + row.reduce((t, px) => t + px[c], 0), 0);
        chans.sort((a, b) => total(b) - total(a));
        energy.push(chans.reduce((s, c) => s + total(c), 0));
        for (const c of chans.slice(0, 2)) images.push(thumb(maps.flatMap((row) => row.map((px) => px[c])), size, `${name} branch, channel ${c - start + 1} of ${w}`));
        start += w;
      }
      ctx.emit({ kind: 'images', chart: 'branchMaps', title: `What each branch sees: the two most active channels per branch for one image, after ${steps.length} training steps (accuracy ${(acc * 100).toFixed(0)}% on the training images)`, images });
    } finally {
      tf.dispose([x, y, one]);
      model.dispose();
    }

    // Bottleneck savings: both counts from the learner's inceptionParamCount, GoogLeNet 3a widths.
    const chans = [32, 64, 128, 192, 256, 384, 512];
    const counts = chans.map((c) => m.inceptionParamCount(c, GOOGLENET_3A));
    ctx.emit({
      kind: 'lines', chart: 'bottleneckSavings', title: 'Parameters of one Inception module (GoogLeNet 3a widths) as the input gets wider', logY: true,
      xLabel: 'input channels', yLabel: 'parameters, log scale',
      series: [{ name: 'naive (3×3 and 5×5 on the input)', x: chans, y: counts.map((c) => c.naive) }, { name: 'with 1×1 reductions', x: chans, y: counts.map((c) => c.withReduction) }],
    });
    const at192 = counts[chans.indexOf(192)];
    const ratio = at192.naive / at192.withReduction;
    ctx.emit({ kind: 'note', chart: 'bottleneckSavings', text: `At 192 input channels (GoogLeNet's module 3a) the naive module has ${at192.naive.toLocaleString('en-US')} parameters and the reduced one ${at192.withReduction.toLocaleString('en-US')}: ${ratio.toFixed(1)}× fewer.` });
    return {
      naive192: at192.naive, withReduction192: at192.withReduction, savingsAt192: ratio,
      savingsGrowWithWidth: counts.every((c, i) => i === 0 || c.naive / c.withReduction > counts[i - 1].naive / counts[i - 1].withReduction),
      reducedLargerAt32: counts[0].withReduction > counts[0].naive,
      trainAccuracy: acc, firstLoss: losses[0], lastLoss: losses[losses.length - 1],
      lossFell: losses[losses.length - 1] < losses[0],
    };
  },
});
