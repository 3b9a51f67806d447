// s3-lr-schedules — learning-rate schedules: step decay, exponential decay, cosine annealing.
//
// Rule level P0: plain TypeScript over numbers, no tf ops. Each schedule maps a step (0, 1, 2, …)
// to a learning rate; steps count from 0, and step 0 always gives initialLr (or 0 during a warm-up).
//
// stepDecay(step, { initialLr, dropEvery, factor })
//   initialLr · factor^⌊step / dropEvery⌋. Example: 0.1, dropEvery 10, factor 0.5 → 0.1 for steps
//   0–9, 0.05 for steps 10–19, 0.025 from 20 …   dropEvery ≤ 0 → throw.
//
// exponentialDecay(step, { initialLr, decaySteps, decayRate, staircase? })   (TF's ExponentialDecay)
//   initialLr · decayRate^(step / decaySteps); with staircase: true the exponent is ⌊step / decaySteps⌋,
//   so the rate stays constant within each block of decaySteps steps.   decaySteps ≤ 0 → throw.
//
// cosineAnnealing(step, { initialLr, totalSteps, minLr?, warmupSteps? })   (TF's CosineDecay + warm-up)
//   minLr defaults to 0, warmupSteps to 0. totalSteps COUNTS the warm-up.
//   • step < warmupSteps: a linear warm-up, initialLr · step / warmupSteps (0 at step 0).
//   • then t = (step − warmupSteps) / (totalSteps − warmupSteps), at most 1:
//       minLr + (initialLr − minLr) · ½ · (1 + cos(π·t))
//     so the rate is initialLr when the warm-up ends, minLr at totalSteps, and minLr after that.
//   warmupSteps ≥ totalSteps → throw.
//
// Every schedule throws for a negative step.
//
// applyLr(opt, lr): make the optimizer use `lr` from its next step on. The grader takes a real
// optimizer step and measures how far the weights moved.

import type * as tf from '@tensorflow/tfjs';

export function stepDecay(step: number, o: { initialLr: number; dropEvery: number; factor: number }): number {
  // TODO
  throw new Error('Not implemented: s3-lr-schedules');
}

export function exponentialDecay(step: number, o: { initialLr: number; decaySteps: number; decayRate: number; staircase?: boolean }): number {
  // TODO
  throw new Error('Not implemented: s3-lr-schedules');
}

export function cosineAnnealing(step: number, o: { initialLr: number; totalSteps: number; minLr?: number; warmupSteps?: number }): number {
  // TODO
  throw new Error('Not implemented: s3-lr-schedules');
}

export function applyLr(opt: tf.SGDOptimizer, lr: number): void {
  // TODO
  throw new Error('Not implemented: s3-lr-schedules');
}
