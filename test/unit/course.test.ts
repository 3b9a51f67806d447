// The course loader on broken manifests: every problem names the exact file, field and reason.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExercise, formatProblem, hasDemo, jsonErrorPosition, loadCourse } from '../../src/core/course';

const root = path.resolve(__dirname, '../../..');

/** A minimal valid stage-1 manifest whose files exist in the temp course. */
function goodManifest(): Record<string, unknown> {
  return {
    stage: 1, id: 'fixture', title: 'Fixture',
    topics: [{ id: 'perceptron', title: 'The perceptron', lesson: 'lessons/perceptron.md' }, { id: 'optimizers', title: 'Optimizers' }],
    exercises: [
      exercise('s1-one'),
      exercise('s1-two'),
      exercise('s1-three'),
    ],
  };
}

function exercise(id: string): Record<string, unknown> {
  return {
    id, title: id, topics: ['perceptron'],
    starter: `starters/${id}.ts`, check: `checks/${id}.check.ts`, solution: `solutions/${id}.ts`,
    exports: ['f'], ruleLevel: 'P0', hints: ['nudge', 'recipe', 'near-solution'], timeLimitMs: 1000, plots: [],
    mutants: [{ file: `mutants/${id}.a.ts`, describes: 'a', targets: 'c', expect: 'x' }],
  };
}

let tmp: string;

function writeCourse(manifest: unknown, raw?: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'course-'));
  const stage = path.join(dir, 'exercises', 'stage1');
  for (const sub of ['starters', 'checks', 'solutions', 'mutants', 'lessons']) fs.mkdirSync(path.join(stage, sub), { recursive: true });
  fs.writeFileSync(path.join(stage, 'lessons/perceptron.md'), '# P\n');
  for (const id of ['s1-one', 's1-two', 's1-three']) {
    for (const f of [`starters/${id}.ts`, `checks/${id}.check.ts`, `solutions/${id}.ts`, `mutants/${id}.a.ts`]) fs.writeFileSync(path.join(stage, f), '');
  }
  fs.writeFileSync(path.join(stage, 'manifest.json'), raw ?? JSON.stringify(manifest, null, 2));
  return path.join(dir, 'exercises');
}

function problems(manifest: unknown, raw?: string, strict = false): string[] {
  return loadCourse(writeCourse(manifest, raw), { strict }).problems.map(formatProblem);
}

describe('course loader', () => {
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-course-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('accepts a valid manifest and resolves exercise paths', () => {
    const courseRoot = writeCourse(goodManifest());
    const course = loadCourse(courseRoot);
    assert.deepEqual(course.problems, []);
    assert.equal(course.stages.length, 1);
    assert.deepEqual(course.stages[0].exercises.map((e) => e.id), ['s1-one', 's1-two', 's1-three']);
    const found = findExercise(course, 's1-two');
    assert.ok(found);
    assert.equal(found.check, path.join(courseRoot, 'stage1', 'checks', 's1-two.check.ts'));
    assert.equal(findExercise(course, 's1-nope'), undefined);
  });

  it('knows an exercise has a demo from its <id>.demo.ts beside the check, not from the check\'s text', () => {
    const courseRoot = writeCourse(goodManifest());
    // A check file that mentions `demo:` says nothing: only the demo file does.
    fs.writeFileSync(path.join(courseRoot, 'stage1', 'checks', 's1-one.check.ts'), 'export default { checks: [], demo: {} };\n');
    fs.writeFileSync(path.join(courseRoot, 'stage1', 'checks', 's1-two.demo.ts'), 'export default {};\n');
    const course = loadCourse(courseRoot);
    const one = findExercise(course, 's1-one')!;
    const two = findExercise(course, 's1-two')!;
    assert.equal(one.demo, undefined);
    assert.equal(hasDemo(one), false);
    assert.equal(two.demo, path.join(courseRoot, 'stage1', 'checks', 's1-two.demo.ts'));
    assert.equal(hasDemo(two), true);
  });

  it('reports invalid JSON with line and column', () => {
    const raw = '{\n  "stage": 1,\n  "id": "x",\n  "title": "t"\n  "topics": []\n}\n';
    const ps = problems(undefined, raw);
    assert.equal(ps.length, 1);
    assert.match(ps[0], /^exercises\/stage1\/manifest\.json: invalid JSON at line 5, column 3: /);
  });

  it('turns a JSON.parse position into line and column', () => {
    assert.deepEqual(jsonErrorPosition('{\n  "a": 1\n  "b"', 'Unexpected string in JSON at position 13'), { line: 3, column: 3 });
  });

  it('reports a missing required field', () => {
    const m = goodManifest();
    delete (m.exercises as Array<Record<string, unknown>>)[1].check;
    assert.deepEqual(problems(m), ['exercises/stage1/manifest.json: exercises[1].check: missing required field']);
  });

  it('reports the wrong number of hints', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[2].hints = ['a', 'b'];
    assert.deepEqual(problems(m), ['exercises/stage1/manifest.json: exercises[2].hints: expected 3 hints (nudge, recipe, near-solution), got 2']);
  });

  it('reports an unknown topic id', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[0].topics = ['perceptron', 'perceptrons'];
    assert.deepEqual(problems(m), ['exercises/stage1/manifest.json: exercises[0].topics[1]: unknown topic id "perceptrons" (not in this stage\'s topics: perceptron, optimizers)']);
  });

  it('reports a duplicate exercise id', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[2].id = 's1-one';
    assert.deepEqual(problems(m), ['exercises/stage1/manifest.json: exercises[2].id: duplicate exercise id "s1-one"']);
  });

  it('reports a referenced file that is missing', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[1].solution = 'solutions/s1-twoo.ts';
    ((m.exercises as Array<Record<string, unknown>>)[0].mutants as Array<Record<string, unknown>>)[0].file = 'mutants/gone.ts';
    assert.deepEqual(problems(m), [
      'exercises/stage1/manifest.json: exercises[0].mutants[0].file: file not found: mutants/gone.ts',
      'exercises/stage1/manifest.json: exercises[1].solution: file not found: solutions/s1-twoo.ts',
    ]);
  });

  it('reports an exercise id that does not fit the stage', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[0].id = 's2-one';
    assert.deepEqual(problems(m), ['exercises/stage1/manifest.json: exercises[0].id: "s2-one" does not match s1-<lowercase-words> (stage 1)']);
  });

  it('reports unknown fields, bad enums, bad limits and bad regular expressions', () => {
    const m = goodManifest();
    const e = (m.exercises as Array<Record<string, unknown>>)[0];
    e.hint = 'typo';
    e.ruleLevel = 'P3';
    e.timeLimitMs = -5;
    (e.mutants as Array<Record<string, unknown>>)[0].expect = '(unclosed';
    assert.deepEqual(problems(m), [
      'exercises/stage1/manifest.json: exercises[0].hint: unknown field',
      'exercises/stage1/manifest.json: exercises[0].ruleLevel: expected "P0", "P1" or "P2", got "P3"',
      'exercises/stage1/manifest.json: exercises[0].timeLimitMs: expected a positive integer (ms), got number -5',
      'exercises/stage1/manifest.json: exercises[0].mutants[0].expect: invalid regular expression: Invalid regular expression: /(unclosed/i: Unterminated group',
    ]);
  });

  it('names the field path and the reason for a wrong type deep in the manifest', () => {
    const m = goodManifest();
    ((m.exercises as Array<Record<string, unknown>>)[1].mutants as Array<Record<string, unknown>>)[0].targets = 3;
    ((m.exercises as Array<Record<string, unknown>>)[2].mutants as Array<Record<string, unknown>>)[0].targets = 'Double doubles';
    (m.exercises as Array<Record<string, unknown>>)[2].exports = ['ok', 'not an identifier'];
    assert.deepEqual(problems(m), [
      'exercises/stage1/manifest.json: exercises[1].mutants[0].targets: expected a string, got number 3',
      'exercises/stage1/manifest.json: exercises[2].exports[1]: expected an identifier, got "not an identifier"',
      'exercises/stage1/manifest.json: exercises[2].mutants[0].targets: "Double doubles" is not a check id: mutants name the check\'s kebab-case `id` (e.g. "mse-value"), not its display name',
    ]);
  });

  it('treats TODO hints as problems only in strict mode (verify)', () => {
    const m = goodManifest();
    (m.exercises as Array<Record<string, unknown>>)[1].hints = ['TODO nudge', 'recipe', 'near'];
    assert.deepEqual(problems(m), []);
    assert.deepEqual(problems(m, undefined, true), ['exercises/stage1/manifest.json: exercises[1].hints[0]: placeholder hint "TODO nudge"']);
  });

  it('reports files the manifest does not name, in strict mode only', () => {
    const courseRoot = writeCourse(goodManifest());
    fs.writeFileSync(path.join(courseRoot, 'stage1/mutants/s1-one.forgotten.ts'), '');
    assert.deepEqual(loadCourse(courseRoot).problems, []);
    assert.deepEqual(loadCourse(courseRoot, { strict: true }).problems.map(formatProblem),
      ['exercises/stage1/manifest.json: unlisted file mutants/s1-one.forgotten.ts (not named in the manifest)']);
  });

  it('loads the real course without JSON or schema errors', () => {
    const course = loadCourse(path.join(root, 'exercises'));
    assert.equal(course.stages.length, 5);
    // Files may still be missing while authors write; structural problems may not.
    const structural = course.problems.filter((p) => !/file not found/.test(p.reason)).map(formatProblem);
    assert.deepEqual(structural, []);
  });
});
