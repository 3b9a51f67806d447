// The layer-diagram panel's pure part (src/webview/plot/layers.ts): which flags a slider stop
// shows and the trainable-parameter readout. The DOM (.layer-box, input.layers-state) is exercised
// in a real browser by the UI test.
import assert from 'node:assert/strict';
import type { LayersPlot } from '../../src/protocol/plots';
import { stateAt } from '../../src/webview/plot/layers';

const layers = [
  { name: 'input', className: 'InputLayer', outputShape: [null, 24, 24, 1], params: 0, trainable: false },
  { name: 'conv1', className: 'Conv2D', outputShape: [null, 24, 24, 8], params: 80, trainable: false },
  { name: 'features', className: 'GlobalAveragePooling2D', outputShape: [null, 8], params: 0, trainable: false },
  { name: 'new_head', className: 'Dense', outputShape: [null, 3], params: 27, trainable: true },
];
const plot: LayersPlot = {
  kind: 'layers', chart: 'layerDiagram', layers, index: 3,
  states: Array.from({ length: 5 }, (_, i) => ({ label: `freezeUpTo(model, ${i})`, trainable: layers.map((_, j) => j >= i) })),
};

describe('layers plot component', () => {
  it('shows the flags of the chosen stop and counts the trainable parameters', () => {
    assert.deepEqual(stateAt(plot, 0).trainable, [true, true, true, true]);
    assert.equal(stateAt(plot, 0).trainableParams, 107);
    assert.equal(stateAt(plot, 3).trainableParams, 27);
    assert.equal(stateAt(plot, 3).readout, 'freezeUpTo(model, 3): 27 trainable parameters');
    assert.equal(stateAt(plot, 4).trainableParams, 0);
  });

  it('clamps the stop and falls back to the layers\' own flags without states', () => {
    assert.deepEqual(stateAt(plot, 99).trainable, [false, false, false, false]);
    const plain: LayersPlot = { kind: 'layers', chart: 'x', layers };
    assert.deepEqual(stateAt(plain, 2).trainable, [false, false, false, true]);
    assert.equal(stateAt(plain, 0).readout, '');
  });
});
