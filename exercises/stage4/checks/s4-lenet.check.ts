/**
 * Checks for s4-lenet. buildLeNet5 returns a tf model, which stays next to the learner's code (in
 * the judge it is a handle), so it is inspected and trained there (`sandboxed`): only plain data
 * comes back (layer classes, output shapes, parameter counts, weights, losses). The judge compares
 * that data with LeNet-5's layers computed by arithmetic, and names the first layer that differs.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import { firstDifference, modelInfo, refCount, refLayers, type LeNetOptions, type ModelInfo } from './lenetModel';

type M = typeof import('../solutions/s4-lenet');

interface WeightsInfo { shapes: number[][]; sums: number[]; heads: number[][] }
interface OverfitInfo { losses: number[]; ms: number }
interface OverfitCase { o: LeNetOptions; n: number; maxSteps: number; target: number; lr: number; dataSeed: number }

/** Parts that run next to the learner's code: the model lives there. */
export const sandboxed = {
  describe(m: M, o: LeNetOptions): ModelInfo {
    const model = m.buildLeNet5(o);
    try { return modelInfo(model); } finally { model.dispose(); }
  },
  weights(m: M, o: LeNetOptions): WeightsInfo {
    const model = m.buildLeNet5(o);
    try {
      const ws = model.getWeights();
      return {
        shapes: ws.map((w) => w.shape),
        sums: ws.map((w) => tf.tidy(() => tf.sum(tf.abs(w)).dataSync()[0])),
        heads: ws.map((w) => Array.from(w.dataSync().slice(0, 8))),
      };
    } finally { model.dispose(); }
  },
  /** Adam on one fixed batch of seeded noise images until the loss is below target or maxSteps. */
  async overfit(m: M, c: OverfitCase): Promise<OverfitInfo> {
    const model = m.buildLeNet5(c.o);
    const [h, w, ch] = c.o.inputShape, C = c.o.numClasses;
    const rng = mulberry32(c.dataSeed);
    const x = tf.tensor4d(Float32Array.from({ length: c.n * h * w * ch }, () => rng()), [c.n, h, w, ch]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: c.n }, (_, i) => i % C), 'int32'), C).toFloat());
    const opt = tf.train.adam(c.lr);
    model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    const losses: number[] = [];
    const t0 = Date.now();
    try {
      while (losses.length < c.maxSteps) {
        const l = await model.trainOnBatch(x, y);
        losses.push(Array.isArray(l) ? l[0] : l);
        if (losses[losses.length - 1] < c.target) break;
      }
      return { losses, ms: Date.now() - t0 };
    } finally { tf.dispose([x, y]); model.dispose(); }
  },
};

const BASE: LeNetOptions = { inputShape: [32, 32, 1], numClasses: 3, pooling: 'avg', activation: 'tanh', seed: 7 };

async function expectLeNet(ctx: { inSandbox<T>(n: string, i?: unknown): Promise<T> }, o: LeNetOptions, hintKey: string): Promise<void> {
  const got = await ctx.inSandbox<ModelInfo>('describe', o);
  const d = firstDifference(got, o);
  if (d) {
    const row = (l: { cls: string; out: Array<number | null>; params: number; activation?: string }) => `${l.cls}${l.activation ? `(${l.activation})` : ''} [${l.out.slice(1).join(', ')}] ${l.params}`;
    fail(d.message, { expected: `${refLayers(o).map(row).join(' → ')} (${refCount(o)} parameters)`, actual: `${got.layers.map(row).join(' → ')} (${got.countParams} parameters)`, hintKey: d.hintKey === 'lenet-architecture' ? hintKey : d.hintKey });
  }
  const out = `[${got.output.map((v) => (v === null ? 'null' : v)).join(', ')}]`;
  if (out !== `[null, ${o.numClasses}]`) fail(`the model's output shape is ${out}, expected [null, ${o.numClasses}]`, { hintKey });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'lenet-architecture', name: 'LeNet-5 on 32×32×1 images, 3 classes, average pooling, tanh: 8 layers and 61 111 parameters', fn: 'buildLeNet5',
      async run(_m, ctx) {
        await expectLeNet(ctx, BASE, 'lenet-architecture');
        // The classic MNIST size: the flattened map is 4×4×16 instead of 5×5×16.
        await expectLeNet(ctx, { ...BASE, inputShape: [28, 28, 1] }, 'lenet-architecture');
      },
    },
    {
      id: 'lenet-options', name: 'pooling: \'max\' builds MaxPooling2D, activation: \'relu\' goes into every Conv2D and hidden Dense; other image sizes, channels and class counts', fn: 'buildLeNet5',
      async run(_m, ctx) {
        const rng = gradeRng();
        const side = () => 20 + Math.floor(rng() * 17); // 20…36
        const pick = <T>(a: T[]) => a[Math.floor(rng() * a.length)];
        await expectLeNet(ctx, { ...BASE, pooling: 'max', activation: 'relu' }, 'lenet-options');
        await expectLeNet(ctx, { inputShape: [side(), side(), pick([1, 3])], numClasses: 2 + Math.floor(rng() * 9), pooling: pick(['avg', 'max'] as const), activation: 'relu', seed: 3 }, 'lenet-options');
        await expectLeNet(ctx, { inputShape: [side(), side(), 3], numClasses: 2 + Math.floor(rng() * 9), pooling: 'max', activation: 'tanh', seed: 4 }, 'lenet-options');
      },
    },
    {
      id: 'lenet-seed', name: 'the same seed builds identical weights; another seed builds different ones', fn: 'buildLeNet5',
      async run(_m, ctx) {
        const seed = 1 + Math.floor(gradeRng()() * 1000);
        const o = { ...BASE, seed };
        const [a, b, c] = [await ctx.inSandbox<WeightsInfo>('weights', o), await ctx.inSandbox<WeightsInfo>('weights', o), await ctx.inSandbox<WeightsInfo>('weights', { ...o, seed: seed + 101 })];
        const differs = (p: WeightsInfo, q: WeightsInfo) => p.sums.findIndex((s, i) => s !== q.sums[i] || p.heads[i].some((v, j) => v !== q.heads[i][j]));
        const i = differs(a, b);
        if (i >= 0) fail(`two models built with seed ${seed} have different weights (weight ${i}, shape [${a.shapes[i]}]): give every kernelInitializer a seed derived from o.seed, e.g. tf.initializers.glorotUniform({ seed: o.seed + k })`, { hintKey: 'unseeded' });
        // Kernels (even indices) must depend on the seed; biases start at 0 either way.
        const kernels = a.shapes.map((_, k) => k).filter((k) => a.shapes[k].length > 1);
        const same = kernels.filter((k) => a.sums[k] === c.sums[k]);
        if (same.length > 0) fail(`seeds ${seed} and ${seed + 101} build the same kernel${same.length > 1 ? 's' : ''} (weight ${same.join(', ')}): the seed must come from o.seed, not a constant`, { hintKey: 'constant-seed' });
        // One seed for every layer draws the same random numbers in each (scaled by its own limit).
        for (let p = 0; p < kernels.length; p++) {
          for (let q = p + 1; q < kernels.length; q++) {
            const [u, v] = [a.heads[kernels[p]], a.heads[kernels[q]]];
            const r = u[0] / v[0];
            if (Number.isFinite(r) && u.every((x, j) => Math.abs(x - r * v[j]) <= 1e-5 * Math.abs(x) + 1e-9)) {
              fail(`layers with weights ${kernels[p]} and ${kernels[q]} start from the same random numbers (one scaled copy of the other): the same seed was given to every layer. Give each layer its own seed (o.seed + 0, o.seed + 1, …)`, { hintKey: 'same-seed-every-layer' });
            }
          }
        }
      },
    },
    {
      id: 'lenet-overfit', name: 'overfits one batch: 16 images, Adam, cross-entropy below 0.05 within 40 steps', fn: 'buildLeNet5',
      async run(_m, ctx) {
        // The pure-JS engine trains 16×16 images (≈ 10× less work) to keep the check short.
        const cpu = ctx.engine === 'cpu';
        const c: OverfitCase = { o: { ...BASE, inputShape: cpu ? [16, 16, 1] : [32, 32, 1], seed: 11 }, n: cpu ? 8 : 16, maxSteps: 40, target: 0.05, lr: 0.003, dataSeed: 5 };
        const r = await ctx.inSandbox<OverfitInfo>('overfit', c);
        const last = r.losses[r.losses.length - 1];
        if (r.losses.some((l) => !Number.isFinite(l))) fail(`the loss became ${r.losses.find((l) => !Number.isFinite(l))} while training: check the output activation is softmax`, { hintKey: 'softmax-output' });
        if (!(last < c.target)) {
          fail(`after ${r.losses.length} Adam steps (lr ${c.lr}) on ${c.n} images the cross-entropy is ${last.toFixed(4)} (started at ${r.losses[0].toFixed(4)}); LeNet-5 gets below ${c.target} in about 25 steps. A network that cannot memorise 16 images has a broken layer: a missing activation, a frozen layer, or a wrong output`, { expected: `< ${c.target}`, actual: last.toFixed(4), hintKey: 'lenet-overfit' });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P2',
      fn: 'buildLeNet5',
      badInputs: [
        { name: 'buildLeNet5 with numClasses 1', call: (m) => m.buildLeNet5({ ...BASE, numClasses: 1 }), why: 'a classifier needs at least 2 classes' },
        { name: 'buildLeNet5 with numClasses 2.5', call: (m) => m.buildLeNet5({ ...BASE, numClasses: 2.5 }), why: 'a class count is a whole number' },
        { name: 'buildLeNet5 on 12×12 images', call: (m) => m.buildLeNet5({ ...BASE, inputShape: [12, 12, 1] }), why: 'two 5×5 valid convolutions and two 2×2 pools need at least 16×16 pixels' },
        { name: "buildLeNet5 with pooling 'min'", call: (m) => m.buildLeNet5({ ...BASE, pooling: 'min' as 'avg' }), why: "pooling is 'avg' or 'max'" },
      ],
      names: { 'bad-inputs-throw': 'throws for numClasses < 2 or fractional, images smaller than 16×16, and an unknown pooling' },
    }),
  ],
});
