// s3-minibatch — epochs, batches and mini-batch gradient descent.
//
// makeBatches(n, batchSize, { shuffle, rng?, dropLast? })   (plain TypeScript: no tf)
//   The index batches of one epoch over n samples.
//   • Start from [0, 1, …, n−1]. If shuffle is true, shuffle it with rng EXACTLY like this
//     (the grader replays it): for i = n−1 down to 1: j = Math.floor(rng() * (i + 1)); swap i and j.
//   • Cut it into consecutive batches of batchSize. The last batch may be shorter
//     (50 samples, batchSize 16 → 16 + 16 + 16 + 2); with dropLast: true it is left out.
//   • batchSize ≥ n gives a single batch; n = 0 gives [].
//   • Throw for a batchSize that is not a whole number > 0, and for shuffle: true without an rng.
//
// trainEpoch(model, x, y, opt, batches)   (tf allowed)
//   One epoch of mini-batch gradient descent: for each batch, in order, take the rows of x and y
//   listed in the batch, and let `opt` take ONE step on model.loss(xBatch, yBatch) for model.params.
//   Return one loss per batch: the batch's loss BEFORE its update (what opt.minimize(…, true) returns),
//   as plain numbers.
//   Leak nothing: every tensor you make for a batch is freed before the next. Never dispose x, y,
//   the params or the optimizer — the caller still needs them.

import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

export function makeBatches(n: number, batchSize: number, opts: { shuffle: boolean; rng?: Rng; dropLast?: boolean }): number[][] {
  // TODO: validate, build 0…n−1, shuffle if asked, cut into batches.
  throw new Error('Not implemented: s3-minibatch');
}

export function trainEpoch(
  model: { params: tf.Variable[]; loss: (x: tf.Tensor, y: tf.Tensor) => tf.Scalar },
  x: tf.Tensor, y: tf.Tensor, opt: tf.Optimizer, batches: number[][],
): number[] {
  // TODO: one optimizer step per batch; collect the losses.
  throw new Error('Not implemented: s3-minibatch');
}
