/**
 * Demo of s4-alexnet: the learner's localResponseNorm on one pixel's channels (and what PyTorch's
 * "α divided by the window" would give), then the learner's toy AlexNet training on 24×24 colour
 * shapes: the layer table and the loss / test accuracy per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, type ShapeKind } from 'dl-tutor/grading';
import { layerInfo } from './lenetModel';

type M = typeof import('../solutions/s4-alexnet');
const CLASSES: ShapeKind[] = ['circle', 'square', 'triangle', 'star'];

export default defineDemo<M>({
  async run(m, ctx) {
    const cpu = ctx.engine === 'cpu';
    // LRN on one pixel with 8 channels: big neighbours shrink a value more.
    const chans = [0.2, 3, 0.5, 2.5, 0.1, 0.1, 1.5, 0.3];
    const r = 2, bias = 1, alpha = 0.5, beta = 0.75;
    const x = tf.tensor4d(chans, [1, 1, 1, 8]);
    const mine = Array.from(tf.tidy(() => m.localResponseNorm(x, r, bias, alpha, beta).dataSync()));
    const torchStyle = Array.from(tf.tidy(() => tf.localResponseNormalization(x, r, bias, alpha / (2 * r + 1), beta).dataSync()));
    x.dispose();
    const idx = chans.map((_, i) => i);
    ctx.emit({ kind: 'lines', chart: 'alexLrn', title: `LRN of one pixel's 8 channels (depthRadius ${r}, bias ${bias}, α ${alpha}, β ${beta})`, xLabel: 'channel', yLabel: 'value',
      series: [{ name: 'input', x: idx, y: chans }, { name: 'your localResponseNorm (α as given)', x: idx, y: mine }, { name: 'α divided by the window (PyTorch convention)', x: idx, y: torchStyle, dashed: true }] });

    const S = cpu ? 16 : 24, width = cpu ? 4 : 8, train = cpu ? 128 : 512, test = cpu ? 64 : 128, epochs = cpu ? 2 : 5, C = CLASSES.length;
    if (cpu) ctx.emit({ kind: 'note', chart: 'alexLoss', text: `Sizes reduced for the pure-JS engine: ${S}×${S} images, width ${width}, ${train} training images, ${epochs} epochs. The native engine (tfjs-node) is much faster.` });
    const data = drawShapes({ n: train + test, size: S, kinds: CLASSES, channels: 3, seed: 8 });
    const D = S * S * 3;
    const labels = Array.from(data.labels);
    const xs = tf.tensor4d(data.images.subarray(0, train * D), [train, S, S, 3]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels.slice(0, train), 'int32'), C).toFloat());
    const xt = tf.tensor4d(data.images.subarray(train * D), [test, S, S, 3]);
    const model = m.buildToyAlexNet({ inputShape: [S, S, 3], numClasses: C, width, seed: 1 });
    const params = model.countParams();
    const infos = model.layers.map(layerInfo);
    ctx.emit({ kind: 'table', chart: 'alexLayers', title: `Your toy AlexNet (width ${width}, ${S}×${S}×3): ${params.toLocaleString('en-US')} parameters`, columns: ['layer', 'output shape', 'parameters'], rows: infos.map((l) => [l.cls + (l.kernel ? ` ${l.kernel.join('×')}` : l.poolSize ? ` ${l.poolSize.join('×')} / ${l.strides?.[0]}` : l.rate ? ` ${l.rate}` : ''), `[${l.out.slice(1).join(', ')}]`, l.params]) });
    model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy' });
    const accuracy = () => tf.tidy(() => Array.from(tf.argMax(model.predict(xt) as tf.Tensor, 1).dataSync()).filter((p, i) => p === labels[train + i]).length / test);
    const accs = [accuracy()];
    for (let e = 1; e <= epochs; e++) {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      accs.push(accuracy());
      ctx.emit({ kind: 'epoch', chart: 'alexLoss', title: 'Training loss and test accuracy per epoch', epoch: e, values: { 'training loss': h.history.loss[0] as number, 'test accuracy': accs[e] }, xLabel: 'epoch', yLabel: 'cross-entropy / accuracy' });
    }
    tf.dispose([xs, ys, xt]);
    model.dispose();
    const maxDiff = Math.max(...mine.map((v, i) => Math.abs(v - torchStyle[i])));
    return { params, lrnShrinksEveryValue: mine.every((v, i) => Math.abs(v) <= Math.abs(chans[i]) + 1e-9), lrnDividedDiffers: maxDiff > 0.05, lrnMaxDiff: maxDiff, testAccuracyBefore: accs[0], testAccuracyAfter: accs[accs.length - 1], epochs };
  },
});
