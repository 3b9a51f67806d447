// Every failure a learner can meet comes with a three-level hint ladder. The checks themselves say
// which key a failure carries (a named mistake's, the check's, or else its id), so this grades what
// fails for sure — every starter (each check fails on it) and every known mutant — and requires a
// ladder under each key reported.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { Grader } from '../../src/grader';
import { exercisePaths, loadCourse } from '../../src/core/course';

const root = path.resolve(__dirname, '../../..');

describe('hint keys of failing checks (Stages 1–3)', function () {
  this.timeout(300_000);
  const course = loadCourse(path.join(root, 'exercises'));
  const grader = new Grader({ workerPath: path.join(root, 'dist/worker.js') });
  after(() => grader.dispose());

  for (const stage of course.stages.filter((s) => s.stage <= 3)) {
    for (const ex of stage.exercises) {
      it(`${ex.id}: every failing check of the starter and of each mutant has a hint key with three levels`, async () => {
        const p = exercisePaths(stage, ex);
        const files = [p.starter, ...(ex.mutants ?? []).map((m) => path.resolve(stage.dir, m.file))];
        const missing: string[] = [];
        for (const file of files) {
          const r = await grader.grade({ exerciseId: ex.id, learnerFile: file, checkFile: p.check, timeLimitMs: ex.timeLimitMs });
          for (const c of r.checks.filter((x) => x.status !== 'passed')) {
            const ladder = c.hintKey ? ex.hintsByKey?.[c.hintKey] : undefined;
            if (!c.hintKey) missing.push(`${path.basename(file)}: "${c.name}" failed without a hint key`);
            else if (!ladder || ladder.length !== 3 || ladder.some((h) => !h.trim())) missing.push(`${path.basename(file)}: "${c.name}" reports hint key "${c.hintKey}", which has no three-level ladder`);
          }
        }
        assert.deepEqual(missing, []);
      });
    }
  }
});
