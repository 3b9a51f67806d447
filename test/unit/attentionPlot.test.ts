// The attention panel's pure parts (src/webview/plot/attention.ts): the shade of a weight, the
// read-out sentence and the strongest key per row. The DOM (`.attn-map`, `.attn-cell[data-q][data-k]`)
// is exercised in a real browser by the UI test.
import assert from 'node:assert/strict';
import type { AttentionPlot } from '../../src/protocol/plots';
import { attentionReadout, attentionShade, strongestKeys } from '../../src/webview/plot/attention';

const plot: AttentionPlot = {
  kind: 'attention', chart: 'attentionMap', keys: ['a', 'b', 'c'], queries: ['c', 'b', 'a'],
  weights: [[0.1, 0.1, 0.8], [0.2, 0.7, 0.1], [0.9, 0.05, 0.05]],
  xLabel: 'source token', yLabel: 'output token',
};

describe('attention plot component', () => {
  it('shades a weight by its value, clipped to [0, 1]; NaN is empty', () => {
    assert.equal(attentionShade(0.25), 0.25);
    assert.equal(attentionShade(1.5), 1);
    assert.equal(attentionShade(-0.1), 0);
    assert.equal(attentionShade(NaN), 0);
  });

  it('reads out a cell with both tokens, their positions and the weight', () => {
    assert.equal(attentionReadout(plot, 0, 2), 'output token 1 “c” → source token 3 “c”: weight 0.8');
    assert.equal(attentionReadout({ ...plot, xLabel: undefined, yLabel: undefined }, 2, 0), 'query (output token) 3 “a” → key (source token) 1 “a”: weight 0.9');
  });

  it('names the head in the read-out of a multi-head grid', () => {
    const heads: AttentionPlot = { ...plot, heads: [{ label: 'head 1: previous word', weights: plot.weights }, { label: 'head 2: next word', weights: [[0.5, 0.5, 0], [0, 0, 1], [1, 0, 0]] }] };
    assert.equal(attentionReadout(heads, 1, 2, 1), 'head 2: next word: output token 2 “b” → source token 3 “c”: weight 1');
    assert.equal(attentionReadout(heads, 0, 2), 'output token 1 “c” → source token 3 “c”: weight 0.8');
  });

  it('finds the strongest key of each row (the anti-diagonal of a reversal)', () => {
    assert.deepEqual(strongestKeys(plot.weights), [2, 1, 0]);
    assert.deepEqual(strongestKeys([[], [NaN, 0.5]]), [-1, 1]);
  });
});
