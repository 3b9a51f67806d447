import assert from 'node:assert/strict';
import { nextExerciseId, startHereId } from '../../src/core/teachingOrder';
import { markStarted } from '../../src/core/progress';
import { loadCourse } from '../../src/core/course';
import path from 'node:path';

const stages = (...lists: string[][]) => ({ stages: lists.map((ids) => ({ exercises: ids.map((id) => ({ id })) })) }) as never;

describe('teaching order', () => {
  it('the next exercise follows the manifest, across stages, skipping empty ones', () => {
    const c = stages(['s1-a', 's1-b'], [], ['s3-a']);
    assert.equal(nextExerciseId(c, 's1-a'), 's1-b');
    assert.equal(nextExerciseId(c, 's1-b'), 's3-a');
    assert.equal(nextExerciseId(c, 's3-a'), undefined);
    assert.equal(nextExerciseId(c, 'nope'), undefined);
  });

  it('in the real course, s1-perceptron leads on to another Stage 1 exercise', () => {
    const course = loadCourse(path.resolve(__dirname, '../../../exercises'));
    assert.match(nextExerciseId(course, 's1-perceptron') ?? '', /^s1-/);
  });

  it('start here: the first exercise while nothing has started, nothing after', () => {
    const c = stages([], ['s2-a', 's2-b']);
    assert.equal(startHereId(c, {}), 's2-a');
    assert.equal(startHereId(c, markStarted({}, 's2-b')), undefined);
  });
});
