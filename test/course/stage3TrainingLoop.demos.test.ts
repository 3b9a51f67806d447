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
