/**
 * Demo of s3-confusion-matrix: a small MLP learns to tell four shapes apart; the learner's
 * confusionMatrix and normalizeConfusion summarise its test predictions, and the panel shows the
 * images behind every cell.
 */
import { defineDemo } from 'dl-tutor/grading';
import { IMAGE_SIZE, SHAPE_CLASSES, trainShapesMlp } from './shapesMlp';

type M = typeof import('../solutions/s3-confusion-matrix');

/** Images per cell sent to the panel. */
const PER_CELL = 12;

export default defineDemo<M>({
  async run(m, ctx) {
    const run = trainShapesMlp(ctx.engine);
    if (ctx.engine === 'cpu') {
      ctx.emit({ kind: 'note', chart: 'mlpTraining', text: `Sizes reduced for the pure-JS engine: ${run.trainSize} training and ${run.testSize} test images, ${run.hidden} hidden units, ${run.epochs} epochs.` });
    }
    ctx.emit({
      kind: 'lines', chart: 'mlpTraining', title: `The classifier: MLP 256 → ${run.hidden} → 4 on 16×16 shapes`,
      xLabel: 'epoch', yLabel: 'training loss (cross-entropy)',
      series: [{ name: `training loss (${run.trainSize} images)`, x: run.losses.map((_, i) => i + 1), y: run.losses }],
    });
    const k = SHAPE_CLASSES.length;
    const { testLabels: yTrue, testPred: yPred } = run;
    // The learner's code from here on.
    const cm = m.confusionMatrix(yTrue, yPred, k);
    const norm = m.normalizeConfusion(cm, 'true');

    const D = IMAGE_SIZE * IMAGE_SIZE;
    const cells = new Map<string, { row: number; col: number; images: number[][] }>();
    yTrue.forEach((t, i) => {
      const key = `${t},${yPred[i]}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { row: t, col: yPred[i], images: [] }));
      // Two decimals are plenty for a 48-pixel thumbnail and keep the event small.
      if (c.images.length < PER_CELL) c.images.push(Array.from(run.testImages.subarray(i * D, (i + 1) * D), (v) => Math.round(v * 100) / 100));
    });

    const n = yTrue.length;
    const total = cm.flat().reduce((a, b) => a + b, 0);
    const trace = cm.reduce((s, r, i) => s + r[i], 0);
    const accuracy = yTrue.filter((t, i) => t === yPred[i]).length / n;
    let worst = { t: 0, p: 1, v: -1 };
    cm.forEach((r, t) => r.forEach((v, p) => { if (t !== p && v > worst.v) worst = { t, p, v }; }));
    const recalls = norm.map((r, i) => r[i]);
    const worstClass = recalls.indexOf(Math.min(...recalls));
    ctx.emit({
      kind: 'confusion', chart: 'confusion', title: `Confusion matrix of the MLP on ${n} test images`,
      labels: [...SHAPE_CLASSES], counts: cm, normalized: norm, imageSize: [IMAGE_SIZE, IMAGE_SIZE], examples: [...cells.values()],
      yLabel: 'true class', xLabel: 'predicted class',
      caption: `Accuracy ${(100 * accuracy).toFixed(1)}% (trace ${trace} / ${n}). Most frequent mistake: ${SHAPE_CLASSES[worst.t]} predicted as ${SHAPE_CLASSES[worst.p]} (${worst.v}×). Click a cell to see its images; "Row %" shows each class's recall on the diagonal.`,
    });
    return {
      testImages: n,
      testAccuracy: accuracy,
      traceOverN: trace / n,
      totalEqualsN: total === n,
      traceOverNIsAccuracy: Math.abs(trace / n - accuracy) < 1e-12,
      rowsSumToOne: norm.every((r, i) => (cm[i].some((v) => v > 0) ? Math.abs(r.reduce((a, b) => a + b, 0) - 1) < 1e-9 : r.every((v) => v === 0))),
      mostConfused: `${SHAPE_CLASSES[worst.t]} → ${SHAPE_CLASSES[worst.p]}`,
      mostConfusedCount: worst.v,
      lowestRecallClass: SHAPE_CLASSES[worstClass],
      lowestRecall: recalls[worstClass],
    };
  },
});
