/**
 * Checks for s1-optimizers. Reference: tf.train.sgd / momentum / rmsprop / adam, fed the same
 * gradient sequence through applyGradients on tf.variables (tfjs 4.22 formulas, read from
 * tfjs-core/dist/optimizers). Gradients are fixed in advance, so neither side's rounding feeds back
 * into the other's gradients. Tolerance per Errata: atol = max(1e-6, 2e-5·lr·t) plus rtol 1e-5
 * (tfjs keeps Adam's βᵗ in float32: a correct float64 Adam drifts by ≈ 1e-5·lr per step; measured margin
 * over 50 steps ≈ 2.5×, the tightest of these checks).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, standardChecks, mulberry32 } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-optimizers');
export type Opt = { step(params: Float32Array[], grads: Float32Array[]): void };

const rng = mulberry32;

interface Case {
  /** What the learner builds, e.g. `new Adam(0.01, { epsilon: 1e-3 })`. */
  label: string;
  learner: (L: M) => Opt;
  reference: () => tf.Optimizer;
  lr: number;
  steps: number;
  /** Scale of the gradients (1e-4 puts them next to ε = 1e-3). */
  gradScale: number;
  seed: number;
  /** Known wrong formulas, simulated in float64 on the same gradients, to name the mistake. */
  variants: Array<{ name: string; hintKey: string; update: Sim }>;
}

/** A float64 simulation of one optimizer: returns the per-element update rule with its own state. */
type Sim = () => (i: number, k: number, g: number, t: number) => number;

const SIZES = [3, 4];

function makeProblem(c: Case) {
  const r = rng(c.seed);
  const init = SIZES.map((n) => Float32Array.from({ length: n }, () => 2 * r() - 1));
  const grads = Array.from({ length: c.steps }, () => SIZES.map((n) => Float32Array.from({ length: n }, () => c.gradScale * (2 * r() - 1))));
  return { init, grads };
}

/** tf.train.* fed the fixed gradients; trajectory[t][i] = parameter i after step t + 1. */
function referenceTrajectory(c: Case, init: Float32Array[], grads: Float32Array[][]): Float32Array[][] {
  const opt = c.reference();
  const vars = init.map((p) => tf.tidy(() => tf.variable(tf.tensor1d(p))));
  const out: Float32Array[][] = [];
  try {
    for (const gs of grads) {
      tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor1d(gs[i]) }))));
      out.push(vars.map((v) => v.dataSync().slice() as Float32Array));
    }
  } finally {
    opt.dispose();
    // tfjs 4.22's MomentumOptimizer.dispose() forgets its −lr scalar `c`: free whatever is left.
    for (const v of Object.values(opt)) if (v instanceof tf.Tensor && !v.isDisposed) v.dispose();
    vars.forEach((v) => v.dispose());
  }
  return out;
}

function simulate(sim: Sim, init: Float32Array[], grads: Float32Array[][]): number[][][] {
  const rule = sim();
  const w = init.map((p) => Array.from(p));
  return grads.map((gs, t) => {
    w.forEach((p, i) => p.forEach((_, k) => { p[k] -= rule(i, k, gs[i][k], t + 1); }));
    return w.map((p) => p.slice());
  });
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)).toString() : String(v));
const tolAt = (lr: number, t: number) => Math.max(1e-6, 2e-5 * lr * t);

/** Per-element state keyed by parameter/element, for the float64 variant simulations. */
function slots(): (i: number, k: number) => { a: number; b: number } {
  const s = new Map<string, { a: number; b: number }>();
  return (i, k) => {
    const key = `${i}:${k}`;
    if (!s.has(key)) s.set(key, { a: 0, b: 0 });
    return s.get(key)!;
  };
}
// (Nesterov computed with the velocity from before the step is exactly plain momentum, so the
// "nesterov ignored" variant names that mistake too.)
const momentumSim = (lr: number, m: number, o: { dampened?: boolean; nesterov?: boolean }): Sim => () => {
  const st = slots();
  return (i, k, g) => {
    const s = st(i, k);
    s.a = m * s.a + (o.dampened ? (1 - m) * g : g);
    return lr * (o.nesterov ? g + m * s.a : s.a);
  };
};
const rmspropSim = (lr: number, rho: number, eps: number, o: { epsOutside?: boolean; undamped?: boolean }): Sim => () => {
  const st = slots();
  return (i, k, g) => {
    const s = st(i, k);
    s.a = rho * s.a + (o.undamped ? 1 : 1 - rho) * g * g;
    return o.epsOutside ? (lr * g) / (Math.sqrt(s.a) + eps) : (lr * g) / Math.sqrt(s.a + eps);
  };
};
const adamSim = (lr: number, b1: number, b2: number, eps: number, o: { noBias?: boolean; epsInside?: boolean; epsHat?: boolean; tPerParam?: boolean }): Sim => () => {
  const st = slots();
  return (i, k, g, step) => {
    const t = o.tPerParam ? (step - 1) * SIZES.length + i + 1 : step;
    const s = st(i, k);
    s.a = b1 * s.a + (1 - b1) * g;
    s.b = b2 * s.b + (1 - b2) * g * g;
    if (o.epsHat) return ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (s.a / (Math.sqrt(s.b) + eps));
    const mh = o.noBias ? s.a : s.a / (1 - b1 ** t);
    const vh = o.noBias ? s.b : s.b / (1 - b2 ** t);
    return o.epsInside ? (lr * mh) / Math.sqrt(vh + eps) : (lr * mh) / (Math.sqrt(vh) + eps);
  };
};

function runCase(L: M, c: Case) {
  const { init, grads } = makeProblem(c);
  const expected = referenceTrajectory(c, init, grads);
  const opt = c.learner(L);
  const params = init.map((p) => p.slice());
  const gradsCopy = grads.map((gs) => gs.map((g) => g.slice()));
  // Run every step first: a mistake is named by comparing whole trajectories (Nesterov with the
  // old velocity equals plain momentum on step 1 and only differs later).
  const got: Float32Array[][] = [];
  for (let t = 0; t < c.steps; t++) {
    opt.step(params, gradsCopy[t]);
    gradsCopy[t].forEach((g, i) => {
      if (g.some((v, k) => v !== grads[t][i][k])) fail(`${c.label}: step() changed the gradient arrays it was given (grads[${i}]). Read the gradients, never write them.`);
    });
    got.push(params.map((p) => p.slice()));
  }
  const tolOk = (a: number, e: number, t: number) => Math.abs(a - e) <= tolAt(c.lr, t + 1) + 1e-5 * Math.abs(e);
  for (let t = 0; t < c.steps; t++) {
    const atol = tolAt(c.lr, t + 1);
    for (let i = 0; i < params.length; i++) {
      for (let k = 0; k < params[i].length; k++) {
        const a = got[t][i][k];
        const e = expected[t][i][k];
        if (tolOk(a, e, t)) continue;
        const at = `after step ${t + 1}, params[${i}][${k}]`;
        if (!Number.isFinite(a)) {
          fail(`${c.label}: ${at} is ${a}. Something divides by zero or overflows: with t counted from 0, Adam's 1 − βᵗ is 0 on the first step; RMSProp needs ε inside the sqrt; state must start at 0.`,
            { expected: fmt(e), actual: String(a), hintKey: 'non-finite' });
        }
        if (got.every((ps) => ps.every((p, j) => p.every((v, kk) => v === init[j][kk])))) {
          fail(`${c.label}: ${at} is still ${fmt(a)}: the parameters did not move. step() must update the Float32Arrays it is given in place (params[i][k] −= …), not a copy.`,
            { expected: fmt(e), actual: fmt(a), hintKey: 'not-in-place' });
        }
        // Name the mistake if a known wrong formula reproduces the learner's whole trajectory.
        for (const v of c.variants) {
          const sim = simulate(v.update, init, grads);
          const matches = got.every((ps, tt) => ps.every((p, j) => p.every((x, kk) => Math.abs(x - sim[tt][j][kk]) <= 10 * tolAt(c.lr, tt + 1) + 1e-4 * Math.abs(sim[tt][j][kk]))));
          if (matches) {
            fail(`${c.label}: ${at} = ${fmt(a)}, tf.train gives ${fmt(e)}. ${v.name}`, { expected: fmt(e), actual: fmt(a), hintKey: v.hintKey });
          }
        }
        fail(`${c.label}: ${at} = ${fmt(a)}, but tf.train fed the same gradients gives ${fmt(e)} (tolerance ${fmt(atol)} + 1e-5·|expected|).` +
          (t === 0 && i > 0 ? ` params[0] moved correctly on this first step but params[${i}] did not: is some state shared between parameters, or advanced once per parameter instead of once per step() (like Adam's t)?`
            : t === 0 ? ' The very first step is already off: check the formula with all state at 0.' : ` Steps 1–${t} matched, so the state update (what carries over between steps) is the likely culprit.`),
        { expected: fmt(e), actual: fmt(a) });
      }
    }
  }
}

function casesFor(L: 'SGD' | 'Momentum' | 'Nesterov' | 'RMSProp' | 'Adam'): Case[] {
  switch (L) {
    case 'SGD':
      return [{ label: 'new SGD(0.1)', learner: (m) => new m.SGD(0.1), reference: () => tf.train.sgd(0.1), lr: 0.1, steps: 5, gradScale: 1, seed: 1, variants: [] }];
    case 'Momentum':
      return [{
        label: 'new Momentum(0.05, 0.9)', learner: (m) => new m.Momentum(0.05, 0.9), reference: () => tf.train.momentum(0.05, 0.9), lr: 0.05, steps: 8, gradScale: 1, seed: 2,
        variants: [{ name: 'This is the dampened (PyTorch dampening / EMA) form v = m·v + (1 − m)·g. tf.train.momentum uses v = m·v + g, then w −= lr·v.', hintKey: 'momentum-dampened', update: momentumSim(0.05, 0.9, { dampened: true }) },
          { name: 'These are Nesterov updates, but nesterov was not requested: plain momentum is w −= lr·v.', hintKey: 'nesterov-ignored', update: momentumSim(0.05, 0.9, { nesterov: true }) }],
      }];
    case 'Nesterov':
      return [{
        label: 'new Momentum(0.05, 0.9, true)', learner: (m) => new m.Momentum(0.05, 0.9, true), reference: () => tf.train.momentum(0.05, 0.9, true), lr: 0.05, steps: 8, gradScale: 1, seed: 3,
        variants: [{ name: 'These are plain momentum updates: the nesterov flag is ignored (or the look-ahead uses the velocity from before this step, which comes to the same). With nesterov, update v = m·v + g first, then w −= lr·(g + m·v) with the new v.', hintKey: 'nesterov-ignored', update: momentumSim(0.05, 0.9, {}) },
          { name: 'This is the dampened form v = m·v + (1 − m)·g; tf.train.momentum uses v = m·v + g.', hintKey: 'momentum-dampened', update: momentumSim(0.05, 0.9, { dampened: true, nesterov: true }) }],
      }];
    case 'RMSProp':
      return [
        // Gradients near 1e-3 make s comparable to the default ε = 1e-7, so its value and place matter.
        { label: 'new RMSProp(0.01) with gradients near 1e-3', learner: (m) => new m.RMSProp(0.01), reference: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), lr: 0.01, steps: 10, gradScale: 1e-3, seed: 4,
          variants: [{ name: 'This uses ε outside the sqrt (g / (sqrt(s) + ε)); tf.train.rmsprop computes g / sqrt(s + ε).', hintKey: 'rmsprop-eps', update: rmspropSim(0.01, 0.9, 1e-7, { epsOutside: true }) },
            { name: 'The default ε looks like 1e-8; tfjs uses 1e-7 (its float32 epsilon).', hintKey: 'default-eps', update: rmspropSim(0.01, 0.9, 1e-8, {}) },
            { name: 'The default decay should be ρ = 0.9 (tf.train.rmsprop\'s default).', hintKey: 'rmsprop-decay', update: rmspropSim(0.01, 0.99, 1e-7, {}) },
            { name: 'The mean square is missing its (1 − ρ) factor: s = ρ·s + (1 − ρ)·g², a running average, not a running sum.', hintKey: 'rmsprop-decay', update: rmspropSim(0.01, 0.9, 1e-7, { undamped: true }) }] },
        { label: 'new RMSProp(0.02, { decay: 0.95 })', learner: (m) => new m.RMSProp(0.02, { decay: 0.95 }), reference: () => tf.train.rmsprop(0.02, 0.95, 0, 1e-7), lr: 0.02, steps: 10, gradScale: 1, seed: 8,
          variants: [{ name: 'The decay option is ignored: these updates use ρ = 0.9.', hintKey: 'rmsprop-decay', update: rmspropSim(0.02, 0.9, 1e-7, {}) }] },
        { label: 'new RMSProp(0.01, { decay: 0.8, epsilon: 1e-3 }) with gradients near 1e-4', learner: (m) => new m.RMSProp(0.01, { decay: 0.8, epsilon: 1e-3 }), reference: () => tf.train.rmsprop(0.01, 0.8, 0, 1e-3), lr: 0.01, steps: 10, gradScale: 1e-4, seed: 5,
          variants: [{ name: 'ε is outside the sqrt: g / (sqrt(s) + ε). tf.train.rmsprop puts ε inside, g / sqrt(s + ε) — with ε = 1e-3 and gradients near 1e-4 the two differ by ~30×.', hintKey: 'rmsprop-eps', update: rmspropSim(0.01, 0.8, 1e-3, { epsOutside: true }) }] },
      ];
    case 'Adam':
      return [
        { label: 'new Adam(0.01) over 50 steps', learner: (m) => new m.Adam(0.01), reference: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), lr: 0.01, steps: 50, gradScale: 1, seed: 6,
          variants: [{ name: 'This is Adam without bias correction: the first step moves ≈ 3.2·lr instead of lr. Divide m by (1 − β1ᵗ) and v by (1 − β2ᵗ), t counting steps from 1.', hintKey: 'adam-bias', update: adamSim(0.01, 0.9, 0.999, 1e-7, { noBias: true }) },
            { name: 'The step counter t advances once per parameter instead of once per step() call, so the second parameter is bias-corrected as if it were at step 2. Increase t once, before looping over the parameters.', hintKey: 'adam-t', update: adamSim(0.01, 0.9, 0.999, 1e-7, { tPerParam: true }) }] },
        { label: 'new Adam(0.01) with gradients near 1e-7 (the default ε matters)', learner: (m) => new m.Adam(0.01), reference: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), lr: 0.01, steps: 5, gradScale: 1e-7, seed: 9,
          variants: [{ name: 'The default ε looks like 1e-8 (PyTorch\'s); tf.train.adam uses 1e-7.', hintKey: 'default-eps', update: adamSim(0.01, 0.9, 0.999, 1e-8, {}) },
            { name: 'ε is inside the sqrt: m̂ / sqrt(v̂ + ε). Adam puts it outside, m̂ / (sqrt(v̂) + ε).', hintKey: 'adam-eps', update: adamSim(0.01, 0.9, 0.999, 1e-7, { epsInside: true }) },
            { name: 'This is the Adam paper\'s "ε̂" form, lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m/(√v + ε), which moves ε relative to the bias correction. tf.train.adam bias-corrects first: m̂/(√v̂ + ε).', hintKey: 'adam-eps', update: adamSim(0.01, 0.9, 0.999, 1e-7, { epsHat: true }) }] },
        { label: 'new Adam(0.01, { beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }) with gradients near 1e-4', learner: (m) => new m.Adam(0.01, { beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }), reference: () => tf.train.adam(0.01, 0.8, 0.99, 1e-3), lr: 0.01, steps: 10, gradScale: 1e-4, seed: 7,
          variants: [
            { name: 'ε is inside the sqrt: m̂ / sqrt(v̂ + ε). Adam puts it outside, m̂ / (sqrt(v̂) + ε).', hintKey: 'adam-eps', update: adamSim(0.01, 0.8, 0.99, 1e-3, { epsInside: true }) },
            { name: 'This is Adam without bias correction: divide m by (1 − β1ᵗ) and v by (1 − β2ᵗ).', hintKey: 'adam-bias', update: adamSim(0.01, 0.8, 0.99, 1e-3, { noBias: true }) },
            { name: 'The options are ignored: these are Adam\'s defaults (β1 0.9, β2 0.999, ε 1e-7), not the β1, β2 and ε passed in.', hintKey: 'adam-opts', update: adamSim(0.01, 0.9, 0.999, 1e-7, {}) },
            { name: 'This is the Adam paper\'s "ε̂" form, lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m/(√v + ε), which moves ε relative to the bias correction. tf.train.adam bias-corrects first: m̂/(√v̂ + ε).', hintKey: 'adam-eps', update: adamSim(0.01, 0.8, 0.99, 1e-3, { epsHat: true }) },
          ] },
      ];
  }
}

const expectThrow = (what: string, f: () => void) => {
  try { f(); } catch (e) { if (e instanceof Error || e != null) return; }
  fail(`${what} should throw an Error, but it returned normally.`);
};

const ALL = ['SGD', 'Momentum', 'RMSProp', 'Adam'] as const;
const build = (L: M, name: (typeof ALL)[number]): Opt =>
  name === 'SGD' ? new L.SGD(0.1) : name === 'Momentum' ? new L.Momentum(0.1, 0.9) : name === 'RMSProp' ? new L.RMSProp(0.01) : new L.Adam(0.01);
export const f32 = (...v: number[]) => Float32Array.from(v);

const rosen = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const rosenGrad = (x: number, y: number) => f32(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));

function emitRace(L: M, ctx: CheckContext): Record<string, number> {
  const racers: Array<[string, Opt]> = [
    ['SGD lr 1e-3', new L.SGD(1e-3)], ['Momentum lr 1e-3, m 0.9', new L.Momentum(1e-3, 0.9)], ['Nesterov lr 1e-3, m 0.9', new L.Momentum(1e-3, 0.9, true)],
    ['RMSProp lr 1e-2', new L.RMSProp(1e-2)], ['Adam lr 5e-2', new L.Adam(5e-2)],
  ];
  const steps = 500;
  const w = racers.map(() => f32(-1.5, 1.5));
  const paths = racers.map(([name]) => ({ name, points: [[-1.5, 1.5]] as Array<[number, number]> }));
  const finals: Record<string, number> = {};
  for (let s = 1; s <= steps; s++) {
    const values: Record<string, number> = {};
    racers.forEach(([name, opt], r) => {
      opt.step([w[r]], [rosenGrad(w[r][0], w[r][1])]);
      if (s % 5 === 0) paths[r].points.push([w[r][0], w[r][1]]);
      values[name] = rosen(w[r][0], w[r][1]);
      finals[name] = values[name];
    });
    if (s % 5 === 0) ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Rosenbrock loss per step (log scale)', xLabel: 'step', yLabel: 'loss, log scale', epoch: s, values, logY: true });
  }
  const W = 61;
  const values: number[] = [];
  for (let r = 0; r < W; r++) for (let c = 0; c < W; c++) values.push(rosen(-2 + (4 * c) / (W - 1), -1 + (4 * r) / (W - 1)));
  ctx.emit({ kind: 'contour', chart: 'contour', title: `Rosenbrock from (−1.5, 1.5): ${steps} steps each`, xRange: [-2, 2], yRange: [-1, 3], width: W, height: W, values, paths });
  return finals;
}

export default defineChecks<M>({
  checks: [
    { id: 'sgd', name: 'SGD matches tf.train.sgd', fn: 'SGD', run: (L) => casesFor('SGD').forEach((c) => runCase(L, c)) },
    { id: 'momentum', name: 'Momentum matches tf.train.momentum (v = m·v + g; w −= lr·v)', fn: 'Momentum', run: (L) => casesFor('Momentum').forEach((c) => runCase(L, c)) },
    { id: 'nesterov', name: 'Nesterov momentum matches tf.train.momentum(lr, m, true)', fn: 'Momentum', run: (L) => casesFor('Nesterov').forEach((c) => runCase(L, c)) },
    { id: 'rmsprop', name: 'RMSProp matches tf.train.rmsprop (default ε and decay, and ε = 1e-3 with gradients near 1e-4)', fn: 'RMSProp', run: (L) => casesFor('RMSProp').forEach((c) => runCase(L, c)) },
    { id: 'adam', name: 'Adam matches tf.train.adam (50 steps, default ε, and ε = 1e-3 with gradients near 1e-4)', fn: 'Adam', run: (L) => casesFor('Adam').forEach((c) => runCase(L, c)) },
    {
      id: 'zero-gradient', name: 'a zero gradient: SGD stays put, Momentum keeps moving', fn: 'Momentum',
      run(L) {
        const p = f32(1, -2);
        new L.SGD(0.1).step([p], [f32(0, 0)]);
        if (p[0] !== 1 || p[1] !== -2) fail(`SGD with a zero gradient should leave the parameters where they are, got [${Array.from(p).map(fmt)}].`);
        const q = f32(1, -2);
        const m = new L.Momentum(0.1, 0.9);
        m.step([q], [f32(1, 1)]);
        m.step([q], [f32(0, 0)]);
        // v1 = g = 1 → w = 1 − 0.1; v2 = 0.9·1 + 0 → w −= 0.09.
        const want = [Math.fround(Math.fround(1 - 0.1) - 0.09), Math.fround(Math.fround(-2 - 0.1) - 0.09)];
        if (Math.abs(q[0] - want[0]) > 1e-6 || Math.abs(q[1] - want[1]) > 1e-6) {
          fail(`Momentum(0.1, 0.9): after a step with g = 1 and a step with g = 0 the velocity should still carry the parameters (v = 0.9, w −= 0.09), giving [${want.map(fmt)}]; got [${Array.from(q).map(fmt)}].`,
            { expected: `[${want.map(fmt)}]`, actual: `[${Array.from(q).map(fmt)}]` });
        }
      },
    },
    {
      id: 'mismatched-lists-throw', name: 'step() throws when the counts or lengths of params and grads differ', fn: 'SGD',
      run(L) {
        for (const name of ALL) {
          expectThrow(`new ${name}(…).step([a, b], [ga]) (2 params, 1 gradient)`, () => build(L, name).step([f32(1, 2), f32(3)], [f32(0.1, 0.1)]));
          expectThrow(`new ${name}(…).step([a], [g]) with a.length 2 and g.length 3`, () => build(L, name).step([f32(1, 2)], [f32(0.1, 0.1, 0.1)]));
        }
      },
    },
    {
      id: 'changed-params-throw', name: 'Momentum, RMSProp and Adam throw when the parameter list changes after the first step', fn: 'Adam',
      run(L) {
        for (const name of ['Momentum', 'RMSProp', 'Adam'] as const) {
          const a = build(L, name);
          a.step([f32(1, 2), f32(3)], [f32(0.1, 0.1), f32(0.1)]);
          expectThrow(`${name}: a step with 1 parameter after a first step with 2`, () => a.step([f32(1, 2)], [f32(0.1, 0.1)]));
          const b = build(L, name);
          b.step([f32(1, 2), f32(3)], [f32(0.1, 0.1), f32(0.1)]);
          expectThrow(`${name}: a step whose second parameter has 3 values after a first step where it had 1`, () => b.step([f32(1, 2), f32(3, 4, 5)], [f32(0.1, 0.1), f32(0.1, 0.1, 0.1)]));
        }
      },
    },
    {
      id: 'rosenbrock', name: 'every optimizer lowers the Rosenbrock loss (trajectories plotted)', fn: 'Adam',
      run(L, ctx) {
        const finals = emitRace(L, ctx);
        const start = rosen(-1.5, 1.5);
        for (const [name, v] of Object.entries(finals)) {
          if (!(v < start)) fail(`${name}: after 500 steps on Rosenbrock from (−1.5, 1.5) the loss is ${fmt(v)}, not below the start ${fmt(start)}.`);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'Adam',
      calls: [
        ...ALL.map((name) => ({ name: `${name}.step`, call: (L: M) => { const o = build(L, name); const w = [f32(1, 2)]; o.step(w, [f32(0.5, -0.5)]); o.step(w, [f32(0.5, -0.5)]); } })),
        { name: 'Momentum (nesterov).step', call: (L) => new L.Momentum(0.1, 0.9, true).step([f32(1)], [f32(1)]) },
      ],
      names: { 'no-tf-kernels': 'no tf ops: the optimizers are pure TypeScript (P0)' },
    }),
  ],
});
