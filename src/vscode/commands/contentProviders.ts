/**
 * Read-only documents the commands open: multi-line hints and reference solutions.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tutor } from '../tutor';

export const HINT_SCHEME = 'dl-tutor-hint';
export const SOLUTION_SCHEME = 'dl-tutor-solution';

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
