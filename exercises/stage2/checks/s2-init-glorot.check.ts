/**
 * Checks for s2-init-glorot (P0). The learner's rng is not tf's, so the initializers are graded
 * by statistics on [400,300] (120 000 values) and [3,3,16,32] (4 608): |mean| < 4σ/√n, std within
 * ±3 % of the target (Keras ≥ 2.3 spec: the truncated normal is corrected by 0.87962566), bounds.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, mulberry32, gaussian } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-glorot');

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

const SHAPES: Array<{ shape: number[]; fanIn: number; fanOut: number; plainIn: number; plainOut: number }> = [
  { shape: [400, 300], fanIn: 400, fanOut: 300, plainIn: 400, plainOut: 300 },
  { shape: [3, 3, 16, 32], fanIn: 144, fanOut: 288, plainIn: 16, plainOut: 32 },
];

function glorotCandidates(fi: number, fo: number, plainIn: number, plainOut: number, kind: 'uniform' | 'normal'): Candidate[] {
  const t = Math.sqrt(2 / (fi + fo));
  const c: Candidate[] = [
    { std: Math.sqrt(2 / fi), say: 'glorot with fanIn only: that is He\'s √(2/fanIn); Glorot averages both fans, √(2/(fanIn + fanOut))', hintKey: 'glorot-fans' },
    { std: Math.sqrt(1 / fi), say: 'glorot with fanIn only: √(1/fanIn) is LeCun\'s; Glorot uses 2/(fanIn + fanOut)', hintKey: 'glorot-fans' },
    { std: Math.sqrt(2 / fo), say: 'glorot with fanOut only: Glorot uses 2/(fanIn + fanOut)', hintKey: 'glorot-fans' },
  ];
  if (plainIn !== fi) c.push({ std: Math.sqrt(2 / (plainIn + plainOut)), say: `conv fans without the receptive field: for HWIO [kh,kw,in,out] fanIn = kh·kw·in = ${fi}, fanOut = kh·kw·out = ${fo}`, hintKey: 'glorot-fans' });
  if (kind === 'uniform') {
    c.push({ std: t / Math.sqrt(3), say: 'limit = √(2/(fanIn + fanOut)) is the target STD; U(−a, a) has std a/√3, so the limit is √(6/(fanIn + fanOut))' });
    c.push({ std: t * Math.sqrt(3), say: 'limit too wide by √3: the limit is √(6/(fanIn + fanOut))' });
  } else {
    c.push({ std: t * TRUNC, say: 'uncorrected truncated std: a normal cut at ±2σ has std 0.88σ — divide σ by 0.87962566 (tf.initializers.glorotNormal skips this, F7)', hintKey: 'init-truncation' });
    c.push({ std: t / TRUNC, say: 'σ corrected twice, or a plain normal with the corrected σ: truncate at ±2σ_param and resample', hintKey: 'init-truncation' });
  }
  return c;
}

export default defineChecks<M>({
  checks: [
    {
      name: 'computeFans: dense [in,out] and conv HWIO [kh,kw,in,out]',
      fn: 'computeFans',
      hintKey: 'glorot-fans',
      run(m) {
        const cases: Array<[number[], number, number]> = [[[400, 300], 400, 300], [[5, 7], 5, 7], [[3, 3, 16, 32], 144, 288], [[5, 1, 3, 8], 15, 40]];
        for (const [shape, fi, fo] of cases) {
          const r = m.computeFans(shape);
          if (!r || typeof r.fanIn !== 'number' || typeof r.fanOut !== 'number') fail('computeFans must return { fanIn, fanOut }');
          if (r.fanIn === fi && r.fanOut === fo) continue;
          const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
          const inn = shape[shape.length - 2];
          const out = shape[shape.length - 1];
          let why = '';
          if (r.fanIn === fo && r.fanOut === fi) why = ' — fanIn and fanOut swapped: the second-to-last axis is the input';
          else if (shape.length > 2 && r.fanIn === inn && r.fanOut === out) why = ' — computeFans wrong for conv HWIO: multiply in and out by the receptive field kh·kw';
          else if (shape.length > 2 && r.fanIn === shape[0] * rf / shape[0] * shape[1]) why = ' — the layout is HWIO [kh, kw, in, out], not [out, in, kh, kw]';
          void rf;
          fail(`computeFans([${shape.join(',')}]) = { fanIn: ${r.fanIn}, fanOut: ${r.fanOut} }, expected { fanIn: ${fi}, fanOut: ${fo} }${why}`, { expected: `${fi}, ${fo}`, actual: `${r.fanIn}, ${r.fanOut}`, hintKey: 'glorot-fans' });
        }
      },
    },
    {
      name: 'glorotUniform: U(±√(6/(fanIn+fanOut))) by statistics on [400,300] and [3,3,16,32]',
      fn: 'glorotUniform',
      run(m) {
        for (const s of SHAPES) {
          const t = m.glorotUniform(s.shape, mulberry32(11));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`glorotUniform must return a tensor of shape ${shp(s.shape)}`);
            const limit = Math.sqrt(6 / (s.fanIn + s.fanOut));
            expectInitStats(t, `glorotUniform(${shp(s.shape)})`, limit / Math.sqrt(3), limit, glorotCandidates(s.fanIn, s.fanOut, s.plainIn, s.plainOut, 'uniform'), 'uniform');
          } finally {
            disposeResult(t);
          }
        }
      },
    },
    {
      name: 'glorotNormal: truncated at 2σ with the Keras 0.87962566 correction (final std √(2/(fanIn+fanOut)))',
      fn: 'glorotNormal',
      hintKey: 'init-truncation',
      run(m, ctx) {
        for (const s of SHAPES) {
          const t = m.glorotNormal(s.shape, mulberry32(12));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`glorotNormal must return a tensor of shape ${shp(s.shape)}`);
            const target = Math.sqrt(2 / (s.fanIn + s.fanOut));
            expectInitStats(t, `glorotNormal(${shp(s.shape)})`, target, (2 * target) / TRUNC, glorotCandidates(s.fanIn, s.fanOut, s.plainIn, s.plainOut, 'normal'), 'normal');
            // The panel's teaching point (F7): tfjs's own initializer comes out ≈ 0.88× narrow.
            const tfInit = tf.initializers.glorotNormal({ seed: 5 }).apply(s.shape) as tf.Tensor;
            const tfStd = statsOf(tfInit).std;
            tfInit.dispose();
            ctx.emit({ kind: 'bars', chart: 'stdRatio', title: `std / target, glorotNormal ${shp(s.shape)}`, labels: ['your glorotNormal', 'tf.initializers.glorotNormal'], series: [{ name: 'std ÷ √(2/(fanIn+fanOut))', values: [statsOf(t).std / target, tfStd / target] }] });
          } finally {
            disposeResult(t);
          }
        }
      },
    },
    {
      name: 'same rng seed gives the same tensor; a different seed a different one',
      fn: 'glorotNormal',
      run(m) {
        for (const f of ['glorotUniform', 'glorotNormal'] as const) {
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
      fn: 'glorotUniform',
      run(m) {
        for (const f of ['glorotUniform', 'glorotNormal'] as const) {
          const e = m[f]([0, 5], mulberry32(1));
          try {
            if (!(e instanceof tf.Tensor) || shp(e.shape) !== '[0,5]') fail(`${f}([0,5]) must return an empty tensor of shape [0,5]`);
          } finally {
            disposeResult(e);
          }
          expectThrowsLocal(`${f}([−3,5])`, () => m[f]([-3, 5], mulberry32(1)));
        }
        expectThrowsLocal('computeFans([3,−2])', () => m.computeFans([3, -2]));
      },
    },
    {
      name: 'P0: no tf kernels (loops, then tf.tensor); nothing leaked',
      fn: 'glorotNormal',
      async run(m) {
        await expectNoKernels('glorotUniform', () => m.glorotUniform([3, 3, 4, 5], mulberry32(2)));
        await expectNoKernels('glorotNormal', () => m.glorotNormal([3, 3, 4, 5], mulberry32(2)));
        expectCleanCall('glorotNormal', [], () => m.glorotNormal([30, 20], mulberry32(3)));
      },
    },
  ],
  demo: {
    async run(m, ctx) {
      const he: InitFn = (shape, rng) => normalInit(Math.sqrt(2 / shape[shape.length - 2]))(shape, rng);
      const last = await varianceDemo(ctx, [
        { name: 'N(0,1)', make: normalInit(1) }, { name: 'N(0,0.01)', make: normalInit(0.01) },
        { name: 'Xavier (yours)', make: (s, r) => m.glorotNormal(s, r) }, { name: 'He', make: he },
      ], 3);
      const xavierTanh = last['Xavier (yours) + tanh'];
      const smallTanh = last['N(0,0.01) + tanh'];
      return {
        stdLayer20XavierTanh: xavierTanh, stdLayer20SmallTanh: smallTanh, stdLayer20N1Relu: last['N(0,1) + relu'], stdLayer20HeRelu: last['He + relu'],
        xavierKeepsTanhAlive: xavierTanh > 0.05 && smallTanh < 1e-6,
      };
    },
  },
});
