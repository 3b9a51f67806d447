/**
 * s5-attention — scaled dot-product attention, a causal mask, and additive (Bahdanau) attention.
 *
 * Rule level P1: tf primitives (tf.matMul, tf.softmax, tf.where, tf.linalg.bandPart…).
 *
 * - scaledDotProductAttention(q, k, v, mask?): q [..., Tq, dk], k [..., Tk, dk], v [..., Tk, dv],
 *   all of the same rank (2, 3 or 4) with the same leading dimensions.
 *     scores  = q·kᵀ / √dk                      [..., Tq, Tk]
 *     weights = softmax(scores) over the keys (the last axis); each row sums to 1
 *     output  = weights·v                       [..., Tq, dv]
 *   mask (optional) holds 1 = keep, 0 = block and broadcasts to [..., Tq, Tk] ([Tq,Tk],
 *   [B,1,Tk], [B,h,Tq,Tk]…). A blocked score is REPLACED by −1e9 before the softmax, so a row
 *   whose keys are all blocked gets uniform weights, never NaN (−Infinity would give NaN).
 *   Throw when the ranks or leading dimensions differ, when q and k have different dk, when k and
 *   v have different lengths, or when the mask does not broadcast.
 * - causalMask(T): a float32 [T,T] mask with 1 where column ≤ row (position t sees 0…t), 0 above
 *   the diagonal. Throw unless T is a whole number ≥ 1.
 * - additiveAttention(query [B,dq], keys [B,T,dk], { W1 [dq,A], W2 [dk,A], v [A] }):
 *     score[b,t] = v · tanh(query[b]·W1 + keys[b,t]·W2)
 *     weights    = softmax over t               [B, T]
 *     context[b] = Σ_t weights[b,t] · keys[b,t]   [B, dk]  (the keys are also the values)
 *   Throw when the shapes do not fit together.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export function scaledDotProductAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  // TODO: validate the shapes; scores = matMul(q, k, false, true) / √dk; blocked scores → −1e9;
  // weights = softmax(scores); output = matMul(weights, v).
  void tf; void q; void k; void v; void mask;
  throw new Error('Not implemented: s5-attention');
}

export function causalMask(T: number): tf.Tensor2D {
  // TODO: ones on and below the diagonal, zeros above.
  void T;
  throw new Error('Not implemented: s5-attention');
}

export function additiveAttention(query: tf.Tensor2D, keys: tf.Tensor3D, p: { W1: tf.Tensor2D; W2: tf.Tensor2D; v: tf.Tensor1D }): { context: tf.Tensor2D; weights: tf.Tensor2D } {
  // TODO: score every key with v·tanh(query·W1 + key·W2), softmax over the keys, average the keys.
  void query; void keys; void p;
  throw new Error('Not implemented: s5-attention');
}
