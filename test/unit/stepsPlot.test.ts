// The step-through panel's pure parts (src/webview/plot/steps.ts): cell text, shade and the
// position line. The DOM (`.steps-step[data-step]`, `.steps-cell`, `.steps-prev` / `.steps-next`)
// is exercised in a real browser by the UI test.
import assert from 'node:assert/strict';
import type { StepMatrix, StepsPlot } from '../../src/protocol/plots';
import { stepsCellText, stepsPosition, stepsShade } from '../../src/webview/plot/steps';

const masked: StepMatrix = { label: 'mask', rowLabels: ['t0', 't1'], colLabels: ['t0', 't1'], values: [[0.5, -1e9], [-2, 1]] };

describe('steps plot component', () => {
  it('writes a blocked score as −1e9 and rounds the others to 3 significant digits', () => {
    assert.equal(stepsCellText(-1e9), '−1e9');
    assert.equal(stepsCellText(0.123456), '0.123');
    assert.equal(stepsCellText(-2.5), '−2.5');
    assert.equal(stepsCellText(0), '0');
    assert.equal(stepsCellText(0.00012), '1.2e−4');
  });

  it('shades by the largest unblocked magnitude of the matrix; blocked cells stay empty', () => {
    assert.equal(stepsShade(masked, -2), -1);
    assert.equal(stepsShade(masked, 1), 0.5);
    assert.equal(stepsShade(masked, -1e9), 0);
    assert.equal(stepsShade(masked, NaN), 0);
  });

  it('names the step and its position', () => {
    const e: StepsPlot = { kind: 'steps', chart: 's', steps: [{ ...masked, label: 'Q·Kᵀ' }, masked] };
    assert.equal(stepsPosition(e, 1), 'step 2 of 2: mask');
    assert.equal(stepsPosition(e, 0), 'step 1 of 2: Q·Kᵀ');
  });
});
