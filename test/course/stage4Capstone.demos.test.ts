// Pinned-seed invariants of the s4-image-classification-capstone demo: the learner's capstone
// trains on the graded task within its budget, streams the loss of every step its own training
// computes, and reaches a medal; the result table, confusion matrix, misclassified images and the
// per-class accuracy follow.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const all = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Array<Of<K>> =>
  plots.filter((p): p is Of<K> => p.kind === kind && p.chart === chart);

describe('stage 4 capstone (s4-image-classification-capstone): demo claims at pinned seeds', function () {
  this.timeout(240_000);
  const { runDemo } = useStage(4);

  it('s4-image-classification-capstone: trains within the budget to a medal, streams every step, shows the confusion matrix and the mistakes', async () => {
    const { summary: s, plots } = await runDemo('s4-image-classification-capstone');
    console.log('      summary', JSON.stringify(s));
    assert.equal(s.withinBudget, true);
    assert.equal(num(s, 'steps'), 400, 'the reference uses the whole budget');
    assert.ok(num(s, 'testAccuracy') >= 0.9, `the reference reaches silver on rotated shapes: ${s.testAccuracy}`);
    assert.equal(s.passes, true);
    assert.ok(num(s, 'parameters') < 50_000);

    const loss = all(plots, 'epoch', 'capstoneLoss');
    assert.equal(loss.length, 400, 'one point per training step');
    assert.ok(loss.every((e, i) => e.epoch === i + 1 && e.xLabel === 'training step' && e.yLabel));
    const first = loss.slice(0, 20).reduce((a, e) => a + e.values['batch loss'], 0) / 20;
    const last = loss.slice(-20).reduce((a, e) => a + e.values['batch loss'], 0) / 20;
    assert.ok(last < first / 3, `the loss falls: ${first.toFixed(3)} → ${last.toFixed(3)}`);

    const table = all(plots, 'table', 'result').pop();
    assert.ok(table && /silver|gold/.test(table.title ?? ''), table?.title);
    const conf = all(plots, 'confusion', 'capstoneConfusion').pop();
    assert.ok(conf);
    assert.equal(conf.counts.flat().reduce((a, b) => a + b, 0), 512);
    const diag = conf.counts.reduce((a, row, i) => a + row[i], 0) / 512;
    assert.ok(Math.abs(diag - num(s, 'testAccuracy')) < 2e-3, 'the matrix and the accuracy agree');
    const wrong = all(plots, 'images', 'mistakes').pop();
    assert.ok(wrong && wrong.images.length === Math.min(24, 512 - conf.counts.reduce((a, row, i) => a + row[i], 0)));
    assert.ok(wrong.images.every((im) => / → /.test(im.caption ?? '')));
    const bars = all(plots, 'bars', 'perClass').pop();
    assert.ok(bars && bars.labels.length === 6 && bars.series[0].values.every((v) => v >= 0 && v <= 1));
  });
});
