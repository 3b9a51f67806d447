// s3-minibatch — MUTANT (contiguous-rows). makeBatches is plain TypeScript (P0); trainEpoch drives tf's
// optimizer over those batches (P1).
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

/**
 * Index batches for one epoch: 0…n−1, shuffled with Fisher–Yates from the end when asked (so a
 * seed reproduces the epoch), cut into consecutive batches of batchSize. The last batch may be
 * shorter; dropLast drops it so every batch has the same size.
 */
export function makeBatches(n: number, batchSize: number, opts: { shuffle: boolean; rng?: Rng; dropLast?: boolean }): number[][] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`batchSize must be a whole number > 0, got ${batchSize}`);
  // Math.random would make every epoch impossible to reproduce: refuse instead of guessing.
  if (opts.shuffle && typeof opts.rng !== 'function') throw new Error('shuffle: true needs an rng');
  const idx = Array.from({ length: n }, (_, i) => i);
  if (opts.shuffle && opts.rng) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(opts.rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
  }
  const batches: number[][] = [];
  for (let start = 0; start < n; start += batchSize) {
    const batch = idx.slice(start, start + batchSize);
    if (opts.dropLast && batch.length < batchSize) break;
    batches.push(batch);
  }
  return batches;
}

/**
 * One pass over the data: one optimizer step per batch, in the order given. minimize() computes the
 * loss, then the gradients, then updates, so the loss it returns is the one BEFORE this batch's step.
 */
export function trainEpoch(
  model: { params: tf.Variable[]; loss: (x: tf.Tensor, y: tf.Tensor) => tf.Scalar },
  x: tf.Tensor, y: tf.Tensor, opt: tf.Optimizer, batches: number[][],
): number[] {
  const losses: number[] = [];
  for (const batch of batches) {
    // tidy frees the index tensor, the gathered rows and every intermediate of the step.
    const loss = tf.tidy(() => {
      const start = batches.slice(0, batches.indexOf(batch)).reduce((s, b) => s + b.length, 0);
      const xb = tf.slice(x, start, batch.length);
      const yb = tf.slice(y, start, batch.length);
      const cost = opt.minimize(() => model.loss(xb, yb), true, model.params);
      return cost!.dataSync()[0];
    });
    losses.push(loss);
  }
  return losses;
}
