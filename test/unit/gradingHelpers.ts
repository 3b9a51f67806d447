/**
 * Shared by the grading unit tests (not a test file: esbuild bundles it into each test that imports it).
 */
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { CheckFailure } from 'dl-tutor/grading';

/** The CheckFailure `fn` throws (fails the test if it passes or throws something else). */
export function failure(fn: () => unknown): CheckFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw new Error(`expected a CheckFailure, got ${String(e)}`);
  }
  throw new Error('expected a CheckFailure, but the check passed');
}

export async function failureAsync(fn: () => Promise<unknown>): Promise<CheckFailure> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw new Error(`expected a CheckFailure, got ${String(e)}`);
  }
  throw new Error('expected a CheckFailure, but the check passed');
}

export function includesAll(msg: string, parts: string[]): void {
  for (const p of parts) assert.ok(msg.includes(p), `message should contain ${JSON.stringify(p)}:\n  ${msg}`);
}

/**
 * Runs `body` once per backend (tfjs-node 'tensorflow' and the pure-JS 'cpu'), restoring the
 * backend afterwards; a passing test must not leak tensors.
 */
let baseline = 0;

/** A test that leaks on purpose (to show a leak is caught) says how many tensors it leaves behind. */
export function acceptLeaked(n: number): void {
  baseline += n;
}

export function onBothBackends(title: string, body: (backend: 'tensorflow' | 'cpu') => void): void {
  for (const backend of ['tensorflow', 'cpu'] as const) {
    describe(`${title} on the ${backend} backend`, () => {
      let previous = '';
      before(async () => {
        previous = tf.getBackend();
        assert.ok(await tf.setBackend(backend), `backend ${backend} is available`);
        await tf.ready();
      });
      // Other unit tests share this process: leave the backend as it was.
      after(async () => { await tf.setBackend(previous); });
      beforeEach(() => { baseline = tf.memory().numTensors; });
      afterEach(function () {
        if (this.currentTest?.state === 'passed') assert.equal(tf.memory().numTensors, baseline, 'the test leaked tensors');
      });
      body(backend);
    });
  }
}
