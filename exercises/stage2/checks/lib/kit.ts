/**
 * Thin adapters over the shared grading helpers for the stage-2 check files: the call shapes
 * those files were written against (a mistake list of `{values, say}`, a throw check whose
 * mistake leads the message, a leak + inputs-intact check in one call). The work itself is done
 * by `dl-tutor/grading`; only the argument shapes and the order of words in messages are local.
 */
import * as tf from '@tensorflow/tfjs';
import {
  CheckFailure, collectTensors, disposeResult, expectInputsIntact, expectNoLeaks, expectTensorClose, expectThrows, fail, fmtNum, fmtShape,
} from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

export const shp = (s: readonly number[]): string => fmtShape(s);
export const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
export const fmt = (v: number): string => fmtNum(v, 6);

/** "[2,1]" for flat index `flat` of `shape` (the grading index does not export its fmtIndex). */
export function multiIndex(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(',')}]`;
}

/** A known-wrong answer: values (any layout with the right number of elements) and what it means. */
export interface StageMistake { values: ArrayLike<number> | tf.Tensor; say: string; hintKey?: string }

/**
 * `got` must be a live tensor close to `expected` (atol + rtol·|expected|); a known mistake that
 * `got` matches leads the message. Mistakes are compared element by element whatever their
 * shape (a mistake may be written as a flat list). Disposes nothing of the caller's.
 */
export function expectTensorMatches(got: tf.Tensor, expected: tf.Tensor, what: string, tol: { atol: number; rtol: number }, mistakes: StageMistake[] = []): void {
  if (!(got instanceof tf.Tensor)) fail(`${what}: expected a tensor, got ${typeof got}`);
  if (got.isDisposed) fail(`${what}: the returned tensor is already disposed`);
  const asMistake = (m: StageMistake): Mistake => ({
    message: m.say,
    hintKey: m.hintKey,
    when: () => {
      const mv = m.values instanceof tf.Tensor ? vals(m.values) : Array.from(m.values);
      return mv.length === got.size ? tf.tensor(mv, got.shape) : mv;
    },
  });
  expectTensorClose(got, expected, { name: what, atol: tol.atol, rtol: tol.rtol, mistakes: mistakes.map(asMistake) });
}

/** The call must throw; when it returns instead, `say` (the mistake) leads the message. */
export function expectThrowsSaying(what: string, fn: () => unknown, say?: string): void {
  try {
    expectThrows(fn, undefined, what);
  } catch (e) {
    if (say && e instanceof CheckFailure) fail(`${say}: ${e.message}`, { expected: e.expected, actual: e.actual, hintKey: e.hintKey });
    throw e;
  }
}

/**
 * Run `fn` once: nothing but its result may stay allocated (it is disposed), and the inputs must
 * be untouched. Name the inputs after the learner's parameters (`{ yTrue, yPred }`) so a failure
 * says "you disposed the input `yTrue`".
 */
export async function expectCleanCall(what: string, inputs: Record<string, unknown>, fn: () => unknown): Promise<void> {
  let result: unknown;
  try {
    await expectNoLeaks(() => expectInputsIntact(inputs, () => (result = fn())), { name: what, dispose: true });
  } catch (e) {
    // A failed inputs check throws before expectNoLeaks can free the result.
    disposeResult(result, collectTensors(inputs));
    throw e;
  }
}
