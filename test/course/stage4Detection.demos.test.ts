// Pinned-seed invariants of the Stage 4 detection demos (s4-iou-nms, s4-yolo). Each demo runs the
// reference solution through the real grader worker; the assertions are the claims the lesson makes.
import { strict as assert } from 'node:assert';
import { useStage } from './harness';

describe('stage 4 detection (s4-iou-nms): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-iou-nms: one kept box per object at IoU 0.5, thresholds behave, precomputed NMS for every slider stop', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-iou-nms');
    console.log('      ', Date.now() - t0, 'ms', JSON.stringify(s));
    assert.equal(s.everyObjectFoundOnce, true);
    assert.ok(Number(s.keptAtHalf) >= Number(s.objects) && Number(s.keptAtHalf) < Number(s.candidates) / 3, 'NMS at 0.5 keeps about one box per object');
    assert.equal(s.higherThresholdKeepsMore, true);
    assert.equal(s.scoreThresholdDropsFalseAlarms, true);
    assert.equal(s.keptSortedByScore, true);
    assert.equal(s.keptPairwiseBelowThreshold, true);
    assert.equal(s.iouMatrixSymmetric, true);
    assert.equal(s.iouMatrixDiagonalOne, true);
    const det = plots.find((p) => p.kind === 'detections' && p.chart === 'nmsBoxes');
    assert.ok(det && det.kind === 'detections' && det.nms);
    assert.equal(det.panels.length, 3);
    assert.equal(det.nms.kept.length, det.nms.iouThresholds.length);
    assert.equal(det.nms.kept[0].length, det.nms.scoreThresholds.length);
    for (const byScore of det.nms.kept) for (const byPanel of byScore) assert.equal(byPanel.length, det.panels.length);
    const mat = plots.find((p) => p.kind === 'matrix' && p.chart === 'iouMatrix');
    assert.ok(mat && mat.kind === 'matrix' && mat.values.length === det.panels[0].boxes.length);
  });
});

describe('stage 4 detection (s4-yolo): demo claims at pinned seeds', function () {
  this.timeout(300_000);
  const { runDemo } = useStage(4);

  it('s4-yolo: decode(encode) recovers the boxes, the loss falls, held-out objects are found', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s4-yolo');
    console.log('      ', Date.now() - t0, 'ms', JSON.stringify(s));
    assert.equal(s.decodeRecoversBoxes, true);
    assert.equal(s.lossFalls, true);
    assert.equal(s.valLossFalls, true);
    assert.ok(Number(s.objectnessCellAccuracy) >= 0.9, 'cells with and without objects told apart');
    assert.ok(Number(s.recallAtHalf) >= 0.5, 'at least half the held-out objects found (IoU ≥ 0.5, right class)');
    const grid = plots.find((p) => p.kind === 'detections' && p.chart === 'yoloGrid');
    assert.ok(grid && grid.kind === 'detections' && grid.panels.every((p) => p.grid && p.grid.size === 4 && p.grid.cells.length === (p.truth ?? []).length));
    const after = plots.filter((p) => p.kind === 'detections' && p.chart === 'yoloAfter');
    assert.ok(after.length >= 2, 'boxes at several points during training');
    const last = after[after.length - 1];
    assert.ok(last.kind === 'detections' && last.nms && last.nms.kept.length === last.nms.iouThresholds.length);
    assert.ok(plots.some((p) => p.kind === 'epoch' && p.chart === 'yoloLoss'));
  });
});
