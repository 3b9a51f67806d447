/**
 * Host ↔ grader-worker messages (Node IPC, plain JSON with a `kind` discriminant).
 * Requests are imperative; notifications say what happened.
 */
import type { CheckResult, EngineName, GradeResult } from './results';
import type { PlotEvent } from './plots';

/** Host → worker */
export type HostToWorker =
  | {
      kind: 'grade';
      requestId: number;
      exerciseId: string;
      /** Absolute path of the learner's .ts file. */
      learnerFile: string;
      /** Absolute path of the exercise's check file (.ts). */
      checkFile: string;
      /** Per-check time limit in ms. */
      timeLimitMs: number;
      /** Only run the checks with these ids (all when absent); a check's name is accepted too. */
      only?: string[];
    }
  | {
      kind: 'demo';
      requestId: number;
      exerciseId: string;
      learnerFile: string;
      checkFile: string;
      timeLimitMs: number;
    }
  | { kind: 'shutdown' };

/** Worker → host */
export type WorkerToHost =
  | { kind: 'ready'; engine: EngineName; engineNote?: string; loadMs: number }
  | { kind: 'didStartCheck'; requestId: number; index: number; id: string; name: string; fn?: string }
  | { kind: 'didFinishCheck'; requestId: number; index: number; result: CheckResult }
  | { kind: 'didEmitPlot'; requestId: number; event: PlotEvent }
  | { kind: 'didLog'; requestId: number; text: string }
  | { kind: 'didFinishGrade'; requestId: number; result: GradeResult }
  | { kind: 'didFinishDemo'; requestId: number; ok: boolean; message: string; summary?: Record<string, number | boolean | string> }
  /** The check list, sent before the first check runs. */
  | { kind: 'didPlan'; requestId: number; checks: Array<{ id: string; name: string; fn?: string }> };
