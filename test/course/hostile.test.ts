// Wrong code must not pass however it is written, and must not change a later grade. Each file in
// test/fixtures/hostile/ is a wrong (or rule-breaking) s2-cross-entropy plus one trick: a forged
// result, a patched reference or comparison, a bypassed rule, an escape into the machine, or plain
// broken code. The first line is `// hostile: fail /<regex>/`: the grade must not pass, and a check
// that did not pass must say something matching the regex. Every grade runs in the same long-lived
// grader, and after each one a correct file of another exercise must still pass and a wrong one fail.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Grader } from '../../src/grader';
import { exercisePaths, findExercise, loadCourse } from '../../src/core/course';

const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, 'test/fixtures/hostile');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
const SOCKET_PORT = 47811;

describe('hostile and broken submissions', function () {
  this.timeout(120_000);
  const course = loadCourse(path.join(root, 'exercises'));
  // A lower memory limit than the default, so the memory hogs are stopped sooner.
  const grader = new Grader({ workerPath: path.join(root, 'dist/worker.js'), maxRssMb: 1500 });
  const target = findExercise(course, 's2-cross-entropy')!;
  const targetPaths = exercisePaths(target.stage, target.exercise);
  const mse = findExercise(course, 's2-mse')!;
  const msePaths = exercisePaths(mse.stage, mse.exercise);
  const hash = (f: string) => createHash('sha1').update(fs.readFileSync(f)).digest('hex');
  const checkHashes = new Map([targetPaths.check, msePaths.check].map((f) => [f, hash(f)]));
  const written = path.join(os.tmpdir(), 'dl-tutor-hostile-write.txt');
  let connections = 0;
  const server = net.createServer((s) => { connections++; s.destroy(); });

  before((done) => {
    fs.rmSync(written, { force: true });
    server.listen(SOCKET_PORT, '127.0.0.1', done);
  });
  after(() => {
    grader.dispose();
    server.close();
  });

  it('has at least 40 cases', () => assert.ok(files.length >= 40, `${files.length} files`));

  for (const f of files) {
    const head = fs.readFileSync(path.join(dir, f), 'utf8').split('\n', 1)[0];
    const m = /^\/\/ hostile: fail \/(.+)\/\s*$/.exec(head);
    it(f.replace(/^s2-cross-entropy--|\.ts$/g, ''), async () => {
      assert.ok(m, `${f}: first line must be "// hostile: fail /<regex>/"`);
      const r = await grader.grade({ exerciseId: 's2-cross-entropy', learnerFile: path.join(dir, f), checkFile: targetPaths.check, timeLimitMs: target.exercise.timeLimitMs });
      const report = r.checks.map((c) => `  ${c.status.padEnd(8)} ${c.name}: ${c.message.slice(0, 200)}`).join('\n');
      assert.equal(r.passed, false, `${f} passed:\n${report}`);
      const bad = r.checks.filter((c) => c.status !== 'passed');
      assert.ok(bad.some((c) => new RegExp(m![1], 'i').test(c.message)), `${f}: no failing check says /${m![1]}/:\n${report}`);
      for (const c of r.checks) {
        assert.ok(c.message.length <= 70_000, `${f}: a ${c.message.length}-character message reached the host`);
        assert.ok(c.durationMs <= target.exercise.timeLimitMs + 2000, `${f}: "${c.name}" took ${c.durationMs} ms`);
      }
      // Nothing it did changes the next grades.
      const good = await grader.grade({ exerciseId: 's2-mse', learnerFile: msePaths.solution, checkFile: msePaths.check, timeLimitMs: mse.exercise.timeLimitMs });
      assert.ok(good.passed, `after ${f}, a correct s2-mse did not pass:\n${good.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`).join('\n')}`);
      const wrong = await grader.grade({ exerciseId: 's2-mse', learnerFile: path.join(msePaths.solution, '../../mutants/s2-mse.summed.ts'), checkFile: msePaths.check, timeLimitMs: mse.exercise.timeLimitMs });
      assert.equal(wrong.passed, false, `after ${f}, a wrong s2-mse passed`);
    });
  }

  it('left nothing behind: no file written, no check file changed, no process alive, no socket opened', () => {
    assert.equal(fs.existsSync(written), false, `${written} was written`);
    for (const [f, h] of checkHashes) assert.equal(hash(f), h, `${f} was changed`);
    // Every process's command line, read from /proc (no pgrep needed on a bare machine).
    const sleepers = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
      try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === 'sleep 120'; } catch { return false; }
    });
    assert.deepEqual(sleepers, [], 'a process started by exercise code is still alive');
    assert.equal(connections, 0, 'exercise code opened a socket');
  });
});
