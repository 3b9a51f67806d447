/**
 * s5-positional-encoding — the sinusoidal positional encoding.
 *
 * Rule level P0: compute the numbers with plain TypeScript loops and Math; the only tf call is
 * the tf.tensor2d that returns them.
 *
 * sinusoidalPositionalEncoding(maxLen, dModel) → [maxLen, dModel], row p is position p (0-based):
 *   PE[p, 2i]     = sin(p / 10000^(2i / dModel))
 *   PE[p, 2i + 1] = cos(p / 10000^(2i / dModel))
 * Columns 2i and 2i + 1 share one frequency. With an odd dModel the last column is a sin (its
 * cos partner would be column dModel, which does not exist).
 * Throw unless maxLen and dModel are whole numbers ≥ 1.
 */
import * as tf from '@tensorflow/tfjs';

export function sinusoidalPositionalEncoding(maxLen: number, dModel: number): tf.Tensor2D {
  // TODO: fill rows[p][j] with the formula above, then return tf.tensor2d(rows, [maxLen, dModel]).
  void tf; void maxLen; void dModel;
  throw new Error('Not implemented: s5-positional-encoding');
}
