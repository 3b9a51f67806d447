/** Demos, time budgets, seeding and the cpu-backend fast kernels (the pure-JS engine's Conv2DBackpropFilter and UnsortedSegmentSum are slow enough to dominate a demo). */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, Rng } from '../../data/rng';
import type { PlotEvent } from '../../protocol/plots';
import { fail } from './api';

/**
 * Runs a fixed number of steps (never wall-clock stopping), streaming each step's point to
 * `emit`. Throws when the budget is exceeded, naming how far it got.
 */
export async function trainingDemo(o: {
  name: string; steps: number; budgetMs: number;
  run: (step: number) => Promise<Record<string, number>> | Record<string, number>;
  emit?: (point: Record<string, number>) => void;
  /** Also stream each point as an 'epoch' plot event (x = step) to this chart, every `every` steps (default 1). */
  plot?: { emit: (e: PlotEvent) => void; chart: string; title?: string; logY?: boolean; every?: number };
}): Promise<{ steps: number; ms: number; msPerStep: number; last: Record<string, number> | null }> {
  const t0 = Date.now();
  let last: Record<string, number> | null = null;
  for (let step = 0; step < o.steps; step++) {
    last = await o.run(step);
    o.emit?.({ step, ...last });
    if (o.plot && (step % (o.plot.every ?? 1) === 0 || step === o.steps - 1)) {
      o.plot.emit({ kind: 'epoch', chart: o.plot.chart, title: o.plot.title, epoch: step, values: last, logY: o.plot.logY });
    }
    const ms = Date.now() - t0;
    if (ms > o.budgetMs && step < o.steps - 1) {
      throw new Error(`demo ${o.name} stopped after ${step + 1} of ${o.steps} steps: it exceeded its ${Math.round(o.budgetMs / 1000)} s budget (${Math.round(ms / (step + 1))} ms per step)`);
    }
    // Let the worker see cancel messages between steps.
    await new Promise<void>((r) => setImmediate(r));
  }
  const ms = Date.now() - t0;
  return { steps: o.steps, ms, msPerStep: o.steps ? ms / o.steps : 0, last };
}

/**
 * Rejects with a CheckFailure if `fn` has not settled within `ms`. It cannot interrupt a
 * synchronous loop (the grader kills the worker for that); it catches slow async work.
 */
export function withTimeBudget<T>(ms: number, fn: () => Promise<T> | T, what = 'this check'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try { fail(`${what} took longer than ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} — an endless loop, or far more work than needed?`, { hintKey: 'timeout' }); } catch (e) { reject(e); }
    }, ms);
  });
  return Promise.race([Promise.resolve().then(fn), timeout]).finally(() => clearTimeout(timer));
}

/**
 * One seed for a whole check or demo: `rng` for data and shuffles, `tfSeed(k)` a deterministic
 * integer seed for the k-th initializer / dropout / multinomial call.
 */
export function seedEverything(seed: number): { rng: Rng; tfSeed: (k: number) => number } {
  return {
    rng: mulberry32(seed),
    tfSeed: (k: number) => Math.floor(mulberry32((seed * 1000003 + k * 7919) | 0)() * 2147483647),
  };
}

type KernelName = 'Conv2DBackpropFilter' | 'UnsortedSegmentSum';

interface CpuBackendLike { data: { get(id: unknown): { values: ArrayLike<number> } }; makeTensorInfo(shape: number[], dtype: string, values: Float32Array): unknown }
interface KernelArgs { inputs: Record<string, { dataId: unknown; shape: number[]; dtype: string }>; backend: CpuBackendLike; attrs: Record<string, unknown> }

/** Typed-array Conv2DBackpropFilter (NHWC, dilation 1); the stock kernel reads through TensorBuffer.get. */
function fastConvBackpropFilter(args: KernelArgs): unknown {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
    strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat?: string; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
  };
  if (dataFormat && dataFormat !== 'NHWC') throw new Error('fast Conv2DBackpropFilter: NHWC only');
  const ci = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = ci;
  const top = ci.padInfo.top;
  const left = ci.padInfo.left;
  const xv = backend.data.get(x.dataId).values;
  const dyv = backend.data.get(dy.dataId).values;
  const dw = new Float32Array(KH * KW * C * O);
  const acc = new Float64Array(O);
  for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) for (let c = 0; c < C; c++) {
    acc.fill(0);
    for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sh + kh - top;
      if (ih < 0 || ih >= H) continue;
      const xRow = ((n * H + ih) * W) * C + c;
      const dyRow = ((n * OH + oh) * OW) * O;
      for (let ow = 0; ow < OW; ow++) {
        const iw = ow * sw + kw - left;
        if (iw < 0 || iw >= W) continue;
        const xval = xv[xRow + iw * C];
        if (xval === 0) continue;
        const d0 = dyRow + ow * O;
        for (let o = 0; o < O; o++) acc[o] += xval * dyv[d0 + o];
      }
    }
    const base = ((kh * KW + kw) * C + c) * O;
    for (let o = 0; o < O; o++) dw[base + o] = acc[o];
  }
  return backend.makeTensorInfo([KH, KW, C, O], 'float32', dw);
}

/** Single-pass UnsortedSegmentSum (the gradient of tf.gather / embeddings); stock is O(segments·N·D). */
function fastUnsortedSegmentSum(args: KernelArgs): unknown {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments as number;
  const xv = backend.data.get(x.dataId).values;
  const ids = backend.data.get(segmentIds.dataId).values;
  const n = ids.length;
  const inner = n === 0 ? 0 : xv.length / n;
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const xi = i * inner;
    for (let j = 0; j < inner; j++) out[o + j] += xv[xi + j];
  }
  return backend.makeTensorInfo([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype, out);
}

const FAST: Record<KernelName, (a: KernelArgs) => unknown> = {
  Conv2DBackpropFilter: fastConvBackpropFilter,
  UnsortedSegmentSum: fastUnsortedSegmentSum,
};

/** A tiny case per kernel, computed through the gradient that uses it. */
const PROBES: Record<KernelName, () => tf.Tensor> = {
  Conv2DBackpropFilter: () => tf.tidy(() => {
    const x = tf.tensor4d(Array.from({ length: 2 * 5 * 4 * 2 }, (_, i) => Math.sin(i)), [2, 5, 4, 2]);
    const w = tf.tensor4d(Array.from({ length: 3 * 3 * 2 * 3 }, (_, i) => Math.cos(i)), [3, 3, 2, 3]);
    return tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 2, 'same').square().sum())(w);
  }),
  UnsortedSegmentSum: () => tf.tidy(() => {
    const e = tf.tensor2d(Array.from({ length: 12 }, (_, i) => i / 7), [4, 3]);
    const ids = tf.tensor1d([0, 3, 3, 1, 0], 'int32');
    return tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(tf.range(1, 6).reshape([5, 1])).sum())(e);
  }),
};

const installed = new Set<KernelName>();
const verified = new Map<KernelName, boolean>();

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  if (x.length !== y.length) return Infinity;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/**
 * Registers the fast kernels over the stock `cpu` ones (only when the active backend is 'cpu';
 * tfjs-node has native kernels). Returns a function that restores the stock kernels.
 * With `verify` (default), each fast kernel is first compared with the stock one on a tiny case
 * (once per process); a kernel that disagrees is not installed.
 */
export function installFastCpuKernels(
  which: KernelName[] = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'], o: { verify?: boolean } = {},
): () => void {
  if (tf.getBackend() !== 'cpu') return () => undefined;
  const restored: tf.KernelConfig[] = [];
  for (const name of which) {
    // Installing twice would save the fast kernel as the "stock" one; the first install owns it.
    if (installed.has(name)) continue;
    const stock = tf.getKernel(name, 'cpu');
    if (!stock) continue;
    const reference = (o.verify ?? true) && !verified.has(name) ? PROBES[name]() : null;
    installed.add(name);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: FAST[name] as unknown as tf.KernelFunc });
    if (reference) {
      let ok = false;
      try {
        const fast = PROBES[name]();
        ok = maxAbsDiff(fast, reference) <= 1e-4;
        fast.dispose();
      } catch {
        ok = false;
      }
      reference.dispose();
      verified.set(name, ok);
    }
    if (verified.get(name) === false) {
      tf.unregisterKernel(name, 'cpu');
      tf.registerKernel(stock);
      installed.delete(name);
      continue;
    }
    restored.push(stock);
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const k of restored) {
      tf.unregisterKernel(k.kernelName, 'cpu');
      tf.registerKernel(k);
      installed.delete(k.kernelName as KernelName);
    }
  };
}

/** Which fast kernels passed their self-check in this process (for the bench / doctor output). */
export function fastKernelStatus(): Record<string, boolean> {
  return Object.fromEntries(verified);
}
