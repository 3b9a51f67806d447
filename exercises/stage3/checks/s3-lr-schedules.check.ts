/**
 * Checks for s3-lr-schedules (P0): three schedules against their formulas (tfjs has no schedules)
 * at about 30 steps each — step 0, the block edges, totalSteps and beyond — to 1e-12, and applyLr by
 * taking a real SGD step in the sandbox and measuring how far the weights moved.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, numTensors, standardChecks } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-lr-schedules');
type StepO = Parameters<M['stepDecay']>[1];
type ExpO = Parameters<M['exponentialDecay']>[1];
type CosO = Parameters<M['cosineAnnealing']>[1];

const TOL = { atol: 1e-12, rtol: 1e-12 };

// ---- references: the formulas (Keras' ExponentialDecay and CosineDecay, plus a linear warm-up)
const refStep = (s: number, o: StepO) => o.initialLr * Math.pow(o.factor, Math.floor(s / o.dropEvery));
const refExp = (s: number, o: ExpO) => o.initialLr * Math.pow(o.decayRate, o.staircase ? Math.floor(s / o.decaySteps) : s / o.decaySteps);
function refCos(s: number, o: CosO, v: { warm?: (s: number, w: number) => number; span?: 'rest' | 'total'; shift?: boolean; clamp?: boolean; minScaled?: 'ignored' | 'added' } = {}): number {
  const min = o.minLr ?? 0, w = o.warmupSteps ?? 0;
  if (s < w) return o.initialLr * (v.warm ? v.warm(s, w) : s / w);
  const span = v.span === 'total' ? o.totalSteps : o.totalSteps - w;
  let t = ((v.shift ?? true) ? s - w : s) / span;
  if (v.clamp ?? true) t = Math.min(1, t);
  const c = 0.5 * (1 + Math.cos(Math.PI * t));
  if (v.minScaled === 'ignored') return o.initialLr * c;
  if (v.minScaled === 'added') return min + o.initialLr * c;
  return min + (o.initialLr - min) * c;
}

/** Steps 0, 1, 2, every block edge k·d − 1, k·d, k·d + 1 up to `upTo`, and a few far beyond. */
function stepsFor(d: number, upTo: number, beyond: number[] = []): number[] {
  const s = new Set<number>([0, 1, 2]);
  for (let k = 1; k * d <= upTo; k++) [k * d - 1, k * d, k * d + 1].forEach((v) => s.add(v));
  beyond.forEach((v) => s.add(v));
  return [...s].filter((v) => v >= 0).sort((a, b) => a - b);
}

function callAll(f: (s: number) => number, steps: number[], name: string): number[] {
  return steps.map((s) => {
    const v = f(s);
    if (typeof v !== 'number') fail(`${name} at step ${s} returned ${typeof v}; a schedule returns a plain number`);
    return v;
  });
}

function compare(got: number[], steps: number[], want: number[], name: string, mistakes: Mistake[]): void {
  // Step 0 first: the most common slip, and the easiest to say.
  if (Math.abs(got[0] - want[0]) > 1e-12 + 1e-12 * Math.abs(want[0]) && steps[0] === 0) {
    const m = mistakes.find((x) => Array.isArray(x.when) && Math.abs((x.when as number[])[0] - got[0]) <= 1e-12 + 1e-12 * Math.abs(got[0]));
    if (!m) fail(`${name}: lr at step 0 is ${got[0]}, expected ${want[0]}: step 0 is the first step and gets ${want[0] === 0 ? 'a warm-up rate of 0' : 'initialLr'} (steps count from 0)`, { expected: String(want[0]), actual: String(got[0]) });
  }
  expectTensorClose(got, want, { ...TOL, name: `${name} at steps [${steps.join(', ')}]`, mistakes });
}

/** A drawn configuration per grade, so a table of answers for the fixed cases cannot pass. */
function drawn() {
  const r = gradeRng();
  const lr = 0.05 + 0.9 * r();
  return {
    step: { initialLr: lr, dropEvery: 3 + Math.floor(r() * 10), factor: 0.2 + 0.7 * r() },
    exp: { initialLr: lr, decaySteps: 4 + Math.floor(r() * 12), decayRate: 0.3 + 0.6 * r() },
    cos: { initialLr: lr, totalSteps: 40 + Math.floor(r() * 60), minLr: lr * (0.01 + 0.2 * r()), warmupSteps: 2 + Math.floor(r() * 10) },
  };
}

function checkStepDecay(m: M, o: StepO): void {
  const steps = stepsFor(o.dropEvery, 8 * o.dropEvery, [10 * o.dropEvery + 3, 25 * o.dropEvery]);
  const name = `stepDecay(step, ${JSON.stringify(o)})`;
  const got = callAll((s) => m.stepDecay(s, { ...o }), steps, 'stepDecay');
  compare(got, steps, steps.map((s) => refStep(s, o)), name, [
    { when: steps.map((s) => o.initialLr * Math.pow(o.factor, Math.floor((s + 1) / o.dropEvery))), message: `schedule is off by one step: lr at step 0 must be initialLr and the first drop comes at step dropEvery = ${o.dropEvery}, not one step earlier (use ⌊step / dropEvery⌋)`, hintKey: 'off-by-one' },
    { when: steps.map((s) => o.initialLr * Math.pow(o.factor, Math.ceil(s / o.dropEvery))), message: `the rate drops one block too early: with ⌈step / dropEvery⌉ it falls already at step 1; steps 0…${o.dropEvery - 1} keep initialLr (use ⌊step / dropEvery⌋)`, hintKey: 'off-by-one' },
    { when: steps.map((s) => o.initialLr * Math.pow(o.factor, s / o.dropEvery)), message: `staircase ignored: step decay keeps the rate constant within each block of dropEvery = ${o.dropEvery} steps (floor the exponent)`, hintKey: 'step-staircase' },
    { when: steps.map((s) => o.initialLr * Math.pow(o.factor, s)), message: 'the rate is multiplied by factor at every step: it drops once per dropEvery steps, factor^⌊step / dropEvery⌋', hintKey: 'step-decay' },
    { when: steps.map((s) => o.initialLr * Math.max(0, 1 - (1 - o.factor) * Math.floor(s / o.dropEvery))), message: 'the rate falls by a fixed amount per block; step decay MULTIPLIES by factor at each drop: initialLr · factor^k after k drops', hintKey: 'step-decay' },
  ]);
}

function checkExp(m: M, o: ExpO, label: string): void {
  const steps = stepsFor(o.decaySteps, 7 * o.decaySteps, [10 * o.decaySteps + 1, 30 * o.decaySteps]);
  const name = `exponentialDecay(step, ${JSON.stringify(o)})`;
  const got = callAll((s) => m.exponentialDecay(s, { ...o }), steps, 'exponentialDecay');
  const smooth = steps.map((s) => refExp(s, { ...o, staircase: false }));
  const stair = steps.map((s) => refExp(s, { ...o, staircase: true }));
  compare(got, steps, steps.map((s) => refExp(s, o)), `${label}: ${name}`, [
    o.staircase
      ? { when: smooth, message: `staircase ignored: the rate must stay constant within each block of decaySteps = ${o.decaySteps} steps (exponent ⌊step / decaySteps⌋)`, hintKey: 'exp-staircase' }
      : { when: stair, message: `staircase applied although it is ${o.staircase === false ? 'false' : 'not set'}: without it the rate decays smoothly, decayRate^(step / decaySteps)`, hintKey: 'exp-staircase' },
    { when: steps.map((s) => o.initialLr * Math.pow(o.decayRate, s)), message: `the exponent must be step / decaySteps: the rate falls by a factor decayRate every decaySteps = ${o.decaySteps} steps, not every step`, hintKey: 'exp-decay' },
    { when: steps.map((s) => o.initialLr * Math.exp(-o.decayRate * (o.staircase ? Math.floor(s / o.decaySteps) : s / o.decaySteps))), message: 'this is initialLr·e^(−decayRate·t); TF\'s ExponentialDecay uses decayRate as the factor itself: initialLr · decayRate^(step / decaySteps)', hintKey: 'exp-decay' },
    { when: steps.map((s) => refExp(s + 1, o)), message: 'schedule is off by one step: lr at step 0 must be initialLr', hintKey: 'off-by-one' },
  ]);
}

function checkCos(m: M, o: CosO, label: string): void {
  const w = o.warmupSteps ?? 0, T = o.totalSteps;
  const q = Math.max(1, Math.round((T - w) / 8));
  const s = new Set<number>([0, 1, 2, T - 1, T, T + 1, Math.round(T * 1.5), 2 * T, 2 * T + 7, 10 * T]);
  for (let k = w; k < T; k += q) s.add(k);
  if (w > 0) [w - 1, w, w + 1, Math.floor(w / 2)].forEach((v) => s.add(v));
  const steps = [...s].sort((a, b) => a - b);
  const name = `cosineAnnealing(step, ${JSON.stringify(o)})`;
  const got = callAll((x) => m.cosineAnnealing(x, { ...o }), steps, 'cosineAnnealing');
  const mistakes: Mistake[] = [
    { when: steps.map((x) => refCos(x, o, { clamp: false })), message: `beyond totalSteps the rate must stay at minLr: clamp the progress t at 1, or the cosine climbs back up after step ${T}`, hintKey: 'cos-beyond' },
  ];
  if ((o.minLr ?? 0) > 0) {
    mistakes.push(
      { when: steps.map((x) => refCos(x, o, { minScaled: 'ignored' })), message: `cosine ends at 0 instead of minLr = ${o.minLr}: lr = minLr + (initialLr − minLr)·½(1 + cos πt)`, hintKey: 'cos-min-lr' },
      { when: steps.map((x) => refCos(x, o, { minScaled: 'added' })), message: 'minLr added on top of the full cosine: the rate starts at initialLr + minLr; scale the cosine by (initialLr − minLr)', hintKey: 'cos-min-lr' },
    );
  }
  if (w > 0) {
    mistakes.push(
      { when: steps.map((x) => refCos(x, o, { span: 'total' })), message: `totalSteps includes the warm-up: the cosine runs over totalSteps − warmupSteps = ${T - w} steps and reaches minLr exactly at step ${T}`, hintKey: 'cos-warmup' },
      { when: steps.map((x) => refCos(x, o, { shift: false, span: 'total' })), message: `the cosine must start where the warm-up ends: t = (step − warmupSteps) / (totalSteps − warmupSteps), so the rate is initialLr at step ${w}`, hintKey: 'cos-warmup' },
      { when: steps.map((x) => refCos(x, o, { shift: false })), message: `the cosine must start where the warm-up ends: t = (step − warmupSteps) / (totalSteps − warmupSteps), so the rate is initialLr at step ${w}`, hintKey: 'cos-warmup' },
      { when: steps.map((x) => refCos(x, o, { warm: (st, ww) => (st + 1) / ww })), message: `warm-up is off by one step: lr = initialLr·step / warmupSteps, which is 0 at step 0 and reaches initialLr at step ${w}`, hintKey: 'cos-warmup' },
    );
  } else {
    mistakes.push({ when: steps.map((x) => refCos(x + 1, o)), message: 'schedule is off by one step: lr at step 0 must be initialLr', hintKey: 'off-by-one' });
  }
  compare(got, steps, steps.map((x) => refCos(x, o)), `${label}: ${name}`, mistakes);
}

interface StepResult { ws: number[][]; leftOver: number }
const W0 = [1, -2, 3];
const G = [0.5, 2, -1];

/** Parts that run next to the learner's code: tf's optimizers and variables cannot cross to the judge. */
export const sandboxed = {
  /** SGD built with lr 0.1, then for each rate: applyLr(opt, rate) and one step on loss = Σ g·w (gradient g). */
  sgdSteps(m: M, input: { rates: number[] }): StepResult {
    const before = numTensors();
    const init = tf.tensor1d(W0);
    const w = tf.variable(init);
    init.dispose();
    const g = tf.tensor1d(G);
    const opt = tf.train.sgd(0.1);
    const ws: number[][] = [];
    try {
      for (const lr of input.rates) {
        m.applyLr(opt, lr);
        opt.minimize(() => tf.sum(tf.mul(w, g)) as tf.Scalar, false, [w]);
        ws.push(Array.from(w.dataSync()));
      }
    } finally {
      opt.dispose();
      tf.dispose([w, g]);
    }
    return { ws, leftOver: numTensors() - before };
  },
};

export default defineChecks<M>({
  checks: [
    {
      id: 'step-decay', name: 'stepDecay: initialLr · factor^⌊step / dropEvery⌋ at ~30 steps (block edges and far beyond), to 1e-12', fn: 'stepDecay',
      run(m) {
        checkStepDecay(m, { initialLr: 0.1, dropEvery: 7, factor: 0.5 });
        checkStepDecay(m, { initialLr: 0.8, dropEvery: 1, factor: 0.9 });
        checkStepDecay(m, drawn().step);
      },
    },
    {
      id: 'exp-decay', name: 'exponentialDecay without staircase: initialLr · decayRate^(step / decaySteps), to 1e-12', fn: 'exponentialDecay',
      run(m) {
        checkExp(m, { initialLr: 0.5, decaySteps: 10, decayRate: 0.8 }, 'staircase not set');
        checkExp(m, { initialLr: 0.3, decaySteps: 6, decayRate: 0.5, staircase: false }, 'staircase false');
        checkExp(m, drawn().exp, 'staircase not set');
      },
    },
    {
      id: 'exp-staircase', name: 'exponentialDecay with staircase: constant within each block of decaySteps', fn: 'exponentialDecay',
      run(m) {
        checkExp(m, { initialLr: 0.5, decaySteps: 10, decayRate: 0.8, staircase: true }, 'staircase true');
        checkExp(m, { ...drawn().exp, staircase: true }, 'staircase true');
      },
    },
    {
      id: 'cosine', name: 'cosineAnnealing without warm-up: from initialLr down to minLr at totalSteps, minLr after that', fn: 'cosineAnnealing',
      run(m) {
        checkCos(m, { initialLr: 0.2, totalSteps: 50, minLr: 0.01 }, 'with minLr');
        checkCos(m, { initialLr: 1, totalSteps: 32 }, 'minLr not set (0)');
        const d = drawn().cos;
        checkCos(m, { initialLr: d.initialLr, totalSteps: d.totalSteps, minLr: d.minLr }, 'with minLr');
      },
    },
    {
      id: 'cosine-warmup', name: 'cosineAnnealing with warm-up: initialLr·step / warmupSteps, then the cosine over the rest of totalSteps', fn: 'cosineAnnealing',
      run(m) {
        checkCos(m, { initialLr: 1, totalSteps: 60, minLr: 0.05, warmupSteps: 10 }, 'warm-up 10 of 60');
        checkCos(m, { initialLr: 0.4, totalSteps: 24, warmupSteps: 4 }, 'warm-up 4 of 24, minLr not set');
        checkCos(m, drawn().cos, 'warm-up');
      },
    },
    {
      id: 'apply-lr', name: 'applyLr: the next SGD step moves the weights by lr · gradient (a real optimizer step)', fn: 'applyLr',
      async run(_m, ctx) {
        const r = gradeRng();
        const rates = [0.5, 0.02 + 0.9 * r(), 0.25];
        const got = await ctx.inSandbox<StepResult>('sgdSteps', { rates });
        const want: number[][] = [];
        let w = W0.slice();
        for (const lr of rates) { w = w.map((v, i) => v - lr * G[i]); want.push(w); }
        let stale = W0.slice();
        const old: number[][] = rates.map(() => (stale = stale.map((v, i) => v - 0.1 * G[i])));
        expectTensorClose(got.ws, want, { atol: 1e-5, rtol: 1e-5, name: `w after steps with applyLr(opt, ${rates.map((x) => +x.toFixed(4)).join('), then (')})`, mistakes: [
          { when: old, message: 'the optimizer still steps with its old rate 0.1: assigning opt.learningRate does nothing on tf\'s SGD (it keeps its own copy of the rate); call opt.setLearningRate(lr)', hintKey: 'apply-lr-field' },
        ] });
        if (got.leftOver !== 0) fail(`applyLr left ${got.leftOver} tensor${got.leftOver === 1 ? '' : 's'} behind over ${rates.length} calls: setLearningRate frees the old rate itself; do not create tensors of your own`, { hintKey: 'leak' });
      },
    },
    {
      id: 'options-intact', name: 'the schedules only read their options object (a training loop passes the same one every step)', fn: 'cosineAnnealing',
      run(m) {
        const cases: Array<[string, (o: any) => unknown, Record<string, unknown>]> = [
          ['stepDecay', (o) => m.stepDecay(9, o), { initialLr: 0.1, dropEvery: 4, factor: 0.5 }],
          ['exponentialDecay', (o) => m.exponentialDecay(9, o), { initialLr: 0.1, decaySteps: 4, decayRate: 0.5 }],
          ['cosineAnnealing', (o) => m.cosineAnnealing(9, o), { initialLr: 0.1, totalSteps: 20 }],
          ['cosineAnnealing', (o) => m.cosineAnnealing(9, o), { initialLr: 0.1, totalSteps: 20, minLr: 0.01, warmupSteps: 5 }],
        ];
        for (const [name, call, o] of cases) {
          const before = JSON.stringify(o);
          call(o);
          const after = JSON.stringify(o);
          if (after !== before) fail(`${name} changed its options object: ${before} became ${after}. Read defaults into local variables; the caller passes the same object again at the next step`, { expected: before, actual: after });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'stepDecay',
      calls: [
        { name: 'stepDecay', call: (m) => m.stepDecay(12, { initialLr: 0.1, dropEvery: 5, factor: 0.5 }) },
        { name: 'exponentialDecay', call: (m) => m.exponentialDecay(12, { initialLr: 0.1, decaySteps: 5, decayRate: 0.5, staircase: true }) },
        { name: 'cosineAnnealing', call: (m) => m.cosineAnnealing(12, { initialLr: 0.1, totalSteps: 20, minLr: 0.001, warmupSteps: 3 }) },
      ],
      badInputs: [
        { name: 'stepDecay(-1, …)', call: (m) => m.stepDecay(-1, { initialLr: 0.1, dropEvery: 5, factor: 0.5 }), why: 'steps count from 0', hintKey: 'negative-step' },
        { name: 'exponentialDecay(-3, …)', call: (m) => m.exponentialDecay(-3, { initialLr: 0.1, decaySteps: 5, decayRate: 0.5 }), why: 'steps count from 0', hintKey: 'negative-step' },
        { name: 'cosineAnnealing(-1, …)', call: (m) => m.cosineAnnealing(-1, { initialLr: 0.1, totalSteps: 20 }), why: 'steps count from 0', hintKey: 'negative-step' },
        { name: 'stepDecay(3, { dropEvery: 0, … })', call: (m) => m.stepDecay(3, { initialLr: 0.1, dropEvery: 0, factor: 0.5 }), why: 'a block of 0 steps divides by zero' },
        { name: 'stepDecay(3, { dropEvery: -4, … })', call: (m) => m.stepDecay(3, { initialLr: 0.1, dropEvery: -4, factor: 0.5 }), why: 'a negative block length makes the rate grow' },
        { name: 'exponentialDecay(3, { decaySteps: 0, … })', call: (m) => m.exponentialDecay(3, { initialLr: 0.1, decaySteps: 0, decayRate: 0.5 }), why: 'decaySteps = 0 divides by zero' },
        { name: 'cosineAnnealing(3, { totalSteps: 10, warmupSteps: 10 })', call: (m) => m.cosineAnnealing(3, { initialLr: 0.1, totalSteps: 10, warmupSteps: 10 }), why: 'no steps are left for the cosine' },
        { name: 'cosineAnnealing(3, { totalSteps: 10, warmupSteps: 12 })', call: (m) => m.cosineAnnealing(3, { initialLr: 0.1, totalSteps: 10, warmupSteps: 12 }), why: 'the warm-up is longer than the whole schedule' },
      ],
      names: { 'bad-inputs-throw': 'a negative step, dropEvery ≤ 0, decaySteps = 0 or warmupSteps ≥ totalSteps throws' },
    }),
  ],
});
