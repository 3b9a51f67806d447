/** Statistical checks on fixed seeds (init, dropout masks, sampling). Intervals come from the check. */
import type * as tf from '@tensorflow/tfjs';
import { fail } from './api';
import { fmtNum, isTensor } from './format';

function asNumbers(samples: ArrayLike<number> | tf.Tensor): ArrayLike<number> {
  return isTensor(samples) ? (samples.dataSync() as ArrayLike<number>) : samples;
}

export function moments(samples: ArrayLike<number>): { mean: number; std: number; min: number; max: number; n: number } {
  const n = samples.length;
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) { s += samples[i]; min = Math.min(min, samples[i]); max = Math.max(max, samples[i]); }
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (samples[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / n), min, max, n };
}

/**
 * `mean` and `std` are [lo, hi] intervals; `min`/`max` bound every sample. Population std (÷n).
 * Samples may be a tensor (read with dataSync, not disposed).
 */
export function expectStatistic(samplesIn: ArrayLike<number> | tf.Tensor, o: { mean?: [number, number]; std?: [number, number]; min?: number; max?: number; name?: string; hintKey?: string }): void {
  const name = o.name ?? 'samples';
  const samples = samplesIn == null ? [] : asNumbers(samplesIn);
  if (samples.length === 0) fail(`\`${name}\` is empty — expected samples to measure`);
  const m = moments(samples);
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) fail(`\`${name}\` contains ${fmtNum(samples[i])} at [${i}]`, { hintKey: o.hintKey });
  }
  const check = (what: string, v: number, r?: [number, number]) => {
    if (r && !(v >= r[0] && v <= r[1])) {
      fail(`\`${name}\` has ${what} ${fmtNum(v)}, expected between ${fmtNum(r[0])} and ${fmtNum(r[1])} (${m.n} samples)`,
        { expected: `${what} in [${fmtNum(r[0])}, ${fmtNum(r[1])}]`, actual: `${what} ${fmtNum(v)}`, hintKey: o.hintKey });
    }
  };
  check('mean', m.mean, o.mean);
  check('std', m.std, o.std);
  if (o.min !== undefined && m.min < o.min) fail(`\`${name}\` has a sample ${fmtNum(m.min)} below the minimum ${fmtNum(o.min)}`, { hintKey: o.hintKey });
  if (o.max !== undefined && m.max > o.max) fail(`\`${name}\` has a sample ${fmtNum(m.max)} above the maximum ${fmtNum(o.max)}`, { hintKey: o.hintKey });
}

/** k successes out of n must be within `sigmas` (default 4) binomial standard deviations of n·p. */
export function expectProportion(successes: number, trials: number, p: number, o: { sigmas?: number; name?: string; hintKey?: string } = {}): void {
  const name = o.name ?? 'proportion';
  const sigmas = o.sigmas ?? 4;
  const sd = Math.sqrt(trials * p * (1 - p));
  const z = sd === 0 ? (successes === trials * p ? 0 : Infinity) : (successes - trials * p) / sd;
  if (Math.abs(z) > sigmas) {
    fail(`\`${name}\` is ${fmtNum(successes / trials)} (${successes} of ${trials}), expected about ${fmtNum(p)} — ${fmtNum(Math.abs(z), 2)} standard deviations away (allowed ${sigmas})`,
      { expected: `${fmtNum(p)} ± ${fmtNum((sigmas * sd) / trials)}`, actual: fmtNum(successes / trials), hintKey: o.hintKey });
  }
}
