/**
 * The extension's shared context, built once in activate(): the course (loaded on first use),
 * the course folder, progress in globalState, and the latest grade and plot run of each
 * exercise. Its state is private; adapters change it through a few verbs (a grade session, a
 * demo session, a progress update) and observe it through events. The rules (progress,
 * plot buffers) live in src/core; this class applies them once per grade and tells the views.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Course, FoundExercise } from '../core/course';
import type { ExerciseSpec, Stage } from '../core/manifest';
import type { GradeResult } from '../protocol/results';
import type { PlotEvent } from '../protocol/plots';
import { PlotBuffers, type PlotRun } from '../core/plotBuffer';
import {
  PROGRESS_KEY, loadProgress, progressOf, recordGradeOutcome, storeProgress, type ExerciseProgress, type ProgressRecord,
} from '../core/progress';
import { exerciseIdFromPath } from '../core/learnerFile';

/** A plain-data copy of one TestMessage (for the API, diagnostics, CodeLens and tests). */
export interface ReportedMessage {
  check: string;
  message: string;
  uri: string;
  /** 1-based. */
  line?: number;
  /** The exported function the check is about. */
  fn?: string;
  /** 1-based line of that export when graded (where a CodeLens goes). */
  exportLine?: number;
  expected?: string;
  actual?: string;
}

/** The latest finished grade of one exercise. */
export interface LastGrade {
  result: GradeResult;
  messages: readonly ReportedMessage[];
}

/** How a grade ended; {@link GradeSession.finish} takes exactly one. */
export type GradeEnd =
  | { kind: 'graded'; uri: vscode.Uri; result: GradeResult; messages: ReportedMessage[]; complete: boolean }
  | { kind: 'cancelled' }
  | { kind: 'notStarted'; message: string };

/** One grade of one exercise, as the Testing adapter drives it. */
export interface GradeSession {
  /** A plot event the grade drew. */
  plot(event: PlotEvent): void;
  /** Record the end once: progress, the latest messages, plot panels, then onDidGrade. */
  finish(end: GradeEnd): Promise<void>;
}

/** One demo run of one exercise. */
export interface DemoSession {
  /** Aborted when a newer demo of the exercise starts or its file is saved. */
  readonly signal: AbortSignal;
  plot(event: PlotEvent): void;
  /** `summary`: the facts the demo reports (numbers, and the claims it checks as true/false). */
  finish(ok: boolean, message: string, summary?: Record<string, number | boolean | string>): void;
}

export interface RunChange {
  exerciseId: string;
  kind: 'started' | 'finished';
  what: 'grade' | 'demo';
  ok?: boolean;
  message?: string;
  note?: string;
  /** A finished demo's facts. */
  summary?: Record<string, number | boolean | string>;
}

export class Tutor implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private courseCache: Course | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly progressEmitter = new vscode.EventEmitter<void>();
  /** Progress changed (a grade, a hint, a reset): tree and status bar refresh. */
  readonly onDidChangeProgress = this.progressEmitter.event;

  private readonly gradeEmitter = new vscode.EventEmitter<{ exerciseId: string; uri: vscode.Uri; result: GradeResult; complete: boolean }>();
  /** A grade finished (not cancelled). `complete`: every check ran (not a selection). */
  readonly onDidGrade = this.gradeEmitter.event;

  private readonly resultsEmitter = new vscode.EventEmitter<string>();
  /** The latest results of an exercise changed: graded, or forgotten (reset). Fires the exercise id. */
  readonly onDidChangeResults = this.resultsEmitter.event;

  private readonly plotEmitter = new vscode.EventEmitter<{ exerciseId: string; event: PlotEvent }>();
  readonly onDidPostPlot = this.plotEmitter.event;

  private readonly runStateEmitter = new vscode.EventEmitter<RunChange>();
  /** A grade or demo started/finished for an exercise (plot panels clear/annotate). */
  readonly onDidChangeRun = this.runStateEmitter.event;

  private readonly courseFolderEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCourseFolder = this.courseFolderEmitter.event;

  private readonly plots = new PlotBuffers<PlotEvent>();
  private readonly lastGrades = new Map<string, LastGrade>();
  /** Running demos by exercise id (a save of that exercise stops its demo: it runs stale code). */
  private readonly runningDemos = new Map<string, AbortController>();
  private progressCache: { raw: unknown; record: ProgressRecord } | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('DL Tutor', { log: true });
    context.globalState.setKeysForSync([PROGRESS_KEY]);
    this.disposables.push(
      this.output, this.progressEmitter, this.gradeEmitter, this.resultsEmitter, this.plotEmitter, this.runStateEmitter, this.courseFolderEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dlTutor.courseFolder')) this.courseFolderEmitter.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.courseFolderEmitter.fire()),
    );
  }

  dispose(): void {
    for (const a of this.runningDemos.values()) a.abort();
    for (const d of this.disposables) d.dispose();
  }

  // ---- course -------------------------------------------------------------------------

  /** Folder of the course data shipped with the extension. */
  get courseRoot(): string {
    return vscode.Uri.joinPath(this.context.extensionUri, 'exercises').fsPath;
  }

  /** Loaded on first use: activation reads no manifest. */
  async course(): Promise<Course> {
    if (!this.courseCache) {
      const { loadCourse } = await import('../core/course');
      this.courseCache = loadCourse(this.courseRoot);
      for (const p of this.courseCache.problems) this.output.warn(`course: ${p.file}: ${p.field}: ${p.reason}`);
    }
    return this.courseCache;
  }

  /** Synchronous access once loaded (providers call `course()` first). */
  get loadedCourse(): Course | undefined {
    return this.courseCache;
  }

  async stage(n: number): Promise<Stage | undefined> {
    return (await this.course()).stages.find((s) => s.stage === n);
  }

  async find(id: string): Promise<FoundExercise | undefined> {
    const { findExercise } = await import('../core/course');
    return findExercise(await this.course(), id);
  }

  findLoaded(id: string): { stage: Stage; exercise: ExerciseSpec } | undefined {
    for (const stage of this.courseCache?.stages ?? []) {
      const exercise = stage.exercises.find((e) => e.id === id);
      if (exercise) return { stage, exercise };
    }
    return undefined;
  }

  // ---- the learner's folder -----------------------------------------------------------

  /** `dlTutor.courseFolder` (absolute or relative to the first workspace folder), else the first workspace folder. */
  courseFolder(): vscode.Uri | undefined {
    const first = vscode.workspace.workspaceFolders?.[0]?.uri;
    const setting = vscode.workspace.getConfiguration('dlTutor').get<string>('courseFolder', '').trim();
    if (setting) {
      if (path.isAbsolute(setting)) return vscode.Uri.file(setting);
      if (first) return vscode.Uri.joinPath(first, setting);
    }
    return first;
  }

  exerciseUri(id: string): vscode.Uri | undefined {
    const folder = this.courseFolder();
    return folder && vscode.Uri.joinPath(folder, `${id}.ts`);
  }

  /** The exercise a document belongs to: `<course folder>/<id>.ts` for an id in the course. */
  exerciseIdOf(uri: vscode.Uri | undefined): string | undefined {
    if (!uri || uri.scheme !== 'file') return undefined;
    const folder = this.courseFolder();
    if (!folder || path.resolve(path.dirname(uri.fsPath)) !== path.resolve(folder.fsPath)) return undefined;
    const id = exerciseIdFromPath(uri.fsPath);
    if (!id) return undefined;
    // Before the course is loaded, trust the file name; after, require a known id.
    return !this.courseCache || this.findLoaded(id) ? id : undefined;
  }

  fileExists(uri: vscode.Uri | undefined): boolean {
    return !!uri && fs.existsSync(uri.fsPath);
  }

  // ---- progress -----------------------------------------------------------------------

  /** The stored record, migrated to the current format (see loadProgress). */
  get progressRecord(): ProgressRecord {
    // Settings sync can replace the stored value at any time: re-read when it is a new object.
    const raw = this.context.globalState.get<unknown>(PROGRESS_KEY);
    const cached = this.progressCache;
    if (cached && cached.raw === raw) return cached.record;
    const record = loadProgress(raw);
    this.progressCache = { raw, record };
    return record;
  }

  progress(id: string): ExerciseProgress {
    return progressOf(this.progressRecord, id);
  }

  async updateProgress(change: (r: ProgressRecord) => ProgressRecord): Promise<void> {
    const before = this.progressRecord;
    const after = change(before);
    if (after === before) return;
    const write = this.context.globalState.update(PROGRESS_KEY, storeProgress(after));
    // Views read progress from memory, which update() has already changed: refresh them now.
    this.progressEmitter.fire();
    await write;
  }

  async clearProgress(): Promise<void> {
    await this.context.globalState.update(PROGRESS_KEY, storeProgress({}));
    const ids = [...this.lastGrades.keys()];
    this.lastGrades.clear();
    for (const id of ids) this.resultsEmitter.fire(id);
    this.progressEmitter.fire();
  }

  // ---- grades -------------------------------------------------------------------------

  /** The latest finished grade of an exercise (since activation, or since its reset). */
  lastGrade(id: string): LastGrade | undefined {
    return this.lastGrades.get(id);
  }

  /** Forget an exercise's latest results (Reset Exercise: the file is the starter again). */
  forgetResults(id: string): void {
    if (this.lastGrades.delete(id)) this.resultsEmitter.fire(id);
  }

  /** A grade of `id` starts. The caller finishes the session exactly once. */
  beginGrade(id: string): GradeSession {
    this.plots.begin(id, 'grade');
    let finished = false;
    return {
      plot: (event) => this.postPlot(id, event),
      finish: async (end) => {
        if (finished) return;
        finished = true;
        this.plots.finish(id);
        if (end.kind === 'cancelled') {
          this.runStateEmitter.fire({ exerciseId: id, kind: 'finished', what: 'grade', ok: false, message: 'cancelled' });
          return;
        }
        if (end.kind === 'notStarted') {
          this.runStateEmitter.fire({ exerciseId: id, kind: 'finished', what: 'grade', ok: false, message: end.message });
          return;
        }
        const { result, complete } = end;
        const failed = result.checks.filter((c) => c.status !== 'passed');
        this.lastGrades.set(id, { result, messages: [...end.messages] });
        // globalState persists asynchronously (a round trip to the workbench). Announce the grade
        // only once it is stored: a window reloaded right after "passed" must not lose the pass.
        const hintKey = failed.find((c) => c.hintKey)?.hintKey;
        await this.updateProgress((r) => recordGradeOutcome(r, id, { passed: result.passed, complete, ...(hintKey ? { hintKey } : {}) }, new Date()));
        const message = result.passed
          ? (complete ? 'All checks passed.' : `The ${result.checks.length} selected check(s) passed.`)
          : `${failed.length} check(s) did not pass.`;
        this.runStateEmitter.fire({ exerciseId: id, kind: 'finished', what: 'grade', ok: result.passed, message });
        this.resultsEmitter.fire(id);
        this.gradeEmitter.fire({ exerciseId: id, uri: end.uri, result, complete });
      },
    };
  }

  // ---- demos --------------------------------------------------------------------------

  /** A demo of `id` starts (stopping an earlier one of the same exercise). */
  beginDemo(id: string, note?: string): DemoSession {
    this.runningDemos.get(id)?.abort();
    const abort = new AbortController();
    this.runningDemos.set(id, abort);
    this.plots.begin(id, 'demo', note);
    this.runStateEmitter.fire({ exerciseId: id, kind: 'started', what: 'demo', ...(note ? { note } : {}) });
    return {
      signal: abort.signal,
      plot: (event) => this.postPlot(id, event),
      finish: (ok, message, summary) => {
        if (this.runningDemos.get(id) === abort) this.runningDemos.delete(id);
        this.plots.finish(id);
        this.runStateEmitter.fire({ exerciseId: id, kind: 'finished', what: 'demo', ok, message, ...(summary ? { summary } : {}) });
      },
    };
  }

  /** Stop a running demo of `id` (its code is stale after a save). */
  stopDemo(id: string): void {
    this.runningDemos.get(id)?.abort();
  }

  // ---- plots --------------------------------------------------------------------------

  plotRun(id: string): Readonly<PlotRun<PlotEvent>> | undefined {
    return this.plots.get(id);
  }

  restorePlotRun(id: string, events: PlotEvent[], note?: string): void {
    this.plots.restore(id, events, note);
  }

  private postPlot(id: string, event: PlotEvent): void {
    if (this.plots.post(id, event).started) this.runStateEmitter.fire({ exerciseId: id, kind: 'started', what: 'grade' });
    this.plotEmitter.fire({ exerciseId: id, event });
  }
}

/** Exercise ids of a stage in teaching order. */
export function exerciseIds(stage: Stage): string[] {
  return stage.exercises.map((e) => e.id);
}
