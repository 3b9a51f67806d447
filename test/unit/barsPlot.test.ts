// The bars panel's stops (src/webview/plot/bars.ts): a control switches between precomputed results
// (s5-gpt's next-character bars at each temperature / top-k). The DOM (`select.bars-control[data-chart]`)
// is exercised in a real browser by the UI test.
import assert from 'node:assert/strict';
import type { BarsPlot } from '../../src/protocol/plots';
import { barsStop } from '../../src/webview/plot/bars';

const plot: BarsPlot = {
  kind: 'bars', chart: 'nextToken', labels: ['a', 'b'], series: [{ name: 'p', values: [0.6, 0.4] }], caption: 'default',
  stops: [
    { label: 'T = 0.5', labels: ['a', 'b'], series: [{ name: 'p', values: [0.7, 0.3] }], caption: 'sharper' },
    { label: 'T = 2', labels: ['a', 'b'], series: [{ name: 'p', values: [0.55, 0.45] }] },
  ],
};

describe('bars plot component (stops)', () => {
  it('shows the chosen stop, and the event\'s own bars without a stop', () => {
    assert.deepEqual(barsStop(plot, 0).series[0].values, [0.7, 0.3]);
    assert.equal(barsStop(plot, 0).caption, 'sharper');
    assert.equal(barsStop(plot, 1).label, 'T = 2');
    assert.deepEqual(barsStop(plot, undefined).series[0].values, [0.6, 0.4]);
    assert.equal(barsStop(plot, 5).caption, 'default');
  });
});
