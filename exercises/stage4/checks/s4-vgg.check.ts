/**
 * Checks for s4-vgg. vggBlock and buildToyVGG build layers, which stay next to the learner's code:
 * the `sandboxed` parts wrap them in a model there and send back plain data (layer classes, output
 * shapes, parameters, activations, weights, losses). The judge compares that data with the layers
 * computed by arithmetic and names the first layer that differs. receptiveField is plain numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, fail, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import { modelInfo, type LayerInfo, type ModelInfo } from './lenetModel';

type M = typeof import('../solutions/s4-vgg');
type VggOptions = { inputShape: [number, number, number]; numClasses: number; width: number; seed: number };
interface WeightsInfo { sums: number[]; heads: number[][]; shapes: number[][] }

const real = (info: ModelInfo): LayerInfo[] => info.layers.filter((l) => l.cls !== 'InputLayer');

export const sandboxed = {
  block(m: M, a: { shape: [number, number, number]; filters: number; convs: number; seed: number }): ModelInfo {
    const x = tf.input({ shape: a.shape });
    const model = tf.model({ inputs: x, outputs: m.vggBlock(x, a.filters, a.convs, a.seed) });
    try { return modelInfo(model); } finally { model.dispose(); }
  },
  model(m: M, a: { blocks: number[]; o: VggOptions }): ModelInfo {
    const model = m.buildToyVGG(a.blocks, a.o);
    try { return modelInfo(model); } finally { model.dispose(); }
  },
  weights(m: M, a: { blocks: number[]; o: VggOptions }): WeightsInfo {
    const model = m.buildToyVGG(a.blocks, a.o);
    try {
      const ws = model.getWeights();
      return { shapes: ws.map((w) => w.shape), sums: ws.map((w) => tf.tidy(() => tf.sum(tf.abs(w)).dataSync()[0])), heads: ws.map((w) => Array.from(w.dataSync().slice(0, 8))) };
    } finally { model.dispose(); }
  },
  async overfit(m: M, c: { blocks: number[]; o: VggOptions; n: number; maxSteps: number; target: number; lr: number; dataSeed: number }): Promise<{ losses: number[] }> {
    const model = m.buildToyVGG(c.blocks, c.o);
    const [h, w, ch] = c.o.inputShape, C = c.o.numClasses;
    const rng = mulberry32(c.dataSeed);
    const x = tf.tensor4d(Float32Array.from({ length: c.n * h * w * ch }, () => rng()), [c.n, h, w, ch]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: c.n }, (_, i) => i % C), 'int32'), C).toFloat());
    model.compile({ optimizer: tf.train.adam(c.lr), loss: 'categoricalCrossentropy' });
    const losses: number[] = [];
    try {
      while (losses.length < c.maxSteps) {
        const l = await model.trainOnBatch(x, y);
        losses.push(Array.isArray(l) ? l[0] : l);
        if (losses[losses.length - 1] < c.target) break;
      }
      return { losses };
    } finally { tf.dispose([x, y]); model.dispose(); }
  },
};

/** The reference layers of blocks of 3×3 'same' ReLU convolutions + 2×2 max pools, then the head. */
function refLayers(shape: [number, number, number], blocks: Array<{ filters: number; convs: number }>, numClasses?: number): LayerInfo[] {
  let [h, w, c] = shape;
  const out: LayerInfo[] = [];
  for (const b of blocks) {
    for (let i = 0; i < b.convs; i++) {
      out.push({ cls: 'Conv2D', name: '', out: [null, h, w, b.filters], params: b.filters * (9 * c + 1), activation: 'relu', kernel: [3, 3], padding: 'same', filters: b.filters });
      c = b.filters;
    }
    h = Math.floor(h / 2); w = Math.floor(w / 2);
    out.push({ cls: 'MaxPooling2D', name: '', out: [null, h, w, c], params: 0, poolSize: [2, 2], strides: [2, 2] });
  }
  if (numClasses !== undefined) {
    out.push({ cls: 'Flatten', name: '', out: [null, h * w * c], params: 0 });
    out.push({ cls: 'Dense', name: '', out: [null, numClasses], params: h * w * c * numClasses + numClasses, activation: 'softmax', units: numClasses });
  }
  return out;
}

const shp = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
const row = (l: LayerInfo) => `${l.cls}${l.activation && l.activation !== 'linear' ? `(${l.activation})` : ''} ${shp(l.out.slice(1))} ${l.params}`;

/** Fails with the first layer that differs, in the learner's words. */
function expectLayers(got: LayerInfo[], want: LayerInfo[], call: string, hintKey: string): void {
  const where = (i: number) => `${call}: layer ${i + 1} (${got[i].cls})`;
  const e = { expected: want.map(row).join(' → '), actual: got.map(row).join(' → ') };
  const act = got.findIndex((l) => l.cls === 'Activation');
  if (act >= 0) fail(`${where(act)}: a separate Activation layer; put activation: 'relu' inside the Conv2D`, { ...e, hintKey: 'activation-layer' });
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const a = got[i], b = want[i];
    if (!a) fail(`${call}: ${got.length} layers, expected ${want.length}; missing from layer ${i + 1}: ${b.cls}`, { ...e, hintKey: b.cls === 'MaxPooling2D' ? 'missing-pool' : hintKey });
    if (!b) fail(`${call}: ${got.length} layers, expected ${want.length}; layer ${i + 1} (${a.cls}, output ${shp(a.out)}) is extra`, { ...e, hintKey });
    if (a.cls !== b.cls) {
      const why = b.cls === 'MaxPooling2D' && a.cls === 'Conv2D' ? ' — each block ends with its 2×2 max pool (the block includes its pool)' : b.cls === 'MaxPooling2D' && a.cls === 'AveragePooling2D' ? ' — VGG uses max pooling' : '';
      fail(`${where(i)}: expected ${b.cls} here, got ${a.cls} with output ${shp(a.out)}${why}`, { ...e, hintKey: b.cls === 'MaxPooling2D' && a.cls === 'Conv2D' ? 'missing-pool' : hintKey });
    }
    if (shp(a.out) !== shp(b.out)) {
      let why = '';
      if (a.cls === 'Conv2D' && a.padding === 'valid') why = ` — 'valid' 3×3 loses 2 pixels; VGG's convolutions are 'same' and keep the size`;
      else if (a.cls === 'Conv2D' && a.filters !== b.filters) why = ` — ${b.filters} filters expected, got ${a.filters}${b.filters === 2 * (a.filters ?? 0) || (a.filters ?? 0) === (want[0].filters ?? 0) ? ' (the filters double with every block: width · 2^block)' : ''}`;
      else if (a.cls === 'Conv2D' && a.kernel && a.kernel[0] !== 3) why = ` — the kernel is ${a.kernel.join('×')}; VGG uses 3×3`;
      else if (a.cls === 'MaxPooling2D') why = ' — a 2×2 pool with stride 2 halves the size';
      fail(`${where(i)}: expected output ${shp(b.out)}, got ${shp(a.out)}${why}`, { ...e, hintKey: a.padding === 'valid' ? 'valid-padding' : a.cls === 'Conv2D' && a.filters !== b.filters ? 'filters-double' : hintKey });
    }
    if (a.cls === 'Conv2D' && a.kernel && a.kernel[0] !== 3) fail(`${where(i)}: a ${a.kernel.join('×')} kernel; VGG uses only 3×3 convolutions`, { ...e, hintKey });
    if (a.params !== b.params) fail(`${where(i)}: ${a.params} parameters, expected ${b.params}${a.params < b.params ? ' — is the bias switched off?' : ''}`, { ...e, hintKey });
    if (b.activation && (a.activation ?? 'linear') !== b.activation) {
      const msg = b.activation === 'softmax'
        ? `${where(i)}: activation '${a.activation ?? 'linear'}'; the output layer needs 'softmax'`
        : `${where(i)}: ${(a.activation ?? 'linear') === 'linear' ? 'a missing activation between convolutions: this Conv2D is linear, so it and the next one collapse into one linear map' : `activation '${a.activation}'`}; VGG's convolutions use 'relu'`;
      fail(msg, { ...e, hintKey: b.activation === 'softmax' ? 'softmax-output' : 'missing-activation' });
    }
  }
}

/** The receptive-field mistakes worth naming. */
const RF = {
  ok: (ls: Array<{ kernel: number; stride: number; dilation?: number }>) => { let r = 1, j = 1; for (const l of ls) { r += (l.kernel - 1) * (l.dilation ?? 1) * j; j *= l.stride; } return r; },
  noStrides: (ls: Array<{ kernel: number; stride: number; dilation?: number }>) => 1 + ls.reduce((s, l) => s + (l.kernel - 1) * (l.dilation ?? 1), 0),
  ownStride: (ls: Array<{ kernel: number; stride: number; dilation?: number }>) => { let r = 1, j = 1; for (const l of ls) { j *= l.stride; r += (l.kernel - 1) * (l.dilation ?? 1) * j; } return r; },
  noDilation: (ls: Array<{ kernel: number; stride: number; dilation?: number }>) => { let r = 1, j = 1; for (const l of ls) { r += (l.kernel - 1) * j; j *= l.stride; } return r; },
  sumKernels: (ls: Array<{ kernel: number; stride: number; dilation?: number }>) => ls.reduce((s, l) => s + l.kernel, 0),
};

const BASE: VggOptions = { inputShape: [16, 16, 3], numClasses: 4, width: 8, seed: 5 };

export default defineChecks<M>({
  checks: [
    {
      id: 'receptive-field-basics', name: 'receptiveField: one 3×3 → 3, two → 5, three → 7, one 5×5 → 5, no layers → 1', fn: 'receptiveField',
      run(m) {
        const c3 = { kernel: 3, stride: 1 };
        for (const [ls, want] of [[[c3], 3], [[c3, c3], 5], [[c3, c3, c3], 7], [[{ kernel: 5, stride: 1 }], 5], [[], 1]] as const) {
          const got = m.receptiveField(ls.map((l) => ({ ...l })));
          if (got === RF.sumKernels([...ls]) && got !== want) fail(`receptiveField(${JSON.stringify(ls)}) = ${got}: you added the kernel sizes; each layer adds kernel − 1 to a field that starts at 1 (expected ${want})`, { hintKey: 'receptive-field-basics' });
          expectClose(got, want, { name: `receptiveField(${JSON.stringify(ls)})`, atol: 0 });
        }
      },
    },
    {
      id: 'receptive-field-strides', name: 'receptiveField on stacks with strides > 1 and dilation: each layer adds (k − 1)·d·(product of the strides below it)', fn: 'receptiveField',
      run(m) {
        const rng = gradeRng();
        const vgg = [{ kernel: 3, stride: 1 }, { kernel: 3, stride: 1 }, { kernel: 2, stride: 2 }, { kernel: 3, stride: 1 }, { kernel: 3, stride: 1 }, { kernel: 2, stride: 2 }, { kernel: 3, stride: 1 }];
        const random = Array.from({ length: 4 + Math.floor(rng() * 4) }, () => ({ kernel: 1 + Math.floor(rng() * 5), stride: 1 + Math.floor(rng() * 3), dilation: rng() < 0.3 ? 2 : 1 }));
        random[1] = { kernel: 3, stride: 2, dilation: 1 }; // at least one stride > 1 below later layers
        random[2] = { kernel: 3, stride: 1, dilation: 2 };
        for (const ls of [vgg, random]) {
          const want = RF.ok(ls);
          const got = m.receptiveField(ls.map((l) => ({ ...l })));
          expectClose(got, want, { name: `receptiveField(${JSON.stringify(ls)})`, atol: 0, mistakes: [
            { when: RF.noStrides(ls), message: 'strides ignored: after a stride-2 layer, neighbouring positions are 2 input pixels apart, so the next layer\'s (k − 1) counts twice; multiply by the product of the strides of the layers below', hintKey: 'strides-ignored' },
            { when: RF.ownStride(ls), message: 'each layer\'s own stride was included in its product: a layer\'s stride only spaces out the layers ABOVE it (update the product after adding)', hintKey: 'own-stride' },
            { when: RF.noDilation(ls), message: 'dilation ignored: a dilated kernel spans (k − 1)·d + 1 pixels', hintKey: 'dilation-ignored' },
          ] });
        }
      },
    },
    {
      id: 'vgg-block', name: 'vggBlock: convs × Conv2D(filters, 3×3, \'same\', ReLU) then MaxPooling2D(2, 2)', fn: 'vggBlock',
      async run(_m, ctx) {
        for (const a of [{ shape: [16, 16, 8] as [number, number, number], filters: 16, convs: 2, seed: 1 }, { shape: [12, 10, 3] as [number, number, number], filters: 4, convs: 3, seed: 2 }]) {
          const got = await ctx.inSandbox<ModelInfo>('block', a);
          expectLayers(real(got), refLayers(a.shape, [{ filters: a.filters, convs: a.convs }]), `vggBlock(input [${a.shape}], ${a.filters}, ${a.convs})`, 'vgg-block');
        }
      },
    },
    {
      id: 'vgg-model', name: 'buildToyVGG([2, 2, 2], 16×16×3, 4 classes, width 8): filters 8, 16, 32; Flatten → Dense(4, softmax); exact countParams', fn: 'buildToyVGG',
      async run(_m, ctx) {
        const rng = gradeRng();
        const cases: Array<{ blocks: number[]; o: VggOptions }> = [
          { blocks: [2, 2, 2], o: BASE },
          { blocks: [1, 2 + Math.floor(rng() * 2)], o: { inputShape: [8 + 4 * Math.floor(rng() * 3), 12, 1], numClasses: 2 + Math.floor(rng() * 5), width: 2 + Math.floor(rng() * 4), seed: 3 } },
        ];
        for (const c of cases) {
          const got = await ctx.inSandbox<ModelInfo>('model', c);
          const want = refLayers(c.o.inputShape, c.blocks.map((convs, i) => ({ convs, filters: c.o.width * 2 ** i })), c.o.numClasses);
          const call = `buildToyVGG(${JSON.stringify(c.blocks)}, { inputShape: [${c.o.inputShape}], numClasses: ${c.o.numClasses}, width: ${c.o.width} })`;
          expectLayers(real(got), want, call, 'vgg-model');
          const total = want.reduce((s, l) => s + l.params, 0);
          if (got.countParams !== total) fail(`${call}: countParams() = ${got.countParams}, expected ${total}`, { hintKey: 'vgg-model' });
        }
      },
    },
    {
      id: 'vgg-seed', name: 'buildToyVGG: the same seed builds identical weights; another seed other weights', fn: 'buildToyVGG',
      async run(_m, ctx) {
        const seed = 1 + Math.floor(gradeRng()() * 1000);
        const a1 = { blocks: [2, 1], o: { ...BASE, seed } };
        const [a, b, c] = [await ctx.inSandbox<WeightsInfo>('weights', a1), await ctx.inSandbox<WeightsInfo>('weights', a1), await ctx.inSandbox<WeightsInfo>('weights', { ...a1, o: { ...a1.o, seed: seed + 37 } })];
        const i = a.sums.findIndex((s, k) => s !== b.sums[k] || a.heads[k].some((v, j) => v !== b.heads[k][j]));
        if (i >= 0) fail(`two models built with seed ${seed} have different weights (weight ${i}, shape [${a.shapes[i]}]): seed every kernelInitializer from the seed you are given`, { hintKey: 'unseeded' });
        const kernels = a.shapes.map((_, k) => k).filter((k) => a.shapes[k].length > 1);
        const same = kernels.filter((k) => a.sums[k] === c.sums[k]);
        if (same.length) fail(`seeds ${seed} and ${seed + 37} build the same kernel (weight ${same.join(', ')}): derive every layer's seed from o.seed`, { hintKey: 'unseeded' });
        for (let p = 0; p < kernels.length; p++) {
          for (let q = p + 1; q < kernels.length; q++) {
            const [u, v] = [a.heads[kernels[p]], a.heads[kernels[q]]];
            const r = u[0] / v[0];
            if (Number.isFinite(r) && u.every((x, j) => Math.abs(x - r * v[j]) <= 1e-5 * Math.abs(x) + 1e-9)) {
              fail(`weights ${kernels[p]} and ${kernels[q]} start from the same random numbers (one a scaled copy of the other): give every convolution its own seed (seed + 0, seed + 1, …)`, { hintKey: 'same-seed-every-layer' });
            }
          }
        }
      },
    },
    {
      id: 'vgg-overfit', name: 'the toy VGG overfits one batch: 16 images, Adam, cross-entropy below 0.05 within 40 steps', fn: 'buildToyVGG',
      async run(_m, ctx) {
        const cpu = ctx.engine === 'cpu';
        const c = { blocks: cpu ? [1, 1] : [2, 2, 2], o: { ...BASE, inputShape: (cpu ? [8, 8, 3] : [16, 16, 3]) as [number, number, number], seed: 9 }, n: cpu ? 8 : 16, maxSteps: 40, target: 0.05, lr: 0.01, dataSeed: 3 };
        const r = await ctx.inSandbox<{ losses: number[] }>('overfit', c);
        const last = r.losses[r.losses.length - 1];
        if (!(last < c.target)) fail(`after ${r.losses.length} Adam steps (lr ${c.lr}) on ${c.n} images the cross-entropy is ${last?.toFixed(4)} (started at ${r.losses[0]?.toFixed(4)}); a correct toy VGG gets below ${c.target} in about 15 steps`, { expected: `< ${c.target}`, actual: String(last), hintKey: 'vgg-overfit' });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P2',
      fn: 'receptiveField',
      badInputs: [
        { name: 'receptiveField([{ kernel: 3, stride: 0 }])', call: (m) => m.receptiveField([{ kernel: 3, stride: 0 }]), why: 'a stride of 0 never moves' },
        { name: 'receptiveField([{ kernel: 0, stride: 1 }])', call: (m) => m.receptiveField([{ kernel: 0, stride: 1 }]), why: 'a kernel covers at least one pixel' },
        { name: 'receptiveField([{ kernel: 3, stride: 1, dilation: 0 }])', call: (m) => m.receptiveField([{ kernel: 3, stride: 1, dilation: 0 }]), why: 'dilation is at least 1' },
        { name: 'buildToyVGG([1, 1, 1, 1, 1], 16×16)', call: (m) => m.buildToyVGG([1, 1, 1, 1, 1], BASE), why: 'five halvings take 16 pixels below 1' },
        { name: 'buildToyVGG([2], numClasses 1)', call: (m) => m.buildToyVGG([2], { ...BASE, numClasses: 1 }), why: 'a classifier needs at least 2 classes' },
      ],
      names: { 'bad-inputs-throw': 'receptiveField throws for a kernel, stride or dilation < 1; buildToyVGG for too many blocks and numClasses < 2' },
    }),
  ],
});
