// s2-early-stopping — reference solution (P0 logic; tensors only to keep copies of the weights).
import * as tf from '@tensorflow/tfjs';

export interface EarlyStoppingOptions {
  patience: number;
  minDelta?: number;
  mode?: 'min' | 'max';
  baseline?: number;
  restoreBestWeights?: boolean;
}

/** Same rules as tf.callbacks.earlyStopping, plus restoreBestWeights (which tfjs does not implement). */
export class EarlyStopping {
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly sign: number; // +1 for 'min', −1 for 'max': compare sign·metric, always minimising
  private readonly restore: boolean;
  private best: number;
  private wait = 0;
  private stopped = false;
  private _bestEpoch = -1;
  private _bestWeights: tf.Tensor[] | null = null;

  constructor(opts: EarlyStoppingOptions) {
    if (!(opts.patience >= 0)) throw new Error(`patience must be >= 0, got ${opts.patience}`);
    if (opts.mode !== undefined && opts.mode !== 'min' && opts.mode !== 'max') throw new Error(`mode must be 'min' or 'max', got ${String(opts.mode)}`);
    this.patience = opts.patience;
    this.minDelta = Math.abs(opts.minDelta ?? 0); // Keras: the sign of minDelta is ignored
    this.sign = opts.mode === 'max' ? -1 : 1;
    this.restore = opts.restoreBestWeights ?? false;
    // A baseline seeds "best": the metric must beat it before anything counts as progress.
    this.best = opts.baseline !== undefined ? this.sign * opts.baseline : Infinity;
  }

  get bestEpoch(): number { return this._bestEpoch; }
  get bestWeights(): tf.Tensor[] | null { return this._bestWeights; }

  onEpochEnd(epoch: number, metric: number, weights?: tf.Tensor[]): boolean {
    const current = this.sign * metric;
    // Strictly better by more than minDelta; NaN compares false, so it is never an improvement.
    if (!(current >= this.best - this.minDelta)) {
      this.best = current;
      this.wait = 0;
      this._bestEpoch = epoch;
      if (this.restore && weights) {
        // Clone: the caller keeps training (or disposes) its own tensors. Free the old copy first
        // so that at most one set of copies is alive.
        this.disposeCopies();
        this._bestWeights = weights.map((w) => w.clone());
      }
    } else {
      this.wait++;
      if (this.wait >= this.patience) this.stopped = true;
    }
    return this.stopped; // once stopped, always stopped
  }

  dispose(): void { this.disposeCopies(); }

  private disposeCopies(): void {
    if (this._bestWeights) tf.dispose(this._bestWeights);
    this._bestWeights = null;
  }
}
