/**
 * s2-dropout — inverted dropout.
 *
 * Rule level P1: tf primitives; not tf.dropout or tf.layers.dropout.
 * dropout(x, rate, training, uniform):
 * - training: keep x[i] iff uniform[i] ≥ rate, and scale the kept values by 1/(1 − rate);
 *   `uniform` (values in [0,1)) has x's rank, each dimension equal to x's or 1 (a noise shape
 *   that broadcasts).
 * - not training: x's values, as a new tensor.
 * rate must be in [0, 1); a uniform of the wrong shape throws (in both modes).
 */
import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean, uniform: tf.Tensor): tf.Tensor {
  // TODO
  void tf;
  void x;
  void rate;
  void training;
  void uniform;
  throw new Error('Not implemented: s2-dropout');
}
