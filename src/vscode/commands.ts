/**
 * Every command of the extension, registered from ONE table (like rust-analyzer's
 * createCommands). Handlers accept what VS Code passes from each place they are bound:
 * an exercise id (CodeLens, lessons, tests), a tree element (context menus), a Uri
 * (editor title), a TestMessage context, or nothing (palette: the active exercise file).
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backupStamp, firstUnfinished, markStarted, nextHint, recordHint, recordReset, recordSolutionRevealed, type HintAnswer } from '../core/progress';
import type { FoundExercise } from '../core/course';
import type { Stage } from '../core/manifest';
import type { EngineClient } from './engine';
import { LessonPanel } from './lessonPanel';
import { PlotPanel, type PlotActions } from './plotPanel';
import type { StageTree } from './stageTree';
import type { ExerciseTests } from './testing';
import { exerciseIds, type Tutor } from './tutor';

export const PENDING_STAGE_KEY = 'dlTutor.pendingStage';
export const SOLUTION_SCHEME = 'dl-tutor-solution';

/** Options the API/tests may pass as the last argument to skip the modal confirmations. */
interface ConfirmOption { confirmed?: boolean }

export interface EngineStatusReport {
  ok: boolean;
  engine?: string;
  engineNote?: string;
  loadMs?: number;
  selfCheck?: { exercise: string; passed: boolean; checks: number; failed: string[]; durationMs: number };
  error?: string;
}

export class Commands implements PlotActions {
  private readonly demoCache = new Map<string, boolean>();

  constructor(
    private readonly tutor: Tutor,
    private readonly tests: ExerciseTests,
    private readonly tree: StageTree,
    private readonly engine: EngineClient,
  ) {}

  /** The one registration table. */
  register(): vscode.Disposable[] {
    const table: Record<string, (...args: unknown[]) => unknown> = {
      'dlTutor.gradeExercise': (arg) => this.gradeCommand(arg),
      'dlTutor.showHint': (arg) => this.showHint(arg),
      'dlTutor.revealSolution': (arg, opt) => this.revealSolution(arg, opt as ConfirmOption),
      'dlTutor.resetExercise': (arg, opt) => this.resetExercise(arg, opt as ConfirmOption),
      'dlTutor.openLesson': (arg) => this.openLesson(arg),
      'dlTutor.openExercise': (arg) => this.openExercise(arg),
      'dlTutor.showPlots': (arg) => this.showPlots(arg),
      'dlTutor.runDemo': (arg) => this.runDemoCommand(arg),
      'dlTutor.resetProgress': (opt) => this.resetProgress(opt as ConfirmOption),
      'dlTutor.engineStatus': () => this.engineStatus(),
    };
    for (let n = 1; n <= 5; n++) table[`dlTutor.startStage${n}`] = () => this.startStage(n);
    return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        // VS Code shows nothing useful for a rejected command; say what failed.
        this.tutor.output.error(`${id}: ${(e as Error).stack ?? e}`);
        void vscode.window.showErrorMessage(`DL Tutor: ${id.replace('dlTutor.', '')} failed: ${(e as Error).message}`);
        return undefined;
      }
    }));
  }

  // ---- argument resolution ------------------------------------------------------------

  /** An exercise id from whatever the command was invoked with; asks when it cannot tell. */
  private async exerciseArg(arg: unknown, pickTitle = 'Which exercise?'): Promise<string | undefined> {
    await this.tutor.course();
    const known = (id: unknown): id is string => typeof id === 'string' && !!this.tutor.findLoaded(id);
    if (known(arg)) return arg;
    if (arg && typeof arg === 'object') {
      const o = arg as { kind?: string; id?: unknown; exerciseId?: unknown; fsPath?: unknown; uri?: unknown };
      if (o.kind === 'exercise' && known(o.id)) return o.id;
      if (known(o.exerciseId)) return o.exerciseId;
      if (arg instanceof vscode.Uri) return this.tutor.exerciseIdOf(arg);
      // testing/message/context passes { test: TestItem, message: TestMessage }.
      const test = (arg as { test?: { id?: unknown } }).test;
      if (test && typeof test.id === 'string' && known(test.id.split('::')[0])) return test.id.split('::')[0];
      // A TestItem (`id` = exercise id, or `<id>::<check>` for a check).
      if (typeof o.id === 'string' && known(o.id.split('::')[0])) return o.id.split('::')[0];
    }
    const active = this.tutor.exerciseIdOf(vscode.window.activeTextEditor?.document.uri);
    if (active) return active;
    return this.pickExercise(pickTitle);
  }

  private async pickExercise(title: string): Promise<string | undefined> {
    const course = await this.tutor.course();
    const items = course.stages.flatMap((s) => s.exercises.map((e) => ({
      label: e.title, description: e.id, detail: `Stage ${s.stage}: ${s.title}`, id: e.id,
    })));
    if (!items.length) return undefined;
    const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
    return pick?.id;
  }

  private async found(id: string): Promise<FoundExercise> {
    const f = await this.tutor.find(id);
    if (!f) throw new Error(`unknown exercise ${id}`);
    return f;
  }

  // ---- stages ---------------------------------------------------------------------------

  private nodeModules(): string {
    return vscode.Uri.joinPath(this.tutor.context.extensionUri, 'node_modules').fsPath;
  }

  /** `already`: what a scaffold before a window reload created (so the message stays true). */
  async startStage(n: number, already?: { created: string[]; kept: string[] }): Promise<{ created: string[]; kept: string[]; opened?: string } | undefined> {
    const course = await this.tutor.course();
    const stage = course.stages.find((s) => s.stage === n);
    if (!stage || stage.exercises.length === 0) {
      const ready = course.stages.filter((s) => s.exercises.length > 0).map((s) => s.stage);
      const readyText = ready.length === 0 ? 'no stage is ready yet'
        : ready.length === 1 ? `Stage ${ready[0]} is ready`
        : isRun(ready) ? `Stages ${ready[0]}–${ready[ready.length - 1]} are ready` : `Stages ${ready.join(', ')} are ready`;
      void vscode.window.showInformationMessage(`Stage ${n} isn't written yet — ${readyText}.`);
      return undefined;
    }
    const folder = this.tutor.courseFolder();
    if (!folder) {
      void this.askForFolder(n);
      return undefined;
    }
    const { scaffoldStage } = await import('../core/scaffold');
    const res = scaffoldStage(folder.fsPath, stage, { nodeModules: this.nodeModules() });
    for (const w of res.warnings) this.tutor.output.warn(`start stage ${n}: ${w}`);
    const names = (l: string[]) => l.map((p) => path.basename(p)).filter((b) => b.endsWith('.ts'));
    const created = already ? already.created : names(res.created);
    const kept = already ? already.kept : names(res.skipped).filter((b) => b !== 'tsconfig.json');
    this.tutor.output.info(`start stage ${n}: created ${created.join(', ') || 'nothing'}; kept ${kept.join(', ') || 'nothing'}`);
    await this.tests.refresh();

    const id = firstUnfinished(this.tutor.progressRecord, exerciseIds(stage)) ?? stage.exercises[0].id;
    const uri = this.tutor.exerciseUri(id)!;
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
    const topic = this.tutor.findLoaded(id)?.exercise.topics[0];
    if (topic) await LessonPanel.createOrShow(this.tutor, topic, vscode.ViewColumn.Two);
    void this.tree.reveal(id);
    this.engine.scheduleWarmUp(500);

    const createdText = created.length ? `created ${created.length} exercise file${created.length === 1 ? '' : 's'} (${shortList(created)})` : 'created no files';
    const keptText = kept.length ? `; kept your ${kept.length} existing file${kept.length === 1 ? '' : 's'} (${shortList(kept)}) unchanged` : '';
    void vscode.window.showInformationMessage(`Stage ${n}: ${stage.title} — ${createdText}${keptText}. Start with ${id}.ts.`);
    return { created, kept, opened: id };
  }

  private async askForFolder(n: number): Promise<void> {
    const create = 'Create a course folder…';
    const open = 'Open Folder…';
    const choice = await vscode.window.showInformationMessage(
      `Stage ${n} needs a folder for your exercise files. Create a new course folder, or open an existing one.`, create, open);
    if (choice === create) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
        openLabel: 'Use as Course Folder', title: 'Choose (or create) an empty folder for your exercises',
      });
      if (!picked?.[0]) return;
      // Scaffold now, before the reload: the new window then contains exercise files, which
      // activates the extension there (workspaceContains) even if the tutor view is closed.
      const stage = await this.tutor.stage(n);
      const { scaffoldStage } = await import('../core/scaffold');
      const res = stage ? scaffoldStage(picked[0].fsPath, stage, { nodeModules: this.nodeModules() }) : undefined;
      const names = (l: string[] = []) => l.map((p) => path.basename(p)).filter((b) => b.endsWith('.ts'));
      // The window reloads on openFolder: remember the stage so activation continues it.
      await this.tutor.context.globalState.update(PENDING_STAGE_KEY, {
        stage: n, folder: picked[0].toString(), created: names(res?.created), kept: names(res?.skipped),
      });
      await vscode.commands.executeCommand('vscode.openFolder', picked[0]);
    } else if (choice === open) {
      await this.tutor.context.globalState.update(PENDING_STAGE_KEY, { stage: n });
      await vscode.commands.executeCommand('workbench.action.files.openFolder');
    }
  }

  /** After a reload into the folder chosen by Start Stage N, carry on with that stage. */
  async resumePendingStage(): Promise<void> {
    const pending = this.tutor.context.globalState.get<{ stage?: number; folder?: string; created?: string[]; kept?: string[] }>(PENDING_STAGE_KEY);
    const folder = this.tutor.courseFolder();
    if (!pending || typeof pending.stage !== 'number' || !folder) return;
    const here = vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === pending.folder);
    if (pending.folder && !here) return;
    await this.tutor.context.globalState.update(PENDING_STAGE_KEY, undefined);
    await this.startStage(pending.stage, pending.created ? { created: pending.created, kept: pending.kept ?? [] } : undefined);
  }

  // ---- exercises ------------------------------------------------------------------------

  private async gradeCommand(arg: unknown) {
    const id = await this.exerciseArg(arg, 'Grade which exercise?');
    if (!id) return undefined;
    return this.tests.grade(id, 'command');
  }

  async openExercise(arg: unknown): Promise<vscode.TextEditor | undefined> {
    const id = await this.exerciseArg(arg, 'Open which exercise?');
    if (!id) return undefined;
    const uri = this.tutor.exerciseUri(id);
    if (!uri || !fs.existsSync(uri.fsPath)) {
      const stage = this.tutor.findLoaded(id)?.stage.stage;
      const start = `Start Stage ${stage}`;
      const c = await vscode.window.showInformationMessage(`${id}.ts is not in your course folder yet.`, start);
      if (c === start && stage) await this.startStage(stage);
      return undefined;
    }
    return vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  }

  async showHint(arg: unknown): Promise<HintAnswer | undefined> {
    const id = await this.exerciseArg(arg, 'Hint for which exercise?');
    if (!id) return undefined;
    const { exercise } = await this.found(id);
    const answer = nextHint(exercise, this.tutor.progress(id));
    if (answer.kind === 'locked') {
      void vscode.window.showInformationMessage(`💡 ${answer.reason}`, 'Grade Now').then((c) => {
        if (c) void this.tests.grade(id, 'command');
      });
      return answer;
    }
    await this.tutor.updateProgress((r) => recordHint(r, id, answer.level));
    this.tutor.output.info(`hint ${answer.level}/3 for ${id}${answer.hintKey ? ` (${answer.hintKey})` : ''}: ${answer.text}`);
    const buttons = answer.last ? ['Open Lesson'] : ['Next Hint', 'Open Lesson'];
    // A recipe or a near-solution has lines (and code) a notification would flatten: show it
    // in a read-only editor beside the exercise, and keep the notification short.
    const multiline = answer.text.includes('\n');
    if (multiline) {
      const uri = HintContentProvider.put(id, answer.level, `Hint ${answer.level}/3 — ${exercise.title}`, answer.text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    const shown = multiline ? `${answer.text.split('\n')[0]} …` : answer.text;
    void vscode.window.showInformationMessage(`💡 Hint ${answer.level}/3 — ${exercise.title}: ${shown}`, ...buttons).then((c) => {
      if (c === 'Next Hint') void vscode.commands.executeCommand('dlTutor.showHint', id);
      if (c === 'Open Lesson') void this.openLesson(id);
    });
    return answer;
  }

  async revealSolution(arg: unknown, opt?: ConfirmOption): Promise<boolean> {
    const id = await this.exerciseArg(arg, 'Reveal the solution of which exercise?');
    if (!id) return false;
    const { exercise } = await this.found(id);
    if (!opt?.confirmed) {
      const yes = 'Reveal Solution';
      const c = await vscode.window.showWarningMessage(`Reveal the reference solution of "${exercise.title}"?`, {
        modal: true,
        detail: 'Trying once more, or a hint, usually teaches more. Revealing is recorded in your progress; your file is not changed.',
      }, yes);
      if (c !== yes) return false;
    }
    await this.tutor.updateProgress((r) => recordSolutionRevealed(r, id));
    const solution = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${id}.solution.ts` });
    const learner = this.tutor.exerciseUri(id);
    if (learner && fs.existsSync(learner.fsPath)) {
      await vscode.commands.executeCommand('vscode.diff', learner, solution, `${id}.ts ↔ reference solution (read-only)`, { preview: false });
    } else {
      await vscode.window.showTextDocument(solution, { preview: false });
    }
    return true;
  }

  async resetExercise(arg: unknown, opt?: ConfirmOption): Promise<{ backup?: string } | undefined> {
    const id = await this.exerciseArg(arg, 'Reset which exercise?');
    if (!id) return undefined;
    const found = await this.found(id);
    const uri = this.tutor.exerciseUri(id);
    const folder = this.tutor.courseFolder();
    if (!uri || !folder) return undefined;
    if (!opt?.confirmed) {
      const yes = 'Reset Exercise';
      const c = await vscode.window.showWarningMessage(`Reset ${id}.ts to the starter?`, {
        modal: true, detail: 'Your current file is copied to .dl-tutor/backups/ first, so nothing is lost.',
      }, yes);
      if (c !== yes) return undefined;
    }
    this.tests.cancel(id);
    const starter = await fs.promises.readFile(found.starter, 'utf8');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let backup: string | undefined;
    // Back up what the learner sees, unsaved edits included.
    const current = doc ? doc.getText() : fs.existsSync(uri.fsPath) ? await fs.promises.readFile(uri.fsPath, 'utf8') : undefined;
    if (current !== undefined) {
      const dir = path.join(folder.fsPath, '.dl-tutor', 'backups');
      await fs.promises.mkdir(dir, { recursive: true });
      backup = path.join(dir, `${id}-${backupStamp(new Date())}.ts`);
      let n = 1;
      while (fs.existsSync(backup)) backup = path.join(dir, `${id}-${backupStamp(new Date())}-${++n}.ts`);
      await fs.promises.writeFile(backup, current, { flag: 'wx' });
    }
    if (doc && !doc.isClosed) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), starter);
      await vscode.workspace.applyEdit(edit);
      this.tests.ignoreNextSave(uri);
      await doc.save();
    } else {
      await fs.promises.writeFile(uri.fsPath, starter, 'utf8');
    }
    await this.tutor.updateProgress((r) => recordReset(r, id));
    await this.tests.refresh();
    const rel = backup ? path.relative(folder.fsPath, backup).split(path.sep).join('/') : undefined;
    this.tutor.output.info(`reset ${id}${rel ? `; backup at ${rel}` : ''}`);
    const open = 'Open Backup';
    void vscode.window.showInformationMessage(
      rel ? `${id}.ts is back to the starter. Your previous version is saved in ${rel}.` : `${id}.ts is back to the starter.`,
      ...(backup ? [open] : [])).then((c) => {
      if (c === open && backup) void vscode.window.showTextDocument(vscode.Uri.file(backup), { preview: true });
    });
    return { ...(backup ? { backup } : {}) };
  }

  async openLesson(arg: unknown): Promise<string | undefined> {
    const course = await this.tutor.course();
    let topicId: string | undefined;
    if (arg && typeof arg === 'object' && typeof (arg as { topicId?: unknown }).topicId === 'string') topicId = (arg as { topicId: string }).topicId;
    else if (typeof arg === 'string' && course.stages.some((s) => s.topics.some((t) => t.id === arg))) topicId = arg;
    if (!topicId) {
      const id = typeof arg === 'string' || (arg && typeof arg === 'object') ? await this.exerciseArg(arg) : this.tutor.exerciseIdOf(vscode.window.activeTextEditor?.document.uri);
      topicId = id ? this.tutor.findLoaded(id)?.exercise.topics[0] : undefined;
    }
    if (!topicId) {
      const items = course.stages.flatMap((s) => s.topics.map((t) => ({ label: t.title, description: `Stage ${s.stage}`, detail: t.lesson ? undefined : 'not written yet', id: t.id })));
      topicId = (await vscode.window.showQuickPick(items, { title: 'Open which lesson?' }))?.id;
    }
    if (!topicId) return undefined;
    await LessonPanel.createOrShow(this.tutor, topicId);
    return topicId;
  }

  async showPlots(arg: unknown): Promise<string | undefined> {
    const id = await this.exerciseArg(arg, 'Plots of which exercise?');
    if (!id) return undefined;
    await PlotPanel.createOrShow(this.tutor, this, id);
    return id;
  }

  private async runDemoCommand(arg: unknown): Promise<unknown> {
    let id = await this.exerciseArg(arg, 'Run the demo of which exercise?');
    if (id && arg === undefined && !(await this.hasDemo(id))) {
      // From the palette in a file without a demo: offer the exercises that have one.
      const course = await this.tutor.course();
      const items = [];
      for (const s of course.stages) for (const e of s.exercises) if (await this.hasDemo(e.id)) items.push({ label: e.title, description: e.id, id: e.id });
      id = (await vscode.window.showQuickPick(items, { title: `${id} has no demo. Run the demo of which exercise?`, matchOnDescription: true }))?.id;
    }
    if (!id) return undefined;
    if (!(await this.hasDemo(id))) {
      void vscode.window.showInformationMessage(`${id} has no demo.`);
      return undefined;
    }
    await PlotPanel.createOrShow(this.tutor, this, id);
    return this.demo(id);
  }

  // PlotActions (buttons in the plot panel)
  async runDemo(id: string): Promise<void> {
    await this.demo(id);
  }

  async grade(id: string): Promise<void> {
    await this.tests.grade(id, 'command');
  }

  async hasDemo(id: string): Promise<boolean> {
    const cached = this.demoCache.get(id);
    if (cached !== undefined) return cached;
    const f = await this.tutor.find(id);
    let has = false;
    if (f) {
      if (f.exercise.demoTimeLimitMs !== undefined) has = true;
      else {
        // An exercise has a demo exactly when `<id>.demo.ts` sits beside its check file.
        try { await fs.promises.access(f.check.replace(/\.check\.ts$/, '.demo.ts')); has = true; } catch { has = false; }
      }
    }
    this.demoCache.set(id, has);
    return has;
  }

  /** The demo runs the learner's code once it passes; otherwise the reference solution, and says so. */
  private async demo(id: string): Promise<{ ok: boolean; message: string; usedSolution: boolean } | undefined> {
    const found = await this.found(id);
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('DL Tutor: the demo runs code from this folder, so it waits until you trust the folder.', 'Manage Workspace Trust')
        .then((c) => { if (c) void vscode.commands.executeCommand('workbench.trust.manage'); });
      return undefined;
    }
    const learner = this.tutor.exerciseUri(id);
    const p = this.tutor.progress(id);
    const learnerPasses = !!learner && fs.existsSync(learner.fsPath) && p.status === 'passed' && p.lastPassed !== false;
    const file = learnerPasses ? learner.fsPath : found.solution;
    const note = learnerPasses ? undefined
      : !learner || !fs.existsSync(learner.fsPath) ? `Your ${id}.ts doesn't exist yet, so this demo runs the reference solution.`
      : `Your ${id}.ts isn't passing yet, so this demo runs the reference solution. Pass the checks to see your own code train.`;
    this.tutor.runningDemos.get(id)?.abort();
    const abort = new AbortController();
    this.tutor.runningDemos.set(id, abort);
    this.tutor.startRun(id, 'demo', note);
    try {
      const grader = await this.engine.get();
      const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `DL Tutor: demo of ${id}` }, () =>
        grader.demo({ exerciseId: id, learnerFile: file, checkFile: found.check, timeLimitMs: found.exercise.demoTimeLimitMs ?? 30000 }, {
          signal: abort.signal,
          onPlot: (e) => this.tutor.postPlot(id, e),
          onLog: (t) => this.tutor.output.info(`[demo ${id}] ${t.replace(/\s+$/, '')}`),
        }));
      const summary = res.summary ? ` ${Object.entries(res.summary).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(4) : v}`).join(', ')}` : '';
      const message = res.cancelled ? 'Demo cancelled.' : `${res.message}${summary}`;
      this.tutor.finishRun(id, 'demo', res.ok, message);
      this.tutor.output.info(`demo ${id}: ${res.ok ? 'ok' : 'failed'} in ${res.durationMs} ms: ${message}`);
      return { ok: res.ok, message, usedSolution: !learnerPasses };
    } catch (e) {
      const message = `The demo could not run: ${(e as Error).message}`;
      this.tutor.finishRun(id, 'demo', false, message);
      void vscode.window.showErrorMessage(`DL Tutor: ${message}`);
      return { ok: false, message, usedSolution: !learnerPasses };
    } finally {
      if (this.tutor.runningDemos.get(id) === abort) this.tutor.runningDemos.delete(id);
    }
  }

  // ---- progress and setup ---------------------------------------------------------------

  async resetProgress(opt?: ConfirmOption): Promise<boolean> {
    if (!opt?.confirmed) {
      const yes = 'Reset Progress';
      const c = await vscode.window.showWarningMessage('Reset your progress for every exercise?', {
        modal: true, detail: 'Passed marks, attempts, hints and revealed solutions are forgotten (on every machine that syncs settings). Your exercise files are not touched.',
      }, yes);
      if (c !== yes) return false;
    }
    await this.tutor.clearProgress();
    void vscode.window.showInformationMessage('DL Tutor: progress reset. Your exercise files are unchanged.');
    return true;
  }

  async engineStatus(): Promise<EngineStatusReport> {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'DL Tutor: checking the grader…' }, async (progress) => {
      const r: EngineStatusReport = { ok: false };
      try {
        progress.report({ message: 'starting the worker' });
        const grader = await this.engine.get();
        const info = await grader.warmUp();
        Object.assign(r, { engine: info.engine, loadMs: info.loadMs, ...(info.engineNote ? { engineNote: info.engineNote } : {}) });
        progress.report({ message: 'grading a reference solution' });
        // The built-in fixture: the first Stage 1 exercise's own reference solution must pass.
        const course = await this.tutor.course();
        const stage: Stage | undefined = course.stages.find((s) => s.exercises.length > 0);
        const ex = stage?.exercises.find((e) => fs.existsSync(path.resolve(stage.dir, e.solution)));
        if (!stage || !ex) throw new Error('the course has no reference solution to check');
        const res = await grader.grade({
          exerciseId: ex.id, learnerFile: path.resolve(stage.dir, ex.solution), checkFile: path.resolve(stage.dir, ex.check), timeLimitMs: ex.timeLimitMs,
        });
        const failed = res.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`);
        r.selfCheck = { exercise: ex.id, passed: res.passed, checks: res.checks.length, failed, durationMs: res.durationMs };
        r.ok = res.passed;
      } catch (e) {
        r.error = (e as Error).message;
      }
      return r;
    });
    const lines = [
      `engine: ${report.engine ?? 'not started'}${report.loadMs !== undefined ? ` (loaded in ${report.loadMs} ms)` : ''}`,
      ...(report.engineNote ? [`note: ${report.engineNote}`] : []),
      `engine setting: ${this.engine.setting()}; worker: ${this.engine.workerPath}`,
      ...(report.selfCheck ? [`self-check: ${report.selfCheck.exercise} reference solution ${report.selfCheck.passed ? 'passed' : 'FAILED'} ${report.selfCheck.checks} checks in ${report.selfCheck.durationMs} ms`, ...report.selfCheck.failed.map((f) => `  ${f}`)] : []),
      ...(report.error ? [`error: ${report.error}`] : []),
    ];
    for (const l of lines) this.tutor.output.info(`engine status: ${l}`);
    const summary = report.ok
      ? `DL Tutor is ready: ${report.engine} engine, loaded in ${report.loadMs} ms; ${report.selfCheck?.exercise} reference solution passed ${report.selfCheck?.checks} checks in ${report.selfCheck?.durationMs} ms.`
      : `DL Tutor setup problem: ${report.error ?? `the ${report.selfCheck?.exercise} reference solution did not pass`}. This is not your code's fault.`;
    const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(summary, 'Show Log').then((c) => { if (c) this.tutor.output.show(); });
    return report;
  }
}

function isRun(ns: number[]): boolean {
  return ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);
}

function shortList(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export const HINT_SCHEME = 'dl-tutor-hint';

/** Read-only documents for multi-line hints: `dl-tutor-hint:/<id>/hint-<level>.md`. */
export class HintContentProvider implements vscode.TextDocumentContentProvider {
  private static readonly texts = new Map<string, string>();
  private static readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = HintContentProvider.changed.event;

  /** Store a hint and return its document URI (Markdown: code in a hint is highlighted, never type-checked). */
  static put(id: string, level: number, title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: HINT_SCHEME, path: `/${id}/hint-${level}.md` });
    const looksLikeCode = /[;{}]\s*$/m.test(text);
    const body = looksLikeCode
      ? `# ${title}\n\nThe critical line is left for you.\n\n\`\`\`ts\n${text}\n\`\`\`\n`
      : `# ${title}\n\n${text}\n`;
    HintContentProvider.texts.set(uri.toString(), body);
    HintContentProvider.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return HintContentProvider.texts.get(uri.toString()) ?? 'This hint is no longer available: ask for it again with DL Tutor: Show Hint.\n';
  }
}

/** Read-only documents for `dl-tutor-solution:/<id>.solution.ts`. */
export class SolutionContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly tutor: Tutor) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = path.basename(uri.path).replace(/\.solution\.ts$/, '');
    const f = await this.tutor.find(id);
    if (!f) return `// unknown exercise ${id}`;
    return fs.promises.readFile(f.solution, 'utf8');
  }
}

/** The learner started working on an exercise (first edit): the tree shows "in progress". */
export function watchEdits(tutor: Tutor): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length === 0) return;
    const id = tutor.exerciseIdOf(e.document.uri);
    if (id && tutor.progress(id).status === 'notStarted') void tutor.updateProgress((r) => markStarted(r, id));
  });
}
