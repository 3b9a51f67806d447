/**
 * Result types shared by the worker, the host-side grader, the CLI and the editor.
 * Plain JSON: everything here crosses a process boundary.
 */

/** Outcome of one check. `failed` = wrong answer; `errored` = the code crashed; `timedOut` = over its time limit. */
export type CheckStatus = 'passed' | 'failed' | 'errored' | 'timedOut';

/** The engine that produced a result: native TensorFlow (tfjs-node) or the pure-JS fallback. */
export type EngineName = 'tensorflow' | 'cpu';

export interface CheckResult {
  /** Human-readable check name. */
  name: string;
  /**
   * The check's stable id (kebab-case, unique within the exercise); mutants, held-out headers and
   * hint ladders name it. Every course check has one; results the host makes up (a dead worker's
   * "grader" result) may not.
   */
  id?: string;
  status: CheckStatus;
  /** What is wrong, in words a learner can act on (empty when passed). */
  message: string;
  /** Expected value, pretty-printed, when the check compared values. */
  expected?: string;
  /** Actual value, pretty-printed, when the check compared values. */
  actual?: string;
  /** 1-based line in the learner's file that the message points at (the function under test, or the throwing line). */
  line?: number;
  /** 1-based column, with `line`. */
  column?: number;
  /** The learner export this check exercises (used to place the result on the learner's function). */
  fn?: string;
  /** Key into the exercise's hint ladder for this failure: the mistake's own key, else the check's hintKey, else its id. */
  hintKey?: string;
  durationMs: number;
}

export interface GradeResult {
  exercise: string;
  engine: EngineName;
  passed: boolean;
  checks: CheckResult[];
  durationMs: number;
  /** Set when the engine is the fallback or something about the installation deserves a word. */
  engineNote?: string;
  /** True when the grade was cancelled (a newer save, the Stop button); unfinished checks are absent. */
  cancelled?: boolean;
  /** Console output of the learner's code, capped. */
  output?: string;
}
