// The activations panel's pure part (src/webview/plot/activations.ts): thumbnails upscale small
// feature maps by a whole number (crisp pixels). The DOM (.act-grid[data-step], .act-layer[data-layer],
// canvas.act-map) is exercised in a real browser by the UI test.
import assert from 'node:assert/strict';
import { thumbScale } from '../../src/webview/plot/activations';

describe('activations plot component', () => {
  it('upscales maps by a whole number towards 44 px, never below 1×', () => {
    assert.equal(thumbScale(28, 28), 1);
    assert.equal(thumbScale(14, 14), 3);
    assert.equal(thumbScale(5, 5), 8);
    assert.equal(thumbScale(120, 1), 1);
    assert.equal(thumbScale(0, 0), 44);
  });
});
