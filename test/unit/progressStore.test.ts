import assert from 'node:assert/strict';
import { PROGRESS_VERSION, loadProgress, progressOf, recordGradeOutcome, storeProgress, type ProgressRecord } from '../../src/core/progress';

const t = new Date('2026-01-02T03:04:05Z');

describe('progress store', () => {
  it('loads a version-1 store (a bare record written by 0.1.0)', () => {
    const v1 = {
      's1-perceptron': { status: 'passed', attempts: 3, hintsUsed: 1, solutionRevealed: false, firstPassedAt: '2026-01-01T00:00:00.000Z', lastPassed: true },
      's1-backprop': { status: 'failed', attempts: 1, hintsUsed: 0, solutionRevealed: false, lastHintKey: 'transposed' },
    };
    const r = loadProgress(v1);
    assert.deepEqual(r, v1);
    assert.equal(progressOf(r, 's1-perceptron').status, 'passed');
  });

  it('writes the current version and reads it back unchanged', () => {
    const r: ProgressRecord = recordGradeOutcome({}, 's1-perceptron', { passed: true, complete: true }, t);
    const stored = storeProgress(r);
    assert.equal(stored.version, PROGRESS_VERSION);
    assert.deepEqual(loadProgress(JSON.parse(JSON.stringify(stored))), r);
  });

  it('a v1 store migrates on the next write', () => {
    const v1 = { 's1-mse': { status: 'inProgress', attempts: 0, hintsUsed: 0, solutionRevealed: false } };
    const stored = storeProgress(recordGradeOutcome(loadProgress(v1), 's1-mse', { passed: false, complete: true, hintKey: 'k' }, t));
    assert.equal(stored.version, PROGRESS_VERSION);
    assert.deepEqual(stored.exercises['s1-mse'], { status: 'failed', attempts: 1, hintsUsed: 0, solutionRevealed: false, lastPassed: false, lastHintKey: 'k' });
  });

  it('reads what it can of a newer version and of garbage', () => {
    assert.deepEqual(loadProgress({ version: 99, exercises: { a: { status: 'passed', attempts: 1, hintsUsed: 0, solutionRevealed: false, extra: 1 } }, more: true }),
      { a: { status: 'passed', attempts: 1, hintsUsed: 0, solutionRevealed: false } });
    assert.deepEqual(loadProgress(undefined), {});
    assert.deepEqual(loadProgress('x'), {});
    assert.deepEqual(loadProgress([1, 2]), {});
    assert.deepEqual(loadProgress({ version: 2, exercises: 'nope' }), {});
    assert.deepEqual(loadProgress({ a: 5, b: { status: 'weird' } }), { b: { status: 'notStarted', attempts: 0, hintsUsed: 0, solutionRevealed: false } });
  });

  it('a passing selection of checks only marks the exercise started; a failing one counts', () => {
    let r = recordGradeOutcome({}, 'x', { passed: true, complete: false }, t);
    assert.deepEqual(progressOf(r, 'x'), { status: 'inProgress', attempts: 0, hintsUsed: 0, solutionRevealed: false });
    r = recordGradeOutcome(r, 'x', { passed: false, complete: false, hintKey: 'h' }, t);
    assert.equal(progressOf(r, 'x').status, 'failed');
    assert.equal(progressOf(r, 'x').attempts, 1);
  });
});
