/**
 * Tensor-lifetime checks: leaks (tensors neither returned nor disposed), inputs disposed or
 * modified by the learner. Returned tensors are found by walking the result and are
 * de-duplicated by identity; tensors that existed before the call (inputs) are never counted
 * as new and never disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';
import { fmtIndex, fmtPair, isTensor } from './format';
import { activeSandbox } from '../sandbox/session';

const MAX_NODES = 200_000;

/** Every distinct tensor reachable from `value` through arrays, plain/class objects, Maps and Sets. */
export function collectTensors(value: unknown): tf.Tensor[] {
  const found = new Set<tf.Tensor>();
  const seen = new Set<object>();
  let nodes = 0;
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || nodes++ > MAX_NODES) return;
    if (isTensor(v)) { found.add(v); return; }
    if (seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) {
      // Long arrays of numbers hold no tensors; skip them cheaply.
      if (v.length > 0 && typeof v[0] !== 'object') return;
      for (const x of v) walk(x);
    } else if (v instanceof Map) {
      for (const [k, x] of v) { walk(k); walk(x); }
    } else if (v instanceof Set) {
      for (const x of v) walk(x);
    } else {
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
    }
  };
  walk(value);
  return [...found];
}

/** The id the next tensor will get: tensors with an id at or above it were created after this call. */
export function nextTensorId(): number {
  const state = (tf.engine() as unknown as { state?: { nextTensorId?: number } }).state;
  if (state && typeof state.nextTensorId === 'number') return state.nextTensorId;
  const probe = tf.scalar(0);
  const id = probe.id + 1;
  probe.dispose();
  return id;
}

/**
 * Disposes every tensor reachable from `value` except those in `keep` (by identity).
 * For check authors cleaning up a learner's result; pass the inputs as `keep`.
 */
export function disposeResult(value: unknown, keep: tf.Tensor[] = []): void {
  const keepSet = new Set<tf.Tensor>(keep);
  for (const t of collectTensors(value)) if (!keepSet.has(t) && !t.isDisposed) t.dispose();
}

/** Disposes the tensors in `value` that were created at or after `sinceId` (so never an input). */
export function disposeNewTensors(value: unknown, sinceId: number): void {
  for (const t of collectTensors(value)) if (t.id >= sinceId && !t.isDisposed) t.dispose();
}

/**
 * Runs `fn` once and fails if it leaves more than `allowed` tensors alive that it does not return.
 * Returns fn's result (the caller owns it), or disposes the new tensors in it with `dispose: true`.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, o: { allowed?: number; name?: string; dispose?: boolean } = {}): Promise<T> {
  const name = o.name ?? 'the function';
  const before = tf.memory().numTensors;
  const startId = nextTensorId();
  // Tensors that existed before the call and were disposed during it (an input, say) would
  // hide a leak of the same size in the count; watch disposals to add them back.
  let disposedOld = 0;
  // The learner's tensors live in the sandbox, which counts them per call; the judge's (copies of
  // what came back) are counted here.
  const sandbox = activeSandbox();
  let sandboxLeaked = 0;
  const result = sandbox
    ? await sandbox.observe(() => watchDisposals(startId, () => { disposedOld++; }, fn)).then((o) => { sandboxLeaked = o.leaked; return o.result; })
    : await watchDisposals(startId, () => { disposedOld++; }, fn);
  const after = tf.memory().numTensors;
  const returnedNew = collectTensors(result).filter((t) => t.id >= startId && !t.isDisposed).length;
  const leaked = after - before + disposedOld - returnedNew + sandboxLeaked;
  if (o.dispose) disposeNewTensors(result, startId);
  if (leaked > (o.allowed ?? 0)) {
    const fnName = name.startsWith('`') ? name : `\`${name}\``;
    fail(`${leaked} tensor${leaked === 1 ? '' : 's'} leaked per call of ${fnName} — wrap intermediate work in tf.tidy() or dispose() what you don't return`,
      { expected: `${o.allowed ?? 0} tensors left behind`, actual: `${leaked} tensors left behind`, hintKey: 'leak' });
  }
  return result;
}

/** Runs fn while calling `onOld` for every disposal of a tensor with id < startId. */
async function watchDisposals<T>(startId: number, onOld: () => void, fn: () => T | Promise<T>): Promise<T> {
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const original = engine.disposeTensor as ((t: tf.Tensor) => void) | undefined;
  if (typeof original !== 'function') return fn();
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'disposeTensor');
  engine.disposeTensor = function (this: unknown, t: tf.Tensor) {
    if (t && t.id < startId && !t.isDisposed) onOld();
    return original.call(this, t);
  };
  try {
    return await fn();
  } finally {
    if (hadOwn) engine.disposeTensor = original;
    else delete engine.disposeTensor;
  }
}

interface Snapshot { path: string; t: tf.Tensor; values: Float32Array | Int32Array | Uint8Array; shape: string }
/** A plain number array or typed array given as input (P0 exercises). */
interface ArraySnapshot { path: string; arr: ArrayLike<unknown>; values: unknown[] }

function snapshotInputs(inputs: unknown): { tensors: Snapshot[]; arrays: ArraySnapshot[] } {
  const tensors: Snapshot[] = [];
  const arrays: ArraySnapshot[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (isTensor(v)) {
      if (!v.isDisposed) tensors.push({ path, t: v, values: (v.dataSync() as Float32Array).slice(), shape: v.shape.join(',') });
      return;
    }
    if (ArrayBuffer.isView(v)) {
      if (!(v instanceof DataView)) arrays.push({ path, arr: v as unknown as ArrayLike<number>, values: Array.from(v as unknown as ArrayLike<number>) });
      return;
    }
    if (Array.isArray(v)) {
      // Arrays of plain values (numbers, strings, booleans): a tokens.sort() in place changes them too.
      if (v.length > 0 && v.every((x) => typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean')) { arrays.push({ path, arr: v, values: v.slice() }); return; }
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v instanceof Map) for (const [k, x] of v) walk(x, `${path}.get(${JSON.stringify(k)})`);
    else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  };
  if (Array.isArray(inputs)) inputs.forEach((x, i) => walk(x, `inputs[${i}]`));
  else walk(inputs, '');
  return { tensors, arrays };
}

function sameValues(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) return i;
  return -1;
}

/**
 * Runs `fn` and fails if any input tensor was disposed or changed value (Variables `assign`ed,
 * for instance), or an input number array / typed array was changed in place. `inputs` is named: `{ x, params }` reports "`params[0].W`"; an array reports
 * "`inputs[1]`". Values are compared exactly. Returns fn's result (the caller owns it).
 */
export async function expectInputsIntact<T>(inputs: unknown, fn: () => T | Promise<T>): Promise<T> {
  const { tensors: snaps, arrays } = snapshotInputs(inputs);
  const result = await fn();
  for (const s of arrays) {
    const changedLength = s.arr.length !== s.values.length;
    const i = changedLength ? -1 : sameValues(s.arr, s.values);
    if (changedLength) fail(`you changed the length of the input array \`${s.path}\` from ${s.values.length} to ${s.arr.length} — work on a copy`, { hintKey: 'input-modified' });
    if (i >= 0) {
      const [was, is] = typeof s.values[i] === 'number' && typeof s.arr[i] === 'number' ? fmtPair(s.values[i] as number, s.arr[i] as number) : [JSON.stringify(s.values[i]), JSON.stringify(s.arr[i])];
      fail(`you modified the input array \`${s.path}\` in place (at [${i}]: was ${was}, now ${is}) — work on a copy (slice()) of what you were given`,
        { expected: `unchanged (${was})`, actual: is, hintKey: 'input-modified' });
    }
  }
  for (const s of snaps) {
    if (s.t.isDisposed) {
      fail(`you disposed the input \`${s.path}\` — a function must not dispose tensors it was given (the caller still needs them)`, { hintKey: 'input-disposed' });
    }
  }
  for (const s of snaps) {
    const now = s.t.dataSync();
    if (s.t.shape.join(',') !== s.shape) fail(`you changed the shape of the input \`${s.path}\` from [${s.shape}] to [${s.t.shape.join(',')}]`, { hintKey: 'input-modified' });
    const i = sameValues(now, s.values);
    if (i >= 0) {
      const [was, is] = fmtPair(s.values[i], now[i]);
      fail(`you modified the input \`${s.path}\` in place (at ${fmtIndex(i, s.t.shape)}: was ${was}, now ${is}) — compute a new tensor instead of assigning into the one you were given`,
        { expected: `unchanged (${was})`, actual: is, hintKey: 'input-modified' });
    }
  }
  return result;
}

/** Tensors currently alive (for check authors' own bookkeeping). */
export function numTensors(): number {
  // The learner's tensors live in the sandbox; tensors both sides hold a copy of count once.
  const s = activeSandbox();
  return tf.memory().numTensors + (s ? s.lastNumTensors - s.lastMirrored : 0);
}

