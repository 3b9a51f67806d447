// s3-one-hot — mutant: an unk token that also appears in the tokens gets a second id.
import * as tf from '@tensorflow/tfjs';

export function oneHot(labels: number[], numClasses: number): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be an integer ≥ 1, got ${numClasses}`);
  const values = new Float32Array(labels.length * numClasses); // float32: what losses and matMul expect
  labels.forEach((label, i) => {
    // tf.oneHot would give an all-zero row here and hide the bad label: refuse it instead.
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`label ${label} at index ${i} is not an integer in 0…${numClasses - 1}`);
    }
    values[i * numClasses + label] = 1;
  });
  return tf.tensor2d(values, [labels.length, numClasses]);
}

export function argMaxDecode(probs: tf.Tensor2D): number[] {
  if (probs.rank !== 2) throw new Error(`argMaxDecode needs a [n, k] matrix, got shape [${probs.shape}]`);
  const [n, k] = probs.shape;
  const v = probs.dataSync(); // one read; indexing a tensor element by element would be slow
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    // Strict >: a tie keeps the first index, as tf.argMax does.
    for (let j = 1; j < k; j++) if (v[i * k + j] > v[i * k + best]) best = j;
    out.push(best);
  }
  return out;
}

export function buildVocab(tokens: string[], opts: { unk?: string } = {}): { toId: Map<string, number>; toToken: string[] } {
  const unk = opts.unk ?? '<unk>';
  // The default sort compares UTF-16 code units: 'Z' < 'a' and '10' < '9'. It is the same on every
  // machine, unlike localeCompare. unk is removed so it keeps id 0 and appears once.
  const toToken = [unk, ...[...new Set(tokens)].sort()];
  const toId = new Map(toToken.map((t, i) => [t, i] as [string, number]));
  return { toId, toToken };
}
