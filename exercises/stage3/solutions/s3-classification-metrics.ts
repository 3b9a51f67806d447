// s3-classification-metrics — reference solution (P0: plain TypeScript, no tf).

export interface BinaryMetrics { accuracy: number; precision: number; recall: number; f1: number; tp: number; fp: number; tn: number; fn: number }

export interface ClassMetrics { precision: number; recall: number; f1: number; support: number }

export interface MulticlassMetrics { accuracy: number; precision: number; recall: number; f1: number; perClass: ClassMetrics[] }

/** a / b, or 0 when b is 0: the convention of tf.metrics.precision/recall and scikit-learn. */
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The harmonic mean of precision and recall; 0 when both are 0 (instead of 0/0). */
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function checkLengths(name: string, a: number[], b: number[]): void {
  if (!Array.isArray(a) || !Array.isArray(b)) throw new Error(`${name}: labels and predictions must be arrays`);
  // Metrics of nothing are 0/0; a length mismatch means the pairs are misaligned. Neither has an answer.
  if (a.length === 0) throw new Error(`${name}: no examples (empty arrays)`);
  if (a.length !== b.length) throw new Error(`${name}: ${a.length} labels but ${b.length} predictions`);
}

export function binaryMetrics(yTrue: number[], yScore: number[], threshold = 0.5): BinaryMetrics {
  checkLengths('binaryMetrics', yTrue, yScore);
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new Error(`binaryMetrics: threshold must be a number, got ${threshold}`);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i], s = yScore[i];
    if (t !== 0 && t !== 1) throw new Error(`binaryMetrics: yTrue[${i}] = ${t}, labels must be 0 or 1`);
    // NaN > threshold is false: without this test a NaN score would silently count as "negative".
    if (typeof s !== 'number' || Number.isNaN(s)) throw new Error(`binaryMetrics: yScore[${i}] is ${s}, not a number`);
    const predicted = s > threshold; // strictly above: a score AT the threshold is negative (as tf.metrics.binaryAccuracy)
    if (predicted) { if (t === 1) tp++; else fp++; } else if (t === 1) fn++; else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { accuracy: (tp + tn) / yTrue.length, precision, recall, f1: f1Of(precision, recall), tp, fp, tn, fn };
}

export function multiclassMetrics(yTrue: number[], yPred: number[], numClasses: number, average: 'macro' | 'micro' | 'weighted'): MulticlassMetrics {
  checkLengths('multiclassMetrics', yTrue, yPred);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`multiclassMetrics: numClasses must be a positive integer, got ${numClasses}`);
  if (average !== 'macro' && average !== 'micro' && average !== 'weighted') throw new Error(`multiclassMetrics: unknown average '${String(average)}'`);
  const tp = new Array<number>(numClasses).fill(0);
  const predicted = new Array<number>(numClasses).fill(0); // column sums of the confusion matrix
  const support = new Array<number>(numClasses).fill(0); // row sums: how many truly belong to the class
  const isLabel = (v: number) => Number.isInteger(v) && v >= 0 && v < numClasses;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i], p = yPred[i];
    if (!isLabel(t)) throw new Error(`multiclassMetrics: yTrue[${i}] = ${t} is not a class in 0…${numClasses - 1}`);
    if (!isLabel(p)) throw new Error(`multiclassMetrics: yPred[${i}] = ${p} is not a class in 0…${numClasses - 1}`);
    support[t]++;
    predicted[p]++;
    if (t === p) tp[t]++;
  }
  const n = yTrue.length;
  const perClass = tp.map((c, k) => {
    const precision = ratio(c, predicted[k]);
    const recall = ratio(c, support[k]);
    return { precision, recall, f1: f1Of(precision, recall), support: support[k] };
  });
  const correct = tp.reduce((a, b) => a + b, 0);
  const accuracy = correct / n;
  if (average === 'micro') {
    // Pool every decision: Σtp / Σpredicted = Σtp / Σsupport = Σtp / n. All three equal the accuracy.
    return { accuracy, precision: accuracy, recall: accuracy, f1: accuracy, perClass };
  }
  // macro: every class weighs the same, including classes that never occur (they count as 0);
  // weighted: each class weighs by its support (how many examples truly belong to it).
  const w = perClass.map((c) => (average === 'macro' ? 1 / numClasses : c.support / n));
  const avg = (key: 'precision' | 'recall' | 'f1') => perClass.reduce((s, c, k) => s + w[k] * c[key], 0);
  // F1 averages the per-class F1 scores: it is NOT the F1 of the averaged precision and recall.
  return { accuracy, precision: avg('precision'), recall: avg('recall'), f1: avg('f1'), perClass };
}
