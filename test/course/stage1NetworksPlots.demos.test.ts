// Pinned-seed invariants of the Stage 1 exercises from the perceptron to backprop (perceptron, activations, forward pass,
// backprop). Everything runs the REFERENCE SOLUTION through the real grader host and worker; the
// claims are computed by the checks/demo from that run, never hard-coded here.
import { strict as assert } from 'node:assert';
import { useStage } from './harness';

describe('stage 1 perceptron to backprop: plots and demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { gradeWithPlots, runDemo } = useStage(1);

  it('s1-perceptron: mistakes fall to 0 on separable data, never on XOR; the boundary grid carries the data', async () => {
    const plots = await gradeWithPlots('s1-perceptron');
    const errors = plots.find((p) => p.kind === 'bars' && p.chart === 'errors');
    assert.ok(errors && errors.kind === 'bars');
    const sep = errors.series[0].values;
    assert.ok(sep[0] > 0 && sep[sep.length - 1] === 0, `separable: ${sep.join(',')}`);
    const xor = plots.find((p) => p.kind === 'bars' && p.chart === 'xor');
    assert.ok(xor && xor.kind === 'bars' && xor.series[0].values.length === 50 && xor.series[0].values.every((v) => v > 0));
    const grid = plots.find((p) => p.kind === 'grid' && p.chart === 'boundary');
    assert.ok(grid && grid.kind === 'grid' && grid.values.length === grid.width * grid.height && (grid.points?.length ?? 0) === 40);
    assert.ok(grid.values.includes(0) && grid.values.includes(1), 'the learned line crosses the plotted square');
  });

  it('s1-activations: the curves of every function and derivative cover [−6, 6]', async () => {
    const plots = await gradeWithPlots('s1-activations');
    const lines = plots.find((p) => p.kind === 'lines' && p.chart === 'activations');
    assert.ok(lines && lines.kind === 'lines' && lines.series.length === 10);
    for (const s of lines.series) {
      assert.equal(s.x[0], -6);
      assert.ok(Math.abs(s.x[s.x.length - 1] - 6) < 1e-9);
      assert.ok(s.y.every(Number.isFinite), `${s.name} is finite`);
    }
    const sig = lines.series.find((s) => s.name === 'sigmoid');
    assert.ok(sig && sig.y[0] < 0.01 && sig.y[sig.y.length - 1] > 0.99, 'sigmoid saturates at both ends');
  });

  it('s1-forward-pass: a random 2-16-16-3 net shows more than one decision region', async () => {
    const plots = await gradeWithPlots('s1-forward-pass');
    const grid = plots.find((p) => p.kind === 'grid' && p.chart === 'boundary');
    assert.ok(grid && grid.kind === 'grid' && grid.values.length === 1600);
    assert.ok(new Set(grid.values).size >= 2, 'at least two classes appear');
  });

  it('s1-backprop demo: manual backprop + SGD learns the spirals (loss falls by half, accuracy ≥ 0.9) within budget', async () => {
    const { result: r, plots, summary: s } = await runDemo('s1-backprop');
    assert.equal(s.lossDropped, true, JSON.stringify(s));
    assert.equal(s.learnsSpirals, true, JSON.stringify(s));
    assert.ok((s.finalLoss as number) < (s.initialLoss as number) / 2, JSON.stringify(s));
    assert.ok((s.accuracy as number) >= 0.9, JSON.stringify(s));
    assert.ok(r.durationMs < 10_000, `demo took ${Math.round(r.durationMs)} ms (budget 10 s)`);
    const losses = plots.filter((p) => p.kind === 'epoch' && p.chart === 'loss');
    assert.ok(losses.length >= 50);
    assert.ok(plots.some((p) => p.kind === 'grid' && p.chart === 'boundary'));
    const norms = plots.filter((p) => p.kind === 'bars' && p.chart === 'gradNorms');
    assert.ok(norms.length > 0 && norms.every((p) => p.kind === 'bars' && p.labels.length === 3));
  });
});
