/**
 * The lesson panel (`dlTutor.lesson`): one panel, showing one topic at a time. The host
 * reads the Markdown and posts it; the webview script renders it (markdown-it + KaTeX +
 * highlight.js live in dist/webview/lesson.js, never in the extension host).
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAllowedCommand } from '../core/lessonCommands';
import { progressOf, statusText } from '../core/progress';
import type { HostToLessonView, LessonViewState, LessonViewToHost } from '../protocol/webviews';
import type { Tutor } from './tutor';
import { shellHtml, webviewOptions } from './webviewHtml';

export const LESSON_VIEW_TYPE = 'dlTutor.lesson';

export class LessonPanel {
  private static current: LessonPanel | undefined;
  private topicId: string;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static async createOrShow(tutor: Tutor, topicId: string, column: vscode.ViewColumn = vscode.ViewColumn.Beside): Promise<LessonPanel> {
    if (LessonPanel.current) {
      LessonPanel.current.panel.reveal(LessonPanel.current.panel.viewColumn, true);
      await LessonPanel.current.show(topicId);
      return LessonPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(LESSON_VIEW_TYPE, 'Lesson', { viewColumn: column, preserveFocus: true },
      webviewOptions(tutor.context.extensionUri));
    return LessonPanel.adopt(tutor, panel, topicId);
  }

  /** Used by createOrShow and by the serializer after a reload. */
  static async adopt(tutor: Tutor, panel: vscode.WebviewPanel, topicId: string): Promise<LessonPanel> {
    LessonPanel.current?.panel.dispose();
    const p = new LessonPanel(tutor, panel, topicId);
    LessonPanel.current = p;
    await p.show(topicId);
    return p;
  }

  /** The learner switched to an exercise of another topic: an open lesson panel follows (without taking focus). */
  static async follow(topicId: string): Promise<void> {
    const p = LessonPanel.current;
    if (p && p.topicId !== topicId) await p.show(topicId);
  }

  static get currentTopic(): string | undefined {
    return LessonPanel.current?.topicId;
  }

  private constructor(private readonly tutor: Tutor, readonly panel: vscode.WebviewPanel, topicId: string) {
    this.topicId = topicId;
    panel.iconPath = vscode.Uri.joinPath(tutor.context.extensionUri, 'media', 'dl-tutor.svg');
    panel.webview.options = webviewOptions(tutor.context.extensionUri);
    panel.webview.html = shellHtml(panel.webview, tutor.context.extensionUri, {
      title: 'Lesson',
      script: 'dist/webview/lesson.js',
      styles: ['dist/webview/katex/katex.min.css', 'media/webview.css', 'media/lesson.css'],
      body: '<main id="lesson" aria-live="polite"><p class="muted">Loading the lesson…</p></main>',
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: LessonViewToHost) => this.onMessage(m)),
      // Exercise statuses in the lesson footer follow progress.
      tutor.onDidChangeProgress(() => { if (this.ready) void this.show(this.topicId); }),
    );
  }

  private dispose(): void {
    if (LessonPanel.current === this) LessonPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }

  private async onMessage(m: LessonViewToHost): Promise<void> {
    if (m?.kind === 'ready') {
      this.ready = true;
      await this.show(this.topicId);
    } else if (m?.kind === 'command') {
      // The webview is not trusted to choose commands: the allowlist is checked again here.
      if (!isAllowedCommand(m.command, m.args)) {
        this.tutor.output.warn(`lesson asked for a command that is not allowed: ${String(m.command)}`);
        return;
      }
      await vscode.commands.executeCommand(m.command, ...m.args);
    }
  }

  async show(topicId: string): Promise<void> {
    this.topicId = topicId;
    const course = await this.tutor.course();
    const stage = course.stages.find((s) => s.topics.some((t) => t.id === topicId));
    const topic = stage?.topics.find((t) => t.id === topicId);
    this.panel.title = topic ? `Lesson: ${topic.title}` : 'Lesson';
    if (!this.ready || !stage || !topic) return;
    let markdown = '';
    let missingNote: string | undefined;
    if (topic.lesson) {
      try {
        markdown = await fs.promises.readFile(path.join(stage.dir, topic.lesson), 'utf8');
      } catch {
        missingNote = `The lesson file ${topic.lesson} is missing from this installation.`;
      }
    } else {
      missingNote = `The lesson "${topic.title}" isn't written yet.`;
    }
    const record = this.tutor.progressRecord;
    const msg: HostToLessonView = {
      kind: 'show',
      topicId,
      title: topic.title,
      stageTitle: `Stage ${stage.stage}: ${stage.title}`,
      markdown,
      ...(missingNote ? { missingNote } : {}),
      exercises: stage.exercises.filter((e) => e.topics.includes(topicId))
        .map((e) => ({ id: e.id, title: e.title, status: statusText(progressOf(record, e.id)) })),
    };
    void this.panel.webview.postMessage(msg);
  }
}

export class LessonSerializer implements vscode.WebviewPanelSerializer<LessonViewState> {
  constructor(private readonly tutor: Tutor) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: LessonViewState | undefined): Promise<void> {
    const course = await this.tutor.course();
    const fallback = course.stages[0]?.topics[0]?.id ?? '';
    await LessonPanel.adopt(this.tutor, panel, typeof state?.topicId === 'string' ? state.topicId : fallback);
  }
}
