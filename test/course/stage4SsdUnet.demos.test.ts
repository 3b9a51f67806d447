// Pinned-seed invariants of the Stage 4 detection and segmentation demos (s4-ssd, s4-unet). Each
// demo runs the reference solution through the real grader worker; the assertions are the claims
// the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const lastOf = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Of<K> | undefined =>
  [...plots].reverse().find((p): p is Of<K> => p.kind === kind && (p as { chart?: string }).chart === chart);

describe('stage 4 detection and segmentation (s4-ssd, s4-unet): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-ssd: Σ f²·(#ratios + 1) anchors, every gt keeps an anchor at any threshold, min(⌊3·#pos⌋, #neg) hard negatives, exact round trip', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-ssd');
    console.log(`      ${Date.now() - t0} ms ${JSON.stringify(s)}`);
    assert.equal(num(s, 'numAnchors'), 336);
    assert.equal(num(s, 'numAnchors'), num(s, 'expectedAnchors'));
    assert.ok(num(s, 'numGt') >= 2, 'an image with several objects');
    assert.equal(s.everyGtMatched, true);
    assert.ok(num(s, 'minPositivesPerGt') >= 1);
    assert.ok(num(s, 'gtBelowThreshold') >= 1, 'a small gt has no anchor with IoU ≥ 0.5 and is still matched');
    assert.ok(num(s, 'gtBelowThresholdAt07') >= 1);
    assert.equal(s.hardNegativesIsMin, true);
    assert.ok(num(s, 'maxRoundTrip') < 1e-5);
    const a = lastOf(plots, 'anchors', 'ssdAnchors');
    assert.ok(a && a.views.length === 3 && a.views.every((v) => v.grid && v.rects.some((r) => r.role === 'anchor')));
    const mt = lastOf(plots, 'anchors', 'ssdMatching');
    assert.ok(mt && mt.views[0].rects.filter((r) => r.role === 'positive').length === num(s, 'numPositive'));
    assert.equal(mt.views[1].rects.filter((r) => r.role === 'hard-negative').length, num(s, 'numHardNegatives'));
    const c = lastOf(plots, 'lines', 'ssdCounts');
    assert.ok(c && c.xLabel && c.yLabel && c.series.length === num(s, 'numGt'));
  });

  it('s4-unet: the U-Net learns clear masks in seconds and beats the same network without skip connections', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-unet');
    console.log(`      ${Date.now() - t0} ms ${JSON.stringify(s)}`);
    assert.equal(num(s, 'params'), 7397);
    assert.ok(num(s, 'diceUNet') > 0.85, `Dice ${s.diceUNet}`);
    assert.ok(num(s, 'diceUNet') > num(s, 'diceBefore') + 0.3);
    assert.equal(s.skipsHelp, true, JSON.stringify(s));
    assert.ok(num(s, 'iouShapes') > 0.75);
    assert.ok(num(s, 'diceUNet') > num(s, 'diceNoSkips') + 0.2, 'a clear gap');
    const masks = lastOf(plots, 'masks', 'unetMasks');
    assert.ok(masks && masks.kinds.join() === 'image,true,pred,ablation' && masks.rows.length === 4 && masks.step === num(s, 'steps'));
    assert.ok(plots.filter((p) => p.kind === 'masks').length >= 3, 'the masks refresh during training');
    const dice = plots.filter((p): p is Of<'epoch'> => p.kind === 'epoch' && p.chart === 'unetDice');
    assert.ok(dice.length >= 3 && dice.every((d) => d.xLabel && d.yLabel && Object.keys(d.values).length === 2));
  });
});
