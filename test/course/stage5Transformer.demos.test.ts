// Pinned-seed invariants of the Stage 5 Transformer demos (s5-multi-head-attention,
// s5-positional-encoding, s5-transformer-block). Each demo runs the reference solution through the
// real grader worker; the assertions are the claims the lessons make, computed by the demo from
// the solution's code.
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 5 transformer (s5-multi-head-attention, s5-positional-encoding, s5-transformer-block): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-multi-head-attention: four hand-set heads look at four different patterns; the step-through matches the weights', async () => {
    const { summary: s, plots } = await runDemo('s5-multi-head-attention');
    console.log('      ', JSON.stringify(s));
    for (const k of ['previousWordHead', 'nextWordHead', 'sameWordHead', 'firstTokenHead', 'rowsSumToOne', 'stepsMatchYourWeights']) assert.equal(s[k], true, k);
    const grid = plots.find((p) => p.kind === 'attention' && p.chart === 'headGrid');
    assert.ok(grid && grid.kind === 'attention' && grid.heads?.length === 4 && grid.keys.length === 8 && grid.xLabel && grid.yLabel);
    for (const h of grid.heads ?? []) assert.ok(h.label && h.weights.length === 8 && h.weights.every((r) => r.length === 8));
    const steps = plots.find((p) => p.kind === 'steps' && p.chart === 'headSteps');
    assert.ok(steps && steps.kind === 'steps' && steps.steps.length === 8);
    assert.deepEqual(steps.steps.map((x) => x.label).slice(2, 6), ['Q·Kᵀ', '÷ √3', 'mask', 'softmax']);
    for (const st of steps.steps) assert.ok(st.rowLabels.length === st.values.length && st.values.every((r) => r.length === st.colLabels.length), st.label);
    assert.ok(plots.some((p) => p.kind === 'table' && p.chart === 'headSummary'));
  });

  it('s5-positional-encoding: values in [−1, 1]; similarity depends only on the offset and is largest for neighbours', async () => {
    const { summary: s, plots } = await runDemo('s5-positional-encoding');
    console.log('      ', JSON.stringify(s));
    for (const k of ['valuesInMinusOneToOne', 'row0IsZeroOneZeroOne', 'similarityDependsOnOffsetOnly', 'nearestPositionIsANeighbour', 'similarityFallsOverFirstOffsets']) assert.equal(s[k], true, k);
    assert.ok(num(s, 'maxDifferenceBetweenStartingPositions') < 1e-4);
    const heat = plots.find((p) => p.kind === 'matrix' && p.chart === 'peHeatmap');
    assert.ok(heat && heat.kind === 'matrix' && heat.values.length === 50 && heat.values[0].length === 32 && heat.xLabel && heat.yLabel);
    const sim = plots.find((p) => p.kind === 'matrix' && p.chart === 'peSimilarity');
    assert.ok(sim && sim.kind === 'matrix' && sim.values.length === 50 && sim.values[0].length === 50 && sim.xLabel && sim.yLabel);
    const byOffset = plots.find((p) => p.kind === 'lines' && p.chart === 'peSimilarityByOffset');
    assert.ok(byOffset && byOffset.kind === 'lines' && byOffset.series.length === 4 && byOffset.xLabel && byOffset.yLabel);
  });

  it('s5-transformer-block: identity with the sublayers off, causal, permutation-equivariant; pre-norm grows the stream, post-norm keeps it at 1', async () => {
    const { summary: s, plots } = await runDemo('s5-transformer-block');
    console.log('      ', JSON.stringify(s));
    for (const k of ['identityWhenSublayersOff', 'causalPrefixUnchanged', 'permutationEquivariant', 'postNormStreamStaysNearOne', 'preNormStreamGrows']) assert.equal(s[k], true, k);
    assert.ok(Math.abs(num(s, 'ln1OutputRms') - 1) < 0.01);
    const g = plots.find((p) => p.kind === 'graph' && p.chart === 'blockDiagram');
    assert.ok(g && g.kind === 'graph' && g.nodes.length === 8 && g.nodes.every((n) => /\[\d+,\d+,\d+\]/.test(n.label) && n.data !== undefined) && g.edges.length === 9);
    const bars = plots.find((p) => p.kind === 'bars' && p.chart === 'sublayerNorms');
    assert.ok(bars && bars.kind === 'bars' && bars.labels.length === 7);
    const depth = plots.find((p) => p.kind === 'lines' && p.chart === 'depthNorms');
    assert.ok(depth && depth.kind === 'lines' && depth.series.length === 2 && depth.series.every((x) => x.x.length === 13) && depth.xLabel && depth.yLabel);
  });
});
