/**
 * Checks for s2-init-he (P0). Graded by statistics like s2-init-glorot: Var(w) = 2/fanIn, with
 * fanIn = kh·kw·in for HWIO kernels; the truncated normal uses the Keras 0.87962566 correction.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, mulberry32, gaussian, makeSpirals } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-he');

// ---- local helpers (self-contained so this file does not depend on helper signatures) ----
const shp = (s: readonly number[]): string => `[${s.join(',')}]`;
const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

function multiIndex(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(',')}]`;
}

/** Index of the first element outside atol + rtol·|expected| (NaN matches NaN, ±Inf itself), or −1. */
function firstMismatch(got: ArrayLike<number>, exp: ArrayLike<number>, atol: number, rtol: number): number {
  if (got.length !== exp.length) return 0;
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    const b = exp[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      return i;
    }
    if (a === b) continue;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return i;
  }
  return -1;
}

interface Mistake { values: ArrayLike<number> | tf.Tensor; say: string; hintKey?: string }

/**
 * Compare `got` with `expected`; on a mismatch, name the first known mistake that `got` matches,
 * else report the first wrong element. Disposes nothing.
 */
function expectClose(got: tf.Tensor, expected: tf.Tensor, what: string, tol: { atol: number; rtol: number }, mistakes: Mistake[] = []): void {
  if (!(got instanceof tf.Tensor)) fail(`${what}: expected a tensor, got ${typeof got}`);
  if (got.isDisposed) fail(`${what}: the returned tensor is already disposed`);
  const g = vals(got);
  const e = vals(expected);
  const sameShape = shp(got.shape) === shp(expected.shape);
  if (sameShape && firstMismatch(g, e, tol.atol, tol.rtol) < 0) return;
  for (const m of mistakes) {
    const mv = m.values instanceof tf.Tensor ? vals(m.values) : Array.from(m.values);
    if (mv.length === g.length && firstMismatch(g, mv, tol.atol, tol.rtol) < 0 && firstMismatch(mv, e, tol.atol, tol.rtol) >= 0) {
      fail(`${what}: ${m.say}`, { expected: e.slice(0, 8).map(fmt).join(', '), actual: g.slice(0, 8).map(fmt).join(', '), hintKey: m.hintKey });
    }
  }
  if (!sameShape) fail(`${what}: shape ${shp(got.shape)}, expected ${shp(expected.shape)}`, { expected: shp(expected.shape), actual: shp(got.shape) });
  const i = firstMismatch(g, e, tol.atol, tol.rtol);
  const wrong = g.filter((v, k) => firstMismatch([v], [e[k]], tol.atol, tol.rtol) >= 0).length;
  const at = expected.rank > 0 ? ` at ${multiIndex(expected.shape, i)}` : '';
  fail(`${what}: first wrong element${at}: ${fmt(g[i])} vs ${fmt(e[i])} (${wrong} of ${e.length} wrong)`, { expected: fmt(e[i]), actual: fmt(g[i]) });
}

function tensorsIn(r: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (r instanceof tf.Tensor) out.push(r);
  else if (Array.isArray(r)) r.forEach((v) => tensorsIn(v, out));
  else if (r && typeof r === 'object') Object.values(r).forEach((v) => tensorsIn(v, out));
  return out;
}

/** Dispose what a learner call returned (each tensor once, never one of the inputs). */
function disposeResult(r: unknown, inputs: tf.Tensor[] = []): void {
  for (const t of new Set(tensorsIn(r))) if (!inputs.includes(t) && !t.isDisposed) t.dispose();
}

/** Run `fn` once: nothing but its result may stay allocated, and the inputs must be untouched. */
function expectCleanCall(what: string, inputs: tf.Tensor[], fn: () => unknown): void {
  const snap = inputs.map((t) => vals(t));
  const before = tf.memory().numTensors;
  const r = fn();
  disposeResult(r, inputs);
  const leaked = tf.memory().numTensors - before;
  inputs.forEach((t, k) => {
    if (t.isDisposed) fail(`${what} disposed its input #${k + 1}: the caller still owns it`);
    if (firstMismatch(vals(t), snap[k], 0, 0) >= 0) fail(`${what} changed the values of its input #${k + 1}`);
  });
  if (leaked > 0) fail(`${what} leaked ${leaked} tensor(s): wrap the intermediates in tf.tidy or dispose them`);
}

/** The call must throw (any Error); a silent result is the failure (`say` names the mistake). */
function expectThrowsLocal(what: string, fn: () => unknown, say?: string): void {
  let r: unknown;
  try {
    r = fn();
  } catch {
    return;
  }
  disposeResult(r);
  fail(say ? `${say}: ${what} returned a result instead of throwing` : `${what} should throw, but returned a result`);
}

/** Kernels run by `fn` (tf.profile); its result is disposed. */
async function kernelsRun(fn: () => unknown, inputs: tf.Tensor[] = []): Promise<string[]> {
  const info = await tf.profile(() => fn() as tf.TensorContainer);
  disposeResult(info.result, inputs);
  return info.kernelNames;
}

/** Line numbers (1-based) where a banned API appears in the learner's source, comments ignored. */
function bannedApiLines(source: string, apis: RegExp[]): Array<{ api: string; line: number }> {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
  const hits: Array<{ api: string; line: number }> = [];
  code.split('\n').forEach((l, i) => apis.forEach((re) => {
    const m = l.match(re);
    if (m) hits.push({ api: m[0].replace(/\s+/g, ''), line: i + 1 });
  }));
  return hits;
}
// ---- end of local helpers ----
// ---- statistics of an initializer's sample ----
const TRUNC = 0.87962566103423978; // std of a standard normal truncated at ±2

interface Stats { n: number; mean: number; std: number; maxAbs: number; atMax: number }

function statsOf(t: tf.Tensor): Stats {
  const v = t.dataSync();
  const n = v.length;
  let s = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    s += v[i];
    maxAbs = Math.max(maxAbs, Math.abs(v[i]));
  }
  const mean = s / n;
  let q = 0;
  let atMax = 0;
  for (let i = 0; i < n; i++) {
    q += (v[i] - mean) ** 2;
    if (Math.abs(v[i]) >= maxAbs * (1 - 1e-6)) atMax++;
  }
  return { n, mean, std: Math.sqrt(q / n), maxAbs, atMax };
}

interface Candidate { std: number; say: string; hintKey?: string }

/**
 * The sample must have |mean| < 4σ/√n, a std within ±3 % of `target` and |w| ≤ `bound`;
 * otherwise name the candidate mistake whose std the sample matches (within 3 %).
 */
function expectInitStats(t: tf.Tensor, what: string, target: number, bound: number, candidates: Candidate[], kind: 'uniform' | 'normal'): void {
  const st = statsOf(t);
  const ratio = st.std / target;
  if (Math.abs(st.mean) > (4 * target) / Math.sqrt(st.n)) {
    const shifted = kind === 'uniform' && Math.abs(st.mean - bound / 2) < 0.1 * bound;
    fail(`${what}: mean ${fmt(st.mean)} is not ≈ 0 (allowed ±${fmt((4 * target) / Math.sqrt(st.n))})${shifted ? ' — values lie in [0, limit): use (2·rng() − 1)·limit for U(−limit, limit)' : ''}`);
  }
  if (kind === 'normal' && st.atMax > st.n * 0.005) {
    fail(`${what}: ${st.atMax} values sit exactly at ±${fmt(st.maxAbs)}: values beyond 2σ were clipped to the bound; a truncated normal RESAMPLES them instead`, { hintKey: 'init-truncation' });
  }
  // The shape of the distribution, independent of its scale: max|w|/std is √3 for a uniform and
  // 2/0.8796 = 2.27 for a normal truncated at 2σ; an untruncated normal of this size reaches ≈ 4.5.
  if (kind === 'normal' && st.maxAbs / st.std > 2.4) {
    fail(`${what}: values reach ${(st.maxAbs / st.std).toFixed(1)} standard deviations — the normal was not truncated at ±2σ: redraw every z with |z| > 2`, { hintKey: 'init-truncation' });
  }
  if (kind === 'uniform' && st.maxAbs / st.std > 1.8) {
    fail(`${what}: values reach ${(st.maxAbs / st.std).toFixed(1)} standard deviations, a uniform reaches only √3 ≈ 1.73 — sample (2·rng() − 1)·limit`);
  }
  if (Math.abs(ratio - 1) > 0.03) {
    const named = candidates.find((c) => Math.abs(st.std / c.std - 1) <= 0.03);
    fail(`${what}: std ${fmt(st.std)}, expected ${fmt(target)} (ratio ${ratio.toFixed(3)})${named ? ` — ${named.say}` : ''}`,
      { expected: fmt(target), actual: fmt(st.std), hintKey: named?.hintKey });
  }
  if (st.maxAbs > bound * (1 + 1e-6)) {
    fail(kind === 'uniform'
      ? `${what}: a value of magnitude ${fmt(st.maxAbs)} lies outside ±limit = ±${fmt(bound)} — is this really uniform on (−limit, limit)?`
      : `${what}: a value of magnitude ${fmt(st.maxAbs)} lies beyond the truncation at 2σ = ${fmt(bound)}: resample any |z| > 2`, { hintKey: 'init-truncation' });
  }
}

/** Kernels run while `fn` builds its tensor: a P0 initializer may only create the result. */
async function expectNoKernels(what: string, fn: () => tf.Tensor): Promise<void> {
  const used = await kernelsRun(fn);
  if (used.length > 0) fail(`${what} ran tf kernels (${[...new Set(used)].join(', ')}): this is a P0 exercise — loop over a Float32Array and build the result with tf.tensor(values, shape) only`);
}
// ---- end of statistics helpers ----
// ---- demo: activation std across 20 layers for four initialisations × tanh/ReLU ----
type InitFn = (shape: number[], rng: () => number) => tf.Tensor;

async function varianceDemo(ctx: CheckContext, inits: Array<{ name: string; make: InitFn }>, seed: number): Promise<Record<string, number>> {
  const layers = 20;
  const width = 128;
  const batch = 256;
  const rng0 = mulberry32(seed);
  const x = tf.tensor2d(Array.from({ length: batch * width }, () => gaussian(rng0)), [batch, width]);
  const series: Array<{ name: string; x: number[]; y: number[]; dashed?: boolean }> = [];
  const last: Record<string, number> = {};
  for (const init of inits) {
    for (const act of ['tanh', 'relu'] as const) {
      let h: tf.Tensor = x.clone();
      const stds: number[] = [];
      for (let l = 1; l <= layers; l++) {
        const W = init.make([width, width], mulberry32(seed * 1000 + l));
        const next = tf.tidy(() => (act === 'tanh' ? tf.tanh(tf.matMul(h, W)) : tf.relu(tf.matMul(h, W))));
        tf.dispose([W, h]);
        h = next;
        // Scale by max|h| first: squares of 1e18-sized activations would overflow float32.
        const s = tf.tidy(() => {
          const mx = tf.max(tf.abs(h));
          return tf.mul(tf.sqrt(tf.moments(tf.div(h, tf.maximum(mx, 1e-30))).variance), mx).dataSync()[0];
        });
        // A log axis cannot show 0 or ∞: clamp to float32's range so the line stays drawable.
        stds.push(Number.isFinite(s) ? Math.min(Math.max(s, 1e-38), 1e38) : 1e38);
      }
      h.dispose();
      series.push({ name: `${init.name} + ${act}`, x: Array.from({ length: layers }, (_, i) => i + 1), y: stds, dashed: act === 'tanh' });
      last[`${init.name} + ${act}`] = stds[layers - 1];
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  x.dispose();
  ctx.emit({ kind: 'lines', chart: 'variance', title: 'Activation std per layer (20 layers × 128, 256 inputs)', xLabel: 'layer', yLabel: 'std of activations', logY: true, series });
  return last;
}

function normalInit(std: number): InitFn {
  return (shape, rng) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => std * gaussian(rng)), shape);
}

const SHAPES: Array<{ shape: number[]; fanIn: number; fanOut: number; plainIn: number }> = [
  { shape: [400, 300], fanIn: 400, fanOut: 300, plainIn: 400 },
  { shape: [3, 3, 16, 32], fanIn: 144, fanOut: 288, plainIn: 16 },
];

function heCandidates(fi: number, fo: number, plainIn: number, kind: 'uniform' | 'normal'): Candidate[] {
  const t = Math.sqrt(2 / fi);
  const c: Candidate[] = [
    { std: Math.sqrt(2 / fo), say: 'he using fanOut: He scales by the number of INPUTS, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(4 / (fi + fo)), say: 'he with Glorot\'s averaged fans: He uses fanIn alone, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(2 / (fi + fo)), say: 'that is Glorot\'s 2/(fanIn + fanOut): He uses 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(1 / fi), say: 'missing the factor 2: √(1/fanIn) is LeCun\'s; ReLU zeroes half the inputs, so He doubles it to 2/fanIn', hintKey: 'he-fanin' },
  ];
  if (plainIn !== fi) c.push({ std: Math.sqrt(2 / plainIn), say: `computeFans wrong for conv HWIO: fanIn of [kh,kw,in,out] is kh·kw·in = ${fi}, not in = ${plainIn}`, hintKey: 'he-fanin' });
  if (kind === 'uniform') {
    c.push({ std: t / Math.sqrt(3), say: 'limit = √(2/fanIn) is the target STD; U(−a, a) has std a/√3, so the limit is √(6/fanIn)' });
  } else {
    c.push({ std: t * TRUNC, say: 'uncorrected truncated std: a normal cut at ±2σ has std 0.88σ — divide σ by 0.87962566 (tf.initializers.heNormal skips this, F7)', hintKey: 'init-truncation' });
    c.push({ std: t / TRUNC, say: 'σ corrected but the normal not truncated (or corrected twice): resample |z| > 2', hintKey: 'init-truncation' });
  }
  return c;
}

export default defineChecks<M>({
  checks: [
    {
      name: 'heUniform: U(±√(6/fanIn)) by statistics on [400,300] and [3,3,16,32]',
      fn: 'heUniform',
      hintKey: 'he-fanin',
      run(m) {
        for (const s of SHAPES) {
          const t = m.heUniform(s.shape, mulberry32(21));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`heUniform must return a tensor of shape ${shp(s.shape)}`);
            const limit = Math.sqrt(6 / s.fanIn);
            expectInitStats(t, `heUniform(${shp(s.shape)})`, limit / Math.sqrt(3), limit, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'uniform'), 'uniform');
          } finally {
            disposeResult(t);
          }
        }
      },
    },
    {
      name: 'heNormal: truncated at 2σ with the 0.87962566 correction (final std √(2/fanIn))',
      fn: 'heNormal',
      hintKey: 'init-truncation',
      run(m, ctx) {
        const ratios: number[] = [];
        const tfRatios: number[] = [];
        for (const s of SHAPES) {
          const t = m.heNormal(s.shape, mulberry32(22));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`heNormal must return a tensor of shape ${shp(s.shape)}`);
            const target = Math.sqrt(2 / s.fanIn);
            expectInitStats(t, `heNormal(${shp(s.shape)})`, target, (2 * target) / TRUNC, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'normal'), 'normal');
            const tfInit = tf.initializers.heNormal({ seed: 5 }).apply(s.shape) as tf.Tensor;
            tfRatios.push(statsOf(tfInit).std / target);
            tfInit.dispose();
            ratios.push(statsOf(t).std / target);
          } finally {
            disposeResult(t);
          }
        }
        // The panel's teaching point (F7): tfjs's heNormal is ≈ 0.88× narrow, dense and conv alike.
        ctx.emit({ kind: 'bars', chart: 'stdRatio', title: 'std ÷ √(2/fanIn)', labels: SHAPES.map((s) => shp(s.shape)), series: [{ name: 'your heNormal', values: ratios }, { name: 'tf.initializers.heNormal', values: tfRatios }] });
      },
    },
    {
      name: 'same rng seed gives the same tensor; a different seed a different one',
      fn: 'heNormal',
      run(m) {
        for (const f of ['heUniform', 'heNormal'] as const) {
          const a = m[f]([20, 10], mulberry32(7));
          const b = m[f]([20, 10], mulberry32(7));
          const c = m[f]([20, 10], mulberry32(8));
          try {
            if (firstMismatch(vals(a), vals(b), 0, 0) >= 0) fail(`${f}: two calls with mulberry32(7) gave different tensors — draw every random number from the rng argument (never Math.random)`);
            if (firstMismatch(vals(a), vals(c), 0, 0) < 0) fail(`${f}: seeds 7 and 8 gave the same tensor — use the rng argument`);
          } finally {
            disposeResult([a, b, c]);
          }
        }
      },
    },
    {
      name: 'a zero dimension gives an empty tensor; a negative dimension throws',
      fn: 'heUniform',
      run(m) {
        for (const f of ['heUniform', 'heNormal'] as const) {
          const e = m[f]([0, 5], mulberry32(1));
          try {
            if (!(e instanceof tf.Tensor) || shp(e.shape) !== '[0,5]') fail(`${f}([0,5]) must return an empty tensor of shape [0,5]`);
          } finally {
            disposeResult(e);
          }
          expectThrowsLocal(`${f}([−3,5])`, () => m[f]([-3, 5], mulberry32(1)));
        }
      },
    },
    {
      name: 'P0: no tf kernels (loops, then tf.tensor); nothing leaked',
      fn: 'heNormal',
      async run(m) {
        await expectNoKernels('heUniform', () => m.heUniform([3, 3, 4, 5], mulberry32(2)));
        await expectNoKernels('heNormal', () => m.heNormal([3, 3, 4, 5], mulberry32(2)));
        expectCleanCall('heNormal', [], () => m.heNormal([30, 20], mulberry32(3)));
      },
    },
  ],
  demo: {
    async run(m, ctx) {
      const xavier: InitFn = (shape, rng) => normalInit(Math.sqrt(2 / (shape[0] + shape[1])))(shape, rng);
      const last = await varianceDemo(ctx, [
        { name: 'N(0,1)', make: normalInit(1) }, { name: 'N(0,0.01)', make: normalInit(0.01) },
        { name: 'Xavier', make: xavier }, { name: 'He (yours)', make: (s, r) => m.heNormal(s, r) },
      ], 4);
      const curves = await deepReluRace(m, ctx, xavier);
      const heRelu = last['He (yours) + relu'];
      const smallRelu = last['N(0,0.01) + relu'];
      return {
        stdLayer20HeRelu: heRelu, stdLayer20SmallRelu: smallRelu, stdLayer20XavierRelu: last['Xavier + relu'],
        heKeepsReluAlive: heRelu > 0.1 && smallRelu < 1e-6,
        finalLossXavier: curves.xavier, finalLossHe: curves.he,
        heBeatsXavierDeepRelu: curves.he < curves.xavier,
      };
    },
  },
});

// ---- demo part 2: a 10-layer ReLU MLP on spirals, Xavier vs your He, same SGD ----
async function deepReluRace(m: M, ctx: CheckContext, xavier: InitFn): Promise<{ xavier: number; he: number }> {
  const data = makeSpirals({ nPerClass: 70, classes: 3, noise: 0.15, seed: 8 });
  const x = tf.tensor2d(data.x);
  const y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 3).toFloat();
  const depth = 10;
  const width = 32;
  const steps = 150;
  const finals: Record<string, number> = {};
  const curves: Record<number, Record<string, number>> = {};
  try {
    for (const [name, init] of [['Xavier', xavier], ['He (yours)', (s: number[], r: () => number) => m.heNormal(s, r)]] as Array<[string, InitFn]>) {
      const vars: tf.Variable[] = [];
      for (let l = 0; l <= depth; l++) {
        const shape = [l === 0 ? 2 : width, l === depth ? 3 : width];
        const w0 = init(shape, mulberry32(500 + l));
        vars.push(tf.variable(w0), tf.variable(tf.zeros([shape[1]])));
        w0.dispose();
      }
      const opt = tf.train.sgd(0.1);
      for (let step = 1; step <= steps; step++) {
        const loss = opt.minimize(() => {
          let h: tf.Tensor = x;
          for (let l = 0; l <= depth; l++) {
            const z = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
            h = l === depth ? z : tf.relu(z);
          }
          return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
        }, true) as tf.Scalar;
        const v = loss.dataSync()[0];
        loss.dispose();
        finals[name] = v;
        if (step % 5 === 0 || step === 1) {
          curves[step] = { ...curves[step], [name]: v };
          ctx.emit({ kind: 'epoch', chart: 'loss', title: '10-layer ReLU MLP, SGD 0.1: training loss', epoch: step, values: curves[step] });
        }
        if (step % 25 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      opt.dispose();
      tf.dispose(vars);
    }
  } finally {
    tf.dispose([x, y]);
  }
  return { xavier: finals.Xavier, he: finals['He (yours)'] };
}
