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

  it('s4-inception: the 1×1 reductions save parameters, more so on wider inputs; branch maps for one image', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-inception');
    console.log(`      ${Date.now() - t0} ms ${JSON.stringify(s)}`);
    assert.equal(num(s, 'naive192'), 387296, 'GoogLeNet 3a, naive');
    assert.equal(num(s, 'withReduction192'), 163696, 'GoogLeNet 3a, with reductions');
    assert.equal(s.savingsGrowWithWidth, true);
    assert.equal(s.reducedLargerAt32, true, 'a reduce wider than the input costs parameters');
    assert.equal(s.lossFell, true);
    const maps = [...plots].reverse().find((p): p is Extract<PlotEvent, { kind: 'images' }> => p.kind === 'images' && p.chart === 'branchMaps');
    assert.ok(maps, 'branch feature maps');
    assert.equal(maps.images.length, 9, 'the input and two maps per branch');
    for (const b of ['1×1', '1×1 → 3×3', '1×1 → 5×5', 'max pool → 1×1']) assert.ok(maps.images.some((i) => i.caption?.startsWith(`${b} branch`)), b);
    const sav = lastLines(plots, 'bottleneckSavings');
    assert.ok(sav && sav.logY && sav.xLabel === 'input channels' && sav.yLabel, 'savings chart with labelled axes');
    const loss = lastLines(plots, 'inceptionLoss');
    assert.ok(loss && loss.xLabel && loss.yLabel);
  });
});
