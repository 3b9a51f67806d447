/**
 * The Testing API view of the course: ONE TestController, one item per exercise file that
 * exists in the course folder, one child per check (from the grader's plan). Every grade —
 * gutter, Test Explorer, command, CodeLens, save — runs through {@link ExerciseTests.grade},
 * so results always land in the same places: Test Explorer, progress, tree, status bar, API.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import type { CheckResult, GradeResult } from '../protocol/results';
import { exerciseIdFromPath, exportLine, firstExportLine } from '../core/learnerFile';
import type { EngineClient } from './engine';
import type { ReportedMessage, Tutor } from './tutor';

interface ItemData {
  exerciseId: string;
  /** Check name for a child item. */
  check?: string;
  fn?: string;
}

type Trigger = 'command' | 'save' | 'test' | 'codelens' | 'lesson' | 'trust';

export class ExerciseTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly running = new Map<string, AbortController>();
  private readonly saveTimers = new Map<string, NodeJS.Timeout>();
  /** Grades asked for while the workspace was untrusted: run them once trust is granted. */
  private readonly waitingForTrust = new Set<string>();
  /** Documents we saved ourselves before grading (their save event must not grade again). */
  private readonly ownSaves = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly tutor: Tutor, private readonly engine: EngineClient) {
    this.controller = vscode.tests.createTestController('dlTutor', 'DL Tutor');
    this.controller.createRunProfile('Grade', vscode.TestRunProfileKind.Run, (req, token) => this.runRequest(req, token), true);
    this.controller.resolveHandler = async () => { await this.refresh(); };
    this.controller.refreshHandler = async () => { await this.refresh(); };
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSave(doc)),
      // Test ranges follow the learner's edits once typing pauses, not on every keystroke (each
      // assignment re-lays out the gutter icons and inline messages of the file).
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) this.scheduleRanges(e.document); }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.updateRanges(doc)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        const ids = [...this.waitingForTrust];
        this.waitingForTrust.clear();
        this.engine.scheduleWarmUp(0);
        for (const id of ids) void this.grade(id, 'trust');
      }),
      tutor.onDidChangeCourseFolder(() => { this.watch(); void this.refresh(); }),
    );
    this.watch();
  }

  dispose(): void {
    for (const a of this.running.values()) a.abort();
    for (const t of this.saveTimers.values()) clearTimeout(t);
    for (const t of this.rangeTimers.values()) clearTimeout(t);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private watch(): void {
    this.watcher?.dispose();
    const folder = this.tutor.courseFolder();
    if (!folder) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, 's*-*.ts'));
    this.watcher.onDidCreate(() => void this.refresh());
    this.watcher.onDidDelete(() => void this.refresh());
  }

  /** Items for exactly the exercise files present in the course folder. */
  async refresh(): Promise<void> {
    const folder = this.tutor.courseFolder();
    const course = await this.tutor.course();
    const present = new Set<string>();
    if (folder) {
      let names: string[] = [];
      try { names = await fs.promises.readdir(folder.fsPath); } catch { /* no folder yet */ }
      for (const name of names) {
        const id = exerciseIdFromPath(name);
        if (id && this.tutor.findLoaded(id)) present.add(id);
      }
    }
    const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id)).filter((id) => present.has(id));
    for (const id of ids) this.itemFor(id);
    this.controller.items.forEach((item) => { if (!present.has(item.id)) this.controller.items.delete(item.id); });
  }

  /** The exercise's item, created when its file exists. */
  itemFor(id: string): vscode.TestItem | undefined {
    const existing = this.controller.items.get(id);
    if (existing) return existing;
    const uri = this.tutor.exerciseUri(id);
    const found = this.tutor.findLoaded(id);
    if (!uri || !found || !fs.existsSync(uri.fsPath)) return undefined;
    const item = this.controller.createTestItem(id, found.exercise.title, uri);
    item.description = id;
    item.canResolveChildren = false;
    this.data.set(item, { exerciseId: id });
    this.setRange(item, readText(uri));
    this.controller.items.add(item);
    return item;
  }

  private setRange(item: vscode.TestItem, text: string | undefined): void {
    if (text === undefined) return;
    const line = firstExportLine(text);
    setLine(item, line);
    item.children.forEach((child) => {
      const fn = this.data.get(child)?.fn;
      const l = fn !== undefined ? exportLine(text, fn) : undefined;
      setLine(child, l ?? line);
    });
  }

  private updateRanges(doc: vscode.TextDocument): void {
    const id = this.tutor.exerciseIdOf(doc.uri);
    const item = id && this.controller.items.get(id);
    if (item) this.setRange(item, doc.getText());
  }

  private readonly rangeTimers = new Map<string, NodeJS.Timeout>();

  /** Recompute ranges once typing or pasting pauses. */
  private scheduleRanges(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.rangeTimers.get(key));
    this.rangeTimers.set(key, setTimeout(() => {
      this.rangeTimers.delete(key);
      if (!doc.isClosed) this.updateRanges(doc);
    }, RANGE_DELAY_MS));
  }

  private onSave(doc: vscode.TextDocument): void {
    const id = this.tutor.exerciseIdOf(doc.uri);
    if (!id) return;
    if (this.ownSaves.delete(doc.uri.toString())) return;
    const cfg = vscode.workspace.getConfiguration('dlTutor');
    if (!cfg.get<boolean>('gradeOnSave', true)) return;
    // A new save makes the running grade (and a demo of this exercise) stale: cancel them now,
    // grade after the debounce. The grader runs one request at a time, so a stale demo would
    // otherwise hold the grade back.
    this.running.get(id)?.abort();
    this.tutor.stopDemo(id);
    clearTimeout(this.saveTimers.get(id));
    const delay = Math.max(0, cfg.get<number>('gradeOnSaveDelayMs', 150));
    this.saveTimers.set(id, setTimeout(() => {
      this.saveTimers.delete(id);
      void this.grade(id, 'save');
    }, delay));
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const wanted = new Map<string, Set<string> | undefined>();
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((i) => roots.push(i));
    for (const item of roots) {
      const d = this.data.get(item);
      if (!d) continue;
      if (d.check) {
        const set = wanted.get(d.exerciseId);
        if (!wanted.has(d.exerciseId)) wanted.set(d.exerciseId, new Set([d.check]));
        else set?.add(d.check);
      } else wanted.set(d.exerciseId, undefined);
    }
    for (const item of request.exclude ?? []) {
      const d = this.data.get(item);
      if (d && !d.check) wanted.delete(d.exerciseId);
    }
    const run = this.controller.createTestRun(request, 'DL Tutor', true);
    try {
      for (const [id, only] of wanted) {
        if (token.isCancellationRequested) break;
        await this.gradeInRun(id, run, token, only ? [...only] : undefined, 'test');
      }
    } finally {
      run.end();
    }
  }

  /**
   * Grade one exercise from any trigger but the Test Explorer: a run of its own so the
   * Testing view shows it. Resolves with the result (undefined when it did not run).
   */
  async grade(id: string, trigger: Trigger): Promise<GradeResult | undefined> {
    await this.tutor.course();
    const uri = this.tutor.exerciseUri(id);
    if (!uri || !fs.existsSync(uri.fsPath)) {
      void vscode.window.showWarningMessage(`There is no ${id}.ts in your course folder yet. Start its stage to create it.`);
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty && trigger !== 'save') {
      // Grade what the learner sees: their unsaved edits are saved first (the grader reads disk).
      this.ownSaves.add(uri.toString());
      if (!(await doc.save())) this.ownSaves.delete(uri.toString());
    }
    const item = this.itemFor(id);
    if (!item) return undefined;
    const run = this.controller.createTestRun(new vscode.TestRunRequest([item]), `DL Tutor: ${id}`, true);
    const cts = new vscode.CancellationTokenSource();
    try {
      return await this.gradeInRun(id, run, cts.token, undefined, trigger);
    } finally {
      cts.dispose();
      run.end();
    }
  }

  private untrusted(id: string, run: vscode.TestRun, item: vscode.TestItem): void {
    this.waitingForTrust.add(id);
    const msg = 'Grading runs the code in your exercise file, so it waits until you trust this folder. It will run as soon as you do.';
    run.errored(item, new vscode.TestMessage(msg));
    void vscode.window.showWarningMessage(`DL Tutor: ${msg}`, 'Manage Workspace Trust')
      .then((c) => { if (c) void vscode.commands.executeCommand('workbench.trust.manage'); });
  }

  private async gradeInRun(id: string, run: vscode.TestRun, token: vscode.CancellationToken, only: string[] | undefined, trigger: Trigger): Promise<GradeResult | undefined> {
    const item = this.itemFor(id);
    const found = await this.tutor.find(id);
    const uri = this.tutor.exerciseUri(id);
    if (!item || !found || !uri) return undefined;
    if (!vscode.workspace.isTrusted) { this.untrusted(id, run, item); return undefined; }

    // One grade per exercise at a time: the newest wins.
    this.running.get(id)?.abort();
    const abort = new AbortController();
    this.running.set(id, abort);
    const sub = token.onCancellationRequested(() => abort.abort());

    const t0 = Date.now();
    run.enqueued(item);
    item.children.forEach((c) => { if (!only || only.includes(this.data.get(c)?.check ?? '')) run.enqueued(c); });
    run.started(item);
    this.tutor.output.info(`grading ${id} (${trigger})`);
    const session = this.tutor.beginGrade(id);

    const text = readText(uri) ?? '';
    const children = new Map<string, vscode.TestItem>();
    item.children.forEach((c) => { const n = this.data.get(c)?.check; if (n) children.set(n, c); });
    const messages: ReportedMessage[] = [];
    const streamed = new Set<string>();
    const childFor = (name: string, fn?: string): vscode.TestItem => {
      let child = children.get(name);
      if (!child) {
        child = this.controller.createTestItem(`${id}::${name}`, name, uri);
        this.data.set(child, { exerciseId: id, check: name, fn });
        item.children.add(child);
        children.set(name, child);
      } else if (fn) this.data.set(child, { exerciseId: id, check: name, fn });
      const l = fn ? exportLine(text, fn) : undefined;
      setLine(child, l ?? item.range?.start.line ?? 0);
      return child;
    };

    let result: GradeResult;
    try {
      const grader = await this.engine.get();
      result = await grader.grade({
        exerciseId: id, learnerFile: uri.fsPath, checkFile: found.check, timeLimitMs: found.exercise.timeLimitMs,
        ...(only ? { only } : {}),
      }, {
        signal: abort.signal,
        onPlan: (checks) => {
          // The plan is the truth about which checks exist: drop children of checks that are gone.
          if (!only) {
            const names = new Set(checks.map((c) => c.name));
            for (const [n, c] of children) if (!names.has(n)) { item.children.delete(c.id); children.delete(n); }
          }
          for (const c of checks) run.enqueued(childFor(c.name, c.fn));
        },
        onCheckStart: (_i, name, fn) => run.started(childFor(name, fn)),
        onCheckResult: (_i, r) => {
          streamed.add(r.name);
          this.report(run, childFor(r.name, r.fn), r, uri, text, messages);
        },
        onPlot: (event) => session.plot(event),
        onLog: (t) => run.appendOutput(t.replace(/\r?\n/g, '\r\n'), undefined, item),
      });
    } catch (e) {
      // The grader could not start: an installation problem, not the learner's mistake.
      const msg = `The grader could not start: ${(e as Error).message}. Run "DL Tutor: Engine Status / Verify Setup" for details.`;
      this.tutor.output.error(msg);
      run.errored(item, new vscode.TestMessage(msg));
      await session.finish({ kind: 'notStarted', message: msg });
      void vscode.window.showErrorMessage(msg, 'Engine Status').then((c) => { if (c) void vscode.commands.executeCommand('dlTutor.engineStatus'); });
      return undefined;
    } finally {
      sub.dispose();
      if (this.running.get(id) === abort) this.running.delete(id);
    }

    if (result.engineNote) this.engine.noteEngine(result);
    const reported = new Set(result.checks.map((c) => c.name));
    if (result.cancelled) {
      for (const [n, c] of children) if (!reported.has(n)) run.skipped(c);
      run.skipped(item);
      await session.finish({ kind: 'cancelled' });
      this.tutor.output.info(`grade of ${id} cancelled`);
      return result;
    }
    // Results the worker sent only in the final result (never streamed) still get reported.
    for (const r of result.checks) if (!streamed.has(r.name)) this.report(run, childFor(r.name, r.fn), r, uri, text, messages);
    const failedChecks = result.checks.filter((c) => c.status !== 'passed');
    // A run of some checks (a check's gutter icon) says nothing about the others: the
    // exercise item and progress only count as passed when every check ran.
    const complete = !only;
    const passed = result.passed && complete;
    if (passed) run.passed(item, result.durationMs);
    else if (!result.passed) {
      // The failing checks carry the messages, each on the learner's line; VS Code derives the
      // exercise's state from them. A summary on the exercise item would sit on the same line
      // (the item's range) and hide the specific message, so it gets one only when no check
      // reported anything.
      if (failedChecks.length === 0) run.failed(item, new vscode.TestMessage('The grade did not pass, and no check reported why.'), result.durationMs);
    }
    if (result.output) run.appendOutput(result.output.replace(/\r?\n/g, '\r\n'), undefined, item);

    this.tutor.output.info(`graded ${id}: ${result.passed ? 'passed' : 'not passed'}${complete ? '' : ' (selected checks only)'} (${result.checks.length} checks, worker ${result.durationMs} ms, host ${Date.now() - t0} ms, engine ${result.engine})`);
    await session.finish({ kind: 'graded', uri, result, messages, complete });
    return result;
  }

  private location(uri: vscode.Uri, text: string, r: CheckResult | undefined, item: vscode.TestItem): vscode.Location {
    if (r?.line) return new vscode.Location(uri, new vscode.Position(r.line - 1, Math.max(0, (r.column ?? 1) - 1)));
    const l = r?.fn ? exportLine(text, r.fn) : undefined;
    return new vscode.Location(uri, new vscode.Position(l ?? item.range?.start.line ?? 0, 0));
  }

  private report(run: vscode.TestRun, child: vscode.TestItem, r: CheckResult, uri: vscode.Uri, text: string, out: ReportedMessage[]): void {
    if (r.status === 'passed') { run.passed(child, r.durationMs); return; }
    const text0 = r.status === 'timedOut' ? `timed out: ${r.message || 'the check ran over its time limit'}` : r.message || `${r.name} ${r.status}`;
    // The teaching sentence heads the message: VS Code shows it inline after the failing line
    // and at the top of the peek. Expected/actual follow as a block below it. (A diff message
    // would put "expected != actual" inline and the sentence in the peek's title, cut. The peek
    // of VS Code 1.100 wraps neither plain text nor Markdown, so the sentence should come first.)
    const block = r.expected !== undefined && r.actual !== undefined ? `\n\nexpected: ${r.expected}\nactual:   ${r.actual}` : '';
    const m = new vscode.TestMessage(text0 + block);
    const loc = this.location(uri, text, r, child);
    m.location = loc;
    // Lets the failure peek offer "Show Hint" (menus: testing/message/context).
    m.contextValue = 'dlTutor.failure';
    const messages = [m];
    const fnLine = r.fn ? exportLine(text, r.fn) : undefined;
    out.push({
      check: r.name, message: text0, uri: uri.toString(), line: loc.range.start.line + 1,
      ...(r.fn ? { fn: r.fn } : {}), ...(fnLine !== undefined ? { exportLine: fnLine + 1 } : {}),
      ...(r.expected !== undefined ? { expected: r.expected } : {}), ...(r.actual !== undefined ? { actual: r.actual } : {}),
    });
    if (r.status === 'errored') run.errored(child, messages, r.durationMs);
    else run.failed(child, messages, r.durationMs);
  }

  /** Our own save (Reset Exercise) must not trigger grade-on-save. */
  ignoreNextSave(uri: vscode.Uri): void {
    this.ownSaves.add(uri.toString());
  }

  /** Forget the exercise's results (Reset Exercise): gutter marks, peek messages, Problems, CodeLens. */
  clearResults(id: string): void {
    const item = this.controller.items.get(id);
    if (item) {
      this.controller.invalidateTestResults(item);
      // The check items carry the ✓/✗ on the learner's lines; the next grade's plan recreates them.
      item.children.replace([]);
    }
    this.tutor.forgetResults(id);
  }

  /** Stop a running grade of this exercise (e.g. Reset Exercise). */
  cancel(id: string): void {
    this.running.get(id)?.abort();
  }
}

/** Pause in typing after which test ranges follow the text. */
const RANGE_DELAY_MS = 400;

/**
 * Put an item on `line`. Assigned even when the line is unchanged: an edit that replaces the
 * whole text drops the editor's gutter decorations, and only a new range brings them back.
 */
function setLine(item: vscode.TestItem, line: number): void {
  item.range = new vscode.Range(line, 0, line, 0);
}

function readText(uri: vscode.Uri): string | undefined {
  try { return fs.readFileSync(uri.fsPath, 'utf8'); } catch { return undefined; }
}
