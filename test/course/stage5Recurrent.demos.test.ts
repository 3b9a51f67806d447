// Pinned-seed invariants of the Stage 5 recurrent demos (s5-rnn, s5-lstm). Each demo runs the
// reference solution through the real grader worker; the assertions are the claims the lessons make.
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 5 recurrent networks (s5-rnn, s5-lstm): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-rnn: gradients vanish at spectral radius 0.5 and explode at 1.5; hidden states stay in (−1, 1)', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s5-rnn');
    console.log('      ', Date.now() - t0, 'ms', JSON.stringify(s));
    assert.equal(s.vanishesAtRadius05, true);
    assert.equal(s.explodesAtRadius15, true);
    assert.equal(s.radius1StaysWithin10x, true);
    assert.equal(s.hiddenStatesInMinus1To1, true);
    assert.ok(num(s, 'gradRatioRadius05') < num(s, 'gradRatioRadius1') && num(s, 'gradRatioRadius1') < num(s, 'gradRatioRadius15'));
    const g = plots.find((p) => p.kind === 'lines' && p.chart === 'gradNorms');
    assert.ok(g && g.kind === 'lines' && g.series.length === 3 && g.xLabel === 'time step t' && g.yLabel === '‖∂L/∂h_t‖ (log scale)' && g.logY);
    const hm = plots.find((p) => p.kind === 'matrix' && p.chart === 'hiddenStates');
    assert.ok(hm && hm.kind === 'matrix' && hm.values.length === 13 && hm.values.every((r) => r.length === 40) && hm.xLabel && hm.yLabel);
  });
  it('s5-lstm: the LSTM remembers the first of 20 tokens where the RNN does not; its output depends on the first input', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s5-lstm');
    console.log('      ', Date.now() - t0, 'ms', JSON.stringify(s));
    assert.equal(s.lstmRemembers, true);
    assert.equal(s.lstmBeatsRnn, true);
    assert.equal(s.lstmLooksAtFirstToken, true);
    assert.ok(num(s, 'lstmLoss') < num(s, 'rnnLoss'));
    for (const chart of ['firstTokenLoss', 'firstTokenAccuracy']) {
      const pts = plots.filter((p) => p.kind === 'epoch' && p.chart === chart);
      assert.ok(pts.length >= 10 && pts.every((p) => p.kind === 'epoch' && p.xLabel && p.yLabel && Object.keys(p.values).length === 2), chart);
    }
    const reach = plots.find((p) => p.kind === 'lines' && p.chart === 'gradientReach');
    assert.ok(reach && reach.kind === 'lines' && reach.series.length === 2 && reach.xLabel === 'time step t' && reach.logY);
    for (const chart of ['forgetGate', 'cellState']) {
      const hm = plots.find((p) => p.kind === 'matrix' && p.chart === chart);
      assert.ok(hm && hm.kind === 'matrix' && hm.values.length === 12 && hm.values.every((r) => r.length === 20) && hm.xLabel && hm.yLabel, chart);
    }
  });
});
