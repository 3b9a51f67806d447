/**
 * Checks for s5-multi-head-attention. Reference: the grader's per-head loop (slice head i's
 * columns of Wq, Wk and Wv, run single-head scaled dot-product attention with blocked scores
 * replaced by −1e9, concatenate the heads, apply Wo), from the check file's tf. tfjs has no public
 * multi-head attention layer. Tolerance 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, learnerGrads, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-multi-head-attention');
type P = { Wq: tf.Tensor2D; Wk: tf.Tensor2D; Wv: tf.Tensor2D; Wo: tf.Tensor2D };
const TOL = { atol: 1e-5, rtol: 1e-5 };

/** A tensor of the given shape with values uniform in [lo, hi) from `rng`. */
export function rand(rng: Rng, shape: number[], lo = -1, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => lo + (hi - lo) * rng()), shape);
}

/** Fixed, distinct values (no rng): the named-mistake cases stay the same on every grade. */
export function fixed(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => scale * (Math.sin(1.7 * i + seed) * 1.5 + 0.1 * ((i * 7 + seed) % 5))), shape);
}

function params(d: number, seed: number | Rng, dOut = d): P {
  const make = (shape: number[], s: number) => (typeof seed === 'number' ? fixed(shape, seed + s, 0.7) : rand(seed, shape));
  return { Wq: make([d, d], 1) as tf.Tensor2D, Wk: make([d, d], 2) as tf.Tensor2D, Wv: make([d, d], 3) as tf.Tensor2D, Wo: make([d, dOut], 4) as tf.Tensor2D };
}

function project(x: tf.Tensor, W: tf.Tensor): tf.Tensor {
  const [B, T, a] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [B * T, a]), W as tf.Tensor2D), [B, T, W.shape[1] as number]);
}

/** Blocked-position flags [B, h, Tq, Tkv] (true = blocked); a rank-3 mask gets a head axis. */
function blockedFlags(mask: tf.Tensor, shape: number[], naive = false): tf.Tensor {
  const m4 = mask.rank === 3 && !naive ? tf.expandDims(mask, 1) : mask;
  return tf.broadcastTo(tf.equal(m4, 0), shape);
}

/** The grader's per-head loop: the reference. */
export function refMha(xq: tf.Tensor, xkv: tf.Tensor, p: P, h: number, mask?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  const D = p.Wq.shape[1], dh = D / h;
  const [B, Tq] = xq.shape as [number, number, number], Tkv = xkv.shape[1] as number;
  const heads: tf.Tensor[] = [], ws: tf.Tensor[] = [];
  const flags = mask ? blockedFlags(mask, [B, h, Tq, Tkv]) : undefined;
  for (let i = 0; i < h; i++) {
    const cols = (W: tf.Tensor2D) => tf.slice(W, [0, i * dh], [W.shape[0], dh]);
    const q = project(xq, cols(p.Wq)), k = project(xkv, cols(p.Wk)), v = project(xkv, cols(p.Wv));
    let s = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
    if (flags) {
      const f = tf.reshape(tf.slice(flags, [0, i, 0, 0], [B, 1, Tq, Tkv]), [B, Tq, Tkv]);
      s = tf.where(f, tf.fill(s.shape, -1e9), s);
    }
    const w = tf.softmax(s);
    ws.push(w);
    heads.push(tf.matMul(w, v));
  }
  return { output: project(tf.concat(heads, 2), p.Wo), weights: tf.stack(ws, 1) };
}

type Kind = 'wrong-split' | 'interleaved' | 'scale-d' | 'no-scale' | 'after-softmax' | 'mask-on-heads' | 'queries-axis';

/** The named mistakes, vectorised. */
function mistakeMha(xq: tf.Tensor, xkv: tf.Tensor, p: P, h: number, mask: tf.Tensor | undefined, kind: Kind): { output: tf.Tensor; weights: tf.Tensor } {
  const D = p.Wq.shape[1], dh = D / h;
  const [B, Tq] = xq.shape as [number, number, number], Tkv = xkv.shape[1] as number;
  const split = (t: tf.Tensor) => {
    const T = t.shape[1] as number;
    if (kind === 'wrong-split') return tf.reshape(t, [B, h, T, dh]);
    if (kind === 'interleaved') return tf.transpose(tf.reshape(t, [B, T, dh, h]), [0, 3, 1, 2]);
    return tf.transpose(tf.reshape(t, [B, T, h, dh]), [0, 2, 1, 3]);
  };
  const combine = (t: tf.Tensor) => {
    if (kind === 'wrong-split') return tf.reshape(t, [B, Tq, D]);
    if (kind === 'interleaved') return tf.reshape(tf.transpose(t, [0, 2, 3, 1]), [B, Tq, D]);
    return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [B, Tq, D]);
  };
  const q = split(project(xq, p.Wq)), k = split(project(xkv, p.Wk)), v = split(project(xkv, p.Wv));
  const raw = tf.matMul(q, k, false, true);
  let s = kind === 'scale-d' ? tf.div(raw, Math.sqrt(D)) : kind === 'no-scale' ? raw : tf.div(raw, Math.sqrt(dh));
  const shape = [B, h, Tq, Tkv];
  let flags: tf.Tensor | undefined;
  if (mask) {
    try { flags = blockedFlags(mask, shape, kind === 'mask-on-heads'); } catch { flags = undefined; }
  }
  if (flags && kind !== 'after-softmax') s = tf.where(flags, tf.fill(shape, -1e9), s);
  let w = kind === 'queries-axis' ? tf.transpose(tf.softmax(tf.transpose(s, [0, 1, 3, 2])), [0, 1, 3, 2]) : tf.softmax(s);
  if (flags && kind === 'after-softmax') w = tf.where(flags, tf.zerosLike(w), w);
  return { output: project(combine(tf.matMul(w, v)), p.Wo), weights: w };
}

const TEXT: Record<Kind, { message: string; hintKey: string }> = {
  'wrong-split': { message: 'heads split along the wrong axis: [B,T,d] was reshaped straight to [B,h,T,d/h], which mixes positions into the heads — reshape to [B,T,h,d/h] first, then transpose to [B,h,T,d/h]', hintKey: 'split-axis' },
  interleaved: { message: 'heads split along the wrong axis: head i got every h-th column (reshape to [B,T,d/h,h]); head i owns the consecutive columns i·d/h … (i+1)·d/h − 1 — reshape to [B,T,h,d/h]', hintKey: 'split-axis' },
  'scale-d': { message: 'scores scaled by √d instead of √(d/h): each head works in d/h dimensions, so divide by √(d/h)', hintKey: 'scale-per-head' },
  'no-scale': { message: 'scores not scaled: divide each head\'s Q·Kᵀ by √(d/h) before the softmax', hintKey: 'scale-per-head' },
  'after-softmax': { message: 'a mask applied after the softmax: blocked weights were zeroed afterwards, so rows no longer sum to 1 — replace blocked scores by −1e9 BEFORE the softmax', hintKey: 'mask-before-softmax' },
  'queries-axis': { message: 'softmax over the queries (axis 2): each query\'s weights over the KEYS (the last axis) must sum to 1', hintKey: 'mha-value' },
  'mask-on-heads': { message: 'a [B,Tq,Tkv] mask was broadcast without a head axis, so its batch axis lined up with the heads: expand it on axis 1 to [B,1,Tq,Tkv]', hintKey: 'mask-broadcast' },
};

function mistakes(part: 'output' | 'weights', xq: tf.Tensor, xkv: tf.Tensor, p: P, h: number, mask: tf.Tensor | undefined, kinds: Kind[]): Mistake[] {
  return [
    { when: (got: number[]) => got.some(Number.isNaN), message: 'NaN in the result: blocked scores must get the finite −1e9 (not −Infinity)', hintKey: 'mask-before-softmax' },
    ...kinds.map((kd) => ({ when: () => mistakeMha(xq, xkv, p, h, mask, kd)[part], ...TEXT[kd] })),
  ];
}

const ALL_KINDS: Kind[] = ['wrong-split', 'interleaved', 'scale-d', 'no-scale', 'queries-axis'];

function expectMha(got: { output: tf.Tensor; weights: tf.Tensor }, xq: tf.Tensor, xkv: tf.Tensor, p: P, h: number, mask: tf.Tensor | undefined, what: string, kinds: Kind[] = ALL_KINDS): void {
  if (!got || typeof got !== 'object' || !got.output || !got.weights) fail(`${what} must return { output, weights }`);
  const r = refMha(xq, xkv, p, h, mask);
  expectTensorClose(got.weights, r.weights, { name: `weights of ${what}`, ...TOL, tensor: true, mistakes: mistakes('weights', xq, xkv, p, h, mask, kinds) });
  expectTensorClose(got.output, r.output, { name: `output of ${what}`, ...TOL, tensor: true, mistakes: mistakes('output', xq, xkv, p, h, mask, kinds) });
}

const PARTIAL_MASK = [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1], [1, 0, 0, 1]];

export default defineChecks<M>({
  checks: [
    {
      id: 'split-heads', name: 'splitHeads([2,3,8], 2 and 4): head i holds columns i·d/h … (i+1)·d/h − 1, shape [B,h,T,d/h]', fn: 'splitHeads', hintKey: 'split-axis',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 3, 8], 1) as tf.Tensor3D;
        for (const h of [2, 4]) {
          const dh = 8 / h;
          expectTensorClose(m.splitHeads(x, h), tf.transpose(tf.reshape(x, [2, 3, h, dh]), [0, 2, 1, 3]), { name: `splitHeads(x [2,3,8], ${h})`, atol: 0, rtol: 0, tensor: true, mistakes: [
            { when: () => tf.reshape(x, [2, h, 3, dh]), ...TEXT['wrong-split'] },
            { when: () => tf.transpose(tf.reshape(x, [2, 3, dh, h]), [0, 3, 1, 2]), ...TEXT.interleaved },
          ] });
        }
      }),
    },
    {
      id: 'combine-heads', name: 'combineHeads([2,4,3,2]) puts the heads side by side: [B,T,h·dh]', fn: 'combineHeads', hintKey: 'combine-heads',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 3, 2], 2) as tf.Tensor4D;
        expectTensorClose(m.combineHeads(x), tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [2, 3, 8]), { name: 'combineHeads(x [2,4,3,2])', atol: 0, rtol: 0, tensor: true, mistakes: [
          { when: () => tf.reshape(x, [2, 3, 8]), message: 'reshaped without moving the head axis back: transpose [B,h,T,dh] to [B,T,h,dh] first, then reshape to [B,T,h·dh]', hintKey: 'combine-heads' },
          { when: () => tf.reshape(tf.transpose(x, [0, 2, 3, 1]), [2, 3, 8]), message: 'heads interleaved: the columns of head i must stay together (transpose to [B,T,h,dh], not [B,T,dh,h])', hintKey: 'combine-heads' },
        ] });
      }),
    },
    {
      id: 'split-combine-roundtrip', name: 'on random inputs: combineHeads(splitHeads(x, h)) = x and splitHeads gives [B,h,T,d/h]', fn: 'combineHeads', hintKey: 'combine-heads',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 1 + Math.floor(rng() * 3), T = 2 + Math.floor(rng() * 5), h = 2 + Math.floor(rng() * 3), dh = 1 + Math.floor(rng() * 3);
        const x = rand(rng, [B, T, h * dh]) as tf.Tensor3D;
        const s = m.splitHeads(x, h);
        if (s.shape.join() !== [B, h, T, dh].join()) fail(`splitHeads(x [${x.shape}], ${h}) has shape [${s.shape}], expected [${B},${h},${T},${dh}]`, { hintKey: 'split-axis' });
        expectTensorClose(m.combineHeads(s), x, { name: `combineHeads(splitHeads(x [${x.shape}], ${h}))`, atol: 0, rtol: 0, tensor: true });
      }),
    },
    {
      id: 'mha-value', name: 'self-attention, 2 heads (x [2,4,8]): weights [2,2,4,4] and output [2,4,8] match the per-head loop', fn: 'multiHeadAttention', hintKey: 'mha-value',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 3) as tf.Tensor3D, p = params(8, 10);
        expectMha(m.multiHeadAttention(x, x, p, 2), x, x, p, 2, undefined, 'multiHeadAttention(x, x, p, 2)');
      }),
    },
    {
      id: 'mha-one-head', name: 'numHeads = 1 equals single-head attention softmax(Q·Kᵀ/√d)·V followed by Wo (random inputs)', fn: 'multiHeadAttention', hintKey: 'mha-value',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const x = rand(rng, [2, 5, 6]) as tf.Tensor3D, p = params(6, rng);
        const q = project(x, p.Wq), k = project(x, p.Wk), v = project(x, p.Wv);
        const w = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(6)));
        const got = m.multiHeadAttention(x, x, p, 1);
        if (!got || !got.output || !got.weights) fail('multiHeadAttention must return { output, weights }');
        expectTensorClose(got.weights, tf.expandDims(w, 1), { name: 'weights with numHeads = 1 ([2,1,5,5])', ...TOL, tensor: true });
        expectTensorClose(got.output, project(tf.matMul(w, v), p.Wo), { name: 'output with numHeads = 1', ...TOL, tensor: true });
      }),
    },
    {
      id: 'mha-mask', name: 'a [Tq,Tkv] mask and a causal mask block their 0 entries in every head, before the softmax; a fully masked query gets uniform weights', fn: 'multiHeadAttention', hintKey: 'mask-before-softmax',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 5) as tf.Tensor3D, p = params(8, 20);
        const mask = tf.tensor2d(PARTIAL_MASK);
        expectMha(m.multiHeadAttention(x, x, p, 4, mask), x, x, p, 4, mask, 'attention with a [4,4] mask, 4 heads', [...ALL_KINDS, 'after-softmax']);
        const causal = tf.linalg.bandPart(tf.ones([4, 4]), -1, 0);
        expectMha(m.multiHeadAttention(x, x, p, 2, causal), x, x, p, 2, causal, 'attention with a causal [4,4] mask, 2 heads', [...ALL_KINDS, 'after-softmax']);
        // A row with every key blocked: the −1e9 fill makes it uniform (−Infinity would give NaN).
        const withEmptyRow = tf.tensor2d([[1, 0, 1, 1], [0, 0, 0, 0], [1, 1, 0, 1], [1, 0, 0, 1]]);
        const got = m.multiHeadAttention(x, x, p, 2, withEmptyRow);
        expectMha(got, x, x, p, 2, withEmptyRow, 'attention with query 2 fully masked', [...ALL_KINDS, 'after-softmax']);
        const row = valuesOf(tf.slice(got.weights, [0, 0, 1, 0], [1, 1, 1, 4]));
        if (row.some((w) => Math.abs(w - 0.25) > 1e-6)) fail(`a fully masked query must get uniform weights (0.25 each), got [${row.map((w) => w.toFixed(4))}]`, { hintKey: 'mask-before-softmax' });
      }),
    },
    {
      id: 'mha-mask-broadcast', name: 'masks broadcast over the heads: [B,Tq,Tkv] (one pattern per example), [B,1,1,Tkv] and [B,h,Tq,Tkv]', fn: 'multiHeadAttention', hintKey: 'mask-broadcast',
      run: (m) => tf.tidy(() => {
        const x = fixed([2, 4, 8], 7) as tf.Tensor3D, p = params(8, 30);
        // B = h = 2: a [B,Tq,Tkv] mask without a head axis broadcasts silently onto the heads.
        const perExample = tf.tensor3d([PARTIAL_MASK, [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1]]]);
        expectMha(m.multiHeadAttention(x, x, p, 2, perExample), x, x, p, 2, perExample, 'attention with a [2,4,4] mask (B = 2, 2 heads)', [...ALL_KINDS, 'mask-on-heads', 'after-softmax']);
        const pad = tf.tensor4d([1, 1, 1, 0, 1, 0, 1, 1], [2, 1, 1, 4]);
        expectMha(m.multiHeadAttention(x, x, p, 4, pad), x, x, p, 4, pad, 'attention with a [2,1,1,4] padding mask', [...ALL_KINDS, 'after-softmax']);
        const full = tf.tensor4d(Array.from({ length: 2 * 2 * 4 * 4 }, (_, i) => ((i * 5) % 7 < 4 ? 1 : 0)), [2, 2, 4, 4]);
        expectMha(m.multiHeadAttention(x, x, p, 2, full), x, x, p, 2, full, 'attention with a [2,2,4,4] mask (one per head)', [...ALL_KINDS, 'after-softmax']);
      }),
    },
    {
      id: 'mha-cross', name: 'cross-attention with Tq ≠ Tkv (xq [2,3,8], xkv [2,5,8], random, with a [3,5] mask)', fn: 'multiHeadAttention', hintKey: 'mha-cross',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const xq = rand(rng, [2, 3, 8]) as tf.Tensor3D, xkv = rand(rng, [2, 5, 8]) as tf.Tensor3D, p = params(8, rng);
        const got = m.multiHeadAttention(xq, xkv, p, 4);
        expectMha(got, xq, xkv, p, 4, undefined, 'cross-attention (Tq = 3, Tkv = 5, 4 heads)');
        if (got.weights.shape.join() !== '2,4,3,5') fail(`weights have shape [${got.weights.shape}], expected [2,4,3,5] ([B,h,Tq,Tkv])`);
        const mask = tf.tensor2d([[1, 1, 0, 1, 0], [0, 1, 1, 1, 1], [1, 0, 0, 0, 1]]);
        expectMha(m.multiHeadAttention(xq, xkv, p, 2, mask), xq, xkv, p, 2, mask, 'cross-attention with a [3,5] mask, 2 heads', [...ALL_KINDS, 'after-softmax']);
      }),
    },
    {
      id: 'heads-independent', name: 'changing head 2\'s columns of Wq, Wk, Wv changes head 2\'s weights and leaves heads 1 and 3 unchanged (random inputs)', fn: 'multiHeadAttention', hintKey: 'split-axis',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const h = 3, dh = 2, D = h * dh;
        const x = rand(rng, [2, 4, D]) as tf.Tensor3D, p = params(D, rng);
        const colMask = tf.tensor1d(Array.from({ length: D }, (_, j) => (j >= dh && j < 2 * dh ? 1 : 0)));
        const edit = (W: tf.Tensor2D) => tf.add(W, tf.mul(rand(rng, W.shape, -2, 2), colMask)) as tf.Tensor2D;
        const p2 = { Wq: edit(p.Wq), Wk: edit(p.Wk), Wv: edit(p.Wv), Wo: p.Wo };
        const a = m.multiHeadAttention(x, x, p, h).weights, b = m.multiHeadAttention(x, x, p2, h).weights;
        if (a.shape.join() !== '2,3,4,4' || b.shape.join() !== '2,3,4,4') fail(`weights have shape [${a.shape}], expected [2,3,4,4]`);
        const head = (w: tf.Tensor, i: number) => valuesOf(tf.slice(w, [0, i, 0, 0], [2, 1, 4, 4]));
        for (const i of [0, 2]) {
          const before = head(a, i), after = head(b, i);
          const k = before.findIndex((v, j) => Math.abs(v - after[j]) > 1e-5);
          if (k >= 0) fail(`head ${i + 1}'s weights changed (${before[k].toFixed(4)} → ${after[k].toFixed(4)}) when only head 2's columns ${dh}…${2 * dh - 1} of Wq, Wk and Wv changed: the heads are not split along the columns`, { hintKey: 'split-axis' });
        }
        const before = head(a, 1), after = head(b, 1);
        if (before.every((v, j) => Math.abs(v - after[j]) < 1e-6)) fail('head 2\'s weights did not change when its columns of Wq and Wk changed: head i must use columns i·d/h … (i+1)·d/h − 1', { hintKey: 'split-axis' });
        expectMha(m.multiHeadAttention(x, x, p2, h), x, x, p2, h, undefined, 'attention with the edited weights');
      }),
    },
    {
      id: 'mha-gradients', name: 'gradients flow through multiHeadAttention to xq, Wq, Wk, Wv and Wo (a model built on it can train)', fn: 'multiHeadAttention', hintKey: 'mha-gradients',
      run: (m, ctx) => tf.tidy(() => {
        const rng = gradeRng();
        const xq = rand(rng, [2, 3, 8]) as tf.Tensor3D, xkv = rand(rng, [2, 4, 8]) as tf.Tensor3D, p = params(8, rng);
        const mask = tf.tensor2d([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 1, 1]]);
        const dy = rand(rng, [2, 3, 8]);
        let grads: tf.Tensor[];
        try {
          ({ grads } = learnerGrads(m.multiHeadAttention, [xq, xkv, p, 2, mask], [0, [2, 'Wq'], [2, 'Wk'], [2, 'Wv'], [2, 'Wo']], dy, ['output']));
        } catch (e) {
          if (e instanceof Error && /einsum/i.test(ctx.source ?? '') && /gradient|differentiate/i.test(e.message)) fail('tf.einsum has no gradient in this tfjs version (4.22), so nothing built on your attention could train: use tf.matMul (it treats every axis but the last two as a batch)', { hintKey: 'mha-gradients' });
          throw e;
        }
        const names = ['xq', 'Wq', 'Wk', 'Wv', 'Wo'];
        const want = tf.grads((a: tf.Tensor, wq: tf.Tensor, wk: tf.Tensor, wv: tf.Tensor, wo: tf.Tensor) => refMha(a, xkv, { Wq: wq as tf.Tensor2D, Wk: wk as tf.Tensor2D, Wv: wv as tf.Tensor2D, Wo: wo as tf.Tensor2D }, 2, mask).output)([xq, p.Wq, p.Wk, p.Wv, p.Wo], dy);
        names.forEach((n, i) => expectTensorClose(grads[i], want[i], { name: `∂(output·dy)/∂${n}`, atol: 1e-4, rtol: 1e-4, tensor: true }));
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'multiHeadAttention',
      calls: [
        { name: 'splitHeads', inputs: () => ({ x: fixed([2, 3, 8], 1) }), call: (m, i) => m.splitHeads(i.x as tf.Tensor3D, 4) },
        { name: 'combineHeads', inputs: () => ({ x: fixed([2, 4, 3, 2], 1) }), call: (m, i) => m.combineHeads(i.x as tf.Tensor4D) },
        { name: 'multiHeadAttention with a mask', inputs: () => ({ xq: fixed([2, 4, 8], 1), xkv: fixed([2, 4, 8], 2), ...params(8, 3), mask: tf.tensor2d(PARTIAL_MASK) }), call: (m, i) => m.multiHeadAttention(i.xq as tf.Tensor3D, i.xkv as tf.Tensor3D, { Wq: i.Wq, Wk: i.Wk, Wv: i.Wv, Wo: i.Wo } as P, 2, i.mask) },
      ],
      badInputs: [
        { name: 'splitHeads(x [2,3,6], 4) (6 is not divisible by 4)', call: (m) => m.splitHeads(tf.zeros([2, 3, 6]) as tf.Tensor3D, 4), mistake: 'd % h ≠ 0 not detected' },
        { name: 'multiHeadAttention with d = 6 and numHeads = 4', call: (m) => m.multiHeadAttention(tf.zeros([1, 3, 6]) as tf.Tensor3D, tf.zeros([1, 3, 6]) as tf.Tensor3D, params(6, 1), 4), mistake: 'd % h ≠ 0 not detected: the heads cannot have equal widths' },
        { name: 'multiHeadAttention with Wq [5,8] for x of width 8', call: (m) => m.multiHeadAttention(tf.zeros([1, 3, 8]) as tf.Tensor3D, tf.zeros([1, 3, 8]) as tf.Tensor3D, { ...params(8, 1), Wq: tf.zeros([5, 8]) as tf.Tensor2D }, 2) },
        { name: 'multiHeadAttention with xq batch 2 and xkv batch 3', call: (m) => m.multiHeadAttention(tf.zeros([2, 3, 8]) as tf.Tensor3D, tf.zeros([3, 3, 8]) as tf.Tensor3D, params(8, 1), 2) },
        { name: 'multiHeadAttention with a [3,4] mask for scores [1,2,3,5]', call: (m) => m.multiHeadAttention(tf.zeros([1, 3, 8]) as tf.Tensor3D, tf.zeros([1, 5, 8]) as tf.Tensor3D, params(8, 1), 2, tf.ones([3, 4])) },
      ],
      banned: { apis: ['tf.layers'], why: 'write multi-head attention from tf primitives' },
      names: { 'bad-inputs-throw': 'd not divisible by numHeads, misfit widths, batch sizes that differ and a mask that does not broadcast throw' },
    }),
  ],
});
