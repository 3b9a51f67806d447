/**
 * What a learner does with one exercise: grade it, open it or its lesson, ask for a hint,
 * reveal the reference solution, reset it to the starter; and reset all progress.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backupStamp, markStarted, nextHint, recordHint, recordReset, recordSolutionRevealed, type HintAnswer } from '../../core/progress';
import { LessonPanel } from '../lessonPanel';
import type { ExerciseTests } from '../testing';
import type { Tutor } from '../tutor';
import { exerciseArg, foundExercise } from './args';
import { HintContentProvider, SOLUTION_SCHEME } from './contentProviders';
import type { StageCommands } from './stageCommands';
import type { ConfirmOption } from './table';

export class ExerciseCommands {
  constructor(
    private readonly tutor: Tutor,
    private readonly tests: ExerciseTests,
    private readonly stages: StageCommands,
  ) {}

  async grade(arg: unknown) {
    const id = await exerciseArg(this.tutor, arg, 'Grade which exercise?');
    if (!id) return undefined;
    return this.tests.grade(id, 'command');
  }

  async openExercise(arg: unknown): Promise<vscode.TextEditor | undefined> {
    const id = await exerciseArg(this.tutor, arg, 'Open which exercise?');
    if (!id) return undefined;
    const uri = this.tutor.exerciseUri(id);
    if (!uri || !fs.existsSync(uri.fsPath)) {
      const stage = this.tutor.findLoaded(id)?.stage.stage;
      const start = `Start Stage ${stage}`;
      const c = await vscode.window.showInformationMessage(`${id}.ts is not in your course folder yet.`, start);
      if (c === start && stage) await this.stages.startStage(stage);
      return undefined;
    }
    return vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  }

  async showHint(arg: unknown): Promise<HintAnswer | undefined> {
    const id = await exerciseArg(this.tutor, arg, 'Hint for which exercise?');
    if (!id) return undefined;
    const { exercise } = await foundExercise(this.tutor, id);
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
    // Notifications show Markdown literally: drop the code backticks there (the editor view keeps them).
    const shown = (multiline ? `${answer.text.split('\n')[0]} …` : answer.text).replace(/`([^`\n]+)`/g, '$1');
    void vscode.window.showInformationMessage(`💡 Hint ${answer.level}/3 — ${exercise.title}: ${shown}`, ...buttons).then((c) => {
      if (c === 'Next Hint') void vscode.commands.executeCommand('dlTutor.showHint', id);
      if (c === 'Open Lesson') void this.openLesson(id);
    });
    return answer;
  }

  async revealSolution(arg: unknown, opt?: ConfirmOption): Promise<boolean> {
    const id = await exerciseArg(this.tutor, arg, 'Reveal the solution of which exercise?');
    if (!id) return false;
    const { exercise } = await foundExercise(this.tutor, id);
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
    const id = await exerciseArg(this.tutor, arg, 'Reset which exercise?');
    if (!id) return undefined;
    const found = await foundExercise(this.tutor, id);
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
    // The old ✓/✗, messages and Problems entries describe a file that is gone.
    this.tests.clearResults(id);
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
      const id = typeof arg === 'string' || (arg && typeof arg === 'object') ? await exerciseArg(this.tutor, arg) : this.tutor.exerciseIdOf(vscode.window.activeTextEditor?.document.uri);
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

  /**
   * A failure's details (the CodeLens on a failing export): the Testing peek of that check on
   * its line, with the whole message and expected/actual; the problem peek when the Testing
   * view has no result for it (e.g. after a window reload).
   */
  async showFailure(uri: unknown, line: unknown, exerciseId?: unknown, check?: unknown): Promise<void> {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) return;
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
    const editor = await vscode.window.showTextDocument(target, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, preview: false });
    const l = Math.min(typeof line === 'number' && line >= 0 ? line : 0, editor.document.lineCount - 1);
    editor.revealRange(new vscode.Range(l, 0, l, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (typeof exerciseId === 'string') {
      // `vscode.peekTestError` takes the workbench's id of a test item: the controller id and the
      // item ids from the root down, joined by NUL (what VS Code's own gutter "Peek Error" passes).
      const ids = typeof check === 'string' ? [this.tests.controller.id, exerciseId, `${exerciseId}::${check}`] : [this.tests.controller.id, exerciseId];
      const shown = await vscode.commands.executeCommand<boolean>('vscode.peekTestError', ids.join('\0')).then((r) => r !== false, () => false);
      if (shown) return;
    }
    // Just before the line, so "next problem" lands on this line's failure.
    const from = l > 0 ? editor.document.lineAt(l - 1).range.end : new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(from, from);
    await vscode.commands.executeCommand('editor.action.marker.next');
  }

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
}

/** The learner started working on an exercise (first edit): the tree shows "in progress". */
export function watchEdits(tutor: Tutor): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length === 0) return;
    const id = tutor.exerciseIdOf(e.document.uri);
    if (id && tutor.progress(id).status === 'notStarted') void tutor.updateProgress((r) => markStarted(r, id));
  });
}
