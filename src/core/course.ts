/**
 * Loads and validates the course: every `exercises/stageN/manifest.json`.
 * Pure Node (fs/path): the CLI, the worker host and the VS Code extension all use it, so it must not
 * load TensorFlow.js or vscode. Validation is by hand, mirroring exercises/manifest.schema.json,
 * because a problem must name the exact file and field an author has to fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExerciseSpec, ManifestProblem, MutantSpec, Stage, StageManifest, TopicSpec } from './manifest';

export interface Course {
  /** Absolute path of the `exercises/` folder. */
  root: string;
  /** Stages that loaded (possibly with problems), sorted by number. */
  stages: Stage[];
  problems: ManifestProblem[];
}

export interface LoadOptions {
  /**
   * Strict mode (used by `verify`): placeholder hints (`TODO …`) are problems too. The tree and
   * `list` tolerate them while authors are still writing.
   */
  strict?: boolean;
}

/** Format a problem the way authors read it: `file: field: reason`. */
export function formatProblem(p: ManifestProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.reason}` : `${p.file}: ${p.reason}`;
}

/**
 * Find the `exercises/` folder: `DL_TUTOR_COURSE_ROOT` if set, otherwise the first `exercises/`
 * (holding a stage manifest) walking up from `from` — dist/cli.js, dist/worker.js and the test
 * bundles in dist/test/** all find the project's exercises/ that way.
 */
export function findCourseRoot(from: string = __dirname): string {
  const env = process.env.DL_TUTOR_COURSE_ROOT;
  if (env) return path.resolve(env);
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'exercises');
    if (fs.existsSync(path.join(candidate, 'stage1', 'manifest.json')) || fs.existsSync(path.join(candidate, 'manifest.schema.json'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the course folder (exercises/) above ${from}; set DL_TUTOR_COURSE_ROOT`);
    dir = parent;
  }
}

const EXERCISE_KEYS = new Set(['id', 'title', 'topics', 'starter', 'check', 'solution', 'exports', 'ruleLevel', 'hints',
  'hintsByKey', 'timeLimitMs', 'demoTimeLimitMs', 'plots', 'mutants']);
const REQUIRED_EXERCISE_KEYS = ['id', 'title', 'topics', 'starter', 'check', 'solution', 'exports', 'ruleLevel', 'hints',
  'timeLimitMs', 'plots', 'mutants'];
const STAGE_KEYS = new Set(['$schema', 'stage', 'id', 'title', 'topics', 'exercises']);
const TOPIC_KEYS = new Set(['id', 'title', 'lesson']);
const MUTANT_KEYS = new Set(['file', 'describes', 'targets', 'expect', 'status']);

/** Load every stage folder (`stageN/manifest.json`) under `root`. Never throws for a broken manifest. */
export function loadCourse(root: string = findCourseRoot(), opts: LoadOptions = {}): Course {
  const problems: ManifestProblem[] = [];
  const stages: Stage[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(root).filter((n) => /^stage\d+$/.test(n) && fs.statSync(path.join(root, n)).isDirectory());
  } catch (e) {
    problems.push({ file: root, field: '', reason: `cannot read the course folder: ${(e as Error).message}` });
  }
  entries.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const seenExercise = new Map<string, string>();
  for (const name of entries) {
    const stage = loadStage(root, name, problems, opts);
    if (!stage) continue;
    for (const [i, ex] of stage.exercises.entries()) {
      if (typeof ex.id !== 'string') continue;
      const first = seenExercise.get(ex.id);
      // A duplicate inside one manifest is reported by loadStage.
      if (first === rel(root, stage.manifestPath)) continue;
      if (first) {
        problems.push({ file: rel(root, stage.manifestPath), field: `exercises[${i}].id`, reason: `duplicate exercise id "${ex.id}" (also in ${first})` });
      } else {
        seenExercise.set(ex.id, rel(root, stage.manifestPath));
      }
    }
    stages.push(stage);
  }
  return { root, stages, problems };
}

/** The exercise with this id, with its stage and absolute file paths. */
export interface FoundExercise {
  stage: Stage;
  exercise: ExerciseSpec;
  starter: string;
  check: string;
  solution: string;
  /** `checks/<id>.demo.ts` beside the check file, when the exercise has a demo. */
  demo?: string;
}

export function findExercise(course: Course, id: string): FoundExercise | undefined {
  for (const stage of course.stages) {
    const exercise = stage.exercises.find((e) => e.id === id);
    if (exercise) return { stage, exercise, ...exercisePaths(stage, exercise) };
  }
  return undefined;
}

export function exercisePaths(stage: Stage, ex: ExerciseSpec): { starter: string; check: string; solution: string; demo?: string } {
  const check = path.resolve(stage.dir, ex.check);
  const demo = demoPath(check, ex.id);
  return {
    starter: path.resolve(stage.dir, ex.starter),
    check,
    solution: path.resolve(stage.dir, ex.solution),
    ...(fs.existsSync(demo) ? { demo } : {}),
  };
}

/** Where an exercise's demo lives: `<id>.demo.ts` in the folder of its check file. */
export function demoPath(checkFile: string, id: string): string {
  return path.join(path.dirname(checkFile), `${id}.demo.ts`);
}

/**
 * Whether the exercise has a demo: its `<id>.demo.ts` exists. Until every demo has moved out
 * of its check file, a `demoTimeLimitMs` in the manifest also says so (every exercise with a
 * demo in its check file sets one; the course tests require it).
 */
export function hasDemo(found: FoundExercise): boolean {
  return found.demo !== undefined || found.exercise.demoTimeLimitMs !== undefined;
}

/** Problems with the manifest of one stage (by number), e.g. to report alongside a `verify --stage N`. */
export function problemsOfStage(course: Course, stage: number): ManifestProblem[] {
  const file = `stage${stage}/manifest.json`;
  return course.problems.filter((p) => p.file.endsWith(file));
}

/** A path as authors see it: relative to the project folder (the parent of exercises/). */
function rel(root: string, p: string): string {
  return path.relative(path.dirname(root), p).split(path.sep).join('/');
}

/** Turn "... at position N" into a line and column (1-based). */
export function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : text.length;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return { line, column };
}

function loadStage(root: string, folder: string, problems: ManifestProblem[], opts: LoadOptions): Stage | undefined {
  const dir = path.join(root, folder);
  const manifestPath = path.join(dir, 'manifest.json');
  const file = rel(root, manifestPath);
  const add = (field: string, reason: string) => problems.push({ file, field, reason });
  let text: string;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch {
    add('', 'missing manifest.json');
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const { line, column } = jsonErrorPosition(text, msg);
    add('', `invalid JSON at line ${line}, column ${column}: ${msg.replace(/ in JSON at position \d+.*$/, '')}`);
    return undefined;
  }
  if (!isObject(data)) {
    add('', 'expected a JSON object');
    return undefined;
  }
  const m = data as Record<string, unknown>;
  const folderNumber = Number(folder.slice(5));
  for (const k of Object.keys(m)) if (!STAGE_KEYS.has(k)) add(k, 'unknown field');
  if (typeof m.stage !== 'number' || !Number.isInteger(m.stage)) add('stage', `expected an integer, got ${describe(m.stage)}`);
  else if (m.stage !== folderNumber) add('stage', `expected ${folderNumber} (the folder is ${folder}), got ${m.stage}`);
  checkString(m, 'id', '', add);
  checkString(m, 'title', '', add);

  const topics: TopicSpec[] = [];
  const topicIds = new Set<string>();
  if (!Array.isArray(m.topics)) add('topics', `expected an array, got ${describe(m.topics)}`);
  else {
    m.topics.forEach((t, i) => {
      const f = `topics[${i}]`;
      if (!isObject(t)) { add(f, `expected an object, got ${describe(t)}`); return; }
      for (const k of Object.keys(t)) if (!TOPIC_KEYS.has(k)) add(`${f}.${k}`, 'unknown field');
      const okId = checkString(t, 'id', f, add);
      checkString(t, 'title', f, add);
      if (t.lesson !== undefined && checkString(t, 'lesson', f, add)) checkFile(dir, t.lesson as string, `${f}.lesson`, add);
      if (okId) {
        if (topicIds.has(t.id as string)) add(`${f}.id`, `duplicate topic id "${t.id as string}"`);
        topicIds.add(t.id as string);
      }
      topics.push(t as unknown as TopicSpec);
    });
  }

  const exercises: ExerciseSpec[] = [];
  if (!Array.isArray(m.exercises)) add('exercises', `expected an array, got ${describe(m.exercises)}`);
  else {
    const seen = new Set<string>();
    m.exercises.forEach((e, i) => {
      const f = `exercises[${i}]`;
      if (!isObject(e)) { add(f, `expected an object, got ${describe(e)}`); return; }
      validateExercise(e, f, dir, folderNumber, topicIds, add, opts);
      if (typeof e.id === 'string') {
        if (seen.has(e.id)) add(`${f}.id`, `duplicate exercise id "${e.id}"`);
        seen.add(e.id);
      }
      exercises.push(e as unknown as ExerciseSpec);
    });
  }
  if (opts.strict) unlistedFiles(dir, m, add);
  return {
    ...(m as unknown as StageManifest),
    stage: typeof m.stage === 'number' ? m.stage : folderNumber,
    topics,
    exercises,
    dir,
    manifestPath,
  };
}

type Add = (field: string, reason: string) => void;

function validateExercise(e: Record<string, unknown>, f: string, dir: string, stage: number, topicIds: Set<string>, add: Add, opts: LoadOptions): void {
  for (const k of Object.keys(e)) if (!EXERCISE_KEYS.has(k)) add(`${f}.${k}`, 'unknown field');
  for (const k of REQUIRED_EXERCISE_KEYS) if (e[k] === undefined) add(`${f}.${k}`, 'missing required field');
  if (e.id !== undefined && checkString(e, 'id', f, add)) {
    const re = new RegExp(`^s${stage}-[a-z0-9]+(-[a-z0-9]+)*$`);
    if (!re.test(e.id as string)) add(`${f}.id`, `"${e.id as string}" does not match s${stage}-<lowercase-words> (stage ${stage})`);
  }
  if (e.title !== undefined) checkString(e, 'title', f, add);
  if (e.topics !== undefined) {
    if (!Array.isArray(e.topics) || e.topics.length === 0) add(`${f}.topics`, `expected a non-empty array of topic ids, got ${describe(e.topics)}`);
    else e.topics.forEach((t, j) => {
      if (typeof t !== 'string') add(`${f}.topics[${j}]`, `expected a string, got ${describe(t)}`);
      else if (!topicIds.has(t)) add(`${f}.topics[${j}]`, `unknown topic id "${t}" (not in this stage's topics: ${[...topicIds].join(', ')})`);
    });
  }
  for (const k of ['starter', 'check', 'solution']) {
    if (e[k] !== undefined && checkString(e, k, f, add)) checkFile(dir, e[k] as string, `${f}.${k}`, add);
  }
  if (e.exports !== undefined) {
    if (!Array.isArray(e.exports) || e.exports.length === 0) add(`${f}.exports`, `expected a non-empty array of names, got ${describe(e.exports)}`);
    else e.exports.forEach((x, j) => {
      if (typeof x !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(x)) add(`${f}.exports[${j}]`, `expected an identifier, got ${describe(x)}`);
    });
  }
  if (e.ruleLevel !== undefined && !['P0', 'P1', 'P2'].includes(e.ruleLevel as string)) {
    add(`${f}.ruleLevel`, `expected "P0", "P1" or "P2", got ${describe(e.ruleLevel)}`);
  }
  if (e.hints !== undefined) checkHints(e.hints, `${f}.hints`, add, opts);
  if (e.hintsByKey !== undefined) {
    if (!isObject(e.hintsByKey)) add(`${f}.hintsByKey`, `expected an object, got ${describe(e.hintsByKey)}`);
    else for (const [k, v] of Object.entries(e.hintsByKey)) checkHints(v, `${f}.hintsByKey.${k}`, add, opts);
  }
  for (const k of ['timeLimitMs', 'demoTimeLimitMs']) {
    const v = e[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) add(`${f}.${k}`, `expected a positive integer (ms), got ${describe(v)}`);
  }
  if (e.plots !== undefined) {
    if (!Array.isArray(e.plots)) add(`${f}.plots`, `expected an array of chart ids, got ${describe(e.plots)}`);
    else e.plots.forEach((p, j) => { if (typeof p !== 'string') add(`${f}.plots[${j}]`, `expected a string, got ${describe(p)}`); });
  }
  if (e.mutants !== undefined) {
    if (!Array.isArray(e.mutants)) add(`${f}.mutants`, `expected an array, got ${describe(e.mutants)}`);
    else e.mutants.forEach((mu, j) => validateMutant(mu, `${f}.mutants[${j}]`, dir, add));
  }
}

function validateMutant(mu: unknown, f: string, dir: string, add: Add): void {
  if (!isObject(mu)) { add(f, `expected an object, got ${describe(mu)}`); return; }
  for (const k of Object.keys(mu)) if (!MUTANT_KEYS.has(k)) add(`${f}.${k}`, 'unknown field');
  for (const k of ['file', 'describes', 'targets', 'expect']) {
    if (mu[k] === undefined) add(`${f}.${k}`, 'missing required field');
    else checkString(mu, k, f, add);
  }
  if (typeof mu.file === 'string' && mu.file) checkFile(dir, mu.file, `${f}.file`, add);
  if (typeof mu.expect === 'string') {
    try { new RegExp(mu.expect, 'i'); } catch (err) { add(`${f}.expect`, `invalid regular expression: ${(err as Error).message}`); }
  }
  if (mu.status !== undefined && !['failed', 'errored', 'timedOut'].includes(mu.status as string)) {
    add(`${f}.status`, `expected "failed", "errored" or "timedOut", got ${describe(mu.status)}`);
  }
  void (mu as unknown as MutantSpec);
}

/**
 * Files in starters/, solutions/, mutants/ and lessons/ that the manifest does not name (a mutant
 * nobody verifies, a renamed starter). checks/ may hold shared helpers, so it is not scanned.
 */
function unlistedFiles(dir: string, m: Record<string, unknown>, add: Add): void {
  const listed = new Set<string>();
  const note = (v: unknown) => { if (typeof v === 'string') listed.add(path.normalize(v)); };
  for (const t of Array.isArray(m.topics) ? m.topics : []) if (isObject(t)) note(t.lesson);
  for (const e of Array.isArray(m.exercises) ? m.exercises : []) {
    if (!isObject(e)) continue;
    note(e.starter); note(e.solution); note(e.check);
    for (const mu of Array.isArray(e.mutants) ? e.mutants : []) if (isObject(mu)) note(mu.file);
  }
  for (const sub of ['starters', 'solutions', 'mutants', 'lessons']) {
    let names: string[];
    try { names = fs.readdirSync(path.join(dir, sub)); } catch { continue; }
    for (const n of names.sort()) {
      const r = path.join(sub, n);
      if (!listed.has(path.normalize(r))) add('', `unlisted file ${r.split(path.sep).join('/')} (not named in the manifest)`);
    }
  }
}

function checkHints(h: unknown, f: string, add: Add, opts: LoadOptions): void {
  if (!Array.isArray(h)) { add(f, `expected an array of 3 hints, got ${describe(h)}`); return; }
  if (h.length !== 3) add(f, `expected 3 hints (nudge, recipe, near-solution), got ${h.length}`);
  h.forEach((s, j) => {
    if (typeof s !== 'string' || !s.trim()) add(`${f}[${j}]`, `expected a non-empty string, got ${describe(s)}`);
    else if (opts.strict && /^\s*TODO\b/.test(s)) add(`${f}[${j}]`, `placeholder hint "${s}"`);
  });
}

function checkString(o: Record<string, unknown>, k: string, f: string, add: Add): boolean {
  const field = f ? `${f}.${k}` : k;
  if (o[k] === undefined) { add(field, 'missing required field'); return false; }
  if (typeof o[k] !== 'string' || !(o[k] as string).trim()) { add(field, `expected a non-empty string, got ${describe(o[k])}`); return false; }
  return true;
}

function checkFile(dir: string, p: string, field: string, add: Add): void {
  if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) { add(field, `"${p}" must be a path inside the stage folder`); return; }
  if (!fs.existsSync(path.join(dir, p))) add(field, `file not found: ${p}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
