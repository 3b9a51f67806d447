// s3-confusion-matrix — the confusion matrix, and its normalised views.
//
// Rule level: P0 — plain TypeScript over number arrays; no tf.
//
// confusionMatrix(yTrue, yPred, numClasses) → number[][]  (numClasses × numClasses)
//   • ROWS are the TRUE class, COLUMNS the PREDICTED class: cm[t][p] counts the examples whose
//     true class is t and that were predicted as p. The diagonal holds the correct predictions.
//   • Labels are class indices 0 … numClasses − 1. Throw for a label outside that range, a
//     negative label, a non-integer label (tf.math.confusionMatrix silently drops or truncates
//     them), arrays of different lengths, and numClasses that is not a positive integer.
//   • No examples ([] and []) → the all-zero numClasses × numClasses matrix.
//
// normalizeConfusion(cm, by) → a NEW matrix of the same size (do not change cm)
//   • by 'true': divide each row by its sum (each row then sums to 1: the recall of each class
//     on the diagonal); 'pred': divide each column by its sum (precision on the diagonal);
//     'all': divide every cell by the total.
//   • A row (or column, or matrix) that sums to 0 becomes zeros, never NaN.
//   • Throw for an empty or ragged matrix, a negative or non-finite count, and an unknown `by`.

export function confusionMatrix(yTrue: number[], yPred: number[], numClasses: number): number[][] {
  // TODO: validate, then count cm[yTrue[i]][yPred[i]] += 1.
  throw new Error('Not implemented: s3-confusion-matrix');
}

export function normalizeConfusion(cm: number[][], by: 'true' | 'pred' | 'all'): number[][] {
  // TODO: validate, compute row / column / total sums, divide (0 where the sum is 0).
  throw new Error('Not implemented: s3-confusion-matrix');
}
