/**
 * The latest grade's failures as Problems entries (source "DL Tutor"), on the same lines as
 * the test messages: the Problems panel, F8 and the scroll bar then show them too. Cleared
 * when the exercise passes and when it is reset.
 */
import * as vscode from 'vscode';
import type { Tutor } from './tutor';

export const DIAGNOSTIC_SOURCE = 'DL Tutor';

export class FailureDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dlTutor');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly tutor: Tutor) {
    this.disposables.push(this.collection, tutor.onDidChangeResults((id) => this.update(id)));
  }

  private update(id: string): void {
    const uri = this.tutor.exerciseUri(id);
    if (!uri) return;
    const messages = this.tutor.lastGrade(id)?.messages ?? [];
    if (messages.length === 0) { this.collection.delete(uri); return; }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    this.collection.set(uri, messages.map((m) => {
      const line = Math.max(0, (m.line ?? 1) - 1);
      // The whole line, so the squiggle covers the statement the message is about.
      const range = doc && line < doc.lineCount ? doc.lineAt(line).range : new vscode.Range(line, 0, line, 1000);
      const d = new vscode.Diagnostic(range, m.message, vscode.DiagnosticSeverity.Error);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = m.check;
      return d;
    }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
