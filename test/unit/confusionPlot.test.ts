// The confusion panel's pure parts (src/webview/plot/confusion.ts): the row-normalised fallback,
// the colour scale and the gallery caption. The DOM (clickable cells, the gallery) is exercised in a
// real browser by the UI test.
import assert from 'node:assert/strict';
import type { ConfusionPlot } from '../../src/protocol/plots';
import { cellCaption, cellScale, rowNormalize } from '../../src/webview/plot/confusion';

const plot: ConfusionPlot = {
  kind: 'confusion', chart: 'confusion', labels: ['circle', 'square', 'triangle'],
  counts: [[5, 2, 0], [0, 0, 0], [1, 7, 3]],
  imageSize: [2, 2],
  examples: [{ row: 2, col: 1, images: [[0, 1, 1, 0], [1, 0, 0, 1]] }],
};

describe('confusion plot component', () => {
  it('row-normalises with zeros for an empty row (never NaN)', () => {
    assert.deepEqual(rowNormalize(plot.counts), [[5 / 7, 2 / 7, 0], [0, 0, 0], [1 / 11, 7 / 11, 3 / 11]]);
  });

  it('scales correct cells against the largest diagonal, mistakes against the largest off-diagonal', () => {
    const s = cellScale(plot.counts);
    assert.equal(s(0, 0), 1);
    assert.equal(s(2, 2), 3 / 5);
    assert.equal(s(2, 1), 1);
    assert.equal(s(0, 1), 2 / 7);
    assert.equal(s(1, 1), 0);
    assert.equal(cellScale([[0, 0], [0, 0]])(0, 1), 0);
  });

  it('captions a cell with its classes and count: rows are true, columns predicted', () => {
    assert.equal(cellCaption(plot, 2, 1), 'true: triangle, predicted: square — 7 images (showing 2)');
    assert.equal(cellCaption(plot, 0, 1), 'true: circle, predicted: square — 2 images');
    assert.equal(cellCaption(plot, 1, 1), 'true: square, predicted: square — 0 images');
    assert.equal(cellCaption({ ...plot, counts: [[1, 0, 0], [0, 0, 0], [0, 0, 0]] }, 0, 0), 'true: circle, predicted: circle — 1 image');
  });
});
