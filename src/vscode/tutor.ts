/**
 * The extension's shared state, built once in activate(): the course (loaded on first use),
 * the course folder, progress in globalState, the plot buffer and the events the views and
 * the API listen to. Providers get this object instead of reaching into each other.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Course, FoundExercise } from '../core/course';
import type { ExerciseSpec, Stage } from '../core/manifest';
import type { GradeResult } from '../protocol/results';
import type { PlotEvent } from '../protocol/plots';
import { PROGRESS_KEY, progressOf, type ExerciseProgress, type ProgressRecord } from '../core/progress';
import { exerciseIdFromPath } from '../core/learnerFile';

/** A plain-data copy of one TestMessage (for the API and tests). */
export interface ReportedMessage {
  check: string;
  message: string;
  uri: string;
  /** 1-based. */
  line?: number;
  expected?: string;
  actual?: string;
}

export interface PlotRun {
  events: PlotEvent[];
  note?: string;
  running: boolean;
  what?: 'grade' | 'demo';
}

export class Tutor implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private courseCache: Course | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly progressEmitter = new vscode.EventEmitter<void>();
  /** Progress changed (a grade, a hint, a reset): tree and status bar refresh. */
  readonly onDidChangeProgress = this.progressEmitter.event;

  readonly gradeEmitter = new vscode.EventEmitter<{ exerciseId: string; uri: vscode.Uri; result: GradeResult }>();
  readonly onDidGrade = this.gradeEmitter.event;

  private readonly plotEmitter = new vscode.EventEmitter<{ exerciseId: string; event: PlotEvent }>();
  readonly onDidPostPlot = this.plotEmitter.event;

  private readonly runStateEmitter = new vscode.EventEmitter<{ exerciseId: string; kind: 'started' | 'finished'; what: 'grade' | 'demo'; ok?: boolean; message?: string; note?: string }>();
  /** A grade or demo started/finished for an exercise (plot panels clear/annotate). */
  readonly onDidChangeRun = this.runStateEmitter.event;

  private readonly courseFolderEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCourseFolder = this.courseFolderEmitter.event;

  /** Latest plot run per exercise, so a panel opened later shows the latest run. */
  private readonly plotRuns = new Map<string, PlotRun>();
  readonly lastResults = new Map<string, GradeResult>();
  /** Running demos by exercise id (a save of that exercise stops its demo: it runs stale code). */
  readonly runningDemos = new Map<string, AbortController>();
  readonly lastMessages = new Map<string, ReportedMessage[]>();

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('DL Tutor', { log: true });
    context.globalState.setKeysForSync([PROGRESS_KEY]);
    this.disposables.push(
      this.output, this.progressEmitter, this.gradeEmitter, this.plotEmitter, this.runStateEmitter, this.courseFolderEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dlTutor.courseFolder')) this.courseFolderEmitter.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.courseFolderEmitter.fire()),
    );
  }

  dispose(): void {
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

  get progressRecord(): ProgressRecord {
    return this.context.globalState.get<ProgressRecord>(PROGRESS_KEY, {});
  }

  progress(id: string): ExerciseProgress {
    return progressOf(this.progressRecord, id);
  }

  async updateProgress(change: (r: ProgressRecord) => ProgressRecord): Promise<void> {
    const before = this.progressRecord;
    const after = change(before);
    if (after === before) return;
    const write = this.context.globalState.update(PROGRESS_KEY, after);
    // Views read progress from memory, which update() has already changed: refresh them now.
    this.progressEmitter.fire();
    await write;
  }

  async clearProgress(): Promise<void> {
    await this.context.globalState.update(PROGRESS_KEY, {});
    this.lastResults.clear();
    this.progressEmitter.fire();
  }

  // ---- plots --------------------------------------------------------------------------

  plotRun(id: string): PlotRun | undefined {
    return this.plotRuns.get(id);
  }

  startRun(id: string, what: 'grade' | 'demo', note?: string): void {
    // A grade that draws nothing should not wipe the demo the learner is looking at, so a
    // grade replaces the buffer only once its first plot event arrives (see postPlot).
    if (what === 'demo') this.plotRuns.set(id, { events: [], note, running: true, what });
    else {
      const prev = this.plotRuns.get(id);
      if (prev) prev.running = false;
      this.pendingGradeReset.add(id);
      return;
    }
    this.runStateEmitter.fire({ exerciseId: id, kind: 'started', what, note });
  }

  private readonly pendingGradeReset = new Set<string>();

  postPlot(id: string, event: PlotEvent): void {
    if (this.pendingGradeReset.delete(id)) {
      this.plotRuns.set(id, { events: [], running: true, what: 'grade' });
      this.runStateEmitter.fire({ exerciseId: id, kind: 'started', what: 'grade' });
    }
    let run = this.plotRuns.get(id);
    if (!run) this.plotRuns.set(id, (run = { events: [], running: true }));
    // Epoch events accumulate; the other kinds replace the chart's previous state, so keep
    // only the last one per chart to bound the buffer during long demos.
    if (event.kind !== 'epoch') {
      const i = run.events.findIndex((e) => e.chart === event.chart && e.kind === event.kind);
      if (i >= 0) run.events.splice(i, 1);
    }
    run.events.push(event);
    if (run.events.length > 20000) run.events.splice(0, run.events.length - 20000);
    this.plotEmitter.fire({ exerciseId: id, event });
  }

  finishRun(id: string, what: 'grade' | 'demo', ok: boolean, message: string): void {
    this.pendingGradeReset.delete(id);
    const run = this.plotRuns.get(id);
    if (run) run.running = false;
    this.runStateEmitter.fire({ exerciseId: id, kind: 'finished', what, ok, message });
  }

  restorePlotRun(id: string, events: PlotEvent[], note?: string): void {
    if (!this.plotRuns.has(id)) this.plotRuns.set(id, { events: [...events], note, running: false });
  }
}

/** Exercise ids of a stage in teaching order. */
export function exerciseIds(stage: Stage): string[] {
  return stage.exercises.map((e) => e.id);
}
