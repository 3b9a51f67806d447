/**
 * Training plots (`dlTutor.plot`): ONE panel, showing the plots of one exercise at a time; it
 * follows the active exercise file instead of adding a tab per exercise. Events stream in
 * from the tutor's plot buffer while a grade or demo runs; switching to an exercise (or
 * opening the panel later) replays its latest run. The webview persists exercise id + events
 * with setState, and the serializer restores the panel after a reload.
 */
import * as vscode from 'vscode';
import type { HostToPlotView, PlotViewState, PlotViewToHost } from '../protocol/webviews';
import type { Tutor } from './tutor';
import { shellHtml, webviewOptions } from './webviewHtml';

export const PLOT_VIEW_TYPE = 'dlTutor.plot';

export interface PlotActions {
  runDemo(id: string): Promise<void>;
  grade(id: string): Promise<void>;
  hasDemo(id: string): Promise<boolean>;
}

export class PlotPanel {
  private static current: PlotPanel | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static async createOrShow(tutor: Tutor, actions: PlotActions, id: string, column: vscode.ViewColumn = vscode.ViewColumn.Beside): Promise<PlotPanel> {
    const existing = PlotPanel.current;
    if (existing) {
      await existing.switchTo(id);
      existing.panel.reveal(existing.panel.viewColumn, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PLOT_VIEW_TYPE, 'Plots', { viewColumn: column, preserveFocus: true },
      webviewOptions(tutor.context.extensionUri));
    return PlotPanel.adopt(tutor, actions, panel, id);
  }

  static adopt(tutor: Tutor, actions: PlotActions, panel: vscode.WebviewPanel, id: string): PlotPanel {
    if (PlotPanel.current && PlotPanel.current.panel !== panel) PlotPanel.current.panel.dispose();
    const p = new PlotPanel(tutor, actions, panel, id);
    PlotPanel.current = p;
    return p;
  }

  /** The learner switched to another exercise file: an open panel shows its plots (without taking focus). */
  static async follow(id: string): Promise<void> {
    await PlotPanel.current?.switchTo(id);
  }

  static isOpen(id: string): boolean {
    return PlotPanel.current?.exerciseId === id;
  }

  static openIds(): string[] {
    return PlotPanel.current ? [PlotPanel.current.exerciseId] : [];
  }

  private exerciseId: string;

  private constructor(private readonly tutor: Tutor, private readonly actions: PlotActions, readonly panel: vscode.WebviewPanel, exerciseId: string) {
    this.exerciseId = exerciseId;
    panel.title = this.titleFor(exerciseId);
    panel.iconPath = vscode.Uri.joinPath(tutor.context.extensionUri, 'media', 'plot.svg');
    panel.webview.options = webviewOptions(tutor.context.extensionUri);
    panel.webview.html = shellHtml(panel.webview, tutor.context.extensionUri, {
      title: panel.title,
      script: 'dist/webview/plot.js',
      styles: ['media/webview.css', 'media/plot.css'],
      body: '<header id="toolbar"></header><p id="note" class="note" hidden></p><p id="status" class="muted" aria-live="polite">Loading the charts…</p><main id="charts"></main>',
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PlotViewToHost) => void this.onMessage(m)),
      tutor.onDidPostPlot((e) => {
        if (e.exerciseId === this.exerciseId && this.ready) this.post({ kind: 'plot', event: e.event });
      }),
      tutor.onDidChangeRun((e) => {
        if (e.exerciseId !== this.exerciseId || !this.ready) return;
        if (e.kind === 'started') {
          // The tutor signals a grade's start only once it draws something, so a grade that
          // plots nothing leaves the demo's charts in place.
          this.post({ kind: 'runStarted', what: e.what, ...(e.note ? { note: e.note } : {}) });
        } else {
          this.post({ kind: 'runFinished', what: e.what, ok: e.ok ?? false, message: e.message ?? '', ...(e.summary ? { summary: e.summary } : {}) });
        }
      }),
    );
  }

  private post(m: HostToPlotView): void {
    void this.panel.webview.postMessage(m);
  }

  private dispose(): void {
    if (PlotPanel.current === this) PlotPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }

  private titleFor(id: string): string {
    return `Plots: ${this.tutor.findLoaded(id)?.exercise.title ?? id}`;
  }

  private async switchTo(id: string): Promise<void> {
    if (id === this.exerciseId) return;
    this.exerciseId = id;
    this.panel.title = this.titleFor(id);
    if (this.ready) await this.sendInit();
  }

  /** The exercise's latest run, replayed from the buffer (the webview clears first). */
  private async sendInit(): Promise<void> {
    const id = this.exerciseId;
    const run = this.tutor.plotRun(id);
    const found = this.tutor.findLoaded(id);
    const hasDemo = await this.actions.hasDemo(id);
    if (id !== this.exerciseId) return;
    this.post({
      kind: 'init',
      exerciseId: id,
      title: found?.exercise.title ?? id,
      hasDemo,
      events: [...(run?.events ?? [])],
      ...(run?.note ? { note: run.note } : {}),
      running: run?.running ?? false,
      ...(run?.running && run.what ? { runningWhat: run.what } : {}),
    });
  }

  private async onMessage(m: PlotViewToHost): Promise<void> {
    switch (m?.kind) {
      case 'ready': {
        this.ready = true;
        await this.sendInit();
        break;
      }
      case 'runDemo':
        await this.actions.runDemo(this.exerciseId);
        break;
      case 'stopDemo':
        this.tutor.stopDemo(this.exerciseId);
        break;
      case 'grade':
        await this.actions.grade(this.exerciseId);
        break;
      case 'exportPng':
        await this.exportPng(m.chart, m.dataUrl);
        break;
      default:
        break;
    }
  }

  private async exportPng(chart: string, dataUrl: string): Promise<void> {
    const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(String(dataUrl));
    if (!match || typeof chart !== 'string') return;
    const folder = this.tutor.courseFolder();
    const safe = chart.replace(/[^A-Za-z0-9_-]/g, '_');
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${this.exerciseId}-${safe}.png`) : undefined,
      filters: { 'PNG image': ['png'] },
      title: 'Export chart as PNG',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(match[1], 'base64'));
    this.post({ kind: 'exported', chart, path: target.fsPath });
    void vscode.window.showInformationMessage(`Saved the chart to ${vscode.workspace.asRelativePath(target)}.`);
  }
}

export class PlotSerializer implements vscode.WebviewPanelSerializer<PlotViewState> {
  constructor(private readonly tutor: Tutor, private readonly actions: PlotActions) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PlotViewState | undefined): Promise<void> {
    await this.tutor.course();
    const id = typeof state?.exerciseId === 'string' ? state.exerciseId : '';
    if (!id || !this.tutor.findLoaded(id)) { panel.dispose(); return; }
    // Bring back what the panel showed before the reload, unless a newer run is buffered.
    if (Array.isArray(state?.events)) this.tutor.restorePlotRun(id, state.events, state.note);
    PlotPanel.adopt(this.tutor, this.actions, panel, id);
  }
}
