/**
 * The course as data: one manifest per stage (exercises/stageN/manifest.json), validated against
 * exercises/manifest.schema.json. Paths inside a manifest are relative to its stage folder.
 * This file holds the types; the loader/validator lives in src/core/course.ts.
 */

export type RuleLevel = 'P0' | 'P1' | 'P2';

/** A known-wrong solution kept with the course: `verify` proves the checks catch it. */
export interface MutantSpec {
  /** Path of the mutant file (relative to the stage folder). */
  file: string;
  /** The plausible learner mistake it models, in a few words. */
  describes: string;
  /** Name of the check that must fail for this mutant (status `failed` or `timedOut`/`errored` as `status` says). */
  targets: string;
  /** Regular expression (JavaScript source, case-insensitive) the failing check's message must match. */
  expect: string;
  /** Status the target check must end with; default `failed`. */
  status?: 'failed' | 'errored' | 'timedOut';
}

export interface TopicSpec {
  /** Topic id from CURRICULUM.md, e.g. `perceptron`. */
  id: string;
  title: string;
  /** Lesson markdown (relative to the stage folder); absent for a stage not written yet. */
  lesson?: string;
}

export interface ExerciseSpec {
  /** Exercise id from CURRICULUM.md, e.g. `s1-perceptron`. */
  id: string;
  title: string;
  /** Topic ids this exercise covers (each listed in the stage's `topics`). */
  topics: string[];
  /** Starter file (relative to the stage folder); copied to the learner's folder as `<id>.ts`. */
  starter: string;
  /** Check file (relative to the stage folder). */
  check: string;
  /** Reference solution (relative to the stage folder). */
  solution: string;
  /** Names the learner file must export. */
  exports: string[];
  /** How much of tf the learner may use: P0 plain TypeScript, P1 tf primitives (no tf.layers, tf.losses…), P2 layers and optimizers. */
  ruleLevel: RuleLevel;
  /** Three hints: nudge, recipe, near-solution. */
  hints: [string, string, string];
  /** Optional hint ladders per mistake signature (`hintKey` of a failing check). */
  hintsByKey?: Record<string, [string, string, string]>;
  /** Per-check time limit in ms. */
  timeLimitMs: number;
  /** Time limit for the exercise's demo, if it has one. */
  demoTimeLimitMs?: number;
  /** Plot kinds the exercise's checks/demo produce (chart ids), for the plot panel. */
  plots: string[];
  /** Known mutants (≥ 2). */
  mutants: MutantSpec[];
}

export interface StageManifest {
  $schema?: string;
  /** Stage number, 1–5. */
  stage: number;
  /** Short id, e.g. `foundations`. */
  id: string;
  title: string;
  /** Topics in teaching order. */
  topics: TopicSpec[];
  /** Exercises in teaching order (may be empty for a stage not written yet). */
  exercises: ExerciseSpec[];
}

/** A loaded stage: the manifest plus absolute paths resolved. */
export interface Stage extends StageManifest {
  /** Absolute path of the stage folder. */
  dir: string;
  /** Absolute path of the manifest file. */
  manifestPath: string;
}

/** Where a problem in a manifest is: file, field path (JSON pointer-ish) and why. */
export interface ManifestProblem {
  file: string;
  field: string;
  reason: string;
}
