/**
 * `DL Tutor: Export Progress`: asks where to save, then writes the learner's exercise files and a
 * progress summary to a zip (src/core/exportProgress.ts does the work).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Tutor } from './tutor';

export const EXPORT_PROGRESS_COMMAND = 'dlTutor.exportProgress';

/** `target` (a Uri or path; tests pass one) skips the save dialog. Resolves with the zip's path. */
export async function exportProgressCommand(tutor: Tutor, target?: unknown): Promise<string | undefined> {
  const folder = tutor.courseFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('Open your course folder first: Export Progress saves the exercise files in it.');
    return undefined;
  }
  const now = new Date();
  let file = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' ? target : undefined;
  if (!file) {
    const pick = await vscode.window.showSaveDialog({
      title: 'Export Progress',
      defaultUri: vscode.Uri.joinPath(folder, `dl-tutor-progress-${now.toISOString().slice(0, 10)}.zip`),
      filters: { 'Zip archive': ['zip'] },
      saveLabel: 'Export',
    });
    if (!pick) return undefined;
    file = pick.fsPath;
  }
  // The zip writer loads on first use, not at activation.
  const { progressSummary, writeProgressZip } = await import('../core/exportProgress');
  const course = await tutor.course();
  const version = String((tutor.context.extension.packageJSON as { version?: string }).version ?? '');
  const summary = progressSummary(course, tutor.progressRecord, folder.fsPath, now, version);
  const names = await writeProgressZip(file, folder.fsPath, summary);
  tutor.output.info(`exported progress to ${file}: ${names.join(', ')}`);
  const files = names.length - 2;
  void vscode.window.showInformationMessage(
    `Exported ${files} exercise file${files === 1 ? '' : 's'} and your progress (${summary.passed} of ${summary.total} passed) to ${path.basename(file)}.`,
    'Reveal in File Explorer',
  ).then((c) => { if (c) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file)); });
  return file;
}
