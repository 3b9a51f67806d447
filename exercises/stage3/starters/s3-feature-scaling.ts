/**
 * s3-feature-scaling — standardisation and min-max scaling, as classes with fit/transform.
 *
 * Rule level P1: use tf primitives (tf.moments, tf.min, tf.max, sub, div, mul, add…).
 * x is [rows, features]; every statistic is per column (per feature), taken over the rows.
 *
 * StandardScaler
 * - fit(x): store each column's mean and standard deviation (population: divide by n, not n − 1);
 *   returns `this`, so `new StandardScaler().fit(train).transform(test)` works.
 * - transform(x) = (x − mean) / std, with the statistics from fit — never from the x you are given.
 * - inverseTransform(z) = z·std + mean.
 * MinMaxScaler(range = [0, 1])
 * - fit(x): store each column's min and max.
 * - transform(x) = (x − min) / (max − min) · (hi − lo) + lo;  inverseTransform undoes it.
 * Both:
 * - A constant column (max == min) gets scale 1, so it transforms to 0 (MinMax: to lo), never NaN.
 * - Throw when: transform/inverseTransform is called before fit; x has a different number of
 *   columns than the fit data; the fit data contains NaN.
 * - A single row is valid fit data (every column is then constant).
 * - fit again replaces the old statistics (free the old tensors); dispose() frees what you keep.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export class StandardScaler {
  fit(x: tf.Tensor2D): this {
    // TODO: validate x, then keep the per-column mean and (population) standard deviation.
    void tf;
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    // TODO: (x − mean) / std with the fitted statistics.
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  inverseTransform(x: tf.Tensor2D): tf.Tensor2D {
    // TODO: x·std + mean.
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  dispose(): void {
    // TODO: free the stored statistics.
    throw new Error('Not implemented: s3-feature-scaling');
  }
}

export class MinMaxScaler {
  constructor(range: [number, number] = [0, 1]) {
    // TODO: keep the target range.
    void range;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  fit(x: tf.Tensor2D): this {
    // TODO: validate x, then keep the per-column min and max − min.
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  transform(x: tf.Tensor2D): tf.Tensor2D {
    // TODO: (x − min) / (max − min) · (hi − lo) + lo.
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  inverseTransform(x: tf.Tensor2D): tf.Tensor2D {
    // TODO: undo transform.
    void x;
    throw new Error('Not implemented: s3-feature-scaling');
  }

  dispose(): void {
    // TODO: free the stored statistics.
    throw new Error('Not implemented: s3-feature-scaling');
  }
}
