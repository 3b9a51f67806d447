/**
 * Checks for s4-image-classification-capstone. The learner's function trains a model of its own
 * choice; everything happens next to the learner's code (`sandboxed.train`): the data are drawn
 * there, the training steps are counted there (one per gradient computation, and the next step
 * past the budget throws), batch sizes are read from fit/trainOnBatch, and the returned model is
 * measured on test images drawn after training from a seed the learner never sees. Only numbers
 * come back; the checks below judge them. One training per grade serves every check.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, drawShapes, fail, gradeRng, SHAPE_KINDS } from 'dl-tutor/grading';
import type { CheckContext, PlotEvent } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-image-classification-capstone');

export const CLASSES = SHAPE_KINDS;
export const MEDALS = { bronze: 0.8, silver: 0.9, gold: 0.95 };
export const MAX_BATCH = 32;

/** The task per engine: the pure-JS engine gets smaller, upright images and fewer steps. */
export interface CapstoneTask { size: number; rotate: boolean; train: number; val: number; test: number; maxSteps: number; maxParams: number }
export function capstoneTask(engine: 'tensorflow' | 'cpu'): CapstoneTask {
  return engine === 'cpu'
    ? { size: 16, rotate: false, train: 640, val: 128, test: 256, maxSteps: 120, maxParams: 50_000 }
    : { size: 20, rotate: true, train: 1536, val: 256, test: 512, maxSteps: 400, maxParams: 50_000 };
}

export interface RunCase extends CapstoneTask { dataSeed: number; testSeed: number; seed: number }
export interface LayerRow { name: string; cls: string; params: number; out: string }
export interface RunInfo {
  steps: number;
  /** Why the training was stopped early, if it was. */
  stopped?: 'steps' | 'params' | 'batch';
  batches: number[];
  params?: number;
  layers?: LayerRow[];
  /** The model's output shape, e.g. [null, 6]. */
  output?: Array<number | null>;
  isModel: boolean;
  /** Smallest and largest row sum of the test predictions, and the smallest value. */
  rowSum?: [number, number];
  minProb?: number;
  testAcc?: number;
  valAcc?: number;
  /** Test predictions (class per test image). */
  pred?: number[];
  labels?: number[];
  dataIntact: boolean;
  ms: number;
}

class BudgetStop extends Error {
  constructor(readonly why: 'params' | 'batch', message: string) { super(message); this.name = 'TrainingBudgetExceeded'; }
}

type Split = { x: tf.Tensor4D; y: tf.Tensor2D };
/** The task's images: one shape each, 55–90 % of the image wide, a little noise. */
export function drawCapstone(n: number, t: CapstoneTask, seed: number): ReturnType<typeof drawShapes> {
  return drawShapes({ n, size: t.size, kinds: CLASSES, rotate: t.rotate, noise: 0.05, minScale: 0.55, maxScale: 0.9, seed });
}
export function makeSplit(n: number, t: CapstoneTask, seed: number): { split: Split; images: Float32Array; labels: number[] } {
  const d = drawCapstone(n, t, seed);
  const labels = Array.from(d.labels);
  const split = tf.tidy(() => ({
    x: tf.tensor4d(d.images, [n, t.size, t.size, 1]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES.length).toFloat() as tf.Tensor2D,
  }));
  return { split, images: d.images, labels };
}

function accuracy(model: tf.LayersModel, x: tf.Tensor4D, labels: number[]): { acc: number; pred: number[]; rowSum: [number, number]; minProb: number } {
  return tf.tidy(() => {
    const p = model.predict(x) as tf.Tensor;
    const sums = tf.sum(p, 1);
    const pred = Array.from(tf.argMax(p, 1).dataSync());
    return {
      acc: pred.filter((v, i) => v === labels[i]).length / labels.length, pred,
      rowSum: [tf.min(sums).dataSync()[0], tf.max(sums).dataSync()[0]] as [number, number],
      minProb: tf.min(p).dataSync()[0],
    };
  });
}

const checksum = (t: tf.Tensor) => (t.isDisposed ? NaN : tf.tidy(() => tf.sum(tf.mul(t, tf.range(1, t.size + 1).reshape(t.shape))).dataSync()[0]));

/**
 * Runs the learner's capstone on freshly drawn data, counting its training steps; `onStep` (for
 * the demo) sees each step's loss. The model is measured on the test set and disposed.
 */
export async function runCapstone(m: M, c: RunCase, ctx: CheckContext, o: { onStep?: (step: number, loss: number) => void; keep?: (model: tf.LayersModel, test: { x: tf.Tensor4D; images: Float32Array; labels: number[] }) => void } = {}): Promise<RunInfo> {
  if (!ctx.countTrainingSteps) throw new Error('internal: runCapstone runs next to the learner code');
  const train = makeSplit(c.train, c, c.dataSeed);
  const val = makeSplit(c.val, c, c.dataSeed + 1);
  const sums = [train.split.x, train.split.y, val.split.x, val.split.y].map(checksum);
  const batches: number[] = [];
  // Batch sizes and parameter counts, read where fit and trainOnBatch start (Sequential delegates to these).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const proto = tf.LayersModel.prototype as unknown as Record<string, (this: tf.LayersModel, ...a: any[]) => unknown>;
  const fit0 = proto.fit, tob0 = proto.trainOnBatch;
  const guard = (model: tf.LayersModel, batch: number) => {
    batches.push(batch);
    const n = model.countParams();
    if (n > c.maxParams) throw new BudgetStop('params', `the model has ${n} parameters, over the budget of ${c.maxParams}`);
    if (batch > MAX_BATCH) throw new BudgetStop('batch', `batches of ${batch} images, over the budget of ${MAX_BATCH}`);
  };
  proto.fit = function (this: tf.LayersModel, x: unknown, y: unknown, args?: { batchSize?: number }) {
    guard(this, args?.batchSize ?? 32);
    return fit0.call(this, x, y, args);
  };
  proto.trainOnBatch = function (this: tf.LayersModel, x: unknown, y: unknown) {
    const first = (Array.isArray(x) ? x[0] : x) as tf.Tensor;
    guard(this, first?.shape?.[0] ?? 0);
    return tob0.call(this, x, y);
  };
  const t0 = Date.now();
  let model: unknown;
  let steps = 0;
  let stopped: RunInfo['stopped'];
  try {
    const r = await ctx.countTrainingSteps(() => m.classificationCapstone({ train: train.split, val: val.split }, { maxSteps: c.maxSteps, maxParams: c.maxParams, seed: c.seed }), { max: c.maxSteps, onStep: o.onStep });
    model = r.value;
    steps = r.steps;
  } catch (e) {
    const err = e as Error & { steps?: number };
    if (e instanceof BudgetStop) stopped = e.why;
    else if (err?.name === 'TrainingBudgetExceeded') stopped = 'steps';
    else throw e;
    steps = err.steps ?? steps;
  } finally {
    proto.fit = fit0;
    proto.trainOnBatch = tob0;
  }
  const ms = Date.now() - t0;
  const dataIntact = [train.split.x, train.split.y, val.split.x, val.split.y].every((t, i) => !t.isDisposed && Math.abs(checksum(t) - sums[i]) <= 1e-3 * Math.abs(sums[i]));
  const info: RunInfo = { steps, batches, isModel: model instanceof tf.LayersModel, dataIntact, ms, ...(stopped ? { stopped } : {}) };
  try {
    if (stopped || !(model instanceof tf.LayersModel)) return info;
    info.params = model.countParams();
    info.layers = model.layers.map((l) => ({ name: l.name, cls: l.getClassName(), params: l.countParams(), out: JSON.stringify(l.outputShape) }));
    info.output = (model.outputs[0]?.shape ?? []) as Array<number | null>;
    if (info.output.length !== 2 || info.output[1] !== CLASSES.length) return info;
    const test = makeSplit(c.test, c, c.testSeed);
    try {
      const t = accuracy(model, test.split.x, test.labels);
      Object.assign(info, { testAcc: t.acc, pred: t.pred, labels: test.labels, rowSum: t.rowSum, minProb: t.minProb });
      if (!val.split.x.isDisposed) info.valAcc = accuracy(model, val.split.x, val.labels).acc;
      o.keep?.(model, { x: test.split.x, images: test.images, labels: test.labels });
    } finally { tf.dispose([test.split.x, test.split.y]); }
    return info;
  } finally {
    if (model instanceof tf.LayersModel) model.dispose();
    tf.dispose([train.split.x, train.split.y, val.split.x, val.split.y].filter((t) => !t.isDisposed));
  }
}

export const sandboxed = {
  train(m: M, c: RunCase, ctx: CheckContext): Promise<RunInfo> {
    return runCapstone(m, c, ctx);
  },
};

/** One training per grade, shared by the checks (they run in order, the first one starts it). */
let current: { key: number; run: Promise<RunInfo>; c: RunCase } | undefined;
function theRun(ctx: CheckContext): Promise<{ r: RunInfo; c: RunCase }> {
  const rng = gradeRng();
  const key = rng();
  if (!current || current.key !== key) {
    const c: RunCase = { ...capstoneTask(ctx.engine), dataSeed: 1000 + Math.floor(rng() * 1e6), testSeed: 2_000_000 + Math.floor(rng() * 1e6), seed: 1 + Math.floor(rng() * 1000) };
    current = { key, c, run: ctx.inSandbox<RunInfo>('train', c) };
  }
  const { run, c } = current;
  return run.then((r) => ({ r, c }));
}

export const medal = (acc: number) => (acc >= MEDALS.gold ? 'gold' : acc >= MEDALS.silver ? 'silver' : acc >= MEDALS.bronze ? 'bronze' : 'no medal yet');
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const taskWords = (c: CapstoneTask) => `${c.size}×${c.size} ${c.rotate ? 'rotated ' : 'upright '}shapes`;

/** The result with its medal and the budget used: shown by the grade and by the demo. */
export function resultTable(r: RunInfo, c: CapstoneTask, engine: 'tensorflow' | 'cpu'): PlotEvent {
  const acc = r.testAcc ?? 0;
  return {
    kind: 'table', chart: 'result', title: `Your result: ${pct(acc)} on ${c.test} unseen ${taskWords(c)} — ${medal(acc)}`,
    columns: ['measure', 'value', 'budget or goal'],
    rows: [
      ['test accuracy', pct(acc), `bronze ${pct(MEDALS.bronze)} · silver ${pct(MEDALS.silver)} · gold ${pct(MEDALS.gold)}`],
      ['validation accuracy', r.valAcc === undefined ? '—' : pct(r.valAcc), 'measured on data.val'],
      ['training steps', r.steps, `≤ ${c.maxSteps}`],
      ['largest batch', r.batches.length ? Math.max(...r.batches) : '—', `≤ ${MAX_BATCH}`],
      ['parameters', r.params ?? '—', `≤ ${c.maxParams}`],
      ['training time', `${(r.ms / 1000).toFixed(1)} s`, 'not limited (only steps are)'],
    ],
    ...(engine === 'cpu' ? { caption: 'The pure-JS engine grades a smaller task (16×16 upright shapes, 120 steps); the native engine (tfjs-node) is much faster and grades 20×20 rotated shapes in 400 steps.' } : {}),
  };
}

export default defineChecks<M>({
  checks: [
    {
      id: 'capstone-budget', name: 'trains within the budget: at most budget.maxSteps steps, batches of at most 32, at most budget.maxParams parameters', fn: 'classificationCapstone',
      async run(_m, ctx) {
        const { r, c } = await theRun(ctx);
        if (r.stopped === 'steps') {
          fail(`training went on past ${c.maxSteps} steps (budget.maxSteps) and was stopped there: count your steps — epochs × ⌈N / batch size⌉ must stay ≤ budget.maxSteps`, { hintKey: 'steps-over-budget', expected: `≤ ${c.maxSteps} steps`, actual: `more than ${c.maxSteps}` });
        }
        if (r.stopped === 'batch') {
          fail(`batches of ${r.batches[r.batches.length - 1]} images: the budget allows at most ${MAX_BATCH} images per step`, { hintKey: 'batch-over-budget', expected: `batchSize ≤ ${MAX_BATCH}`, actual: `batchSize ${r.batches[r.batches.length - 1]}` });
        }
        if (r.stopped === 'params' || (r.params !== undefined && r.params > c.maxParams)) {
          const big = r.layers?.length ? [...r.layers].sort((a, b) => b.params - a.params)[0] : undefined;
          fail(`the model has more than ${c.maxParams} parameters (budget.maxParams)${big ? `: ${r.params} in all, the largest layer is ${big.name} (${big.cls}) with ${big.params}` : ''} — a Flatten before a wide Dense layer is the usual cause; global average pooling keeps the head small`, { hintKey: 'params-over-budget' });
        }
      },
    },
    {
      id: 'capstone-data-intact', name: 'leaves the training and validation tensors as they were (not disposed or changed)', fn: 'classificationCapstone',
      async run(_m, ctx) {
        const { r } = await theRun(ctx);
        if (!r.dataIntact) fail('the training or validation tensors were disposed or changed by your function: the caller still owns them (dispose only tensors you create, e.g. the batches you gather)', { hintKey: 'input-modified' });
      },
    },
    {
      id: 'capstone-output', name: 'returns a trained tf.LayersModel whose output is [batch, 6] class probabilities (rows sum to 1)', fn: 'classificationCapstone',
      async run(_m, ctx) {
        const { r } = await theRun(ctx);
        if (r.stopped) fail('no model to measure: the training was stopped at the budget (see the budget check)', { hintKey: 'capstone-budget' });
        if (!r.isModel) fail('classificationCapstone must resolve to a tf.LayersModel (a tf.sequential or tf.model), the trained one', { hintKey: 'capstone-output' });
        const out = `[${(r.output ?? []).map((v) => (v === null ? 'null' : v)).join(', ')}]`;
        if (out !== `[null, ${CLASSES.length}]`) fail(`the model's output shape is ${out}, expected [null, ${CLASSES.length}]: one score per class`, { hintKey: 'capstone-output' });
        if (!r.rowSum || Math.abs(r.rowSum[0] - 1) > 1e-3 || Math.abs(r.rowSum[1] - 1) > 1e-3 || (r.minProb ?? 0) < -1e-6) {
          fail(`the model's outputs are not probabilities: rows sum to between ${r.rowSum?.[0].toFixed(3)} and ${r.rowSum?.[1].toFixed(3)}, not 1 — give the last Dense layer activation 'softmax'`, { hintKey: 'no-softmax' });
        }
      },
    },
    {
      id: 'capstone-accuracy', name: `accuracy on unseen test images: ${pct(MEDALS.bronze)} passes (bronze), ${pct(MEDALS.silver)} silver, ${pct(MEDALS.gold)} gold`, fn: 'classificationCapstone',
      async run(_m, ctx) {
        const { r, c } = await theRun(ctx);
        if (r.stopped || r.testAcc === undefined) fail('no accuracy to measure: the model did not train within the budget or does not output 6 probabilities (see the checks above)', { hintKey: 'capstone-budget' });
        const acc = r.testAcc!;
        const chance = 1 / CLASSES.length;
        ctx.emit(resultTable(r, c, ctx.engine));
        if (acc >= MEDALS.bronze) return;
        if (r.steps === 0) fail(`test accuracy ${pct(acc)}: the model was never trained (0 training steps) — call model.fit or trainOnBatch before returning it`, { hintKey: 'untrained' });
        if (acc < chance + 0.07) fail(`test accuracy ${pct(acc)}, the level of guessing (${pct(chance)} for 6 classes), although ${r.steps} training steps ran: is the model you return the one you trained, with a loss that matches its softmax output (categoricalCrossentropy on one-hot labels)?`, { hintKey: 'chance-level' });
        fail(`test accuracy ${pct(acc)} on ${c.test} unseen images; ${pct(MEDALS.bronze)} passes${r.valAcc !== undefined ? ` (your validation accuracy: ${pct(r.valAcc)})` : ''}. Use the whole step budget (${r.steps} of ${c.maxSteps} used), convolutions with pooling, and a learning rate around 0.003–0.01 with Adam`, { hintKey: 'capstone-accuracy', expected: `≥ ${pct(MEDALS.bronze)}`, actual: pct(acc) });
      },
    },
  ],
});
