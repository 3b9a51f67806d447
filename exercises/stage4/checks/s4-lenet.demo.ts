/**
 * Demo of s4-lenet: the learner's LeNet-5 learns upright shapes (circle, square, triangle) while the
 * panel shows, live, the activations of every layer for one fixed test image, the first layer's
 * filters and their gradients, the loss per step and the test accuracy per epoch; then the layer
 * table (output shape, parameters, receptive field) and the confusion matrix on the test images.
 *
 * Streaming is throttled (a refresh at most every REFRESH_MS) so it slows training by little; the
 * demo measures that: one epoch with streaming against the same epoch of a same-seed model without.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, mulberry32, shuffleInPlace } from 'dl-tutor/grading';
import type { ActivationsPlot, PlotImage, ShapeKind } from 'dl-tutor/grading';
import { layerInfo, receptiveFields, type LayerInfo } from './lenetModel';

type M = typeof import('../solutions/s4-lenet');

const CLASSES: ShapeKind[] = ['circle', 'square', 'triangle'];
const REFRESH_MS = 500;
/** A refresh waits at least this many times its own cost, so streaming stays under ~7 % of training even on a busy machine. */
const COST_FACTOR = 15;

export function lenetDemoSizes(engine: 'tensorflow' | 'cpu'): { size: number; train: number; test: number; epochs: number; batch: number } {
  return engine === 'cpu' ? { size: 16, train: 128, test: 64, epochs: 2, batch: 32 } : { size: 32, train: 768, test: 192, epochs: 3, batch: 32 };
}

const round2 = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 100) / 100);
/** Each map scaled to its own [min, max] (a flat map becomes mid-grey). */
function normalise(a: Float32Array | number[]): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi - lo;
  return round2(Array.from(a, (v) => (span > 1e-12 ? (v - lo) / span : 0.5)));
}

/** Stable row names: conv1, pool1, conv2, …, dense1, dense2, output. */
function rowNames(layers: LayerInfo[]): string[] {
  const n: Record<string, number> = {};
  return layers.map((l, i) => {
    if (i === layers.length - 1) return 'output';
    const k = l.cls === 'Conv2D' ? 'conv' : /Pooling2D$/.test(l.cls) ? 'pool' : l.cls === 'Dense' ? 'dense' : l.cls.toLowerCase();
    n[k] = (n[k] ?? 0) + 1;
    return `${k}${n[k]}`;
  });
}

export default defineDemo<M>({
  async run(m, ctx) {
    const { size: S, train, test, epochs, batch } = lenetDemoSizes(ctx.engine);
    const C = CLASSES.length;
    const t0 = Date.now();
    if (ctx.engine === 'cpu') {
      ctx.emit({ kind: 'note', chart: 'activations', text: `Sizes reduced for the pure-JS engine: ${S}×${S} images, ${train} for training and ${test} for testing. The native engine (tfjs-node) is much faster and trains on 32×32 images.` });
    }
    const data = drawShapes({ n: train + test, size: S, kinds: CLASSES, seed: 4 });
    const D = S * S;
    const labels = Array.from(data.labels);
    const x = tf.tensor4d(data.images.subarray(0, train * D), [train, S, S, 1]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels.slice(0, train), 'int32'), C).toFloat());
    const xTest = tf.tensor4d(data.images.subarray(train * D), [test, S, S, 1]);
    const yTest = labels.slice(train);
    const opts = { inputShape: [S, S, 1] as [number, number, number], numClasses: C, pooling: 'max' as const, activation: 'relu' as const, seed: 1 };

    // The learner's code from here on.
    const model = m.buildLeNet5(opts);
    const infos = model.layers.map(layerInfo);
    const names = rowNames(infos);
    const rf = receptiveFields(infos, S);
    const params = model.countParams();
    ctx.emit({
      kind: 'table', chart: 'layers', title: `Your LeNet-5 on ${S}×${S}×1 images: ${params.toLocaleString('en-US')} parameters`,
      columns: ['layer', 'type', 'output shape', 'parameters', 'receptive field (px)'],
      rows: infos.map((l, i) => [names[i], l.cls + (l.kernel ? ` ${l.kernel.join('×')}` : l.poolSize ? ` ${l.poolSize.join('×')}` : l.units ? `(${l.units})` : ''), `[${l.out.map((d) => d ?? 'batch').join(', ')}]`, l.params, l.cls === 'Flatten' || l.cls === 'Dense' ? `${S}×${S} (all)` : `${rf[i]}×${rf[i]}`]),
      caption: 'Receptive field: how many input pixels one output value can see. Each 5×5 convolution adds 4 × (the product of the strides below it); each 2×2 pool doubles that step.',
    });
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

    // A model that returns every layer's output: the activations for the fixed image.
    const shown = infos.map((l, i) => i).filter((i) => infos[i].cls !== 'Flatten');
    const probe = tf.model({ inputs: model.inputs, outputs: shown.map((i) => model.layers[i].output as tf.SymbolicTensor) });
    const probeIdx = 0; // the first test image
    const probeX = tf.tidy(() => tf.slice(xTest, [probeIdx, 0, 0, 0], [1, S, S, 1]));
    const input: PlotImage = { width: S, height: S, channels: 1, data: round2(data.images.subarray((train + probeIdx) * D, (train + probeIdx + 1) * D)), caption: CLASSES[yTest[probeIdx]] };
    const kernelVar = (model.layers[0].trainableWeights[0] as unknown as { read(): tf.Variable }).read();

    const accuracy = (): { acc: number; pred: number[] } => tf.tidy(() => {
      const pred = Array.from((tf.argMax(model.predict(xTest) as tf.Tensor, 1)).dataSync());
      return { acc: pred.filter((p, i) => p === yTest[i]).length / test, pred };
    });

    let refreshes = 0;
    let emitMs = 0;
    // The filters' gradient is taken on 4 fixed training images (cheaper than the whole batch).
    const [gx, gy] = [tf.slice(x, 0, 4), tf.slice(y, 0, 4)];
    const refresh = (step: number, caption: string) => {
      const s0 = Date.now();
      const outs = probe.predict(probeX) as tf.Tensor[];
      const layers: ActivationsPlot['layers'] = outs.map((t, j) => {
        const i = shown[j];
        const shape = t.shape.slice(1);
        const v = t.dataSync() as Float32Array;
        let maps;
        if (shape.length === 3) {
          const [h, w, c] = shape;
          maps = Array.from({ length: c }, (_, k) => ({ width: w, height: h, data: normalise(Array.from({ length: h * w }, (_, p) => v[p * c + k])) }));
        } else maps = [{ width: v.length, height: 1, data: normalise(v) }];
        return { name: names[i], info: `${infos[i].cls} [${shape.join(', ')}]`, maps };
      });
      tf.dispose(outs);
      refreshes++;
      ctx.emit({ kind: 'activations', chart: 'activations', title: `Activations of every layer for one ${CLASSES[yTest[probeIdx]]} (live)`, step, input, layers, caption });
      // The first layer's filters and the gradient of the loss on the last batch with respect to them.
      const { grads } = tf.variableGrads(() => tf.mean(tf.metrics.categoricalCrossentropy(gy, model.apply(gx, { training: true }) as tf.Tensor)) as tf.Scalar, [kernelVar]);
      const g = grads[kernelVar.name];
      const [kh, kw, , nf] = kernelVar.shape;
      const kv = kernelVar.dataSync(), gv = g.dataSync();
      let gMax = 1e-12;
      for (const v of gv) gMax = Math.max(gMax, Math.abs(v));
      const images: PlotImage[] = [];
      for (let f = 0; f < nf; f++) images.push({ width: kw, height: kh, channels: 1, data: normalise(Array.from({ length: kh * kw }, (_, p) => kv[p * nf + f])), caption: `filter ${f + 1}` });
      for (let f = 0; f < nf; f++) images.push({ width: kw, height: kh, channels: 1, data: round2(Array.from({ length: kh * kw }, (_, p) => 0.5 + gv[p * nf + f] / (2 * gMax))), caption: `∂L/∂filter ${f + 1}` });
      tf.dispose(g);
      ctx.emit({ kind: 'images', chart: 'filters', title: `First-layer filters (top) and their gradients (bottom, grey = 0) at step ${step}`, images });
      emitMs += Date.now() - s0;
    };

    const accBefore = accuracy().acc;
    // Step 0: the untrained network (this also builds the probe and the gradient once, before any timing).
    refresh(0, 'before training');
    emitMs = 0;
    const rng = mulberry32(9);
    let step = 0;
    let lastRefresh = -Infinity;
    let lastCost = 0;
    const epochMs: number[] = [];
    const trainLosses: number[] = [];
    const trainEpoch = async (mdl: tf.LayersModel, order: number[], stream: boolean, last = false): Promise<number> => {
      let sum = 0;
      for (let s = 0; s < train; s += batch) {
        const idx = tf.tensor1d(order.slice(s, s + batch), 'int32');
        const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
        const r = await mdl.trainOnBatch(xb, yb);
        const [loss, acc] = (Array.isArray(r) ? r : [r, NaN]) as number[];
        sum += loss * idx.shape[0];
        if (stream) {
          step++;
          ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Training loss and accuracy per step (one batch of 32)', epoch: step, values: { loss, accuracy: acc }, xLabel: 'step', yLabel: 'cross-entropy / accuracy' });
          const now = Date.now();
          if (now - lastRefresh >= Math.max(REFRESH_MS, COST_FACTOR * lastCost) || (last && s + batch >= train)) {
            refresh(step, `loss ${loss.toFixed(3)}`);
            lastRefresh = Date.now();
            lastCost = lastRefresh - now;
          }
        }
        tf.dispose([idx, xb, yb]);
      }
      return sum / train;
    };

    // Warm up with one quiet epoch on a throwaway copy (kernels and the JIT), so that the timed
    // epochs below, with and without streaming, compare like with like.
    // (Skipped on the slow pure-JS engine, where only the streaming share is measured.)
    const ab = ctx.engine !== 'cpu';
    const twin = m.buildLeNet5(opts);
    twin.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    if (ab) await trainEpoch(twin, Array.from({ length: train }, (_, i) => i), false);
    ctx.emit({ kind: 'epoch', chart: 'testAccuracy', title: 'Test accuracy per epoch', epoch: 0, values: { 'test accuracy': accBefore }, xLabel: 'epoch', yLabel: 'accuracy' });
    const orders: number[][] = [];
    for (let e = 0; e < epochs; e++) {
      const order = shuffleInPlace(Array.from({ length: train }, (_, i) => i), rng);
      orders.push(order);
      const e0 = Date.now();
      trainLosses.push(await trainEpoch(model, order, true, e === epochs - 1));
      epochMs.push(Date.now() - e0);
      ctx.emit({ kind: 'epoch', chart: 'testAccuracy', title: 'Test accuracy per epoch', epoch: e + 1, values: { 'test accuracy': accuracy().acc }, xLabel: 'epoch', yLabel: 'accuracy' });
    }
    const { acc: accAfter, pred } = accuracy();

    // The same first epoch without streaming, on a same-seed model (its warm-up step is the twin's).
    const quiet = m.buildLeNet5(opts);
    quiet.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const q0 = Date.now();
    if (ab) await trainEpoch(quiet, orders[0], false);
    const quietMs = ab ? Date.now() - q0 : 0;

    const counts = CLASSES.map(() => CLASSES.map(() => 0));
    const examples = new Map<string, { row: number; col: number; images: number[][] }>();
    yTest.forEach((t, i) => {
      counts[t][pred[i]]++;
      const key = `${t},${pred[i]}`;
      let c = examples.get(key);
      if (!c) examples.set(key, (c = { row: t, col: pred[i], images: [] }));
      if (c.images.length < 12) c.images.push(round2(data.images.subarray((train + i) * D, (train + i + 1) * D)));
    });
    ctx.emit({
      kind: 'confusion', chart: 'confusion', title: `Confusion matrix of your LeNet-5 on ${test} test images`, labels: [...CLASSES], counts,
      imageSize: [S, S], examples: [...examples.values()], yLabel: 'true class', xLabel: 'predicted class',
      caption: `Test accuracy ${(100 * accBefore).toFixed(1)}% before training, ${(100 * accAfter).toFixed(1)}% after ${epochs} epochs.`,
    });
    const overheadPct = ab ? 100 * (epochMs[0] - quietMs) / quietMs : 0;
    ctx.emit({ kind: 'note', chart: 'loss', text: `Streaming the activations (${refreshes} refreshes, at most one every ${REFRESH_MS} ms, with a pause of at least ${COST_FACTOR}× its own cost) took ${emitMs} ms of ${epochMs.reduce((p, q) => p + q, 0)} ms of training; ${ab ? `epoch 1 took ${epochMs[0]} ms with streaming and ${quietMs} ms without (${overheadPct >= 0 ? '+' : ''}${overheadPct.toFixed(1)}%)` : 'the epoch without streaming is not timed on the pure-JS engine'}.` });

    tf.dispose([x, y, xTest, probeX, gx, gy]);
    model.dispose();
    twin.dispose();
    quiet.dispose();
    return {
      imageSize: S,
      trainImages: train,
      testImages: test,
      params,
      testAccuracyBefore: accBefore,
      testAccuracyAfter: accAfter,
      lossFell: trainLosses[trainLosses.length - 1] < trainLosses[0],
      refreshes,
      layerRows: shown.length,
      epochMsWithStreaming: epochMs[0],
      epochMsWithoutStreaming: quietMs,
      streamingOverheadPct: Math.round(overheadPct * 10) / 10,
      streamingMs: emitMs,
      // The streaming work as a share of the rest of training (steadier than the A/B epoch times on a busy machine).
      streamingSharePct: Math.round(1000 * emitMs / Math.max(1, epochMs.reduce((p, q) => p + q, 0) - emitMs)) / 10,
      receptiveFieldAfterPool2: rf[3],
      totalMs: Date.now() - t0,
    };
  },
});
