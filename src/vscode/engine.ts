/**
 * The extension's handle on the grader worker (src/grader): created on first use, restarted
 * when `dlTutor.engine` changes, disposed with the extension. The module holding the Grader
 * class is imported lazily so activation never pays for it.
 */
import * as vscode from 'vscode';
import type { Grader, EngineSetting, EngineInfo } from '../grader';
import type { Tutor } from './tutor';

export class EngineClient implements vscode.Disposable {
  private grader: Grader | undefined;
  private creating: Promise<Grader> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private warmTimer: NodeJS.Timeout | undefined;
  private reportedNote = false;
  /** Extra environment for the worker (the native engine's install folder, src/vscode/nativeEngine.ts). */
  readonly workerEnv: Record<string, string> = {};
  private readonly reportEmitter = new vscode.EventEmitter<{ engine: string; engineNote?: string }>();
  /** The worker said which engine grades (warm-up, or a grade on the fallback engine). */
  readonly onDidReportEngine = this.reportEmitter.event;
  /** Told first when grading falls back to the JavaScript engine; true: it told the learner itself. */
  fallbackHandler: ((info: { engine: string; engineNote?: string }) => boolean) | undefined;

  constructor(private readonly tutor: Tutor) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dlTutor.engine')) this.restart(`engine setting is now "${this.setting()}"`);
    }), this.reportEmitter);
  }

  /** Stop the worker; the next grade (or warm-up) starts a new one. */
  restart(why: string): void {
    this.prefetched.clear();
    this.grader?.dispose();
    this.grader = undefined;
    this.creating = undefined;
    this.tutor.output.info(`${why}; the grader restarts on the next grade`);
  }

  setting(): EngineSetting {
    const v = vscode.workspace.getConfiguration('dlTutor').get<string>('engine', 'auto');
    return v === 'tensorflow' || v === 'cpu' ? v : 'auto';
  }

  get workerPath(): string {
    return vscode.Uri.joinPath(this.tutor.context.extensionUri, 'dist', 'worker.js').fsPath;
  }

  async get(): Promise<Grader> {
    if (this.grader) return this.grader;
    this.creating ??= (async () => {
      const { Grader } = await import('../grader');
      const g = new Grader({
        workerPath: this.workerPath,
        engine: this.setting(),
        env: this.workerEnv,
        onLog: (text) => {
          const t = text.replace(/\s+$/, '');
          if (t) this.tutor.output.info(`[worker] ${t}`);
        },
      });
      this.grader = g;
      return g;
    })();
    return this.creating;
  }

  /** Engine of the running worker, if it reported ready. */
  info(): EngineInfo | undefined {
    return this.grader?.engine();
  }

  /** Process id of the running grader worker, if any. */
  workerPid(): number | undefined {
    return this.grader?.workerPid();
  }

  /**
   * Start the worker off the critical path so the first grade after a save is warm:
   * loading TensorFlow takes about half a second in the worker, none of it in the host.
   */
  scheduleWarmUp(delayMs = 1500): void {
    clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => { void this.warmUp(); }, delayMs);
  }

  async warmUp(): Promise<EngineInfo | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    try {
      const g = await this.get();
      const info = await g.warmUp();
      this.tutor.output.info(`grader ready: engine ${info.engine}, loaded in ${info.loadMs} ms${info.engineNote ? ` — ${info.engineNote}` : ''}`);
      this.noteEngine(info);
      return info;
    } catch (e) {
      this.tutor.output.error(`grader did not start: ${(e as Error).message}`);
      return undefined;
    }
  }

  private readonly prefetched = new Set<string>();

  /**
   * Load an exercise's check file in the worker before the learner saves, so the first grade
   * after a save costs the checks only (compiling and loading a check file can take a few hundred
   * ms). Runs no check and no learner code: the worker only loads the checks, once per exercise.
   */
  prefetch(exerciseId: string): void {
    if (!vscode.workspace.isTrusted || this.prefetched.has(exerciseId)) return;
    this.prefetched.add(exerciseId);
    void (async () => {
      try {
        const found = await this.tutor.find(exerciseId);
        if (!found) return;
        const g = await this.get();
        await g.prepare(found.check);
      } catch (e) {
        this.prefetched.delete(exerciseId);
        this.tutor.output.info(`prefetch of ${exerciseId} skipped: ${(e as Error).message}`);
      }
    })();
  }

  /** Tell the learner once when grading runs on the fallback engine. */
  noteEngine(info: { engine: string; engineNote?: string }): void {
    this.reportEmitter.fire(info);
    if (this.reportedNote || !info.engineNote) return;
    this.reportedNote = true;
    if (this.fallbackHandler?.(info)) return;
    void vscode.window.showWarningMessage(`DL Tutor grades with the ${info.engine} engine: ${info.engineNote}`, 'Engine Status')
      .then((c) => { if (c) void vscode.commands.executeCommand('dlTutor.engineStatus'); });
  }

  dispose(): void {
    clearTimeout(this.warmTimer);
    this.grader?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
