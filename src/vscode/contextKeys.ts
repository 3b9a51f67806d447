/**
 * Every context key the extension sets (for `when` clauses in package.json). Kept free of
 * `vscode` so a plain-Node test can compare it with the when-clauses of the manifest; the
 * keys are set only through these names.
 */
export const CONTEXT_KEYS = {
  /** The active editor is an exercise file of the course folder (editor-title Grade button). */
  activeExercise: 'dlTutor:activeExercise',
  /** The Stages view has been visible in this window (ticks the walkthrough's first step even when it was already open). */
  stagesViewShown: 'dlTutor:stagesViewShown',
  /** An exercise was graded in this window, by any trigger (ticks the walkthrough's grading step). */
  graded: 'dlTutor:graded',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];
