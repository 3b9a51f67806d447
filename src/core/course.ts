/**
 * Loads and validates the course: every `exercises/stageN/manifest.json`.
 * Pure Node (fs/path): the CLI, the worker host and the VS Code extension all use it, so it must not
 * load TensorFlow.js or vscode. The structure is validated by Ajv against exercises/manifest.schema.json
 * (the file authors' editors validate against too); what a schema cannot say (files exist, topic ids
 * are listed, ids fit the stage and are unique, regular expressions compile, hints are not
 * placeholders) is checked here. Every problem names the file, the field path and the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import schema from '../../exercises/manifest.schema.json';
import type { ExerciseSpec, ManifestProblem, Stage, StageManifest, TopicSpec } from './manifest';

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

let compiled: ValidateFunction | undefined;
/** Compiled on first use: the extension host activates without loading the validator. */
function validateSchema(data: unknown): boolean {
  if (!compiled) {
    const Ajv = require('ajv') as typeof import('ajv');
    compiled = new Ajv({ allErrors: true, verbose: true, jsonPointers: true }).compile(schema);
  }
  return compiled(data) as boolean;
}

/** The order fields are listed in the schema, so problems read top to bottom like the manifest. */
const FIELD_ORDER = [...Object.keys(schema.properties), ...Object.keys(schema.definitions.exercise.properties),
  ...Object.keys(schema.definitions.topic.properties), ...Object.keys(schema.definitions.mutant.properties)];

interface Located { field: string; reason: string; at: Array<string | number> }

/** Ajv's errors in the words of this file: `exercises[0].ruleLevel: expected "P0", "P1" or "P2", got "P3"`. */
function schemaProblems(data: unknown): Located[] {
  if (validateSchema(data)) return [];
  const out: Located[] = [];
  for (const e of compiled?.errors ?? []) {
    const at = e.dataPath.split('/').slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required') at.push(String(p.missingProperty));
    if (e.keyword === 'additionalProperties') at.push(String(p.additionalProperty));
    const last = at[at.length - 1];
    const reason = schemaReason(e.keyword, p, e.data, String(last), e.schemaPath);
    // The exercise id pattern is checked per stage below, with the stage number in the message.
    if (reason === undefined || (e.keyword === 'pattern' && at.length === 3 && at[0] === 'exercises' && last === 'id')) continue;
    out.push({ field: fieldName(at), reason, at });
  }
  return out;
}

function schemaReason(keyword: string, p: Record<string, unknown>, data: unknown, key: string, schemaPath: string): string | undefined {
  if (/Ms$/.test(key) && ['type', 'exclusiveMinimum'].includes(keyword)) return `expected a positive integer (ms), got ${describe(data)}`;
  switch (keyword) {
    case 'required': return 'missing required field';
    case 'additionalProperties': return 'unknown field';
    case 'enum': {
      const vals = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return `expected ${vals.slice(0, -1).join(', ')} or ${vals[vals.length - 1]}, got ${describe(data)}`;
    }
    case 'type': return `expected ${p.type === 'integer' ? 'an integer' : p.type === 'array' || p.type === 'object' ? `an ${String(p.type)}` : `a ${String(p.type)}`}, got ${describe(data)}`;
    case 'minLength': return `expected a non-empty string, got ${describe(data)}`;
    case 'minItems': case 'maxItems':
      if (schemaPath.includes('/hints/')) return `expected 3 hints (nudge, recipe, near-solution), got ${(data as unknown[]).length}`;
      return `expected ${keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} item${p.limit === 1 ? '' : 's'}, got ${describe(data)}`;
    case 'pattern':
      if (schemaPath.includes('/relPath/')) return `"${String(data)}" must be a path inside the stage folder`;
      if (key === 'exports' || /^\d+$/.test(key)) return `expected an identifier, got ${describe(data)}`;
      if (key === 'targets') return `${describe(data)} is not a check id: mutants name the check's kebab-case \`id\` (e.g. "mse-value"), not its display name`;
      return `${describe(data)} does not match ${String(p.pattern)}`;
    case 'minimum': case 'maximum': return `expected a number ${keyword === 'minimum' ? '≥' : '≤'} ${String(p.limit)}, got ${describe(data)}`;
    // `$ref` failures are reported by the keyword that failed inside the referenced schema.
    case '$ref': return undefined;
    default: return `${keyword}: ${describe(data)}`;
  }
}

function fieldName(at: Array<string | number>): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** Sort problems by where their field stands in the manifest (array order, then schema order; unknown fields first). */
function byPosition(a: Located, b: Located): number {
  for (let i = 0; i < Math.min(a.at.length, b.at.length); i++) {
    const x = a.at[i], y = b.at[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return FIELD_ORDER.indexOf(String(x)) - FIELD_ORDER.indexOf(String(y));
  }
  return a.at.length - b.at.length;
}

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
  const found: Located[] = schemaProblems(m);
  const at = (field: string) => field.split(/\.|\[|\]/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const note: Add = (field, reason) => found.push({ field, reason, at: at(field) });
  if (Number.isInteger(m.stage) && m.stage !== folderNumber) note('stage', `expected ${folderNumber} (the folder is ${folder}), got ${String(m.stage)}`);

  const topics = (Array.isArray(m.topics) ? m.topics : []).filter(isObject) as unknown as TopicSpec[];
  const topicIds = new Set<string>();
  topics.forEach((t, i) => {
    if (typeof t.lesson === 'string') checkFile(dir, t.lesson, `topics[${i}].lesson`, note);
    if (typeof t.id !== 'string') return;
    if (topicIds.has(t.id)) note(`topics[${i}].id`, `duplicate topic id "${t.id}"`);
    topicIds.add(t.id);
  });

  const exercises = (Array.isArray(m.exercises) ? m.exercises : []).filter(isObject) as unknown as ExerciseSpec[];
  const seen = new Set<string>();
  (Array.isArray(m.exercises) ? m.exercises : []).forEach((e, i) => {
    if (!isObject(e)) return;
    checkExercise(e, `exercises[${i}]`, dir, folderNumber, topicIds, note, opts);
    if (typeof e.id === 'string') {
      if (seen.has(e.id)) note(`exercises[${i}].id`, `duplicate exercise id "${e.id}"`);
      seen.add(e.id);
    }
  });
  for (const p of found.sort(byPosition)) add(p.field, p.reason);
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

/** What the schema cannot say about one exercise: its id fits the stage, its files exist, its topics are listed. */
function checkExercise(e: Record<string, unknown>, f: string, dir: string, stage: number, topicIds: Set<string>, add: Add, opts: LoadOptions): void {
  if (typeof e.id === 'string' && !new RegExp(`^s${stage}-[a-z0-9]+(-[a-z0-9]+)*$`).test(e.id)) {
    add(`${f}.id`, `"${e.id}" does not match s${stage}-<lowercase-words> (stage ${stage})`);
  }
  if (Array.isArray(e.topics)) e.topics.forEach((t, j) => {
    if (typeof t === 'string' && !topicIds.has(t)) add(`${f}.topics[${j}]`, `unknown topic id "${t}" (not in this stage's topics: ${[...topicIds].join(', ')})`);
  });
  for (const k of ['starter', 'check', 'solution']) if (typeof e[k] === 'string') checkFile(dir, e[k] as string, `${f}.${k}`, add);
  if (opts.strict) {
    checkPlaceholders(e.hints, `${f}.hints`, add);
    if (isObject(e.hintsByKey)) for (const [k, v] of Object.entries(e.hintsByKey)) checkPlaceholders(v, `${f}.hintsByKey.${k}`, add);
  }
  if (Array.isArray(e.mutants)) e.mutants.forEach((mu, j) => {
    if (!isObject(mu)) return;
    if (typeof mu.file === 'string') checkFile(dir, mu.file, `${f}.mutants[${j}].file`, add);
    if (typeof mu.expect === 'string') {
      try { new RegExp(mu.expect, 'i'); } catch (err) { add(`${f}.mutants[${j}].expect`, `invalid regular expression: ${(err as Error).message}`); }
    }
  });
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

/** Strict mode: a hint that still starts with TODO is a placeholder. */
function checkPlaceholders(h: unknown, f: string, add: Add): void {
  if (Array.isArray(h)) h.forEach((s, j) => { if (typeof s === 'string' && /^\s*TODO\b/.test(s)) add(`${f}[${j}]`, `placeholder hint "${s}"`); });
}

function checkFile(dir: string, p: string, field: string, add: Add): void {
  if (path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) return; // the schema's relPath pattern names it
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
