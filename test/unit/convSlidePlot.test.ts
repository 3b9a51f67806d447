// The kernel-slide panel's pure parts (src/webview/plot/convSlide.ts): the window of an output cell
// with its padding, the sum check against the returned output, and the output-size calculator.
// The DOM (cells, step buttons) is exercised in a real browser by the UI test.
import assert from 'node:assert/strict';
import type { ConvSlidePlot } from '../../src/protocol/plots';
import { checkPosition, outputSize, windowTerms } from '../../src/webview/plot/convSlide';

// 4×4 input 0…15, a 2×2 kernel, 'same' stride 2: total padding 0 — and stride 1: 1 at the bottom/right.
const input = { height: 4, width: 4, values: Array.from({ length: 16 }, (_, i) => i) };
const kernel = { height: 2, width: 2, values: [1, 2, 3, 4] };
const plot = (output: number[], strides: [number, number], side: number): ConvSlidePlot => ({
  kind: 'convSlide', chart: 'convSlide', input, kernel, output: { height: side, width: side, values: output },
  strides, dilations: [1, 1], padTop: 0, padLeft: 0, padding: 'same',
});

describe('conv slide plot component', () => {
  it('lists the window products without flipping the kernel, padded cells as 0', () => {
    const e = plot(new Array(16).fill(0), [1, 1], 4);
    const t = windowTerms(e, 0, 0);
    assert.deepEqual(t.map((x) => x.product), [0 * 1, 1 * 2, 4 * 3, 5 * 4]);
    const corner = windowTerms(e, 3, 3);
    assert.deepEqual(corner.map((x) => x.inside), [true, false, false, false], 'the extra row and column are at the bottom/right');
    assert.equal(corner.reduce((a, x) => a + x.product, 0), 15);
  });

  it('flags an output that differs from the products\' sum', () => {
    const right = [0 * 1 + 1 * 2 + 4 * 3 + 5 * 4, 0, 0, 0];
    assert.equal(checkPosition(plot(right, [2, 2], 2), 0, 0).ok, true);
    assert.equal(checkPosition(plot([5 * 1 + 4 * 2 + 1 * 3 + 0, 0, 0, 0], [2, 2], 2), 0, 0).ok, false, 'a flipped kernel is flagged');
    assert.equal(checkPosition(plot([NaN, 0, 0, 0], [2, 2], 2), 0, 0).ok, false);
  });

  it('computes output sizes with tf\'s rules and shows the formula', () => {
    assert.equal(outputSize(8, 3, 2, 1, 'same').out, 4);
    assert.match(outputSize(8, 3, 2, 1, 'same').formula, /0 before, 1 after/);
    assert.equal(outputSize(7, 3, 1, 1, 'valid').out, 5);
    assert.equal(outputSize(9, 3, 1, 2, 'valid').out, 5);
    assert.equal(outputSize(5, 3, 1, 1, 1).out, 5);
    assert.equal(outputSize(3, 5, 1, 1, 'valid').out, 0);
    assert.match(outputSize(3, 5, 1, 1, 'valid').formula, /clamped to 0/);
    assert.ok(Number.isNaN(outputSize(5, 3, 0, 1, 'valid').out));
  });
});
