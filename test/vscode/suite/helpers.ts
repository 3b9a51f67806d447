/**
 * Helpers for the real-VS-Code suite: the extension's API, the workspace folder, writing a
 * file the way an editor does (WorkspaceEdit + save), waiting for the extension's events.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DlTutorApi, TreeRow } from '../../../src/vscode/api';
import type { GradeResult } from '../../../src/protocol/results';
import type { PlotEvent } from '../../../src/protocol/plots';

export const EXTENSION_ID = 'dl-tutor.dl-tutor';

export function extension(): vscode.Extension<DlTutorApi> {
  const ext = vscode.extensions.getExtension<DlTutorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  return ext;
}

export async function api(): Promise<DlTutorApi> {
  return extension().activate();
}

/** The repo (= extensionDevelopmentPath), where the course's reference solutions live. */
export function repoFile(...parts: string[]): string {
  return path.join(extension().extensionPath, ...parts);
}

export function workspaceFolder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!f) throw new Error('the suite needs a workspace folder (the launcher opens a fresh temp folder)');
  return f;
}

export function exerciseUri(id: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), `${id}.ts`);
}

/** Replace a document's whole text through the editor (as a learner typing/pasting would), then save it. */
export async function writeAndSave(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${uri.fsPath}`);
  if (!(await doc.save())) throw new Error(`could not save ${uri.fsPath}`);
  return doc;
}

export interface Graded { exerciseId: string; uri: vscode.Uri; result: GradeResult; ms: number }

/**
 * The next finished grade of `id` after `trigger` runs. Subscribes before triggering, so a
 * fast grade is not missed; `ms` is measured from the trigger's start.
 */
export async function gradeAfter(a: DlTutorApi, id: string, trigger: () => unknown, timeoutMs = 30000): Promise<Graded> {
  let sub: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const t0 = Date.now();
  const graded = new Promise<Graded>((resolve, reject) => {
    sub = a.onDidGrade((e) => {
      if (e.exerciseId === id && !e.result.cancelled) resolve({ ...e, ms: Date.now() - t0 });
    });
    timer = setTimeout(() => reject(new Error(`no grade of ${id} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await trigger();
    return await graded;
  } finally {
    sub?.dispose();
    clearTimeout(timer);
  }
}

/** Collects plot events of one exercise while `during` runs, then for `settleMs` more. */
export async function plotsDuring(a: DlTutorApi, id: string, during: () => unknown, settleMs = 200): Promise<PlotEvent[]> {
  const events: PlotEvent[] = [];
  const sub = a.onDidPostPlot((e) => { if (e.exerciseId === id) events.push(e.event); });
  try {
    await during();
    await sleep(settleMs);
  } finally {
    sub.dispose();
  }
  return events;
}

/** Resolves true when no grade of `id` finished for `ms` after `trigger`. */
export async function noGradeFor(a: DlTutorApi, id: string, trigger: () => unknown, ms: number): Promise<boolean> {
  let graded = false;
  const sub = a.onDidGrade((e) => { if (e.exerciseId === id) graded = true; });
  try {
    await trigger();
    await sleep(ms);
  } finally {
    sub.dispose();
  }
  return !graded;
}

/** Wait until no grade of `id` has finished for `quietMs` (a save-triggered grade from an earlier step may still be on its way). */
export async function settleGrades(a: DlTutorApi, id: string, quietMs = 1000, maxMs = 15000): Promise<void> {
  let last = Date.now();
  const sub = a.onDidGrade((e) => { if (e.exerciseId === id) last = Date.now(); });
  const t0 = Date.now();
  try {
    while (Date.now() - last < quietMs && Date.now() - t0 < maxMs) await sleep(100);
  } finally {
    sub.dispose();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` until it returns a truthy value. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Every row of the tree, depth first. */
export function flatten(rows: TreeRow[]): TreeRow[] {
  return rows.flatMap((r) => [r, ...flatten(r.children)]);
}

export async function treeRow(a: DlTutorApi, kind: string, id: string): Promise<TreeRow | undefined> {
  return flatten(await a.tree()).find((r) => r.kind === kind && r.id === id);
}

export function readBytes(uri: vscode.Uri): Buffer {
  return fs.readFileSync(uri.fsPath);
}

/** Appends a line to the run's log (next to mocha's report), for measurements. */
export function note(text: string): void {
  const line = `      · ${text}`;
  if (process.env.DL_TUTOR_TEST_LOG) fs.appendFileSync(process.env.DL_TUTOR_TEST_LOG, line + '\n');
  console.log(line);
}

/**
 * Process ids of running grader workers started by this extension host: processes below this
 * one whose command line runs a `dist/worker.js`. Read from /proc (Linux), independently of the
 * extension's own bookkeeping; `undefined` where there is no /proc.
 */
export function graderProcesses(): number[] | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  const parent = new Map<number, number>();
  const pids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      pids.push(Number(d));
    } catch { /* ended */ }
  }
  const below = (pid: number) => {
    for (let p = parent.get(pid) ?? 0, n = 0; p > 1 && n < 64; p = parent.get(p) ?? 0, n++) if (p === process.pid) return true;
    return false;
  };
  return pids.filter((pid) => {
    if (!below(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => /[\\/]dist[\\/]worker\.js$/.test(arg));
    } catch { return false; }
  });
}

/** True while a process with this id exists (and is not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Resolves with the first plot event of `id` that `match` accepts. */
export function nextPlot(a: DlTutorApi, id: string, match: (e: PlotEvent) => boolean, timeoutMs = 30000): Promise<PlotEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no matching plot event of ${id} within ${timeoutMs} ms`)); }, timeoutMs);
    const sub = a.onDidPostPlot((e) => {
      if (e.exerciseId === id && match(e.event)) { clearTimeout(timer); sub.dispose(); resolve(e.event); }
    });
  });
}
