/**
 * Demo of s4-vgg: the learner's toy VGG (width 8, blocks [2, 2, 2]) learns 16×16 colour shapes.
 * The panel shows the layer table with each layer's receptive field computed by the learner's
 * receptiveField, the loss and test accuracy per epoch, the activations after every block for one
 * test image, and the parameter cost of two 3×3 convolutions against one 5×5.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, type ActivationsPlot, type ShapeKind } from 'dl-tutor/grading';
import { layerInfo } from './lenetModel';

type M = typeof import('../solutions/s4-vgg');
const CLASSES: ShapeKind[] = ['circle', 'square', 'triangle', 'star'];

const round2 = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 100) / 100);
function normalise(a: number[]): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return round2(a.map((v) => (hi - lo > 1e-12 ? (v - lo) / (hi - lo) : 0.5)));
}

export default defineDemo<M>({
  async run(m, ctx) {
    const cpu = ctx.engine === 'cpu';
    const S = 16, train = cpu ? 160 : 512, test = cpu ? 64 : 128, epochs = cpu ? 2 : 4, batch = 32, C = CLASSES.length;
    const blocks = cpu ? [1, 1] : [2, 2, 2];
    if (cpu) ctx.emit({ kind: 'note', chart: 'vggLoss', text: `Sizes reduced for the pure-JS engine: blocks [${blocks}], ${train} training images, ${epochs} epochs. The native engine (tfjs-node) is much faster and trains blocks [2, 2, 2].` });
    const data = drawShapes({ n: train + test, size: S, kinds: CLASSES, channels: 3, seed: 6 });
    const D = S * S * 3;
    const labels = Array.from(data.labels);
    const x = tf.tensor4d(data.images.subarray(0, train * D), [train, S, S, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels.slice(0, train), 'int32'), C).toFloat());
    const xTest = tf.tensor4d(data.images.subarray(train * D), [test, S, S, 3]);

    // The learner's code from here on.
    const c3 = { kernel: 3, stride: 1 };
    const rfTwo = m.receptiveField([c3, c3]);
    const rfThree = m.receptiveField([c3, c3, c3]);
    const model = m.buildToyVGG(blocks, { inputShape: [S, S, 3], numClasses: C, width: 8, seed: 2 });
    const infos = model.layers.map(layerInfo).filter((l) => l.cls !== 'InputLayer');
    const stack: Array<{ kernel: number; stride: number }> = [];
    const rows = infos.map((l) => {
      if (l.kernel || l.poolSize) stack.push({ kernel: (l.kernel ?? l.poolSize)![0], stride: (l.strides ?? [1])[0] });
      const rf = l.kernel || l.poolSize ? m.receptiveField(stack.map((s) => ({ ...s }))) : null;
      return [l.cls + (l.kernel ? ` ${l.kernel.join('×')}` : ''), `[${l.out.slice(1).join(', ')}]`, l.params, rf === null ? '—' : `${rf}×${rf}`];
    });
    const finalRf = m.receptiveField(stack);
    ctx.emit({ kind: 'table', chart: 'vggLayers', title: `Your toy VGG (blocks [${blocks}], width 8): ${model.countParams().toLocaleString('en-US')} parameters`, columns: ['layer', 'output shape', 'parameters', 'receptive field (px, from your receptiveField)'], rows, caption: `After the last block one value sees ${finalRf}×${finalRf} input pixels of the ${S}×${S} image.` });
    const Cs = [16, 32, 64, 128];
    ctx.emit({ kind: 'bars', chart: 'vggParams', title: 'Weights for a 5×5 view with C channels in and out: one 5×5 conv (25C²) vs two 3×3 (18C²)', labels: Cs.map((c) => `C = ${c}`), series: [{ name: 'one 5×5', values: Cs.map((c) => 25 * c * c) }, { name: 'two 3×3', values: Cs.map((c) => 18 * c * c) }] });

    model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const pools = model.layers.map((l, i) => i).filter((i) => model.layers[i].getClassName() === 'MaxPooling2D');
    const probe = tf.model({ inputs: model.inputs, outputs: pools.map((i) => model.layers[i].output as tf.SymbolicTensor) });
    const px = tf.tidy(() => tf.slice(xTest, 0, 1));
    const showActs = (epoch: number) => {
      const outs = probe.predict(px) as tf.Tensor[] | tf.Tensor;
      const list = Array.isArray(outs) ? outs : [outs];
      const layers: ActivationsPlot['layers'] = list.map((t, b) => {
        const [, h, w, c] = t.shape as number[];
        const v = t.dataSync();
        const maps = Array.from({ length: Math.min(c, 16) }, (_, k) => ({ width: w, height: h, data: normalise(Array.from({ length: h * w }, (_, p) => v[p * c + k])) }));
        return { name: `block${b + 1}`, info: `after the pool [${h}, ${w}, ${c}]${c > 16 ? ' (first 16 maps)' : ''}`, maps };
      });
      tf.dispose(list);
      ctx.emit({ kind: 'activations', chart: 'vggActivations', title: 'Feature maps after each block for one test image', step: epoch, input: { width: S, height: S, channels: 3, data: round2(data.images.subarray(train * D, train * D + D)), caption: CLASSES[labels[train]] }, layers, caption: `epoch ${epoch}` });
    };
    const accuracy = () => tf.tidy(() => {
      const p = (tf.argMax(model.predict(xTest) as tf.Tensor, 1)).dataSync();
      return Array.from(p).filter((v, i) => v === labels[train + i]).length / test;
    });
    const t0 = Date.now();
    const accs = [accuracy()];
    showActs(0);
    for (let e = 1; e <= epochs; e++) {
      const h = await model.fit(x, y, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0 });
      accs.push(accuracy());
      ctx.emit({ kind: 'epoch', chart: 'vggLoss', title: 'Training loss and test accuracy per epoch', epoch: e, values: { 'training loss': h.history.loss[0] as number, 'test accuracy': accs[e] }, xLabel: 'epoch', yLabel: 'cross-entropy / accuracy' });
      showActs(e);
    }
    const trainMs = Date.now() - t0;
    tf.dispose([x, y, xTest, px]);
    model.dispose();
    return { rfTwo3x3: rfTwo, rfThree3x3: rfThree, finalReceptiveField: finalRf, paramsTwo3x3OverOne5x5: 18 / 25, testAccuracyBefore: accs[0], testAccuracyAfter: accs[accs.length - 1], epochs, trainMs };
  },
});
