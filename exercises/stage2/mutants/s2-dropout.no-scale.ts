/**
 * s2-dropout — inverted dropout driven by a uniform tensor MUTANT: no 1/(1-rate) scaling.
 */
import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean, uniform: tf.Tensor): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  // uniform may be a noise shape: same rank, each dimension equal to x's or 1 (it broadcasts).
  const okShape = uniform.rank === x.rank && uniform.shape.every((d, i) => d === x.shape[i] || d === 1);
  if (!okShape) {
    throw new Error(`dropout: uniform [${uniform.shape.join(',')}] cannot be a noise shape for x [${x.shape.join(',')}]`);
  }
  // At inference dropout is the identity; return a new tensor so the caller may dispose either.
  if (!training || rate === 0) return x.clone();
  return tf.tidy(() => {
    // Keep a unit when u ≥ rate (probability 1 − rate) and scale the survivors by 1/(1 − rate),
    // so E[y] = x and nothing needs rescaling at inference ("inverted" dropout).
    const keep = tf.cast(tf.greaterEqual(uniform, rate), x.dtype);
    return tf.mul(x, keep);
  });
}
