// Every written stage verifies: each solution passes every check, each starter fails, every known
// mutant fails its target check with the expected message, ≥ 2 mutants, real hints.
// Runs the real CLI (`verify --stage N --json`), one warm worker per stage. Not a *.test.ts file:
// verify.native.test.ts and verify.cpu.test.ts run it per engine (in parallel with the other files).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

interface VerifyJson {
  passed: boolean;
  problems: string[];
  stages: Array<{ number: number; status: string; problems: string[]; exercises: Array<{ id: string; passed: boolean; failures: string[] }> }>;
}

const list = JSON.parse(spawnSync(process.execPath, [cli, 'list', '--json'], { cwd: root, encoding: 'utf8' }).stdout) as
  { stages: Array<{ number: number; exercises: unknown[] }> };
const written = list.stages.filter((s) => s.exercises.length > 0).map((s) => s.number);

export function verifySuite(engines: Array<'tensorflow' | 'cpu'>): void {
  describe(`course verify (${engines.join(', ')})`, function () {
    this.timeout(600_000);
    it('at least one stage is written', () => assert.ok(written.length > 0));
    for (const n of written) for (const engine of engines) {
      it(`stage ${n}: verify --stage ${n} --engine ${engine} exits 0`, () => {
        const r = spawnSync(process.execPath, [cli, 'verify', '--stage', String(n), '--json', '--engine', engine],
          { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 590_000 });
        let v: VerifyJson;
        try { v = JSON.parse(r.stdout) as VerifyJson; } catch { throw new Error(`verify printed no JSON (exit ${r.status}): ${r.stderr}`); }
        const lines = [...v.problems, ...v.stages.flatMap((s) => [
          ...s.problems,
          ...s.exercises.filter((e) => !e.passed).flatMap((e) => [`${e.id}:`, ...e.failures.map((f) => `    ${f}`)]),
        ])];
        if (r.status !== 0) console.log(`stage ${n} (${engine}) failures:\n  ${lines.join('\n  ')}`);
        assert.equal(r.status, 0, `stage ${n} does not verify on ${engine}:\n${lines.join('\n')}`);
      });
    }
  });
}
