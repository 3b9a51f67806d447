/**
 * s5-positional-encoding — the sinusoidal positional encoding of "Attention Is All You Need".
 * Reference solution (plain TypeScript, one tf.tensor2d at the end).
 */
import * as tf from '@tensorflow/tfjs';

export function sinusoidalPositionalEncoding(maxLen: number, dModel: number): tf.Tensor2D {
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new Error(`maxLen must be a whole number ≥ 1, got ${maxLen}`);
  if (!Number.isInteger(dModel) || dModel < 1) throw new Error(`dModel must be a whole number ≥ 1, got ${dModel}`);
  const rows: number[][] = [];
  for (let pos = 0; pos < maxLen; pos++) {
    const row = new Array<number>(dModel);
    for (let j = 0; j < dModel; j++) {
      // Columns 2i and 2i + 1 share one frequency 1/10000^(2i/d): sin in the even one, cos in the
      // odd one. With an odd dModel the last column is a sin without its cos partner.
      const i2 = j - (j % 2);
      const angle = pos / Math.pow(10000, i2 / dModel);
      row[j] = j % 2 === 0 && j !== dModel - 1 ? Math.sin(angle) : Math.cos(angle);
    }
    rows.push(row);
  }
  return tf.tensor2d(rows, [maxLen, dModel]);
}
