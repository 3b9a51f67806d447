/**
 * s2-l1-l2 — L1 and L2 regularization.
 *
 * Rule level P1: tf primitives (abs, square, sum, sign, relu…); not tf.regularizers.
 * - l1Penalty(weights, λ) = λ Σ|w| over every tensor in the list.
 * - l2Penalty(weights, λ) = λ Σ w²  (tfjs/Keras convention: NO ½ in front).
 * - regularizedSgdStep(w, grad, lr, λ, kind): one SGD step on loss + penalty;
 *   the L1 subgradient uses sign(0) = 0.
 * - softThreshold(w, t) = sign(w)·max(|w| − t, 0), the proximal step of L1.
 * λ < 0 throws; an empty list gives a scalar 0. Return new tensors, leak nothing.
 */
import * as tf from '@tensorflow/tfjs';

export function l1Penalty(weights: tf.Tensor[], lambda: number): tf.Scalar {
  // TODO
  void tf;
  void weights;
  void lambda;
  throw new Error('Not implemented: s2-l1-l2');
}

export function l2Penalty(weights: tf.Tensor[], lambda: number): tf.Scalar {
  // TODO
  void weights;
  void lambda;
  throw new Error('Not implemented: s2-l1-l2');
}

export function regularizedSgdStep(
  w: tf.Tensor, grad: tf.Tensor, lr: number, lambda: number, kind: 'l1' | 'l2',
): tf.Tensor {
  // TODO: w − lr·(grad + ∂penalty/∂w)
  void w;
  void grad;
  void lr;
  void lambda;
  void kind;
  throw new Error('Not implemented: s2-l1-l2');
}

export function softThreshold(w: tf.Tensor, t: number): tf.Tensor {
  // TODO
  void w;
  void t;
  throw new Error('Not implemented: s2-l1-l2');
}
