/**
 * s2-cross-entropy — cross-entropy losses for classification.
 *
 * Rule level P1: tf primitives (exp, log, max, sum, mean, oneHot…) but NOT tf.softmax,
 * tf.logSoftmax, tf.sigmoid or tf.losses.* / tf.metrics.*: build them yourself, stably.
 * - softmaxCrossEntropy(labels [B,C], logits [B,C], {labelSmoothing}): mean over the batch of
 *   −Σ y·log softmax(z); smoothing replaces y by y(1 − ls) + ls/C.
 * - sparseSoftmaxCrossEntropy(labels [B] of class ids, logits [B,C]): the same with integer labels
 *   (int32, or float32 holding whole numbers); a label outside 0..C−1 or not whole throws.
 * - sigmoidCrossEntropy(labels, logits): mean over all elements of the binary cross-entropy.
 * Logits of ±1000 must give finite losses. Empty batches and shape mismatches throw.
 */
import * as tf from '@tensorflow/tfjs';

export function softmaxCrossEntropy(
  labels: tf.Tensor2D, logits: tf.Tensor2D, opts: { labelSmoothing?: number } = {},
): tf.Scalar {
  // TODO: validate, smooth the labels, compute a stable log-softmax per row, average over rows.
  void tf;
  void labels;
  void logits;
  void opts;
  throw new Error('Not implemented: s2-cross-entropy');
}

export function sparseSoftmaxCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  // TODO: validate the class ids, one-hot them, reuse softmaxCrossEntropy.
  void labels;
  void logits;
  throw new Error('Not implemented: s2-cross-entropy');
}

export function sigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  // TODO: a stable −[y·log σ(z) + (1 − y)·log(1 − σ(z))], averaged over every element.
  void labels;
  void logits;
  throw new Error('Not implemented: s2-cross-entropy');
}
