/**
 * s2-init-he — He (Kaiming) initializers for ReLU nets (reference solution, rule level P0:
 * plain loops with the given rng; the only tf call builds the result tensor).
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

/** fanIn of a dense [in, out] or conv HWIO [kh, kw, in, out] kernel: kh·kw·in. */
function fanInOf(shape: number[]): number {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`bad shape [${shape.join(',')}]`);
  if (shape.length < 2) return shape.length === 0 ? 1 : shape[0];
  return shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

/**
 * He keeps the variance of ReLU activations constant from layer to layer: ReLU zeroes half of
 * its input, so each weight needs twice Xavier's variance, Var(w) = 2/fanIn. Only fanIn counts
 * (the forward pass), unlike Glorot's average of fanIn and fanOut.
 */
export function heUniform(shape: number[], rng: Rng): tf.Tensor {
  const limit = Math.sqrt(6 / fanInOf(shape)); // U(±a) has variance a²/3 = 2/fanIn
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = limit * (2 * rng() - 1);
  return tf.tensor(values, shape);
}

export function heNormal(shape: number[], rng: Rng): tf.Tensor {
  // A normal truncated at ±2σ keeps only 0.87962566 of σ; dividing by it (Keras ≥ 2.3) gives
  // the intended std. tf.initializers.heNormal skips this and comes out ≈ 0.88× too narrow.
  const sigma = Math.sqrt(2 / fanInOf(shape)) / 0.87962566103423978;
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) {
    let z: number;
    do {
      z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    } while (Math.abs(z) > 2);
    values[i] = sigma * z;
  }
  return tf.tensor(values, shape);
}
