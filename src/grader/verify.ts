/**
 * `verify`: the course's own test, in the spirit of `rustlings dev check`. For every exercise of the
 * given stages: its files exist and export what the manifest lists, the solution passes every check,
 * the starter fails, and every mutant fails the check whose id it targets, with the message it expects.
 * The CLI prints the result; the course tests run it too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exercisePaths, formatProblem, problemsOfStage, type Course } from '../core/course';
import type { ExerciseSpec, Stage } from '../core/manifest';
import { findExport } from '../core/exports';
import type { Grader } from './grader';

export interface VerifyExercise {
  id: string;
  passed: boolean;
  failures: string[];
  solutionMs?: number;
  starterMs?: number;
  mutantsMs?: number;
  /** Longest single check of the solution run. */
  maxCheckMs?: number;
  checks?: number;
  mutants?: Array<{ file: string; ok: boolean; status?: string; message?: string; ms: number }>;
}

export interface VerifyStage { number: number; status: 'passed' | 'failed' | 'not written yet'; problems: string[]; exercises: VerifyExercise[]; durationMs: number }

export async function verifyStages(grader: Grader, course: Course, stages: Stage[], onExercise?: (s: Stage, r: VerifyExercise) => void): Promise<VerifyStage[]> {
  const result: VerifyStage[] = [];
  for (const stage of stages) {
    const t0 = Date.now();
    if (stage.exercises.length === 0) {
      result.push({ number: stage.stage, status: 'not written yet', problems: [], exercises: [], durationMs: 0 });
      continue;
    }
    // Problems of one exercise are listed with that exercise; the stage keeps the rest (topics, lessons…).
    const problems = problemsOfStage(course, stage.stage).filter((p) => !/^exercises\[\d+\]/.test(p.field)).map(formatProblem);
    const exercises: VerifyExercise[] = [];
    for (const ex of stage.exercises) {
      const r = await verifyExercise(grader, stage, ex, problemsOfStage(course, stage.stage)
        .filter((p) => p.field.startsWith(`exercises[${stage.exercises.indexOf(ex)}]`)).map(formatProblem));
      exercises.push(r);
      onExercise?.(stage, r);
    }
    const ok = problems.length === 0 && exercises.every((e) => e.passed);
    result.push({ number: stage.stage, status: ok ? 'passed' : 'failed', problems, exercises, durationMs: Date.now() - t0 });
  }
  return result;
}

async function verifyExercise(grader: Grader, stage: Stage, ex: ExerciseSpec, manifestProblems: string[]): Promise<VerifyExercise> {
  const r: VerifyExercise = { id: ex.id, passed: false, failures: [...manifestProblems] };
  const p = exercisePaths(stage, ex);
  const missing = (['check', 'solution', 'starter'] as const).filter((k) => !fs.existsSync(p[k]));
  if (missing.length) {
    // Already named by the manifest problems; say it once more in words if they were not.
    if (!manifestProblems.some((m) => /file not found/.test(m))) r.failures.push(`missing ${missing.join(', ')} file`);
    return r;
  }
  for (const [what, file] of [['solution', p.solution], ['starter', p.starter]] as const) {
    const src = fs.readFileSync(file, 'utf8');
    for (const name of ex.exports) {
      if (!findExport(src, name)) {
        r.failures.push(`${what} does not export \`${name}\` (listed in exports)`);
      }
    }
  }
  const base = { exerciseId: ex.id, checkFile: p.check, timeLimitMs: ex.timeLimitMs };
  const sol = await grader.grade({ ...base, learnerFile: p.solution });
  r.solutionMs = sol.durationMs;
  r.checks = sol.checks.length;
  r.maxCheckMs = Math.max(0, ...sol.checks.map((c) => c.durationMs));
  if (sol.checks.length === 0) r.failures.push('the check file defines no checks');
  for (const c of sol.checks) {
    if (c.status !== 'passed') r.failures.push(`solution: check "${c.id}" ${c.status}: ${c.message}${c.line ? ` (line ${c.line})` : ''}`);
  }
  // The solution's grade runs every check, so its results list every check id.
  const ids = new Set(sol.checks.map((c) => c.id));
  const st = await grader.grade({ ...base, learnerFile: p.starter });
  r.starterMs = st.durationMs;
  if (st.passed) r.failures.push('starter passes every check (it must fail until the learner writes the code)');
  // Every failure a learner can meet comes with a three-level hint ladder: the starter fails every
  // check, and each mutant its target check (below), so their hint keys are the ones to require.
  const ladderProblem = (what: string, c: { id?: string; name: string; status: string; hintKey?: string }): string | undefined => {
    if (c.status === 'passed') return undefined;
    if (!c.hintKey) return `${what}: check "${c.id ?? c.name}" failed without a hint key`;
    const ladder = ex.hintsByKey?.[c.hintKey];
    if (!ladder || ladder.length !== 3 || ladder.some((h) => !h.trim())) return `${what}: check "${c.id ?? c.name}" reports hint key "${c.hintKey}", which has no three-level ladder in hintsByKey`;
    return undefined;
  };
  for (const c of st.checks) {
    const problem = ladderProblem('starter', c);
    if (problem) r.failures.push(problem);
  }
  if (ex.mutants.length < 2) r.failures.push(`only ${ex.mutants.length} mutant${ex.mutants.length === 1 ? '' : 's'} (at least 2 required)`);
  r.mutants = [];
  let mutantsMs = 0;
  for (const m of ex.mutants) {
    const file = path.resolve(stage.dir, m.file);
    if (!fs.existsSync(file)) { r.mutants.push({ file: m.file, ok: false, ms: 0 }); continue; } // reported by the manifest check
    const want = m.status ?? 'failed';
    if (!ids.has(m.targets)) {
      // Grading would run no check at all: say which ids exist instead.
      r.failures.push(`mutant ${m.file} (${m.describes}): targets "${m.targets}", which is not a check id of ${ex.id} (ids: ${[...ids].join(', ')})`);
      r.mutants.push({ file: m.file, ok: false, ms: 0 });
      continue;
    }
    const g = await grader.grade({ ...base, learnerFile: file, only: [m.targets] });
    mutantsMs += g.durationMs;
    const c = g.checks.find((x) => x.id === m.targets);
    let ok = false;
    if (!c) r.failures.push(`mutant ${m.file} (${m.describes}): check "${m.targets}" did not run`);
    else if (c.status !== want) r.failures.push(`mutant ${m.file} (${m.describes}): check "${m.targets}" ended ${c.status}, expected ${want}${c.message ? `: ${c.message}` : ''}`);
    else if (!new RegExp(m.expect, 'i').test(c.message)) r.failures.push(`mutant ${m.file} (${m.describes}): message of "${m.targets}" does not match /${m.expect}/i: "${c.message}"`);
    else ok = true;
    const problem = c && ladderProblem(`mutant ${m.file}`, c);
    if (problem) { r.failures.push(problem); ok = false; }
    r.mutants.push({ file: m.file, ok, status: c?.status, message: c?.message, ms: g.durationMs });
  }
  r.mutantsMs = mutantsMs;
  r.passed = r.failures.length === 0;
  return r;
}
