// s3-classification-metrics — accuracy, precision, recall and F1, binary and multiclass.
//
// Rule level: P0 — plain TypeScript over number arrays; no tf.
//
// binaryMetrics(yTrue, yScore, threshold = 0.5)
//   • yTrue holds labels 0 or 1; yScore holds scores (e.g. probabilities), one per label.
//   • An example is predicted POSITIVE iff its score is strictly ABOVE the threshold:
//     score > threshold. A score exactly at the threshold is negative.
//   • Count tp, fp, tn, fn from those 0/1 predictions; then
//       accuracy = (tp + tn) / n,  precision = tp / (tp + fp),  recall = tp / (tp + fn),
//       f1 = 2·precision·recall / (precision + recall).
//     A ratio whose denominator is 0 is 0 (no predicted positives → precision 0; no actual
//     positives → recall 0; precision + recall = 0 → f1 0), never NaN.
//
// multiclassMetrics(yTrue, yPred, numClasses, average)
//   • Labels and predictions are class indices 0 … numClasses − 1.
//   • perClass[k]: precision (correct / predicted as k), recall (correct / truly k), f1, and
//     support (how many examples are truly k). Zero denominators give 0, as above.
//   • average 'macro': the plain mean over all numClasses classes (a class that never occurs
//     counts with 0); 'weighted': the mean weighted by support; 'micro': pool all decisions.
//     precision, recall and f1 are each averaged this way: f1 is the average of the per-class F1
//     scores, not the F1 of the averaged precision and recall.
//   • accuracy is the fraction of correct predictions, whatever the average.
//
// Both throw an Error for empty arrays, arrays of different lengths, a NaN score, a binary label
// other than 0 or 1, a class index outside 0 … numClasses − 1 (or not an integer), and an
// unknown `average`. Never modify the arrays you are given.

export interface BinaryMetrics { accuracy: number; precision: number; recall: number; f1: number; tp: number; fp: number; tn: number; fn: number }

export interface ClassMetrics { precision: number; recall: number; f1: number; support: number }

export interface MulticlassMetrics { accuracy: number; precision: number; recall: number; f1: number; perClass: ClassMetrics[] }

export function binaryMetrics(yTrue: number[], yScore: number[], threshold = 0.5): BinaryMetrics {
  // TODO: validate, threshold the scores (> threshold), count tp/fp/tn/fn, then the four ratios.
  throw new Error('Not implemented: s3-classification-metrics');
}

export function multiclassMetrics(yTrue: number[], yPred: number[], numClasses: number, average: 'macro' | 'micro' | 'weighted'): MulticlassMetrics {
  // TODO: validate, count per class (correct, predicted, support), per-class metrics, then average.
  throw new Error('Not implemented: s3-classification-metrics');
}
