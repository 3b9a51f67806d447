/**
 * Lenses in every exercise file: ▶ Grade · 💡 Hint · 📈 Plots at the top, and above each
 * exported function that failed its latest grade, "✗ <the check's message> — details",
 * which opens the failure's peek on its line.
 */
import * as vscode from 'vscode';
import { exportLine } from '../core/learnerFile';
import type { Tutor } from './tutor';

export class ExerciseCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly tutor: Tutor) {
    this.disposables.push(
      this.changed,
      tutor.onDidChangeCourseFolder(() => this.changed.fire()),
      tutor.onDidChangeResults(() => this.changed.fire()),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const id = this.tutor.exerciseIdOf(doc.uri);
    if (!id) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(play) Grade', tooltip: 'Grade this exercise (also runs on save)', command: 'dlTutor.gradeExercise', arguments: [id] }),
      new vscode.CodeLens(top, { title: '$(lightbulb) Hint', tooltip: 'Show the next hint', command: 'dlTutor.showHint', arguments: [id] }),
      new vscode.CodeLens(top, { title: '$(graph) Plots', tooltip: 'Show the training plots of this exercise', command: 'dlTutor.showPlots', arguments: [id] }),
    ];
    const messages = this.tutor.lastGrade(id)?.messages ?? [];
    if (messages.length === 0) return lenses;
    // One lens per failing export (its first message); the export is looked up in the current
    // text, so the lens stays on the function while the learner edits above it.
    const text = doc.getText();
    const seen = new Set<number>();
    for (const m of messages) {
      const now = m.fn ? exportLine(text, m.fn) : undefined;
      const line = now ?? (m.exportLine ?? m.line ?? 1) - 1;
      if (seen.has(line) || line >= doc.lineCount) continue;
      seen.add(line);
      const more = messages.filter((x) => x !== m && (x.fn ?? '') === (m.fn ?? '') && m.fn).length;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: `$(error) ${m.message}${more ? ` (+${more} more)` : ''} — details`,
        tooltip: `${m.check}: ${m.message}`,
        command: 'dlTutor.showFailure',
        arguments: [doc.uri.toString(), Math.max(0, (m.line ?? line + 1) - 1), id, m.check],
      }));
    }
    return lenses;
  }
}
