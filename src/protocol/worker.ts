/**
 * Host ↔ grader-worker messages (Node IPC, plain JSON with a `kind` discriminant).
 * Requests are imperative; notifications say what happened.
 */
import type { CheckResult, EngineName, GradeResult } from './results';
import type { PlotEvent } from './plots';

/** A TypeScript file compiled by the host (the worker may not start processes, esbuild's included). */
export interface CompiledModule {
  /** Absolute path of the .ts file. */
  file: string;
  /** Hash of its source: unchanged files are not evaluated again. */
  key: string;
  /** CommonJS code. */
  code: string;
  /** The `mappings` of its source map (one source). */
  mappings: string;
  /** Relative specifier → absolute path of the compiled file it names. */
  deps: Array<[string, string]>;
}

/** Why a file could not be compiled or read. */
export interface CompileFailure {
  file: string;
  message: string;
  /** 1-based position of a syntax error. */
  line?: number;
  column?: number;
  /** errno code when the file could not be read (ENOENT…). */
  code?: string;
}

/** What the host sends for one grade or demo. */
export interface RequestFiles {
  exerciseId: string;
  /** Absolute path of the learner's .ts file. */
  learnerFile: string;
  /** Absolute path of the exercise's check file (.ts). */
  checkFile: string;
  /** The check file's module graph, or why it could not be compiled. */
  checks: { modules: CompiledModule[] } | { failure: CompileFailure };
  /** The learner file's module graph, or why it could not be compiled. */
  learner: { modules: CompiledModule[] } | { failure: CompileFailure };
  /** Source text of the learner's file ('' if unreadable). */
  learnerSource: string;
  /** Per-check time limit in ms. */
  timeLimitMs: number;
}

/** Host → worker */
export type HostToWorker =
  | (RequestFiles & {
      kind: 'grade';
      requestId: number;
      /** Only run the checks with these ids or names (all when absent). */
      only?: string[];
    })
  | (RequestFiles & {
      kind: 'demo';
      requestId: number;
      /** The demo's module graph (`<id>.demo.ts` beside the check), if it has its own file. */
      demo?: { entry: string; modules: CompiledModule[] } | { failure: CompileFailure };
    })
  /** Pre-load an exercise's checks (warm grades). */
  | { kind: 'prepare'; checkFile: string; checks: { modules: CompiledModule[] } }
  /** Answered with `pong`: the worker is not stuck. */
  | { kind: 'ping'; nonce: number }
  | { kind: 'shutdown' };

/** Worker → host */
export type WorkerToHost =
  | { kind: 'ready'; engine: EngineName; engineNote?: string; loadMs: number }
  | { kind: 'pong'; nonce: number }
  | { kind: 'didStartCheck'; requestId: number; index: number; name: string; fn?: string }
  | { kind: 'didFinishCheck'; requestId: number; index: number; result: CheckResult }
  | { kind: 'didEmitPlot'; requestId: number; event: PlotEvent }
  | { kind: 'didLog'; requestId: number; text: string }
  | { kind: 'didFinishGrade'; requestId: number; result: GradeResult }
  | { kind: 'didFinishDemo'; requestId: number; ok: boolean; message: string; summary?: Record<string, number | boolean | string> }
  /** The check list, sent before the first check runs. */
  | { kind: 'didPlan'; requestId: number; checks: Array<{ name: string; fn?: string; id?: string }> };
