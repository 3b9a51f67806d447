// Correct solutions written differently from the reference ones must pass: every file in
// test/fixtures/alt-solutions/<exercise-id>.ts is graded through the real CLI and must pass every check.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, 'test/fixtures/alt-solutions');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^s\d-.*\.ts$/.test(f)).sort() : [];

describe('second, differently written solutions pass', () => {
  it('there is at least one alternative solution per written exercise', () => {
    const list = JSON.parse(spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'list', '--json'], { encoding: 'utf8' }).stdout);
    const ids: string[] = list.stages.flatMap((s: { exercises: Array<{ id: string }> }) => s.exercises.map((e) => e.id));
    const missing = ids.filter((id) => !files.includes(`${id}.ts`));
    assert.deepEqual(missing, [], `exercises without a second solution: ${missing.join(', ')}`);
  });
  for (const f of files) {
    const id = f.replace(/\.ts$/, '');
    it(`${id}: alternative solution passes`, () => {
      const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'grade', id, path.join(dir, f), '--json'],
        { encoding: 'utf8', timeout: 120_000 });
      let result: { passed: boolean; checks: Array<{ name: string; status: string; message: string }> };
      try { result = JSON.parse(r.stdout); } catch { throw new Error(`grade printed no JSON (exit ${r.status}): ${r.stderr}`); }
      const bad = result.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status}: ${c.message}`);
      assert.deepEqual(bad, [], `alternative ${f} did not pass`);
      assert.equal(r.status, 0);
    });
  }
});
