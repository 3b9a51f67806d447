/**
 * Three lenses at the top of every exercise file: ▶ Grade · 💡 Hint · 📈 Plots.
 */
import * as vscode from 'vscode';
import type { Tutor } from './tutor';

export class ExerciseCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly tutor: Tutor) {
    tutor.onDidChangeCourseFolder(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const id = this.tutor.exerciseIdOf(doc.uri);
    if (!id) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(play) Grade', tooltip: 'Grade this exercise (also runs on save)', command: 'dlTutor.gradeExercise', arguments: [id] }),
      new vscode.CodeLens(top, { title: '$(lightbulb) Hint', tooltip: 'Show the next hint', command: 'dlTutor.showHint', arguments: [id] }),
      new vscode.CodeLens(top, { title: '$(graph) Plots', tooltip: 'Show the training plots of this exercise', command: 'dlTutor.showPlots', arguments: [id] }),
    ];
  }
}
