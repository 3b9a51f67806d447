// Pinned-seed invariants of the Stage 3 data-handling demos (feature scaling, one-hot encoding,
// augmentation). Each demo runs the reference solution through the real grader worker; the
// assertions are the claims the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 3 data handling (feature scaling, one-hot, augmentation): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(3);

  it('s3-feature-scaling: standardised features converge in a few steps; raw ones crawl', async () => {
    const { summary: s, plots } = await runDemo('s3-feature-scaling');
    console.log('      ', JSON.stringify(s));
    assert.ok(num(s, 'conditionNumberRaw') > 1e5, `raw features are ill-conditioned: ${s.conditionNumberRaw}`);
    assert.ok(num(s, 'conditionNumberStandardized') < 2, `standardised features are round: ${s.conditionNumberStandardized}`);
    assert.equal(s.standardizedConvergesFaster, true);
    assert.equal(s.rawReachesNearOptimum, false);
    assert.ok(num(s, 'stepsToNearOptimumStandardized') >= 0 && num(s, 'stepsToNearOptimumStandardized') < 20);
    assert.equal(s.testSetNotZeroMean, true);
    for (const chart of ['contourRaw', 'contourStandardized']) assert.ok(plots.some((p) => p.kind === 'contour' && p.chart === chart && p.paths[0].points.length === 101));
    const conv = plots.find((p) => p.kind === 'lines' && p.chart === 'convergence');
    assert.ok(conv && conv.kind === 'lines' && conv.xLabel && conv.yLabel && conv.series.length === 2);
  });

  it('s3-one-hot: label encoding imposes an order on colours; one-hot recovers each colour\'s effect', async () => {
    const { summary: s, plots } = await runDemo('s3-one-hot');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.vocabulary, '<unk>, blue, green, red, yellow');
    assert.equal(s.oneHotFitsBetter, true);
    assert.equal(s.labelEncodingMisordersColours, true);
    assert.equal(s.oneHotRecoversColourEffects, true);
    assert.ok(num(s, 'mseLabelEncoded') > 1.5 * num(s, 'mseOneHot'), `label encoding fits clearly worse: ${JSON.stringify(s)}`);
    const oh = plots.find((p) => p.kind === 'matrix' && p.chart === 'oneHot');
    assert.ok(oh && oh.kind === 'matrix' && oh.values.every((r) => r.length === 5 && r.reduce((a, b) => a + b, 0) === 1), 'one 1 per row of the one-hot view');
    const bars = plots.find((p) => p.kind === 'bars' && p.chart === 'colourEffects');
    assert.ok(bars && bars.kind === 'bars' && bars.series.length === 3 && bars.labels.length === 4);
  });

  it('s3-augmentation: a gallery with boxes; augmentation makes the MLP robust to quarter turns', async () => {
    const { summary: s, plots } = await runDemo('s3-augmentation');
    console.log('      ', JSON.stringify(s));
    const gallery = plots.find((p) => p.kind === 'images' && p.chart === 'gallery');
    assert.ok(gallery && gallery.kind === 'images' && gallery.images.length === 16, 'two images × eight views');
    for (const img of gallery.images) {
      assert.equal(img.data.length, img.width * img.height * img.channels);
      for (const b of img.boxes ?? []) assert.ok(b.box.every((v) => v >= 0 && v <= 1) && b.box[0] <= b.box[2] && b.box[1] <= b.box[3], `box ${b.box} in [0, 1] with x1 ≤ x2, y1 ≤ y2`);
    }
    assert.ok(gallery.images.filter((i) => (i.boxes ?? []).length > 0).length === 12, 'the box-aware views carry boxes');
    assert.equal(s.augmentationHelpsOnRotated, true);
    assert.equal(s.unaugmentedDropsOnRotated, true);
    assert.ok(num(s, 'uprightAccuracyWithoutAugmentation') > 0.7, `the MLP learns upright shapes: ${JSON.stringify(s)}`);
    const bars = plots.find((p) => p.kind === 'bars' && p.chart === 'robustness');
    assert.ok(bars && bars.kind === 'bars' && bars.series.length === 2 && bars.labels.length === 2);
  });
});
