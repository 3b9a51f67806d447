/**
 * Which exercise a command is about, from whatever VS Code passed: an id, a tree element,
 * a Uri, a TestItem, a TestMessage context; else the active file; else a quick pick.
 */
import * as vscode from 'vscode';
import type { FoundExercise } from '../../core/course';
import type { Tutor } from '../tutor';

export async function exerciseArg(tutor: Tutor, arg: unknown, pickTitle = 'Which exercise?'): Promise<string | undefined> {
  await tutor.course();
  const known = (id: unknown): id is string => typeof id === 'string' && !!tutor.findLoaded(id);
  if (known(arg)) return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { kind?: string; id?: unknown; exerciseId?: unknown; fsPath?: unknown; uri?: unknown };
    if (o.kind === 'exercise' && known(o.id)) return o.id;
    if (known(o.exerciseId)) return o.exerciseId;
    if (arg instanceof vscode.Uri) return tutor.exerciseIdOf(arg);
    // testing/message/context passes { test: TestItem, message: TestMessage }.
    const test = (arg as { test?: { id?: unknown } }).test;
    if (test && typeof test.id === 'string' && known(test.id.split('::')[0])) return test.id.split('::')[0];
    // A TestItem (`id` = exercise id, or `<id>::<check>` for a check).
    if (typeof o.id === 'string' && known(o.id.split('::')[0])) return o.id.split('::')[0];
  }
  const active = tutor.exerciseIdOf(vscode.window.activeTextEditor?.document.uri);
  if (active) return active;
  return pickExercise(tutor, pickTitle);
}

export async function pickExercise(tutor: Tutor, title: string): Promise<string | undefined> {
  const course = await tutor.course();
  const items = course.stages.flatMap((s) => s.exercises.map((e) => ({
    label: e.title, description: e.id, detail: `Stage ${s.stage}: ${s.title}`, id: e.id,
  })));
  if (!items.length) return undefined;
  const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return pick?.id;
}

export async function foundExercise(tutor: Tutor, id: string): Promise<FoundExercise> {
  const f = await tutor.find(id);
  if (!f) throw new Error(`unknown exercise ${id}`);
  return f;
}
