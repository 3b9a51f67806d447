/**
 * s3-one-hot — one-hot encoding, decoding, and a vocabulary for categorical values.
 *
 * Rule level P0: plain TypeScript loops over numbers and strings; tensors only at the boundary
 * (build the result with tf.tensor2d(values, shape), read an input with dataSync/arraySync).
 * No tf ops (no tf.oneHot, tf.argMax…).
 *
 * - oneHot(labels, numClasses): a float32 [labels.length, numClasses] matrix with a 1 in column
 *   labels[i] of row i and 0 elsewhere. numClasses = 1 is valid (a column of ones).
 *   Throw a RangeError for a label that is negative, ≥ numClasses, or not an integer
 *   (tf.oneHot silently gives a row of zeros instead). Throw when numClasses < 1.
 *   No labels → a [0, numClasses] tensor.
 * - argMaxDecode(probs): for each row of a [n, k] matrix, the index of its largest value
 *   (the first one on a tie, as tf.argMax). argMaxDecode(oneHot(l, k)) gives l back.
 * - buildVocab(tokens, { unk = '<unk>' }): id 0 is the unknown token; the distinct tokens follow
 *   in the order of JavaScript's default sort (`[...].sort()`, by UTF-16 code units), from id 1.
 *   toToken[id] is the token, toId maps each token (and unk) back to its id.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export function oneHot(labels: number[], numClasses: number): tf.Tensor2D {
  // TODO: validate, fill a Float32Array row by row, return tf.tensor2d(values, [n, numClasses]).
  void tf;
  void labels;
  void numClasses;
  throw new Error('Not implemented: s3-one-hot');
}

export function argMaxDecode(probs: tf.Tensor2D): number[] {
  // TODO: read the values once, then find each row's first largest entry.
  void probs;
  throw new Error('Not implemented: s3-one-hot');
}

export function buildVocab(tokens: string[], opts?: { unk?: string }): { toId: Map<string, number>; toToken: string[] } {
  // TODO: unk first, then the sorted distinct tokens.
  void tokens;
  void opts;
  throw new Error('Not implemented: s3-one-hot');
}
