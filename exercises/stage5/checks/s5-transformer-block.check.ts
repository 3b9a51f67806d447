/**
 * Checks for s5-transformer-block. References: tf.layers.layerNormalization({ epsilon }) with
 * setWeights([γ, β]) for layerNorm (last axis, biased variance); the grader's own composition for
 * the block (multi-head self-attention as in s5-multi-head-attention, FFN = Dense → ReLU → Dense,
 * pre-norm h = x + MHA(LN1(x)), y = h + FFN(LN2(h)); post-norm h = LN1(x + MHA(x)),
 * y = LN2(h + FFN(h)); ε defaults to 1e-3). Tolerance 1e-4 for the block.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, learnerGrads, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-transformer-block');
type Params = import('../solutions/s5-transformer-block').BlockParams;
const TOL = { atol: 1e-4, rtol: 1e-4 };

export function rand(rng: Rng, shape: number[], lo = -1, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => lo + (hi - lo) * rng()), shape);
}

export function fixed(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => scale * (Math.sin(1.7 * i + seed) * 1.5 + 0.1 * ((i * 7 + seed) % 5))), shape);
}

/** Block parameters: fixed (a seed) or random (an rng); d = model width, dFF = hidden width. */
export function blockParams(d: number, dFF: number, seed: number | Rng): Params {
  const make = (shape: number[], s: number, scale: number) => (typeof seed === 'number' ? fixed(shape, seed + s, scale) : rand(seed, shape, -scale, scale));
  const w = 1 / Math.sqrt(d);
  return {
    mha: { Wq: make([d, d], 1, 1.2 * w) as tf.Tensor2D, Wk: make([d, d], 2, 1.2 * w) as tf.Tensor2D, Wv: make([d, d], 3, w) as tf.Tensor2D, Wo: make([d, d], 4, w) as tf.Tensor2D },
    ln1: { gamma: tf.add(1, make([d], 5, 0.3)) as tf.Tensor1D, beta: make([d], 6, 0.2) as tf.Tensor1D },
    ln2: { gamma: tf.add(1, make([d], 7, 0.3)) as tf.Tensor1D, beta: make([d], 8, 0.2) as tf.Tensor1D },
    W1: make([d, dFF], 9, w) as tf.Tensor2D, b1: make([dFF], 10, 0.1) as tf.Tensor1D,
    W2: make([dFF, d], 11, 1 / Math.sqrt(dFF)) as tf.Tensor2D, b2: make([d], 12, 0.1) as tf.Tensor1D,
  };
}

type LnKind = 'right' | 'unbiased' | 'axis0' | 'all-axes' | 'eps-outside' | 'no-eps' | 'time-axis';

/** LayerNorm by formula, and its named mistakes. */
export function refLn(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number, kind: LnKind = 'right'): tf.Tensor {
  const axes = kind === 'axis0' ? [0] : kind === 'all-axes' ? [...Array(x.rank).keys()] : kind === 'time-axis' ? [x.rank - 2] : [x.rank - 1];
  const mean = tf.mean(x, axes, true);
  const c = tf.sub(x, mean);
  const n = axes.reduce((a, i) => a * x.shape[i], 1);
  let v = tf.mean(tf.square(c), axes, true);
  if (kind === 'unbiased') v = tf.mul(v, n / (n - 1));
  const den = kind === 'eps-outside' ? tf.add(tf.sqrt(v), eps) : kind === 'no-eps' ? tf.sqrt(v) : tf.sqrt(tf.add(v, eps));
  return tf.add(tf.mul(tf.div(c, den), g), b);
}

/** tf's own LayerNormalization layer with the given weights. */
function layerRef(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const layer = tf.layers.layerNormalization({ epsilon: eps });
  layer.build(x.shape);
  layer.setWeights([g, b]);
  const y = layer.apply(x) as tf.Tensor;
  for (const w of layer.weights) w.dispose(); // the layer itself was never connected: free its variables
  return y;
}

const LN_TEXT: Record<Exclude<LnKind, 'right'>, { message: string; hintKey: string }> = {
  unbiased: { message: 'unbiased variance (divided by d − 1): LayerNorm divides by d, the biased variance', hintKey: 'ln-variance' },
  axis0: { message: 'LayerNorm over the wrong axis: normalised over the batch (axis 0, that is batch norm); normalise each position over its features, the LAST axis', hintKey: 'ln-axis' },
  'time-axis': { message: 'LayerNorm over the wrong axis: normalised over the positions (axis −2); normalise each position over its features, the LAST axis', hintKey: 'ln-axis' },
  'all-axes': { message: 'LayerNorm over the wrong axis: one mean and variance for the whole tensor; normalise each position over its own features (the last axis, keepDims)', hintKey: 'ln-axis' },
  'eps-outside': { message: 'epsilon added outside the square root: divide by √(var + ε), not √var + ε', hintKey: 'ln-epsilon' },
  'no-eps': { message: 'epsilon ignored: divide by √(var + ε)', hintKey: 'ln-epsilon' },
};

function lnMistakes(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): Mistake[] {
  const kinds = (Object.keys(LN_TEXT) as Array<Exclude<LnKind, 'right'>>).filter((k) => x.rank >= 2 || (k !== 'axis0' && k !== 'time-axis'));
  return [
    { when: (got: number[]) => got.some(Number.isNaN), message: 'NaN in the result', hintKey: 'ln-epsilon' },
    ...kinds.map((k) => ({ when: () => refLn(x, g, b, eps, k), ...LN_TEXT[k] })),
  ];
}

function project(x: tf.Tensor, W: tf.Tensor): tf.Tensor {
  const [B, T, a] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [B * T, a]), W as tf.Tensor2D), [B, T, W.shape[1] as number]);
}

type BlockKind = 'right' | 'residual-before-norm' | 'residual-from-normed' | 'pre-instead-of-post' | 'scale-d' | 'unbiased' | 'eps-1e-5' | 'mask-on-heads' | 'no-relu';

/** The grader's block, and its named mistakes. */
export function refBlock(x: tf.Tensor, p: Params, o: { numHeads: number; mask?: tf.Tensor; preNorm: boolean; epsilon?: number }, kind: BlockKind = 'right'): tf.Tensor {
  const h = o.numHeads, D = p.mha.Wq.shape[1], dh = D / h;
  const [B, T] = x.shape;
  const eps = o.epsilon ?? (kind === 'eps-1e-5' ? 1e-5 : 1e-3);
  const ln = (t: tf.Tensor, w: { gamma: tf.Tensor; beta: tf.Tensor }) => refLn(t, w.gamma, w.beta, eps, kind === 'unbiased' ? 'unbiased' : 'right');
  const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, h, dh]), [0, 2, 1, 3]);
  const mha = (t: tf.Tensor) => {
    const q = split(project(t, p.mha.Wq)), k = split(project(t, p.mha.Wk)), v = split(project(t, p.mha.Wv));
    let s = tf.div(tf.matMul(q, k, false, true), Math.sqrt(kind === 'scale-d' ? D : dh));
    if (o.mask) {
      const m4 = o.mask.rank === 3 && kind !== 'mask-on-heads' ? tf.expandDims(o.mask, 1) : o.mask;
      s = tf.where(tf.broadcastTo(tf.equal(m4, 0), s.shape), tf.fill(s.shape, -1e9), s);
    }
    return project(tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), v), [0, 2, 1, 3]), [B, T, D]), p.mha.Wo);
  };
  const ffn = (t: tf.Tensor) => {
    const a = tf.add(project(t, p.W1), p.b1);
    return tf.add(project(kind === 'no-relu' ? a : tf.relu(a), p.W2), p.b2);
  };
  const pre = kind === 'residual-before-norm' ? false : kind === 'pre-instead-of-post' ? true : o.preNorm;
  if (kind === 'residual-from-normed') {
    const n1 = ln(x, p.ln1);
    const hid = tf.add(n1, mha(n1));
    const n2 = ln(hid, p.ln2);
    return tf.add(n2, ffn(n2));
  }
  if (pre) {
    const hid = tf.add(x, mha(ln(x, p.ln1)));
    return tf.add(hid, ffn(ln(hid, p.ln2)));
  }
  const hid = ln(tf.add(x, mha(x)), p.ln1);
  return ln(tf.add(hid, ffn(hid)), p.ln2);
}

const BLOCK_TEXT: Record<Exclude<BlockKind, 'right'>, { message: string; hintKey: string }> = {
  'residual-before-norm': { message: 'the residual added before the norm in a pre-norm block (that is post-norm): pre-norm normalises the sublayer\'s input, h = x + MHA(LN1(x)), y = h + FFN(LN2(h))', hintKey: 'pre-norm' },
  'residual-from-normed': { message: 'the residual path starts from the normalised input: pre-norm adds the sublayer to the UNnormalised x, h = x + MHA(LN1(x))', hintKey: 'pre-norm' },
  'pre-instead-of-post': { message: 'a pre-norm block where post-norm was asked: with preNorm false, h = LN1(x + MHA(x)), y = LN2(h + FFN(h))', hintKey: 'post-norm' },
  'scale-d': { message: 'scores scaled by √d instead of √(d/h): each head works in d/h dimensions', hintKey: 'block-attention' },
  unbiased: { message: 'LayerNorm with the unbiased variance (divided by d − 1): divide by d', hintKey: 'ln-variance' },
  'eps-1e-5': { message: 'epsilon defaults to 1e-5: when o.epsilon is missing use 1e-3 (tf.layers.layerNormalization\'s default)', hintKey: 'block-epsilon' },
  'mask-on-heads': { message: 'a [B,T,T] mask was broadcast without a head axis, so its batch axis lined up with the heads: expand it on axis 1', hintKey: 'block-mask' },
  'no-relu': { message: 'no ReLU in the feed-forward network: FFN(t) = relu(t·W1 + b1)·W2 + b2', hintKey: 'block-ffn' },
};

function blockMistakes(x: tf.Tensor, p: Params, o: { numHeads: number; mask?: tf.Tensor; preNorm: boolean; epsilon?: number }, kinds: Array<Exclude<BlockKind, 'right'>>): Mistake[] {
  return [
    { when: (got: number[]) => got.some(Number.isNaN), message: 'NaN in the block\'s output', hintKey: 'block-value' },
    ...kinds.map((k) => ({ when: () => refBlock(x, p, o, k), ...BLOCK_TEXT[k] })),
  ];
}

const PRE_KINDS: Array<Exclude<BlockKind, 'right'>> = ['residual-before-norm', 'residual-from-normed', 'scale-d', 'unbiased', 'no-relu'];
const POST_KINDS: Array<Exclude<BlockKind, 'right'>> = ['pre-instead-of-post', 'scale-d', 'unbiased', 'no-relu'];

function expectBlock(got: tf.Tensor, x: tf.Tensor, p: Params, o: { numHeads: number; mask?: tf.Tensor; preNorm: boolean; epsilon?: number }, what: string, kinds: Array<Exclude<BlockKind, 'right'>>): void {
  expectTensorClose(got, refBlock(x, p, o), { name: what, ...TOL, tensor: true, mistakes: blockMistakes(x, p, o, kinds) });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'ln-value', name: 'layerNorm matches tf.layers.layerNormalization (γ, β set) on x [4,6] and x [2,3,5], ε = 1e-3', fn: 'layerNorm', hintKey: 'ln-value',
      run: (m) => tf.tidy(() => {
        for (const [shape, seed] of [[[4, 6], 1], [[2, 3, 5], 2]] as Array<[number[], number]>) {
          const x = tf.add(fixed(shape, seed, 2), fixed([shape[shape.length - 1]], seed + 5, 1.5));
          const d = shape[shape.length - 1];
          const g = tf.add(1, fixed([d], seed + 1, 0.4)) as tf.Tensor1D, b = fixed([d], seed + 2, 0.3) as tf.Tensor1D;
          expectTensorClose(m.layerNorm(x, g, b, 1e-3), layerRef(x, g, b, 1e-3), { name: `layerNorm(x [${shape}], γ, β, 1e-3)`, atol: 1e-5, rtol: 1e-5, tensor: true, mistakes: lnMistakes(x, g, b, 1e-3) });
        }
      }),
    },
    {
      id: 'ln-epsilon', name: 'layerNorm uses ε inside the square root (rows with a tiny variance, ε = 0.01 and 1e-5)', fn: 'layerNorm', hintKey: 'ln-epsilon',
      run: (m) => tf.tidy(() => {
        const x = fixed([3, 8], 4, 0.05);
        const g = tf.ones([8]) as tf.Tensor1D, b = tf.zeros([8]) as tf.Tensor1D;
        for (const eps of [0.01, 1e-5]) {
          expectTensorClose(m.layerNorm(x, g, b, eps), layerRef(x, g, b, eps), { name: `layerNorm(x [3,8] with variance ≈ 0.002, ε = ${eps})`, atol: 1e-4, rtol: 1e-4, tensor: true, mistakes: lnMistakes(x, g, b, eps) });
        }
      }),
    },
    {
      id: 'ln-properties', name: 'random inputs: layerNorm equals tf.layers.layerNormalization; with γ = 1, β = 0 every position has mean 0', fn: 'layerNorm', hintKey: 'ln-axis',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const d = 3 + Math.floor(rng() * 8), T = 2 + Math.floor(rng() * 4);
        const x = rand(rng, [2, T, d], -3, 3);
        const g = rand(rng, [d], 0.5, 1.5) as tf.Tensor1D, b = rand(rng, [d]) as tf.Tensor1D;
        expectTensorClose(m.layerNorm(x, g, b, 1e-3), layerRef(x, g, b, 1e-3), { name: `layerNorm(x [2,${T},${d}], γ, β, 1e-3)`, atol: 1e-5, rtol: 1e-5, tensor: true, mistakes: lnMistakes(x, g, b, 1e-3) });
        const means = valuesOf(tf.mean(m.layerNorm(x, tf.ones([d]) as tf.Tensor1D, tf.zeros([d]) as tf.Tensor1D, 1e-3), -1));
        const k = means.findIndex((v) => Math.abs(v) > 1e-5);
        if (k >= 0) fail(`with γ = 1 and β = 0, position ${k} has mean ${means[k]} over its features, expected 0`, { hintKey: 'ln-axis' });
      }),
    },
    {
      id: 'block-pre-norm', name: 'pre-norm block (x [2,4,8], 2 heads, dFF 12): h = x + MHA(LN1(x)), y = h + FFN(LN2(h))', fn: 'transformerBlock', hintKey: 'pre-norm',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 3) as tf.Tensor3D, p = blockParams(8, 12, 20);
        const o = { numHeads: 2, preNorm: true, epsilon: 1e-3 };
        expectBlock(m.transformerBlock(x, p, o), x, p, o, 'transformerBlock(x, p, { numHeads: 2, preNorm: true })', PRE_KINDS);
      }),
    },
    {
      id: 'block-post-norm', name: 'post-norm block (x [2,4,8], 4 heads, dFF 12): h = LN1(x + MHA(x)), y = LN2(h + FFN(h))', fn: 'transformerBlock', hintKey: 'post-norm',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 4) as tf.Tensor3D, p = blockParams(8, 12, 30);
        const o = { numHeads: 4, preNorm: false, epsilon: 1e-3 };
        expectBlock(m.transformerBlock(x, p, o), x, p, o, 'transformerBlock(x, p, { numHeads: 4, preNorm: false })', POST_KINDS);
      }),
    },
    {
      id: 'block-epsilon', name: 'without o.epsilon the LayerNorms use ε = 1e-3 (x with a small spread, so ε matters)', fn: 'transformerBlock', hintKey: 'block-epsilon',
      run: (m) => tf.tidy(() => {
        const x = fixed([1, 4, 8], 5, 0.02) as tf.Tensor3D, p = blockParams(8, 12, 40);
        for (const preNorm of [true, false]) {
          const o = { numHeads: 2, preNorm };
          expectBlock(m.transformerBlock(x, p, o), x, p, o, `transformerBlock(x, p, { numHeads: 2, preNorm: ${preNorm} }) with no epsilon`, ['eps-1e-5', ...(preNorm ? PRE_KINDS : POST_KINDS)]);
        }
      }),
    },
    {
      id: 'block-mask', name: 'masks reach every head: a [T,T] causal mask and a [B,T,T] mask (one per example)', fn: 'transformerBlock', hintKey: 'block-mask',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 6) as tf.Tensor3D, p = blockParams(8, 12, 50);
        const causal = tf.linalg.bandPart(tf.ones([4, 4]), -1, 0);
        const o1 = { numHeads: 2, preNorm: true, mask: causal, epsilon: 1e-3 };
        expectBlock(m.transformerBlock(x, p, o1), x, p, o1, 'pre-norm block with a causal [4,4] mask', PRE_KINDS);
        const perExample = tf.tensor3d([[[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1], [1, 0, 0, 1]], [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1]]]);
        const o2 = { numHeads: 2, preNorm: false, mask: perExample, epsilon: 1e-3 };
        expectBlock(m.transformerBlock(x, p, o2), x, p, o2, 'post-norm block with a [2,4,4] mask (B = 2, 2 heads)', ['mask-on-heads', ...POST_KINDS]);
      }),
    },
    {
      id: 'block-causal', name: 'with a causal mask, changing the tokens after position t leaves outputs 0…t unchanged (random, pre- and post-norm)', fn: 'transformerBlock', hintKey: 'block-causal',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const T = 6, d = 8, t = 1 + Math.floor(rng() * 3);
        const x = rand(rng, [2, T, d]) as tf.Tensor3D, p = blockParams(d, 16, rng);
        const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
        const later = tf.concat([tf.zeros([2, t + 1, d]), rand(rng, [2, T - t - 1, d], 1, 3)], 1);
        for (const preNorm of [true, false]) {
          const o = { numHeads: 2, preNorm, mask: causal };
          const a = m.transformerBlock(x, p, o), b = m.transformerBlock(tf.add(x, later) as tf.Tensor3D, p, o);
          const before = valuesOf(tf.slice(a, [0, 0, 0], [2, t + 1, d])), after = valuesOf(tf.slice(b, [0, 0, 0], [2, t + 1, d]));
          const k = before.findIndex((v, i) => Math.abs(v - after[i]) > 1e-4);
          if (k >= 0) fail(`${preNorm ? 'pre' : 'post'}-norm: the output at position ${Math.floor(k / d) % (t + 1)} changed (${before[k].toFixed(4)} → ${after[k].toFixed(4)}) when only tokens after position ${t} changed: the future leaks into the past`, { hintKey: 'block-causal' });
        }
      }),
    },
    {
      id: 'block-permutation', name: 'without a mask (and no positional encoding) the block is permutation-equivariant: permuting the tokens permutes the outputs', fn: 'transformerBlock', hintKey: 'block-permutation',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const T = 5, d = 8;
        const x = rand(rng, [2, T, d]) as tf.Tensor3D, p = blockParams(d, 12, rng);
        const perm = tf.tensor1d([3, 0, 4, 1, 2], 'int32');
        for (const preNorm of [true, false]) {
          const o = { numHeads: 4, preNorm };
          const y = m.transformerBlock(x, p, o);
          const yp = m.transformerBlock(tf.gather(x, perm, 1) as tf.Tensor3D, p, o);
          expectTensorClose(yp, tf.gather(y, perm, 1), { name: `${preNorm ? 'pre' : 'post'}-norm block on the permuted tokens vs the permuted outputs`, ...TOL, tensor: true });
        }
      }),
    },
    {
      id: 'block-identity', name: 'Wo = 0, W2 = 0 and b2 = 0: the pre-norm block returns x unchanged (random x and weights)', fn: 'transformerBlock', hintKey: 'block-identity',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const x = rand(rng, [2, 5, 8], -2, 2) as tf.Tensor3D, p = blockParams(8, 12, rng);
        const z = { ...p, mha: { ...p.mha, Wo: tf.zeros([8, 8]) as tf.Tensor2D }, W2: tf.zeros([12, 8]) as tf.Tensor2D, b2: tf.zeros([8]) as tf.Tensor1D };
        expectTensorClose(m.transformerBlock(x, z, { numHeads: 2, preNorm: true }), x, { name: 'pre-norm block with both sublayers switched off', atol: 1e-5, rtol: 1e-5, tensor: true, mistakes: [
          { when: () => refBlock(x, z, { numHeads: 2, preNorm: true }, 'residual-from-normed'), ...BLOCK_TEXT['residual-from-normed'] },
          { when: () => refBlock(x, z, { numHeads: 2, preNorm: true }, 'residual-before-norm'), ...BLOCK_TEXT['residual-before-norm'] },
        ] });
      }),
    },
    {
      id: 'block-gradients', name: 'gradients flow through the block to x, γ1, Wq, W1 and W2 (pre-norm, causal mask): a stack of your blocks can train', fn: 'transformerBlock', hintKey: 'block-gradients',
      run: (m, ctx) => tf.tidy(() => {
        const rng = gradeRng();
        const x = rand(rng, [2, 4, 8]) as tf.Tensor3D, p = blockParams(8, 12, rng);
        const mask = tf.linalg.bandPart(tf.ones([4, 4]), -1, 0);
        const dy = rand(rng, [2, 4, 8]);
        const o = { numHeads: 2, preNorm: true, mask };
        let grads: tf.Tensor[];
        try {
          ({ grads } = learnerGrads(m.transformerBlock, [x, p, o], [0, [1, 'ln1', 'gamma'], [1, 'mha', 'Wq'], [1, 'W1'], [1, 'W2']], dy));
        } catch (e) {
          if (e instanceof Error && /einsum/i.test(ctx.source ?? '') && /gradient|differentiate/i.test(e.message)) fail('tf.einsum has no gradient in this tfjs version (4.22), so a stack of your blocks could not train: use tf.matMul (it treats every axis but the last two as a batch)', { hintKey: 'block-gradients' });
          throw e;
        }
        const names = ['x', 'γ1', 'Wq', 'W1', 'W2'];
        const want = tf.grads((a: tf.Tensor, g1: tf.Tensor, wq: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor) => refBlock(a, { ...p, ln1: { ...p.ln1, gamma: g1 as tf.Tensor1D }, mha: { ...p.mha, Wq: wq as tf.Tensor2D }, W1: w1 as tf.Tensor2D, W2: w2 as tf.Tensor2D }, o))([x, p.ln1.gamma, p.mha.Wq, p.W1, p.W2], dy);
        names.forEach((n, i) => expectTensorClose(grads[i], want[i], { name: `∂(y·dy)/∂${n}`, atol: 1e-4, rtol: 1e-3, tensor: true }));
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'transformerBlock',
      calls: [
        { name: 'layerNorm', inputs: () => ({ x: fixed([2, 3, 5], 1), gamma: fixed([5], 2), beta: fixed([5], 3) }), call: (m, i) => m.layerNorm(i.x, i.gamma as tf.Tensor1D, i.beta as tf.Tensor1D, 1e-3) },
        { name: 'transformerBlock with a mask', inputs: () => ({ x: fixed([2, 4, 8], 1), p: blockParams(8, 12, 2), mask: tf.linalg.bandPart(tf.ones([4, 4]), -1, 0) }), call: (m, i) => m.transformerBlock(i.x as tf.Tensor3D, i.p as Params, { numHeads: 2, preNorm: true, mask: i.mask as tf.Tensor }) },
      ],
      badInputs: [
        { name: 'layerNorm(x [2,6], γ [5], β [5])', call: (m) => m.layerNorm(tf.zeros([2, 6]), tf.ones([5]) as tf.Tensor1D, tf.zeros([5]) as tf.Tensor1D, 1e-3), mistake: 'γ of the wrong length not detected: tf would broadcast or fail with an unclear message' },
        { name: 'transformerBlock with W1 [6,12] for x of width 8', call: (m) => m.transformerBlock(tf.zeros([1, 4, 8]) as tf.Tensor3D, { ...blockParams(8, 12, 1), W1: tf.zeros([6, 12]) as tf.Tensor2D }, { numHeads: 2, preNorm: true }) },
        { name: 'transformerBlock with d = 8 and numHeads = 3', call: (m) => m.transformerBlock(tf.zeros([1, 4, 8]) as tf.Tensor3D, blockParams(8, 12, 1), { numHeads: 3, preNorm: true }), mistake: 'd % h ≠ 0 not detected' },
      ],
      banned: { apis: ['tf.layers', 'tf.batchNorm'], kernels: ['FusedBatchNorm'], why: 'write LayerNorm and the block from tf primitives (tf.mean, tf.sub, tf.sqrt…)' },
      names: { 'bad-inputs-throw': 'γ or β of the wrong length, misfit weights and d not divisible by numHeads throw' },
    }),
  ],
});
