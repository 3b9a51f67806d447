// Pinned-seed invariants of the Stage 2 demos on generalization (bias-variance, over/under-fitting, early
// stopping, model complexity). Each demo runs the reference solution through the real grader
// worker; the assertions are the claims the lessons make, computed by the demo from the
// solution's code (nothing here is a recorded number).
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

describe('stage 2 generalization (bias–variance, fitting, early stopping, complexity): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(2);

  it('s2-bias-variance: bias² falls and variance rises with the degree; the error is U-shaped', async () => {
    const { summary: s, plots } = await runDemo('s2-bias-variance');
    assert.ok(num(s, 'bias2Degree1') > num(s, 'bias2Degree3') && num(s, 'bias2Degree3') > num(s, 'bias2Degree9'), `bias² should fall: ${JSON.stringify(s)}`);
    assert.ok(num(s, 'varianceDegree1') < num(s, 'varianceDegree3') && num(s, 'varianceDegree3') < num(s, 'varianceDegree9'), `variance should rise: ${JSON.stringify(s)}`);
    assert.equal(s.uShaped, true);
    const best = num(s, 'bestDegree');
    assert.ok(best > 1 && best < 9, `the best degree should be in the middle, got ${best}`);
    for (const d of [1, 3, 9]) {
      const fan = plots.find((p) => p.kind === 'lines' && p.chart === `fansDegree${d}`);
      assert.ok(fan && fan.kind === 'lines' && fan.series.length === 21, `degree ${d}: a fan of 20 fits plus the true curve`);
    }
    const bars = plots.find((p) => p.kind === 'bars' && p.chart === 'decomposition');
    assert.ok(bars && bars.kind === 'bars' && bars.stacked === true && bars.series.map((x) => x.name).join() === 'bias²,variance,noise');
    assert.ok(plots.some((p) => p.kind === 'lines' && p.chart === 'uCurve'));
  });

  it('s2-over-under-fitting: degree 1 underfits, degree 12 has the largest train/val gap', async () => {
    const { summary: s, plots } = await runDemo('s2-over-under-fitting');
    assert.ok(num(s, 'meanGapDegree12') > num(s, 'meanGapDegree3') && num(s, 'meanGapDegree12') > num(s, 'meanGapDegree1'), `degree 12 should have the largest gap: ${JSON.stringify(s)}`);
    assert.equal(s.degree12HasLargestGap, true);
    assert.equal(s.regimeDegree1, 'underfitting');
    assert.equal(s.regimeDegree3, 'good fit');
    assert.equal(s.regimeDegree12, 'overfitting');
    const notes = plots.filter((p): p is Extract<PlotEvent, { kind: 'note' }> => p.kind === 'note').map((p) => p.text);
    assert.ok(notes.includes('degree 1: underfitting — both errors high'), `the panel names the regime: ${JSON.stringify(notes)}`);
    assert.ok(notes.some((t) => t.startsWith('degree 12: overfitting')), `the panel names the regime: ${JSON.stringify(notes)}`);
    for (const d of [1, 3, 12]) assert.ok(plots.some((p) => p.kind === 'lines' && p.chart === `learningCurveDegree${d}`));
  });

  it('s2-early-stopping: the test loss at the stop is no worse than after all 400 epochs', async () => {
    const { summary: s, plots } = await runDemo('s2-early-stopping');
    assert.equal(s.stopped, true, 'early stopping should fire within 400 epochs');
    assert.ok(num(s, 'testLossAtStop') <= num(s, 'testLossAtEnd'), `test loss at the stop ${s.testLossAtStop} vs at the end ${s.testLossAtEnd}`);
    assert.ok(num(s, 'testLossAtBest') <= num(s, 'testLossAtEnd'));
    assert.equal(num(s, 'stopEpoch') - num(s, 'bestEpoch'), num(s, 'patience'), 'the stop comes exactly `patience` epochs after the last improvement');
    assert.ok(num(s, 'finalTrainLoss') < num(s, 'minValLoss'), 'the network ends up memorising its training set');
    const last = [...plots].reverse().find((p) => p.kind === 'lines' && p.chart === 'validation');
    assert.ok(last && last.kind === 'lines' && (last.markers ?? []).length === 2, 'best-epoch and stop markers are drawn');
    assert.ok(last.series.some((x) => x.name.startsWith('patience window')));
  });

  it('s2-model-complexity: width 128 without L2 overfits worse than with L2', async () => {
    const { summary: s, plots } = await runDemo('s2-model-complexity');
    assert.ok(num(s, 'valWidth128NoL2') > num(s, 'valWidth128L2'), `width 128: λ = 0 → ${s.valWidth128NoL2}, λ = 1e-3 → ${s.valWidth128L2}`);
    assert.equal(s.l2HelpsWidth128, true);
    assert.ok(num(s, 'selectedLambda') > 0, 'the selected model is regularised');
    const grid = [...plots].reverse().find((p) => p.kind === 'matrix' && p.chart === 'complexityGrid');
    assert.ok(grid && grid.kind === 'matrix' && grid.values.length === grid.rowLabels.length && grid.values.every((r) => r.length === grid.colLabels.length));
  });
});
