/**
 * Checks for s4-alexnet. localResponseNorm is compared with tf.localResponseNormalization (the
 * learner may not call it, nor run its LRN kernel), with α large enough that "α divided by the
 * window" (PyTorch's convention) changes the output, depthRadius ≥ channels and a single channel.
 * buildToyAlexNet's model stays next to the learner's code: the `sandboxed` parts send back its
 * layers, weights and training losses, and the judge names the first layer that differs.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, drawShapes, expectTensorClose, fail, gradeRng, standardChecks, type ShapeKind } from 'dl-tutor/grading';
import { modelInfo, type LayerInfo, type ModelInfo } from './lenetModel';

type M = typeof import('../solutions/s4-alexnet');
type AlexOptions = { inputShape: [number, number, number]; numClasses: number; width: number; seed: number };
interface WeightsInfo { sums: number[]; heads: number[][]; shapes: number[][] }

export const sandboxed = {
  describe(m: M, o: AlexOptions): ModelInfo {
    const model = m.buildToyAlexNet(o);
    try { return modelInfo(model); } finally { model.dispose(); }
  },
  weights(m: M, o: AlexOptions): WeightsInfo {
    const model = m.buildToyAlexNet(o);
    try {
      const ws = model.getWeights();
      return { shapes: ws.map((w) => w.shape), sums: ws.map((w) => tf.tidy(() => tf.sum(tf.abs(w)).dataSync()[0])), heads: ws.map((w) => Array.from(w.dataSync().slice(0, 8))) };
    } finally { model.dispose(); }
  },
  async overfit(m: M, c: { o: AlexOptions; n: number; maxSteps: number; target: number; lr: number; dataSeed: number }): Promise<{ losses: number[]; steps: number }> {
    const model = m.buildToyAlexNet(c.o);
    const [h, w, ch] = c.o.inputShape, C = c.o.numClasses;
    // Seeded colour shapes (three overlapping pools leave too little room to memorise pure noise).
    const d = drawShapes({ n: c.n, size: h, kinds: ['circle', 'square', 'triangle', 'star', 'cross', 'ring'].slice(0, C) as ShapeKind[], channels: ch === 1 ? 1 : 3, seed: c.dataSeed });
    const x = tf.tensor4d(d.images, [c.n, h, w, ch]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(d.labels), 'int32'), C).toFloat());
    model.compile({ optimizer: tf.train.adam(c.lr), loss: 'categoricalCrossentropy' });
    const losses: number[] = [];
    let steps = 0;
    try {
      for (let step = 1; step <= c.maxSteps; step++) {
        await model.trainOnBatch(x, y);
        if (step % 5 !== 0 && step !== 1) continue;
        // The loss of the trained network with dropout off (inference), as a memorisation test.
        const l = tf.tidy(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.predict(x) as tf.Tensor)).dataSync()[0]);
        losses.push(l);
        if (l < c.target) { steps = step; break; }
        steps = step;
      }
      return { losses, steps };
    } finally { tf.dispose([x, y]); model.dispose(); }
  },
};

/** Activation layers folded into the layer before them (ReLU may be its own layer). */
function fold(layers: LayerInfo[]): LayerInfo[] {
  const out: LayerInfo[] = [];
  for (const l of layers) {
    if (l.cls === 'InputLayer') continue;
    if (l.cls === 'Activation' && out.length) out[out.length - 1] = { ...out[out.length - 1], activation: l.activation };
    else out.push({ ...l });
  }
  return out;
}

function refLayers(o: AlexOptions): LayerInfo[] {
  let [h, w, c] = o.inputShape;
  const out: LayerInfo[] = [];
  const conv = (mult: number, k: number) => { const f = o.width * mult; out.push({ cls: 'Conv2D', name: '', out: [null, h, w, f], params: f * (k * k * c + 1), activation: 'relu', kernel: [k, k], padding: 'same', filters: f }); c = f; };
  const pool = () => { h = Math.floor((h - 3) / 2) + 1; w = Math.floor((w - 3) / 2) + 1; out.push({ cls: 'MaxPooling2D', name: '', out: [null, h, w, c], params: 0, poolSize: [3, 3], strides: [2, 2] }); };
  conv(1, 5); pool(); conv(2, 3); pool(); conv(4, 3); conv(4, 3); conv(2, 3); pool();
  const flat = h * w * c, d = 8 * o.width;
  out.push({ cls: 'Flatten', name: '', out: [null, flat], params: 0 });
  out.push({ cls: 'Dense', name: '', out: [null, d], params: flat * d + d, activation: 'relu', units: d });
  out.push({ cls: 'Dropout', name: '', out: [null, d], params: 0, rate: 0.5 });
  out.push({ cls: 'Dense', name: '', out: [null, o.numClasses], params: d * o.numClasses + o.numClasses, activation: 'softmax', units: o.numClasses });
  return out;
}

const shp = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
const row = (l: LayerInfo) => `${l.cls}${l.activation && l.activation !== 'linear' ? `(${l.activation})` : ''} ${shp(l.out.slice(1))} ${l.params}`;

async function expectAlexNet(ctx: { inSandbox<T>(n: string, i?: unknown): Promise<T> }, o: AlexOptions, hintKey: string): Promise<void> {
  const info = await ctx.inSandbox<ModelInfo>('describe', o);
  const got = fold(info.layers), want = refLayers(o);
  const call = `buildToyAlexNet({ inputShape: [${o.inputShape}], numClasses: ${o.numClasses}, width: ${o.width} })`;
  const e = { expected: `${want.map(row).join(' → ')} (${want.reduce((s, l) => s + l.params, 0)} parameters)`, actual: `${got.map(row).join(' → ')} (${info.countParams} parameters)` };
  if (!info.isSequential) fail(`${call} must return a tf.Sequential`, { ...e, hintKey });
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const a = got[i], b = want[i];
    const at = `${call}: layer ${i} (${a?.cls})`;
    if (!a) fail(`${call}: ${got.length} layers (not counting ReLU layers), expected ${want.length}; missing from layer ${i}: ${b.cls}${b.cls === 'Dropout' ? '(0.5) between the two dense layers' : ''}`, { ...e, hintKey: b.cls === 'Dropout' ? 'dropout' : hintKey });
    if (!b) fail(`${call}: ${got.length} layers, expected ${want.length}; layer ${i} (${a.cls}) is extra`, { ...e, hintKey });
    if (a.cls !== b.cls) fail(`${at}: expected ${b.cls} here, got ${a.cls}${b.cls === 'MaxPooling2D' ? ' — max pools follow conv1, conv2 and conv5' : b.cls === 'Dropout' ? ' — Dropout(0.5) sits between the two dense layers' : ''}`, { ...e, hintKey: b.cls === 'Dropout' ? 'dropout' : hintKey });
    if (shp(a.out) !== shp(b.out)) {
      let why = '';
      if (a.cls === 'MaxPooling2D' && a.poolSize?.[0] === 2) why = ' — AlexNet\'s pools overlap: 3×3 windows every 2 pixels (poolSize 3, strides 2, \'valid\')';
      else if (a.cls === 'MaxPooling2D') why = ' — a 3×3 pool with stride 2 and \'valid\' padding gives ⌊(n − 3)/2⌋ + 1';
      else if (a.cls === 'Conv2D' && a.padding === 'valid') why = ' — the convolutions are \'same\'';
      else if (a.cls === 'Conv2D' && a.filters !== b.filters) why = ` — ${b.filters} filters expected (width · [1, 2, 4, 4, 2])`;
      else if (a.cls === 'Dense') why = ` — ${b.units} units expected`;
      fail(`${at}: expected output ${shp(b.out)}, got ${shp(a.out)}${why}`, { ...e, hintKey: a.cls === 'MaxPooling2D' && a.poolSize?.[0] === 2 ? 'overlapping-pool' : hintKey });
    }
    if (a.params !== b.params) fail(`${at}: ${a.params} parameters, expected ${b.params}${a.cls === 'Conv2D' && a.kernel ? ` (kernel ${a.kernel.join('×')}, expected ${b.kernel?.join('×')})` : ''}`, { ...e, hintKey });
    if (a.cls === 'MaxPooling2D' && (a.poolSize?.[0] !== 3 || a.strides?.[0] !== 2)) fail(`${at}: pool ${a.poolSize?.join('×')} stride ${a.strides?.[0]}; AlexNet's pools are 3×3 with stride 2 (overlapping)`, { ...e, hintKey: 'overlapping-pool' });
    if (a.cls === 'Dropout' && Math.abs((a.rate ?? 0) - 0.5) > 1e-9) fail(`${at}: rate ${a.rate}, expected 0.5`, { ...e, hintKey: 'dropout' });
    if (b.activation && (a.activation ?? 'linear') !== b.activation) {
      fail(b.activation === 'softmax' ? `${at}: activation '${a.activation ?? 'linear'}'; the output needs 'softmax'` : `${at}: ${(a.activation ?? 'linear') === 'linear' ? 'a missing activation between convolutions: no ReLU after this layer' : `activation '${a.activation}'`}; AlexNet uses ReLU`, { ...e, hintKey: b.activation === 'softmax' ? 'softmax-output' : 'missing-relu' });
    }
  }
}

/** Named LRN mistakes, computed with the judge's tf. */
function lrnVariant(x: tf.Tensor4D, r: number, bias: number, alpha: number, beta: number, v: 'ok' | 'divided' | 'oneSided' | 'noBeta'): tf.Tensor {
  return tf.tidy(() => {
    const C = x.shape[3];
    const sq = tf.square(x).arraySync() as number[][][][];
    const out = (x.arraySync() as number[][][][]).map((b, bi) => b.map((rw, ri) => rw.map((px, ci) => px.map((val, c) => {
      let s = 0;
      for (let k = Math.max(0, c - r); k <= Math.min(C - 1, v === 'oneSided' ? c : c + r); k++) s += sq[bi][ri][ci][k];
      const a = v === 'divided' ? alpha / (2 * r + 1) : alpha;
      return val / Math.pow(bias + a * s, v === 'noBeta' ? 1 : beta);
    }))));
    return tf.tensor(out);
  });
}

function expectLrn(m: M, shape: [number, number, number, number], r: number, bias: number, alpha: number, beta: number, seed: number): void {
  tf.tidy(() => {
    const x = tf.randomNormal(shape, 0, 1.5, 'float32', seed) as tf.Tensor4D;
    const want = tf.localResponseNormalization(x, r, bias, alpha, beta);
    expectTensorClose(m.localResponseNorm(x, r, bias, alpha, beta), want, { name: `localResponseNorm(x [${shape}], depthRadius ${r}, bias ${bias}, α ${alpha}, β ${beta})`, atol: 1e-4, rtol: 1e-3, tensor: true, mistakes: [
      { when: () => lrnVariant(x, r, bias, alpha, beta, 'divided'), message: `α divided by the window size (2r + 1 = ${2 * r + 1}), PyTorch's LocalResponseNorm convention; TensorFlow multiplies the sum of squares by α itself`, hintKey: 'alpha-divided' },
      { when: () => lrnVariant(x, r, bias, alpha, beta, 'oneSided'), message: 'the window covers only channels c − r … c; it runs from c − r to c + r (clipped at the edges)', hintKey: 'lrn-window' },
      { when: () => lrnVariant(x, r, bias, alpha, beta, 'noBeta'), message: 'the denominator is not raised to the power β', hintKey: 'lrn-beta' },
    ] });
  });
}

const BASE: AlexOptions = { inputShape: [24, 24, 3], numClasses: 4, width: 8, seed: 3 };

export default defineChecks<M>({
  checks: [
    {
      id: 'lrn-value', name: 'localResponseNorm matches tf.localResponseNormalization (depthRadius 2, 7 channels, α 0.5, β 0.75)', fn: 'localResponseNorm',
      run(m) {
        const rng = gradeRng();
        expectLrn(m, [2, 3, 3, 7], 2, 1, 0.5, 0.75, 1 + Math.floor(rng() * 1000));
        expectLrn(m, [1, 2, 2, 6], 1, 2, 0.1 + 0.9 * rng(), 0.5, 1 + Math.floor(rng() * 1000));
      },
    },
    {
      id: 'lrn-edges', name: 'localResponseNorm at the edges: depthRadius ≥ the channel count, and a single channel', fn: 'localResponseNorm',
      run(m) {
        expectLrn(m, [1, 2, 3, 4], 5, 1, 0.8, 0.75, 11);
        expectLrn(m, [2, 3, 2, 1], 2, 1, 0.3, 0.75, 12);
        expectLrn(m, [1, 2, 2, 3], 0, 1.5, 1, 1, 13);
      },
    },
    {
      id: 'alexnet-architecture', name: 'toy AlexNet on 24×24×3, 4 classes, width 8: 5 convolutions, 3 overlapping max pools, Dense → Dropout(0.5) → Dense; 24 708 parameters', fn: 'buildToyAlexNet',
      async run(_m, ctx) { await expectAlexNet(ctx, BASE, 'alexnet-architecture'); },
    },
    {
      id: 'alexnet-options', name: 'toy AlexNet with other widths, class counts, image sizes and channels', fn: 'buildToyAlexNet',
      async run(_m, ctx) {
        const rng = gradeRng();
        await expectAlexNet(ctx, { inputShape: [16 + Math.floor(rng() * 17), 16 + Math.floor(rng() * 17), rng() < 0.5 ? 1 : 3], numClasses: 2 + Math.floor(rng() * 8), width: 2 + Math.floor(rng() * 6), seed: 4 }, 'alexnet-options');
      },
    },
    {
      id: 'alexnet-seed', name: 'the same seed builds identical weights; another seed other weights', fn: 'buildToyAlexNet',
      async run(_m, ctx) {
        const seed = 1 + Math.floor(gradeRng()() * 1000);
        const o = { ...BASE, width: 4, seed };
        const [a, b, c] = [await ctx.inSandbox<WeightsInfo>('weights', o), await ctx.inSandbox<WeightsInfo>('weights', o), await ctx.inSandbox<WeightsInfo>('weights', { ...o, seed: seed + 53 })];
        const i = a.sums.findIndex((s, k) => s !== b.sums[k] || a.heads[k].some((v, j) => v !== b.heads[k][j]));
        if (i >= 0) fail(`two models built with seed ${seed} have different weights (weight ${i}, shape [${a.shapes[i]}]): seed every kernelInitializer from o.seed`, { hintKey: 'unseeded' });
        const same = a.shapes.map((_, k) => k).filter((k) => a.shapes[k].length > 1 && a.sums[k] === c.sums[k]);
        if (same.length) fail(`seeds ${seed} and ${seed + 53} build the same kernel (weight ${same.join(', ')}): derive each layer's seed from o.seed`, { hintKey: 'unseeded' });
      },
    },
    {
      id: 'alexnet-overfit', name: 'the toy AlexNet overfits one batch: 16 images, Adam, cross-entropy (dropout off) below 0.15 within 80 steps', fn: 'buildToyAlexNet',
      async run(_m, ctx) {
        const cpu = ctx.engine === 'cpu';
        const c = { o: { ...BASE, inputShape: (cpu ? [16, 16, 3] : [24, 24, 3]) as [number, number, number], width: 8, seed: 5 }, n: cpu ? 4 : 16, maxSteps: 80, target: 0.15, lr: cpu ? 0.005 : 0.003, dataSeed: 7 };
        const r = await ctx.inSandbox<{ losses: number[]; steps: number }>('overfit', c);
        const last = r.losses[r.losses.length - 1];
        if (!(last < c.target)) fail(`after ${r.steps} Adam steps (lr ${c.lr}) on ${c.n} images the cross-entropy is ${last?.toFixed(4)} (started at ${r.losses[0]?.toFixed(4)}); a correct toy AlexNet gets there in 25–50 steps. If the training loss falls but this one does not, check that Dropout has no fixed seed (tfjs then drops the same units at every step)`, { expected: `< ${c.target}`, actual: String(last), hintKey: 'alexnet-overfit' });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P2',
      fn: 'localResponseNorm',
      calls: [{ name: 'localResponseNorm', inputs: () => ({ x: tf.randomNormal([1, 3, 3, 5], 0, 1, 'float32', 2) }), call: (m, i) => m.localResponseNorm(i.x as tf.Tensor4D, 2, 1, 0.5, 0.75) }],
      badInputs: [
        { name: 'localResponseNorm with depthRadius −1', call: (m) => tf.tidy(() => m.localResponseNorm(tf.ones([1, 2, 2, 3]), -1, 1, 0.5, 0.75)), why: 'a radius cannot be negative' },
        { name: 'localResponseNorm of a rank-3 x', call: (m) => tf.tidy(() => m.localResponseNorm(tf.ones([2, 2, 3]) as unknown as tf.Tensor4D, 1, 1, 0.5, 0.75)), why: 'x is [batch, height, width, channels]' },
        { name: 'buildToyAlexNet with numClasses 1', call: (m) => m.buildToyAlexNet({ ...BASE, numClasses: 1 }), why: 'a classifier needs at least 2 classes' },
      ],
      banned: { apis: ['tf.localResponseNormalization', 'tf.lrn'], kernels: ['LRN'], why: 'write LRN from tf primitives (square, pad or slice, add, pow, div)' },
      names: { 'bad-inputs-throw': 'localResponseNorm throws for a negative depthRadius and an x that is not rank 4; buildToyAlexNet for numClasses < 2' },
    }),
  ],
});
