/**
 * Demo of s5-transformer-block, all through the learner's functions (random, seeded weights):
 * 1. the block diagram of a pre-norm block with every tensor's shape and its RMS from the learner's
 *    code (the sublayer outputs are read by switching the other sublayer off: with W2 = 0, b2 = 0
 *    the block returns h = x + MHA(LN1(x)));
 * 2. the RMS of each stage as bars;
 * 3. 12 blocks stacked, pre-norm against post-norm: the RMS of the residual stream after each block;
 * 4. facts the checks also prove: the identity when both sublayers are off, causality with a causal
 *    mask, permutation equivariance without one.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, mulberry32 } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-transformer-block');
type Params = import('../solutions/s5-transformer-block').BlockParams;

function uniform(rng: Rng, shape: number[], limit: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, () => (rng() * 2 - 1) * limit), shape);
}

/** Glorot-uniform weights, zero biases, γ = 1 and β = 0 (what a fresh layer starts from). */
function freshParams(rng: Rng, d: number, dFF: number): Params {
  const glorot = (a: number, b: number) => uniform(rng, [a, b], Math.sqrt(6 / (a + b))) as tf.Tensor2D;
  const ln = () => ({ gamma: tf.ones([d]) as tf.Tensor1D, beta: tf.zeros([d]) as tf.Tensor1D });
  return {
    mha: { Wq: glorot(d, d), Wk: glorot(d, d), Wv: glorot(d, d), Wo: glorot(d, d) },
    ln1: ln(), ln2: ln(), W1: glorot(d, dFF), b1: tf.zeros([dFF]) as tf.Tensor1D, W2: glorot(dFF, d), b2: tf.zeros([d]) as tf.Tensor1D,
  };
}

function disposeParams(p: Params): void {
  tf.dispose([p.mha.Wq, p.mha.Wk, p.mha.Wv, p.mha.Wo, p.ln1.gamma, p.ln1.beta, p.ln2.gamma, p.ln2.beta, p.W1, p.b1, p.W2, p.b2]);
}

const rms = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.mean(tf.square(t)).dataSync()[0]));
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

export default defineDemo<M>({
  async run(m, ctx) {
    const rng = mulberry32(11);
    const B = 1, T = 8, d = 16, h = 4, dFF = 64;
    const shape = `[${B},${T},${d}]`;
    const x = uniform(rng, [B, T, d], Math.sqrt(3)) as tf.Tensor3D; // unit variance
    const p = freshParams(rng, d, dFF);
    const pre = { numHeads: h, preNorm: true };
    const y = m.transformerBlock(x, p, pre);
    const zW2 = tf.zeros([dFF, d]) as tf.Tensor2D, zb2 = tf.zeros([d]) as tf.Tensor1D, zWo = tf.zeros([d, d]) as tf.Tensor2D;
    const hid = m.transformerBlock(x, { ...p, W2: zW2, b2: zb2 }, pre); // FFN off: h = x + MHA(LN1(x))
    const ln1 = m.layerNorm(x, p.ln1.gamma, p.ln1.beta, 1e-3);
    const ln2 = m.layerNorm(hid, p.ln2.gamma, p.ln2.beta, 1e-3);
    const mhaOut = tf.sub(hid, x), ffnOut = tf.sub(y, hid);
    const hidden = tf.tidy(() => tf.relu(tf.add(tf.matMul(tf.reshape(ln2, [B * T, d]), p.W1), p.b1)));
    const stages: Array<[string, tf.Tensor]> = [['x', x], ['LN1(x)', ln1], ['MHA(LN1(x))', mhaOut], ['h = x + MHA', hid], ['LN2(h)', ln2], ['FFN(LN2(h))', ffnOut], ['y = h + FFN', y]];
    const r = Object.fromEntries(stages.map(([k, t]) => [k, rms(t)]));
    ctx.emit({
      kind: 'graph', chart: 'blockDiagram', title: `Your pre-norm block: x ${shape}, ${h} heads, dFF = ${dFF}`,
      nodes: [
        { id: 0, label: `x ${shape}`, data: r['x'] },
        { id: 1, label: `LN1 ${shape}`, data: r['LN1(x)'] },
        { id: 2, label: `MHA, ${h} heads of ${d / h} → ${shape}`, data: r['MHA(LN1(x))'] },
        { id: 3, label: `+ (residual) h ${shape}`, data: r['h = x + MHA'] },
        { id: 4, label: `LN2 ${shape}`, data: r['LN2(h)'] },
        { id: 5, label: `Dense W1 + ReLU [${B},${T},${dFF}]`, data: rms(hidden) },
        { id: 6, label: `Dense W2 ${shape}`, data: r['FFN(LN2(h))'] },
        { id: 7, label: `+ (residual) y ${shape}`, data: r['y = h + FFN'] },
      ],
      edges: [[0, 1], [1, 2], [2, 3], [0, 3], [3, 4], [4, 5], [5, 6], [6, 7], [3, 7]],
      caption: 'Each box: the stage and its output shape; "data" is the RMS of that tensor (√mean of squares) in your block. The residual paths (x → +, h → +) carry the input around each sublayer.',
    });
    ctx.emit({
      kind: 'bars', chart: 'sublayerNorms', title: 'RMS of each stage of your pre-norm block (random Glorot weights)',
      labels: stages.map(([k]) => k), series: [{ name: 'RMS', values: stages.map(([k]) => +r[k].toFixed(4)) }],
    });

    // 12 blocks stacked: the residual stream's RMS after each, pre-norm against post-norm.
    const depth = 12;
    const layers = Array.from({ length: depth }, () => freshParams(rng, d, dFF));
    const streams: Record<'pre' | 'post', number[]> = { pre: [rms(x)], post: [rms(x)] };
    for (const kind of ['pre', 'post'] as const) {
      let cur = x.clone();
      for (const lp of layers) {
        const next = m.transformerBlock(cur, lp, { numHeads: h, preNorm: kind === 'pre' });
        cur.dispose();
        cur = next;
        streams[kind].push(rms(cur));
      }
      cur.dispose();
    }
    const xs = Array.from({ length: depth + 1 }, (_, i) => i);
    ctx.emit({
      kind: 'lines', chart: 'depthNorms', title: `RMS of the residual stream through ${depth} of your blocks`,
      xLabel: 'blocks applied', yLabel: 'RMS of the stream',
      series: [{ name: 'pre-norm (x + sublayer(LN(x)))', x: xs, y: streams.pre }, { name: 'post-norm (LN(x + sublayer(x)))', x: xs, y: streams.post, dashed: true }],
    });

    // The properties, on the same block.
    const off = m.transformerBlock(x, { ...p, mha: { ...p.mha, Wo: zWo }, W2: zW2, b2: zb2 }, pre);
    const identityError = maxAbsDiff(off, x);
    const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
    const later = tf.concat([tf.zeros([B, 5, d]), uniform(rng, [B, T - 5, d], 3)], 1);
    const x2 = tf.add(x, later) as tf.Tensor3D;
    const c1 = m.transformerBlock(x, p, { ...pre, mask: causal }), c2 = m.transformerBlock(x2, p, { ...pre, mask: causal });
    const prefixChange = tf.tidy(() => maxAbsDiff(tf.slice(c1, [0, 0, 0], [B, 5, d]), tf.slice(c2, [0, 0, 0], [B, 5, d])));
    const suffixChange = tf.tidy(() => maxAbsDiff(tf.slice(c1, [0, 5, 0], [B, T - 5, d]), tf.slice(c2, [0, 5, 0], [B, T - 5, d])));
    const perm = tf.tensor1d([7, 2, 5, 0, 3, 6, 1, 4], 'int32');
    const xp = tf.gather(x, perm, 1) as tf.Tensor3D;
    const yp = m.transformerBlock(xp, p, pre);
    const yPerm = tf.gather(y, perm, 1);
    const permError = maxAbsDiff(yp, yPerm);
    tf.dispose([x, y, hid, ln1, ln2, mhaOut, ffnOut, hidden, zW2, zb2, zWo, off, causal, later, x2, c1, c2, perm, xp, yp, yPerm]);
    disposeParams(p);
    layers.forEach(disposeParams);
    const postAll = streams.post.slice(1);
    return {
      identityWhenSublayersOff: identityError < 1e-5,
      causalPrefixUnchanged: prefixChange < 1e-5 && suffixChange > 1e-3,
      permutationEquivariant: permError < 1e-4,
      postNormStreamStaysNearOne: postAll.every((v) => v > 0.9 && v < 1.1),
      preNormStreamGrows: streams.pre[depth] > 1.5 * streams.pre[1],
      rmsPreNormAfter1And12: `${streams.pre[1].toFixed(2)}, ${streams.pre[depth].toFixed(2)}`,
      rmsPostNormAfter1And12: `${streams.post[1].toFixed(2)}, ${streams.post[depth].toFixed(2)}`,
      ln1OutputRms: +r['LN1(x)'].toFixed(4),
      preNormRmsByDepth: streams.pre.map((v) => v.toFixed(2)).join(', '),
      stageRms: stages.map(([k]) => `${k}: ${r[k].toFixed(2)}`).join('; '),
    };
  },
});
