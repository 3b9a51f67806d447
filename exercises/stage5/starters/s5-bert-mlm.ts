/**
 * s5-bert-mlm — BERT-style masked language modelling.
 *
 * maskTokens is plain TypeScript (arrays of numbers, no tf); mlmLoss uses tf primitives
 * (tf.logSoftmax, tf.oneHot, tf.sum, tf.where…) but not tf.losses.
 *
 * - maskTokens(tokens, { maskProb, maskId, vocabSize, specialIds, rng }): tokens are rows of token
 *   ids (rows may differ in length). Every token that is NOT in specialIds is selected on its own,
 *   independently, with probability maskProb (draw rng() < maskProb for each one): some rows get no
 *   selection at all, some several. Special tokens ([PAD], [CLS], [MASK]…) are never selected.
 *   For a selected token:
 *     80 % of the time the input becomes maskId,
 *     10 % of the time it becomes a random token, uniform over the ids in [0, vocabSize) that are
 *          not special (never a special id, never maskId; it may happen to equal the original),
 *     10 % of the time it stays as it is.
 *   Returns { inputs, labels }, both shaped like tokens (new arrays: never change tokens):
 *     inputs[i][j] = the token after replacement (unchanged where not selected),
 *     labels[i][j] = the ORIGINAL token where selected, −1 everywhere else.
 *   Use only rng for randomness (never Math.random): the same rng seed gives the same result.
 *   Throw when vocabSize ≤ the number of special ids (no ordinary token is left to draw).
 * - mlmLoss(logits [B, T, V], labels int32 [B, T]): the softmax cross-entropy of each position whose
 *   label is ≥ 0, averaged over those positions only (−1 = ignore). When no position is selected the
 *   loss is 0, not NaN. Stay finite for logits of ±1000 (use tf.logSoftmax).
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

export function maskTokens(
  tokens: number[][],
  o: { maskProb: number; maskId: number; vocabSize: number; specialIds: number[]; rng: Rng },
): { inputs: number[][]; labels: number[][] } {
  // TODO: for each non-special token, select it with probability maskProb; replace selected ones
  // 80 / 10 / 10 ([MASK] / random ordinary token / unchanged); labels hold the original token there.
  void tokens; void o;
  throw new Error('Not implemented: s5-bert-mlm');
}

export function mlmLoss(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  // TODO: cross-entropy at the positions with label ≥ 0, averaged over those positions (0 if none).
  void tf; void logits; void labels;
  throw new Error('Not implemented: s5-bert-mlm');
}
