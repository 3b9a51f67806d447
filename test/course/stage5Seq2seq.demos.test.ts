// Pinned-seed invariants of the Stage 5 seq2seq demos (encoder–decoder, beam search). Each demo runs
// the reference solution through the real grader worker; the assertions are the claims the lessons
// make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const last = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Of<K> | undefined =>
  [...plots].reverse().find((p): p is Of<K> => p.kind === kind && p.chart === chart);

describe('stage 5 seq2seq (s5-seq2seq-beam): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-seq2seq-beam: a beam tree on the trained reverse model; a wider beam finds likelier sequences than greedy', async () => {
    const { summary: s, plots } = await runDemo('s5-seq2seq-beam');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.modelLearned, true);
    assert.equal(s.beamAtLeastGreedyLogProb, true);
    assert.ok(num(s, 'beamMeanLogProb') >= num(s, 'greedyMeanLogProb'));
    assert.ok(num(s, 'beamAccuracy') >= num(s, 'greedyAccuracy') && num(s, 'greedyAccuracy') > 0.5, 'the model is decent, and the beam is at least as accurate at this seed');
    assert.ok(num(s, 'treeGain') > 0, 'the tree shows an input where the beam beats greedy');
    assert.ok(num(s, 'treeReturned') >= 1 && num(s, 'treeReturned') <= 3);
    const tree = last(plots, 'beamTree', 'beamTree');
    assert.ok(tree, 'a beam tree is drawn');
    assert.equal(tree.nodes.filter((n) => n.status === 'root').length, 1);
    assert.ok(tree.nodes.every((n) => n.status === 'root' || tree.nodes.some((p) => p.id === n.parent)), 'every node hangs under a parent');
    const ranks = tree.nodes.filter((n) => n.rank !== undefined).map((n) => n.rank).sort();
    assert.deepEqual(ranks, Array.from({ length: num(s, 'treeReturned') }, (_, i) => i + 1), 'each returned hypothesis is marked once');
    assert.ok(tree.nodes.some((n) => n.status === 'pruned') && tree.nodes.some((n) => n.status === 'kept'));
    assert.ok(tree.nodes.some((n) => n.status === 'finished'), 'a returned hypothesis that ends with EOS is marked finished');
    const sweep = last(plots, 'lines', 'beamVsGreedy');
    assert.ok(sweep && sweep.xLabel && sweep.yLabel && sweep.series[0].x[0] === 1);
    const train = last(plots, 'lines', 'seq2seqTraining');
    assert.ok(train && train.xLabel && train.yLabel);
  });
});

describe('stage 5 seq2seq (s5-encoder-decoder): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-encoder-decoder: the seq2seq model learns to reverse; a token grid marks each decoded token', async () => {
    const { summary: s, plots } = await runDemo('s5-encoder-decoder');
    console.log('      ', JSON.stringify(s));
    assert.equal(s.learned, true);
    assert.equal(s.errorsGatherLate, true, 'the first output position (the last source token) is decoded better than the last one');
    assert.ok(num(s, 'lossLastEpoch') < num(s, 'lossFirstEpoch'));
    assert.ok(num(s, 'tokenAccuracyAfter') > 0.5, `most tokens right after training: ${JSON.stringify(s)}`);
    const grid = last(plots, 'tokens', 'reverseTokens');
    assert.ok(grid && grid.rows.length === 10 && grid.labelTitle && grid.tokensTitle);
    for (const r of grid.rows) assert.equal(r.right.length, r.tokens.length);
    assert.ok(grid.rows.some((r) => r.right.includes(true)));
    const loss = plots.filter((p) => p.kind === 'epoch' && p.chart === 'seq2seqLoss');
    assert.ok(loss.length >= 5 && loss.every((p) => p.kind === 'epoch' && p.xLabel && p.yLabel));
  });
});
