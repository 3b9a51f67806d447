// The detections panel's pure parts (src/webview/plot/detections.ts): which boxes are kept at a
// slider stop and how each box is drawn. The SVG itself is exercised in a real browser.
import assert from 'node:assert/strict';
import type { DetectionsPlot } from '../../src/protocol/plots';
import { boxStatus, keptAt } from '../../src/webview/plot/detections';

const image = { width: 2, height: 2, channels: 1 as const, data: [0, 0, 0, 0] };
const boxes = [
  { box: [0, 0, 0.5, 0.5] as [number, number, number, number], label: 'circle', score: 0.9 },
  { box: [0.05, 0, 0.5, 0.5] as [number, number, number, number], label: 'circle', score: 0.8 },
  { box: [0.6, 0.6, 1, 1] as [number, number, number, number], label: 'square', score: 0.2 },
];

describe('detections plot component', () => {
  it('without NMS every box is kept', () => {
    const e: DetectionsPlot = { kind: 'detections', chart: 'd', panels: [{ image, boxes }] };
    assert.deepEqual([...keptAt(e, 0, 0, 0)], [0, 1, 2]);
    assert.equal(boxStatus(e, 0, 2, 0, 0), 'kept');
  });

  it('with NMS the stops pick the precomputed kept set; the rest are suppressed or below the score threshold', () => {
    const e: DetectionsPlot = {
      kind: 'detections', chart: 'd', panels: [{ image, boxes }],
      nms: { iouThresholds: [0.3, 0.9], scoreThresholds: [0, 0.5], kept: [[[[0, 2]], [[0]]], [[[0, 1, 2]], [[0, 1]]]] },
    };
    assert.deepEqual([...keptAt(e, 0, 0, 0)], [0, 2]);
    assert.equal(boxStatus(e, 0, 1, 0, 0), 'suppressed');
    assert.equal(boxStatus(e, 0, 2, 0, 1), 'below-score', 'score 0.2 ≤ 0.5');
    assert.equal(boxStatus(e, 0, 1, 1, 1), 'kept');
    assert.deepEqual([...keptAt(e, 0, 5, 5)], [], 'a stop outside the table keeps nothing');
  });
});
