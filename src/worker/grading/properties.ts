/** Property checks: rows summing to 1, monotone sequences, sets of rows in any order. */
import { fail } from './api';
import { closeEnough } from './compare';
import { flattenOrFail, fmtNum, fmtPair, fmtShape, prettyFlat, product, quoteName, unravel } from './format';

/**
 * Every slice along `axis` sums to `value` (default 1): softmax rows, attention weights,
 * probability tables. Fails at the first slice that does not, naming its index and sum.
 */
export function expectSumsTo(t: unknown, axis = -1, value = 1, o: { atol?: number; name?: string; hintKey?: string } = {}): void {
  const name = quoteName(o.name ?? 'result');
  const f = flattenOrFail(t, o.name ?? 'result', 'actual');
  const r = f.shape.length;
  if (r === 0) fail(`${name} is a scalar; expected at least one axis to sum over`);
  const ax = axis < 0 ? axis + r : axis;
  if (ax < 0 || ax >= r) throw new Error(`check bug: axis ${axis} out of range for shape ${fmtShape(f.shape)}`);
  const atol = o.atol ?? 1e-5;
  const n = f.shape[ax];
  const inner = product(f.shape.slice(ax + 1));
  const outer = product(f.shape.slice(0, ax));
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += f.values[(a * n + i) * inner + b];
      if (!(Math.abs(sum - value) <= atol)) {
        const idx = [...unravel(a, f.shape.slice(0, ax)), ':', ...unravel(b, f.shape.slice(ax + 1))];
        fail(`${name}[${idx.join(',')}] sums to ${fmtNum(sum, 6)} over axis ${ax}, expected ${value}${Number.isNaN(sum) ? ' (it contains NaN)' : ''} — normalise over axis ${ax}?`,
          { expected: `every slice along axis ${ax} sums to ${value}`, actual: prettyFlat(f), hintKey: o.hintKey });
      }
    }
  }
}

export type Direction = 'increasing' | 'decreasing' | 'nonincreasing' | 'nondecreasing';

/** A sequence (loss curve, schedule) moves in one direction; `tol` forgives float noise on non-strict checks. */
export function expectMonotonic(seq: ArrayLike<number>, direction: Direction, o: { tol?: number; name?: string; hintKey?: string } = {}): void {
  const name = quoteName(o.name ?? 'sequence');
  const tol = o.tol ?? 0;
  for (let i = 1; i < seq.length; i++) {
    const a = seq[i - 1];
    const b = seq[i];
    const ok = direction === 'increasing' ? b > a : direction === 'decreasing' ? b < a
      : direction === 'nondecreasing' ? b >= a - tol : b <= a + tol;
    if (!ok) {
      const [sa, sb] = fmtPair(a, b);
      fail(`${name} should be ${direction} but goes from ${sa} at [${i - 1}] to ${sb} at [${i}]`, { expected: direction, actual: `${sa} → ${sb}`, hintKey: o.hintKey });
    }
  }
}

/**
 * The rows of `actual` equal the rows of `expected` in some order (detections, NMS output,
 * beam hypotheses). Rows are matched greedily within atol/rtol.
 */
export function expectRowsMatchIgnoringOrder(actual: unknown, expected: unknown, o: { atol?: number; rtol?: number; name?: string; hintKey?: string } = {}): void {
  const name = quoteName(o.name ?? 'result');
  const a = flattenOrFail(actual, o.name ?? 'result', 'actual');
  const e = flattenOrFail(expected, o.name ?? 'result', 'expected');
  const atol = o.atol ?? 1e-5;
  const rtol = o.rtol ?? 1e-4;
  const rowsOf = (f: typeof a): number[][] => {
    if (f.shape.length === 0) return [[f.values[0]]];
    const w = f.shape.length === 1 ? 1 : product(f.shape.slice(1));
    return Array.from({ length: f.shape[0] }, (_, i) => Array.from({ length: w }, (_, j) => f.values[i * w + j]));
  };
  const ar = rowsOf(a);
  const er = rowsOf(e);
  const pretty = { expected: prettyFlat(e), actual: prettyFlat(a), hintKey: o.hintKey };
  if (ar.length !== er.length) fail(`${name} has ${ar.length} rows, expected ${er.length}`, pretty);
  const used = new Array(ar.length).fill(false);
  for (let i = 0; i < er.length; i++) {
    const j = ar.findIndex((row, k) => !used[k] && row.length === er[i].length && row.every((v, c) => closeEnough(v, er[i][c], atol, rtol)));
    if (j < 0) fail(`${name} has no row matching expected row [${er[i].map((v) => fmtNum(v)).join(', ')}] (order does not matter)`, pretty);
    used[j] = true;
  }
}
