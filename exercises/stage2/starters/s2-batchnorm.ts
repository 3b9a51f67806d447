/**
 * s2-batchnorm — batch normalization, training and inference.
 *
 * Rule level P1: tf primitives (mean, moments, sub, sqrt…); not tf.batchNorm or
 * tf.layers.batchNormalization. Normalize over every axis except the last (channels), so
 * [N, C] and NHWC [N, H, W, C] both work.
 * - training: y = γ·(x − μ_B)/√(σ²_B + ε) + β with the batch mean and the BIASED batch variance
 *   (divide by the count, not count − 1);
 *   moving ← momentum·moving + (1 − momentum)·batch, momentum being the weight of the OLD value.
 *   As tf.layers.batchNormalization does, feed the moving variance the same biased batch variance
 *   (Keras and PyTorch feed it the unbiased one, × m/(m − 1); this exercise follows tfjs).
 * - inference: use movingMean/movingVar; the returned state is unchanged (new tensors).
 * Rank-1 x, state shapes ≠ [C], momentum outside [0,1] throw (in both modes).
 */
import * as tf from '@tensorflow/tfjs';

export interface BNState {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
  movingMean: tf.Tensor1D;
  movingVar: tf.Tensor1D;
}

export function batchNormForward(
  x: tf.Tensor, state: BNState, opts: { training: boolean; momentum: number; epsilon: number },
): { y: tf.Tensor; newState: BNState } {
  // TODO
  void tf;
  void x;
  void state;
  void opts;
  throw new Error('Not implemented: s2-batchnorm');
}
