/** Tensors for demos: seeded data and seeded weights, the same way in every demo that trains a small MLP. */
import * as tf from '@tensorflow/tfjs';
import { makeRandomMoons, type Rng } from '../../data';

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
