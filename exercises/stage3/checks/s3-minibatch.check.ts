/**
 * Checks for s3-minibatch. makeBatches (plain TypeScript) is replayed exactly: Fisher–Yates from the
 * end with the learner's rng, then consecutive batches. trainEpoch gets a tf optimizer and tf
 * variables, which cannot cross to the judge, so it runs next to the learner's code
 * (`sandboxed.trainOnce`, the sandbox's own tf); only numbers come back, and the judge compares them
 * with its own training loop and, for one case, with tf's `model.fit`.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, mulberry32, numTensors, randomRows, range, shuffleInPlace, standardChecks } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-minibatch');
type Rng = () => number;

// ---------------------------------------------------------------- makeBatches
/** An rng that counts how often it is called. */
function countingRng(seed: number): { rng: Rng; calls: () => number } {
  const [r, c] = [mulberry32(seed), { n: 0 }];
  return { rng: () => (c.n++, r()), calls: () => c.n };
}
const chunk = (a: number[], size: number, dropLast = false): number[][] => {
  const out: number[][] = [];
  for (let s = 0; s < a.length; s += size) if (!(dropLast && s + size > a.length)) out.push(a.slice(s, s + size));
  return out;
};
/** The specified shuffle is the toolkit's shuffleInPlace (i = n−1 … 1, j = ⌊rng()·(i+1)⌋). */
const refPerm = (n: number, seed: number): number[] => shuffleInPlace(range(n), mulberry32(seed));
const WRONG_SHUFFLES: Array<{ perm: (n: number, rng: Rng) => number[]; say: string }> = [
  {
    perm(n, rng) {
      const a = range(n);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng() * i); [a[i], a[j]] = [a[j], a[i]]; }
      return a;
    },
    say: 'your shuffle draws j = ⌊rng()·i⌋ (Sattolo\'s algorithm, which only makes cyclic permutations); Fisher–Yates draws j = ⌊rng()·(i+1)⌋, so an index may stay in place',
  },
  {
    perm(n, rng) {
      const a = range(n);
      for (let i = 0; i < n - 1; i++) { const j = i + Math.floor(rng() * (n - i)); [a[i], a[j]] = [a[j], a[i]]; }
      return a;
    },
    say: 'your shuffle runs front to back (i = 0 … n−2); it is a fair shuffle, but the exercise replays the back-to-front one: i = n−1 down to 1, j = ⌊rng()·(i+1)⌋',
  },
  {
    perm(n, rng) { return range(n).map((i) => ({ i, k: rng() })).sort((a, b) => a.k - b.k).map((e) => e.i); },
    say: 'you shuffled by sorting on random keys; the exercise replays Fisher–Yates from the end: for i = n−1 down to 1, j = ⌊rng()·(i+1)⌋, swap',
  },
];
const show = (a: number[][]): string => {
  const s = JSON.stringify(a.slice(0, 4).map((b) => (b.length > 10 ? [...b.slice(0, 10), '…'] : b)));
  return a.length > 4 ? `${s.slice(0, -1)}, … (${a.length} batches)]` : s;
};
function asBatches(out: unknown, call: string): number[][] {
  if (!Array.isArray(out) || out.some((b) => !Array.isArray(b) || b.some((i: unknown) => typeof i !== 'number'))) {
    fail(`${call} must return number[][] (one array of indices per batch), got ${JSON.stringify(out)?.slice(0, 120)}`);
  }
  return out as number[][];
}
const same = (a: number[][], b: number[][]) => a.length === b.length && a.every((x, i) => x.length === b[i].length && x.every((v, j) => v === b[i][j]));
const sizes = (a: number[][]) => a.map((b) => b.length);

/** Compare with the expected batches, naming the mistakes that explain a difference. */
function expectBatches(got: number[][], want: number[][], call: string, o: { n: number; batchSize: number; dropLast?: boolean; perm: number[] }): void {
  if (same(got, want)) return;
  const e = { expected: show(want), actual: show(got) };
  const { n, batchSize, perm } = o;
  if (!o.dropLast && n % batchSize !== 0 && same(got, chunk(perm, batchSize, true))) {
    fail(`${call}: final partial batch dropped: ${n} samples in batches of ${batchSize} are ${sizes(want).join(' + ')}; keep the last batch of ${n % batchSize} unless dropLast is true`, { ...e, hintKey: 'final-batch-dropped' });
  }
  if (o.dropLast && same(got, chunk(perm, batchSize))) fail(`${call}: dropLast ignored: with dropLast: true the last, shorter batch (${n % batchSize} samples) must be left out`, { ...e, hintKey: 'drop-last' });
  if (got.length > 0 && got.slice(0, -1).every((b) => b.length === batchSize) && got.flat().length === n && got.length !== want.length) {
    fail(`${call}: ${got.length} batches of sizes ${sizes(got).join(', ')}, expected ${sizes(want).join(', ')}`, e);
  }
  if (sizes(got).join() !== sizes(want).join()) {
    fail(`${call}: batch sizes ${sizes(got).join(', ')}, expected ${sizes(want).join(', ')}: consecutive batches of batchSize = ${batchSize}, the last one holds the ${n % batchSize || batchSize} left over`, e);
  }
  fail(`${call}: the batches differ from the expected ones (first difference in batch ${got.findIndex((b, i) => !same([b], [want[i]]))})`, e);
}

function expectShuffled(m: M, n: number, batchSize: number, seed: number, dropLast?: boolean): void {
  const counter = countingRng(seed);
  const call = `makeBatches(${n}, ${batchSize}, { shuffle: true, rng: mulberry32(${seed})${dropLast ? ', dropLast: true' : ''} })`;
  const got = asBatches(m.makeBatches(n, batchSize, { shuffle: true, rng: counter.rng, ...(dropLast ? { dropLast } : {}) }), call);
  const perm = refPerm(n, seed);
  const want = chunk(perm, batchSize, dropLast);
  if (same(got, want)) return;
  const e = { expected: show(want), actual: show(got) };
  if (same(got, chunk(range(n), batchSize, dropLast))) fail(`${call}: the batches are not shuffled: with shuffle: true, shuffle 0…${n - 1} with rng before cutting batches`, { ...e, hintKey: 'shuffle-exact' });
  if (counter.calls() === 0) fail(`${call}: your code never called the rng argument (Math.random?); shuffle with rng so an epoch can be reproduced`, { ...e, hintKey: 'shuffle-exact' });
  for (const w of WRONG_SHUFFLES) if (same(got, chunk(w.perm(n, mulberry32(seed)), batchSize, dropLast))) fail(`${call}: ${w.say}`, { ...e, hintKey: 'shuffle-exact' });
  if (counter.calls() !== n - 1) fail(`${call}: rng was called ${counter.calls()} times; the Fisher–Yates shuffle (i = n−1 … 1, j = ⌊rng()·(i+1)⌋) calls it exactly n − 1 = ${n - 1} times`, { ...e, hintKey: 'shuffle-exact' });
  expectBatches(got, want, call, { n, batchSize, dropLast, perm });
}

// ---------------------------------------------------------------- trainEpoch
/** A training set and a model, as plain data, so both sides can build it with their own tf. */
interface Case {
  kind: 'linear' | 'mlp';
  x: number[][]; y: number[][];
  /** Initial parameters, flat, with their shapes. */
  params: number[][]; shapes: number[][];
  lr: number;
  /** SGD unless given: momentum keeps state between steps, so only the optimizer passed in reproduces it. */
  momentum?: number;
  batches: number[][];
}
interface Trained {
  losses: Array<number | string>; lossesType: string;
  weights: number[][]; leaked: number;
  xDisposed: boolean; yDisposed: boolean; paramsDisposed: number;
}

/** The model: a dense layer with MSE (as model.fit's 'meanSquaredError'), or a 2-layer tanh MLP with sigmoid cross-entropy. */
function build(c: Case): { params: tf.Variable[]; loss: (x: tf.Tensor, y: tf.Tensor) => tf.Scalar } {
  const params = c.params.map((p, i) => {
    const t = tf.tensor(p, c.shapes[i]);
    const v = tf.variable(t);
    t.dispose();
    return v;
  });
  const loss = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => c.kind === 'linear'
    ? tf.losses.meanSquaredError(y, tf.add(tf.matMul(x as tf.Tensor2D, params[0] as tf.Tensor2D), params[1]))
    : tf.losses.sigmoidCrossEntropy(y, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x as tf.Tensor2D, params[0] as tf.Tensor2D), params[1])) as tf.Tensor2D, params[2] as tf.Tensor2D), params[3]))) as tf.Scalar;
  return { params, loss };
}

const makeOptimizer = (c: Case): tf.Optimizer => (c.momentum ? tf.train.momentum(c.lr, c.momentum) : tf.train.sgd(c.lr));

/** Parts that run next to the learner's code: tf's optimizers and variables cannot cross to the judge. */
export const sandboxed = {
  /** Build the case's model with this side's tf, run the learner's trainEpoch once, send back numbers. */
  trainOnce(m: M, c: Case): Trained {
    const model = build(c);
    const x = tf.tensor2d(c.x), y = tf.tensor2d(c.y);
    const opt = makeOptimizer(c);
    const params = model.params.slice();
    const before = numTensors();
    const out: unknown = m.trainEpoch(model, x, y, opt, c.batches.map((b) => b.slice()));
    const leaked = numTensors() - before;
    const lossesType = Array.isArray(out) ? 'array' : out === null ? 'null' : typeof out;
    const losses = Array.isArray(out) ? out.map((l) => (typeof l === 'number' ? l : l instanceof tf.Tensor ? 'a tensor' : typeof l)) : [];
    const r: Trained = {
      losses, lossesType, leaked,
      weights: params.map((p) => (p.isDisposed ? [] : Array.from(p.dataSync()))),
      xDisposed: x.isDisposed, yDisposed: y.isDisposed, paramsDisposed: params.filter((p) => p.isDisposed).length,
    };
    if (Array.isArray(out)) tf.dispose(out.filter((l) => l instanceof tf.Tensor));
    tf.dispose([x, y, ...params].filter((t) => !t.isDisposed));
    opt.dispose();
    return r;
  },
};

type Variant = 'ok' | 'after' | 'summed' | 'perExample' | 'skipLast' | 'contiguous' | 'plainSgd';

/** The judge's own epoch (and the epochs of named mistakes), with the judge's tf. */
function refEpoch(c: Case, v: Variant = 'ok'): { losses: number[]; weights: number[][] } {
  const model = build(c);
  const x = tf.tensor2d(c.x), y = tf.tensor2d(c.y);
  const opt = v === 'plainSgd' ? tf.train.sgd(c.lr) : makeOptimizer(c);
  let batches = c.batches;
  if (v === 'skipLast' && batches.length > 1 && batches[batches.length - 1].length < batches[0].length) batches = batches.slice(0, -1);
  if (v === 'perExample') batches = batches.flatMap((b) => b.map((i) => [i]));
  if (v === 'contiguous') {
    let start = 0;
    batches = batches.map((b) => { const rows = range(b.length).map((k) => start + k); start += b.length; return rows; });
  }
  const losses: number[] = [];
  try {
    for (const b of batches) {
      tf.tidy(() => {
        const idx = tf.tensor1d(b, 'int32');
        const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
        const cost = opt.minimize(() => (v === 'summed' ? tf.mul(model.loss(xb, yb), b.length) : model.loss(xb, yb)) as tf.Scalar, true, model.params);
        losses.push(v === 'after' ? model.loss(xb, yb).dataSync()[0] : cost!.dataSync()[0] / (v === 'summed' ? b.length : 1));
      });
    }
    return { losses, weights: model.params.map((p) => Array.from(p.dataSync())) };
  } finally {
    opt.dispose();
    tf.dispose([x, y, ...model.params]);
  }
}

/** The weights after tf's own `model.fit({ batchSize, shuffle: false })` for one epoch of a dense layer with MSE. */
async function fitWeights(c: Case, batchSize: number): Promise<number[][]> {
  const [inDim, units] = c.shapes[0];
  const model = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [inDim] })] });
  const init = c.params.map((p, i) => tf.tensor(p, c.shapes[i]));
  model.setWeights(init);
  tf.dispose(init);
  const opt = tf.train.sgd(c.lr);
  model.compile({ optimizer: opt, loss: 'meanSquaredError' });
  const x = tf.tensor2d(c.x), y = tf.tensor2d(c.y);
  try {
    await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
    return model.getWeights().map((w) => Array.from(w.dataSync()));
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    opt.dispose();
  }
}

const flat = (w: number[][]) => w.flat();

function linearCase(rng: Rng, n: number, batchSize: number): Case {
  const x = randomRows(rng, n, 3);
  const wTrue = [[1, -2], [0.5, 1], [-1, 0.25]];
  const y = x.map((r) => [0, 1].map((k) => r.reduce((s, v, i) => s + v * wTrue[i][k], 0) + 0.3 + 0.1 * (rng() - 0.5)));
  return {
    kind: 'linear', x, y, lr: 0.1, batches: chunk(range(n), batchSize),
    params: [randomRows(rng, 3, 2, -0.5, 0.5).flat(), [0.1, -0.1]], shapes: [[3, 2], [2]],
  };
}

function mlpCase(rng: Rng, n: number, batches: number[][]): Case {
  const x = randomRows(rng, n, 2, -2, 2);
  const y = x.map(([a, b]) => [a * b > 0 ? 1 : 0]);
  return {
    kind: 'mlp', x, y, lr: 0.5, batches,
    params: [randomRows(rng, 2, 4).flat(), [0.1, -0.1, 0.05, 0], randomRows(rng, 4, 1).flat(), [0.2]], shapes: [[2, 4], [4], [4, 1], [1]],
  };
}

/** The learner's losses must be one plain number per batch. */
function lossesOf(r: Trained, c: Case): number[] {
  if (r.lossesType !== 'array') fail(`trainEpoch must return an array with one loss per batch, got ${r.lossesType}`, { hintKey: 'one-loss-per-batch' });
  const bad = r.losses.findIndex((l) => typeof l !== 'number');
  if (bad >= 0) fail(`trainEpoch must return plain numbers, but loss ${bad} is ${r.losses[bad]}: read each loss with dataSync()[0] (and free the tensor)`, { hintKey: 'one-loss-per-batch' });
  const n = c.x.length, B = c.batches.length;
  if (r.losses.length !== B) {
    const why = r.losses.length === n && n !== B ? ': it looks like one update per EXAMPLE; take one step per batch, on the batch\'s mean loss'
      : r.losses.length === B - 1 ? ': the final partial batch was dropped; train on every batch you are given' : '';
    fail(`trainEpoch returned ${r.losses.length} losses for ${B} batches; return exactly one loss per batch${why}`, { expected: `${B} losses`, actual: `${r.losses.length}`, hintKey: why.includes('EXAMPLE') ? 'per-example' : why ? 'final-batch-dropped' : 'one-loss-per-batch' });
  }
  return r.losses as number[];
}

/** Weights after the learner's epoch vs the judge's, with the mistakes that explain a difference. */
function expectWeights(r: Trained, c: Case, want: number[][], what: string): void {
  if (r.paramsDisposed > 0) fail(`trainEpoch disposed ${r.paramsDisposed} of model.params: the caller still trains them`, { hintKey: 'input-disposed' });
  const got = flat(r.weights);
  const mistakes: Mistake[] = [
    { when: flat(c.params), message: 'the weights did not change: let opt take a step for model.params on every batch (opt.minimize(() => model.loss(xb, yb), true, model.params))', hintKey: 'train-epoch-step' },
    { when: () => flat(refEpoch(c, 'perExample').weights), message: 'one update per example instead of one per batch: compute the loss on the whole batch (its mean) and take ONE step per batch', hintKey: 'per-example' },
    { when: () => flat(refEpoch(c, 'summed').weights), message: 'gradients summed over the batch instead of averaged: the step is batch size × too large; step on the batch\'s mean loss (model.loss already averages)', hintKey: 'summed-grads' },
    { when: () => flat(refEpoch(c, 'skipLast').weights), message: 'final partial batch dropped: train on every batch you are given, the last, shorter one too', hintKey: 'final-batch-dropped' },
    ...(c.momentum ? [{ when: () => flat(refEpoch(c, 'plainSgd').weights), message: 'these are plain SGD steps, but the optimizer you were given uses momentum: let opt take the steps (opt.minimize or opt.applyGradients) instead of updating the weights yourself', hintKey: 'use-given-optimizer' }] : []),
    { when: () => flat(refEpoch(c, 'contiguous').weights), message: 'batch indices ignored: each batch lists the rows to train on (tf.gather(x, indices)); you trained on consecutive rows instead', hintKey: 'batch-indices' },
  ];
  expectTensorClose(got, flat(want), { atol: 1e-5, rtol: 1e-4, name: `the weights after ${what}`, mistakes });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'make-batches-order', name: 'makeBatches without shuffle: consecutive batches of batchSize, the last one shorter (50 = 16 + 16 + 16 + 2)', fn: 'makeBatches',
      run(m) {
        for (const [n, bs] of [[50, 16], [10, 3], [12, 4], [7, 7], [1, 1]]) {
          const call = `makeBatches(${n}, ${bs}, { shuffle: false })`;
          const got = asBatches(m.makeBatches(n, bs, { shuffle: false }), call);
          expectBatches(got, chunk(range(n), bs), call, { n, batchSize: bs, perm: range(n) });
        }
      },
    },
    {
      id: 'make-batches-drop-last', name: 'makeBatches with dropLast: the shorter last batch is left out (50 → 16 + 16 + 16)', fn: 'makeBatches',
      run(m) {
        for (const [n, bs] of [[50, 16], [48, 16], [10, 3]]) {
          const call = `makeBatches(${n}, ${bs}, { shuffle: false, dropLast: true })`;
          const got = asBatches(m.makeBatches(n, bs, { shuffle: false, dropLast: true }), call);
          expectBatches(got, chunk(range(n), bs, true), call, { n, batchSize: bs, dropLast: true, perm: range(n) });
        }
        const r = gradeRng();
        expectShuffled(m, 20 + Math.floor(r() * 30), 3 + Math.floor(r() * 6), 1 + Math.floor(r() * 1e6), true);
      },
    },
    {
      id: 'make-batches-shuffle', name: 'makeBatches with shuffle: exactly the Fisher–Yates permutation driven by rng, then consecutive batches', fn: 'makeBatches',
      run(m) {
        expectShuffled(m, 50, 16, 7);
        expectShuffled(m, 10, 3, 123);
        const r = gradeRng();
        for (let k = 0; k < 2; k++) expectShuffled(m, 5 + Math.floor(r() * 60), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 1e6));
        // Two calls with two fresh generators of the same seed give the same epoch.
        const a = asBatches(m.makeBatches(30, 4, { shuffle: true, rng: mulberry32(99) }), 'makeBatches(30, 4, …)');
        const b = asBatches(m.makeBatches(30, 4, { shuffle: true, rng: mulberry32(99) }), 'makeBatches(30, 4, …)');
        if (!same(a, b)) fail('two calls with rng = mulberry32(99) gave different batches: take every random number from the rng argument, never Math.random', { expected: show(a), actual: show(b), hintKey: 'shuffle-exact' });
      },
    },
    {
      id: 'make-batches-partition', name: 'makeBatches: every index appears exactly once per epoch, in batches of the right sizes', fn: 'makeBatches',
      run(m) {
        const r = gradeRng();
        for (let k = 0; k < 4; k++) {
          const n = 1 + Math.floor(r() * 80), bs = 1 + Math.floor(r() * 20), shuffle = k % 2 === 0;
          const call = `makeBatches(${n}, ${bs}, { shuffle: ${shuffle} })`;
          const got = asBatches(m.makeBatches(n, bs, shuffle ? { shuffle, rng: mulberry32(k + 5) } : { shuffle }), call);
          const count = new Array<number>(n).fill(0);
          for (const i of got.flat()) {
            if (!Number.isInteger(i) || i < 0 || i >= n) fail(`${call}: index ${i} is not a sample index (0…${n - 1})`);
            count[i]++;
          }
          const twice = count.findIndex((c) => c > 1), never = count.findIndex((c) => c === 0);
          if (twice >= 0) fail(`${call}: index ${twice} appears ${count[twice]} times; every sample is used exactly once per epoch`);
          if (never >= 0) fail(`${call}: index ${never} is in no batch; every sample is used exactly once per epoch`);
          const want = chunk(range(n), bs).map((b) => b.length);
          if (sizes(got).join() !== want.join()) fail(`${call}: batch sizes ${sizes(got).join(', ')}, expected ${want.join(', ')}`);
        }
      },
    },
    {
      id: 'make-batches-edges', name: 'makeBatches: n = 0 gives [], and batchSize ≥ n gives a single batch', fn: 'makeBatches',
      run(m) {
        for (const o of [{ shuffle: false }, { shuffle: true, rng: mulberry32(1) }]) {
          const got = asBatches(m.makeBatches(0, 4, o), `makeBatches(0, 4, { shuffle: ${o.shuffle} })`);
          if (got.length !== 0) fail(`makeBatches(0, 4, { shuffle: ${o.shuffle} }) must return [] (no samples, no batches), got ${JSON.stringify(got)}`);
        }
        for (const [n, bs] of [[5, 5], [5, 8], [3, 100]]) {
          const got = asBatches(m.makeBatches(n, bs, { shuffle: false }), `makeBatches(${n}, ${bs}, { shuffle: false })`);
          if (!same(got, [range(n)])) fail(`makeBatches(${n}, ${bs}, { shuffle: false }) must be one batch holding every index, ${JSON.stringify([range(n)])}; got ${JSON.stringify(got)}`);
        }
        expectShuffled(m, 6, 10, 42);
      },
    },
    {
      id: 'train-epoch-fit', name: 'trainEpoch with SGD ends where tf\'s model.fit({ batchSize: 16, shuffle: false }) ends: 50 samples = 16 + 16 + 16 + 2', fn: 'trainEpoch',
      async run(_m, ctx) {
        const c = linearCase(gradeRng(), 50, 16);
        const r = await ctx.inSandbox<Trained>('trainOnce', c);
        lossesOf(r, c);
        expectWeights(r, c, await fitWeights(c, 16), 'one epoch (compared with model.fit)');
      },
    },
    {
      id: 'train-epoch-losses', name: 'trainEpoch returns one loss per batch, each computed BEFORE that batch\'s update', fn: 'trainEpoch',
      async run(_m, ctx) {
        const c = mlpCase(gradeRng(), 24, chunk(range(24), 6));
        const r = await ctx.inSandbox<Trained>('trainOnce', c);
        const got = lossesOf(r, c);
        const ref = refEpoch(c);
        expectTensorClose(got, ref.losses, { atol: 1e-5, rtol: 1e-4, name: 'the losses of the 4 batches', mistakes: [
          { when: () => refEpoch(c, 'after').losses, message: 'loss recorded after the update: each batch\'s loss must be the one computed before its step (what opt.minimize(f, true) returns)', hintKey: 'loss-after-update' },
          { when: () => refEpoch(c, 'summed').losses, message: 'gradients summed over the batch instead of averaged: the first loss is right, the later ones follow steps batch size × too large; step on the batch\'s mean loss (model.loss already averages)', hintKey: 'summed-grads' },
          { when: () => refEpoch(c, 'summed').losses.map((l, i) => l * c.batches[i].length), message: 'the losses are batch size × too large: return each batch\'s mean loss', hintKey: 'summed-grads' },
        ] });
        expectWeights(r, c, ref.weights, 'one epoch of 4 batches');
      },
    },
    {
      id: 'train-epoch-batches', name: 'trainEpoch trains on the rows each batch lists, in the given order, with the optimizer it is given (shuffled, uneven batches; momentum; no batches = no change)', fn: 'trainEpoch',
      async run(_m, ctx) {
        const rng = gradeRng();
        const perm = shuffleInPlace(range(24), rng);
        const c = mlpCase(rng, 24, [perm.slice(0, 7), perm.slice(7, 14), perm.slice(14, 21), perm.slice(21)]);
        const r = await ctx.inSandbox<Trained>('trainOnce', c);
        lossesOf(r, c);
        expectWeights(r, c, refEpoch(c).weights, 'an epoch of shuffled batches of 7, 7, 7 and 3');
        // The optimizer passed in must take the steps: momentum keeps a velocity that plain updates lack.
        const withMomentum = { ...c, lr: 0.2, momentum: 0.9 };
        const rm = await ctx.inSandbox<Trained>('trainOnce', withMomentum);
        lossesOf(rm, withMomentum);
        expectWeights(rm, withMomentum, refEpoch(withMomentum).weights, 'the same epoch with tf.train.momentum(0.2, 0.9)');
        const none = { ...c, batches: [] };
        const r0 = await ctx.inSandbox<Trained>('trainOnce', none);
        if (r0.lossesType !== 'array' || r0.losses.length !== 0) fail(`trainEpoch with no batches must return [] and change nothing, got ${JSON.stringify(r0.losses)}`, { hintKey: 'one-loss-per-batch' });
        expectTensorClose(flat(r0.weights), flat(c.params), { atol: 1e-6, rtol: 1e-6, name: 'the weights after an epoch with no batches' });
      },
    },
    {
      id: 'train-epoch-leaks', name: 'trainEpoch frees every per-batch tensor and leaves x, y and the params alive', fn: 'trainEpoch', hintKey: 'leak',
      async run(_m, ctx) {
        const c = mlpCase(gradeRng(), 30, chunk(range(30), 4));
        const r = await ctx.inSandbox<Trained>('trainOnce', c);
        if (r.xDisposed || r.yDisposed) fail(`trainEpoch disposed ${r.xDisposed ? 'x' : 'y'}: the caller still needs the data for the next epoch`, { hintKey: 'input-disposed' });
        if (r.paramsDisposed > 0) fail(`trainEpoch disposed ${r.paramsDisposed} of model.params: the caller still trains them`, { hintKey: 'input-disposed' });
        if (r.leaked > 0) {
          const per = r.leaked % c.batches.length === 0 ? ` (${r.leaked / c.batches.length} per batch)` : '';
          fail(`per-batch tensors leak: ${r.leaked} tensor${r.leaked === 1 ? '' : 's'} left after the epoch over ${c.batches.length} batches${per}. Wrap each batch's work in tf.tidy, and dispose the loss minimize returns once you have read it`, { expected: '0 tensors left', actual: `${r.leaked}`, hintKey: 'leak' });
        }
        if (r.leaked < 0) fail(`trainEpoch freed ${-r.leaked} tensor${r.leaked === -1 ? '' : 's'} it did not create: dispose only what you made`, { hintKey: 'input-disposed' });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'makeBatches',
      calls: [
        { name: 'makeBatches (shuffle: false)', call: (m) => m.makeBatches(20, 6, { shuffle: false }) },
        { name: 'makeBatches (shuffle: true)', call: (m) => m.makeBatches(20, 6, { shuffle: true, rng: mulberry32(3), dropLast: true }) },
      ],
      badInputs: [
        { name: 'makeBatches(10, 0, …)', call: (m) => m.makeBatches(10, 0, { shuffle: false }), why: 'a batch of 0 samples never ends the epoch' },
        { name: 'makeBatches(10, -3, …)', call: (m) => m.makeBatches(10, -3, { shuffle: false }), why: 'a batch size must be positive' },
        { name: 'makeBatches(10, 2.5, …)', call: (m) => m.makeBatches(10, 2.5, { shuffle: false }), why: 'a batch holds a whole number of samples' },
        { name: 'makeBatches(10, NaN, …)', call: (m) => m.makeBatches(10, NaN, { shuffle: false }), why: 'NaN is not a batch size' },
        { name: 'makeBatches(10, 3, { shuffle: true }) without rng', call: (m) => m.makeBatches(10, 3, { shuffle: true }), why: 'without an rng the epoch cannot be reproduced (Math.random is not allowed)', hintKey: 'shuffle-needs-rng' },
      ],
      names: { 'bad-inputs-throw': 'makeBatches throws for a batchSize that is not a whole number > 0, and for shuffle: true without an rng' },
    }),
  ],
});
