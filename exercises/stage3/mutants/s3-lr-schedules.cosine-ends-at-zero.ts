// s3-lr-schedules — MUTANT (cosine-ends-at-zero) (P0: plain numbers; applyLr only calls the optimizer's own method).
import type * as tf from '@tensorflow/tfjs';

/** Steps are counted from 0; a negative step is a caller's bug, so refuse it instead of extrapolating. */
function checkStep(step: number): void {
  if (!(step >= 0)) throw new RangeError(`step must be >= 0, got ${step}`);
}

/** lr · factor^⌊step / dropEvery⌋: constant for dropEvery steps, then one multiplication by factor. */
export function stepDecay(step: number, o: { initialLr: number; dropEvery: number; factor: number }): number {
  checkStep(step);
  if (!(o.dropEvery > 0)) throw new RangeError(`dropEvery must be > 0, got ${o.dropEvery}`);
  return o.initialLr * Math.pow(o.factor, Math.floor(step / o.dropEvery));
}

/**
 * TF's ExponentialDecay: lr · decayRate^(step / decaySteps). With staircase the exponent is
 * floored, so the rate only changes every decaySteps steps.
 */
export function exponentialDecay(step: number, o: { initialLr: number; decaySteps: number; decayRate: number; staircase?: boolean }): number {
  checkStep(step);
  if (!(o.decaySteps > 0)) throw new RangeError(`decaySteps must be > 0, got ${o.decaySteps}`);
  const p = step / o.decaySteps;
  return o.initialLr * Math.pow(o.decayRate, o.staircase ? Math.floor(p) : p);
}

/**
 * A linear warm-up from 0 to initialLr over warmupSteps, then TF's CosineDecay from initialLr down
 * to minLr over the remaining totalSteps − warmupSteps steps (totalSteps counts the warm-up), and
 * minLr from then on: the progress t is clamped at 1, or the cosine would climb back up.
 */
export function cosineAnnealing(step: number, o: { initialLr: number; totalSteps: number; minLr?: number; warmupSteps?: number }): number {
  checkStep(step);
  const minLr = o.minLr ?? 0;
  const warmup = o.warmupSteps ?? 0;
  if (!(warmup >= 0)) throw new RangeError(`warmupSteps must be >= 0, got ${warmup}`);
  if (!(warmup < o.totalSteps)) throw new RangeError(`warmupSteps (${warmup}) must be smaller than totalSteps (${o.totalSteps})`);
  if (step < warmup) return (o.initialLr * step) / warmup;
  const t = Math.min(1, (step - warmup) / (o.totalSteps - warmup));
  return o.initialLr * 0.5 * (1 + Math.cos(Math.PI * t));
}

/**
 * tf's SGD keeps its rate as a tensor made in the constructor; assigning `opt.learningRate` changes
 * a field nobody reads any more. setLearningRate replaces that tensor (and frees the old one).
 */
export function applyLr(opt: tf.SGDOptimizer, lr: number): void {
  opt.setLearningRate(lr);
}
