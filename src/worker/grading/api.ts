/**
 * The contract between the grader and an exercise's check file.
 *
 * A check file (exercises/stageN/checks/<id>.check.ts) default-exports `defineChecks({...})`.
 * It imports TensorFlow.js as `import * as tf from '@tensorflow/tfjs'` and helpers from
 * `'dl-tutor/grading'`; the worker maps both to the engine in use.
 *
 * A check passes when `run` resolves. It fails when `run` throws a `CheckFailure` (the helpers
 * `expect*` and `fail` throw those). Any other exception is the learner's code crashing and makes
 * the check `errored`, with the learner's line when the stack points into the learner's file.
 */
import type { PlotEvent } from '../../protocol/plots';

export interface CheckContext {
  /** Emit a plot event to the exercise's plot panel (training curves, boundaries…). */
  emit(event: PlotEvent): void;
  /** Engine in use. */
  engine: 'tensorflow' | 'cpu';
  /** Source text of the learner's file (for banned-API scans). */
  source: string;
  /** Absolute path of the learner's file. */
  file: string;
  /**
   * Run the check file's `export const sandboxed = { name(m, input, ctx) { … } }` next to the
   * learner's code and return its (plain-data) result. For setups the learner's code must drive
   * with objects that cannot cross to the judge, e.g. an optimizer stepping the learner's own
   * variables. Only data comes back: compare it here, with the judge's own reference.
   */
  inSandbox<T = unknown>(name: string, input?: unknown): Promise<T>;
  /**
   * Sandboxed parts and demos only: run `run` (learner code that trains) counting its training
   * steps, one per gradient computation (model.fit and trainOnBatch batches, optimizer.minimize,
   * tf.variableGrads, tf.grads). Past `max` steps the next step throws an error named
   * 'TrainingBudgetExceeded' (with `steps` on it), so the training stops there. `onStep` gets the
   * step number and the loss that step computed (NaN when it is not a scalar).
   */
  countTrainingSteps?<T>(run: () => T | Promise<T>, o?: { max?: number; onStep?: (step: number, loss: number) => void }): Promise<{ value: T; steps: number }>;
}

export interface CheckSpec<M = any> {
  /**
   * Stable kebab-case id, unique within the exercise: mutants' `targets`, held-out headers and
   * hint ladders (`hintsByKey`) refer to it, so rewording `name` breaks nothing.
   */
  id: string;
  /** What the check verifies, in plain words; shown in the Testing view. */
  name: string;
  /** The learner export this check exercises (to place results on the learner's function). */
  fn?: string;
  /** Hint ladder key when this check fails and the failure names none; the check's `id` when absent. */
  hintKey?: string;
  run(learner: M, ctx: CheckContext): void | Promise<void>;
}

/**
 * An exercise's demo lives in `<id>.demo.ts` beside its check file and default-exports
 * `defineDemo({ run })`; an exercise has a demo exactly when that file exists.
 */
export interface DemoSpec<M = any> {
  /** Runs the learner's (or solution's) code on a demo, streaming plots; returns the facts the lesson claims. */
  run(learner: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>>;
}

export interface ExerciseChecks<M = any> {
  checks: CheckSpec<M>[];
}

export function defineChecks<M = any>(spec: ExerciseChecks<M>): ExerciseChecks<M> {
  const seen = new Set<string>();
  for (const c of spec.checks) {
    // A broken check file is the course's problem: the runner reports it as "could not be loaded".
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.id ?? '')) throw new Error(`check "${c.name}" needs a kebab-case id, got ${JSON.stringify(c.id)}`);
    if (seen.has(c.id)) throw new Error(`two checks have the id "${c.id}"`);
    seen.add(c.id);
  }
  return spec;
}

export function defineDemo<M = any>(spec: DemoSpec<M>): DemoSpec<M> {
  return spec;
}

/** A wrong answer. `message` names the symptom; expected/actual are pretty-printed values. */
export class CheckFailure extends Error {
  readonly expected?: string;
  readonly actual?: string;
  readonly hintKey?: string;
  constructor(message: string, o: { expected?: string; actual?: string; hintKey?: string } = {}) {
    super(message);
    this.name = 'CheckFailure';
    this.expected = o.expected;
    this.actual = o.actual;
    this.hintKey = o.hintKey;
  }
}

/** Fail the current check with a message a learner can act on. */
export function fail(message: string, o: { expected?: string; actual?: string; hintKey?: string } = {}): never {
  throw new CheckFailure(message, o);
}
