/**
 * s5-transformer-block — LayerNorm and a Transformer encoder block (pre-norm or post-norm).
 * Reference solution.
 */
import * as tf from '@tensorflow/tfjs';

export interface MhaParams { Wq: tf.Tensor2D; Wk: tf.Tensor2D; Wv: tf.Tensor2D; Wo: tf.Tensor2D }
export interface BlockParams { mha: MhaParams; ln1: { gamma: tf.Tensor1D; beta: tf.Tensor1D }; ln2: { gamma: tf.Tensor1D; beta: tf.Tensor1D }; W1: tf.Tensor2D; b1: tf.Tensor1D; W2: tf.Tensor2D; b2: tf.Tensor1D }

const BLOCKED = -1e9;

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor {
  if (x.rank < 1) throw new Error('x must have at least one axis');
  const d = x.shape[x.rank - 1];
  if (gamma.rank !== 1 || gamma.shape[0] !== d) throw new Error(`gamma must be [${d}] (the last axis of x [${x.shape}]), got [${gamma.shape}]`);
  if (beta.rank !== 1 || beta.shape[0] !== d) throw new Error(`beta must be [${d}], got [${beta.shape}]`);
  if (!(epsilon >= 0)) throw new Error(`epsilon must be ≥ 0, got ${epsilon}`);
  return tf.tidy(() => {
    // Each position is normalised on its own, over its d features (the last axis), with the
    // biased variance (divide by d): the batch and the other positions play no part.
    const mean = tf.mean(x, 0, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), 0, true);
    const normed = tf.div(centred, tf.sqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normed, gamma), beta);
  });
}

/** x [B, T, a] · W [a, b] → [B, T, b]. */
function project(x: tf.Tensor, W: tf.Tensor2D): tf.Tensor3D {
  const [B, T, a] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [B * T, a]), W), [B, T, W.shape[1]]);
}

function splitHeads(x: tf.Tensor3D, h: number): tf.Tensor4D {
  const [B, T, d] = x.shape;
  return tf.transpose(tf.reshape(x, [B, T, h, d / h]), [0, 2, 1, 3]);
}

/** Multi-head self-attention, as in s5-multi-head-attention. */
function selfAttention(x: tf.Tensor3D, p: MhaParams, h: number, mask?: tf.Tensor): tf.Tensor3D {
  const [B, T] = x.shape;
  const D = p.Wq.shape[1];
  const q = splitHeads(project(x, p.Wq), h), k = splitHeads(project(x, p.Wk), h), v = splitHeads(project(x, p.Wv), h);
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / h));
  if (mask) {
    const m4 = mask.rank === 3 ? tf.expandDims(mask, 1) : mask;
    scores = tf.where(tf.broadcastTo(tf.equal(m4, 0), scores.shape), tf.fill(scores.shape, BLOCKED), scores);
  }
  const heads = tf.matMul(tf.softmax(scores), v); // [B, h, T, dh]
  return project(tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [B, T, D]), p.Wo);
}

function ffn(x: tf.Tensor3D, p: BlockParams): tf.Tensor3D {
  return tf.add(project(tf.relu(tf.add(project(x, p.W1), p.b1)), p.W2), p.b2);
}

export function transformerBlock(x: tf.Tensor3D, p: BlockParams, o: { numHeads: number; mask?: tf.Tensor; preNorm: boolean; epsilon?: number }): tf.Tensor3D {
  if (x.rank !== 3) throw new Error(`x must be [B, T, d], got [${x.shape}]`);
  const [B, T, d] = x.shape;
  const { Wq, Wk, Wv, Wo } = p.mha;
  const D = Wq.shape[1];
  if (Wq.shape[0] !== d || Wk.shape[0] !== d || Wv.shape[0] !== d) throw new Error(`Wq, Wk and Wv must have ${d} rows, got [${Wq.shape}], [${Wk.shape}], [${Wv.shape}]`);
  if (Wk.shape[1] !== D || Wv.shape[1] !== D || Wo.shape[0] !== D || Wo.shape[1] !== d) throw new Error(`Wk and Wv must be [${d},${D}] and Wo [${D},${d}], got [${Wk.shape}], [${Wv.shape}], [${Wo.shape}]`);
  const h = o.numHeads;
  if (!Number.isInteger(h) || h < 1 || D % h !== 0) throw new Error(`numHeads must be a whole number ≥ 1 dividing ${D}, got ${h}`);
  const dFF = p.W1.shape[1];
  if (p.W1.shape[0] !== d || p.b1.rank !== 1 || p.b1.shape[0] !== dFF) throw new Error(`W1 must be [${d}, dFF] and b1 [dFF], got [${p.W1.shape}] and [${p.b1.shape}]`);
  if (p.W2.shape[0] !== dFF || p.W2.shape[1] !== d || p.b2.rank !== 1 || p.b2.shape[0] !== d) throw new Error(`W2 must be [${dFF}, ${d}] and b2 [${d}], got [${p.W2.shape}] and [${p.b2.shape}]`);
  if (o.mask) {
    const ms = o.mask.rank === 3 ? [o.mask.shape[0], 1, o.mask.shape[1], o.mask.shape[2]] : o.mask.shape;
    const target = [B, h, T, T];
    if (ms.length > 4 || !ms.every((n, i) => n === 1 || n === target[4 - ms.length + i])) throw new Error(`mask [${o.mask.shape}] does not broadcast to the scores [${target}]`);
  }
  const eps = o.epsilon ?? 1e-3; // tf.layers.layerNormalization's default
  const ln = (t: tf.Tensor, w: { gamma: tf.Tensor1D; beta: tf.Tensor1D }) => layerNorm(t, w.gamma, w.beta, eps) as tf.Tensor3D;
  return tf.tidy(() => {
    if (o.preNorm) {
      // Pre-norm: normalise the sublayer's INPUT; the residual path carries x untouched.
      const hid = tf.add(x, selfAttention(ln(x, p.ln1), p.mha, h, o.mask)) as tf.Tensor3D;
      return tf.add(hid, ffn(ln(hid, p.ln2), p)) as tf.Tensor3D;
    }
    // Post-norm (the original Transformer): add the residual first, then normalise the sum.
    const hid = ln(tf.add(x, selfAttention(x, p.mha, h, o.mask)), p.ln1);
    return ln(tf.add(hid, ffn(hid, p)), p.ln2);
  });
}
