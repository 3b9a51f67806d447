/**
 * s2-init-glorot — Xavier/Glorot initialization.
 *
 * Rule level P0: plain TypeScript loops with the given rng (uniform in [0,1)); no tf ops except
 * tf.tensor(values, shape) to build the result.
 * - computeFans: dense [in, out] → fanIn = in, fanOut = out; conv HWIO [kh, kw, in, out] →
 *   fanIn = kh·kw·in, fanOut = kh·kw·out.
 * - glorotUniform: U(−limit, limit), limit = √(6/(fanIn + fanOut)).
 * - glorotNormal: a normal truncated at ±2σ with σ = √(2/(fanIn + fanOut)) / 0.87962566
 *   (the Keras ≥ 2.3 correction, so the final std is √(2/(fanIn + fanOut))).
 * A negative dimension throws; a zero dimension gives an empty tensor.
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  // TODO
  void shape;
  throw new Error('Not implemented: s2-init-glorot');
}

export function glorotUniform(shape: number[], rng: Rng): tf.Tensor {
  // TODO
  void tf;
  void shape;
  void rng;
  throw new Error('Not implemented: s2-init-glorot');
}

export function glorotNormal(shape: number[], rng: Rng): tf.Tensor {
  // TODO: sample a standard normal (Box–Muller), reject |z| > 2, scale by σ.
  void shape;
  void rng;
  throw new Error('Not implemented: s2-init-glorot');
}
