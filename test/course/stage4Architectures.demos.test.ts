// Pinned-seed invariants of the Stage 4 architecture demos (residual blocks, Inception, the image
// classification capstone). Each demo runs the reference solution through the real grader worker;
// the assertions are the claims the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Lines = Extract<PlotEvent, { kind: 'lines' }>;
const lastLines = (plots: PlotEvent[], chart: string): Lines | undefined =>
  [...plots].reverse().find((p): p is Lines => p.kind === 'lines' && p.chart === chart);

describe('stage 4 architectures (s4-resnet, s4-inception, s4-image-classification-capstone): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-resnet: gradients stay even through residual blocks and the residual stack trains faster', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-resnet');
    console.log(`      ${Date.now() - t0} ms ${JSON.stringify(s)}`);
    assert.equal(s.residualGradientsMoreEven, true, JSON.stringify(s));
    assert.equal(s.residualTrainsFaster, true, JSON.stringify(s));
    const g = lastLines(plots, 'gradNormPerDepth');
    assert.ok(g && g.logY, 'gradient norms on a log scale');
    assert.equal(g.xLabel, 'depth (layer)');
    assert.equal(g.yLabel, '‖∂L/∂W‖, log scale');
    assert.equal(g.series.length, 2);
    assert.equal(g.series[0].x.length, num(s, 'convLayers'));
    const l = lastLines(plots, 'residualLoss');
    assert.ok(l && l.xLabel && l.yLabel && l.series.length === 2, 'two loss curves with labelled axes');
  });
});
