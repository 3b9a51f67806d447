/** Seeded tensors that checks and demos share: data, weights of small MLPs, Glorot variables. */
import * as tf from '@tensorflow/tfjs';
import { makeRandomMoons, mulberry32, type Rng } from '../../data';

/** `n` noisy moons from `rng` as tensors: x [n,2], y [n,1] of 0/1. */
export function moonsTensors(n: number, noise: number, rng: Rng): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const d = makeRandomMoons(n, noise, rng);
  return { x: tf.tensor2d(d.x), y: tf.tensor2d(d.y, [n, 1]) };
}

/** A variable drawn from Glorot's uniform U(±√(6/(fanIn + fanOut))), fans from the last two axes, seeded. */
export function glorotVariable(shape: number[], seed: number): tf.Variable {
  const [fanIn, fanOut] = shape.slice(-2);
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  return tf.variable(tf.randomUniform(shape, -lim, lim, 'float32', seed));
}

/** `n` numbers drawn uniformly from (−scale, scale) with `rng`. */
export function symmetricUniform(rng: Rng, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => (2 * rng() - 1) * scale);
}

/** A [rows, cols] matrix of U(−scale, scale) values from mulberry32(seed). */
export function randomMatrix(rows: number, cols: number, seed: number, scale: number): tf.Tensor2D {
  return tf.tensor2d(symmetricUniform(mulberry32(seed), rows * cols, scale), [rows, cols]);
}

/** Dense layers for `sizes` (e.g. [3, 5, 2]): W ~ U(±scale) of shape [in, out], b ~ U(±0.5), one mulberry32(seed) stream. */
export function randomDenseParams(sizes: number[], seed: number, scale = 1): Array<{ W: tf.Tensor2D; b: tf.Tensor1D }> {
  const rng = mulberry32(seed);
  return sizes.slice(1).map((out, i) => ({
    W: tf.tensor2d(symmetricUniform(rng, sizes[i] * out, scale), [sizes[i], out]),
    b: tf.tensor1d(symmetricUniform(rng, out, 0.5)),
  }));
}
