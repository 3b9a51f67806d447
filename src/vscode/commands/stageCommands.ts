/**
 * Start Stage N: scaffold the stage's starters into the course folder (asking for a folder
 * when none is open), open the first unfinished exercise with its lesson, and carry on after
 * the window reload that opening a new folder causes.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { firstUnfinished } from '../../core/progress';
import type { EngineClient } from '../engine';
import { LessonPanel } from '../lessonPanel';
import type { StageTree } from '../stageTree';
import type { ExerciseTests } from '../testing';
import { exerciseIds, type Tutor } from '../tutor';

export const PENDING_STAGE_KEY = 'dlTutor.pendingStage';

export interface StageStarted { created: string[]; kept: string[]; opened?: string }

export class StageCommands {
  constructor(
    private readonly tutor: Tutor,
    private readonly tests: ExerciseTests,
    private readonly tree: StageTree,
    private readonly engine: EngineClient,
  ) {}

  private nodeModules(): string {
    return vscode.Uri.joinPath(this.tutor.context.extensionUri, 'node_modules').fsPath;
  }

  /** `already`: what a scaffold before a window reload created (so the message stays true). */
  async startStage(n: number, already?: { created: string[]; kept: string[] }): Promise<StageStarted | undefined> {
    // Reading the course, copying files, filling the Testing view and opening the first lesson
    // take seconds on a cold start: say at once that something is happening.
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `DL Tutor: starting Stage ${n}` },
      (progress) => this.start(n, progress, already));
  }

  private async start(n: number, progress: vscode.Progress<{ message?: string }>, already?: { created: string[]; kept: string[] }): Promise<StageStarted | undefined> {
    progress.report({ message: 'reading the course…' });
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
    progress.report({ message: 'copying the exercise files…' });
    const { scaffoldStage } = await import('../../core/scaffold');
    const res = scaffoldStage(folder.fsPath, stage, { nodeModules: this.nodeModules() });
    for (const w of res.warnings) this.tutor.output.warn(`start stage ${n}: ${w}`);
    const names = (l: string[]) => l.map((p) => path.basename(p)).filter((b) => b.endsWith('.ts'));
    const created = already ? already.created : names(res.created);
    const kept = already ? already.kept : names(res.skipped).filter((b) => b !== 'tsconfig.json');
    this.tutor.output.info(`start stage ${n}: created ${created.join(', ') || 'nothing'}; kept ${kept.join(', ') || 'nothing'}`);
    await this.tests.refresh();

    progress.report({ message: 'opening the first exercise and its lesson…' });
    const id = firstUnfinished(this.tutor.progressRecord, exerciseIds(stage)) ?? stage.exercises[0].id;
    const uri = this.tutor.exerciseUri(id)!;
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
    const topic = this.tutor.findLoaded(id)?.exercise.topics[0];
    if (topic) {
      // Keep the exercise wide (about 60/40): inline failure messages sit at the end of the
      // learner's line and were cut off when the lesson took half the width.
      if (vscode.window.tabGroups.all.length <= 2) {
        await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.6 }, { size: 0.4 }] });
      }
      await LessonPanel.createOrShow(this.tutor, topic, vscode.ViewColumn.Two);
    }
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
      const { scaffoldStage } = await import('../../core/scaffold');
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
}

function isRun(ns: number[]): boolean {
  return ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);
}

function shortList(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
