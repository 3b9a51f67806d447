/**
 * Host ↔ webview messages for the lesson and plot panels (plain JSON with a `kind`
 * discriminant), and the state each webview persists with `setState` so a
 * WebviewPanelSerializer can bring it back after a reload.
 */
import type { PlotEvent } from './plots';

/** One exercise as a panel lists it. */
export interface ExerciseLink {
  id: string;
  title: string;
  /** Tree status text ("passed", "not started"…). */
  status: string;
}

export type HostToLessonView =
  | {
      kind: 'show';
      topicId: string;
      title: string;
      stageTitle: string;
      /** Lesson Markdown; empty when the lesson is not written yet (`missingNote` says so). */
      markdown: string;
      missingNote?: string;
      exercises: ExerciseLink[];
    };

export type LessonViewToHost =
  | { kind: 'ready' }
  /** A command button in the lesson; the host runs it only if it is on the allowlist. */
  | { kind: 'command'; command: string; args: Array<string | number> };

export interface LessonViewState {
  topicId: string;
}

export type HostToPlotView =
  | {
      kind: 'init';
      exerciseId: string;
      title: string;
      hasDemo: boolean;
      /** The latest run's events, in order (replayed on open and after a reload). */
      events: PlotEvent[];
      /** Sentence shown above the charts (e.g. "the demo ran the reference solution"). */
      note?: string;
      running?: boolean;
      /** What is running, when `running`. */
      runningWhat?: 'grade' | 'demo';
    }
  | { kind: 'plot'; event: PlotEvent }
  /** A new grade/demo started: clear the charts. */
  | { kind: 'runStarted'; what: 'grade' | 'demo'; note?: string }
  /** `summary`: a demo's facts, shown as a table (claims as held / did not hold). */
  | { kind: 'runFinished'; what: 'grade' | 'demo'; ok: boolean; message: string; summary?: Record<string, number | boolean | string> }
  | { kind: 'exported'; chart: string; path?: string };

export type PlotViewToHost =
  | { kind: 'ready' }
  | { kind: 'runDemo' }
  /** Stop the running demo (its charts so far stay on screen). */
  | { kind: 'stopDemo' }
  | { kind: 'grade' }
  /** PNG of one chart's canvas as a data: URL (`image/png`). */
  | { kind: 'exportPng'; chart: string; dataUrl: string };

export interface PlotViewState {
  exerciseId: string;
  events: PlotEvent[];
  note?: string;
}
