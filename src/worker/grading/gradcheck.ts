/**
 * Numerical gradient checks: central differences on sampled coordinates (float32 tensors) or on
 * every coordinate (float64 plain numbers, for P0 exercises).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace, range } from '../../data/rng';
import { fail } from './api';
import { fmtIndex, fmtNum, fmtPair, isTensor } from './format';

export interface GradCheckResult {
  maxRelErr: number;
  checked: number;
  /** Coordinates skipped because f is non-smooth within ±ε there (relu at 0, abs at 0…). */
  kinks: number;
  /** Set when some coordinates were skipped as kinks, for the check to show or log. */
  warning?: string;
}

function kinkWarning(kinks: number, checked: number, eps: number): string | undefined {
  return kinks ? `f is non-smooth within ±${eps} of ${kinks} of ${checked} checked coordinates (a kink such as relu at 0); those were skipped` : undefined;
}

function relErr(a: number, n: number, floor: number): number {
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
}

function evalScalar(f: (x: tf.Tensor) => tf.Scalar | tf.Tensor, x: tf.Tensor): number {
  const y = tf.tidy(() => {
    const out = f(x);
    if (!isTensor(out)) throw new Error('numericalGradientCheck: f must return a scalar tensor');
    if (out.size !== 1) throw new Error(`numericalGradientCheck: f must return a scalar, got shape [${out.shape.join(',')}]`);
    return out;
  });
  const v = y.dataSync()[0];
  y.dispose();
  return v;
}

/**
 * Float32 central differences at `samples` coordinates chosen with mulberry32(seed) (all of
 * them if x is small). Fails at the first coordinate whose relative error
 * |a − n| / max(|a|, |n|, absFloor) exceeds `tol`, saying whether f looks non-smooth there.
 */
export function numericalGradientCheck(
  f: (x: tf.Tensor) => tf.Scalar | tf.Tensor, x: tf.Tensor, analytic: tf.Tensor | ArrayLike<number>,
  o: { eps?: number; tol?: number; samples?: number; seed?: number; absFloor?: number; name?: string } = {},
): GradCheckResult {
  const eps = o.eps ?? 1e-2;
  const tol = o.tol ?? 2e-2;
  const floor = o.absFloor ?? 1e-2;
  const name = o.name ?? 'gradient';
  const xv = Float32Array.from(x.dataSync());
  const av = isTensor(analytic) ? analytic.dataSync() : analytic;
  if (av.length !== xv.length) fail(`\`${name}\` has ${av.length} elements, expected ${xv.length} (one per input element, shape [${x.shape.join(',')}])`);
  const coords = xv.length <= (o.samples ?? 20) ? range(xv.length) : shuffleInPlace(range(xv.length), mulberry32(o.seed ?? 1)).slice(0, o.samples ?? 20);
  const at = (i: number, delta: number): number => {
    const v = xv.slice();
    v[i] += delta;
    const xt = tf.tensor(v, x.shape, 'float32');
    try { return evalScalar(f, xt); } finally { xt.dispose(); }
  };
  const numAt = (i: number, h: number) => (at(i, h) - at(i, -h)) / (2 * h);
  let maxRelErr = 0;
  let kinks = 0;
  const bad: Array<{ i: number; n: number; a: number; r: number; kink: boolean }> = [];
  for (const i of coords) {
    const n = numAt(i, eps);
    const a = av[i];
    const r = relErr(a, n, floor);
    const kink = r > tol && relErr(numAt(i, eps / 4), n, floor) > tol;
    if (kink) kinks++;
    if (!kink) maxRelErr = Math.max(maxRelErr, r);
    if (r > tol || !Number.isFinite(a)) bad.push({ i, n, a, r, kink });
  }
  const real = bad.filter((b) => !b.kink);
  if (real.length > 0) {
    const b = real[0];
    const [sn, sa] = fmtPair(b.n, b.a);
    fail(`\`${name}\` is wrong at ${fmtIndex(b.i, x.shape)}: numerical ${sn}, analytic ${sa} (rel err ${fmtNum(b.r, 2)} > ${tol}); ${real.length} of ${coords.length} checked coordinates differ`,
      { expected: `≈ ${sn} (central difference, ε = ${eps})`, actual: sa, hintKey: 'numerical-gradient' });
  }
  if (bad.length > 0 && bad.length === coords.length) {
    fail(`\`${name}\` could not be checked: f is non-smooth (a kink such as relu at 0) within ±${eps} of every sampled point — numerical gradients are unreliable here`);
  }
  return { maxRelErr, checked: coords.length, kinks, warning: kinkWarning(kinks, coords.length, eps) };
}

