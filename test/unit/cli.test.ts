// The CLI (dist/cli.js) as a user runs it: exit codes, JSON shapes, init's scaffold, verify.
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const fixtureCourse = path.join(root, 'test/fixtures/course');
const stage = path.join(fixtureCourse, 'stage1');

function run(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, DL_TUTOR_COURSE_ROOT: fixtureCourse, ...env },
  });
}

function json(r: SpawnSyncReturns<string>): any {
  try { return JSON.parse(r.stdout); } catch { throw new Error(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`); }
}

describe('cli', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-cli-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('list --json has the documented shape', () => {
    const r = run(['list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(json(r), {
      stages: [{
        number: 1, id: 'fixture', title: 'Fixture stage',
        exercises: [{ id: 's1-double', title: 'Double a tensor', topics: ['fixture-topic'],
          starter: path.join(stage, 'starters/s1-double.ts'), solution: path.join(stage, 'solutions/s1-double.ts') }],
      }],
    });
  });

  it('list without --json prints a table', () => {
    const r = run(['list']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Stage 1: Fixture stage\n {2}s1-double {2}Double a tensor {2}\[fixture-topic\]\n$/);
  });

  it('grade --json: exit 0 and the documented shape when every check passes', () => {
    const r = run(['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const g = json(r);
    assert.equal(g.exercise, 's1-double');
    assert.equal(g.engine, 'tensorflow');
    assert.equal(g.passed, true);
    assert.equal(typeof g.durationMs, 'number');
    assert.deepEqual(g.checks.map((c: { name: string; status: string }) => [c.name, c.status]),
      [['double doubles', 'passed'], ['sumAll adds', 'passed'], ['leaks nothing', 'passed']]);
    for (const c of g.checks) {
      assert.equal(typeof c.message, 'string');
      assert.equal(typeof c.durationMs, 'number');
    }
  });

  it('grade: exit 1 with ✗, message, expected/actual and line when a check fails', () => {
    const r = run(['grade', 's1-double', path.join(stage, 'mutants/s1-double.triple.ts')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /✗ double doubles .*\n {6}element \[0\] is 3, expected 2\n {6}expected: \[2, 4, 6\]\n {6}actual: {3}\[3, 6, 9\]\n {6}at line 3\n/);
    assert.match(r.stdout, /✓ sumAll adds/);
    assert.match(r.stdout, /NOT PASSED s1-double: 2\/3 checks passed in \d+ ms \(engine: tensorflow\)\n$/);
  });

  it('grade --engine cpu uses the cpu engine', () => {
    const r = run(['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--json', '--engine', 'cpu']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(json(r).engine, 'cpu');
  });

  it('grade: exit 2 for usage errors, an unknown exercise, a missing file, a broken install', () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['grade'], /grade needs an exercise id and a file/],
      [['grade', 's1-nope', path.join(stage, 'solutions/s1-double.ts')], /unknown exercise "s1-nope"/],
      [['grade', 's1-double', path.join(tmp, 'absent.ts')], /file not found: /],
      [['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--engine', 'gpu'], /--engine must be tensorflow or cpu/],
      [['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--bogus'], /unknown option --bogus/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--engine', 'tensorflow'], /could not load/, { DL_TUTOR_TFJS_NODE: '@tensorflow/tfjs-node-missing-for-test' }],
    ];
    for (const [args, re, env] of cases) {
      const r = run(args, env);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });

  it('grade: a synchronous infinite loop is timedOut within the limit + 2 s', () => {
    const t0 = Date.now();
    const r = run(['grade', 's1-double', path.join(stage, 'mutants/s1-double.loop.ts'), '--json']);
    const took = Date.now() - t0;
    assert.equal(r.status, 1);
    assert.equal(json(r).checks[0].status, 'timedOut');
    assert.ok(took < 1500 + 2000 + 1500, `took ${took} ms (limit 1.5 s, + grace, + process start)`);
  });

  it('init copies starters, a tsconfig and the tfjs typings, never overwriting', () => {
    const dir = path.join(tmp, 'ws');
    fs.mkdirSync(dir);
    const r1 = run(['init', dir, '--stage', '1']);
    assert.equal(r1.status, 0, r1.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 's1-double.ts'), 'utf8'), fs.readFileSync(path.join(stage, 'starters/s1-double.ts'), 'utf8'));
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    assert.equal(tsconfig.compilerOptions.strict, true);
    assert.equal(tsconfig.compilerOptions.noEmit, true);
    assert.equal(tsconfig.compilerOptions.moduleResolution, 'node');
    assert.equal(tsconfig.compilerOptions.skipLibCheck, true);
    for (const p of ['@tensorflow/tfjs/package.json', '@tensorflow/tfjs/dist/index.d.ts', '@tensorflow/tfjs-core/dist/index.d.ts', '@tensorflow/tfjs-layers/dist/index.d.ts']) {
      assert.ok(fs.existsSync(path.join(dir, 'node_modules', p)), `missing ${p}`);
    }
    assert.equal(fs.existsSync(path.join(dir, 'node_modules/@tensorflow/tfjs-core/dist/index.js')), false, 'only declarations are copied');
    assert.match(r1.stdout, /created .*s1-double\.ts/);
    fs.writeFileSync(path.join(dir, 's1-double.ts'), '// my work\n');
    const r2 = run(['init', dir, '--stage', '1']);
    assert.equal(r2.status, 0);
    assert.match(r2.stdout, /skipped .*s1-double\.ts \(already exists\)/);
    assert.equal(fs.readFileSync(path.join(dir, 's1-double.ts'), 'utf8'), '// my work\n');
    assert.equal(run(['init', dir]).status, 2);
  });

  it('init: the scaffold type-checks a learner file that uses tf', () => {
    const dir = path.join(tmp, 'ws');
    fs.writeFileSync(path.join(dir, 's1-double.ts'), "import * as tf from '@tensorflow/tfjs';\nexport function double(x: tf.Tensor): tf.Tensor { return tf.mul(x, 2); }\nexport const bad: tf.Tensor = 3;\n");
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', timeout: 120_000 });
    // Exactly one error: the deliberate one. A missing typing would make tf `any` and hide it.
    assert.match(r.stdout, /s1-double\.ts\(3,14\): error TS2322: Type 'number' is not assignable to type 'Tensor<Rank>'/);
    assert.equal(r.stdout.trim().split('\n').filter((l) => /error TS/.test(l)).length, 1, r.stdout);
  });

  it('verify --json: exit 0 on the fixture course, with durations', () => {
    const r = run(['verify', '--stage', '1', '--json']);
    const v = json(r);
    assert.equal(r.status, 0, JSON.stringify(v, null, 2));
    assert.equal(v.passed, true);
    assert.equal(v.stages[0].status, 'passed');
    const ex = v.stages[0].exercises[0];
    assert.equal(ex.id, 's1-double');
    assert.deepEqual(ex.failures, []);
    for (const k of ['solutionMs', 'starterMs', 'mutantsMs']) assert.equal(typeof ex[k], 'number');
    assert.deepEqual(ex.mutants.map((m: { ok: boolean; status: string }) => [m.ok, m.status]), [[true, 'failed'], [true, 'timedOut']]);
  });

  it('verify: exit 1 with reasons when a mutant is not caught, hints are placeholders, or a stage is not written', () => {
    const course = path.join(tmp, 'broken-course');
    fs.cpSync(fixtureCourse, course, { recursive: true });
    const mf = path.join(course, 'stage1/manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    m.exercises[0].mutants[0].expect = 'wrong axis';
    m.exercises[0].mutants[1].status = 'failed';
    m.exercises[0].hints[1] = 'TODO recipe';
    m.exercises[0].mutants.push({ file: 'solutions/s1-double.ts', describes: 'actually correct', targets: 'double-doubles', expect: '.' });
    fs.writeFileSync(mf, JSON.stringify(m));
    fs.mkdirSync(path.join(course, 'stage2'));
    fs.writeFileSync(path.join(course, 'stage2/manifest.json'), JSON.stringify({ stage: 2, id: 'later', title: 'Later', topics: [], exercises: [] }));
    const r = run(['verify', '--json'], { DL_TUTOR_COURSE_ROOT: course });
    const v = json(r);
    assert.equal(r.status, 1);
    assert.equal(v.passed, false);
    assert.deepEqual(v.stages.map((s: { number: number; status: string }) => [s.number, s.status]), [[1, 'failed'], [2, 'not written yet']]);
    assert.deepEqual(v.stages[0].exercises[0].failures, [
      'broken-course/stage1/manifest.json: exercises[0].hints[1]: placeholder hint "TODO recipe"',
      'mutant mutants/s1-double.triple.ts (multiplies by three): message of "double-doubles" does not match /wrong axis/i: "element [0] is 3, expected 2"',
      "mutant mutants/s1-double.loop.ts (loops forever): check \"double-doubles\" ended timedOut, expected failed: took longer than 1.5 s — an infinite loop? Check your loop's exit condition",
      'mutant solutions/s1-double.ts (actually correct): check "double-doubles" ended passed, expected failed',
    ]);
  });

  it('verify: a mutant whose target is not a check id fails with the ids there are', () => {
    const course = path.join(tmp, 'renamed-target');
    fs.cpSync(fixtureCourse, course, { recursive: true });
    const mf = path.join(course, 'stage1/manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    // A well-formed id that the check file does not define (a renamed or removed check).
    m.exercises[0].mutants[0].targets = 'double-triples';
    fs.writeFileSync(mf, JSON.stringify(m));
    const r = run(['verify', '--json'], { DL_TUTOR_COURSE_ROOT: course });
    const v = json(r);
    assert.equal(r.status, 1);
    assert.deepEqual(v.stages[0].exercises[0].failures, [
      'mutant mutants/s1-double.triple.ts (multiplies by three): targets "double-triples", which is not a check id of s1-double (ids: double-doubles, sum-all-adds, no-leaks)',
    ]);
    assert.deepEqual(v.stages[0].exercises[0].mutants.map((x: { ok: boolean }) => x.ok), [false, true]);
  });
});
