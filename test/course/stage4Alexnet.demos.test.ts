// Pinned-seed invariants of the s4-alexnet demo: LRN with α as given against α divided by the
// window (PyTorch), and the learner's toy AlexNet learning colour shapes.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

describe('stage 4 AlexNet (s4-alexnet): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-alexnet: LRN shrinks every value and differs from the PyTorch convention; the toy AlexNet (24 708 parameters) learns', async () => {
    const { summary: s, plots } = await runDemo('s4-alexnet');
    console.log('      summary', JSON.stringify(s));
    assert.equal(num(s, 'params'), 24708);
    assert.equal(s.lrnShrinksEveryValue, true);
    assert.equal(s.lrnDividedDiffers, true);
    assert.ok(num(s, 'testAccuracyAfter') > num(s, 'testAccuracyBefore') + 0.2, `learns: ${s.testAccuracyBefore} → ${s.testAccuracyAfter}`);
    const lrn = plots.find((p): p is Extract<PlotEvent, { kind: 'lines' }> => p.kind === 'lines' && p.chart === 'alexLrn');
    assert.ok(lrn && lrn.series.length === 3 && lrn.xLabel && lrn.yLabel);
    const table = plots.find((p): p is Extract<PlotEvent, { kind: 'table' }> => p.kind === 'table' && p.chart === 'alexLayers');
    assert.ok(table && table.rows.length === 12);
    assert.equal(plots.filter((p) => p.kind === 'epoch' && p.chart === 'alexLoss').length, num(s, 'epochs'));
  });
});
