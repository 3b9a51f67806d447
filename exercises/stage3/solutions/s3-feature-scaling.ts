// s3-feature-scaling — reference solution (P1: tf primitives).
import * as tf from '@tensorflow/tfjs';

/** Rejects what would make the statistics meaningless: not a matrix, no rows, or NaN. */
function checkFitData(x: tf.Tensor2D): void {
  if (x.rank !== 2) throw new Error(`fit needs a [rows, features] matrix, got shape [${x.shape}]`);
  if (x.shape[0] === 0) throw new Error('fit needs at least one row');
  // tf.moments would happily return NaN statistics and poison every later transform.
  if (x.dataSync().some(Number.isNaN)) throw new Error('the fit data contains NaN');
}

/** Transform-time checks: fitted, and the same number of columns (tf would broadcast [n,1] silently). */
function checkColumns(x: tf.Tensor2D, fitted: tf.Tensor | null, what: string): void {
  if (!fitted) throw new Error(`${what} called before fit`);
  if (x.rank !== 2 || x.shape[1] !== fitted.shape[0]) {
    throw new Error(`${what}: expected [rows, ${fitted.shape[0]}], got [${x.shape}]`);
  }
}

/**
 * The spread of each column, with 1 where the column is constant. Constant is tested as max == min:
 * float32 moments of a constant column can give a tiny nonzero variance, and dividing by that
 * blows rounding noise up to large numbers.
 */
function safeScale(x: tf.Tensor2D, spread: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.where(tf.equal(tf.max(x, 0), tf.min(x, 0)), tf.onesLike(spread), spread));
}

export class StandardScaler {
  private mean: tf.Tensor1D | null = null;
  private std: tf.Tensor1D | null = null;

  fit(x: tf.Tensor2D): this {
    checkFitData(x);
    this.dispose(); // a refit replaces the old statistics
    [this.mean, this.std] = tf.tidy(() => {
      const { mean, variance } = tf.moments(x, 0); // population variance (÷ n), per column
      return [mean as tf.Tensor1D, safeScale(x, tf.sqrt(variance) as tf.Tensor1D)];
    });
    return this;
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    checkColumns(x, this.mean, 'transform');
    return tf.tidy(() => tf.div(tf.sub(x, this.mean!), this.std!));
  }

  inverseTransform(x: tf.Tensor2D): tf.Tensor2D {
    checkColumns(x, this.mean, 'inverseTransform');
    return tf.tidy(() => tf.add(tf.mul(x, this.std!), this.mean!));
  }

  dispose(): void {
    tf.dispose([this.mean, this.std].filter((t): t is tf.Tensor1D => t !== null));
    this.mean = this.std = null;
  }
}

export class MinMaxScaler {
  private readonly lo: number;
  private readonly hi: number;
  private min: tf.Tensor1D | null = null;
  private span: tf.Tensor1D | null = null;

  constructor(range: [number, number] = [0, 1]) {
    if (!(range[0] < range[1])) throw new Error(`range must have lo < hi, got [${range}]`);
    [this.lo, this.hi] = range;
  }

  fit(x: tf.Tensor2D): this {
    checkFitData(x);
    this.dispose();
    [this.min, this.span] = tf.tidy(() => {
      const min = tf.min(x, 0) as tf.Tensor1D;
      return [min, safeScale(x, tf.sub(tf.max(x, 0), min) as tf.Tensor1D)];
    });
    return this;
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    checkColumns(x, this.min, 'transform');
    return tf.tidy(() => tf.add(tf.mul(tf.div(tf.sub(x, this.min!), this.span!), this.hi - this.lo), this.lo));
  }

  inverseTransform(x: tf.Tensor2D): tf.Tensor2D {
    checkColumns(x, this.min, 'inverseTransform');
    return tf.tidy(() => tf.add(tf.mul(tf.div(tf.sub(x, this.lo), this.hi - this.lo), this.span!), this.min!));
  }

  dispose(): void {
    tf.dispose([this.min, this.span].filter((t): t is tf.Tensor1D => t !== null));
    this.min = this.span = null;
  }
}
