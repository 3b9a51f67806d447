/**
 * Value comparisons that explain themselves: shape first, then dtype, then the first wrong
 * element, and a guess at the mistake (×N, transposed, negated, offset, NaN…).
 */
import * as tf from '@tensorflow/tfjs';
import { CheckFailure, fail } from './api';
import { disposeNewTensors, nextTensorId } from './memory';
import {
  Flat, TensorLike, describeValue, flattenOrFail, fmtIndex, fmtNum, fmtPair, fmtShape, isTensor, prettyFlat, quoteName, prettyTensor, product, tryFlatten,
} from './format';

/**
 * A known mistake, named the same way for tensors and plain numbers: when the learner's value
 * matches it, `message` leads the failure and `hintKey` picks the hint ladder. `when` is
 *  - the values the mistake produces (a tensor, nested or flat array, typed array or number),
 *    compared element by element in row-major order whatever their layout;
 *  - a thunk returning such values (tensors it creates are disposed), or
 *  - a predicate over the learner's values in row-major order (`(got) => got[0] > 1`).
 */
export interface Mistake { when: TensorLike | (() => TensorLike) | ((got: number[]) => boolean); message: string; hintKey?: string }

export interface CloseOptions {
  atol?: number;
  rtol?: number;
  /** How the learner sees this value, e.g. '`softmax(x)`' or 'output'. */
  name?: string;
  /** Default true. When false only the element count must agree. */
  checkShape?: boolean;
  checkDtype?: boolean;
  /** The value must be a live tf.Tensor (not an array or number, not disposed). */
  tensor?: boolean;
  mistakes?: Mistake[];
  /** Named sizes for the ×N classifier, e.g. { batch: 4 } → "summed instead of averaged over the batch of 4?". */
  dims?: Record<string, number>;
  hintKey?: string;
}

export const DEFAULT_ATOL = 1e-6;
export const DEFAULT_RTOL = 1e-5;

const q = quoteName;

export function closeEnough(a: number, e: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  if (!Number.isFinite(a)) return false;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

export interface DiffSummary { count: number; first: number; maxAbs: number; maxRel: number }

export function diffValues(a: ArrayLike<number>, e: ArrayLike<number>, atol: number, rtol: number): DiffSummary {
  let count = 0;
  let first = -1;
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < e.length; i++) {
    if (closeEnough(a[i], e[i], atol, rtol)) continue;
    count++;
    if (first < 0) first = i;
    const d = Math.abs(a[i] - e[i]);
    if (Number.isFinite(d)) {
      maxAbs = Math.max(maxAbs, d);
      if (e[i] !== 0) maxRel = Math.max(maxRel, d / Math.abs(e[i]));
    }
  }
  return { count, first, maxAbs, maxRel };
}

function allClose(a: ArrayLike<number>, e: ArrayLike<number>, atol: number, rtol: number): boolean {
  if (a.length !== e.length) return false;
  for (let i = 0; i < e.length; i++) if (!closeEnough(a[i], e[i], atol, rtol)) return false;
  return true;
}

/** Values of a row-major array with its last two axes swapped. */
function transposeLast2(v: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const r = shape.length;
  const m = shape[r - 2];
  const n = shape[r - 1];
  const out = new Float64Array(v.length);
  const batch = v.length / (m * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[b * m * n + j * m + i] = v[b * m * n + i * n + j];
  }
  return out;
}

function ratioWords(k: number, dims: Array<[string, number]>, onlyTelling = false): string | null {
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-3 * Math.abs(y);
  for (const [label, n] of dims) {
    if (n < 2) continue;
    if (near(k, n)) return `off by a factor of ${n} — summed instead of averaged over ${label}?`;
    if (near(k, 1 / n)) return `off by a factor of 1/${n} — averaged instead of summed over ${label}, or divided by ${n} once too often?`;
  }
  for (let i = 0; i < dims.length; i++) for (let j = i + 1; j < dims.length; j++) {
    const n = dims[i][1] * dims[j][1];
    if (n < 2) continue;
    if (near(k, n)) return `off by a factor of ${n} = ${dims[i][1]}·${dims[j][1]} — summed instead of averaged over ${dims[i][0]} and ${dims[j][0]}?`;
    if (near(k, 1 / n)) return `off by a factor of 1/${n} = 1/(${dims[i][1]}·${dims[j][1]}) — averaged over ${dims[i][0]} and ${dims[j][0]} instead of summing?`;
  }
  if (near(k, 2)) return '2× too large — an extra factor 2 (or a missing ½)?';
  if (near(k, 0.5)) return 'half what it should be — a missing factor 2 (d/dx of x² is 2x) or an extra ½?';
  // A whole-number factor that is no size we know of: most likely the batch or a reduced axis.
  const whole = Math.round(k);
  if (whole >= 3 && whole <= 100000 && near(k, whole)) return `off by a factor of ${whole} — summed where a mean was needed, over something of size ${whole} (the batch?)`;
  const inv = Math.round(1 / k);
  if (inv >= 3 && inv <= 100000 && near(1 / k, inv)) return `off by a factor of 1/${inv} — a mean where a sum was needed (or an extra division by ${inv}), over something of size ${inv} (the batch?)`;
  if (onlyTelling) return null;
  return `every value is ${fmtNum(k)}× the expected one — a missing or extra scale factor?`;
}

export interface MistakeGuess { kind: 'nonfinite' | 'zeros' | 'transposed' | 'negated' | 'scaled' | 'offset' | 'permuted' | 'localized'; message: string }

/**
 * Guesses what kind of mistake turns `expected` into `actual` (same size). Returns null when
 * nothing simple fits. `dims` names sizes for the ×N guess; the expected shape's sizes are
 * always considered too.
 */
export function classifyMistake(
  actualIn: ArrayLike<number>, expectedIn: ArrayLike<number>, shape: readonly number[],
  o: { atol?: number; rtol?: number; dims?: Record<string, number> } = {},
): MistakeGuess | null {
  const n = expectedIn.length;
  if (actualIn.length !== n || n === 0) return null;
  // One array type for every loop below: mixed Float32Array / number[] access is many times slower.
  const actual = Float64Array.from(actualIn);
  const expected = Float64Array.from(expectedIn);
  // Detection tolerances are never tighter than float32 noise: a sum-instead-of-mean result is
  // k·expected only up to rounding.
  const atol = Math.max(o.atol ?? DEFAULT_ATOL, 1e-6);
  const rtol = Math.max(o.rtol ?? DEFAULT_RTOL, 1e-5);

  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(actual[i]) && Number.isFinite(expected[i])) {
      const what = fmtNum(actual[i]);
      const why = Number.isNaN(actual[i])
        ? 'an overflow? e.g. exp of a large logit (subtract the max first), 0/0, or log of 0 or of a negative number'
        : 'an overflow (exp of a large number?) or a division by zero?';
      const where = n === 1 ? '' : ` at ${fmtIndex(i, shape)}`;
      return { kind: 'nonfinite', message: `got ${what}${where} where ${fmtNum(expected[i])} was expected — ${why}` };
    }
  }
  let finite = true;
  for (let i = 0; i < n; i++) if (!Number.isFinite(expected[i]) || !Number.isFinite(actual[i])) { finite = false; break; }
  if (!finite) return null;

  let anyNonZeroE = false;
  let allZeroA = true;
  for (let i = 0; i < n; i++) { if (expected[i] !== 0) anyNonZeroE = true; if (actual[i] !== 0) allZeroA = false; }
  if (allZeroA && anyNonZeroE) return { kind: 'zeros', message: 'every element is 0 — is a result never written, or an update never applied?' };

  const r = shape.length;
  if (r >= 2 && shape[r - 1] === shape[r - 2] && shape[r - 1] > 1) {
    const t = transposeLast2(expected, shape);
    if (allClose(actual, t, atol, rtol) && !allClose(expected, t, atol, rtol)) {
      return { kind: 'transposed', message: 'it looks transposed (rows and columns swapped)' };
    }
  }

  if (anyNonZeroE) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) { num += actual[i] * expected[i]; den += expected[i] * expected[i]; }
    const k = num / den;
    if (Number.isFinite(k) && Math.abs(k) > 1e-12) {
      let fits = true;
      for (let i = 0; i < n; i++) {
        if (Math.abs(actual[i] - k * expected[i]) > atol + 10 * rtol * Math.abs(k * expected[i])) { fits = false; break; }
      }
      if (fits && Math.abs(k - 1) > 1e-9) {
        if (Math.abs(k + 1) < 1e-4) return { kind: 'negated', message: 'every element has the wrong sign — negated (y − ŷ vs ŷ − y, or + instead of −)?' };
        const named: Array<[string, number]> = Object.entries(o.dims ?? {}).map(([label, v]) => [`the ${label} of ${v}`, v]);
        const fromShape: Array<[string, number]> = shape.map((d, i) => [`axis ${i} (size ${d})`, d]);
        const words = ratioWords(Math.abs(k), [...named, ...fromShape], n === 1);
        // One number is always some multiple of another: only a telling factor is worth saying.
        if (!words) return null;
        return { kind: 'scaled', message: k < 0 ? `the sign is flipped and ${words}` : words };
      }
    }
  }

  if (n >= 2) {
    let lo = Infinity;
    let hi = -Infinity;
    let maxE = 0;
    for (let i = 0; i < n; i++) {
      const d = actual[i] - expected[i];
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
      maxE = Math.max(maxE, Math.abs(expected[i]));
    }
    const c = (lo + hi) / 2;
    if (hi - lo <= 2 * (atol + rtol * maxE) && Math.abs(c) > atol + rtol * maxE) {
      return { kind: 'offset', message: `every element is off by the same ${c > 0 ? '+' : ''}${fmtNum(c)} — a missing or extra bias/constant term?` };
    }
    // Sorting is the one super-linear step: skip it on very large outputs (it would cost seconds).
    const sa = n <= 200_000 ? Float64Array.from(actual).sort() : null;
    const se = sa ? Float64Array.from(expected).sort() : null;
    if (sa && se && allClose(sa, se, atol, rtol)) {
      return { kind: 'permuted', message: 'the right values are there but in the wrong places — the wrong axis, or an ordering/index mix-up?' };
    }
  }

  if (r === 2 && n >= 4) {
    const rows = new Set<number>();
    const cols = new Set<number>();
    for (let i = 0; i < n && (rows.size < 2 || cols.size < 2); i++) {
      if (closeEnough(actual[i], expected[i], atol, rtol)) continue;
      rows.add(Math.floor(i / shape[1]));
      cols.add(i % shape[1]);
    }
    if (cols.size === 1 && shape[1] > 1 && rows.size > 1) return { kind: 'localized', message: `only column ${[...cols][0]} (of ${shape[1]}) is wrong` };
    if (rows.size === 1 && shape[0] > 1 && cols.size > 1) return { kind: 'localized', message: `only row ${[...rows][0]} (of ${shape[0]}) is wrong` };
  }
  return null;
}

function squeezeShape(s: readonly number[]): number[] {
  return s.filter((d) => d !== 1);
}

function shapeAdvice(a: Flat, e: Flat): string {
  const as = a.shape;
  const es = e.shape;
  const sameSize = product(as) === product(es);
  if (sameSize && as.length === 2 && es.length === 2 && as[0] === es[1] && as[1] === es[0]) {
    const t = transposeLast2(e.values, es);
    if (allClose(a.values, t, 1e-5, 1e-4)) return ' — it looks transposed: the values are right but rows and columns are swapped';
    return ' — the two dimensions are swapped (transposed, or the wrong axis order?)';
  }
  if (sameSize && fmtShape(squeezeShape(as)) === fmtShape(squeezeShape(es))) {
    if (es.length === 0) return ' — return a scalar (shape []): reduce over all axes, or .squeeze()/.reshape([])';
    return as.length > es.length
      ? ' — there is an extra dimension of size 1 (keepDims: true, or a missing squeeze/reshape?)'
      : ' — a dimension of size 1 is missing (keepDims, or a missing expandDims/reshape?)';
  }
  // [n] against [n,1] broadcasts to [n,n]: a classic silent bug.
  if (as.length === 2 && as[0] === as[1] && product(es) === as[0] && as[0] > 1) {
    return ` — a [${as[0]},1] and a [${as[0]}] were probably broadcast together into ${fmtShape(as)}: make both operands the same shape first`;
  }
  if (sameSize) return ' — same number of elements, different layout: a wrong reshape or axis order?';
  if (as.length === es.length) {
    const diffs = as.map((d, i) => (d !== es[i] ? i : -1)).filter((i) => i >= 0);
    if (diffs.length >= 1 && diffs.every((i) => Math.abs(as[i] - es[i]) === 1) && as.length >= 3) {
      const axes = diffs.length === 1 ? `axis ${diffs[0]}` : `axes ${diffs.join(' and ')}`;
      return ` — off by one in ${axes}: the padding rule ('same' vs 'valid') or a ⌊⌋/⌈⌉ in the output-size formula?`;
    }
    if (diffs.length === 1) {
      const i = diffs[0];
      return ` — axis ${i} has size ${as[i]} instead of ${es[i]}${as[i] === 1 ? ' (reduced over the wrong axis?)' : ''}`;
    }
  }
  if (as.length < es.length) return ' — a dimension is missing (reduced over an axis you should have kept?)';
  return '';
}

function resolveMistake(m: Mistake): { flat: Flat | null; dispose: () => void } {
  const v = typeof m.when === 'function' ? (m.when as () => TensorLike)() : m.when as TensorLike;
  const f = tryFlatten(v);
  const created = typeof m.when === 'function' && isTensor(v);
  return { flat: typeof f === 'string' ? null : { ...f, values: Array.from(f.values) }, dispose: () => { if (created) (v as tf.Tensor).dispose(); } };
}

function matchMistakes(a: Flat, mistakes: Mistake[] | undefined, atol: number, rtol: number): Mistake | null {
  for (const m of mistakes ?? []) {
    if (typeof m.when === 'function' && m.when.length === 1) {
      if ((m.when as (got: number[]) => boolean)(Array.from(a.values))) return m;
      continue;
    }
    const { flat, dispose } = resolveMistake(m);
    dispose();
    if (!flat || flat.values.length !== a.values.length) continue;
    if (allClose(a.values, flat.values, atol, rtol)) return m;
  }
  return null;
}

/**
 * The main value check. Accepts tensors, nested arrays, typed arrays and numbers on either side.
 * Fails (CheckFailure) on: not numeric data, shape, dtype (if asked), then values.
 */
export function expectTensorClose(actual: unknown, expected: TensorLike, o: CloseOptions = {}): void {
  const name = q(o.name ?? 'result');
  const atol = o.atol ?? DEFAULT_ATOL;
  const rtol = o.rtol ?? DEFAULT_RTOL;
  if (o.tensor && !isTensor(actual)) fail(`${name}: expected a tensor, got ${describeValue(actual)}`, { hintKey: o.hintKey });
  if (o.tensor && (actual as tf.Tensor).isDisposed) fail(`${name}: the returned tensor is already disposed`, { hintKey: o.hintKey });
  const e = flattenOrFail(expected, name, 'expected');
  const a = flattenOrFail(actual, name, 'actual');
  const pretty = { expected: prettyFlat(e), actual: prettyFlat(a) };
  const leadWith = (m: Mistake | null, text: string): never => {
    if (m) fail(`${m.message} — ${text}`, { ...pretty, hintKey: m.hintKey ?? o.hintKey });
    return fail(text, { ...pretty, hintKey: o.hintKey });
  };

  const shapeOk = a.isScalarNumber || e.isScalarNumber
    ? product(a.shape) === product(e.shape)
    : fmtShape(a.shape) === fmtShape(e.shape);
  if (!shapeOk && (o.checkShape ?? true)) {
    const m = matchMistakes(a, o.mistakes, atol, rtol);
    leadWith(m, `${name} has shape ${fmtShape(a.shape)}, expected ${fmtShape(e.shape)}${shapeAdvice(a, e)}`);
  }
  if (a.values.length !== e.values.length) {
    fail(`${name} has ${a.values.length} elements (shape ${fmtShape(a.shape)}), expected ${e.values.length} (shape ${fmtShape(e.shape)})`, { ...pretty, hintKey: o.hintKey });
  }
  if (o.checkDtype) {
    const want = e.dtype ?? 'float32';
    if (!isTensor(actual)) fail(`${name} should be a ${want} tensor, but it is ${Array.isArray(actual) ? 'an array' : typeof actual}`, { ...pretty, hintKey: o.hintKey });
    if (a.dtype !== want) {
      const how = want === 'int32' ? ' (create it with dtype \'int32\', or .toInt())' : want === 'float32' ? ' (.toFloat() or tf.cast(x, \'float32\'))' : '';
      fail(`${name} has dtype ${a.dtype}, expected ${want}${how}`, { ...pretty, hintKey: o.hintKey });
    }
  }
  const d = diffValues(a.values, e.values, atol, rtol);
  if (d.count === 0) return;

  const shape = e.shape;
  const m = matchMistakes(a, o.mistakes, atol, rtol);
  const got = a.values[d.first];
  const want = e.values[d.first];
  const [sg, sw] = fmtPair(got, want);
  let text: string;
  if (e.values.length === 1) {
    text = `${name}: got ${sg}, expected ${sw}${Number.isFinite(got - want) ? ` (|diff| ${fmtNum(Math.abs(got - want))})` : ''}`;
  } else {
    text = `${name}: first wrong element at ${fmtIndex(d.first, shape)}: got ${sg}, expected ${sw}; ${d.count} of ${e.values.length} elements differ`;
    if (d.maxAbs > 0) text += `, max |diff| ${fmtNum(d.maxAbs, 2)}`;
    if (d.maxRel > 0) text += `, max rel ${fmtNum(d.maxRel, 2)}`;
  }
  if (!m) {
    const guess = classifyMistake(a.values, e.values, shape, { atol, rtol, dims: o.dims });
    if (guess?.kind === 'nonfinite') {
      text = `${name}: ${guess.message}`;
      if (e.values.length > 1) text += `; ${d.count} of ${e.values.length} elements differ`;
    } else if (guess) text += ` — ${guess.message}`;
  }
  leadWith(m, text);
}

/** Scalar comparison: numbers, 1-element arrays or scalar tensors. */
export function expectClose(actual: unknown, expected: number, o: { atol?: number; rtol?: number; name?: string; dims?: Record<string, number>; mistakes?: Mistake[]; hintKey?: string } = {}): void {
  const name = q(o.name ?? 'result');
  if (typeof actual !== 'number') {
    const f = tryFlatten(actual);
    if (typeof f === 'string' || f.values.length !== 1) {
      if (actual === undefined) fail(`${name} is undefined — did you forget to \`return\` it?`, { expected: fmtNum(expected, 6), actual: 'undefined' });
      fail(`${name} should be a number, but it is ${typeof f === 'string' ? f : `shape ${fmtShape(f.shape)}`}`, { expected: fmtNum(expected, 6), actual: prettyTensor(actual) });
    }
  }
  expectTensorClose(actual, expected, { ...o, checkShape: false });
}

export type ErrorMatch = RegExp | (new (...a: any[]) => Error);

function describeReturn(v: unknown): string {
  if (v === undefined) return 'returned undefined';
  return `returned ${prettyTensor(v, 8)}`;
}

function checkThrown(err: unknown, match: ErrorMatch | undefined, n: string, why: string): void {
  if (err instanceof CheckFailure) throw err;
  // The starter's "Not implemented" is no answer to a bad input: let the runner report it as such.
  if (err instanceof Error && /^Not implemented/i.test(err.message)) throw err;
  if (!match) return;
  if (match instanceof RegExp) {
    const msg = err instanceof Error ? err.message : String(err);
    if (!match.test(msg)) fail(`${n} threw "${msg}", but the error should mention ${match}${why}`, { expected: `an error matching ${match}`, actual: msg });
  // By name too: an error thrown by learner code in the sandbox is a copy from another realm.
  } else if (!(err instanceof match) && !(typeof err === 'object' && err !== null && (err as Error).name === match.name)) {
    fail(`${n} threw ${err instanceof Error ? err.name : typeof err}, expected a ${match.name}${why}`);
  }
}

/**
 * How a call that must throw reads to the learner: `name` ('mse([2,1], [2])'), why it must throw
 * ("shapes differ — tf would silently broadcast"), and the mistake a call that returns instead
 * makes ('shapes not validated'), which then leads the message.
 */
export interface ThrowsOptions { name: string; why?: string; mistake?: string; hintKey?: string }

function notThrown(o: ThrowsOptions, v: unknown, startId: number): never {
  const ret = describeReturn(v);
  disposeNewTensors(v, startId);
  const why = o.why ? ` (${o.why})` : '';
  return fail(`${o.mistake ? `${o.mistake}: ` : ''}${q(o.name)} should throw${why} but ${ret}`,
    { expected: 'an error', actual: ret.replace(/^returned /, ''), ...(o.hintKey ? { hintKey: o.hintKey } : {}) });
}

/**
 * `fn` must throw (`match`: a RegExp on the message or an Error class). Tensors it created and
 * returned instead are disposed after printing.
 */
export function expectThrows(fn: () => unknown, match?: ErrorMatch, name: string | ThrowsOptions = 'the call'): void {
  const o = typeof name === 'string' ? { name } : name;
  const n = q(o.name);
  const why = o.why ? ` (${o.why})` : '';
  let v: unknown;
  const startId = nextTensorId();
  try {
    v = fn();
  } catch (err) {
    checkThrown(err, match, n, why);
    return;
  }
  if (v instanceof Promise) {
    v.catch(() => undefined);
    throw new Error('check bug: expectThrows got a Promise; use expectThrowsAsync');
  }
  notThrown(o, v, startId);
}

