/**
 * s2-cross-entropy — softmax, sparse and sigmoid cross-entropy MUTANT: softmax without subtracting the row max.
 * No tf.softmax / tf.logSoftmax / tf.sigmoid / tf.losses: everything from exp, log, max, sum.
 */
import * as tf from '@tensorflow/tfjs';

function shapeStr(t: tf.Tensor): string {
  return `[${t.shape.join(',')}]`;
}

// log softmax = z − max − log Σ exp(z − max): subtracting the row max keeps exp() ≤ 1,
// so logits of ±1000 never overflow to Infinity (which would give NaN).
function logSoftmaxRows(logits: tf.Tensor2D): tf.Tensor2D {
  // naive: log(exp(z) / Σ exp(z))
  return tf.log(tf.div(tf.exp(logits), tf.sum(tf.exp(logits), 1, true))) as tf.Tensor2D;
}

export function softmaxCrossEntropy(
  labels: tf.Tensor2D, logits: tf.Tensor2D, opts: { labelSmoothing?: number } = {},
): tf.Scalar {
  if (logits.rank !== 2 || labels.rank !== 2 || labels.shape[0] !== logits.shape[0] || labels.shape[1] !== logits.shape[1]) {
    throw new Error(`softmaxCrossEntropy: labels ${shapeStr(labels)} and logits ${shapeStr(logits)} must both be [batch, classes]`);
  }
  if (logits.shape[0] === 0) throw new Error('softmaxCrossEntropy: empty batch');
  const ls = opts.labelSmoothing ?? 0;
  if (!(ls >= 0 && ls <= 1)) throw new Error(`softmaxCrossEntropy: labelSmoothing ${ls} outside [0, 1]`);
  const C = logits.shape[1];
  return tf.tidy(() => {
    // Smoothing moves ls of the mass onto a uniform distribution over the C classes.
    const y = ls > 0 ? tf.add(tf.mul(labels, 1 - ls), ls / C) : labels;
    const perRow = tf.neg(tf.sum(tf.mul(y, logSoftmaxRows(logits)), 1));
    return tf.mean(perRow) as tf.Scalar; // mean over the batch, like tf.losses' default
  });
}

export function sparseSoftmaxCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(`sparseSoftmaxCrossEntropy: labels ${shapeStr(labels)} must be [batch] for logits ${shapeStr(logits)}`);
  }
  const C = logits.shape[1];
  // tf.oneHot silently turns a bad label into a row of zeros (loss 0): refuse instead.
  const ids = labels.dataSync();
  ids.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= C) {
      throw new Error(`sparseSoftmaxCrossEntropy: label ${v} at index ${i} is not a class id in 0..${C - 1}`);
    }
  });
  return tf.tidy(() => softmaxCrossEntropy(tf.oneHot(tf.tensor1d(Array.from(ids), 'int32'), C) as tf.Tensor2D, logits));
}

export function sigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (labels.rank !== logits.rank || labels.shape.some((d, i) => d !== logits.shape[i])) {
    throw new Error(`sigmoidCrossEntropy: labels ${shapeStr(labels)} vs logits ${shapeStr(logits)}`);
  }
  if (logits.size === 0) throw new Error('sigmoidCrossEntropy: empty tensors');
  // Stable form of −[y log σ(z) + (1−y) log(1−σ(z))]: max(z,0) − z·y + log(1 + e^{−|z|}).
  return tf.tidy(() => tf.mean(
    tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
  ) as tf.Scalar);
}
