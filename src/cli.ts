/**
 * dl-tutor from a terminal or CI: `list`, `init`, `grade`, `grade-all`, `verify`, `bench`.
 * The same grader as the editor (src/grader → dist/worker.js), so results are identical.
 * Exit codes: 0 success / all passed, 1 something did not pass, 2 usage error or broken installation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { findCourseRoot, findExercise, formatProblem, loadCourse, exercisePaths, type Course } from './core/course';
import { scaffoldStage } from './core/scaffold';
import { Grader, GraderStartError, type EngineSetting } from './grader/grader';
import type { CheckResult, GradeResult } from './protocol/results';
import { runBench } from './bench/bench';
import { verifyStages } from './grader/verify';
import { exerciseIdFromPath } from './core/learnerFile';
import { junitXml, type JUnitSuite } from './core/junit';
import { gradeSuite, verifySuites } from './core/junitReports';

class UsageError extends Error {}

const USAGE = `usage: dl-tutor <command>
  list [--json]                                   list stages and exercises
  init <dir> --stage N                            copy stage N's starters into <dir> (never overwrites)
  grade <exercise-id> <file> [--json] [--junit <file>] [--engine tensorflow|cpu]
  grade-all <course-folder> [--stage N] [--json] [--junit <file>] [--engine tensorflow|cpu]
                                                  grade every exercise file (<exercise-id>.ts) in the folder
  verify [--stage N] [--exercise id[,id…]] [--json] [--junit <file>] [--engine tensorflow|cpu]
  bench [--json]`;

interface Args { positional: string[]; flags: Map<string, string | true> }

/** Options each command accepts: a boolean flag, or one that takes a value. */
const OPTIONS = {
  json: { type: 'boolean' },
  engine: { type: 'string' },
  stage: { type: 'string' },
  junit: { type: 'string' },
  exercise: { type: 'string' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** node's util.parseArgs, strict, with its errors worded as this CLI's usage errors. */
function parseArgs(argv: string[], allowed: OptionName[]): Args {
  const options = Object.fromEntries(allowed.map((k) => [k, OPTIONS[k]]));
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const opt = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${opt ?? err.message}`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(opt && /argument missing/.test(err.message) ? `${opt} needs a value` : err.message);
    throw new UsageError(err.message);
  }
  const flags = new Map<string, string | true>();
  for (const [k, v] of Object.entries(parsed.values)) if (v !== undefined && v !== false) flags.set(k, v === true ? true : v);
  return { positional: parsed.positionals, flags };
}

/** `--junit <file>`: where to write the report (resolved against the working directory). */
function junitFlag(args: Args): string | undefined {
  const j = args.flags.get('junit');
  if (j === undefined) return undefined;
  if (j === true || !j) throw new UsageError('--junit needs a file name');
  return path.resolve(j);
}

function writeJUnit(file: string, suites: JUnitSuite[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, junitXml('dl-tutor', suites));
  err(`JUnit report written to ${path.relative(process.cwd(), file) || file}`);
}

function engineFlag(args: Args): EngineSetting | undefined {
  const e = args.flags.get('engine');
  if (e === undefined) return undefined;
  if (e !== 'tensorflow' && e !== 'cpu' && e !== 'auto') throw new UsageError('--engine must be tensorflow or cpu');
  return e;
}

function stageFlag(args: Args, required: boolean): number | undefined {
  const s = args.flags.get('stage');
  if (s === undefined) {
    if (required) throw new UsageError('--stage N is required');
    return undefined;
  }
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--stage must be a stage number, got ${String(s)}`);
  return n;
}

function loadOrDie(strict = false): Course {
  let root: string;
  try { root = findCourseRoot(); } catch (e) { throw new GraderStartError((e as Error).message); }
  return loadCourse(root, { strict });
}

let stdoutClosed = false;
let stderrClosed = false;
function out(s: string): void { if (!stdoutClosed) process.stdout.write(s + '\n'); }
function err(s: string): void { if (!stderrClosed) process.stderr.write(s + '\n'); }

// ---------------------------------------------------------------- list

function cmdList(args: Args): number {
  const course = loadOrDie();
  const stages = course.stages.map((s) => ({
    number: s.stage, id: s.id, title: s.title,
    exercises: s.exercises.map((e) => ({ id: e.id, title: e.title, topics: e.topics, ...pick(exercisePaths(s, e), ['starter', 'solution']) })),
  }));
  if (args.flags.has('json')) {
    out(JSON.stringify({ stages, ...(course.problems.length ? { problems: course.problems.map(formatProblem) } : {}) }, null, 2));
  } else {
    for (const s of stages) {
      out(`Stage ${s.number}: ${s.title}${s.exercises.length ? '' : '  (not written yet)'}`);
      const w = Math.max(0, ...s.exercises.map((e) => e.id.length));
      for (const e of s.exercises) out(`  ${e.id.padEnd(w)}  ${e.title}  [${e.topics.join(', ')}]`);
    }
  }
  for (const p of course.problems) err(`warning: ${formatProblem(p)}`);
  return 0;
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const r = {} as Pick<T, K>;
  for (const k of keys) r[k] = o[k];
  return r;
}

// ---------------------------------------------------------------- init

function cmdInit(args: Args): number {
  const dir = args.positional[0];
  if (!dir || args.positional.length > 1) throw new UsageError('init needs exactly one folder: init <dir> --stage N');
  const n = stageFlag(args, true)!;
  const course = loadOrDie();
  const stage = course.stages.find((s) => s.stage === n);
  if (!stage) throw new UsageError(`there is no stage ${n} (stages: ${course.stages.map((s) => s.stage).join(', ')})`);
  if (stage.exercises.length === 0) { err(`stage ${n} has no exercises yet`); return 1; }
  let res: ReturnType<typeof scaffoldStage>;
  try {
    res = scaffoldStage(path.resolve(dir), stage);
  } catch (e) {
    err(`dl-tutor: cannot set up ${dir}: ${(e as Error).message}`);
    return 2;
  }
  for (const f of res.created) out(`created ${path.relative(process.cwd(), f) || f}`);
  for (const f of res.skipped) out(`skipped ${path.relative(process.cwd(), f) || f} (already exists)`);
  if (res.typings.length) out(`copied TypeScript declarations: ${res.typings.join(', ')}`);
  for (const w of res.warnings) err(`warning: ${w}`);
  return 0;
}

// ---------------------------------------------------------------- grade

function makeGrader(engine: EngineSetting | undefined, verbose = false): Grader {
  return new Grader({ engine, onLog: verbose ? (t) => process.stderr.write(t) : undefined });
}

async function cmdGrade(args: Args): Promise<number> {
  const [id, file] = args.positional;
  if (!id || !file || args.positional.length > 2) throw new UsageError('grade needs an exercise id and a file: grade <exercise-id> <file>');
  const engine = engineFlag(args);
  const junit = junitFlag(args);
  const course = loadOrDie();
  const found = findExercise(course, id);
  if (!found) throw new UsageError(`unknown exercise "${id}" (see \`dl-tutor list\`)`);
  const learnerFile = path.resolve(file);
  if (!fs.existsSync(learnerFile)) throw new UsageError(`file not found: ${file}`);
  if (!fs.existsSync(found.check)) throw new GraderStartError(`the checks of ${id} are missing (${found.exercise.check})`);
  const json = args.flags.has('json');
  const grader = makeGrader(engine, !!process.env.DL_TUTOR_VERBOSE);
  try {
    const result = await grader.grade({ exerciseId: id, learnerFile, checkFile: found.check, timeLimitMs: found.exercise.timeLimitMs }, {
      onCheckResult: json ? undefined : (_i, r) => out(formatCheck(r)),
    });
    if (json) out(JSON.stringify(result, null, 2));
    else printSummary(result);
    if (junit) writeJUnit(junit, [gradeSuite(result, learnerFile)]);
    return result.passed ? 0 : 1;
  } finally {
    grader.dispose();
  }
}

function formatCheck(r: CheckResult): string {
  const mark = r.status === 'passed' ? '✓' : '✗';
  const lines = [`  ${mark} ${r.name}  (${r.durationMs} ms)${r.status === 'passed' || r.status === 'failed' ? '' : `  [${r.status}]`}`];
  if (r.status !== 'passed') {
    lines.push(`      ${r.message}`);
    if (r.expected !== undefined) lines.push(`      expected: ${r.expected}`);
    if (r.actual !== undefined) lines.push(`      actual:   ${r.actual}`);
    if (r.line !== undefined) lines.push(`      at line ${r.line}${r.column !== undefined ? `, column ${r.column}` : ''}`);
  }
  return lines.join('\n');
}

function printSummary(r: GradeResult): void {
  if (r.output) {
    out('  output:');
    out(r.output.replace(/\n$/, '').split('\n').map((l) => `    | ${l}`).join('\n'));
  }
  const n = r.checks.filter((c) => c.status === 'passed').length;
  out(`${r.passed ? 'PASSED' : 'NOT PASSED'} ${r.exercise}: ${n}/${r.checks.length} checks passed in ${r.durationMs} ms (engine: ${r.engine})${r.cancelled ? ' — cancelled' : ''}`);
  if (r.engineNote) out(`note: ${r.engineNote}`);
}

// ---------------------------------------------------------------- grade-all

export interface GradeAllExercise {
  id: string;
  /** The learner's file, or undefined when --stage counted an exercise with no file. */
  file?: string;
  passed: boolean;
  /** Checks passed. */
  points: number;
  /** Checks in all. */
  maxPoints: number;
  durationMs: number;
  result?: GradeResult;
}

/** `<exercise-id>.ts` files under `dir` (not in node_modules or dot-folders), by exercise id. */
export function findExerciseFiles(dir: string, known: Set<string>, depth = 3): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (d: string, level: number) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (level < depth && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p, level + 1);
      } else {
        const id = exerciseIdFromPath(p);
        if (id && known.has(id)) found.set(id, [...(found.get(id) ?? []), p]);
      }
    }
  };
  walk(dir, 0);
  return found;
}

async function cmdGradeAll(args: Args): Promise<number> {
  const [folder, ...extra] = args.positional;
  if (!folder || extra.length) throw new UsageError('grade-all needs one course folder: grade-all <course-folder>');
  const dir = path.resolve(folder);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${folder}`);
  const engine = engineFlag(args);
  const junit = junitFlag(args);
  const n = stageFlag(args, false);
  const json = args.flags.has('json');
  const course = loadOrDie();
  const stages = n === undefined ? course.stages : course.stages.filter((s) => s.stage === n);
  if (n !== undefined && stages.length === 0) throw new UsageError(`there is no stage ${n}`);
  const exercises = stages.flatMap((s) => s.exercises);
  const files = findExerciseFiles(dir, new Set(exercises.map((e) => e.id)));
  // Course order; with --stage every exercise of the stage counts, a missing file as 0 points.
  const todo = exercises.filter((e) => n !== undefined || files.has(e.id));
  if (todo.length === 0) throw new UsageError(`no exercise files (<exercise-id>.ts, e.g. ${exercises[0]?.id ?? 's1-perceptron'}.ts) found in ${folder}`);
  const t0 = Date.now();
  const grader = makeGrader(engine, !!process.env.DL_TUTOR_VERBOSE);
  const results: GradeAllExercise[] = [];
  const suites: JUnitSuite[] = [];
  try {
    for (const ex of todo) {
      const found = findExercise(course, ex.id)!;
      const paths = files.get(ex.id) ?? [];
      if (paths.length > 1) err(`warning: ${ex.id}: ${paths.length} files, grading ${path.relative(dir, paths[0])} (also: ${paths.slice(1).map((p) => path.relative(dir, p)).join(', ')})`);
      const file = paths[0];
      if (!file) {
        results.push({ id: ex.id, passed: false, points: 0, maxPoints: 0, durationMs: 0 });
        suites.push({ name: ex.id, durationMs: 0, properties: { exercise: ex.id, points: '0' },
          cases: [{ name: 'exercise file', classname: ex.id, durationMs: 0, status: 'failed', message: `${ex.id}.ts not found in ${folder}` }] });
        if (!json) out(`✗ ${ex.id}  no file (${ex.id}.ts not found)`);
        continue;
      }
      const result = await grader.grade({ exerciseId: ex.id, learnerFile: file, checkFile: found.check, timeLimitMs: ex.timeLimitMs });
      const points = result.checks.filter((c) => c.status === 'passed').length;
      results.push({ id: ex.id, file, passed: result.passed, points, maxPoints: result.checks.length, durationMs: result.durationMs, result });
      suites.push(gradeSuite(result, file));
      if (!json) {
        out(`${result.passed ? '✓' : '✗'} ${ex.id}  ${points}/${result.checks.length} checks  (${path.relative(process.cwd(), file) || file}, ${result.durationMs} ms)`);
        for (const c of result.checks) if (c.status !== 'passed') out(`    ✗ ${c.name}${c.status === 'failed' ? '' : ` [${c.status}]`}: ${c.message.split('\n')[0]}`);
      }
    }
  } finally {
    grader.dispose();
  }
  const passed = results.every((r) => r.passed);
  const points = results.reduce((t, r) => t + r.points, 0);
  const maxPoints = results.reduce((t, r) => t + r.maxPoints, 0);
  const exercisesPassed = results.filter((r) => r.passed).length;
  const engineName = results.find((r) => r.result)?.result?.engine;
  if (json) {
    out(JSON.stringify({ passed, engine: engineName, points, maxPoints, exercisesPassed, exercises: results.length, durationMs: Date.now() - t0, results }, null, 2));
  } else {
    out(`${passed ? 'PASSED' : 'NOT PASSED'}: ${exercisesPassed}/${results.length} exercises passed, ${points}/${maxPoints} checks (engine: ${engineName ?? '-'}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (junit) writeJUnit(junit, suites);
  return passed ? 0 : 1;
}

// ---------------------------------------------------------------- verify

async function cmdVerify(args: Args): Promise<number> {
  if (args.positional.length) throw new UsageError(`verify takes no arguments (got ${args.positional.join(' ')})`);
  const n = stageFlag(args, false);
  const engine = engineFlag(args);
  const json = args.flags.has('json');
  const junit = junitFlag(args);
  const t0 = Date.now();
  const course = loadOrDie(true);
  let stages = n === undefined ? course.stages : course.stages.filter((s) => s.stage === n);
  if (n !== undefined && stages.length === 0) throw new UsageError(`there is no stage ${n}`);
  const only = args.flags.get('exercise');
  if (only !== undefined) {
    if (typeof only !== 'string' || !only) throw new UsageError('--exercise needs an exercise id');
    const ids = only.split(',');
    stages = stages.map((s) => ({ ...s, exercises: s.exercises.filter((e) => ids.includes(e.id)) })).filter((s) => s.exercises.length > 0);
    const known = new Set(stages.flatMap((s) => s.exercises.map((e) => e.id)));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`no exercise ${unknown.join(', ')}${n !== undefined ? ` in stage ${n}` : ''}`);
  }
  // Problems not tied to a stage folder we verify (e.g. a duplicate id across stages) still count.
  const global = course.problems.filter((p) => !stages.some((s) => p.file.endsWith(`stage${s.stage}/manifest.json`)))
    .filter((p) => n === undefined || /duplicate exercise id/.test(p.reason)).map(formatProblem);
  const grader = makeGrader(engine, !!process.env.DL_TUTOR_VERBOSE);
  try {
    const info = stages.some((s) => s.exercises.length) ? await grader.warmUp() : undefined;
    const results = await verifyStages(grader, course, stages, json ? undefined : (s, r) => {
      out(`${r.passed ? '✓' : '✗'} ${r.id}  (solution ${r.solutionMs ?? '-'} ms, starter ${r.starterMs ?? '-'} ms, ${r.mutants?.length ?? 0} mutants ${r.mutantsMs ?? '-'} ms)`);
      for (const f of r.failures) out(`    ${f}`);
    });
    const passed = global.length === 0 && results.every((s) => s.status !== 'failed');
    if (json) {
      out(JSON.stringify({ passed, engine: info?.engine ?? grader.engine()?.engine, durationMs: Date.now() - t0, problems: global, stages: results }, null, 2));
    } else {
      for (const p of global) out(`✗ ${p}`);
      for (const s of results) {
        for (const p of s.problems) out(`✗ ${p}`);
        const failing = s.exercises.filter((e) => !e.passed).map((e) => e.id);
        out(`stage ${s.number}: ${s.status}${failing.length ? ` (${failing.join(', ')})` : ''}`);
      }
      out(`${passed ? 'verify passed' : 'verify FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s (engine: ${info?.engine ?? '-'})`);
    }
    if (junit) writeJUnit(junit, verifySuites(results, global));
    return passed ? 0 : 1;
  } finally {
    grader.dispose();
  }
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list': return cmdList(parseArgs(rest, ['json']));
      case 'init': return cmdInit(parseArgs(rest, ['stage']));
      case 'grade': return await cmdGrade(parseArgs(rest, ['json', 'junit', 'engine']));
      case 'grade-all': return await cmdGradeAll(parseArgs(rest, ['json', 'junit', 'engine', 'stage']));
      case 'verify': return await cmdVerify(parseArgs(rest, ['json', 'junit', 'stage', 'engine', 'exercise']));
      case 'bench': {
        const a = parseArgs(rest, ['json', 'engine']);
        const r = await runBench({ engine: engineFlag(a), cliPath: __filename, log: (s) => err(s) });
        out(JSON.stringify(r, null, 2));
        return 0;
      }
      case undefined: case 'help': case '--help': case '-h':
        out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) { err(`dl-tutor: ${e.message}\n${USAGE}`); return 2; }
    if (e instanceof GraderStartError) { err(`dl-tutor: ${e.message}`); return 2; }
    err(`dl-tutor: internal error: ${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

if (require.main === module) {
  // `dl-tutor grade … | head`: a closed pipe is the reader's choice. Stop writing, keep the exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      if (stream === process.stdout) stdoutClosed = true; else stderrClosed = true;
    });
  }
  void main(process.argv.slice(2)).then((code) => {
    // Let stdout drain before exiting (large JSON through a pipe).
    process.exitCode = code;
  });
}
