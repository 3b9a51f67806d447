/**
 * Checks for s4-resnet. residualBlock builds tf.layers on a symbolic tensor, which cannot cross to
 * the judge: every part that builds, reads, changes or trains the learner's block runs next to the
 * learner's code (`sandboxed`, with the sandbox's tf) and sends back plain data (layer chains,
 * output values, losses). The judge builds its own reference block with its own tf and compares.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, mulberry32, gaussian } from 'dl-tutor/grading';
import { chainDiff, describeBlock, layerText, matchChains } from './blockGraph';
import type { BlockInfo, LayerInfo } from './blockGraph';

type M = typeof import('../solutions/s4-resnet');

interface Config { inShape: [number, number, number]; filters: number; stride: number; seed: number; bnMomentum?: number }
/** A build that threw the shape error an Add raises when the two paths differ. */
interface Built { info?: BlockInfo; addError?: string }

const isAddShapeError = (e: unknown) => e instanceof Error && /broadcast|shape|Operands|same shape/i.test(e.message) && !/Not implemented/.test(e.message);

function buildLearner(m: M, c: Config): { model?: tf.LayersModel; addError?: string } {
  const x = tf.input({ shape: c.inShape });
  let y: tf.SymbolicTensor;
  try {
    y = m.residualBlock(x, c.filters, c.stride, c.bnMomentum === undefined ? { seed: c.seed } : { seed: c.seed, bnMomentum: c.bnMomentum });
  } catch (e) {
    if (isAddShapeError(e)) return { addError: (e as Error).message };
    throw e;
  }
  return { model: tf.model({ inputs: x, outputs: y }) };
}

/** Which learner chain is the branch (the one holding a 3×3 conv) and which the shortcut. */
function roles(info: BlockInfo): { branch: number; shortcut: number } {
  const has3 = info.chains.map((c) => c.some((l) => l.className === 'Conv2D' && l.label.includes('3×3')));
  const branch = has3.indexOf(true) >= 0 ? has3.indexOf(true) : info.chains.reduce((b, c, i) => (c.length > info.chains[b].length ? i : b), 0);
  return { branch, shortcut: branch === 0 ? 1 : 0 };
}

interface ZeroIn extends Config { x: number[]; n: number; proj: { gamma: number[]; beta: number[]; mean: number[]; variance: number[] } }
interface ZeroOut { addError?: string; problem?: string; out?: number[]; outShape?: number[]; shortcut?: LayerInfo[] }

/** Parts that run next to the learner's code. */
export const sandboxed = {
  describe(m: M, c: Config): Built {
    const b = buildLearner(m, c);
    return b.model ? { info: describeBlock(b.model) } : { addError: b.addError };
  },
  /** Zero the branch's last BN (γ = β = 0), give the projection BN known statistics, predict on x. */
  zeroBranch(m: M, c: ZeroIn): ZeroOut {
    const b = buildLearner(m, c);
    if (!b.model) return { addError: b.addError };
    const model = b.model;
    const info = describeBlock(model, { weights: true });
    if (info.irregular || info.chains.length !== 2) return { problem: info.irregular ?? `the merge layer has ${info.chains.length} inputs, expected 2 (the branch and the shortcut)` };
    const { branch, shortcut } = roles(info);
    const lastBn = [...info.chains[branch]].reverse().find((l) => l.className === 'BatchNormalization');
    if (!lastBn) return { problem: 'the branch has no BatchNormalization layer' };
    const bnLayer = model.getLayer(lastBn.name);
    bnLayer.setWeights(bnLayer.getWeights().map((w, i) => (i < 2 ? tf.zerosLike(w) : w.clone())));
    const projBn = info.chains[shortcut].find((l) => l.className === 'BatchNormalization');
    if (projBn) {
      const p = c.proj;
      model.getLayer(projBn.name).setWeights([tf.tensor1d(p.gamma), tf.tensor1d(p.beta), tf.tensor1d(p.mean), tf.tensor1d(p.variance)]);
    }
    const x = tf.tensor4d(c.x, [c.n, ...c.inShape]);
    const y = model.predict(x) as tf.Tensor;
    const out = { out: Array.from(y.dataSync()), outShape: y.shape.slice(), shortcut: describeBlock(model, { weights: true }).chains[shortcut] };
    tf.dispose([x, y]);
    return out;
  },
  /** Two builds with one seed and one with another: are the weights equal / different? */
  seeded(m: M, c: Config): { same: boolean; different: boolean } {
    const w = (seed: number) => {
      const b = buildLearner(m, { ...c, seed });
      return b.model ? b.model.getWeights().map((t) => Array.from(t.dataSync())) : [];
    };
    const a = w(c.seed), a2 = w(c.seed), d = w(c.seed + 7);
    const eq = (p: number[][], q: number[][]) => p.length === q.length && p.every((v, i) => v.length === q[i].length && v.every((z, j) => z === q[i][j]));
    return { same: eq(a, a2), different: !eq(a, d) };
  },
  /** block → Flatten → Dense(3, softmax), Adam, one fixed batch of 16: the loss per step. */
  async overfit(m: M, c: Config & { steps: number; x: number[]; labels: number[] }): Promise<{ losses: number[]; addError?: string }> {
    const n = c.labels.length;
    const inp = tf.input({ shape: c.inShape });
    let h: tf.SymbolicTensor;
    try {
      h = m.residualBlock(inp, c.filters, c.stride, { seed: c.seed, bnMomentum: 0.9 });
    } catch (e) {
      if (isAddShapeError(e)) return { losses: [], addError: (e as Error).message };
      throw e;
    }
    const flat = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 100 }) }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: out });
    const opt = tf.train.adam(0.01);
    model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    const x = tf.tensor4d(c.x, [n, ...c.inShape]);
    const y = tf.oneHot(tf.tensor1d(c.labels, 'int32'), 3).toFloat();
    const losses: number[] = [];
    try {
      for (let s = 0; s < c.steps; s++) {
        const l = await model.trainOnBatch(x, y);
        losses.push(Array.isArray(l) ? l[0] : l);
        if (losses[losses.length - 1] < 0.05) break;
      }
    } finally {
      tf.dispose([x, y]);
      model.dispose();
    }
    return { losses };
  },
  /** Calls that must throw: returns the ones that did not. */
  badCalls(m: M): string[] {
    const calls: Array<[string, number, number]> = [['residualBlock(x, 0, 1, …)', 0, 1], ['residualBlock(x, 2.5, 1, …)', 2.5, 1], ['residualBlock(x, 8, 0, …)', 8, 0], ['residualBlock(x, 8, -1, …)', 8, -1]];
    const missed: string[] = [];
    for (const [name, f, s] of calls) {
      try {
        m.residualBlock(tf.input({ shape: [8, 8, 4] }), f, s, { seed: 1 });
        missed.push(name);
      } catch (e) {
        if (e instanceof Error && /Not implemented/.test(e.message)) throw e;
      }
    }
    return missed;
  },
};

// ---------------------------------------------------------------- the judge's reference
function referenceBlock(x: tf.SymbolicTensor, c: Config): tf.SymbolicTensor {
  const momentum = c.bnMomentum ?? 0.99;
  const conv = (f: number, k: number, s: number, seed: number) => tf.layers.conv2d({ filters: f, kernelSize: k, strides: s, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed }) });
  const bn = () => tf.layers.batchNormalization({ momentum });
  const ap = (l: tf.layers.Layer, t: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(t) as tf.SymbolicTensor;
  let y = ap(conv(c.filters, 3, c.stride, c.seed), x);
  y = ap(tf.layers.reLU(), ap(bn(), y));
  y = ap(bn(), ap(conv(c.filters, 3, 1, c.seed + 1), y));
  const sc = c.stride !== 1 || c.inShape[2] !== c.filters ? ap(bn(), ap(conv(c.filters, 1, c.stride, c.seed + 2), x)) : x;
  return ap(tf.layers.reLU(), ap(tf.layers.add(), [y, sc]));
}
function referenceInfo(c: Config): BlockInfo {
  const x = tf.input({ shape: c.inShape });
  const model = tf.model({ inputs: x, outputs: referenceBlock(x, c) });
  const info = describeBlock(model);
  model.dispose();
  return info;
}
const call = (c: Config) => `residualBlock(input [${c.inShape.join(',')}], ${c.filters}, ${c.stride}${c.bnMomentum === undefined ? '' : `, { bnMomentum: ${c.bnMomentum} }`})`;
const shapeText = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;

function missingProjection(c: Config, why: string): never {
  const [h, w, ch] = c.inShape;
  const oh = Math.ceil(h / c.stride), ow = Math.ceil(w / c.stride);
  const change = c.stride !== 1 && ch === c.filters
    ? `stride ${c.stride} makes the branch [${oh},${ow},${c.filters}] while x stays [${h},${w},${ch}], although the channel count does not change`
    : `the branch ends with ${c.filters} channels while x has ${ch}`;
  fail(`${call(c)}: a missing projection shortcut when the shape changes: ${change}. Project x with Conv2D(${c.filters}, 1×1, strides ${c.stride}) → BatchNormalization whenever stride ≠ 1 OR the channels differ (tf: ${why.slice(0, 120)})`, { hintKey: 'missing-projection' });
}

async function learnerInfo(ctx: { inSandbox<T>(n: string, i?: unknown): Promise<T> }, c: Config): Promise<BlockInfo> {
  const b = await ctx.inSandbox<Built>('describe', c);
  if (!b.info) missingProjection(c, b.addError ?? '');
  return b.info;
}

/** Compare the learner's block with the reference, naming the first layer that diverges. */
function expectStructure(got: BlockInfo, want: BlockInfo, c: Config): void {
  const where = call(c);
  if (got.irregular) fail(`${where}: ${got.irregular}; expected a branch and a shortcut that meet in an Add, then a ReLU`, { hintKey: 'block-structure' });
  if (got.merge!.className !== 'Add') fail(`${where}: the branch and the shortcut meet in ${got.merge!.className}, expected Add (a residual block adds the shortcut to the branch)`, { hintKey: 'block-structure' });
  if (got.chains.length !== 2) fail(`${where}: the Add sums ${got.chains.length} paths, expected 2 (the branch and the shortcut)`, { hintKey: 'block-structure' });
  const pairing = matchChains(got.chains, want.chains, { biasOptional: true });
  const [branch, shortcut] = [got.chains[pairing[0]], got.chains[pairing[1]]];
  const [wantBranch, wantShortcut] = want.chains;
  if (wantShortcut.length === 0 && shortcut.length > 0) {
    fail(`${where}: a projection on a shortcut whose shape already matches: input [${c.inShape.join(',')}] and the branch's output ${shapeText(want.outputShape)} agree, so the shortcut is x itself (got ${shortcut.map((l) => l.label).join(' → ')})`, { hintKey: 'identity-shortcut' });
  }
  if (wantShortcut.length > 0 && shortcut.length === 0) missingProjection(c, 'the shortcut is x itself');
  const tailHasRelu = got.tail.some((l) => l.className === 'ReLU');
  if (!tailHasRelu && branch.length > 0 && branch[branch.length - 1].className === 'ReLU') {
    fail(`${where}: ReLU before the Add instead of after it: this block is post-activation, out = ReLU(branch + shortcut); the branch ends with its BatchNormalization`, { hintKey: 'relu-after-add' });
  }
  const bd = chainDiff(branch, wantBranch, { biasOptional: true });
  if (bd) fail(`${where}: the branch (conv → BN → ReLU → conv → BN), ${bd.text}`, { expected: wantBranch.map((l) => l.label).join(' → '), actual: branch.map((l) => l.label).join(' → '), hintKey: 'block-structure' });
  const sd = chainDiff(shortcut, wantShortcut, { biasOptional: true });
  if (sd) fail(`${where}: the projection shortcut, ${sd.text}`, { expected: wantShortcut.map((l) => l.label).join(' → '), actual: shortcut.map((l) => l.label).join(' → '), hintKey: 'projection-structure' });
  const td = chainDiff(got.tail, want.tail);
  if (td) fail(`${where}: after the Add, ${td.text}`, { expected: want.tail.map((l) => l.label).join(' → '), actual: got.tail.map((l) => l.label).join(' → ') || 'nothing', hintKey: 'relu-after-add' });
}

const IDENTITY: Config = { inShape: [8, 8, 8], filters: 8, stride: 1, seed: 3 };
const DOUBLED: Config = { inShape: [8, 8, 8], filters: 16, stride: 2, seed: 3 };
const SAME_FILTERS_S2: Config = { inShape: [8, 8, 8], filters: 8, stride: 2, seed: 3 };
const WIDER_S1: Config = { inShape: [6, 6, 4], filters: 8, stride: 1, seed: 3 };

const randn = (rng: () => number, n: number) => Array.from({ length: n }, () => gaussian(rng));

/** relu(shortcut(x)) computed by the judge from the learner's shortcut weights. */
function shortcutReference(c: ZeroIn, shortcut: LayerInfo[]): { value: tf.Tensor; raw: tf.Tensor } {
  return tf.tidy(() => {
    let z: tf.Tensor4D = tf.tensor4d(c.x, [c.n, ...c.inShape]);
    for (const l of shortcut) {
      const w = (l.weights ?? []).map((t) => tf.tensor(t.values, t.shape));
      if (l.className === 'Conv2D') {
        z = tf.conv2d(z, w[0] as tf.Tensor4D, c.stride, 'same');
        if (w[1]) z = tf.add(z, w[1]);
      } else if (l.className === 'BatchNormalization') {
        z = tf.batchNorm(z, tf.tensor1d(c.proj.mean), tf.tensor1d(c.proj.variance), tf.tensor1d(c.proj.beta), tf.tensor1d(c.proj.gamma), l.epsilon ?? 1e-3);
      }
    }
    return { value: tf.relu(z), raw: z };
  });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'output-shapes', name: 'output shapes: [8,8,8] → [8,8,8] (stride 1, 8 filters), → [4,4,16] (stride 2, 16), → [4,4,8] (stride 2, 8), and [7,7,4] → [4,4,8]', fn: 'residualBlock',
      async run(_m, ctx) {
        for (const c of [IDENTITY, DOUBLED, SAME_FILTERS_S2, { ...WIDER_S1, inShape: [7, 7, 4], stride: 2 } as Config]) {
          const got = await learnerInfo(ctx, c);
          const want = referenceInfo(c);
          if (shapeText(got.outputShape) !== shapeText(want.outputShape)) {
            fail(`${call(c)}: output shape ${shapeText(got.outputShape)}, expected ${shapeText(want.outputShape)}${c.stride > 1 ? ` (stride ${c.stride} with 'same' padding: ⌈size / ${c.stride}⌉)` : ''}`, { expected: shapeText(want.outputShape), actual: shapeText(got.outputShape) });
          }
        }
      },
    },
    {
      id: 'identity-structure', name: 'stride 1, same channels: conv → BN → ReLU → conv → BN, plus x itself, Add, then ReLU', fn: 'residualBlock', hintKey: 'block-structure',
      async run(_m, ctx) {
        expectStructure(await learnerInfo(ctx, IDENTITY), referenceInfo(IDENTITY), IDENTITY);
      },
    },
    {
      id: 'projection-structure', name: 'a 1×1 projection (conv + BN, same stride) whenever the shape changes: stride 2 with 8 → 16 channels, stride 2 with 8 → 8, stride 1 with 4 → 8', fn: 'residualBlock',
      async run(_m, ctx) {
        for (const c of [DOUBLED, SAME_FILTERS_S2, WIDER_S1]) expectStructure(await learnerInfo(ctx, c), referenceInfo(c), c);
      },
    },
    {
      id: 'param-count', name: 'parameter count exact (with or without conv biases before a BN)', fn: 'residualBlock',
      async run(_m, ctx) {
        const r = gradeRng();
        const cs: Config[] = [IDENTITY, DOUBLED, { inShape: [8, 8, 2 + Math.floor(r() * 6)], filters: 4 + Math.floor(r() * 8), stride: 1 + Math.floor(r() * 2), seed: 5 }];
        for (const c of cs) {
          const got = await learnerInfo(ctx, c);
          const want = referenceInfo(c);
          const convs = want.chains.flat().filter((l) => l.className === 'Conv2D').length;
          const ok = Array.from({ length: convs + 1 }, (_, k) => want.params + k * c.filters);
          if (!ok.includes(got.params)) {
            fail(`${call(c)}: ${got.params} parameters, expected ${want.params} without conv biases (${want.params + convs * c.filters} with a bias in each of the ${convs} convs)`, { expected: `${want.params}`, actual: `${got.params}` });
          }
        }
      },
    },
    {
      id: 'bn-momentum', name: 'every BatchNormalization uses bnMomentum, 0.99 when it is not given', fn: 'residualBlock',
      async run(_m, ctx) {
        for (const c of [{ ...DOUBLED, bnMomentum: 0.9 }, DOUBLED]) {
          const got = await learnerInfo(ctx, c);
          const want = c.bnMomentum ?? 0.99;
          for (const l of [...got.chains.flat(), ...got.tail]) {
            if (l.className === 'BatchNormalization' && Math.abs((l.momentum ?? NaN) - want) > 1e-9) {
              const got = Number((l.momentum ?? NaN).toPrecision(6));
              const flipped = Math.abs(got - (1 - want)) < 1e-6 ? `: that is 1 − ${want}, PyTorch's convention (weight of the new batch); tfjs's momentum is the weight of the OLD moving statistics, moving = momentum·moving + (1 − momentum)·batch` : '';
              fail(`${call(c)}: ${l.name} has momentum ${got}, expected ${want}${c.bnMomentum === undefined ? ' (the default when bnMomentum is not given)' : ' (the bnMomentum passed in)'}${flipped}`, { expected: `${want}`, actual: `${got}` });
            }
          }
        }
      },
    },
    {
      id: 'zero-branch-identity', name: 'with the branch\'s last BN at γ = β = 0 the block outputs ReLU(shortcut(x)) (N(0, 1) inputs; identity and projection shortcuts)', fn: 'residualBlock',
      async run(_m, ctx) {
        const rng = gradeRng();
        for (const c of [IDENTITY, DOUBLED, SAME_FILTERS_S2]) {
          const n = 2, f = c.filters;
          const input: ZeroIn = {
            ...c, n, x: randn(rng, n * c.inShape[0] * c.inShape[1] * c.inShape[2]),
            proj: { gamma: randn(rng, f).map((v) => 1 + 0.3 * v), beta: randn(rng, f).map((v) => 0.5 * v), mean: randn(rng, f).map((v) => 0.2 * v), variance: randn(rng, f).map((v) => 0.5 + v * v) },
          };
          const r = await ctx.inSandbox<ZeroOut>('zeroBranch', input);
          if (r.addError !== undefined) missingProjection(c, r.addError);
          if (r.problem) fail(`${call(c)}: ${r.problem}`, { hintKey: 'block-structure' });
          const ref = shortcutReference(input, r.shortcut ?? []);
          try {
            if (shapeText(r.outShape!) !== shapeText(ref.value.shape)) fail(`${call(c)}: output shape ${shapeText(r.outShape!)}, expected ${shapeText(ref.value.shape)}`);
            expectTensorClose(r.out!, ref.value.dataSync(), { atol: 1e-4, rtol: 1e-4, name: `${call(c)} with the last BN's γ = β = 0`, mistakes: [
              { when: ref.raw, message: 'the output is the shortcut without a ReLU: the ReLU comes after the Add (post-activation), so a zeroed branch gives ReLU(shortcut), never negative', hintKey: 'relu-after-add' },
            ] });
          } finally {
            tf.dispose([ref.value, ref.raw]);
          }
        }
      },
    },
    {
      id: 'seeded', name: 'the same seed builds the same weights; another seed builds other weights', fn: 'residualBlock',
      async run(_m, ctx) {
        const s = 1 + Math.floor(gradeRng()() * 1000);
        const r = await ctx.inSandbox<{ same: boolean; different: boolean }>('seeded', { ...DOUBLED, seed: s });
        if (!r.same) fail(`two blocks built with seed ${s} have different weights: give every kernelInitializer a seed derived from o.seed (e.g. tf.initializers.heNormal({ seed: o.seed + 1 }))`);
        if (!r.different) fail(`seeds ${s} and ${s + 7} build identical weights: derive the initializers' seeds from o.seed`);
      },
    },
    {
      id: 'overfit-one-batch', name: 'block (stride 2, 8 → 16 channels) → Flatten → Dense(3) fits one batch of 16: loss < 0.05 within 60 Adam steps', fn: 'residualBlock',
      async run(_m, ctx) {
        const rng = mulberry32(11);
        const c = { ...DOUBLED, inShape: [8, 8, 4] as [number, number, number], steps: 60, x: randn(rng, 16 * 8 * 8 * 4), labels: Array.from({ length: 16 }, (_, i) => i % 3) };
        const r = await ctx.inSandbox<{ losses: number[]; addError?: string }>('overfit', c);
        if (r.addError !== undefined) missingProjection(c, r.addError);
        const last = r.losses[r.losses.length - 1];
        if (!(last < 0.05)) fail(`the loss is ${last?.toFixed(3)} after ${r.losses.length} steps (first ${r.losses[0]?.toFixed(3)}), expected < 0.05 within 60: does the gradient reach every layer (a connected branch, a shortcut, BN in training mode)?`, { expected: '< 0.05', actual: `${last}` });
      },
    },
    {
      id: 'bad-inputs-throw', name: 'filters and stride that are not whole numbers ≥ 1 throw', fn: 'residualBlock',
      async run(_m, ctx) {
        const missed = await ctx.inSandbox<string[]>('badCalls');
        if (missed.length) fail(`${missed.join(', ')} did not throw: filters and stride must be whole numbers ≥ 1 (tf builds odd layers from them instead of refusing)`);
      },
    },
  ],
});
