import assert from 'node:assert/strict';
import {
  backupStamp, countPassed, emptyProgress, firstUnfinished, markStarted, nextHint, progressOf,
  hintLevelFor, recordGrade, recordHint, recordReset, recordSolutionRevealed, statusBarText, statusText, type ProgressRecord,
} from '../../src/core/progress';
import { exerciseIdFromPath, exportLine, firstExportLine } from '../../src/core/learnerFile';

const t = new Date('2026-01-02T03:04:05Z');
const src = { hints: ['nudge', 'recipe', 'near'] as [string, string, string], hintsByKey: { transposed: ['k1', 'k2', 'k3'] } };

describe('progress model', () => {
  it('reads garbage in storage as a fresh record', () => {
    const rec = { a: { status: 'weird', attempts: -3, hintsUsed: 99 } } as unknown as ProgressRecord;
    assert.deepEqual(progressOf(rec, 'a'), { status: 'notStarted', attempts: 0, hintsUsed: 3, solutionRevealed: false });
    assert.deepEqual(progressOf(undefined, 'b'), emptyProgress());
  });

  it('counts attempts, keeps a pass, stamps the first pass once', () => {
    let r: ProgressRecord = {};
    r = recordGrade(r, 'x', false, t, 'transposed');
    assert.equal(progressOf(r, 'x').status, 'failed');
    assert.equal(progressOf(r, 'x').lastHintKey, 'transposed');
    assert.equal(statusText(progressOf(r, 'x')), 'failed · 1 attempt');
    r = recordGrade(r, 'x', true, t);
    assert.equal(progressOf(r, 'x').firstPassedAt, t.toISOString());
    r = recordGrade(r, 'x', false, new Date('2027-01-01T00:00:00Z'));
    const p = progressOf(r, 'x');
    assert.equal(p.status, 'passed');
    assert.equal(p.attempts, 3);
    assert.equal(p.firstPassedAt, t.toISOString());
    assert.equal(statusText(p), 'passed · latest run failed');
  });

  it('does not mutate the record it is given', () => {
    const r: ProgressRecord = Object.freeze({});
    const r2 = recordGrade(r, 'x', true, t);
    assert.deepEqual(r, {});
    assert.equal(progressOf(r2, 'x').status, 'passed');
  });

  it('markStarted only moves notStarted forward', () => {
    let r = markStarted({}, 'x');
    assert.equal(progressOf(r, 'x').status, 'inProgress');
    r = recordGrade(r, 'x', true, t);
    assert.equal(progressOf(markStarted(r, 'x'), 'x').status, 'passed');
  });

  it('reset keeps history but reopens the exercise', () => {
    let r = recordGrade({}, 'x', true, t);
    r = recordSolutionRevealed(recordHint(r, 'x', 2), 'x');
    r = recordReset(r, 'x');
    const p = progressOf(r, 'x');
    assert.equal(p.status, 'inProgress');
    assert.equal(p.attempts, 1);
    assert.equal(p.hintsUsed, 2);
    assert.equal(p.solutionRevealed, true);
    assert.equal(p.firstPassedAt, t.toISOString());
  });

  it('hint ladder: 1 → 2, level 3 locked until a graded attempt; a new mistake starts at its nudge', () => {
    let r: ProgressRecord = {};
    let h = nextHint(src, progressOf(r, 'x'));
    assert.deepEqual(h, { kind: 'hint', level: 1, text: 'nudge', last: false });
    r = recordHint(r, 'x', 1);
    h = nextHint(src, progressOf(r, 'x'));
    assert.equal(h.kind === 'hint' && h.text, 'recipe');
    r = recordHint(r, 'x', 2);
    assert.equal(nextHint(src, progressOf(r, 'x')).kind, 'locked');
    // A failure naming a mistake: its own ladder, from level 1 (not level 3 of the general one).
    r = recordGrade(r, 'x', false, t, 'transposed');
    h = nextHint(src, progressOf(r, 'x'));
    assert.deepEqual(h, { kind: 'hint', level: 1, text: 'k1', hintKey: 'transposed', last: false });
    r = recordHint(r, 'x', 1);
    r = recordHint(r, 'x', 2);
    h = nextHint(src, progressOf(r, 'x'));
    assert.deepEqual(h, { kind: 'hint', level: 3, text: 'k3', hintKey: 'transposed', last: true });
    r = recordHint(r, 'x', 3);
    // Another mistake without a ladder of its own: the general ladder, counted for that mistake.
    r = recordGrade(r, 'x', false, t, 'unknownKey');
    h = nextHint(src, progressOf(r, 'x'));
    assert.equal(h.kind === 'hint' && h.text, 'nudge');
    // Back to the first mistake: its ladder continues where it stopped.
    r = recordGrade(r, 'x', false, t, 'transposed');
    h = nextHint(src, progressOf(r, 'x'));
    assert.deepEqual(h, { kind: 'hint', level: 3, text: 'k3', hintKey: 'transposed', last: true });
    const p = progressOf(recordHint(r, 'x', 7), 'x');
    assert.equal(p.hintsUsed, 3, 'the overall maximum is still recorded');
    assert.deepEqual(p.hintsUsedByKey, { '*': 2, transposed: 3 });
  });

  it('hint levels per mistake survive storage and old records', () => {
    const stored = JSON.parse(JSON.stringify(recordHint(recordGrade({}, 'x', false, t, 'k'), 'x', 2))) as ProgressRecord;
    assert.deepEqual(progressOf(stored, 'x').hintsUsedByKey, { k: 2 });
    // Garbage in storage is dropped, numbers are clamped.
    const p = progressOf({ x: { status: 'failed', attempts: 1, hintsUsed: 2, solutionRevealed: false, hintsUsedByKey: { a: 9, b: 'x' } } } as never, 'x');
    assert.deepEqual(p.hintsUsedByKey, { a: 3 });
    // A record from before per-mistake counting: its hintsUsed continues the general ladder.
    const old = progressOf({ x: { status: 'failed', attempts: 1, hintsUsed: 2, solutionRevealed: false } } as never, 'x');
    assert.equal(hintLevelFor(old), 2);
    assert.equal(hintLevelFor({ ...old, lastHintKey: 'k' }), 0);
  });

  it('counts, first unfinished, status bar and backup stamp', () => {
    const r = recordGrade(recordGrade({}, 'a', true, t), 'b', false, t);
    assert.deepEqual(countPassed(r, ['a', 'b', 'c']), { passed: 1, total: 3 });
    assert.equal(firstUnfinished(r, ['a', 'b', 'c']), 'b');
    assert.equal(firstUnfinished(r, ['a']), undefined);
    assert.equal(statusBarText(1, { passed: 3, total: 7 }), 'DL Tutor · Stage 1 · 3/7');
    assert.match(backupStamp(new Date(2026, 0, 2, 3, 4, 5)), /^20260102-030405$/);
  });
});

describe('learner files', () => {
  it('maps <id>.ts to the exercise id and nothing else', () => {
    assert.equal(exerciseIdFromPath('/home/me/course/s1-perceptron.ts'), 's1-perceptron');
    assert.equal(exerciseIdFromPath('C:\\course\\s2-mse.ts'), 's2-mse');
    assert.equal(exerciseIdFromPath('/x/s1-perceptron.check.ts'), undefined);
    assert.equal(exerciseIdFromPath('/x/notes.ts'), undefined);
    assert.equal(exerciseIdFromPath('/x/s1-perceptron.js'), undefined);
  });

  it('finds export lines', () => {
    const text = "import * as tf from '@tensorflow/tfjs';\n\nexport interface P { w: number }\nexport function act(x: number) {\n}\nexport const actGrad = (x: number) => x;\n";
    assert.equal(firstExportLine(text), 3);
    assert.equal(exportLine(text, 'actGrad'), 5);
    assert.equal(exportLine(text, 'act'), 3);
    assert.equal(exportLine(text, 'missing'), undefined);
    assert.equal(firstExportLine('const a = 1;'), 0);
  });
});
