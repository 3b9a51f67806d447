/**
 * What s2-init-glorot and s2-init-he grade alike: an initializer's sample statistics (mean ≈ 0,
 * std within ±3 % of the target with the mistake named by the std it matches, truncation and
 * bounds), the seed / empty-shape / P0 checks and the activation-std demo. The two check files
 * differ only in targets, candidates and demos. The learner's rng is not tf's, so initializers are
 * graded by statistics, not by values.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';
import type { CheckContext, CheckSpec } from './api';
import { closeEnough, expectThrows } from './compare';
import { fmtNum, fmtShape } from './format';
import { expectNoTfKernels } from './kernels';
import { disposeResult } from './memory';
import { expectCleanCall } from './standard';
import { gaussian, mulberry32 } from '../../data';

const fmt = (v: number): string => fmtNum(v, 6);
const shp = fmtShape;

export const TRUNC = 0.87962566103423978; // std of a standard normal truncated at ±2

export interface Stats { n: number; mean: number; std: number; maxAbs: number; atMax: number }

export function statsOf(t: tf.Tensor): Stats {
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

/** Bit-identical values (NaN equals NaN): the same rng seed must give the same tensor. */
export function identical(a: tf.Tensor, b: tf.Tensor): boolean {
  const x = a.dataSync();
  const y = b.dataSync();
  return x.length === y.length && x.every((v, i) => closeEnough(v, y[i], 0, 0));
}

/** A known mistake of an initializer, recognised by the std it produces. */
export interface Candidate { std: number; message: string; hintKey?: string }

/**
 * The mistakes any initializer can make in the shape of its distribution: a uniform whose limit is
 * the target std (U(−a, a) has std a/√3), a normal truncated at 2σ without the 0.87962566
 * correction. `std` and `limit` are the exercise's formulas as the learner reads them.
 */
export function distributionCandidates(target: number, kind: 'uniform' | 'normal', o: { std: string; limit: string; tfInit: string }): Candidate[] {
  return kind === 'uniform'
    ? [{ std: target / Math.sqrt(3), message: `limit = ${o.std} is the target STD; U(−a, a) has std a/√3, so the limit is ${o.limit}` }]
    : [{ std: target * TRUNC, hintKey: 'init-truncation',
      message: `uncorrected truncated std: a normal cut at ±2σ has std 0.88σ — divide σ by 0.87962566 (tf.initializers.${o.tfInit} skips this correction, so its std is 0.88× the nominal one)` }];
}

/**
 * The sample must have |mean| < 4σ/√n, a std within ±3 % of `target` and |w| ≤ `bound`;
 * otherwise name the candidate mistake whose std the sample matches (within 3 %).
 */
export function expectInitStats(t: tf.Tensor, what: string, target: number, bound: number, candidates: Candidate[], kind: 'uniform' | 'normal'): void {
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
    fail(`${what}: std ${fmt(st.std)}, expected ${fmt(target)} (ratio ${ratio.toFixed(3)})${named ? ` — ${named.message}` : ''}`,
      { expected: fmt(target), actual: fmt(st.std), hintKey: named?.hintKey });
  }
  if (st.maxAbs > bound * (1 + 1e-6)) {
    fail(kind === 'uniform'
      ? `${what}: a value of magnitude ${fmt(st.maxAbs)} lies outside ±limit = ±${fmt(bound)} — is this really uniform on (−limit, limit)?`
      : `${what}: a value of magnitude ${fmt(st.maxAbs)} lies beyond the truncation at 2σ = ${fmt(bound)}: resample any |z| > 2`, { hintKey: 'init-truncation' });
  }
}

/**
 * Samples the learner's initializer once per shape (rng seeded with `seed`) and grades each sample
 * with expectInitStats against what `spec` gives for that shape; `onSample` sees every sample (to
 * plot it) before it is disposed.
 */
export function expectInitializer<S extends { shape: number[] }>(
  init: InitFn, name: string, shapes: S[], seed: number, kind: 'uniform' | 'normal',
  spec: (s: S) => { target: number; bound: number; candidates: Candidate[] }, onSample?: (t: tf.Tensor, s: S, target: number) => void,
): void {
  for (const s of shapes) {
    const t = init(s.shape, mulberry32(seed));
    try {
      if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`${name} must return a tensor of shape ${shp(s.shape)}`);
      const { target, bound, candidates } = spec(s);
      expectInitStats(t, `${name}(${shp(s.shape)})`, target, bound, candidates, kind);
      onSample?.(t, s, target);
    } finally {
      disposeResult(t);
    }
  }
}

// ---- demo: activation std across 20 layers for four initialisations × tanh/ReLU ----
export type InitFn = (shape: number[], rng: () => number) => tf.Tensor;

export async function varianceDemo(ctx: CheckContext, inits: Array<{ name: string; make: InitFn }>, seed: number): Promise<Record<string, number>> {
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

export function normalInit(std: number): InitFn {
  return (shape, rng) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => std * gaussian(rng)), shape);
}

/**
 * The checks both initializer exercises run on their `uniform` and `normal` exports: seeding,
 * zero and negative dimensions, and P0 (no kernels, nothing leaked). `alsoThrows` adds the
 * exercise's own bad-input calls to the negative-dimension check.
 */
export function commonInitChecks<M>(uniform: keyof M & string, normal: keyof M & string, alsoThrows?: (m: M) => void): CheckSpec<M>[] {
  const both = [uniform, normal];
  const init = (m: M, f: string): InitFn => (m as unknown as Record<string, InitFn>)[f];
  return [
    {
      id: 'seeded', name: 'same rng seed gives the same tensor; a different seed a different one',
      fn: normal,
      run(m) {
        for (const f of both) {
          const a = init(m, f)([20, 10], mulberry32(7));
          const b = init(m, f)([20, 10], mulberry32(7));
          const c = init(m, f)([20, 10], mulberry32(8));
          try {
            if (!identical(a, b)) fail(`${f}: two calls with mulberry32(7) gave different tensors — draw every random number from the rng argument (never Math.random)`);
            if (identical(a, c)) fail(`${f}: seeds 7 and 8 gave the same tensor — use the rng argument`);
          } finally {
            disposeResult([a, b, c]);
          }
        }
      },
    },
    {
      id: 'bad-shapes', name: 'a zero dimension gives an empty tensor; a negative dimension throws',
      fn: uniform,
      run(m) {
        for (const f of both) {
          const e = init(m, f)([0, 5], mulberry32(1));
          try {
            if (!(e instanceof tf.Tensor) || shp(e.shape) !== '[0,5]') fail(`${f}([0,5]) must return an empty tensor of shape [0,5]`);
          } finally {
            disposeResult(e);
          }
          expectThrows(() => init(m, f)([-3, 5], mulberry32(1)), undefined, `${f}([−3,5])`);
        }
        alsoThrows?.(m);
      },
    },
    {
      id: 'no-tf-kernels', name: 'P0: no tf kernels (loops, then tf.tensor); nothing leaked',
      fn: normal,
      async run(m) {
        for (const f of both) await expectNoTfKernels(() => init(m, f)([3, 3, 4, 5], mulberry32(2)), f);
        await expectCleanCall(normal, {}, () => init(m, normal)([30, 20], mulberry32(3)));
      },
    },
  ];
}
