/**
 * s2-mse — mean squared error and its gradient MUTANT: summed instead of averaged.
 */
import * as tf from '@tensorflow/tfjs';

// tfjs silently returns NaN for empty tensors and our learners must never get a silent
// broadcast ([2,1] against [2] would become a [2,2] matrix of residuals), so validate first.
function checkPair(yTrue: tf.Tensor, yPred: tf.Tensor, what: string): void {
  const same = yTrue.rank === yPred.rank && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  if (!same) {
    throw new Error(`${what}: shape mismatch, yTrue [${yTrue.shape.join(',')}] vs yPred [${yPred.shape.join(',')}]`);
  }
  if (yTrue.size === 0) throw new Error(`${what}: empty tensors have no mean`);
}

/** Mean over *every* element (not per row): tf.losses.meanSquaredError's default reduction. */
export function mse(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  checkPair(yTrue, yPred, 'mse');
  return tf.tidy(() => tf.sum(tf.square(tf.sub(yPred, yTrue))) as tf.Scalar);
}

/** d mse / d yPred = 2(ŷ − y)/N, where N counts every element, because the mean does. */
export function mseGrad(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkPair(yTrue, yPred, 'mseGrad');
  return tf.tidy(() => tf.mul(tf.sub(yPred, yTrue), 2 / yTrue.size));
}
