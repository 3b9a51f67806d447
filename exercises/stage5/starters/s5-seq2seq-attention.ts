/**
 * s5-seq2seq-attention — one step of an attention decoder for sequence-to-sequence models.
 *
 * Rule level P1: tf primitives (tf.matMul, tf.sigmoid, tf.tanh, tf.softmax, tf.concat, tf.split…).
 *
 * attentionDecoderStep(yPrevEmb [B,E], prevContext [B,H], h [B,H], encOutputs [B,T,H], p) with
 * p = { W [E+H, 3H], U [H, 3H], b [3H], Wout [2H, V], bout [V] } does, in this order:
 *   1. a GRU step on x = [yPrevEmb; prevContext] (concatenated along the features), gates in the
 *      order [z, r, h̃] along the 3H axis (as tf.layers.gru with resetAfter false):
 *        z  = σ(x·W_z + h·U_z + b_z)          r = σ(x·W_r + h·U_r + b_r)
 *        h̃  = tanh(x·W_h + (r ⊙ h)·U_h + b_h)
 *        h' = z ⊙ h + (1 − z) ⊙ h̃
 *   2. dot-product attention with the NEW state h' as the query, WITHOUT scaling:
 *        scores[b,t] = encOutputs[b,t] · h'[b],  weights = softmax over t,
 *        context[b]  = Σ_t weights[b,t] · encOutputs[b,t]
 *   3. logits = [h'; context]·Wout + bout                    [B, V]
 * Returns { h: h', context, logits, weights [B,T] }. Throw when the shapes do not fit together.
 * The decoder is trained through this function, so gradients must flow to every input
 * (tf.einsum has no gradient in this tfjs version: use tf.matMul).
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export function attentionDecoderStep(
  yPrevEmb: tf.Tensor2D, prevContext: tf.Tensor2D, h: tf.Tensor2D, encOutputs: tf.Tensor3D,
  p: { W: tf.Tensor2D; U: tf.Tensor2D; b: tf.Tensor1D; Wout: tf.Tensor2D; bout: tf.Tensor1D },
): { h: tf.Tensor2D; context: tf.Tensor2D; logits: tf.Tensor2D; weights: tf.Tensor2D } {
  // TODO: validate the shapes; GRU step on [yPrevEmb; prevContext]; attention with the new state;
  // logits from [h'; context].
  void tf; void yPrevEmb; void prevContext; void h; void encOutputs; void p;
  throw new Error('Not implemented: s5-seq2seq-attention');
}
