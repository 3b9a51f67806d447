/**
 * Checks for s5-attention. Reference: the grader's own softmax(q·kᵀ/√dk with blocked scores
 * replaced by −1e9)·v from the check file's tf (equal to the textbook formula; einsum-free so it
 * runs on every engine). Tolerance 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-attention');
const TOL = { atol: 1e-5, rtol: 1e-5 };

/** A tensor of the given shape with values uniform in [lo, hi) from `rng`. */
function rand(rng: Rng, shape: number[], lo = -1, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => lo + (hi - lo) * rng()), shape);
}

/** Fixed, distinct values (no rng): the named-mistake cases stay the same on every grade. */
function fixed(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + seed) * 1.5 + 0.1 * ((i * 7 + seed) % 5)), shape);
}

type Kind = 'right' | 'scale-d' | 'no-scale' | 'queries-axis' | 'after-softmax' | 'after-softmax-renorm' | 'neg-inf' | 'inverted-mask';

/** The reference (kind 'right') and the named mistakes, all from the check's tf. */
function ref(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor, kind: Kind = 'right'): { output: tf.Tensor; weights: tf.Tensor } {
  const dk = q.shape[q.rank - 1];
  const raw = tf.matMul(q, k, false, true);
  let scores = kind === 'scale-d' ? tf.div(raw, dk) : kind === 'no-scale' ? raw : tf.div(raw, Math.sqrt(dk));
  let keep: tf.Tensor | undefined;
  if (mask) {
    keep = tf.broadcastTo(tf.cast(tf.notEqual(mask, 0), 'float32'), scores.shape);
    if (kind === 'neg-inf') scores = tf.where(tf.equal(keep, 0), tf.fill(scores.shape, -Infinity), scores);
    else if (kind === 'inverted-mask') scores = tf.where(tf.equal(keep, 1), tf.fill(scores.shape, -1e9), scores);
    else if (kind !== 'after-softmax' && kind !== 'after-softmax-renorm') scores = tf.where(tf.equal(keep, 0), tf.fill(scores.shape, -1e9), scores);
  }
  let weights: tf.Tensor;
  if (kind === 'queries-axis') {
    const r = scores.rank;
    const perm = [...Array(r - 2).keys(), r - 1, r - 2];
    weights = tf.transpose(tf.softmax(tf.transpose(scores, perm)), perm);
  } else weights = tf.softmax(scores);
  if (keep && kind === 'after-softmax') weights = tf.mul(weights, keep);
  if (keep && kind === 'after-softmax-renorm') { weights = tf.mul(weights, keep); weights = tf.div(weights, tf.sum(weights, -1, true)); }
  return { output: tf.matMul(weights, v), weights };
}

const MISTAKE_TEXT: Record<Exclude<Kind, 'right'>, { message: string; hintKey: string }> = {
  'scale-d': { message: 'attention scaled by d instead of √d: divide the scores by √dk (here √dk, not dk)', hintKey: 'scale-sqrt-dk' },
  'no-scale': { message: 'scores not scaled: divide q·kᵀ by √dk before the softmax', hintKey: 'scale-sqrt-dk' },
  'queries-axis': { message: 'softmax over the queries (axis −2): each query\'s weights over the KEYS (the last axis) must sum to 1', hintKey: 'softmax-axis' },
  'after-softmax': { message: 'a mask applied after the softmax: blocked weights were zeroed afterwards, so rows no longer sum to 1 — replace blocked scores by −1e9 BEFORE the softmax', hintKey: 'mask-before-softmax' },
  'after-softmax-renorm': { message: 'a mask applied after the softmax (then renormalised): a fully masked row becomes 0/0 = NaN — replace blocked scores by −1e9 before the softmax', hintKey: 'mask-before-softmax' },
  'neg-inf': { message: 'a fully masked row gives NaN: blocked scores set to −Infinity make every exponent −∞ in a row with nothing kept — use the finite −1e9, so such a row is uniform', hintKey: 'fully-masked-row' },
  'inverted-mask': { message: 'the mask is inverted: 1 means keep and 0 means block', hintKey: 'mask-meaning' },
};

function mistakesFor(part: 'output' | 'weights', q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): Mistake[] {
  const kinds = (Object.keys(MISTAKE_TEXT) as Array<Exclude<Kind, 'right'>>).filter((kd) => mask || !['after-softmax', 'after-softmax-renorm', 'neg-inf', 'inverted-mask'].includes(kd));
  return [
    { when: (got: number[]) => got.some(Number.isNaN), ...(mask ? MISTAKE_TEXT['neg-inf'] : { message: 'NaN in the result', hintKey: 'fully-masked-row' }) },
    ...kinds.map((kd) => ({ when: () => ref(q, k, v, mask, kd)[part], ...MISTAKE_TEXT[kd] })),
  ];
}

/** Compares both parts of the learner's result with the reference. */
function expectAttention(got: { output: tf.Tensor; weights: tf.Tensor }, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor | undefined, what: string): void {
  if (!got || typeof got !== 'object' || !got.output || !got.weights) fail(`${what} must return { output, weights }`);
  const r = ref(q, k, v, mask);
  expectTensorClose(got.weights, r.weights, { name: `weights of ${what}`, ...TOL, tensor: true, mistakes: mistakesFor('weights', q, k, v, mask) });
  expectTensorClose(got.output, r.output, { name: `output of ${what}`, ...TOL, tensor: true, mistakes: mistakesFor('output', q, k, v, mask) });
}

/** A [Tq,Tk] keep pattern with at least one blocked entry per row but none fully blocked. */
const PARTIAL_MASK = [[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1, 1, 0, 0, 0]];

type AttnCall = M['scaledDotProductAttention'];

export default defineChecks<M>({
  checks: [
    {
      id: 'sdpa-value', name: 'no mask: weights = softmax(q·kᵀ/√dk) over the keys, output = weights·v (q [2,3,4], k [2,5,4], v [2,5,6])', fn: 'scaledDotProductAttention', hintKey: 'sdpa-value',
      run: (m) => tf.tidy(() => {
        const q = fixed([2, 3, 4], 1), k = fixed([2, 5, 4], 2), v = fixed([2, 5, 6], 3);
        expectAttention(m.scaledDotProductAttention(q, k, v), q, k, v, undefined, 'scaledDotProductAttention(q, k, v)');
      }),
    },
    {
      id: 'sdpa-mask', name: 'a [Tq,Tk] mask blocks its 0 entries before the softmax (blocked weights are 0, rows still sum to 1)', fn: 'scaledDotProductAttention', hintKey: 'mask-before-softmax',
      run: (m) => tf.tidy(() => {
        const q = fixed([2, 3, 4], 4), k = fixed([2, 5, 4], 5), v = fixed([2, 5, 3], 6);
        const mask = tf.tensor2d(PARTIAL_MASK);
        expectAttention(m.scaledDotProductAttention(q, k, v, mask), q, k, v, mask, 'attention with a [3,5] mask');
      }),
    },
    {
      id: 'fully-masked-row', name: 'a row whose keys are all blocked gets uniform weights (no NaN)', fn: 'scaledDotProductAttention', hintKey: 'fully-masked-row',
      run: (m) => tf.tidy(() => {
        const q = fixed([1, 3, 4], 7), k = fixed([1, 4, 4], 8), v = fixed([1, 4, 2], 9);
        const mask = tf.tensor2d([[1, 0, 1, 0], [0, 0, 0, 0], [1, 1, 1, 1]]);
        const got = m.scaledDotProductAttention(q, k, v, mask);
        expectAttention(got, q, k, v, mask, 'attention with row 1 fully masked');
        const w = valuesOf(got.weights);
        for (let j = 0; j < 4; j++) if (Math.abs(w[4 + j] - 0.25) > 1e-6) fail(`the fully masked row must be uniform (0.25 each), got weight ${w[4 + j]} at key ${j}`, { hintKey: 'fully-masked-row' });
      }),
    },
    {
      id: 'mask-broadcast', name: 'masks broadcast: [Tq,Tk], [B,1,Tk] on rank 3 and [B,h,Tq,Tk], [B,1,1,Tk] on rank 4; Tq ≠ Tk', fn: 'scaledDotProductAttention', hintKey: 'mask-broadcast',
      run: (m) => tf.tidy(() => {
        const q3 = fixed([2, 3, 4], 10), k3 = fixed([2, 5, 4], 11), v3 = fixed([2, 5, 3], 12);
        const m1 = tf.tensor3d([[[1, 1, 0, 1, 0]], [[0, 1, 1, 1, 1]]]);
        expectAttention(m.scaledDotProductAttention(q3, k3, v3, m1), q3, k3, v3, m1, 'rank-3 attention with a [2,1,5] padding mask');
        const q4 = fixed([2, 2, 3, 4], 13), k4 = fixed([2, 2, 4, 4], 14), v4 = fixed([2, 2, 4, 5], 15);
        const full = tf.tensor4d(Array.from({ length: 2 * 2 * 3 * 4 }, (_, i) => ((i * 5) % 7 < 4 ? 1 : 0)), [2, 2, 3, 4]);
        expectAttention(m.scaledDotProductAttention(q4, k4, v4, full), q4, k4, v4, full, 'rank-4 attention with a [2,2,3,4] mask');
        const pad = tf.tensor4d([1, 1, 1, 0, 1, 0, 1, 1], [2, 1, 1, 4]);
        expectAttention(m.scaledDotProductAttention(q4, k4, v4, pad), q4, k4, v4, pad, 'rank-4 attention with a [2,1,1,4] mask');
        const q2 = fixed([3, 4], 16), k2 = fixed([5, 4], 17), v2 = fixed([5, 2], 18);
        const m2 = tf.tensor2d(PARTIAL_MASK);
        expectAttention(m.scaledDotProductAttention(q2, k2, v2, m2), q2, k2, v2, m2, 'rank-2 attention (q [3,4], k [5,4]) with a [3,5] mask');
      }),
    },
    {
      id: 'attention-properties', name: 'on random inputs: rows sum to 1; permuting (k, v) together leaves the output unchanged; a larger q sharpens the weights', fn: 'scaledDotProductAttention', hintKey: 'attention-properties',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const q = rand(rng, [2, 4, 8]), k = rand(rng, [2, 6, 8]), v = rand(rng, [2, 6, 3]);
        const a = m.scaledDotProductAttention(q, k, v);
        expectAttention(a, q, k, v, undefined, 'attention on random q [2,4,8], k [2,6,8], v [2,6,3]');
        const sums = valuesOf(tf.sum(a.weights, -1));
        sums.forEach((s, i) => { if (Math.abs(s - 1) > 1e-5) fail(`weight row ${i} sums to ${s}, expected 1`, { hintKey: 'softmax-axis' }); });
        const perm = [3, 0, 5, 1, 4, 2];
        const idx = tf.tensor1d(perm, 'int32');
        const b = m.scaledDotProductAttention(q, tf.gather(k, idx, 1), tf.gather(v, idx, 1));
        expectTensorClose(b.output, a.output, { name: 'output with the keys and values permuted together', ...TOL, tensor: true });
        const entropy = (w: tf.Tensor) => valuesOf(tf.neg(tf.sum(tf.mul(w, tf.log(tf.add(w, 1e-12))), -1)));
        const e1 = entropy(a.weights);
        const e4 = entropy(m.scaledDotProductAttention(tf.mul(q, 4), k, v).weights);
        const sharper = e4.filter((e, i) => e < e1[i]).length;
        if (sharper < e1.length) fail(`scaling q by 4 must sharpen every weight row (lower entropy); only ${sharper} of ${e1.length} rows got sharper`);
      }),
    },
    {
      id: 'causal-mask', name: 'causalMask(T): 1 on and below the diagonal, 0 above (T = 1, 4 and a random T)', fn: 'causalMask', hintKey: 'causal-mask',
      run: (m) => tf.tidy(() => {
        const T = 5 + Math.floor(gradeRng()() * 4);
        for (const n of [1, 4, T]) {
          const lower = tf.linalg.bandPart(tf.ones([n, n]), -1, 0);
          expectTensorClose(m.causalMask(n), lower, { name: `causalMask(${n})`, atol: 0, rtol: 0, tensor: true, mistakes: [
            { when: () => tf.linalg.bandPart(tf.ones([n, n]), 0, -1), message: 'the mask is transposed (upper triangle): row t is the query, so it may see columns 0…t, the ones at or BELOW the diagonal', hintKey: 'causal-mask' },
            { when: () => tf.sub(lower, tf.eye(n)), message: 'the diagonal is blocked: position t may attend to itself', hintKey: 'causal-mask' },
            { when: () => tf.sub(1, lower), message: 'the mask is inverted: 1 means keep, 0 block — keep the past and the present', hintKey: 'mask-meaning' },
          ] });
        }
      }),
    },
    {
      id: 'causal-attention', name: 'with causalMask, output at t does not change when v changes at later positions', fn: 'scaledDotProductAttention', hintKey: 'causal-attention',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const T = 6;
        const q = rand(rng, [1, T, 4]), k = rand(rng, [1, T, 4]), v = rand(rng, [1, T, 3]);
        const mask = m.causalMask(T);
        const a = m.scaledDotProductAttention(q, k, v, mask);
        expectAttention(a, q, k, v, tf.linalg.bandPart(tf.ones([T, T]), -1, 0), 'causal attention over 6 positions');
        const t = 2;
        const later = tf.concat([tf.zeros([1, t + 1, 3]), rand(rng, [1, T - t - 1, 3], 5, 9)], 1);
        const b = m.scaledDotProductAttention(q, k, tf.add(v, later), mask);
        const before = valuesOf(tf.slice(a.output, [0, 0, 0], [1, t + 1, 3]));
        const after = valuesOf(tf.slice(b.output, [0, 0, 0], [1, t + 1, 3]));
        before.forEach((x, i) => { if (Math.abs(x - after[i]) > 1e-5) fail(`output at position ${Math.floor(i / 3)} changed (${x} → ${after[i]}) when only v at positions > ${t} changed: the future leaks into the past`, { hintKey: 'causal-attention' }); });
      }),
    },
    {
      id: 'additive-value', name: 'additiveAttention: weights = softmax_t(v·tanh(query·W1 + keys_t·W2)), context = Σ weights·keys', fn: 'additiveAttention', hintKey: 'additive-value',
      run: (m) => tf.tidy(() => {
        const B = 2, T = 5, d = 3, A = 4;
        // dq = dk so that swapping W1 and W2 still runs (and must be caught).
        const query = fixed([B, d], 20) as tf.Tensor2D, keys = fixed([B, T, d], 21) as tf.Tensor3D;
        const W1 = fixed([d, A], 22) as tf.Tensor2D, W2 = tf.mul(fixed([d, A], 23), 0.7) as tf.Tensor2D, v = fixed([A], 24) as tf.Tensor1D;
        const refAdd = (wq: tf.Tensor2D, wk: tf.Tensor2D, axis: 'keys' | 'batch' = 'keys', values: tf.Tensor3D = keys) => {
          const e = tf.tanh(tf.add(tf.expandDims(tf.matMul(query, wq), 1), tf.reshape(tf.matMul(tf.reshape(keys, [B * T, d]), wk), [B, T, A])));
          const s = tf.sum(tf.mul(e, v), -1);
          const w = axis === 'keys' ? tf.softmax(s) : tf.transpose(tf.softmax(tf.transpose(s)));
          return { weights: w, context: tf.sum(tf.mul(tf.expandDims(w, 2), values), 1) };
        };
        const got = m.additiveAttention(query, keys, { W1, W2, v });
        if (!got || !got.context || !got.weights) fail('additiveAttention must return { context, weights }');
        const r = refAdd(W1, W2);
        const mist = (part: 'weights' | 'context'): Mistake[] => [
          { when: () => refAdd(W2, W1)[part], message: 'W1 and W2 swapped: W1 multiplies the query, W2 the keys', hintKey: 'additive-weights' },
          { when: () => refAdd(W1, W2, 'batch')[part], message: 'softmax over the batch: each query\'s weights over its T keys must sum to 1', hintKey: 'softmax-axis' },
        ];
        expectTensorClose(got.weights, r.weights, { name: 'additiveAttention weights [2,5]', ...TOL, tensor: true, mistakes: mist('weights') });
        expectTensorClose(got.context, r.context, { name: 'additiveAttention context [2,3]', ...TOL, tensor: true, mistakes: mist('context') });
        // dq ≠ dk, A ≠ both, on random values.
        const rng = gradeRng();
        const q2 = rand(rng, [3, 2]) as tf.Tensor2D, k2 = rand(rng, [3, 4, 5]) as tf.Tensor3D;
        const p2 = { W1: rand(rng, [2, 6]) as tf.Tensor2D, W2: rand(rng, [5, 6]) as tf.Tensor2D, v: rand(rng, [6]) as tf.Tensor1D };
        const e2 = tf.tanh(tf.add(tf.expandDims(tf.matMul(q2, p2.W1), 1), tf.reshape(tf.matMul(tf.reshape(k2, [12, 5]), p2.W2), [3, 4, 6])));
        const w2 = tf.softmax(tf.sum(tf.mul(e2, p2.v), -1));
        const g2 = m.additiveAttention(q2, k2, p2);
        expectTensorClose(g2.weights, w2, { name: 'weights for query [3,2], keys [3,4,5], A = 6', ...TOL, tensor: true });
        expectTensorClose(g2.context, tf.sum(tf.mul(tf.expandDims(w2, 2), k2), 1), { name: 'context for query [3,2], keys [3,4,5], A = 6', ...TOL, tensor: true });
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'scaledDotProductAttention',
      calls: [
        { name: 'scaledDotProductAttention with a mask', inputs: () => ({ q: fixed([2, 3, 4], 1), k: fixed([2, 5, 4], 2), v: fixed([2, 5, 6], 3), mask: tf.tensor2d(PARTIAL_MASK) }), call: (m, i) => m.scaledDotProductAttention(i.q, i.k, i.v, i.mask) },
        { name: 'causalMask(4)', call: (m) => m.causalMask(4) },
        { name: 'additiveAttention', inputs: () => ({ query: fixed([2, 3], 1), keys: fixed([2, 4, 5], 2), W1: fixed([3, 4], 3), W2: fixed([5, 4], 4), v: fixed([4], 5) }), call: (m, i) => m.additiveAttention(i.query, i.keys, { W1: i.W1, W2: i.W2, v: i.v }) },
      ],
      badInputs: [
        { name: 'attention with q [2,3,4] and k [2,5,3] (dk 4 vs 3)', call: (m) => (m.scaledDotProductAttention as AttnCall)(tf.zeros([2, 3, 4]), tf.zeros([2, 5, 3]), tf.zeros([2, 5, 2])), mistake: 'dk mismatch not detected' },
        { name: 'attention with k [2,5,4] and v [2,6,3]', call: (m) => m.scaledDotProductAttention(tf.zeros([2, 3, 4]), tf.zeros([2, 5, 4]), tf.zeros([2, 6, 3])) },
        { name: 'attention with q [2,3,4] and k, v of batch 3', call: (m) => m.scaledDotProductAttention(tf.zeros([2, 3, 4]), tf.zeros([3, 5, 4]), tf.zeros([3, 5, 3])), mistake: 'leading dimensions not compared: q, k and v must share them' },
        { name: 'attention with q of rank 3 and k, v of rank 2', call: (m) => m.scaledDotProductAttention(tf.zeros([2, 3, 4]), tf.zeros([5, 4]), tf.zeros([5, 3])) },
        { name: 'attention with a [3,4] mask for scores [2,3,5]', call: (m) => m.scaledDotProductAttention(tf.zeros([2, 3, 4]), tf.zeros([2, 5, 4]), tf.zeros([2, 5, 3]), tf.ones([3, 4])) },
        { name: 'causalMask(0)', call: (m) => m.causalMask(0) },
        { name: 'causalMask(2.5)', call: (m) => m.causalMask(2.5) },
        { name: 'additiveAttention with W1 [4,4] for a query of width 3', call: (m) => m.additiveAttention(tf.zeros([2, 3]), tf.zeros([2, 4, 5]), { W1: tf.zeros([4, 4]), W2: tf.zeros([5, 4]), v: tf.zeros([4]) }) },
        { name: 'additiveAttention with query batch 2 and keys batch 3', call: (m) => m.additiveAttention(tf.zeros([2, 3]), tf.zeros([3, 4, 5]), { W1: tf.zeros([3, 4]), W2: tf.zeros([5, 4]), v: tf.zeros([4]) }) },
      ],
      names: {
        'bad-inputs-throw': 'mismatched dk, lengths, leading dimensions or ranks, a mask that does not broadcast, causalMask(0 or 2.5) and misfit additive weights throw',
      },
    }),
  ],
});
