/**
 * s5-attention — scaled dot-product attention with masks, a causal mask, and additive attention.
 * Reference solution.
 */
import * as tf from '@tensorflow/tfjs';

/** The score a blocked position gets. Replacing (not adding) keeps a fully masked row finite. */
const BLOCKED = -1e9;

function sameDims(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function scaledDotProductAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  const r = q.rank;
  if (r < 2 || k.rank !== r || v.rank !== r) throw new Error(`q, k and v must have the same rank ≥ 2, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  const lead = q.shape.slice(0, -2);
  if (!sameDims(lead, k.shape.slice(0, -2)) || !sameDims(lead, v.shape.slice(0, -2))) {
    throw new Error(`q, k and v must share their leading dimensions, got [${q.shape}], [${k.shape}], [${v.shape}]`);
  }
  const dk = q.shape[r - 1];
  if (k.shape[r - 1] !== dk) throw new Error(`q and k must have the same last dimension (dk), got ${dk} and ${k.shape[r - 1]}`);
  if (v.shape[r - 2] !== k.shape[r - 2]) throw new Error(`k and v must have the same number of positions, got ${k.shape[r - 2]} and ${v.shape[r - 2]}`);
  const scoreShape = [...lead, q.shape[r - 2], k.shape[r - 2]];
  if (mask) {
    // Broadcasting rules: align on the right; each mask dimension is 1 or the score's.
    const ms = mask.shape;
    const ok = ms.length <= scoreShape.length && ms.every((d, i) => d === 1 || d === scoreShape[scoreShape.length - ms.length + i]);
    if (!ok) throw new Error(`mask [${ms}] does not broadcast to the scores [${scoreShape}]`);
  }
  return tf.tidy(() => {
    // matMul treats every dimension but the last two as a batch; transposeB turns k into [.., dk, Tk].
    let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk));
    if (mask) {
      const blocked = tf.broadcastTo(tf.equal(mask, 0), scoreShape);
      // Replace, do not add: a row with every key blocked becomes uniform instead of NaN
      // (−Infinity would give exp(−∞ + ∞) = NaN in the softmax).
      scores = tf.where(blocked, tf.fill(scoreShape, BLOCKED), scores);
    }
    const weights = tf.softmax(scores); // over the last axis: each query's distribution over keys
    return { output: tf.matMul(weights, v), weights };
  });
}

export function causalMask(T: number): tf.Tensor2D {
  if (!Number.isInteger(T) || T < 1) throw new Error(`T must be a whole number ≥ 1, got ${T}`);
  // Row t may look at columns 0…t: keep the lower triangle, diagonal included.
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([T, T]), -1, 0) as tf.Tensor2D);
}

export function additiveAttention(query: tf.Tensor2D, keys: tf.Tensor3D, p: { W1: tf.Tensor2D; W2: tf.Tensor2D; v: tf.Tensor1D }): { context: tf.Tensor2D; weights: tf.Tensor2D } {
  if (query.rank !== 2 || keys.rank !== 3) throw new Error(`query must be [B,dq] and keys [B,T,dk], got [${query.shape}] and [${keys.shape}]`);
  const [B, dq] = query.shape;
  const [Bk, T, dk] = keys.shape;
  if (B !== Bk) throw new Error(`query and keys must have the same batch size, got ${B} and ${Bk}`);
  if (p.W1.rank !== 2 || p.W2.rank !== 2 || p.v.rank !== 1) throw new Error('W1 and W2 must be matrices and v a vector');
  const A = p.v.shape[0];
  if (p.W1.shape[0] !== dk || p.W1.shape[1] !== A) throw new Error(`W1 must be [${dq},${A}], got [${p.W1.shape}]`);
  if (p.W2.shape[0] !== dq || p.W2.shape[1] !== A) throw new Error(`W2 must be [${dk},${A}], got [${p.W2.shape}]`);
  return tf.tidy(() => {
    const q = tf.reshape(tf.matMul(query, p.W2), [B, 1, A]); // the query's projection, one per row
    const kp = tf.reshape(tf.matMul(tf.reshape(keys, [B * T, dk]), p.W1), [B, T, A]);
    const e = tf.tanh(tf.add(q, kp)); // [B,T,A], the query broadcast over the T keys
    const scores = tf.reshape(tf.matMul(tf.reshape(e, [B * T, A]), tf.reshape(p.v, [A, 1])), [B, T]);
    const weights = tf.softmax(scores) as tf.Tensor2D; // over the T keys
    // The keys are also the values: the context is their weighted average.
    const context = tf.reshape(tf.matMul(tf.reshape(weights, [B, 1, T]), keys), [B, dk]) as tf.Tensor2D;
    return { context, weights };
  });
}
