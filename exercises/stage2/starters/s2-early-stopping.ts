// s2-early-stopping — early stopping, with restore-best-weights.
//
// Rule level: P0 logic (plain numbers for the bookkeeping); tensors only to keep copies of weights.
// Your class must agree with tf.callbacks.earlyStopping, epoch by epoch, and add restoreBestWeights,
// which tfjs does not implement (it throws "not implemented yet").
//
// Rules (mode 'min', the default — 'max' mirrors every comparison):
//   • best starts at +Infinity ('max': −Infinity), or at `baseline` when one is given.
//   • An epoch IMPROVES when  metric < best − minDelta  (strictly; 'max': metric > best + minDelta).
//     On an improvement: best = metric, wait = 0, bestEpoch = epoch.
//     Otherwise: wait += 1, and when wait ≥ patience, stop.
//   • A NaN metric is never an improvement.
//   • onEpochEnd returns true when training should stop; once it has returned true it keeps
//     returning true.
//   • minDelta defaults to 0 and a negative minDelta is used as |minDelta| (as Keras does).
//   • patience < 0 → throw an Error.
//   • bestEpoch is −1 until the first improvement.
//   • restoreBestWeights: on every improvement keep CLONES of the `weights` passed in (the caller
//     keeps training its own tensors, which may be variables that change, or may dispose them).
//     Free the previous clones first: at most one set of copies is alive at any time.
//     bestWeights is null when restoreBestWeights is off, and null before the first improvement.
//     dispose() frees your copies. Never dispose the caller's tensors.
import * as tf from '@tensorflow/tfjs';

export interface EarlyStoppingOptions {
  patience: number;
  minDelta?: number;
  mode?: 'min' | 'max';
  baseline?: number;
  restoreBestWeights?: boolean;
}

export class EarlyStopping {
  constructor(opts: EarlyStoppingOptions) {
    // TODO: validate patience, store the options, initialise best / wait / bestEpoch.
    throw new Error('Not implemented: s2-early-stopping');
  }

  get bestEpoch(): number {
    // TODO
    throw new Error('Not implemented: s2-early-stopping');
  }

  get bestWeights(): tf.Tensor[] | null {
    // TODO
    throw new Error('Not implemented: s2-early-stopping');
  }

  onEpochEnd(epoch: number, metric: number, weights?: tf.Tensor[]): boolean {
    // TODO: improvement test, wait counter, stop flag, clones of the best weights.
    throw new Error('Not implemented: s2-early-stopping');
  }

  dispose(): void {
    // TODO: free the stored copies.
    throw new Error('Not implemented: s2-early-stopping');
  }
}
