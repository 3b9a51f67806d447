/**
 * Plots and demos: open an exercise's plot panel, run its demo (the learner's code once it
 * passes, else the reference solution, and the panel says which). Whether an exercise has a
 * demo comes from the course model (its `<id>.demo.ts`), never from reading check source.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { hasDemo } from '../../core/course';
import type { EngineClient } from '../engine';
import { PlotPanel, type PlotActions } from '../plotPanel';
import type { ExerciseTests } from '../testing';
import type { Tutor } from '../tutor';
import { exerciseArg, foundExercise } from './args';

export interface DemoRun { ok: boolean; message: string; usedSolution: boolean }

export class DemoCommands implements PlotActions {
  constructor(
    private readonly tutor: Tutor,
    private readonly tests: ExerciseTests,
    private readonly engine: EngineClient,
  ) {}

  async showPlots(arg: unknown): Promise<string | undefined> {
    const id = await exerciseArg(this.tutor, arg, 'Plots of which exercise?');
    if (!id) return undefined;
    await PlotPanel.createOrShow(this.tutor, this, id);
    return id;
  }

  async runDemoCommand(arg: unknown): Promise<DemoRun | undefined> {
    let id = await exerciseArg(this.tutor, arg, 'Run the demo of which exercise?');
    if (id && arg === undefined && !(await this.hasDemo(id))) {
      // From the palette in a file without a demo: offer the exercises that have one.
      const course = await this.tutor.course();
      const items = [];
      for (const s of course.stages) for (const e of s.exercises) if (await this.hasDemo(e.id)) items.push({ label: e.title, description: e.id, id: e.id });
      id = (await vscode.window.showQuickPick(items, { title: `${id} has no demo. Run the demo of which exercise?`, matchOnDescription: true }))?.id;
    }
    if (!id) return undefined;
    if (!(await this.hasDemo(id))) {
      void vscode.window.showInformationMessage(`${id} has no demo.`);
      return undefined;
    }
    await PlotPanel.createOrShow(this.tutor, this, id);
    return this.demo(id);
  }

  // PlotActions (buttons in the plot panel)
  async runDemo(id: string): Promise<void> {
    await this.demo(id);
  }

  async grade(id: string): Promise<void> {
    await this.tests.grade(id, 'command');
  }

  async hasDemo(id: string): Promise<boolean> {
    const f = await this.tutor.find(id);
    return !!f && hasDemo(f);
  }

  /** The demo runs the learner's code once it passes; otherwise the reference solution, and says so. */
  private async demo(id: string): Promise<DemoRun | undefined> {
    const found = await foundExercise(this.tutor, id);
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('DL Tutor: the demo runs code from this folder, so it waits until you trust the folder.', 'Manage Workspace Trust')
        .then((c) => { if (c) void vscode.commands.executeCommand('workbench.trust.manage'); });
      return undefined;
    }
    const learner = this.tutor.exerciseUri(id);
    const p = this.tutor.progress(id);
    const learnerPasses = !!learner && fs.existsSync(learner.fsPath) && p.status === 'passed' && p.lastPassed !== false;
    const file = learnerPasses ? learner.fsPath : found.solution;
    const note = learnerPasses ? undefined
      : !learner || !fs.existsSync(learner.fsPath) ? `Your ${id}.ts doesn't exist yet, so this demo runs the reference solution.`
      : `Your ${id}.ts isn't passing yet, so this demo runs the reference solution. Pass the checks to see your own code train.`;
    const session = this.tutor.beginDemo(id, note);
    try {
      const grader = await this.engine.get();
      const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `DL Tutor: demo of ${id}` }, () =>
        grader.demo({ exerciseId: id, learnerFile: file, checkFile: found.check, timeLimitMs: found.exercise.demoTimeLimitMs ?? 30000 }, {
          signal: session.signal,
          onPlot: (e) => session.plot(e),
          onLog: (t) => this.tutor.output.info(`[demo ${id}] ${t.replace(/\s+$/, '')}`),
        }));
      const message = res.cancelled ? 'stopped; the charts show where it got to.' : res.ok ? `finished in ${(res.durationMs / 1000).toFixed(1)} s` : res.message;
      session.finish(res.ok, message, res.summary);
      const facts = res.summary ? ` ${Object.entries(res.summary).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(4) : v}`).join(', ')}` : '';
      this.tutor.output.info(`demo ${id}: ${res.ok ? 'ok' : 'failed'} in ${res.durationMs} ms: ${message}${facts}`);
      return { ok: res.ok, message, usedSolution: !learnerPasses };
    } catch (e) {
      const message = `The demo could not run: ${(e as Error).message}`;
      session.finish(false, message);
      void vscode.window.showErrorMessage(`DL Tutor: ${message}`);
      return { ok: false, message, usedSolution: !learnerPasses };
    }
  }
}
