/**
 * s2-init-he — He (Kaiming) initialization for ReLU networks.
 *
 * Rule level P0: plain TypeScript loops with the given rng (uniform in [0,1)); no tf ops except
 * tf.tensor(values, shape) to build the result. fanIn: dense [in, out] → in; conv HWIO
 * [kh, kw, in, out] → kh·kw·in.
 * - heUniform: U(−limit, limit), limit = √(6/fanIn).
 * - heNormal: a normal truncated at ±2σ with σ = √(2/fanIn) / 0.87962566 (Keras ≥ 2.3
 *   correction, so the final std is √(2/fanIn)).
 * A negative dimension throws; a zero dimension gives an empty tensor.
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

export function heUniform(shape: number[], rng: Rng): tf.Tensor {
  // TODO
  void tf;
  void shape;
  void rng;
  throw new Error('Not implemented: s2-init-he');
}

export function heNormal(shape: number[], rng: Rng): tf.Tensor {
  // TODO
  void shape;
  void rng;
  throw new Error('Not implemented: s2-init-he');
}
