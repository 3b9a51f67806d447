/**
 * Checks for s4-unet. buildTinyUNet's model lives next to the learner's code: every part that
 * builds, reads, runs or trains it is `sandboxed` and returns plain data (a layer list, output
 * statistics, losses); the judge compares with its own reference U-Net built with its own tf.
 * diceCoefficient and perClassIoU are called through `m` and compared with the judge's reference
 * formulas; Dice's gradient is taken where the learner's code lives (learnerGrads).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, drawShapes, expectClose, expectTensorClose, fail, gradeRng, learnerGrads, mulberry32, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-unet');
export interface UNetConfig { size: number; base: number; depth: 2 | 3; outChannels: number; seed: number }

export interface LayerRow { className: string; outputShape: number[]; inputShapes: number[][]; filters?: number; kernelSize?: number[]; strides?: number[]; padding?: string; activation?: string }
export interface Described { layers: LayerRow[]; params: number; outputShape: number[] }

const dims = (s: Array<number | null>) => s.slice(1).map((d) => d ?? -1);
const shapesOf = (t: tf.SymbolicTensor | tf.SymbolicTensor[]) => (Array.isArray(t) ? t : [t]).map((x) => dims(x.shape));

/** The layer list of a model, in the order tf.layers holds them. */
export function describeModel(model: tf.LayersModel): Described {
  const layers = model.layers.map((l): LayerRow => {
    const c = l.getConfig() as Record<string, unknown>;
    const row: LayerRow = { className: l.getClassName(), outputShape: dims(l.outputShape as Array<number | null>), inputShapes: shapesOf(l.input as tf.SymbolicTensor | tf.SymbolicTensor[]) };
    if (typeof c.filters === 'number') row.filters = c.filters;
    if (Array.isArray(c.kernelSize)) row.kernelSize = c.kernelSize as number[];
    if (Array.isArray(c.strides)) row.strides = c.strides as number[];
    if (typeof c.padding === 'string') row.padding = c.padding;
    if (typeof c.activation === 'string') row.activation = c.activation;
    return row;
  });
  const out = model.outputs[0];
  return { layers, params: model.countParams(), outputShape: dims(out.shape) };
}

/** Parts that run next to the learner's code. */
export const sandboxed = {
  describe(m: M, c: UNetConfig): Described {
    const model = m.buildTinyUNet(c);
    const d = describeModel(model);
    model.dispose();
    return d;
  },
  /** Output statistics on given images: min, max, and the largest |Σ over channels − 1|. */
  outputs(m: M, c: UNetConfig & { x: number[]; n: number }): { min: number; max: number; sumErr: number; shape: number[] } {
    const model = m.buildTinyUNet(c);
    const x = tf.tensor4d(c.x, [c.n, c.size, c.size, 1]);
    const y = model.predict(x) as tf.Tensor;
    const v = y.dataSync();
    const C = y.shape[y.shape.length - 1] ?? 1;
    let min = Infinity, max = -Infinity, sumErr = 0;
    for (let i = 0; i < v.length; i++) { min = Math.min(min, v[i]); max = Math.max(max, v[i]); }
    for (let p = 0; p + C <= v.length; p += C) { let s = 0; for (let k = 0; k < C; k++) s += v[p + k]; sumErr = Math.max(sumErr, Math.abs(s - 1)); }
    const r = { min, max, sumErr, shape: y.shape.slice() };
    tf.dispose([x, y]);
    model.dispose();
    return r;
  },
  seeded(m: M, c: UNetConfig): { same: boolean; different: boolean } {
    const w = (seed: number) => {
      const model = m.buildTinyUNet({ ...c, seed });
      const ws = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return ws;
    };
    const a = w(c.seed), a2 = w(c.seed), d = w(c.seed + 7);
    const eq = (p: number[][], q: number[][]) => p.length === q.length && p.every((v, i) => v.length === q[i].length && v.every((z, j) => z === q[i][j]));
    return { same: eq(a, a2), different: !eq(a, d) };
  },
  /** Adam(lr) on one fixed batch with binary cross-entropy: the loss per step, stopping under `target`. */
  async overfit(m: M, c: UNetConfig & { x: number[]; y: number[]; n: number; steps: number; lr: number; target: number }): Promise<{ losses: number[] }> {
    const model = m.buildTinyUNet(c);
    model.compile({ optimizer: tf.train.adam(c.lr), loss: 'binaryCrossentropy' });
    const x = tf.tensor4d(c.x, [c.n, c.size, c.size, 1]);
    const y = tf.tensor4d(c.y, [c.n, c.size, c.size, 1]);
    const losses: number[] = [];
    try {
      for (let s = 0; s < c.steps; s++) {
        const l = await model.trainOnBatch(x, y);
        losses.push(Array.isArray(l) ? l[0] : l);
        if (losses[losses.length - 1] < c.target) break;
      }
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
    return { losses };
  },
  badCalls(m: M): string[] {
    const calls: Array<[string, UNetConfig]> = [
      ['buildTinyUNet({ size: 30, depth: 2, … })', { size: 30, base: 4, depth: 2, outChannels: 1, seed: 1 }],
      ['buildTinyUNet({ size: 20, depth: 3, … })', { size: 20, base: 4, depth: 3, outChannels: 1, seed: 1 }],
    ];
    const missed: string[] = [];
    for (const [name, c] of calls) {
      try {
        m.buildTinyUNet(c).dispose();
        missed.push(name);
      } catch (e) {
        if (e instanceof Error && /Not implemented/.test(e.message)) throw e;
      }
    }
    return missed;
  },
};

// ---------------------------------------------------------------- the judge's reference U-Net
export interface RefOpts { skips?: boolean; bottleneck?: number; convsPerLevel?: number }
export function referenceUNet(c: UNetConfig, o: RefOpts = {}): tf.LayersModel {
  const skips = o.skips ?? true, per = o.convsPerLevel ?? 2;
  let seed = c.seed;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const conv = (x: tf.SymbolicTensor, f: number) => {
    for (let k = 0; k < per; k++) x = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
    return x;
  };
  const input = tf.input({ shape: [c.size, c.size, 1] });
  const saved: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = input;
  for (let l = 0; l < c.depth; l++) {
    x = conv(x, c.base * 2 ** l);
    saved.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
  }
  x = conv(x, o.bottleneck ?? c.base * 2 ** c.depth);
  for (let l = c.depth - 1; l >= 0; l--) {
    const f = c.base * 2 ** l;
    x = tf.layers.conv2dTranspose({ filters: f, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
    if (skips) x = tf.layers.concatenate().apply([x, saved[l]]) as tf.SymbolicTensor;
    x = conv(x, f);
  }
  const out = tf.layers.conv2d({ filters: c.outChannels, kernelSize: 1, activation: c.outChannels === 1 ? 'sigmoid' : 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}
/** countParams of the reference U-Net (or of a named variant), from the layer formulas. */
export function refParams(c: UNetConfig, o: RefOpts = {}): number {
  const per = o.convsPerLevel ?? 2;
  const conv3 = (cin: number, f: number) => 9 * cin * f + f;
  const level = (cin: number, f: number) => conv3(cin, f) + (per - 1) * conv3(f, f);
  const f = (l: number) => c.base * 2 ** l;
  let n = 0, cin = 1;
  for (let l = 0; l < c.depth; l++) { n += level(cin, f(l)); cin = f(l); }
  const fb = o.bottleneck ?? f(c.depth);
  n += level(cin, fb);
  let up = fb;
  for (let l = c.depth - 1; l >= 0; l--) {
    n += 4 * up * f(l) + f(l);
    n += level((o.skips ?? true) ? 2 * f(l) : f(l), f(l));
    up = f(l);
  }
  return n + up * c.outChannels + c.outChannels;
}

const cfgText = (c: UNetConfig) => `buildTinyUNet({ size: ${c.size}, base: ${c.base}, depth: ${c.depth}, outChannels: ${c.outChannels} })`;
const shp = (s: number[]) => `[${s.join(',')}]`;
const NO_SKIPS = 'a U-Net without its skip connections';

const A: UNetConfig = { size: 32, base: 8, depth: 2, outChannels: 1, seed: 3 };
const B: UNetConfig = { size: 32, base: 4, depth: 2, outChannels: 1, seed: 3 };
const C3: UNetConfig = { size: 16, base: 4, depth: 3, outChannels: 3, seed: 3 };

function randomConfig(rng: Rng): UNetConfig {
  const depth = (rng() < 0.5 ? 2 : 3) as 2 | 3;
  return { size: 2 ** depth * (1 + Math.floor(rng() * 4)), base: 2 + Math.floor(rng() * 5), depth, outChannels: 1 + Math.floor(rng() * 4), seed: 1 + Math.floor(rng() * 100) };
}

function expectSkips(d: Described, c: UNetConfig): void {
  const cats = d.layers.filter((l) => l.className === 'Concatenate');
  if (cats.length === 0) fail(`${cfgText(c)}: no Concatenate layer: ${NO_SKIPS}. Keep each encoder level's output and concatenate it with the up-sampled decoder features of the same size`, { hintKey: 'unet-skips', expected: `${c.depth} Concatenate layers`, actual: '0' });
  if (cats.length !== c.depth) fail(`${cfgText(c)}: ${cats.length} Concatenate layers, expected ${c.depth} (one skip connection per level)`, { hintKey: 'unet-skips', expected: String(c.depth), actual: String(cats.length) });
  // Deepest first in the decoder: level depth−1 … 0; each joins two maps of base·2^l channels.
  const want = Array.from({ length: c.depth }, (_, k) => c.base * 2 ** (c.depth - 1 - k));
  cats.forEach((l, k) => {
    const f = want[k], side = c.size / 2 ** (c.depth - 1 - k);
    const ins = l.inputShapes.map((s) => s[2]).sort((a, b) => a - b);
    if (l.inputShapes.length !== 2 || ins[0] !== f || ins[1] !== f || l.outputShape[2] !== 2 * f || l.outputShape[0] !== side) {
      fail(`${cfgText(c)}: Concatenate ${k + 1} (decoder level ${c.depth - 1 - k}) joins ${l.inputShapes.map(shp).join(' and ')} into ${shp(l.outputShape)}, expected [${side},${side},${f}] and [${side},${side},${f}] into [${side},${side},${2 * f}]: the transposed conv's output (base·2^l = ${f} channels) next to the encoder's level-${c.depth - 1 - k} output`, { hintKey: 'unet-skips' });
    }
  });
}

// ---------------------------------------------------------------- metric references
export function refDice(t: tf.Tensor, p: tf.Tensor, smooth: number): tf.Scalar {
  return tf.tidy(() => {
    const inter = tf.sum(tf.mul(t, p)), total = tf.add(tf.sum(t), tf.sum(p));
    const fix = smooth === 0 && total.dataSync()[0] === 0 ? 1 : 0;
    return tf.div(tf.add(tf.mul(2, inter), smooth + fix), tf.add(total, smooth + fix)) as tf.Scalar;
  });
}
const diceOf = (t: number[], p: number[], s: number) => {
  let i = 0, a = 0, b = 0;
  t.forEach((v, k) => { i += v * p[k]; a += v; b += p[k]; });
  return a + b + s === 0 ? 1 : (2 * i + s) / (a + b + s);
};
const sigm = (v: number) => 1 / (1 + Math.exp(-v));

export function refIoU(t: ArrayLike<number>, p: ArrayLike<number>, k: number, o: { absent?: number; recall?: boolean; dice?: boolean } = {}): number[] {
  const tp = new Array<number>(k).fill(0), fp = tp.slice(), fn = tp.slice();
  for (let i = 0; i < t.length; i++) { if (t[i] === p[i]) tp[t[i]]++; else { fn[t[i]]++; fp[p[i]]++; } }
  return tp.map((v, c) => {
    const den = o.recall ? v + fn[c] : o.dice ? 2 * v + fp[c] + fn[c] : v + fp[c] + fn[c];
    if (den === 0) return o.absent ?? 0;
    return (o.dice ? 2 * v : v) / den;
  });
}

function probs(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => 0.02 + 0.96 * rng());
}
function binary(rng: Rng, n: number, p = 0.4): number[] {
  return Array.from({ length: n }, () => (rng() < p ? 1 : 0));
}

function expectDice(m: M, shape: number[], t: number[], p: number[], smooth: number | undefined, label: string): void {
  const s = smooth ?? 1;
  tf.tidy(() => {
    const yt = tf.tensor(t, shape), yp = tf.tensor(p, shape);
    const got = smooth === undefined ? m.diceCoefficient(yt, yp) : m.diceCoefficient(yt, yp, smooth);
    if (got.rank !== 0) fail(`${label}: a tensor of shape ${shp(got.shape)}, expected a scalar: Dice sums over ALL elements into one global value`, { hintKey: 'dice-global' });
    const n = shape.reduce((a, b) => a * b, 1), B = shape[0], C = shape[shape.length - 1];
    const perImage = Array.from({ length: B }, (_, b) => diceOf(t.slice((b * n) / B, ((b + 1) * n) / B), p.slice((b * n) / B, ((b + 1) * n) / B), s));
    const perChannel = Array.from({ length: C }, (_, c) => diceOf(t.filter((_, i) => i % C === c), p.filter((_, i) => i % C === c), s));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    let i = 0, a = 0, b = 0;
    t.forEach((v, k) => { i += v * p[k]; a += v; b += p[k]; });
    expectTensorClose(got, refDice(yt, yp, s), { name: label, atol: 1e-5, rtol: 1e-4, mistakes: [
      { when: [diceOf(t, p.map(sigm), s)], message: 'Dice computed on logits: a sigmoid was applied to yPred, which already holds probabilities (the model\'s sigmoid output); Dice compares probabilities with the mask as they are', hintKey: 'dice-on-logits' },
      { when: [diceOf(t, p.map((v) => (v > 0.5 ? 1 : 0)), s)], message: 'yPred was thresholded at 0.5 (hard Dice): the soft Dice uses the probabilities themselves, which keeps it differentiable for training', hintKey: 'dice-soft' },
      ...(B > 1 ? [{ when: [mean(perImage)], message: `the mean of per-image Dice over the ${B} images; this Dice is one global value: sums over every element of the batch`, hintKey: 'dice-global' }] : []),
      ...(C > 1 ? [{ when: [mean(perChannel)], message: `the mean of per-channel Dice over ${C} channels; this Dice is one global value: sums over every element`, hintKey: 'dice-global' }] : []),
      ...(s !== 0 ? [{ when: [(2 * i + s) / (a + b)], message: 'smooth added to the numerator only: add it above and below, (2·|A∩B| + s) / (|A| + |B| + s)', hintKey: 'dice-formula' }] : []),
      { when: [(i + s) / (a + b + s)], message: 'the factor 2 is missing: Dice = (2·|A∩B| + s) / (|A| + |B| + s)', hintKey: 'dice-formula' },
      { when: [(i + s) / (a + b - i + s)], message: 'that is the IoU (Jaccard index), |A∩B| / |A∪B|; Dice is 2·|A∩B| / (|A| + |B|)', hintKey: 'dice-formula' },
    ] });
  });
}

/** learnerGrads, with tf's "no gradient" failures worded for Dice (tf has no gradient for Equal, Greater…). */
function diceGrads(m: M, args: unknown[], label: string): { value: tf.Tensor; grads: tf.Tensor[] } {
  try {
    return learnerGrads(m.diceCoefficient, args, [1]);
  } catch (e) {
    if (e instanceof Error && /cannot differentiate/.test(e.message)) {
      fail(`tf.grad of ${label} with respect to yPred fails, so Dice cannot train a network; it must keep a finite gradient. tf has no gradient for comparisons: the empty case cannot be written with tf.where(tf.equal(…)) on a value computed from yPred, and a thresholded or dataSync()-rebuilt yPred has no gradient either. Decide the empty case from the numbers and add a constant above and below`, { hintKey: 'dice-empty' });
    }
    throw e;
  }
}

export default defineChecks<M>({
  checks: [
    {
      id: 'output-shape', name: 'output [size, size, outChannels] for 32×32 base 8 depth 2, 16×16 depth 3 with 3 classes, and a random configuration per grade', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        for (const c of [A, C3, randomConfig(gradeRng())]) {
          const d = await ctx.inSandbox<Described>('describe', c);
          const want = [c.size, c.size, c.outChannels];
          if (shp(d.outputShape) !== shp(want)) fail(`${cfgText(c)}: output shape ${shp(d.outputShape)}, expected ${shp(want)}: a U-Net outputs one prediction per input pixel (each transposed conv doubles what a pool halved)`, { expected: shp(want), actual: shp(d.outputShape) });
          const inp = d.layers[0];
          if (inp && inp.className === 'InputLayer' && shp(inp.outputShape) !== shp([c.size, c.size, 1])) fail(`${cfgText(c)}: input shape ${shp(inp.outputShape)}, expected [${c.size},${c.size},1] (one input channel)`);
        }
      },
    },
    {
      id: 'skip-connections', name: 'one Concatenate per level (depth of them), each joining base·2^l + base·2^l channels', fn: 'buildTinyUNet', hintKey: 'unet-skips',
      async run(_m, ctx) {
        for (const c of [A, C3]) expectSkips(await ctx.inSandbox<Described>('describe', c), c);
      },
    },
    {
      id: 'up-sampling', name: 'every up-sampling step is a Conv2DTranspose with a 2×2 kernel and stride 2, followed by two 3×3 convs', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        for (const c of [A, C3]) {
          const d = await ctx.inSandbox<Described>('describe', c);
          const ups = d.layers.filter((l) => l.className === 'Conv2DTranspose');
          if (ups.length !== c.depth) {
            const other = d.layers.find((l) => l.className === 'UpSampling2D');
            fail(`${cfgText(c)}: ${ups.length} Conv2DTranspose layers, expected ${c.depth}${other ? ' (UpSampling2D repeats pixels and learns nothing; use tf.layers.conv2dTranspose({ kernelSize: 2, strides: 2 }))' : ''}`, { hintKey: 'unet-upsampling' });
          }
          for (const u of ups) {
            if ((u.kernelSize ?? []).join() !== '2,2' || (u.strides ?? []).join() !== '2,2') fail(`${cfgText(c)}: a Conv2DTranspose with kernel ${shp(u.kernelSize ?? [])} and strides ${shp(u.strides ?? [])}, expected kernel [2,2] and strides [2,2]`, { hintKey: 'unet-upsampling' });
          }
          const convs = d.layers.filter((l) => l.className === 'Conv2D' && (l.kernelSize ?? []).join() === '3,3');
          const wantConvs = 2 * (2 * c.depth + 1);
          if (convs.length !== wantConvs) fail(`${cfgText(c)}: ${convs.length} 3×3 convs, expected ${wantConvs}: two per encoder level, two in the bottleneck, two per decoder level`, { hintKey: 'unet-levels' });
          const bad = convs.find((l) => l.padding !== 'same');
          if (bad) fail(`${cfgText(c)}: a 3×3 conv with padding '${bad.padding}', expected 'same' (the sizes must match for the skip connections)`, { hintKey: 'unet-levels' });
        }
      },
    },
    {
      id: 'param-count', name: 'countParams = 29 321 (base 8) and 7 397 (base 4) at 32×32, depth 2, 1 output channel; and a random configuration per grade', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        for (const c of [A, B, randomConfig(gradeRng())]) {
          const d = await ctx.inSandbox<Described>('describe', c);
          const want = refParams(c);
          if (d.params === want) continue;
          const named: Array<[number, string, string]> = [
            [refParams(c, { skips: false }), `${NO_SKIPS} (the decoder convs see only the up-sampled features)`, 'unet-skips'],
            [refParams(c, { bottleneck: c.base * 2 ** (c.depth - 1) }), `the bottleneck has base·2^(depth−1) = ${c.base * 2 ** (c.depth - 1)} filters, expected base·2^depth = ${c.base * 2 ** c.depth}`, 'unet-levels'],
            [refParams(c, { convsPerLevel: 1 }), 'one conv per level; each level has two 3×3 convs', 'unet-levels'],
          ];
          const hit = named.find(([n]) => n === d.params);
          fail(`${cfgText(c)}: ${d.params} parameters, expected ${want}${hit ? `: ${hit[1]}` : ''}`, { expected: String(want), actual: String(d.params), hintKey: hit ? hit[2] : 'param-count' });
        }
      },
    },
    {
      id: 'head-activation', name: 'the head is a 1×1 conv: sigmoid outputs in [0, 1] for one channel, softmax (channels sum to 1) for several', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        for (const c of [B, { ...C3, size: 16 }]) {
          const rng = mulberry32(9);
          const n = 2, x = Array.from({ length: n * c.size * c.size }, () => 4 * rng() - 2);
          const d = await ctx.inSandbox<Described>('describe', c);
          const last = d.layers[d.layers.length - 1];
          const want = c.outChannels === 1 ? 'sigmoid' : 'softmax';
          if (!last || last.className !== 'Conv2D' || (last.kernelSize ?? []).join() !== '1,1') fail(`${cfgText(c)}: the last layer is ${last?.className ?? 'missing'}${last?.kernelSize ? ` ${shp(last.kernelSize)}` : ''}, expected a 1×1 Conv2D with ${c.outChannels} filters`, { hintKey: 'unet-head' });
          const r = await ctx.inSandbox<{ min: number; max: number; sumErr: number }>('outputs', { ...c, x, n });
          if (r.min < 0 || r.max > 1) fail(`${cfgText(c)}: outputs range from ${r.min.toFixed(3)} to ${r.max.toFixed(3)}: Dice computed on logits — the head has no ${want}, so the model outputs logits and a Dice of them is not an overlap of probabilities. Give the 1×1 conv activation '${want}'`, { hintKey: 'dice-on-logits' });
          if (c.outChannels > 1 && r.sumErr > 1e-4) fail(`${cfgText(c)}: the ${c.outChannels} channels of a pixel sum to 1 ± ${r.sumErr.toFixed(3)}, expected 1: with several classes the head is a softmax over channels (activation '${want}'), not a sigmoid per channel`, { hintKey: 'unet-head' });
          if (last.activation !== want) fail(`${cfgText(c)}: the head's activation is '${last.activation}', expected '${want}'`, { hintKey: 'unet-head' });
        }
      },
    },
    {
      id: 'seeded', name: 'the same seed builds the same weights; another seed builds other weights', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        const s = 1 + Math.floor(gradeRng()() * 1000);
        const r = await ctx.inSandbox<{ same: boolean; different: boolean }>('seeded', { ...B, size: 16, seed: s });
        if (!r.same) fail(`two U-Nets built with seed ${s} have different weights: give every kernelInitializer a seed derived from o.seed (e.g. tf.initializers.heNormal({ seed: o.seed + i }))`);
        if (!r.different) fail(`seeds ${s} and ${s + 7} build identical weights: derive the initializers' seeds from o.seed`);
      },
    },
    {
      id: 'overfit-one-batch', name: 'fits one batch of 8 shapes images (16×16, 8×8 on the pure-JS engine; base 4): binary cross-entropy < 0.2 within 40 Adam steps', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        // The pure-JS engine trains 8×8 crops (4× less work) to keep the check short.
        const size = ctx.engine === 'cpu' ? 8 : 16;
        const d = drawShapes({ n: 8, size, kinds: ['circle', 'square', 'triangle'], seed: 5 });
        const c = { size, base: 4, depth: 2 as const, outChannels: 1, seed: 3, n: 8, x: Array.from(d.images), y: Array.from(d.masks, (v) => (v > 0 ? 1 : 0)), steps: 40, lr: 0.02, target: 0.2 };
        const r = await ctx.inSandbox<{ losses: number[] }>('overfit', c);
        const last = r.losses[r.losses.length - 1];
        if (!(last < 0.2)) fail(`binary cross-entropy ${last?.toFixed(3)} after ${r.losses.length} steps (first ${r.losses[0]?.toFixed(3)}), expected < 0.2 within 40: does every layer get a gradient (ReLU convs, a sigmoid head, nothing frozen)?`, { expected: '< 0.2', actual: `${last}` });
      },
    },
    {
      id: 'build-bad-inputs', name: 'a size that is not a multiple of 2^depth throws', fn: 'buildTinyUNet',
      async run(_m, ctx) {
        const missed = await ctx.inSandbox<string[]>('badCalls');
        if (missed.length) fail(`${missed.join(', ')} did not throw: every level halves the size, so it must be a multiple of 2^depth (otherwise the skip and the up-sampled map differ in size)`);
      },
    },
    {
      id: 'dice-value', name: 'Dice = (2·Σ yTrue·yPred + s) / (Σ yTrue + Σ yPred + s) over all elements: [2,4,4,1] and [2,3,3,3], smooth 0, 1 and 0.5', fn: 'diceCoefficient',
      run(m) {
        const rng = mulberry32(21);
        const s1 = [2, 4, 4, 1], s2 = [2, 3, 3, 3];
        const n1 = 32, n2 = 54;
        const t1 = binary(rng, n1), p1 = probs(rng, n1), t2 = binary(rng, n2), p2 = probs(rng, n2);
        expectDice(m, s1, t1, p1, 0, 'diceCoefficient(yTrue [2,4,4,1], yPred [2,4,4,1], 0)');
        expectDice(m, s1, t1, p1, 1, 'diceCoefficient(yTrue [2,4,4,1], yPred [2,4,4,1], 1)');
        expectDice(m, s2, t2, p2, 0.5, 'diceCoefficient(yTrue [2,3,3,3], yPred [2,3,3,3], 0.5)');
      },
    },
    {
      id: 'dice-random', name: 'Dice equals the reference and lies in [0, 1] on random masks and probabilities (per grade)', fn: 'diceCoefficient',
      run(m) {
        const rng = gradeRng();
        for (let k = 0; k < 3; k++) {
          const shape = [1 + Math.floor(rng() * 3), 2 + Math.floor(rng() * 5), 2 + Math.floor(rng() * 5), 1];
          const n = shape.reduce((a, b) => a * b, 1);
          const t = binary(rng, n, 0.2 + 0.5 * rng()), p = probs(rng, n), s = Math.round(rng() * 10) / 10;
          const v = tf.tidy(() => m.diceCoefficient(tf.tensor(t, shape), tf.tensor(p, shape), s).dataSync()[0]);
          if (!(v >= 0 && v <= 1)) fail(`diceCoefficient(yTrue ${shp(shape)}, yPred ${shp(shape)} of probabilities, ${s}) = ${v}, outside [0, 1]: Dice is an overlap ratio; was yPred treated as logits or the smoothing added unevenly?`, { hintKey: 'dice-formula' });
          expectDice(m, shape, t, p, s, `diceCoefficient(yTrue ${shp(shape)}, random yPred, ${s})`);
        }
      },
    },
    {
      id: 'dice-empty', name: 'both masks empty → Dice 1 (smooth 0 and the default), with a finite gradient', fn: 'diceCoefficient',
      run(m) {
        for (const s of [0, undefined]) {
          const label = `diceCoefficient(zeros [2,3,3,1], zeros [2,3,3,1]${s === undefined ? '' : `, ${s}`})`;
          const v = tf.tidy(() => {
            const z = tf.zeros([2, 3, 3, 1]);
            return (s === undefined ? m.diceCoefficient(z, z.clone()) : m.diceCoefficient(z, z.clone(), s)).dataSync()[0];
          });
          if (Number.isNaN(v)) fail(`${label} = NaN: 0/0 when both masks are empty; both empty means a perfect match, Dice 1`, { hintKey: 'dice-empty' });
          expectClose(v, 1, { atol: 1e-6, name: label });
        }
        const z = tf.zeros([2, 3, 3, 1]), zp = tf.zeros([2, 3, 3, 1]);
        try {
          const { value, grads } = diceGrads(m, [z, zp, 0], 'diceCoefficient(zeros, zeros, 0)');
          const g = grads[0].dataSync();
          const bad = Array.from(g).findIndex((x) => !Number.isFinite(x));
          tf.dispose([value, ...grads]);
          if (bad >= 0) fail(`the gradient of diceCoefficient(zeros, zeros, 0) with respect to yPred has ${g[bad]} at element ${bad}: the empty case must keep a finite gradient. A tf.where(tf.equal(…), 1, ratio) on values computed from yPred still sends NaN (0/0) through the ratio's gradient; decide the empty case from the numbers, outside the gradient`, { hintKey: 'dice-empty' });
        } finally {
          tf.dispose([z, zp]);
        }
      },
    },
    {
      id: 'dice-grad', name: 'tf.grad of Dice with respect to yPred equals the reference gradient (soft Dice trains)', fn: 'diceCoefficient',
      run(m) {
        const rng = gradeRng();
        const shape = [2, 3, 3, 1], n = 18;
        const t = tf.tensor(binary(rng, n), shape), p = tf.tensor(probs(rng, n), shape);
        try {
          const { value, grads } = diceGrads(m, [t, p, 1], 'diceCoefficient(yTrue, yPred, 1)');
          const want = tf.grad((q: tf.Tensor) => refDice(t, q, 1))(p);
          try {
            expectTensorClose(grads[0], want, { name: '∂Dice/∂yPred', atol: 1e-5, rtol: 1e-3 });
          } finally {
            tf.dispose([value, ...grads, want]);
          }
        } finally {
          tf.dispose([t, p]);
        }
      },
    },
    {
      id: 'iou-values', name: 'perClassIoU = TP/(TP + FP + FN) per class over all pixels; a class absent from both maps gets 0', fn: 'perClassIoU',
      run(m) {
        // 2 images of 3×4, 4 classes; class 3 appears in neither map.
        const t = [0, 0, 1, 1, 0, 2, 2, 1, 0, 0, 0, 1, /**/ 1, 1, 0, 0, 2, 2, 0, 0, 1, 0, 0, 2];
        const p = [0, 1, 1, 1, 0, 2, 0, 1, 0, 0, 2, 1, /**/ 1, 0, 0, 0, 2, 2, 2, 0, 1, 1, 0, 2];
        const cases: Array<[number[], number[], number[], number]> = [[t, p, [2, 3, 4], 4]];
        const rng = gradeRng();
        const k = 2 + Math.floor(rng() * 3), n = 2 + Math.floor(rng() * 2), h = 3 + Math.floor(rng() * 3);
        const rt = Array.from({ length: n * h * h }, () => Math.floor(rng() * k));
        const rp = rt.map((v) => (rng() < 0.35 ? Math.floor(rng() * k) : v));
        cases.push([rt, rp, [n, h, h], k + 1]);
        for (const [yt, yp, shape, K] of cases) {
          const got = tf.tidy(() => m.perClassIoU(tf.tensor3d(yt, shape as [number, number, number], 'int32'), tf.tensor3d(yp, shape as [number, number, number], 'int32'), K));
          const label = `perClassIoU(class maps ${shp(shape)}, ${K} classes, class ${K - 1} in neither map)`;
          if (!Array.isArray(got) || got.length !== K) fail(`${label}: ${Array.isArray(got) ? `${got.length} values` : typeof got}, expected an array of ${K} numbers (one per class)`);
          const perImage = Array.from({ length: K }, (_, c) => {
            const per = Array.from({ length: shape[0] }, (_, b) => { const sz = yt.length / shape[0]; return refIoU(yt.slice(b * sz, (b + 1) * sz), yp.slice(b * sz, (b + 1) * sz), K)[c]; });
            return per.reduce((a, b) => a + b, 0) / per.length;
          });
          expectTensorClose(got, refIoU(yt, yp, K), { name: label, atol: 1e-6, mistakes: [
            { when: refIoU(yt, yp, K, { absent: 1 }), message: `class ${K - 1} is in neither map and got IoU 1; a class absent from both maps gets 0`, hintKey: 'iou-absent' },
            { when: (g: number[]) => Number.isNaN(g[K - 1]), message: `class ${K - 1} is in neither map and got NaN (0/0); a class absent from both maps gets 0`, hintKey: 'iou-absent' },
            { when: refIoU(yt, yp, K, { recall: true }), message: 'TP / (TP + FN) is the recall per class; IoU also counts the false positives: TP / (TP + FP + FN)', hintKey: 'iou-formula' },
            { when: refIoU(yt, yp, K, { dice: true }), message: 'that is the Dice (F1) per class, 2·TP / (2·TP + FP + FN); IoU is TP / (TP + FP + FN)', hintKey: 'iou-formula' },
            { when: perImage, message: 'the mean of per-image IoUs; count TP, FP and FN over all pixels of all images, then divide once', hintKey: 'iou-formula' },
          ] });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P2',
      fn: 'diceCoefficient',
      calls: [
        { name: 'diceCoefficient', inputs: () => ({ yTrue: tf.tensor4d([1, 0, 1, 1], [1, 2, 2, 1]), yPred: tf.tensor4d([0.9, 0.2, 0.6, 0.7], [1, 2, 2, 1]) }), call: (m, i) => m.diceCoefficient(i.yTrue, i.yPred, 1) },
        { name: 'perClassIoU', inputs: () => ({ yTrue: tf.tensor3d([0, 1, 2, 1], [1, 2, 2], 'int32'), yPred: tf.tensor3d([0, 1, 1, 1], [1, 2, 2], 'int32') }), call: (m, i) => m.perClassIoU(i.yTrue, i.yPred, 3) },
      ],
      badInputs: [
        { name: 'diceCoefficient(yTrue [1,4,4,1], yPred [1,4,4,2])', call: (m) => tf.tidy(() => m.diceCoefficient(tf.zeros([1, 4, 4, 1]), tf.zeros([1, 4, 4, 2]))), why: 'the two masks must have the same shape (tf would broadcast them silently)', mistake: 'shapes that differ accepted', hintKey: 'dice-shapes' },
        { name: 'perClassIoU(maps with class 3, numClasses 3)', call: (m) => tf.tidy(() => m.perClassIoU(tf.tensor3d([0, 3], [1, 1, 2], 'int32'), tf.tensor3d([0, 1], [1, 1, 2], 'int32'), 3)), why: 'a class id must lie in 0…numClasses − 1', mistake: 'a class id out of range accepted', hintKey: 'iou-formula' },
      ],
      names: { 'bad-inputs-throw': 'masks of different shapes and class ids ≥ numClasses throw' },
    }),
  ],
});
