/**
 * Turning whatever a learner returned (tensor, nested array, typed array, number) into flat
 * numbers plus a shape, and printing values for failure messages.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';

export type TensorLike =
  | tf.Tensor | number | boolean | number[] | number[][] | number[][][] | number[][][][] | ArrayLike<number> | unknown[];

/** Duck-typed so a tensor from any copy of tfjs-core is recognised. */
export function isTensor(v: unknown): v is tf.Tensor {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v && 'dtype' in v
    && typeof (v as { dataSync?: unknown }).dataSync === 'function';
}

export interface Flat { shape: number[]; values: ArrayLike<number>; dtype?: string; isScalarNumber?: boolean }

function isTypedArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Describes a value that is not numeric data, for "expected a tensor" messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'function') return 'a function';
  if (v instanceof Promise) return 'a Promise';
  if (typeof v === 'object') {
    const keys = Object.keys(v as object);
    return keys.length ? `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : 'an empty object';
  }
  return `${typeof v} ${String(v)}`;
}

/**
 * Flattens a numeric value, or returns a learner-readable reason why it is not one.
 * Disposed tensors, ragged arrays and non-numbers are reasons, not exceptions.
 */
export function tryFlatten(v: unknown): Flat | string {
  if (isTensor(v)) {
    if (v.isDisposed) return 'a disposed tensor — it was disposed before it was returned (dispose only what you do not return)';
    if (v.dtype === 'string') return 'a string tensor';
    if (v.dtype === 'complex64') return 'a complex64 tensor';
    return { shape: v.shape.slice(), values: v.dataSync() as ArrayLike<number>, dtype: v.dtype };
  }
  if (typeof v === 'number') return { shape: [], values: [v], isScalarNumber: true };
  if (typeof v === 'boolean') return { shape: [], values: [v ? 1 : 0], isScalarNumber: true };
  if (isTypedArray(v)) return { shape: [v.length], values: v };
  if (Array.isArray(v)) {
    const shape: number[] = [];
    let cur: unknown = v;
    while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0]; }
    if (isTypedArray(cur)) shape.push(cur.length);
    const out: number[] = [];
    let problem: string | null = null;
    const walk = (a: unknown, depth: number, path: number[]): void => {
      if (problem) return;
      if (depth === shape.length) {
        if (typeof a === 'number') out.push(a);
        else if (typeof a === 'boolean') out.push(a ? 1 : 0);
        else if (isTensor(a)) problem = `an array holding tensors (at [${path.join(',')}]) — return one tensor (tf.stack?) or an array of numbers`;
        else problem = `an array with ${describeValue(a)} at [${path.join(',')}] where a number was expected`;
        return;
      }
      const arr = a as ArrayLike<unknown>;
      if (!(Array.isArray(a) || isTypedArray(a)) || arr.length !== shape[depth]) {
        problem = `a ragged array: element [${path.join(',')}] has ${Array.isArray(a) || isTypedArray(a) ? `length ${arr.length}` : describeValue(a)}, but [${path.map(() => 0).join(',')}] has length ${shape[depth]}`;
        return;
      }
      for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, [...path, i]);
    };
    walk(v, 0, []);
    return problem ?? { shape, values: out };
  }
  return describeValue(v);
}

/** A tensor's values as a plain array, row-major. */
export function valuesOf(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function fmtShape(shape: ReadonlyArray<number | null>): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
}

/** Multi-index of flat position i in a row-major array of `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx: number[] = new Array(shape.length).fill(0);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return idx;
}

export function fmtIndex(i: number, shape: readonly number[]): string {
  return shape.length === 0 ? '[]' : `[${unravel(i, shape).join(',')}]`;
}

/** A number with `digits` significant digits, without trailing noise. */
export function fmtNum(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return Number(x.toExponential(digits - 1)).toExponential();
  return String(Number(x.toPrecision(digits)));
}

/** Two numbers printed with just enough digits to see how they differ. */
export function fmtPair(a: number, b: number): [string, string] {
  const gap = Math.abs(a - b);
  for (let d = 4; d <= 9; d++) {
    const sa = fmtNum(a, d);
    const sb = fmtNum(b, d);
    const precise = !Number.isFinite(gap) || (Math.abs(Number(sa) - a) <= gap / 20 && Math.abs(Number(sb) - b) <= gap / 20);
    if ((sa !== sb && precise) || d === 9) return [sa, sb];
  }
  return [fmtNum(a), fmtNum(b)];
}

/**
 * "float32 [2,3] [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]", truncated with … after `maxElems`
 * numbers. Accepts anything `tryFlatten` does; other values are described in words.
 */
export function prettyTensor(value: unknown, maxElems = 24): string {
  const f = tryFlatten(value);
  if (typeof f === 'string') return f;
  return prettyFlat(f, maxElems);
}

export function prettyFlat(f: Flat, maxElems = 24): string {
  const { shape, values } = f;
  if (f.isScalarNumber) return fmtNum(values[0], 6);
  let printed = 0;
  const rec = (depth: number, offset: number): string => {
    if (depth === shape.length) { printed++; return fmtNum(values[offset], 4); }
    const stride = product(shape.slice(depth + 1));
    const parts: string[] = [];
    for (let i = 0; i < shape[depth]; i++) {
      if (printed >= maxElems) { parts.push('…'); break; }
      parts.push(rec(depth + 1, offset + i * stride));
    }
    return `[${parts.join(', ')}]`;
  };
  const body = shape.length === 0 ? fmtNum(values[0], 6) : rec(0, 0);
  return `${f.dtype ? f.dtype + ' ' : ''}${fmtShape(shape)} ${body}`;
}

/** Like tryFlatten, but a non-numeric value fails the check. */
export function flattenOrFail(v: unknown, name: string, role: 'actual' | 'expected'): Flat {
  const f = tryFlatten(v);
  if (typeof f !== 'string') return f;
  const n = quoteName(name);
  if (role === 'expected') throw new Error(`check bug: the expected value for ${n} is ${f}`);
  if (v === undefined) fail(`${n} is undefined — did you forget to \`return\` it?`, { actual: 'undefined' });
  if (v instanceof Promise) fail(`${n} is a Promise — this function must return its value directly (no async/await)`, { actual: 'Promise' });
  return fail(`${n} should be a tensor or an array of numbers, but it is ${f}`, { actual: f });
}

/** Wraps a name in backticks unless it already has them. */
export function quoteName(name: string): string {
  return name.startsWith('`') ? name : `\`${name}\``;
}
