// Pinned-seed invariants of the Stage 3 autograd demos (dynamic and static graphs). Each demo runs
// the reference solution through the real grader worker; the assertions are the claims the lessons
// make and the shape of the graph pictures (node counts, data and grad on every node, pruned nodes).
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type GraphEvent = Extract<PlotEvent, { kind: 'graph' }>;
const graphs = (plots: PlotEvent[], chart: string) => plots.filter((p): p is GraphEvent => p.kind === 'graph' && p.chart === chart);

describe('stage 3 autograd (dynamic and static graphs): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(3);

  it('s3-autograd-dynamic: draws the learner\'s own neuron graph with data and grad, and a Value MLP learns the moons', async () => {
    const { summary: s, plots } = await runDemo('s3-autograd-dynamic');
    assert.equal(s.graphDrawn, true, 'the graph is found by walking the solution\'s objects');
    const [dag] = graphs(plots, 'dag');
    assert.ok(dag, 'a graph event for the neuron');
    // Five leaves, two mul, two add, tanh, and the loss's sub and pow (sub may add nodes of its own).
    assert.ok(dag.nodes.length >= 12 && dag.nodes.length <= 20, `node count ${dag.nodes.length}`);
    assert.equal(dag.nodes.length, num(s, 'graphNodes'));
    assert.ok(dag.nodes.every((n) => typeof n.data === 'number' && typeof n.grad === 'number'), 'data and grad on every node');
    for (const name of ['x1', 'x2', 'w1', 'w2', 'b']) assert.ok(dag.nodes.some((n) => n.label === name), `leaf ${name} is labelled`);
    assert.ok(dag.nodes.some((n) => n.label === 'tanh'), 'ops are labelled');
    assert.ok(dag.edges.length >= dag.nodes.length - 1, 'connected');
    const ids = new Set(dag.nodes.map((n) => n.id));
    assert.ok(dag.edges.every(([a, b]) => ids.has(a) && ids.has(b)));
    const root = dag.nodes.find((n) => !dag.edges.some(([a]) => a === n.id));
    assert.ok(root && root.grad === 1, 'the output\'s grad is 1');
    // tanh(0.8814) = 0.7071; dloss/dw1 = 2(o − 1)(1 − o²)·x1 = 2(−0.2929)(0.5)(2).
    assert.ok(Math.abs(num(s, 'w1Grad') - 2 * (Math.SQRT1_2 - 1) * 0.5 * 2) < 1e-6, `w1 grad ${s.w1Grad}`);
    assert.ok(!dag.nodes.some((n) => n.pruned), 'nothing is pruned in a define-by-run graph');
    assert.equal(s.lossFalls, true, JSON.stringify(s));
    assert.ok(num(s, 'finalAccuracy') >= 0.8, `final accuracy ${s.finalAccuracy}`);
    const loss = [...plots].reverse().find((p) => p.kind === 'lines' && p.chart === 'mlpLoss');
    assert.ok(loss && loss.kind === 'lines' && loss.xLabel && loss.yLabel && loss.series[0].y.length === 100);
    assert.ok(plots.some((p) => p.kind === 'grid' && p.chart === 'mlpBoundary'));
  });

  it('s3-autograd-static: the graph before and after pruning, a loop rebuilt vs unrolled, compiled runs faster', async () => {
    const { summary: s, plots } = await runDemo('s3-autograd-static');
    const [before] = graphs(plots, 'dagBefore');
    const [after] = graphs(plots, 'dagAfter');
    assert.ok(before && after, 'two graph events');
    assert.equal(before.nodes.length, after.nodes.length, 'the same graph twice');
    assert.ok(!before.nodes.some((n) => n.pruned || n.data !== undefined), 'before compile: nothing pruned, nothing computed');
    const pruned = after.nodes.filter((n) => n.pruned);
    assert.equal(pruned.length, num(s, 'prunedNodes'));
    assert.ok(pruned.length >= 8, `dead branches greyed: ${pruned.length}`);
    assert.ok(pruned.some((n) => n.label === 'debugScale'), 'the unneeded placeholder is pruned');
    assert.ok(after.nodes.filter((n) => !n.pruned).every((n) => typeof n.data === 'number' && typeof n.grad === 'number'), 'live nodes carry data and grad');
    assert.equal(s.numOpsMatches, true);
    assert.equal(num(s, 'numOps'), 7);
    assert.ok(Math.abs(num(s, 'w1Grad') - 2 * (Math.SQRT1_2 - 1) * 0.5 * 2) < 1e-6, `w1 grad ${s.w1Grad}`);
    assert.equal(s.loopResultsAgree, true);
    assert.ok(num(s, 'staticOps') > num(s, 'rebuiltOpsMax'), 'the unrolled graph is larger than any rebuilt one');
    console.log(`      compiled ${num(s, "compiledMs").toFixed(1)} ms vs rebuilt ${num(s, "rebuiltMs").toFixed(1)} ms`);
    assert.equal(s.compiledFaster, true, `compiled ${s.compiledMs} ms vs rebuilt ${s.rebuiltMs} ms`);
    assert.equal(s.sumsAgree, true);
    const timing = plots.find((p) => p.kind === 'bars' && p.chart === 'timing');
    assert.ok(timing && timing.kind === 'bars' && timing.labels.length === 2);
    const notes = plots.filter((p): p is Extract<PlotEvent, { kind: 'note' }> => p.kind === 'note').map((p) => p.text);
    assert.ok(notes.some((t) => /define-by-run, like PyTorch/.test(t) && /tape/.test(t)), 'the panel states that tfjs is define-by-run');
  });
});
