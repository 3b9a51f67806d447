/**
 * s5-transformer-block — LayerNorm and a Transformer encoder block.
 *
 * Rule level P1: tf primitives (tf.mean, tf.square, tf.matMul, tf.softmax, tf.relu…); not
 * tf.layers and not tf.batchNorm (its FusedBatchNorm kernel is banned). tf.einsum has no
 * gradient in tfjs 4.22: use tf.matMul so the block can train.
 *
 * - layerNorm(x [..., d], gamma [d], beta [d], epsilon): normalise every position over its d
 *   features (the LAST axis): (x − mean) / √(var + epsilon) · gamma + beta, with the biased
 *   variance (divide by d). Throw when gamma or beta is not [d].
 * - transformerBlock(x [B, T, d], p, { numHeads, mask?, preNorm, epsilon? }) → [B, T, d]:
 *     MHA(t) = multi-head SELF-attention of t with p.mha (as in s5-multi-head-attention: scale
 *              √(D/h), blocked scores → −1e9, a [B, T, T] mask gets a head axis at 1)
 *     FFN(t) = relu(t·W1 + b1)·W2 + b2            (W1 [d, dFF], W2 [dFF, d])
 *     pre-norm  (preNorm true):  h = x + MHA(LN1(x));   y = h + FFN(LN2(h))
 *     post-norm (preNorm false): h = LN1(x + MHA(x));   y = LN2(h + FFN(h))
 *   LN1, LN2 are layerNorm with p.ln1 / p.ln2 and epsilon (default 1e-3, as tf.layers uses).
 *   Throw when the shapes do not fit together or D is not divisible by numHeads.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export interface MhaParams { Wq: tf.Tensor2D; Wk: tf.Tensor2D; Wv: tf.Tensor2D; Wo: tf.Tensor2D }
export interface BlockParams { mha: MhaParams; ln1: { gamma: tf.Tensor1D; beta: tf.Tensor1D }; ln2: { gamma: tf.Tensor1D; beta: tf.Tensor1D }; W1: tf.Tensor2D; b1: tf.Tensor1D; W2: tf.Tensor2D; b2: tf.Tensor1D }

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor {
  // TODO: mean and (biased) variance over the last axis, keepDims; normalise; scale and shift.
  void tf; void x; void gamma; void beta; void epsilon;
  throw new Error('Not implemented: s5-transformer-block');
}

export function transformerBlock(x: tf.Tensor3D, p: BlockParams, o: { numHeads: number; mask?: tf.Tensor; preNorm: boolean; epsilon?: number }): tf.Tensor3D {
  // TODO: multi-head self-attention and the feed-forward network, each with its residual and
  // its LayerNorm, in the order preNorm asks for.
  void x; void p; void o;
  throw new Error('Not implemented: s5-transformer-block');
}
