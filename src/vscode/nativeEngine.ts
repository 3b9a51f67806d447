/**
 * The engine status bar item ("Engine: native TensorFlow" / "Engine: JavaScript (slower)") and the
 * offer to install the native engine when grading runs on the pure-JS one: once as a
 * notification, and always from the status bar item and Engine Status. The install itself is
 * src/core/nativeEngine.ts; this file only shows it (cancellable progress, a log channel) and
 * restarts the grader afterwards.
 */
import * as vscode from 'vscode';
import {
  NATIVE_ENGINE_DIR_ENV, NATIVE_PACKAGE, NativeInstallError, installNativeEngine, installedNativeEngine, nativeEngineDir,
} from '../core/nativeEngine';
import type { EngineClient } from './engine';
import type { Tutor } from './tutor';

export const INSTALL_NATIVE_COMMAND = 'dlTutor.installNativeEngine';
/** The learner saw the one-time offer (globalState, not synced: it is about this computer). */
const OFFERED_KEY = 'dlTutor.nativeEngineOffered';
const INSTALL_LABEL = 'Install Native Engine';

export class NativeEngineUi implements vscode.Disposable {
  /** The instance the command table calls (one per activation). */
  static current: NativeEngineUi | undefined;

  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private log: vscode.LogOutputChannel | undefined;
  private installing: Promise<boolean> | undefined;
  /** Engine of the latest report: undefined until the worker said. */
  engineName: string | undefined;

  constructor(private readonly tutor: Tutor, private readonly engine: EngineClient) {
    NativeEngineUi.current = this;
    this.item = vscode.window.createStatusBarItem('dlTutor.engine', vscode.StatusBarAlignment.Left, 49);
    this.item.name = 'DL Tutor engine';
    // The worker looks here after the copy next to the extension (src/worker/engineLocation.ts).
    // A value already in the environment wins (the worker inherits it): the tests point it at a
    // checkout's native engine. Installs still go to global storage only.
    if (!process.env[NATIVE_ENGINE_DIR_ENV]) engine.workerEnv[NATIVE_ENGINE_DIR_ENV] = this.dir;
    engine.fallbackHandler = (info) => this.onFallback(info);
    this.disposables.push(
      this.item,
      engine.onDidReportEngine((info) => this.show(info.engine)),
      tutor.onDidGrade(({ result }) => this.show(result.engine)),
    );
  }

  /** The folder the native engine is installed into: the extension's global storage. */
  get dir(): string {
    return nativeEngineDir(this.tutor.context.globalStorageUri.fsPath);
  }

  /** The version the course is checked against: the extension's own pin. */
  get version(): string {
    const pj = this.tutor.context.extension.packageJSON as { optionalDependencies?: Record<string, string> };
    return pj.optionalDependencies?.[NATIVE_PACKAGE] ?? 'latest';
  }

  private show(engineName: string | undefined): void {
    if (!engineName) return;
    this.engineName = engineName;
    const native = engineName === 'tensorflow';
    this.item.text = native ? '$(zap) Engine: native TensorFlow' : '$(watch) Engine: JavaScript (slower)';
    this.item.tooltip = native
      ? 'DL Tutor grades with the native TensorFlow engine (@tensorflow/tfjs-node). Click for Engine Status.'
      : 'DL Tutor grades with the pure-JavaScript TensorFlow.js engine: same results, slower for bigger models. Click to install the native TensorFlow engine (faster).';
    this.item.command = native ? 'dlTutor.engineStatus' : INSTALL_NATIVE_COMMAND;
    this.item.show();
  }

  /** The grader fell back to the JavaScript engine. True: the learner was told here. */
  private onFallback(info: { engine: string; engineNote?: string }): boolean {
    if (info.engine !== 'cpu' || this.engine.setting() === 'cpu') return false;
    const state = this.tutor.context.globalState;
    if (state.get<boolean>(OFFERED_KEY) || this.installing) return true;
    void state.update(OFFERED_KEY, true);
    void vscode.window.showInformationMessage(
      'DL Tutor grades your code with the JavaScript engine, which is slower for bigger models. Install the native TensorFlow engine (faster)? It is a one-time download with npm.',
      INSTALL_LABEL, 'Not Now',
    ).then((c) => { if (c === INSTALL_LABEL) void this.install(); });
    return true;
  }

  /**
   * `dlTutor.installNativeEngine`: true when the native engine is installed and grades.
   * `force` (tests) installs even when the native engine already grades.
   */
  install(opts: { force?: boolean } = {}): Promise<boolean> {
    this.installing ??= this.doInstall(opts.force === true).finally(() => { this.installing = undefined; });
    return this.installing;
  }

  private async doInstall(force: boolean): Promise<boolean> {
    if (!this.log) {
      this.log = vscode.window.createOutputChannel('DL Tutor: Native Engine', { log: true });
      this.disposables.push(this.log);
    }
    const log = this.log;
    if (this.engineName === 'tensorflow' && !force) {
      const existing = installedNativeEngine(this.dir, this.version);
      void vscode.window.showInformationMessage(`DL Tutor already grades with the native TensorFlow engine${existing ? ` ${existing.version}` : ''}.`);
      return true;
    }
    log.info(`installing ${NATIVE_PACKAGE}@${this.version} into ${this.dir}`);
    try {
      const installed = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification, title: 'DL Tutor: installing the native TensorFlow engine', cancellable: true,
      }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: 'npm install (the log is in the "DL Tutor: Native Engine" output)…' });
        return installNativeEngine({
          dir: this.dir,
          spec: process.env.DL_TUTOR_NATIVE_ENGINE_SPEC || `${NATIVE_PACKAGE}@${this.version}`,
          signal: abort.signal,
          log: (line) => {
            log.info(line);
            if (/^checking/.test(line)) progress.report({ message: 'checking that it loads…' });
          },
        });
      });
      this.engine.restart('the native TensorFlow engine was installed');
      const info = await this.engine.warmUp();
      if (info?.engine === 'tensorflow') {
        void vscode.window.showInformationMessage(`The native TensorFlow engine ${installed.version} is installed: DL Tutor grades with it from now on.`);
        return true;
      }
      void vscode.window.showWarningMessage(`The native TensorFlow engine was installed, but the grader still uses the ${info?.engine ?? 'unknown'} engine${info?.engineNote ? `: ${info.engineNote}` : ''}.`, 'Show Log')
        .then((c) => { if (c) log.show(); });
      return false;
    } catch (e) {
      const err = e instanceof NativeInstallError ? e : new NativeInstallError('npm-failed', (e as Error).message);
      log.error(`${err.reason}: ${err.message}`);
      if (err.reason === 'cancelled') void vscode.window.showInformationMessage(err.message);
      else void vscode.window.showErrorMessage(err.message, 'Show Log').then((c) => { if (c) log.show(); });
      return false;
    }
  }

  dispose(): void {
    if (NativeEngineUi.current === this) NativeEngineUi.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
