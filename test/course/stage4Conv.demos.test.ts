// Pinned-seed invariants of the Stage 4 convolution and pooling demos. Each demo runs the reference
// solution through the real grader worker; the assertions are the claims the lessons make.
import { strict as assert } from 'node:assert';
import { useStage } from './harness';

describe('stage 4 convolution and pooling (s4-conv2d, s4-pooling): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-conv2d: the kernel slide matches the products, hand-set kernels behave as the lesson says', async () => {
    const { summary: s, plots } = await runDemo('s4-conv2d');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.slideSumsMatchOutputs, true);
    assert.equal(s.featureMapsShapeOk, true);
    assert.equal(s.impulseResponseIsTurnedKernel, true);
    assert.equal(s.sobelXSeesVerticalEdges, true);
    assert.equal(s.blurKeepsFlatImageFlat, true);
    assert.equal(s.laplacianZeroOnFlatImage, true);
    assert.equal(s.sameStride2OutputOf8, '4×4');
    assert.equal(s.kernelLargerThanInputGivesEmpty, true);
    const slide = plots.find((p) => p.kind === 'convSlide' && p.chart === 'convSlide');
    assert.ok(slide && slide.kind === 'convSlide');
    assert.equal(slide.input.values.length, 49);
    assert.equal(slide.output.values.length, slide.output.height * slide.output.width);
    assert.deepEqual([slide.output.height, slide.output.width, slide.padTop, slide.padLeft], [7, 7, 1, 1]);
    const maps = plots.find((p) => p.kind === 'images' && p.chart === 'featureMaps');
    assert.ok(maps && maps.kind === 'images' && maps.images.length === 10, 'two images × (input + four kernels)');
    for (const img of maps.images) assert.equal(img.data.length, img.width * img.height * img.channels);
  });

  it('s4-pooling: pooled maps, max pooling ignores a 1-px shift inside its windows, same-average stays flat', async () => {
    const { summary: s, plots } = await runDemo('s4-pooling');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.maxPoolHalvesSize, true);
    assert.equal(s.maxPoolIgnoresShiftInsideWindow, true);
    assert.equal(s.maxPoolMoreStableOnShapes, true);
    assert.equal(s.sameAverageOfFlatImageStaysFlat, true);
    assert.equal(s.windowLargerThanInputGivesEmpty, true);
    const pooled = plots.find((p) => p.kind === 'images' && p.chart === 'pooledMaps');
    assert.ok(pooled && pooled.kind === 'images' && pooled.images.length === 10);
    const inv = plots.find((p) => p.kind === 'images' && p.chart === 'shiftInvariance');
    assert.ok(inv && inv.kind === 'images' && inv.images.length === 4);
    const bars = plots.find((p) => p.kind === 'bars' && p.chart === 'shiftBars');
    assert.ok(bars && bars.kind === 'bars' && bars.labels.length === 5 && bars.series[0].values.every((v) => v >= 0 && v <= 1));
  });
});
