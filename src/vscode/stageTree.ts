/**
 * The "Stages" tree: stage → topic → exercise. Elements are plain data; the TreeItem is built
 * in getTreeItem from the course and progress, and `contextValue` drives the context menus.
 */
import * as vscode from 'vscode';
import type { TreeRow } from './api';
import { countPassed, progressOf, statusText, type ExerciseProgress } from '../core/progress';
import type { Stage } from '../core/manifest';
import { startHereId } from '../core/teachingOrder';
import type { Tutor } from './tutor';

export type Node =
  | { kind: 'stage'; stage: number }
  | { kind: 'topic'; stage: number; topicId: string }
  | { kind: 'exercise'; stage: number; topicId: string; id: string };

export class StageTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  /** Stable element objects, so reveal() finds the row VS Code already shows. */
  private readonly nodes = new Map<string, Node>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly tutor: Tutor) {
    this.view = vscode.window.createTreeView('dlTutor.stages', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view, this.changed,
      tutor.onDidChangeProgress(() => this.refresh()),
      tutor.onDidChangeCourseFolder(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  refresh(): void {
    this.changed.fire(undefined);
    void this.updateSummary();
  }

  private node<N extends Node>(n: N): N {
    const key = JSON.stringify(n);
    const existing = this.nodes.get(key);
    if (existing) return existing as N;
    this.nodes.set(key, n);
    return n;
  }

  private async updateSummary(): Promise<void> {
    if (!this.tutor.courseFolder()) {
      this.view.description = undefined;
      this.view.badge = undefined;
      return;
    }
    const course = await this.tutor.course();
    const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id));
    const { passed, total } = countPassed(this.tutor.progressRecord, ids);
    this.view.description = `${passed}/${total} passed`;
    this.view.badge = passed > 0 ? { value: passed, tooltip: `${passed} of ${total} exercises passed` } : undefined;
  }

  async getChildren(element?: Node): Promise<Node[]> {
    // No folder: the tree stays empty so the welcome content (Open Folder / Start Stage 1) shows.
    if (!this.tutor.courseFolder()) return [];
    const course = await this.tutor.course();
    if (!element) {
      void this.updateSummary();
      return course.stages.map((s) => this.node({ kind: 'stage', stage: s.stage }));
    }
    const stage = course.stages.find((s) => s.stage === element.stage);
    if (!stage) return [];
    if (element.kind === 'stage') return stage.topics.map((t) => this.node({ kind: 'topic', stage: stage.stage, topicId: t.id }));
    if (element.kind === 'topic') {
      return stage.exercises.filter((e) => e.topics[0] === element.topicId)
        .map((e) => this.node({ kind: 'exercise', stage: stage.stage, topicId: element.topicId, id: e.id }));
    }
    return [];
  }

  getParent(element: Node): Node | undefined {
    if (element.kind === 'exercise') return this.node({ kind: 'topic', stage: element.stage, topicId: element.topicId });
    if (element.kind === 'topic') return this.node({ kind: 'stage', stage: element.stage });
    return undefined;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    const course = this.tutor.loadedCourse;
    const stage = course?.stages.find((s) => s.stage === element.stage);
    if (!stage) return new vscode.TreeItem('…');
    if (element.kind === 'stage') return stageItem(stage, this.tutor);
    if (element.kind === 'topic') {
      const topic = stage.topics.find((t) => t.id === element.topicId);
      const hasExercises = stage.exercises.some((e) => e.topics[0] === element.topicId);
      const item = new vscode.TreeItem(topic?.title ?? element.topicId,
        hasExercises ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `topic:${element.topicId}`;
      item.contextValue = 'dlTutor.topic';
      item.iconPath = new vscode.ThemeIcon('book');
      if (!topic?.lesson) item.description = 'lesson not written yet';
      item.command = { command: 'dlTutor.openLesson', title: 'Open Lesson', arguments: [{ topicId: element.topicId }] };
      return item;
    }
    const ex = stage.exercises.find((e) => e.id === element.id);
    const p = progressOf(this.tutor.progressRecord, element.id);
    const item = new vscode.TreeItem(ex?.title ?? element.id, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${element.id}`;
    item.description = course && startHereId(course, this.tutor.progressRecord) === element.id ? 'start here' : statusText(p);
    item.iconPath = statusIcon(p);
    item.contextValue = p.status === 'passed' ? 'dlTutor.exercise.passed' : 'dlTutor.exercise';
    const md = new vscode.MarkdownString(`**${ex?.title ?? element.id}** · \`${element.id}.ts\`\n\n${statusText(p)} · ${p.attempts} attempt(s) · hints used: ${p.hintsUsed}${p.solutionRevealed ? ' · solution revealed' : ''}`);
    item.tooltip = md;
    item.command = { command: 'dlTutor.openExercise', title: 'Open Exercise', arguments: [element.id] };
    return item;
  }

  /** Show an exercise's row (expanding its stage and topic). */
  async reveal(id: string): Promise<void> {
    const course = await this.tutor.course();
    for (const stage of course.stages) {
      const ex = stage.exercises.find((e) => e.id === id);
      if (!ex) continue;
      await this.getChildren(undefined);
      const node = this.node({ kind: 'exercise', stage: stage.stage, topicId: ex.topics[0], id });
      try {
        await this.view.reveal(node, { select: true, focus: false, expand: true });
      } catch (e) {
        this.tutor.output.warn(`could not reveal ${id} in the tree: ${(e as Error).message}`);
      }
      return;
    }
  }

  /** The whole tree as plain data (for the API / tests). */
  async rows(element?: Node): Promise<TreeRow[]> {
    const children = await this.getChildren(element);
    return Promise.all(children.map(async (n) => {
      const item = this.getTreeItem(n);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      return {
        kind: n.kind,
        id: n.kind === 'stage' ? String(n.stage) : n.kind === 'topic' ? n.topicId : n.id,
        label,
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        ...(item.contextValue ? { contextValue: item.contextValue } : {}),
        children: await this.rows(n),
      };
    }));
  }
}

function stageItem(stage: Stage, tutor: Tutor): vscode.TreeItem {
  const item = new vscode.TreeItem(`Stage ${stage.stage}: ${stage.title}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `stage:${stage.stage}`;
  item.contextValue = stage.exercises.length ? 'dlTutor.stage' : 'dlTutor.stage.empty';
  if (!stage.exercises.length) {
    item.description = 'not written yet';
    item.iconPath = new vscode.ThemeIcon('circle-slash');
    return item;
  }
  const c = countPassed(tutor.progressRecord, stage.exercises.map((e) => e.id));
  item.description = `${c.passed}/${c.total}`;
  // A first visit: say where to begin (the walkthrough is one click away, the tree is in front).
  const start = tutor.loadedCourse && startHereId(tutor.loadedCourse, tutor.progressRecord);
  if (start && stage.exercises.some((e) => e.id === start)) {
    item.description += ' · start here';
    item.tooltip = `Start here: run "DL Tutor: Start Stage ${stage.stage}" (right-click, or the command palette) to copy the exercises into your folder and open the first lesson.`;
  }
  item.iconPath = c.passed === c.total
    ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
    : new vscode.ThemeIcon('layers');
  return item;
}

function statusIcon(p: ExerciseProgress): vscode.ThemeIcon {
  switch (p.status) {
    case 'passed':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'inProgress':
      return new vscode.ThemeIcon('edit');
    default:
      return new vscode.ThemeIcon('circle-large-outline');
  }
}
