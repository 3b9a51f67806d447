/**
 * Results as JUnit suites (src/core/junit.ts writes the XML): a grade, and `verify`'s report.
 * The verify types are structural, so this file depends on no grader code.
 */
import type { GradeResult } from '../protocol/results';
import type { JUnitCase, JUnitSuite } from './junit';

/** What verifySuites reads of one verified exercise (`verify --json`'s exercises). */
export interface VerifyExerciseLike {
  id: string;
  failures: string[];
  solutionMs?: number;
  starterMs?: number;
  mutantsMs?: number;
  mutants?: Array<{ file: string; ms: number }>;
}

/** What verifySuites reads of one verified stage. */
export interface VerifyStageLike {
  number: number;
  problems: string[];
  exercises: VerifyExerciseLike[];
}

/** A grade as a JUnit suite: one testcase per check. */
export function gradeSuite(r: GradeResult, learnerFile: string, timestamp = new Date()): JUnitSuite {
  const passed = r.checks.filter((c) => c.status === 'passed').length;
  return {
    name: r.exercise,
    durationMs: r.durationMs,
    timestamp: timestamp.toISOString().replace(/\.\d+Z$/, ''),
    properties: { exercise: r.exercise, file: learnerFile, engine: r.engine, points: String(passed), maxPoints: String(r.checks.length), ...(r.engineNote ? { engineNote: r.engineNote } : {}) },
    cases: r.checks.map((c): JUnitCase => ({
      name: c.name, classname: r.exercise, durationMs: c.durationMs, status: c.status, file: learnerFile, line: c.line,
      ...(c.status === 'passed' ? {} : {
        message: c.message || c.status,
        details: [c.message, c.expected !== undefined ? `expected: ${c.expected}` : '', c.actual !== undefined ? `actual:   ${c.actual}` : '',
          c.line !== undefined ? `at ${learnerFile}:${c.line}${c.column !== undefined ? `:${c.column}` : ''}` : ''].filter(Boolean).join('\n'),
      }),
    })),
    output: r.output,
  };
}

/**
 * verify as JUnit: a suite per exercise with a testcase per verification — the reference
 * solution passes, the starter does not, each mutant is caught by its check with its message —
 * plus one for the manifest and files; stage-wide problems in a suite of their own.
 */
export function verifySuites(stages: VerifyStageLike[], globalProblems: string[]): JUnitSuite[] {
  const suites: JUnitSuite[] = [];
  const problemSuite = (name: string, problems: string[]): JUnitSuite => ({
    name, durationMs: 0,
    cases: [{ name: 'manifest', classname: name, durationMs: 0, status: problems.length ? 'failed' : 'passed', message: problems[0], details: problems.join('\n') }],
  });
  if (globalProblems.length) suites.push(problemSuite('course', globalProblems));
  for (const s of stages) {
    if (s.problems.length) suites.push(problemSuite(`stage ${s.number}`, s.problems));
    for (const e of s.exercises) {
      const rest = [...e.failures];
      const take = (f: (m: string) => boolean) => { const mine = rest.filter(f); for (const m of mine) rest.splice(rest.indexOf(m), 1); return mine; };
      const kase = (name: string, ms: number | undefined, failures: string[]): JUnitCase => ({
        name, classname: e.id, durationMs: ms ?? 0, status: failures.length ? 'failed' : 'passed', message: failures[0], details: failures.join('\n'),
      });
      const cases: JUnitCase[] = [];
      if (e.solutionMs !== undefined) cases.push(kase('reference solution passes every check', e.solutionMs, take((m) => m.startsWith('solution') || m === 'the check file defines no checks')));
      if (e.starterMs !== undefined) cases.push(kase('starter does not pass', e.starterMs, take((m) => m.startsWith('starter'))));
      for (const m of e.mutants ?? []) cases.push(kase(`mutant ${m.file} is caught`, m.ms, take((f) => f.startsWith(`mutant ${m.file} `))));
      cases.unshift(kase('manifest and files', 0, rest));
      suites.push({ name: e.id, durationMs: (e.solutionMs ?? 0) + (e.starterMs ?? 0) + (e.mutantsMs ?? 0), properties: { stage: String(s.number) }, cases });
    }
  }
  return suites;
}
