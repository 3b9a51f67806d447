/**
 * The sandbox of the grade that is running, for the grading helpers that observe learner calls
 * (kernels, leaks, autodiff). None outside a grade (unit tests call the helpers in-process).
 */
import type { Sandbox } from './remote';

let active: Sandbox | undefined;

export function activeSandbox(): Sandbox | undefined {
  return active;
}

export function setActiveSandbox(s: Sandbox | undefined): void {
  active = s;
}

let seed = 1;

/** This grade's seed: checks whose inputs can vary draw them from it, so no table of answers fits. */
export function gradeSeed(): number {
  return seed;
}

export function setGradeSeed(s: number): void {
  seed = s;
}
