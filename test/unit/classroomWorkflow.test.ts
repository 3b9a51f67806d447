// The example classroom workflow (docs/classroom/dl-tutor-grade.yml) cannot run here, so its shell
// steps run locally the way GitHub runs them (bash -eo pipefail, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)
// in a learner's repository. The one step that unpacks the .vsix is replaced by a link to this
// checkout (the .vsix's `extension/` folder is this repository's packaged files).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const workflow = fs.readFileSync(path.join(root, 'docs/classroom/dl-tutor-grade.yml'), 'utf8');
const stage = path.join(root, 'test/fixtures/course/stage1');

/** The `run: |` block of the step under `# step: <name>`. */
function stepScript(name: string): string {
  const lines = workflow.split('\n');
  const at = lines.findIndex((l) => l.trim() === `# step: ${name}`);
  assert.ok(at >= 0, `no step marked "# step: ${name}"`);
  const run = lines.findIndex((l, i) => i > at && /^\s+run: \|\s*$/.test(l));
  const indent = lines[run].search(/\S/) + 2;
  const body: string[] = [];
  for (const l of lines.slice(run + 1)) {
    if (l.trim() && l.search(/\S/) < indent) break;
    body.push(l.slice(indent));
  }
  return body.join('\n');
}

/** The workflow's top-level env. */
function workflowEnv(): Record<string, string> {
  const m = /^env:\n((?:[ ]{2}.*\n|\s*#.*\n)+)/m.exec(workflow);
  assert.ok(m, 'no top-level env');
  return Object.fromEntries([...m[1].matchAll(/^ {2}([A-Z_]+): "?([^"\n]*)"?$/gm)].map((x) => [x[1], x[2]]));
}

interface StepRun { status: number | null; stdout: string; stderr: string; outputs: Record<string, string>; summary: string }

function runStep(repo: string, script: string, outputs: Record<string, Record<string, string>>, env: Record<string, string>): StepRun {
  const out = path.join(repo, '..', `gh-output-${Date.now()}`);
  const summary = path.join(repo, '..', `gh-summary-${Date.now()}`);
  fs.writeFileSync(out, '');
  fs.writeFileSync(summary, '');
  const expanded = script.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_m, step: string, key: string) => outputs[step]?.[key] ?? '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expanded], {
    cwd: repo, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, ...workflowEnv(), ...env, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary },
  });
  const parsed = Object.fromEntries(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=', 2) as [string, string]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: parsed, summary: fs.readFileSync(summary, 'utf8') };
}

describe('classroom workflow (docs/classroom/dl-tutor-grade.yml), run locally', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-classroom-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function learnerRepo(name: string, file?: string): string {
    const repo = path.join(tmp, name);
    fs.mkdirSync(path.join(repo, '.dl-tutor'), { recursive: true });
    fs.symlinkSync(root, path.join(repo, '.dl-tutor', 'extension'), 'dir');
    if (file) fs.copyFileSync(file, path.join(repo, 's1-double.ts'));
    return repo;
  }

  // The fixture course has one stage-1 exercise, s1-double.
  const env = { DL_TUTOR_COURSE_ROOT: path.join(root, 'test/fixtures/course') };

  it('names its steps and the .vsix it unpacks', () => {
    assert.equal(workflowEnv().DL_TUTOR_VSIX, '.github/dl-tutor.vsix');
    assert.match(stepScript('get-cli'), /unzip -q "\$DL_TUTOR_VSIX" 'extension\/\*' -d \.dl-tutor/);
  });

  it('every check passes: grade step and verdict succeed, the report and summary are written', () => {
    const repo = learnerRepo('passing', path.join(stage, 'solutions/s1-double.ts'));
    const grade = runStep(repo, stepScript('grade'), {}, env);
    assert.equal(grade.status, 0, grade.stdout + grade.stderr);
    assert.equal(grade.outputs['exit-code'], '0');
    assert.match(grade.summary, /PASSED: 1\/1 exercises passed, 3\/3 checks/);
    assert.match(fs.readFileSync(path.join(repo, 'dl-tutor-report.xml'), 'utf8'), /<testsuites name="dl-tutor" tests="3" failures="0"/);
    const verdict = runStep(repo, stepScript('verdict'), { grade: grade.outputs }, env);
    assert.equal(verdict.status, 0);
  });

  it('a failing check: the grade step still succeeds (so the report is published), the verdict fails', () => {
    const repo = learnerRepo('failing', path.join(stage, 'mutants/s1-double.triple.ts'));
    const grade = runStep(repo, stepScript('grade'), {}, env);
    assert.equal(grade.status, 0, grade.stdout + grade.stderr);
    assert.equal(grade.outputs['exit-code'], '1');
    assert.match(fs.readFileSync(path.join(repo, 'dl-tutor-report.xml'), 'utf8'), /<failure message="element \[0\] is 3, expected 2"/);
    const verdict = runStep(repo, stepScript('verdict'), { grade: grade.outputs }, env);
    assert.notEqual(verdict.status, 0);
  });

  it('a missing exercise file counts as not passed; a broken setup fails the grade step itself', () => {
    const repo = learnerRepo('empty');
    const grade = runStep(repo, stepScript('grade'), {}, env);
    assert.equal(grade.outputs['exit-code'], '1', grade.stdout + grade.stderr);
    assert.match(fs.readFileSync(path.join(repo, 'dl-tutor-report.xml'), 'utf8'), /s1-double\.ts not found/);
    const broken = runStep(repo, stepScript('grade'), {}, { ...env, DL_TUTOR_STAGE: '9' });
    assert.equal(broken.outputs['exit-code'], '2');
    assert.notEqual(broken.status, 0);
  });
});
