/**
 * Demo of s3-classification-metrics: the learner's binaryMetrics across thresholds on 95/5
 * imbalanced scores (precision, recall, F1 and the PR curve), the accuracy paradox of a classifier
 * that always says "negative", and the learner's multiclassMetrics on a small shapes MLP tested on
 * imbalanced classes (macro ≠ weighted).
 */
import { defineDemo, makeImbalanced } from 'dl-tutor/grading';
import { SHAPE_CLASSES, trainShapesMlp } from './shapesMlp';

type M = typeof import('../solutions/s3-classification-metrics');

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export default defineDemo<M>({
  async run(m, ctx) {
    // ---- 1. Threshold sweep on 2000 examples, 5% positive (scores from a decent ranker).
    const rare = makeImbalanced({ n: 2000, positiveRate: 0.05, separation: 3, seed: 11 });
    const balanced = makeImbalanced({ n: 2000, positiveRate: 0.5, separation: 3, seed: 12 });
    const thresholds = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
    const sweep = (d: { yTrue: number[]; yScore: number[] }) => thresholds.map((t) => m.binaryMetrics(d.yTrue, d.yScore, t));
    const sr = sweep(rare), sb = sweep(balanced);
    let best = 0;
    sr.forEach((r, i) => { if (r.f1 > sr[best].f1) best = i; });
    const at05 = sr[49];
    ctx.emit({
      kind: 'lines', chart: 'thresholdSweep', title: 'Precision, recall and F1 against the threshold (2000 examples, 5% positive)',
      xLabel: 'threshold (positive iff score > threshold)', yLabel: 'metric value (0–1)',
      series: [
        { name: 'precision', x: thresholds, y: sr.map((r) => r.precision) },
        { name: 'recall', x: thresholds, y: sr.map((r) => r.recall) },
        { name: 'F1', x: thresholds, y: sr.map((r) => r.f1) },
      ],
      markers: [{ x: thresholds[best], label: `best F1 ${sr[best].f1.toFixed(2)} at ${thresholds[best]}` }, { x: 0.5, label: 'default 0.5' }],
    });
    // Thresholds from high to low: recall grows along the curve. Where nothing is flagged precision
    // is 0/0 (reported as 0 by convention); the curve leaves those thresholds out.
    const pr = (s: typeof sr) => [...s].reverse().filter((r) => r.tp + r.fp > 0);
    ctx.emit({
      kind: 'lines', chart: 'prCurve', title: 'Precision–recall curve: same score quality, different class balance',
      xLabel: 'recall', yLabel: 'precision',
      series: [
        { name: '5% positive', x: pr(sr).map((r) => r.recall), y: pr(sr).map((r) => r.precision) },
        { name: '50% positive', x: pr(sb).map((r) => r.recall), y: pr(sb).map((r) => r.precision) },
      ],
    });

    // ---- 2. The accuracy paradox: always "negative" on 95/5 data.
    const never = m.binaryMetrics(rare.yTrue, rare.yTrue.map(() => 0));
    ctx.emit({
      kind: 'bars', chart: 'paradox', title: 'Accuracy paradox on 95/5 data',
      labels: ['accuracy', 'precision', 'recall', 'F1'],
      series: [
        { name: 'always "negative"', values: [never.accuracy, never.precision, never.recall, never.f1] },
        { name: 'scores > 0.5', values: [at05.accuracy, at05.precision, at05.recall, at05.f1] },
      ],
    });
    ctx.emit({ kind: 'note', chart: 'paradox', text: `Accuracy paradox: on data with 5% positives, a classifier that always says "negative" gets ${(100 * never.accuracy).toFixed(1)}% accuracy with recall ${never.recall} and F1 ${never.f1} — it never finds a single positive. The real scores at threshold 0.5 reach ${(100 * at05.accuracy).toFixed(1)}% accuracy with recall ${at05.recall.toFixed(2)}.` });

    // ---- 3. Multiclass: the shapes MLP on a test set where the classes are imbalanced.
    const run = trainShapesMlp(ctx.engine, 5);
    if (ctx.engine === 'cpu') ctx.emit({ kind: 'note', chart: 'shapesPerClass', text: `Sizes reduced for the pure-JS engine: ${run.trainSize} training images, ${run.hidden} hidden units, ${run.epochs} epochs.` });
    // Keep every circle, 1/2 of the squares, 1/4 of the triangles, 1/8 of the stars.
    const seen = [0, 0, 0, 0];
    const keep = run.testLabels.map((t) => seen[t]++ % 2 ** t === 0);
    const yTrue = run.testLabels.filter((_, i) => keep[i]);
    const yPred = run.testPred.filter((_, i) => keep[i]);
    const K = SHAPE_CLASSES.length;
    const macro = m.multiclassMetrics(yTrue, yPred, K, 'macro');
    const weighted = m.multiclassMetrics(yTrue, yPred, K, 'weighted');
    const micro = m.multiclassMetrics(yTrue, yPred, K, 'micro');
    ctx.emit({
      kind: 'bars', chart: 'shapesPerClass', title: `Shapes MLP per class (support ${macro.perClass.map((c) => c.support).join(' / ')}): macro F1 ${macro.f1.toFixed(3)}, weighted F1 ${weighted.f1.toFixed(3)}, micro F1 ${micro.f1.toFixed(3)}`,
      labels: SHAPE_CLASSES.map((s, i) => `${s} (${macro.perClass[i].support})`),
      series: (['precision', 'recall', 'f1'] as const).map((f) => ({ name: f === 'f1' ? 'F1' : f, values: macro.perClass.map((c) => c[f]) })),
    });

    return {
      positives: rare.yTrue.filter((t) => t === 1).length,
      alwaysNegativeAccuracy: never.accuracy,
      alwaysNegativeRecall: never.recall,
      alwaysNegativeF1: never.f1,
      accuracyParadox: never.accuracy >= 0.95 && never.recall === 0,
      usefulClassifierLessAccurate: at05.accuracy < never.accuracy && at05.recall > 0.5,
      accuracyAt05: round3(at05.accuracy),
      recallAt05: round3(at05.recall),
      bestF1Threshold: thresholds[best],
      bestF1: round3(sr[best].f1),
      f1At05: round3(at05.f1),
      recallFallsWithThreshold: sr.every((r, i) => i === 0 || r.recall <= sr[i - 1].recall),
      precisionLowerWhenRare: sr[49].precision < sb[49].precision,
      shapesMacroF1: round3(macro.f1),
      shapesWeightedF1: round3(weighted.f1),
      shapesMicroF1: round3(micro.f1),
      shapesAccuracy: round3(macro.accuracy),
      microF1IsAccuracy: Math.abs(micro.f1 - micro.accuracy) < 1e-12,
      macroDiffersFromWeighted: Math.abs(macro.f1 - weighted.f1) > 1e-3,
    };
  },
});
