/**
 * s2-batchnorm — batch normalization forward pass, training and inference
 * (reference solution, rule level P1: no tf.batchNorm, no tf.layers.batchNormalization).
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
  if (x.rank < 2) throw new Error(`batchNormForward: x must have a batch axis and a channel axis, got rank ${x.rank}`);
  const C = x.shape[x.rank - 1];
  for (const [name, t] of Object.entries(state) as Array<[string, tf.Tensor]>) {
    if (t.rank !== 1 || t.shape[0] !== C) throw new Error(`batchNormForward: ${name} has shape [${t.shape.join(',')}], expected [${C}]`);
  }
  const { training, momentum, epsilon } = opts;
  // Validated in both modes so a bad call fails the first time, not only once training starts.
  if (!(momentum >= 0 && momentum <= 1)) throw new Error(`batchNormForward: momentum must be in [0, 1], got ${momentum}`);
  if (!(epsilon > 0)) throw new Error(`batchNormForward: epsilon must be > 0, got ${epsilon}`);
  // Every axis but the last (channels): rows of a dense batch, or N,H,W of an NHWC image batch.
  const axes = x.shape.slice(0, -1).map((_, i) => i);

  const normalize = (mean: tf.Tensor, variance: tf.Tensor): tf.Tensor =>
    tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), state.gamma), state.beta);
  const keep = { gamma: state.gamma.clone(), beta: state.beta.clone() };

  if (!training) {
    // Inference uses the running statistics, so one example's output does not depend on its batch.
    const y = tf.tidy(() => normalize(state.movingMean, state.movingVar));
    return { y, newState: { ...keep, movingMean: state.movingMean.clone(), movingVar: state.movingVar.clone() } };
  }
  const [y, movingMean, movingVar] = tf.tidy(() => {
    // tf.moments gives the *biased* variance (divide by N). Normalisation uses it everywhere; tfjs
    // also feeds it to the moving variance (Keras and PyTorch feed that the unbiased N/(N − 1) one).
    const { mean, variance } = tf.moments(x, axes);
    // Keras convention: momentum is the weight of the OLD value (0.99 here = 0.01 in PyTorch).
    const ema = (old: tf.Tensor, batch: tf.Tensor): tf.Tensor => tf.add(tf.mul(old, momentum), tf.mul(batch, 1 - momentum));
    return [normalize(mean, variance), ema(state.movingMean, mean), ema(state.movingVar, variance)];
  });
  return { y, newState: { ...keep, movingMean: movingMean as tf.Tensor1D, movingVar: movingVar as tf.Tensor1D } };
}
