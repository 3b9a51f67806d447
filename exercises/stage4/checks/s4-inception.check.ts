/**
 * Checks for s4-inception. inceptionModule builds tf.layers on a symbolic tensor, which cannot cross
 * to the judge: the parts that build, read, change or train the learner's module run next to the
 * learner's code (`sandboxed`) and send back plain data. The judge builds its own module and counts
 * with its own formula. inceptionParamCount is plain arithmetic, called directly.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, fail, gaussian, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import { chainDiff, describeBlock, matchChains } from './blockGraph';
import type { BlockInfo, LayerInfo } from './blockGraph';

type M = typeof import('../solutions/s4-inception');
type F = { b1: number; b3reduce: number; b3: number; b5reduce: number; b5: number; pool: number };

interface Config { inShape: [number, number, number]; f: F; seed: number }
const BRANCHES = ['b1', 'b3', 'b5', 'pool'] as const;
type Branch = (typeof BRANCHES)[number];
const BRANCH_NAME: Record<Branch, string> = { b1: 'the 1×1 branch', b3: 'the 3×3 branch', b5: 'the 5×5 branch', pool: 'the pool branch' };

function buildLearner(m: M, c: Config): tf.LayersModel {
  const x = tf.input({ shape: c.inShape });
  return tf.model({ inputs: x, outputs: m.inceptionModule(x, { ...c.f }, c.seed) });
}
/** tf's Concatenate refuses branches of different heights and widths: report that as data. */
const isConcatError = (e: unknown) => e instanceof Error && /Concatenate|matching shapes/i.test(e.message) && !/Not implemented/.test(e.message);
function tryBuild<T>(f: () => T): T | { concatError: string } {
  try {
    return f();
  } catch (e) {
    if (isConcatError(e)) return { concatError: (e as Error).message };
    throw e;
  }
}

/** A chain's branch, by structure: a max pool → pool; a 5×5 conv → b5; a 3×3 conv → b3; else b1. */
function roleOf(chain: LayerInfo[]): Branch {
  if (chain.some((l) => l.className === 'MaxPooling2D' || l.className === 'AveragePooling2D')) return 'pool';
  if (chain.some((l) => l.className === 'Conv2D' && l.label.includes('5×5'))) return 'b5';
  if (chain.some((l) => l.className === 'Conv2D' && l.label.includes('3×3'))) return 'b3';
  return 'b1';
}

interface ZeroIn extends Config { x: number[]; n: number }
interface ZeroOut { problem?: string; base?: number[]; zeroed?: Partial<Record<Branch, number[]>>; channels?: number }

export const sandboxed = {
  describe(m: M, c: Config): BlockInfo | { concatError: string } {
    return tryBuild(() => describeBlock(buildLearner(m, c)));
  },
  /** Predict on x; then, for each branch found by structure, zero its last conv (kernel and bias) and predict again. */
  zeroBranches(m: M, c: ZeroIn): ZeroOut {
    const built = tryBuild(() => buildLearner(m, c));
    if ('concatError' in built) return { problem: concatText(built.concatError) };
    const model = built;
    const info = describeBlock(model);
    if (info.irregular) return { problem: info.irregular };
    const roles = info.chains.map(roleOf);
    const dup = BRANCHES.find((b) => roles.filter((r) => r === b).length !== 1);
    if (dup) return { problem: `the branches could not be told apart by their layers (expected one with a max pool, one with a 5×5 conv, one with a 3×3 conv and one 1×1 conv; found ${roles.join(', ')})` };
    const x = tf.tensor4d(c.x, [c.n, ...c.inShape]);
    const run = () => {
      const y = model.predict(x) as tf.Tensor;
      const v = Array.from(y.dataSync());
      const ch = y.shape[y.shape.length - 1] ?? 0;
      y.dispose();
      return { v, ch };
    };
    const base = run();
    const zeroed: Partial<Record<Branch, number[]>> = {};
    info.chains.forEach((chain, i) => {
      const last = [...chain].reverse().find((l) => l.className === 'Conv2D');
      if (!last) return;
      const layer = model.getLayer(last.name);
      const saved = layer.getWeights().map((w) => w.clone()); // getWeights() hands out the variables themselves
      layer.setWeights(saved.map((w) => tf.zerosLike(w)));
      zeroed[roles[i]] = run().v;
      layer.setWeights(saved);
      tf.dispose(saved);
    });
    x.dispose();
    model.dispose();
    return { base: base.v, zeroed, channels: base.ch };
  },
  seeded(m: M, c: Config): { same: boolean; different: boolean } {
    const w = (seed: number) => buildLearner(m, { ...c, seed }).getWeights().map((t) => Array.from(t.dataSync()));
    const a = w(c.seed), a2 = w(c.seed), d = w(c.seed + 7);
    const eq = (p: number[][], q: number[][]) => p.length === q.length && p.every((v, i) => v.length === q[i].length && v.every((z, j) => z === q[i][j]));
    return { same: eq(a, a2), different: !eq(a, d) };
  },
  /** module → Flatten → Dense(3, softmax) on 16 inputs of 8×8: the loss per Adam step. */
  async overfit(m: M, c: Config & { steps: number; x: number[]; labels: number[]; target: number }): Promise<number[]> {
    const n = c.labels.length;
    const inp = tf.input({ shape: c.inShape });
    const h = tryBuild(() => m.inceptionModule(inp, { ...c.f }, c.seed));
    if ('concatError' in h) return [NaN];
    const flat = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 100 }) }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(c.x, [n, ...c.inShape]);
    const y = tf.oneHot(tf.tensor1d(c.labels, 'int32'), 3).toFloat();
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
    return losses;
  },
  badCalls(m: M): string[] {
    const good: F = { b1: 2, b3reduce: 2, b3: 2, b5reduce: 2, b5: 2, pool: 2 };
    const missed: string[] = [];
    for (const [k, v] of [['b3', 0], ['pool', -1], ['b5reduce', 1.5]] as const) {
      try {
        m.inceptionModule(tf.input({ shape: [6, 6, 3] }), { ...good, [k]: v }, 1);
        missed.push(`inceptionModule(x, { …, ${k}: ${v} }, 1)`);
      } catch (e) {
        if (e instanceof Error && /Not implemented/.test(e.message)) throw e;
      }
    }
    return missed;
  },
};

const concatText = (msg: string) => `the branches do not keep the input's height and width, so Concatenate refuses them (tf: ${msg.slice(0, 140)}). Every conv and the max pool use stride 1 and padding 'same' (tf.layers.maxPooling2d's strides default to the pool size)`;

/** The learner's module described in the sandbox; a refused Concatenate fails here. */
async function learnerInfo(ctx: { inSandbox<T>(n: string, i?: unknown): Promise<T> }, c: Config): Promise<BlockInfo> {
  const r = await ctx.inSandbox<BlockInfo | { concatError: string }>('describe', c);
  if ('concatError' in r) fail(`${call(c)}: ${concatText(r.concatError)}`, { hintKey: 'output-shape' });
  return r;
}

// ---------------------------------------------------------------- the judge's reference
function referenceModule(x: tf.SymbolicTensor, f: F, seed: number): tf.SymbolicTensor {
  let k = 0;
  const conv = (filters: number, size: number) => tf.layers.conv2d({ filters, kernelSize: size, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + k++ }) });
  const ap = (l: tf.layers.Layer, t: tf.SymbolicTensor) => l.apply(t) as tf.SymbolicTensor;
  const b1 = ap(conv(f.b1, 1), x);
  const b3 = ap(conv(f.b3, 3), ap(conv(f.b3reduce, 1), x));
  const b5 = ap(conv(f.b5, 5), ap(conv(f.b5reduce, 1), x));
  const bp = ap(conv(f.pool, 1), ap(tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), x));
  return tf.layers.concatenate({ axis: -1 }).apply([b1, b3, b5, bp]) as tf.SymbolicTensor;
}
function referenceInfo(c: Config): BlockInfo {
  const x = tf.input({ shape: c.inShape });
  const model = tf.model({ inputs: x, outputs: referenceModule(x, c.f, c.seed) });
  const info = describeBlock(model);
  model.dispose();
  return info;
}
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
function refCounts(C: number, f: F): { withReduction: number; naive: number } {
  return {
    withReduction: conv(1, C, f.b1) + conv(1, C, f.b3reduce) + conv(3, f.b3reduce, f.b3) + conv(1, C, f.b5reduce) + conv(5, f.b5reduce, f.b5) + conv(1, C, f.pool),
    naive: conv(1, C, f.b1) + conv(3, C, f.b3) + conv(5, C, f.b5),
  };
}
const fText = (f: F) => `{ b1: ${f.b1}, b3reduce: ${f.b3reduce}, b3: ${f.b3}, b5reduce: ${f.b5reduce}, b5: ${f.b5}, pool: ${f.pool} }`;
const call = (c: Config) => `inceptionModule(input [${c.inShape.join(',')}], ${fText(c.f)})`;
const shapeText = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;

/** Distinct widths, so every branch's slice is recognisable. */
const MAIN: Config = { inShape: [8, 8, 6], f: { b1: 4, b3reduce: 3, b3: 6, b5reduce: 2, b5: 3, pool: 5 }, seed: 3 };
const ODD: Config = { inShape: [7, 5, 3], f: { b1: 2, b3reduce: 4, b3: 3, b5reduce: 3, b5: 5, pool: 1 }, seed: 9 };

function randomF(r: () => number): F {
  const w = () => 1 + Math.floor(r() * 8);
  return { b1: w(), b3reduce: w(), b3: w(), b5reduce: w(), b5: w(), pool: w() };
}

function expectStructure(got: BlockInfo, want: BlockInfo, c: Config): void {
  const where = call(c);
  if (got.irregular) fail(`${where}: ${got.irregular}; expected four branches on the input that meet in a Concatenate`, { hintKey: 'module-structure' });
  if (got.merge!.className !== 'Concatenate') fail(`${where}: the branches meet in ${got.merge!.className}, expected Concatenate (the branches' channels are stacked side by side, not added)`, { hintKey: 'module-structure' });
  if (got.chains.length !== 4) fail(`${where}: the Concatenate joins ${got.chains.length} paths, expected 4 (b1, b3, b5, pool)`, { hintKey: 'module-structure' });
  // ReLU(concat(a, b)) = concat(ReLU(a), ReLU(b)): one ReLU after the Concatenate counts as a ReLU at
  // the end of every branch.
  if (got.tail.length === 1 && got.tail[0].className === 'ReLU') {
    const relu = got.tail[0];
    got = { ...got, tail: [], chains: got.chains.map((ch) => [...ch, { ...relu, shape: ch.length ? ch[ch.length - 1].shape : relu.shape }]) };
  }
  const pairing = matchChains(got.chains, want.chains);
  BRANCHES.forEach((b, i) => {
    const d = chainDiff(got.chains[pairing[i]], want.chains[i]);
    if (d) {
      fail(`${where}: ${BRANCH_NAME[b]}, ${d.text}`, { expected: want.chains[i].map((l) => l.label).join(' → '), actual: got.chains[pairing[i]].map((l) => l.label).join(' → '), hintKey: b === 'pool' ? 'pool-branch' : 'module-structure' });
    }
  });
  const td = chainDiff(got.tail, want.tail);
  if (td) fail(`${where}: after the Concatenate, ${td.text} (the module ends with the Concatenate)`, { hintKey: 'module-structure' });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'output-shape', name: 'output [8,8,6] → [8,8,18] (b1 + b3 + b5 + pool channels, same height and width), and [7,5,3] → [7,5,11]', fn: 'inceptionModule',
      async run(_m, ctx) {
        for (const c of [MAIN, ODD]) {
          const got = await learnerInfo(ctx, c);
          const want = referenceInfo(c);
          if (shapeText(got.outputShape) !== shapeText(want.outputShape)) {
            const ch = got.outputShape[3];
            const sum = c.f.b1 + c.f.b3 + c.f.b5 + c.f.pool;
            const why = ch === sum + c.inShape[2] - c.f.pool ? ': the pool branch passes all input channels: add its 1×1 projection to f.pool channels'
              : ch === c.f.b1 + c.f.b3reduce + c.f.b5reduce + c.f.pool || ch === sum + c.f.b3reduce + c.f.b5reduce ? ': the reduce convs\' outputs are not module outputs; only the last layer of each branch is concatenated'
              : got.outputShape[1] !== c.inShape[0] ? ': every conv and the pool use padding \'same\' and stride 1, so the height and width stay' : '';
            fail(`${call(c)}: output shape ${shapeText(got.outputShape)}, expected ${shapeText(want.outputShape)}${why}`, { expected: shapeText(want.outputShape), actual: shapeText(got.outputShape) });
          }
        }
      },
    },
    {
      id: 'module-structure', name: 'four branches on the input: 1×1; 1×1 → 3×3; 1×1 → 5×5; max pool 3×3 (stride 1) → 1×1; each conv \'same\' with a ReLU; then Concatenate', fn: 'inceptionModule',
      async run(_m, ctx) {
        for (const c of [MAIN, ODD]) expectStructure(await learnerInfo(ctx, c), referenceInfo(c), c);
      },
    },
    {
      id: 'module-param-count', name: 'the module\'s countParams() equals the weights and biases of its six convs', fn: 'inceptionModule',
      async run(_m, ctx) {
        const r = gradeRng();
        for (const c of [MAIN, { inShape: [6, 6, 1 + Math.floor(r() * 6)], f: randomF(r), seed: 4 } as Config]) {
          const got = await learnerInfo(ctx, c);
          const want = refCounts(c.inShape[2], c.f).withReduction;
          if (got.params !== want) fail(`${call(c)}: ${got.params} parameters, expected ${want}${got.params === want - (c.f.b1 + c.f.b3reduce + c.f.b3 + c.f.b5reduce + c.f.b5 + c.f.pool) ? ': the convs have no biases (keep useBias at its default, true)' : ''}`, { expected: `${want}`, actual: `${got.params}` });
        }
      },
    },
    {
      id: 'branch-order', name: 'zeroing one branch\'s last conv zeroes exactly its channels, in the order [b1, b3, b5, pool], and leaves every other channel unchanged (N(0, 1) inputs)', fn: 'inceptionModule', hintKey: 'concat-order',
      async run(_m, ctx) {
        const rng = gradeRng();
        const c = MAIN, n = 2;
        const input: ZeroIn = { ...c, n, x: Array.from({ length: n * c.inShape[0] * c.inShape[1] * c.inShape[2] }, () => gaussian(rng)) };
        const r = await ctx.inSandbox<ZeroOut>('zeroBranches', input);
        if (r.problem) fail(`${call(c)}: ${r.problem}`, { hintKey: 'module-structure' });
        const C = r.channels!, base = r.base!;
        const widths: Record<Branch, number> = { b1: c.f.b1, b3: c.f.b3, b5: c.f.b5, pool: c.f.pool };
        let start = 0;
        const where: Record<string, [number, number]> = {};
        for (const b of BRANCHES) { where[b] = [start, start + widths[b]]; start += widths[b]; }
        if (C !== start) fail(`${call(c)}: ${C} output channels, expected ${start}`, { hintKey: 'output-shape' });
        const range = (a: number[]) => (a.length ? `${a[0]}–${a[a.length - 1]}` : 'none');
        /** 0, 1, 2, 5, 6 → "0–2, 5–6". */
        const ranges = (a: number[]) => {
          const parts: string[] = [];
          for (let i = 0; i < a.length; i++) {
            let j = i;
            while (j + 1 < a.length && a[j + 1] === a[j] + 1) j++;
            parts.push(i === j ? `${a[i]}` : `${a[i]}–${a[j]}`);
            i = j;
          }
          return parts.join(', ') || 'none';
        };
        for (const b of BRANCHES) {
          const z = r.zeroed?.[b];
          if (!z) fail(`${call(c)}: ${BRANCH_NAME[b]} has no Conv2D to zero`, { hintKey: 'module-structure' });
          const changed: number[] = [];
          for (let ch = 0; ch < C; ch++) {
            let diff = false;
            for (let i = ch; i < base.length; i += C) if (Math.abs(z[i] - base[i]) > 1e-5 * (1 + Math.abs(base[i]))) { diff = true; break; }
            if (diff) changed.push(ch);
          }
          const [lo, hi] = where[b];
          const expected = Array.from({ length: hi - lo }, (_, i) => lo + i);
          const allZeroExpected = expected.every((ch) => { for (let i = ch; i < z.length; i += C) if (Math.abs(z[i]) > 1e-6) return false; return true; });
          const outside = changed.filter((ch) => ch < lo || ch >= hi);
          if (outside.length > 0 || (!allZeroExpected && changed.length > 0)) {
            const landed = BRANCHES.find((o) => o !== b && changed.length > 0 && changed[0] === where[o][0]);
            fail(`${call(c)}: Inception branches concatenated in the wrong order: zeroing ${BRANCH_NAME[b]} changed channels ${ranges(changed)}, expected ${range(expected)}${landed ? ` (where ${BRANCH_NAME[landed]} belongs)` : ''}; concatenate [b1, b3, b5, pool]`, { expected: `channels ${range(expected)}`, actual: `channels ${ranges(changed)}`, hintKey: 'concat-order' });
          }
          if (!allZeroExpected) fail(`${call(c)}: with ${BRANCH_NAME[b]}'s last conv zeroed (kernel and bias), its channels ${range(expected)} should be ReLU(0) = 0: does a layer follow that conv before the Concatenate?`, { hintKey: 'module-structure' });
        }
      },
    },
    {
      id: 'param-count-formula', name: 'inceptionParamCount: withReduction and naive, exact (GoogLeNet\'s 3a module and random widths)', fn: 'inceptionParamCount',
      run(m) {
        const r = gradeRng();
        const cases: Array<[number, F]> = [
          [192, { b1: 64, b3reduce: 96, b3: 128, b5reduce: 16, b5: 32, pool: 32 }],
          [6, MAIN.f],
          [1 + Math.floor(r() * 50), randomF(r)],
        ];
        for (const [C, f] of cases) {
          const got = m.inceptionParamCount(C, { ...f });
          const want = refCounts(C, f);
          const at = `inceptionParamCount(${C}, ${fText(f)})`;
          const biases = f.b1 + f.b3reduce + f.b3 + f.b5reduce + f.b5 + f.pool;
          expectClose(got?.withReduction, want.withReduction, { name: `${at}.withReduction`, atol: 0, rtol: 0, mistakes: [
            { when: want.withReduction - biases, message: 'biases not counted: each conv has one bias per output channel', hintKey: 'count-biases' },
            { when: want.withReduction - conv(1, C, f.pool), message: 'the pool projection (a 1×1 conv from inChannels to f.pool) is missing', hintKey: 'param-count-formula' },
            { when: want.withReduction - conv(3, f.b3reduce, f.b3) + conv(3, C, f.b3) - conv(5, f.b5reduce, f.b5) + conv(5, C, f.b5), message: 'the 3×3 and 5×5 convs counted on inChannels: with reduction they read the reduce convs\' outputs (f.b3reduce, f.b5reduce channels)', hintKey: 'param-count-formula' },
          ] });
          expectClose(got?.naive, want.naive, { name: `${at}.naive`, atol: 0, rtol: 0, mistakes: [
            { when: want.naive + conv(1, C, f.pool), message: 'a pool projection counted in the naive module: the paper\'s naive module has a bare 3×3 max pool, with no parameters', hintKey: 'naive-module' },
            { when: want.naive - (f.b1 + f.b3 + f.b5), message: 'biases not counted: each conv has one bias per output channel', hintKey: 'count-biases' },
            { when: conv(1, C, f.b1) + conv(3, f.b3reduce, f.b3) + conv(5, f.b5reduce, f.b5), message: 'the naive 3×3 and 5×5 convs read the input directly (inChannels channels), not f.b3reduce / f.b5reduce', hintKey: 'naive-module' },
          ] });
        }
      },
    },
    {
      id: 'seeded', name: 'the same seed builds the same weights; another seed builds other weights', fn: 'inceptionModule',
      async run(_m, ctx) {
        const s = 1 + Math.floor(gradeRng()() * 1000);
        const r = await ctx.inSandbox<{ same: boolean; different: boolean }>('seeded', { ...MAIN, seed: s });
        if (!r.same) fail(`two modules built with seed ${s} have different weights: give every kernelInitializer a seed derived from the seed argument (seed, seed + 1, …)`);
        if (!r.different) fail(`seeds ${s} and ${s + 7} build identical weights: derive the initializers' seeds from the seed argument`);
      },
    },
    {
      id: 'overfit-one-batch', name: 'module → Flatten → Dense(3) on 16 inputs of 8×8 fits them: loss < 0.2 within 30 Adam steps', fn: 'inceptionModule',
      async run(_m, ctx) {
        const rng = mulberry32(13);
        const c = { ...MAIN, inShape: [8, 8, 3] as [number, number, number], steps: 30, target: 0.2, x: Array.from({ length: 16 * 8 * 8 * 3 }, () => gaussian(rng)), labels: Array.from({ length: 16 }, (_, i) => i % 3) };
        const losses = await ctx.inSandbox<number[]>('overfit', c);
        const last = losses[losses.length - 1];
        if (!(last < 0.2)) fail(`the loss is ${last?.toFixed(3)} after ${losses.length} steps (first ${losses[0]?.toFixed(3)}), expected < 0.2 within 30: is every branch connected to the output and trainable?`, { expected: '< 0.2', actual: `${last}` });
      },
    },
    {
      id: 'module-bad-inputs', name: 'inceptionModule throws for a width that is not a whole number ≥ 1', fn: 'inceptionModule', hintKey: 'bad-inputs-throw',
      async run(_m, ctx) {
        const missed = await ctx.inSandbox<string[]>('badCalls');
        if (missed.length) fail(`${missed.join(', ')} did not throw: every width must be a whole number ≥ 1 (tf builds odd layers from 0, −1 or 1.5 instead of refusing)`, { hintKey: 'bad-inputs-throw' });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P2',
      fn: 'inceptionParamCount',
      badInputs: [
        { name: 'inceptionParamCount(0, f)', call: (m) => m.inceptionParamCount(0, { ...MAIN.f }), why: 'an input has at least one channel' },
        { name: 'inceptionParamCount(3.5, f)', call: (m) => m.inceptionParamCount(3.5, { ...MAIN.f }), why: 'a channel count is a whole number' },
        { name: 'inceptionParamCount(6, { …, b3: -2 })', call: (m) => m.inceptionParamCount(6, { ...MAIN.f, b3: -2 }), why: 'a branch has at least one filter' },
      ],
      names: { 'bad-inputs-throw': 'inceptionParamCount throws for an inChannels or a width that is not a whole number ≥ 1' },
    }),
  ],
});
