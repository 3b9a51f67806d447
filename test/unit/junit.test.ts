// JUnit XML from `grade --junit`, `grade-all --junit` and `verify --junit`, read back with a
// standard JUnit parser (junit2json, on xml2js) the way CI report tools read it.
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, type TestSuite, type TestSuites } from 'junit2json';
import { junitXml } from '../../src/core/junit';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const fixtureCourse = path.join(root, 'test/fixtures/course');
const stage = path.join(fixtureCourse, 'stage1');

function run(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DL_TUTOR_COURSE_ROOT: fixtureCourse } });
}

async function readReport(file: string): Promise<TestSuites> {
  const doc = await parse(fs.readFileSync(file, 'utf8'));
  assert.ok(doc && 'testsuite' in doc, 'a <testsuites> document');
  return doc as TestSuites;
}

function suite(doc: TestSuites, name: string): TestSuite {
  const s = doc.testsuite?.find((x) => x.name === name);
  assert.ok(s, `no testsuite ${name} in ${JSON.stringify(doc.testsuite?.map((x) => x.name))}`);
  return s;
}

describe('JUnit XML', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-junit-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('escapes what a message or console output may contain, and stays parseable', async () => {
    const nasty = 'a < b && c > "d" \'e\' \u001b[31mred\u001b[0m \u0000 ✓ 😀\nsecond line';
    const xml = junitXml('x', [{
      name: 's1-x', durationMs: 1234, properties: { note: nasty }, output: nasty,
      cases: [
        { name: nasty, classname: 's1-x', durationMs: 5, status: 'failed', message: nasty, details: `${nasty}\nexpected: [1]\nactual:   [2]` },
        { name: 'crash', classname: 's1-x', durationMs: 1, status: 'errored', message: 'TypeError: boom' },
        { name: 'slow', classname: 's1-x', durationMs: 1, status: 'timedOut', message: 'over the 2 s limit' },
        { name: 'ok', classname: 's1-x', durationMs: 1, status: 'passed' },
      ],
    }]);
    fs.writeFileSync(path.join(tmp, 'n.xml'), xml);
    const doc = await readReport(path.join(tmp, 'n.xml'));
    assert.deepEqual([doc.tests, doc.failures, doc.errors, doc.time], [4, 1, 2, 1.234]);
    const s = suite(doc, 's1-x');
    const [f, e, t, ok] = s.testcase!;
    const clean = nasty.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
    assert.equal(f.name, clean);
    assert.equal(f.failure![0].message, clean);
    assert.match(f.failure![0].inner!, /expected: \[1\]\nactual: {3}\[2\]$/);
    assert.deepEqual([e.error![0].message, e.error![0].type], ['TypeError: boom', 'errored']);
    assert.equal(t.error![0].type, 'timedOut');
    assert.equal(ok.failure, undefined);
    assert.equal(s['system-out']![0], clean);
  });

  it('grade --junit: a testcase per check, the failure with message, expected and actual; exit code as without', async () => {
    const file = path.join(tmp, 'grade.xml');
    const r = run(['grade', 's1-double', path.join(stage, 'mutants/s1-double.triple.ts'), '--junit', file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /NOT PASSED s1-double: 2\/3/, 'the text report still goes to stdout');
    const doc = await readReport(file);
    assert.deepEqual([doc.tests, doc.failures, doc.errors], [3, 1, 0]);
    const s = suite(doc, 's1-double');
    assert.deepEqual(s.testcase!.map((c) => [c.name, c.classname, !!c.failure]),
      [['double doubles', 's1-double', true], ['sumAll adds', 's1-double', false], ['leaks nothing', 's1-double', false]]);
    const failure = s.testcase![0].failure![0];
    assert.equal(failure.message, 'element [0] is 3, expected 2');
    assert.match(failure.inner!, /^element \[0\] is 3, expected 2\nexpected: \[2, 4, 6\]\nactual: {3}\[3, 6, 9\]\nat .*s1-double\.triple\.ts:3/);
    assert.deepEqual(s.properties!.map((p) => p.name), ['exercise', 'file', 'engine', 'points', 'maxPoints']);
    assert.equal(String(s.properties!.find((p) => p.name === 'points')!.value), '2');

    const ok = path.join(tmp, 'grade-ok.xml');
    assert.equal(run(['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--json', '--junit', ok]).status, 0);
    assert.deepEqual([(await readReport(ok)).tests, (await readReport(ok)).failures], [3, 0]);
    const bad = run(['grade', 's1-double', path.join(stage, 'solutions/s1-double.ts'), '--junit']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--junit needs a value/);
  });

  it('grade-all: every exercise file in a folder, points per exercise, --json, --junit, exit codes', async () => {
    const course = path.join(tmp, 'course');
    fs.mkdirSync(path.join(course, 'node_modules', 'x'), { recursive: true });
    fs.copyFileSync(path.join(stage, 'mutants/s1-double.triple.ts'), path.join(course, 's1-double.ts'));
    // Not graded: not an exercise id of the course, and anything under node_modules.
    fs.writeFileSync(path.join(course, 's1-unknown.ts'), 'export {}');
    fs.copyFileSync(path.join(stage, 'solutions/s1-double.ts'), path.join(course, 'node_modules', 'x', 's1-double.ts'));

    const file = path.join(tmp, 'all.xml');
    const r = run(['grade-all', course, '--json', '--junit', file]);
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual([j.passed, j.points, j.maxPoints, j.exercisesPassed, j.exercises], [false, 2, 3, 0, 1]);
    assert.deepEqual(j.results.map((x: { id: string; file: string; points: number; maxPoints: number }) => [x.id, x.file, x.points, x.maxPoints]),
      [['s1-double', path.join(course, 's1-double.ts'), 2, 3]]);
    const doc = await readReport(file);
    assert.deepEqual([doc.tests, doc.failures], [3, 1]);
    assert.equal(suite(doc, 's1-double').testcase![0].failure![0].message, 'element [0] is 3, expected 2');

    fs.copyFileSync(path.join(stage, 'solutions/s1-double.ts'), path.join(course, 's1-double.ts'));
    const ok = run(['grade-all', course]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /✓ s1-double {2}3\/3 checks/);
    assert.match(ok.stdout, /PASSED: 1\/1 exercises passed, 3\/3 checks/);

    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const none = run(['grade-all', empty]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no exercise files/);
    // --stage counts every exercise of the stage: a missing file is a failed testcase with 0 points.
    const missing = path.join(tmp, 'missing.xml');
    const m = run(['grade-all', empty, '--stage', '1', '--json', '--junit', missing]);
    assert.equal(m.status, 1, m.stderr);
    assert.deepEqual(JSON.parse(m.stdout).results, [{ id: 's1-double', passed: false, points: 0, maxPoints: 0, durationMs: 0 }]);
    assert.match(suite(await readReport(missing), 's1-double').testcase![0].failure![0].message!, /s1-double\.ts not found/);
    assert.equal(run(['grade-all']).status, 2);
    assert.equal(run(['grade-all', path.join(tmp, 'nope')]).status, 2);
  });

  it('verify --junit: a suite per exercise; solution, starter and each mutant a testcase', async () => {
    const file = path.join(tmp, 'verify.xml');
    const r = run(['verify', '--stage', '1', '--junit', file]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const doc = await readReport(file);
    const s = suite(doc, 's1-double');
    const names = s.testcase!.map((c) => c.name!);
    assert.deepEqual(names.slice(0, 3), ['manifest and files', 'reference solution passes every check', 'starter does not pass']);
    assert.ok(names.slice(3).length >= 2 && names.slice(3).every((n) => /^mutant mutants\/.+ is caught$/.test(n)), names.join(', '));
    assert.equal(doc.failures, 0);
  });
});
