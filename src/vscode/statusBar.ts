/**
 * "DL Tutor · Stage 1 · 3/7": the stage of the active exercise file, else the first stage
 * with unfinished exercises. Refreshes on every progress change and editor switch.
 */
import * as vscode from 'vscode';
import { countPassed, statusBarText } from '../core/progress';
import type { Tutor } from './tutor';

export class TutorStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly tutor: Tutor) {
    this.item = vscode.window.createStatusBarItem('dlTutor.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'DL Tutor progress';
    this.item.command = 'workbench.view.extension.dlTutor';
    this.disposables.push(
      this.item,
      tutor.onDidChangeProgress(() => void this.update()),
      tutor.onDidChangeCourseFolder(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
    );
  }

  /** Called once after activation (reading the course is not on activation's critical path). */
  async update(): Promise<void> {
    if (!this.tutor.courseFolder()) { this.item.hide(); return; }
    const course = await this.tutor.course();
    const record = this.tutor.progressRecord;
    const activeId = this.tutor.exerciseIdOf(vscode.window.activeTextEditor?.document.uri);
    const written = course.stages.filter((s) => s.exercises.length > 0);
    const stage = (activeId && written.find((s) => s.exercises.some((e) => e.id === activeId)))
      || written.find((s) => countPassed(record, s.exercises.map((e) => e.id)).passed < s.exercises.length)
      || written[written.length - 1];
    if (!stage) { this.item.hide(); return; }
    const c = countPassed(record, stage.exercises.map((e) => e.id));
    this.item.text = `$(mortar-board) ${statusBarText(stage.stage, c)}`;
    this.item.tooltip = `Stage ${stage.stage}: ${stage.title} — ${c.passed} of ${c.total} exercises passed. Click to open the tutor.`;
    this.item.show();
  }

  /** The text without the icon (for tests). */
  get text(): string {
    return this.item.text.replace(/^\$\([^)]*\)\s*/, '');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
