/**
 * s2-mse — mean squared error and its gradient.
 *
 * Rule level P1: use tf primitives (sub, square, mean, mul…), but not tf.losses.* or tf.metrics.*.
 * - mse(yTrue, yPred): the mean of (ŷ − y)² over EVERY element, as a scalar.
 * - mseGrad(yTrue, yPred): ∂mse/∂ŷ = 2(ŷ − y)/N, N = number of elements.
 * Both throw on a shape mismatch (never broadcast [2,1] against [2]) and on empty tensors.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export function mse(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  // TODO: validate the shapes, then return mean((yPred − yTrue)²) over all elements.
  void tf;
  void yTrue;
  void yPred;
  throw new Error('Not implemented: s2-mse');
}

export function mseGrad(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  // TODO: validate the shapes, then return 2(yPred − yTrue)/N.
  void yTrue;
  void yPred;
  throw new Error('Not implemented: s2-mse');
}
