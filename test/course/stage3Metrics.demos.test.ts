// Pinned-seed invariants of the Stage 3 metrics demos (classification metrics, confusion matrix).
// Each demo runs the reference solution through the real grader worker; the assertions are the
// claims the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const last = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Of<K> | undefined =>
  [...plots].reverse().find((p): p is Of<K> => p.kind === kind && p.chart === chart);

describe('stage 3 metrics (classification metrics, confusion matrix): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(3);

  it('s3-classification-metrics: the accuracy paradox, P/R/F1 against the threshold, the PR curve, macro ≠ weighted', async () => {
    const { summary: s, plots } = await runDemo('s3-classification-metrics');
    // 95/5 data: always "negative" is 95% accurate and finds nothing.
    assert.equal(num(s, 'positives'), 100);
    assert.equal(num(s, 'alwaysNegativeAccuracy'), 0.95);
    assert.equal(num(s, 'alwaysNegativeRecall'), 0);
    assert.equal(num(s, 'alwaysNegativeF1'), 0);
    assert.equal(s.accuracyParadox, true);
    assert.equal(s.usefulClassifierLessAccurate, true, `the real scores at 0.5 find most positives yet score lower accuracy: ${s.accuracyAt05} (recall ${s.recallAt05})`);
    assert.equal(s.recallFallsWithThreshold, true, 'raising the threshold never raises recall');
    assert.equal(s.precisionLowerWhenRare, true, 'the same scores give lower precision when positives are rare');
    assert.ok(num(s, 'bestF1') >= num(s, 'f1At05'), 'the best threshold is at least as good as 0.5');
    assert.equal(s.microF1IsAccuracy, true);
    assert.equal(s.macroDiffersFromWeighted, true, `macro ${s.shapesMacroF1} vs weighted ${s.shapesWeightedF1}`);
    assert.ok(num(s, 'shapesAccuracy') > 0.5, `the shapes MLP learns something: accuracy ${s.shapesAccuracy}`);

    const sweep = last(plots, 'lines', 'thresholdSweep');
    assert.ok(sweep, 'the threshold sweep is drawn');
    assert.deepEqual(sweep.series.map((x) => x.name), ['precision', 'recall', 'F1']);
    assert.match(sweep.xLabel ?? '', /threshold/);
    assert.ok(sweep.yLabel);
    const pr = last(plots, 'lines', 'prCurve');
    assert.ok(pr && pr.xLabel === 'recall' && pr.yLabel === 'precision', 'PR curve: recall on x, precision on y');
    assert.equal(pr.series.length, 2);
    const paradox = last(plots, 'bars', 'paradox');
    assert.ok(paradox && paradox.series[0].values[0] === 0.95 && paradox.series[0].values[2] === 0, 'the paradox card shows 95% accuracy and recall 0');
    assert.ok(plots.some((p) => p.kind === 'note' && p.chart === 'paradox' && /95\.0% accuracy with recall 0/.test(p.text)), 'the paradox is stated in words');
    const perClass = last(plots, 'bars', 'shapesPerClass');
    assert.ok(perClass && perClass.labels.length === 4 && perClass.series.length === 3);
  });

  it('s3-confusion-matrix: the MLP\'s confusion matrix with images per cell; total n, trace/n = accuracy, rows sum to 1', async () => {
    const { summary: s, plots } = await runDemo('s3-confusion-matrix');
    assert.equal(s.totalEqualsN, true);
    assert.equal(s.traceOverNIsAccuracy, true);
    assert.equal(s.rowsSumToOne, true);
    assert.equal(num(s, 'traceOverN'), num(s, 'testAccuracy'));
    assert.ok(num(s, 'testAccuracy') > 0.5 && num(s, 'testAccuracy') < 1, `an MLP that learns but still confuses: ${s.testAccuracy}`);
    assert.ok(num(s, 'mostConfusedCount') > 0);
    assert.ok(plots.some((p) => p.kind === 'lines' && p.chart === 'mlpTraining' && p.xLabel === 'epoch'));
    const cm = last(plots, 'confusion', 'confusion');
    assert.ok(cm, 'the confusion panel is drawn');
    const n = num(s, 'testImages');
    assert.deepEqual(cm.labels, ['circle', 'square', 'triangle', 'star']);
    assert.equal(cm.counts.flat().reduce((a, b) => a + b, 0), n);
    assert.equal(cm.yLabel, 'true class');
    assert.equal(cm.xLabel, 'predicted class');
    assert.ok(cm.normalized && cm.normalized.length === 4);
    assert.deepEqual(cm.imageSize, [16, 16]);
    // Every non-empty cell has its images, up to 12, each 16×16 in [0, 1].
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const cell: { images: number[][] } | undefined = cm.examples?.find((x) => x.row === r && x.col === c);
        const count: number = cm.counts[r][c];
        assert.equal(cell?.images.length ?? 0, Math.min(12, count), `cell [${r}][${c}]`);
        for (const img of cell?.images ?? []) assert.ok(img.length === 256 && img.every((v: number) => v >= 0 && v <= 1));
      }
    }
  });
});
