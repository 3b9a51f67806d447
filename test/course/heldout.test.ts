// Graders are judged on code their authors did not see. test/fixtures/heldout/ holds such code,
// written apart from the exercises' own solutions and mutants: correct solutions in other styles,
// which must pass, and plausible mistakes, which must fail the named check with a message that
// names the symptom. Each file is `<exercise-id>--<slug>.ts` and starts with one of
//   // heldout: pass
//   // heldout: fail <check-id> /<regex the message must match>/
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { Grader } from '../../src/grader';
import { exercisePaths, findExercise, loadCourse } from '../../src/core/course';

const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, 'test/fixtures/heldout');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

describe('held-out solutions and mistakes', function () {
  const course = loadCourse(path.join(root, 'exercises'));
  const grader = new Grader({ workerPath: path.join(root, 'dist/worker.js') });
  after(() => grader.dispose());

  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const id = f.split('--')[0];
    const head = text.split('\n', 1)[0];
    const m = /^\/\/ heldout: (pass|fail ([a-z0-9-]+) \/(.+)\/)\s*$/.exec(head);
    it(`${f}`, async () => {
      assert.ok(m, `${f}: first line must be a "// heldout: …" header`);
      const found = findExercise(course, id);
      assert.ok(found, `${f}: unknown exercise ${id}`);
      const paths = exercisePaths(found.stage, found.exercise);
      const result = await grader.grade({ exerciseId: id, learnerFile: path.join(dir, f), checkFile: paths.check, timeLimitMs: found.exercise.timeLimitMs });
      const report = result.checks.map((c) => `  ${c.status.padEnd(8)} ${c.id}${c.message ? ': ' + c.message.split('\n')[0] : ''}`).join('\n');
      if (m[1] === 'pass') {
        assert.ok(result.passed, `${f} is correct but did not pass:\n${report}`);
      } else {
        assert.ok(!result.passed, `${f} is wrong but passed every check:\n${report}`);
        const target = result.checks.find((c) => c.id === m[2]);
        assert.ok(target, `${f}: no check with the id "${m[2]}":\n${report}`);
        assert.notEqual(target.status, 'passed', `${f}: "${target.id}" passed but should catch this mistake:\n${report}`);
        assert.match(target.message, new RegExp(m[3], 'i'), `${f}: "${target.id}" failed with a message that does not name the mistake:\n${report}`);
      }
    });
  }
});
