/**
 * The one registration table (like rust-analyzer's createCommands): every command id the
 * extension registers, and what each calls. Handlers accept what VS Code passes from each
 * place they are bound: an exercise id (CodeLens, lessons, tests), a tree element (context
 * menus), a Uri (editor title), a TestMessage context, or nothing (palette: the active file).
 *
 * Imports types only, so a plain-Node unit test can read the table's ids and compare them
 * with package.json.
 */
import type { DemoCommands } from './demoCommands';
import type { EngineStatusCommand } from './engineStatus';
import type { ExerciseCommands } from './exerciseCommands';
import type { StageCommands } from './stageCommands';

/** Options the API/tests may pass as the last argument to skip the modal confirmations. */
export interface ConfirmOption { confirmed?: boolean }

export interface CommandHandlers {
  stages: Pick<StageCommands, 'startStage'>;
  /** Install the native TensorFlow engine into the extension's storage. */
  nativeEngine: { install(opt?: { force?: boolean }): unknown };
  /** Zip the learner's exercise files and a progress summary. */
  progress: { export(target?: unknown): unknown };
  exercises: Pick<ExerciseCommands, 'grade' | 'openExercise' | 'showHint' | 'revealSolution' | 'resetExercise' | 'openLesson' | 'resetProgress' | 'showFailure'>;
  demos: Pick<DemoCommands, 'showPlots' | 'runDemoCommand'>;
  engine: Pick<EngineStatusCommand, 'run'>;
}

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

/** Stages with a Start command (package.json declares one per stage). */
export const STAGE_NUMBERS = [1, 2, 3, 4, 5] as const;

export function commandTable(h: CommandHandlers): CommandTable {
  const table: CommandTable = {
    'dlTutor.gradeExercise': (arg) => h.exercises.grade(arg),
    'dlTutor.showHint': (arg) => h.exercises.showHint(arg),
    'dlTutor.revealSolution': (arg, opt) => h.exercises.revealSolution(arg, opt as ConfirmOption),
    'dlTutor.resetExercise': (arg, opt) => h.exercises.resetExercise(arg, opt as ConfirmOption),
    'dlTutor.openLesson': (arg) => h.exercises.openLesson(arg),
    'dlTutor.openExercise': (arg) => h.exercises.openExercise(arg),
    'dlTutor.resetProgress': (opt) => h.exercises.resetProgress(opt as ConfirmOption),
    'dlTutor.showFailure': (uri, line, id, check) => h.exercises.showFailure(uri, line, id, check),
    'dlTutor.showPlots': (arg) => h.demos.showPlots(arg),
    'dlTutor.runDemo': (arg) => h.demos.runDemoCommand(arg),
    'dlTutor.engineStatus': () => h.engine.run(),
    'dlTutor.installNativeEngine': (opt) => h.nativeEngine.install(opt as { force?: boolean }),
    'dlTutor.exportProgress': (target) => h.progress.export(target),
  };
  for (const n of STAGE_NUMBERS) table[`dlTutor.startStage${n}`] = () => h.stages.startStage(n);
  return table;
}
