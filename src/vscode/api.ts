/**
 * What `activate()` returns: a small, typed surface for the real-VS-Code test suite
 * (test/vscode/suite) and for other extensions. Everything the learner sees goes through
 * commands and views; this API only observes and waits.
 */
import type * as vscode from 'vscode';
import type { GradeResult } from '../protocol/results';
import type { PlotEvent } from '../protocol/plots';
import type { ExerciseProgress } from '../core/progress';

/** One row of the stage tree as the tests read it. */
export interface TreeRow {
  /** `stage` | `topic` | `exercise` */
  kind: string;
  /** Stage number, topic id or exercise id. */
  id: string;
  label: string;
  description?: string;
  /** `contextValue` of the row (drives context menus). */
  contextValue?: string;
  children: TreeRow[];
}

/** Stored progress for one exercise (globalState, synced). Defined in src/core/progress.ts. */
export type { ExerciseProgress } from '../core/progress';

export interface DlTutorApi {
  /** The stage tree, fully expanded, as plain data. */
  tree(): Promise<TreeRow[]>;
  /** Progress of one exercise. */
  progress(exerciseId: string): ExerciseProgress;
  /**
   * Fires after every finished grade (any trigger: command, gutter, save, CodeLens).
   * `complete`: every check ran (false for a run of selected checks from the gutter).
   */
  onDidGrade: vscode.Event<{ exerciseId: string; uri: vscode.Uri; result: GradeResult; complete: boolean }>;
  /** Fires for every plot event the extension posts to a plot panel. */
  onDidPostPlot: vscode.Event<{ exerciseId: string; event: PlotEvent }>;
  /** The test controller (items per exercise, children per check). */
  testController: vscode.TestController;
  /** The TestMessages the last run of this exercise reported, as plain data (message text, file, 1-based line). */
  testMessages(exerciseId: string): Array<{ check: string; message: string; uri: string; line?: number; expected?: string; actual?: string }>;
  /** The course folder in use, when one is open. */
  courseFolder(): vscode.Uri | undefined;
  /** Text of the status-bar item without its icon, e.g. "DL Tutor · Stage 1 · 3/7" (undefined when hidden). */
  statusBarText(): string | undefined;
  /** The plot events buffered for an exercise (the latest grade or demo), as a newly opened panel would show them. */
  plotEvents(exerciseId: string): PlotEvent[];
  /** Exercise ids with an open plot panel. */
  openPlotPanels(): string[];
  /** Topic id shown in the lesson panel, when it is open. */
  lessonTopic(): string | undefined;
  /** Starts the grader worker if needed and resolves with its engine (for the first-grade-is-warm test). */
  warmUp(): Promise<{ engine: string; loadMs: number; engineNote?: string } | undefined>;
  /** Process id of the grader worker while one runs (for the suite's crash and trust tests). */
  graderPid(): number | undefined;
}
