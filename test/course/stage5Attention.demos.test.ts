// Pinned-seed invariants of the Stage 5 attention demos (s5-attention, s5-seq2seq-attention).
// Each demo runs the reference solution through the real grader worker; the assertions are the
// claims the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 5 attention (s5-attention, s5-seq2seq-attention): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-attention: related words attend to each other; the causal mask zeroes the future; unscaled scores saturate', async () => {
    const { summary: s, plots } = await runDemo('s5-attention');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.itAttendsToCat, true);
    assert.equal(s.causalNothingAboveDiagonal, true);
    assert.equal(s.rowsSumToOne, true);
    assert.equal(s.fullyMaskedRowIsUniform, true);
    assert.equal(s.unscaledSaturatesAsDkGrows, true);
    for (const chart of ['attentionWeights', 'causalWeights']) {
      const p = plots.find((x) => x.kind === 'attention' && x.chart === chart);
      assert.ok(p && p.kind === 'attention' && p.keys.length === 8 && p.queries.length === 8 && p.xLabel && p.yLabel, chart);
    }
    const sh = plots.find((p) => p.kind === 'lines' && p.chart === 'sharpness');
    assert.ok(sh && sh.kind === 'lines' && sh.series.length === 2 && sh.xLabel && sh.yLabel);
  });

  it('s5-seq2seq-attention: the attention map is anti-diagonal on reversal; attention beats the bottleneck on long sequences', async () => {
    const { summary: s, plots } = await runDemo('s5-seq2seq-attention');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.attentionLooksAtTheMirroredPosition, true);
    assert.equal(s.attentionBeatsBaselineOnLongest, true);
    assert.equal(s.baselineDegradesWithLength, true);
    assert.ok(num(s, 'antiDiagonalWeight') > 0.5);
    assert.ok(num(s, 'accuracyWithAttentionAtLength10') > 0.75, `attention reverses long sequences: ${JSON.stringify(s)}`);
    const map = plots.find((p) => p.kind === 'attention' && p.chart === 'attentionMap');
    assert.ok(map && map.kind === 'attention' && map.keys.length === 8 && map.queries.length === 8 && map.weights.length === 8 && map.xLabel && map.yLabel);
    for (const row of map.weights) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'each row of the map sums to 1');
    const acc = plots.find((p) => p.kind === 'lines' && p.chart === 'accuracyByLength');
    assert.ok(acc && acc.kind === 'lines' && acc.series.length === 2 && acc.xLabel && acc.yLabel && acc.series.every((x) => x.x.length === 4));
    assert.ok(plots.some((p) => p.kind === 'epoch' && p.chart === 'trainingLoss' && p.xLabel && p.yLabel));
  });
});
