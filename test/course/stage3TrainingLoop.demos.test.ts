// Pinned-seed invariants of the Stage 3 training-loop demos (mini-batches, learning-rate schedules).
// Each demo runs the reference solution through the real grader worker; the assertions are the
// claims the lessons make, computed by the demo from the solution's code.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Lines = Extract<PlotEvent, { kind: 'lines' }>;
const lastLines = (plots: PlotEvent[], chart: string): Lines | undefined =>
  [...plots].reverse().find((p): p is Lines => p.kind === 'lines' && p.chart === chart);

describe('stage 3 training loop (mini-batches, learning-rate schedules): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(3);

  it('s3-minibatch: per epoch, smaller batches make more progress; per update, batch 1 needs far more steps', async () => {
    const { summary: s, plots } = await runDemo('s3-minibatch');
    console.log(`      ${JSON.stringify(s)}`);
    assert.equal(s.batch32BeatsFullBatchPerEpoch, true, JSON.stringify(s));
    assert.equal(s.batch1BeatsFullBatchInFewerEpochs, true, `batch 1 after ${s.epochsBatch1} epochs vs the full batch after 30`);
    assert.ok(num(s, 'finalLossBatch32') < num(s, 'finalLossFullBatch'));
    // 200 points (100 on the pure-JS engine, which the demo says in a note).
    const n = num(s, 'points');
    assert.equal(num(s, 'updatesFullBatch'), 30, 'one update per epoch with the full batch');
    assert.equal(num(s, 'updatesBatch32'), 30 * Math.ceil(n / 32), 'the short last batch is an update too (200 = 6 × 32 + 8: seven per epoch)');
    assert.equal(num(s, 'updatesBatch1'), num(s, 'epochsBatch1') * n, 'one update per example');
    assert.equal(s.fullBatchCheapestPerEpoch, true, 'an epoch of 200 single-example steps costs more than one full-batch step');
    for (const chart of ['lossPerEpoch', 'lossPerUpdate', 'lossPerSecond']) {
      const p = lastLines(plots, chart);
      assert.ok(p && p.xLabel && p.yLabel, `${chart}: a lines chart with labelled axes`);
      assert.deepEqual(p.series.map((x) => x.name), ['full batch', 'batch 32', 'batch 1']);
    }
    assert.match(lastLines(plots, 'lossPerSecond')?.xLabel ?? '', /ms/, 'wall time has its unit');
  });

  it('s3-lr-schedules: every schedule ends below a constant high rate on the spirals', async () => {
    const { summary: s, plots } = await runDemo('s3-lr-schedules');
    console.log(`      ${JSON.stringify(s)}`);
    assert.equal(s.everyScheduleBeatsConstant, true, JSON.stringify(s));
    for (const k of ['finalLossStep', 'finalLossExponential', 'finalLossCosine']) {
      assert.ok(num(s, k) < num(s, 'finalLossConstant'), `${k} ${s[k]} should be below the constant rate's ${s.finalLossConstant}`);
    }
    const lr = lastLines(plots, 'lrSchedules');
    assert.ok(lr && lr.xLabel && lr.yLabel, 'the schedules chart has labelled axes');
    assert.deepEqual(lr.series.map((x) => x.name), ['constant', 'step decay', 'exponential decay', 'cosine + warm-up']);
    const train = lastLines(plots, 'lrTraining');
    assert.ok(train && train.xLabel && train.yLabel && train.series.length === 4, 'four training curves with labelled axes');
    assert.ok(plots.some((p) => p.kind === 'note' && p.chart === 'lrTraining' && /Every schedule ends below the constant rate/.test(p.text)));
  });
});
