/**
 * Checks for s3-classification-metrics (P0). References come from the judge's own tf:
 * tf.metrics.binaryAccuracy / precision / recall on THRESHOLDED 0/1 predictions (on scores,
 * tf.metrics.precision returns 0), and tf.math.confusionMatrix plus the formulas for multiclass.
 * Graded data puts scores exactly at the threshold (positive iff score > threshold).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-classification-metrics');
type Avg = 'macro' | 'micro' | 'weighted';

const BIN_FIELDS = ['accuracy', 'precision', 'recall', 'f1', 'tp', 'fp', 'tn', 'fn'] as const;
type BinRef = Record<(typeof BIN_FIELDS)[number], number>;

// ---------- references (the judge's tf) ----------

/** tf.metrics on 0/1 predictions thresholded with `>` (tf.metrics.binaryAccuracy's own rule at 0.5). */
export function tfBinary(yTrue: number[], yScore: number[], threshold = 0.5): BinRef {
  return tf.tidy(() => {
    const t = tf.tensor1d(yTrue);
    const s = tf.tensor1d(yScore);
    const pred = tf.cast(tf.greater(s, threshold), 'float32');
    // At the default threshold tf.metrics.binaryAccuracy thresholds the scores itself.
    const accuracy = (threshold === 0.5 ? tf.metrics.binaryAccuracy(t, s) : tf.metrics.binaryAccuracy(t, pred)).dataSync()[0];
    const precision = tf.metrics.precision(t, pred).dataSync()[0];
    const recall = tf.metrics.recall(t, pred).dataSync()[0];
    const count = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b)).dataSync()[0];
    const notT = tf.sub(1, t), notP = tf.sub(1, pred);
    return {
      accuracy, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      tp: count(t, pred), fp: count(notT, pred), tn: count(notT, notP), fn: count(t, notP),
    };
  });
}

/** Counts with another rule for "positive", to name the mistakes. */
function countsWith(yTrue: number[], yScore: number[], positive: (s: number) => boolean): number[] {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  yTrue.forEach((t, i) => { if (positive(yScore[i])) { if (t === 1) tp++; else fp++; } else if (t === 1) fn++; else tn++; });
  return [tp, fp, tn, fn];
}

/** Every field, in BIN_FIELDS order, with another rule for "positive". */
function allFieldsWith(yTrue: number[], yScore: number[], positive: (s: number) => boolean): number[] {
  const [tp, fp, tn, fn] = countsWith(yTrue, yScore, positive);
  const p = ratio(tp, tp + fp), r = ratio(tp, tp + fn);
  return [(tp + tn) / yTrue.length, p, r, f1Of(p, r), tp, fp, tn, fn];
}

interface ClassRef { precision: number; recall: number; f1: number; support: number }
interface MultiRef { accuracy: number; perClass: ClassRef[]; macro: number[]; weighted: number[]; micro: number[] }

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** tf.math.confusionMatrix (rows true, columns predicted), then the scikit-learn formulas. */
export function tfMulticlass(yTrue: number[], yPred: number[], k: number): MultiRef {
  const cm = tf.tidy(() => tf.math.confusionMatrix(tf.tensor1d(yTrue, 'int32'), tf.tensor1d(yPred, 'int32'), k).arraySync() as number[][]);
  const n = yTrue.length;
  const perClass = cm.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((s, r) => s + r[c], 0);
    const precision = ratio(cm[c][c], predicted), recall = ratio(cm[c][c], support);
    return { precision, recall, f1: f1Of(precision, recall), support };
  });
  const accuracy = cm.reduce((s, r, c) => s + r[c], 0) / n;
  const fields = ['precision', 'recall', 'f1'] as const;
  return {
    accuracy, perClass,
    macro: fields.map((f) => mean(perClass.map((c) => c[f]))),
    weighted: fields.map((f) => perClass.reduce((s, c) => s + c[f] * c.support, 0) / n),
    micro: [accuracy, accuracy, accuracy],
  };
}

// ---------- reading the learner's result ----------

function fieldsOf(got: unknown, fields: readonly string[], call: string): number[] {
  if (got === undefined) fail(`${call} returned undefined — did you forget to \`return\` the object?`);
  if (typeof got !== 'object' || got === null) fail(`${call} should return an object with ${fields.join(', ')}; got ${String(got)}`);
  const o = got as Record<string, unknown>;
  const missing = fields.filter((f) => typeof o[f] !== 'number');
  if (missing.length) fail(`${call}: the result needs numeric fields ${fields.join(', ')}; ${missing.map((f) => `${f} is ${o[f] === undefined ? 'missing' : typeof o[f]}`).join(', ')}`);
  return fields.map((f) => o[f] as number);
}

const show = (a: number[]) => `[${a.join(', ')}]`;
const binCall = (t: number[], s: number[], th?: number) => `binaryMetrics(${show(t)}, ${show(s)}${th === undefined ? '' : `, ${th}`})`;
const multiCall = (t: number[], p: number[], k: number, avg: Avg) => `multiclassMetrics(${show(t)}, ${show(p)}, ${k}, '${avg}')`;

function expectBinary(m: M, yTrue: number[], yScore: number[], threshold: number | undefined, fields: readonly (typeof BIN_FIELDS)[number][], mistakes: Mistake[] = []): void {
  const call = binCall(yTrue, yScore, threshold);
  const got = fieldsOf(threshold === undefined ? m.binaryMetrics(yTrue, yScore) : m.binaryMetrics(yTrue, yScore, threshold), fields, call);
  const ref = tfBinary(yTrue, yScore, threshold);
  expectTensorClose(got, fields.map((f) => ref[f]), { name: `${call} → [${fields.join(', ')}]`, atol: 1e-6, rtol: 1e-5, mistakes: [
    ...mistakes,
    { when: (g) => g.some(Number.isNaN), message: 'NaN from 0/0: a ratio whose denominator is 0 is 0 (tf.metrics.precision/recall return 0), never NaN', hintKey: 'zero-division' },
  ] });
}

// ---------- fixed data that tells the mistakes apart ----------

// Three scores sit exactly at 0.5: with ">=" they turn positive and every count changes.
const T1 = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0];
const S1 = [0.9, 0.5, 0.5, 0.7, 0.2, 0.8, 0.3, 0.5, 0.6, 0.1];
// Custom threshold 0.3, with two scores exactly at 0.3.
const T2 = [1, 0, 1, 1, 0, 0, 1, 0];
const S2 = [0.3, 0.35, 0.1, 0.6, 0.3, 0.25, 0.45, 0.05];
// Scores far from 0/1, so precision on probabilities (Σ y·s / Σ s) differs from the thresholded one.
const T3 = [1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0];
const S3 = [0.95, 0.62, 0.55, 0.4, 0.3, 0.7, 0.1, 0.8, 0.45, 0.2, 0.51, 0.05];

// Multiclass: class 0 dominates, class 3 never occurs (4 classes), per-class precision ≠ recall: macro,
// weighted, micro, "F1 of the averages" and "mean over present classes" all differ.
const MT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
const MP = [0, 0, 0, 0, 0, 1, 1, 2, 1, 0, 0, 2, 2];
const MK = 4;

function softPR(yTrue: number[], yScore: number[]): number[] {
  const ys = yTrue.reduce((s, t, i) => s + t * yScore[i], 0);
  return [ratio(ys, yScore.reduce((a, b) => a + b, 0)), ratio(ys, yTrue.reduce((a, b) => a + b, 0))];
}

/** The learner's multiclass result: [accuracy, precision, recall, f1] and the per-class table. */
function multiOf(m: M, yTrue: number[], yPred: number[], k: number, avg: Avg): { call: string; avg: number[]; perClass: number[][] } {
  const call = multiCall(yTrue, yPred, k, avg);
  const got = m.multiclassMetrics(yTrue, yPred, k, avg);
  const top = fieldsOf(got, ['accuracy', 'precision', 'recall', 'f1'], call);
  const pc = (got as { perClass?: unknown }).perClass;
  if (!Array.isArray(pc)) fail(`${call}: perClass must be an array with one entry per class (${k}); got ${String(pc)}`);
  if (pc.length !== k) fail(`${call}: perClass has ${pc.length} entries, expected one per class: ${k}${pc.length < k ? ' (classes that never occur still get an entry, with zeros)' : ''}`);
  return { call, avg: top, perClass: pc.map((c, i) => fieldsOf(c, ['precision', 'recall', 'f1', 'support'], `${call}.perClass[${i}]`)) };
}

function expectAverage(m: M, yTrue: number[], yPred: number[], k: number, avg: Avg, mistakes: (ref: MultiRef) => Mistake[] = () => []): void {
  const ref = tfMulticlass(yTrue, yPred, k);
  const got = multiOf(m, yTrue, yPred, k, avg);
  expectTensorClose(got.avg, [ref.accuracy, ...ref[avg]], { name: `${got.call} → [accuracy, precision, recall, f1]`, atol: 1e-9, rtol: 1e-9, mistakes: mistakes(ref) });
}

const K = 3; // ids of the averages' fields in [accuracy, precision, recall, f1]

export default defineChecks<M>({
  checks: [
    {
      id: 'binary-counts', name: 'tp, fp, tn, fn with scores exactly at the threshold 0.5 (positive iff score > 0.5)', fn: 'binaryMetrics',
      run(m) {
        expectBinary(m, T1, S1, undefined, ['tp', 'fp', 'tn', 'fn'], [
          { when: countsWith(T1, S1, (s) => s >= 0.5), message: 'use > threshold, not >= threshold: the three scores exactly at 0.5 must count as negative', hintKey: 'strict-threshold' },
          { when: countsWith(T1, S1, (s) => s >= 0.5).map((_, i, a) => [a[0], a[3], a[2], a[1]][i]), message: 'fp and fn swapped (and a score at the threshold counted as positive)' },
          { when: (() => { const [tp, fp, tn, fn] = countsWith(T1, S1, (s) => s > 0.5); return [tp, fn, tn, fp]; })(), message: 'fp and fn swapped: a false positive is predicted 1 but truly 0; a false negative is predicted 0 but truly 1', hintKey: 'binary-counts' },
        ]);
      },
    },
    {
      id: 'binary-accuracy', name: 'accuracy matches tf.metrics.binaryAccuracy', fn: 'binaryMetrics',
      run(m) {
        expectBinary(m, T1, S1, undefined, ['accuracy'], [
          { when: (countsWith(T1, S1, (s) => s >= 0.5)[0] + countsWith(T1, S1, (s) => s >= 0.5)[2]) / T1.length, message: 'use > threshold, not >= threshold: a score exactly at 0.5 is negative', hintKey: 'strict-threshold' },
        ]);
        expectBinary(m, T3, S3, undefined, ['accuracy']);
      },
    },
    {
      id: 'binary-precision-recall', name: 'precision and recall match tf.metrics.precision / recall on the thresholded 0/1 predictions', fn: 'binaryMetrics',
      run(m) {
        for (const [t, s] of [[T3, S3], [T1, S1]]) {
          const [sp, sr] = softPR(t, s);
          const ref = tfBinary(t, s);
          expectBinary(m, t, s, undefined, ['precision', 'recall'], [
            { when: [sp, sr], message: 'precision computed on probabilities, not thresholded predictions: Σ y·score / Σ score is not a count. Turn each score into 0/1 (score > threshold) first', hintKey: 'thresholded' },
            { when: [sp, ref.recall], message: 'precision computed on probabilities, not thresholded predictions: turn each score into 0/1 (score > threshold) first', hintKey: 'thresholded' },
            { when: [ref.recall, ref.precision], message: 'precision and recall swapped: precision = tp / (tp + fp) (of those PREDICTED positive), recall = tp / (tp + fn) (of those truly positive)', hintKey: 'precision-recall-swapped' },
          ]);
        }
      },
    },
    {
      id: 'binary-f1', name: 'F1 is the harmonic mean of precision and recall', fn: 'binaryMetrics',
      run(m) {
        for (const [t, s] of [[T3, S3], [T1, S1]]) {
          const r = tfBinary(t, s);
          expectBinary(m, t, s, undefined, ['f1'], [
            { when: (r.precision + r.recall) / 2, message: 'F1 is the harmonic mean 2PR/(P + R), not the arithmetic mean (P + R)/2', hintKey: 'f1-harmonic' },
            { when: r.precision * r.recall, message: 'F1 is 2PR/(P + R): the product P·R alone is missing the factor 2 and the division', hintKey: 'f1-harmonic' },
          ]);
        }
      },
    },
    {
      id: 'binary-threshold', name: 'the threshold argument is used (0.3, with scores exactly at 0.3); the default is 0.5', fn: 'binaryMetrics',
      run(m) {
        expectBinary(m, T2, S2, 0.3, ['tp', 'fp', 'tn', 'fn'], [
          { when: countsWith(T2, S2, (s) => s > 0.5), message: 'the threshold argument is ignored: with threshold 0.3 a score of 0.35 or 0.45 is positive', hintKey: 'binary-threshold' },
          { when: countsWith(T2, S2, (s) => s >= 0.3), message: 'use > threshold, not >= threshold: the two scores exactly at 0.3 must count as negative', hintKey: 'strict-threshold' },
        ]);
        expectBinary(m, T2, S2, 0.3, [...BIN_FIELDS]);
        expectBinary(m, T2, S2, 0.5, [...BIN_FIELDS]);
        expectBinary(m, T2, S2, 0.05, [...BIN_FIELDS]);
      },
    },
    {
      id: 'binary-zero-division', name: 'no predicted positives → precision 0; no actual positives → recall 0; all correct → 1s (never NaN)', fn: 'binaryMetrics',
      run(m) {
        // tf.metrics.precision/recall return 0 on 0/0, and F1 of P = R = 0 is 0.
        expectBinary(m, [1, 0, 1, 0], [0.1, 0.2, 0.5, 0.4], undefined, [...BIN_FIELDS]); // nothing predicted positive
        expectBinary(m, [0, 0, 0], [0.9, 0.2, 0.6], undefined, [...BIN_FIELDS]); // no actual positives
        expectBinary(m, [0, 0], [0.1, 0.2], undefined, [...BIN_FIELDS]); // neither: accuracy 1, the rest 0
        expectBinary(m, [1, 0, 1, 0], [0.9, 0.1, 0.8, 0.5], undefined, [...BIN_FIELDS]); // all correct
        expectBinary(m, [1], [0.7], undefined, [...BIN_FIELDS]); // a single example
      },
    },
    {
      id: 'binary-random', name: 'every field matches tf on random data of this grade (a quarter of the scores exactly at the threshold)', fn: 'binaryMetrics',
      run(m) {
        const rng = gradeRng();
        // Rounded like the scores (0.2 + 0.07 is 0.26999999999999996, below the score 0.27): every score
        // then compares with the threshold the same way in float64 (the learner) and float32 (tf).
        for (const threshold of [0.5, Math.round(20 + rng() * 60) / 100]) {
          const { yTrue, yScore } = randomBinary(rng, threshold);
          expectBinary(m, yTrue, yScore, threshold, [...BIN_FIELDS], [
            { when: allFieldsWith(yTrue, yScore, (s) => s >= threshold), message: `use > threshold, not >= threshold: the scores exactly at ${threshold} must count as negative`, hintKey: 'strict-threshold' },
          ]);
          const got = fieldsOf(m.binaryMetrics(yTrue, yScore, threshold), ['tp', 'fp', 'tn', 'fn'], binCall(yTrue, yScore, threshold));
          const total = got.reduce((a, b) => a + b, 0);
          if (total !== yTrue.length) fail(`tp + fp + tn + fn = ${total}, but there are ${yTrue.length} examples: every example is counted exactly once`);
        }
      },
    },
    {
      id: 'multiclass-per-class', name: 'perClass precision, recall, F1 and support match tf.math.confusionMatrix (4 classes, one never occurs)', fn: 'multiclassMetrics',
      run(m) {
        const ref = tfMulticlass(MT, MP, MK);
        const got = multiOf(m, MT, MP, MK, 'macro');
        const want = ref.perClass.map((c) => [c.precision, c.recall, c.f1, c.support]);
        const predictedCount = (k: number) => MP.filter((p) => p === k).length;
        expectTensorClose(got.perClass, want, { name: `${got.call}.perClass → [precision, recall, f1, support] per class`, atol: 1e-9, rtol: 1e-9, mistakes: [
          { when: want.map(([p, r, f, s]) => [r, p, f, s]), message: 'precision and recall swapped: precision divides by how many were PREDICTED as the class (a column of the confusion matrix), recall by how many truly are (a row)', hintKey: 'precision-recall-swapped' },
          { when: want.map(([p, r, f], k) => [p, r, f, predictedCount(k)]), message: 'support counts the predictions of each class; it must count the examples that truly belong to it', hintKey: 'support' },
          { when: (g) => g.some(Number.isNaN), message: 'NaN from 0/0: a class that is never predicted (or never occurs) gets precision/recall 0, not NaN', hintKey: 'zero-division' },
        ] });
      },
    },
    {
      id: 'multiclass-macro', name: "'macro' averages the per-class scores over all classes, F1 included (scikit-learn)", fn: 'multiclassMetrics',
      run(m) {
        for (const [t, p, k] of [[MT, MP, 3], [MT, MP, MK]] as const) {
          expectAverage(m, [...t], [...p], k, 'macro', (ref) => {
            const present = ref.perClass.filter((c, i) => c.support > 0 || p.includes(i));
            const [mp, mr] = ref.macro;
            return [
              { when: [ref.accuracy, mp, mr, f1Of(mp, mr)], message: 'macro F1 computed from macro precision and recall instead of averaging per-class F1: average the per-class F1 scores', hintKey: 'macro-f1' },
              { when: [ref.accuracy, ...(['precision', 'recall', 'f1'] as const).map((f) => mean(present.map((c) => c[f])))], message: `averaged over the classes that occur only: absent classes count as 0 in the macro mean (divide by numClasses = ${k})`, hintKey: 'macro-absent' },
              { when: [ref.accuracy, ...ref.weighted], message: "'macro' weighted by support: macro gives every class the same weight", hintKey: 'multiclass-macro' },
            ];
          });
        }
      },
    },
    {
      id: 'multiclass-weighted', name: "'weighted' averages the per-class scores weighted by support", fn: 'multiclassMetrics',
      run(m) {
        const predicted = (k: number) => MP.filter((p) => p === k).length;
        expectAverage(m, MT, MP, MK, 'weighted', (ref) => [
          { when: [ref.accuracy, ...ref.macro], message: "weighted average ignores support: each class's score must be weighted by its support (how many examples truly belong to it)", hintKey: 'weighted-support' },
          { when: [ref.accuracy, ...(['precision', 'recall', 'f1'] as const).map((f) => ref.perClass.reduce((s, c, i) => s + c[f] * predicted(i), 0) / MT.length)], message: 'weighted by how often each class is PREDICTED: the weights are the supports (how many truly belong to each class)', hintKey: 'weighted-support' },
          { when: (() => { const [wp, wr] = ref.weighted; return [ref.accuracy, wp, wr, f1Of(wp, wr)]; })(), message: 'weighted F1 computed from weighted precision and recall: average the per-class F1 scores, weighted by support', hintKey: 'macro-f1' },
        ]);
      },
    },
    {
      id: 'multiclass-micro', name: "'micro' pools every decision: precision = recall = F1 = accuracy", fn: 'multiclassMetrics',
      run(m) {
        expectAverage(m, MT, MP, MK, 'micro', (ref) => [
          { when: [ref.accuracy, ...ref.macro], message: "'micro' computed like 'macro': micro averaging pools every decision (Σ correct / Σ predicted), which for single-label classes is the accuracy", hintKey: 'micro' },
          { when: [ref.accuracy, ...ref.weighted], message: "'micro' computed like 'weighted': micro averaging pools every decision, which for single-label classes is the accuracy", hintKey: 'micro' },
        ]);
      },
    },
    {
      id: 'multiclass-random', name: 'every average matches the reference on random imbalanced data of this grade; micro-F1 = accuracy', fn: 'multiclassMetrics',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 3; round++) {
          const k = 2 + Math.floor(rng() * 4);
          const { yTrue, yPred } = randomMulticlass(rng, k, 30 + Math.floor(rng() * 30));
          for (const avg of ['macro', 'weighted', 'micro'] as const) expectAverage(m, yTrue, yPred, k, avg);
          const micro = multiOf(m, yTrue, yPred, k, 'micro').avg;
          if (Math.abs(micro[K] - micro[0]) > 1e-9) fail(`${multiCall(yTrue, yPred, k, 'micro')}: micro-F1 ${micro[K]} differs from the accuracy ${micro[0]}; for single-label classes they are equal`);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'binaryMetrics',
      calls: [
        { name: 'binaryMetrics', inputs: () => ({ yTrue: [...T1], yScore: [...S1] }), call: (m, i) => m.binaryMetrics(i.yTrue, i.yScore) },
        { name: 'binaryMetrics (threshold 0.3)', inputs: () => ({ yTrue: [...T2], yScore: [...S2] }), call: (m, i) => m.binaryMetrics(i.yTrue, i.yScore, 0.3) },
        { name: 'multiclassMetrics', inputs: () => ({ yTrue: [...MT], yPred: [...MP] }), call: (m, i) => m.multiclassMetrics(i.yTrue, i.yPred, MK, 'weighted') },
      ],
      badInputs: [
        { name: 'binaryMetrics([], [])', call: (m) => m.binaryMetrics([], []), why: 'metrics of no examples are 0/0' },
        { name: 'binaryMetrics([1, 0, 1], [0.9, 0.2])', call: (m) => m.binaryMetrics([1, 0, 1], [0.9, 0.2]), why: 'labels and scores of different lengths are misaligned', mistake: 'lengths not compared' },
        { name: 'binaryMetrics([1, 0], [NaN, 0.2])', call: (m) => m.binaryMetrics([1, 0], [NaN, 0.2]), why: 'NaN > threshold is false, so a NaN score would silently count as negative', mistake: 'NaN score not rejected', hintKey: 'nan-score' },
        { name: 'binaryMetrics([1, 2, 0], [0.9, 0.8, 0.1])', call: (m) => m.binaryMetrics([1, 2, 0], [0.9, 0.8, 0.1]), why: 'binary labels are 0 or 1', mistake: 'labels not checked' },
        { name: 'binaryMetrics([1, -1], [0.9, 0.1])', call: (m) => m.binaryMetrics([1, -1], [0.9, 0.1]), why: 'binary labels are 0 or 1 (−1/1 labels must be converted first)', mistake: 'labels not checked' },
        { name: 'binaryMetrics([0.5, 1], [0.9, 0.1])', call: (m) => m.binaryMetrics([0.5, 1], [0.9, 0.1]), why: 'binary labels are 0 or 1', mistake: 'labels not checked' },
        { name: "multiclassMetrics([], [], 3, 'macro')", call: (m) => m.multiclassMetrics([], [], 3, 'macro'), why: 'metrics of no examples are 0/0' },
        { name: "multiclassMetrics([0, 1, 2], [0, 1], 3, 'macro')", call: (m) => m.multiclassMetrics([0, 1, 2], [0, 1], 3, 'macro'), why: 'labels and predictions of different lengths', mistake: 'lengths not compared' },
        { name: "multiclassMetrics([0, 3], [0, 1], 3, 'macro')", call: (m) => m.multiclassMetrics([0, 3], [0, 1], 3, 'macro'), why: 'class 3 does not exist when numClasses is 3', mistake: 'labels not checked' },
        { name: "multiclassMetrics([0, 1], [0, -1], 3, 'macro')", call: (m) => m.multiclassMetrics([0, 1], [0, -1], 3, 'macro'), why: 'a negative class index', mistake: 'labels not checked' },
        { name: "multiclassMetrics([0, 1.5], [0, 1], 3, 'macro')", call: (m) => m.multiclassMetrics([0, 1.5], [0, 1], 3, 'macro'), why: 'class indices are integers', mistake: 'labels not checked' },
        { name: "multiclassMetrics([0, 1], [0, 1], 2, 'median')", call: (m) => m.multiclassMetrics([0, 1], [0, 1], 2, 'median' as Avg), why: "average must be 'macro', 'micro' or 'weighted'" },
      ],
      names: { 'bad-inputs-throw': 'empty or mismatched arrays, NaN scores, labels outside {0, 1} or 0…numClasses − 1, and an unknown average throw' },
    }),
  ],
});

/** Random labels (about 35% positive) and scores, a quarter of them exactly at the threshold. */
function randomBinary(rng: Rng, threshold: number): { yTrue: number[]; yScore: number[] } {
  const n = 40 + Math.floor(rng() * 40);
  const yTrue = Array.from({ length: n }, () => (rng() < 0.35 ? 1 : 0));
  const yScore = yTrue.map((t) => {
    if (rng() < 0.25) return threshold;
    return Math.round(Math.min(1, Math.max(0, (t ? 0.62 : 0.38) + 0.3 * (rng() + rng() - 1))) * 100) / 100;
  });
  return { yTrue, yScore };
}

/** Imbalanced classes (class k has weight ∝ 2^−k) predicted right about 70% of the time. */
function randomMulticlass(rng: Rng, k: number, n: number): { yTrue: number[]; yPred: number[] } {
  const w = Array.from({ length: k }, (_, i) => 2 ** -i);
  const total = w.reduce((a, b) => a + b, 0);
  const draw = () => { let u = rng() * total; for (let i = 0; i < k; i++) { u -= w[i]; if (u < 0) return i; } return k - 1; };
  const yTrue = Array.from({ length: n }, draw);
  const yPred = yTrue.map((t) => (rng() < 0.7 ? t : Math.floor(rng() * k)));
  return { yTrue, yPred };
}
