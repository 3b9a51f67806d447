/**
 * Checks for s2-early-stopping (P0): the learner's EarlyStopping class is driven epoch by epoch next
 * to tf.callbacks.earlyStopping on the same metrics; best-weight copies are counted with the toolkit.
 */
import { defineChecks, expectThrows, fail, numTensors } from 'dl-tutor/grading';
import type { CheckSpec } from 'dl-tutor/grading';
import * as tf from '@tensorflow/tfjs';

type M = typeof import('../solutions/s2-early-stopping');
type Opts = { patience: number; minDelta?: number; mode?: 'min' | 'max'; baseline?: number; restoreBestWeights?: boolean };
interface Scenario { what: string; opts: Opts; seq: number[] }

/**
 * The reference: tf.callbacks.earlyStopping driven through onEpochEnd on a compiled 1-layer model.
 * Returns, per epoch, whether training is stopped and which epoch last improved "best".
 */
async function tfReference(opts: Opts, seq: number[]): Promise<{ stop: boolean[]; bestEpoch: number[] }> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
  const cb = tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: opts.patience, minDelta: opts.minDelta, mode: opts.mode, baseline: opts.baseline });
  cb.setModel(model);
  await cb.onTrainBegin();
  const stop: boolean[] = [], bestEpoch: number[] = [];
  let last = -1;
  const bestOf = () => (cb as unknown as { best: number }).best;
  for (let e = 0; e < seq.length; e++) {
    const before = bestOf();
    await cb.onEpochEnd(e, { val_loss: seq[e] });
    if (!Object.is(bestOf(), before)) last = e;
    stop.push(model.stopTraining === true);
    bestEpoch.push(last);
  }
  model.dispose();
  return { stop, bestEpoch };
}

const describeOpts = (o: Opts): string => Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ');
const seqStr = (s: number[]) => `[${s.map((v) => (Number.isNaN(v) ? 'NaN' : String(v))).join(', ')}]`;

/** Drives the learner's class through a scenario and compares with tfjs; `why` explains a mismatch. */
type Why = (sc: Scenario, epoch: number, got: boolean, want: boolean) => string;
async function compareScenarios(m: M, scenarios: Scenario[], why: Why): Promise<void> {
  for (const sc of scenarios) {
    const ref = await tfReference(sc.opts, sc.seq);
    const es = new m.EarlyStopping({ ...sc.opts });
    const firstStop = ref.stop.indexOf(true);
    for (let e = 0; e < sc.seq.length; e++) {
      const got = es.onEpochEnd(e, sc.seq[e]);
      const ctx = `${sc.what} — {${describeOpts(sc.opts)}}, metrics ${seqStr(sc.seq)}`;
      if (got !== ref.stop[e]) {
        const wasStopped = e > 0 && ref.stop[e - 1];
        fail(`${ctx}: at epoch ${e} (metric ${sc.seq[e]}) onEpochEnd returned ${got}, tf.callbacks.earlyStopping says ${ref.stop[e]}${wasStopped ? ' (once it has returned true it must keep returning true)' : ''}. ${why(sc, e, got, ref.stop[e])}`,
          { expected: seqStr(ref.stop.slice(0, e + 1).map(Number)), actual: `… ${Number(got)} at epoch ${e}` });
      }
      if ((firstStop < 0 || e <= firstStop) && es.bestEpoch !== ref.bestEpoch[e]) {
        const counted = es.bestEpoch === e;
        const what = counted
          ? `epoch ${e} (metric ${sc.seq[e]}) counted as an improvement, but tf.callbacks.earlyStopping does not count it`
          : ref.bestEpoch[e] === e ? `epoch ${e} (metric ${sc.seq[e]}) is an improvement, but your bestEpoch did not move to it` : 'bestEpoch must be the last epoch whose metric counted as an improvement (−1 before any)';
        fail(`${ctx}: after epoch ${e} bestEpoch is ${es.bestEpoch}, expected ${ref.bestEpoch[e]}: ${what}. ${why(sc, e, !counted, counted)}`);
      }
    }
    es.dispose();
  }
}

/** A check that drives the learner's class through `scenarios` next to tf.callbacks.earlyStopping. */
function scenarioCheck(id: string, name: string, scenarios: Scenario[], why: Why): CheckSpec<M> {
  return { id, name, fn: 'EarlyStopping', run: (m) => compareScenarios(m, scenarios, why) };
}

export default defineChecks<M>({
  checks: [
    scenarioCheck('patience', 'stops like tf.callbacks.earlyStopping: patience, and wait resets on every improvement', [
      { what: 'wait resets when the metric improves', opts: { patience: 3 }, seq: [1.0, 0.9, 0.95, 0.97, 0.85, 0.99, 1.2, 1.3, 0.7] },
      { what: 'patience 0 stops at the first non-improvement', opts: { patience: 0 }, seq: [0.5, 0.4, 0.45, 0.3] },
      { what: 'a long run that keeps improving now and then', opts: { patience: 4 }, seq: [2, 1.7, 1.8, 1.6, 1.65, 1.62, 1.61, 1.5, 1.55, 1.52, 1.51, 1.56, 1.53, 1.49, 1.6, 1.7, 1.58, 1.59, 1.57, 1.6] },
    ], (sc, e, got) => (got && sc.seq.slice(0, e).some((v, i) => i > 0 && v < Math.min(...sc.seq.slice(0, i)))
      ? 'Reset the wait counter to 0 whenever the metric improves; you stopped too early, as if earlier bad epochs still counted.'
      : 'Count epochs without improvement in `wait`; stop when wait ≥ patience.')),
    scenarioCheck('min-delta', 'an improvement must beat the best by MORE than minDelta (a tie does not count)', [
      { what: 'an exact tie with minDelta 0', opts: { patience: 2 }, seq: [1, 0.5, 0.5, 0.5, 0.25] },
      { what: 'an exact tie at best − minDelta (dyadic numbers, no rounding)', opts: { patience: 1, minDelta: 0.25 }, seq: [1, 0.75, 0.5, 0.375, 0.125] },
      { what: 'gains smaller than minDelta', opts: { patience: 2, minDelta: 0.01 }, seq: [1, 0.8, 0.7951, 0.7899, 0.78, 0.6, 0.7, 0.75] },
    ], (sc, e, got, want) => (!got && want
      ? `Epoch ${e} did not improve by MORE than minDelta = ${sc.opts.minDelta ?? 0}; an improvement is current < best − minDelta (strict): a tie is not progress, so <= is wrong.`
      : 'Compare with the best value seen so far (not the previous epoch), and require current < best − minDelta (strict: a tie is not progress).')),
    scenarioCheck('nan', 'NaN counts as a non-improvement', [
      { what: 'NaN metrics', opts: { patience: 2 }, seq: [1, NaN, 0.9, NaN, NaN, 0.5] },
      { what: 'NaN first', opts: { patience: 1 }, seq: [NaN, 1, 0.5] },
    ], () => 'A NaN loss must count as "no improvement" (every comparison with NaN is false, so write the test as `current < best − minDelta`, not as `!(current >= …)`), and must not become the best value.'),
    scenarioCheck('mode-max', "mode 'max' watches for increases", [
      { what: "mode 'max' (e.g. accuracy)", opts: { patience: 3, mode: 'max' }, seq: [0.5, 0.6, 0.55, 0.58, 0.59, 0.7] },
      { what: "mode 'max' with minDelta", opts: { patience: 2, mode: 'max', minDelta: 0.05 }, seq: [0.1, 0.2, 0.205, 0.3, 0.31, 0.32] },
    ], () => "In mode 'max' bigger is better: an improvement is current > best + minDelta, and best starts at −Infinity (or at the baseline)."),
    scenarioCheck('baseline', 'baseline seeds the best value', [
      { what: "baseline with mode 'max'", opts: { patience: 1, mode: 'max', baseline: 0.9 }, seq: [0.5, 0.6, 0.95] },
      { what: "baseline with mode 'min'", opts: { patience: 3, baseline: 0.62 }, seq: [0.8, 0.7, 0.65, 0.6] },
      { what: 'a baseline that is beaten', opts: { patience: 2, baseline: 1.0 }, seq: [1.2, 0.95, 0.97, 0.9, 0.99, 0.98] },
    ], () => 'With a baseline, "best" starts at the baseline instead of ±Infinity: epochs that do not beat it count towards patience, and bestEpoch stays −1 until one does.'),
    scenarioCheck('negative-min-delta', 'a negative minDelta is used as |minDelta|', [
      { what: 'negative minDelta', opts: { patience: 1, minDelta: -0.05 }, seq: [1, 0.97, 0.9, 0.88, 0.8] },
    ], () => 'Like Keras and tfjs, take Math.abs(minDelta): a negative minDelta would otherwise let a worse metric count as an improvement.'),
    {
      id: 'negative-patience-throws', name: 'patience < 0 throws', fn: 'EarlyStopping',
      run(m) {
        expectThrows(() => new m.EarlyStopping({ patience: -1 }), undefined, { name: 'new EarlyStopping({ patience: -1 })', why: 'a negative patience has no meaning' });
      },
    },
    {
      id: 'restore-best-weights', name: 'restoreBestWeights keeps copies of the weights from the best epoch', fn: 'EarlyStopping',
      run(m) {
        const vars = tf.tidy(() => [tf.variable(tf.zeros([2, 3])), tf.variable(tf.zeros([3]))]);
        const metrics = [1.0, 0.6, 0.8, 0.4, 0.5, 0.7];
        let es: InstanceType<M['EarlyStopping']> | undefined;
        try {
          es = new m.EarlyStopping({ patience: 10, restoreBestWeights: true });
          for (let e = 0; e < metrics.length; e++) {
            // The "training step": new values every epoch, as an optimizer would write them.
            tf.tidy(() => {
              vars[0].assign(tf.fill([2, 3], e + 1));
              vars[1].assign(tf.fill([3], -(e + 1)));
            });
            es.onEpochEnd(e, metrics[e], vars);
          }
          const bw = es.bestWeights;
          if (!bw || !Array.isArray(bw) || bw.length !== 2) fail(`after 6 epochs with restoreBestWeights, bestWeights must hold 2 tensors (one per weight passed in); got ${bw === null ? 'null' : String(bw)}`);
          if (bw.some((t) => t.isDisposed)) fail('bestWeights are disposed: you freed tensors you still need — if you kept the tensors passed in, disposing the old best disposed the caller\'s weights; store w.clone() copies');
          const got = bw[0].dataSync()[0];
          if (got !== 4) fail(`bestWeights hold the values of epoch ${got - 1}, but the best metric (0.4) was at epoch 3${got === metrics.length ? ': you stored the tensors passed in, whose values follow later updates — store w.clone() copies' : ''}`, { expected: 'every entry 4 (epoch 3)', actual: `entry 0 = ${got}` });
          if (JSON.stringify(bw[0].shape) !== '[2,3]' || bw[1].dataSync()[0] !== -4) fail('bestWeights must keep the same order and shapes as the weights passed in');
        } finally {
          es?.dispose();
          tf.dispose(vars);
        }
      },
    },
    {
      id: 'best-weights-null', name: 'bestWeights is null unless restoreBestWeights (and before the first improvement)', fn: 'EarlyStopping',
      run(m) {
        const w = [tf.ones([2, 2])];
        let aw: tf.Tensor[] | null, bw: tf.Tensor[] | null, made: number;
        try {
          const before = numTensors();
          const a = new m.EarlyStopping({ patience: 2 });
          a.onEpochEnd(0, 1, w);
          a.onEpochEnd(1, 0.5, w);
          made = numTensors() - before;
          aw = a.bestWeights;
          a.dispose();
          const b = new m.EarlyStopping({ patience: 2, baseline: 0.1, restoreBestWeights: true });
          b.onEpochEnd(0, 1, w);
          bw = b.bestWeights;
          b.dispose();
        } finally {
          tf.dispose(w);
        }
        if (aw !== null) fail(`without restoreBestWeights, bestWeights must be null; got ${String(aw)}`);
        if (made !== 0) fail(`without restoreBestWeights, no copies are needed, but ${made} tensor(s) were created`);
        if (bw !== null) fail(`with restoreBestWeights but no improvement yet (baseline 0.1 not beaten), bestWeights must still be null; got ${bw.length} tensor(s)`);
      },
    },
    {
      id: 'weights-memory', name: 'at most one set of copies alive over 50 epochs; dispose() frees it; your weights are never disposed', fn: 'EarlyStopping',
      run(m) {
        const callerTensors: tf.Tensor[] = [];
        const base = numTensors();
        const es = new m.EarlyStopping({ patience: 100, restoreBestWeights: true });
        let worst = 0;
        const seen = new Set<tf.Tensor>();
        try {
          for (let e = 0; e < 50; e++) {
            const w = [tf.fill([3, 2], e), tf.fill([2], e)];
            callerTensors.push(...w);
            // Improves on most epochs (a new copy each time), worsens now and then.
            es.onEpochEnd(e, e % 7 === 6 ? 100 : 50 - e, w);
            es.bestWeights?.forEach((t) => seen.add(t));
            const extra = numTensors() - base - callerTensors.length;
            worst = Math.max(worst, extra);
            const gone = callerTensors.findIndex((t) => t.isDisposed);
            if (gone >= 0) fail(`after epoch ${e}, a tensor you were given (epoch ${Math.floor(gone / 2)}) is disposed: it belongs to the caller — dispose only your own clones`);
            if (extra > 2) fail(`after epoch ${e}, ${extra} tensors of yours are alive, but 2 weights were passed: dispose the previous copies when a better epoch replaces them (one set alive at most)`, { expected: '≤ 2', actual: String(extra) });
          }
          es.dispose();
          const left = numTensors() - base - callerTensors.length;
          if (left !== 0) fail(`after dispose(), ${left} tensor(s) of yours are still alive; dispose() must free the stored copies`);
          if ([...seen].some((t) => !t.isDisposed)) fail('after dispose(), a tensor you returned from bestWeights is still alive');
          if (callerTensors.some((t) => t.isDisposed)) fail("dispose() disposed the caller's tensors; it must free only your own copies");
          if (worst === 0) fail('with restoreBestWeights, copies of the best weights must be kept (no tensors were ever created)');
        } finally {
          tf.dispose(callerTensors);
        }
      },
    },
  ],
});
