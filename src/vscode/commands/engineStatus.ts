/**
 * "Engine Status / Verify Setup": start the grader, grade a reference solution, and say in
 * plain words whether the setup works (a failure here is never the learner's code).
 */
import * as vscode from 'vscode';
import { INSTALL_NATIVE_COMMAND } from '../nativeEngine';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Stage } from '../../core/manifest';
import type { EngineClient } from '../engine';
import type { Tutor } from '../tutor';

export interface EngineStatusReport {
  ok: boolean;
  engine?: string;
  engineNote?: string;
  loadMs?: number;
  selfCheck?: { exercise: string; passed: boolean; checks: number; failed: string[]; durationMs: number };
  error?: string;
}

export class EngineStatusCommand {
  constructor(private readonly tutor: Tutor, private readonly engine: EngineClient) {}

  async run(): Promise<EngineStatusReport> {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'DL Tutor: checking the grader…' }, async (progress) => {
      const r: EngineStatusReport = { ok: false };
      try {
        progress.report({ message: 'starting the worker' });
        const grader = await this.engine.get();
        const info = await grader.warmUp();
        Object.assign(r, { engine: info.engine, loadMs: info.loadMs, ...(info.engineNote ? { engineNote: info.engineNote } : {}) });
        progress.report({ message: 'grading a reference solution' });
        // The built-in fixture: the first Stage 1 exercise's own reference solution must pass.
        const course = await this.tutor.course();
        const stage: Stage | undefined = course.stages.find((s) => s.exercises.length > 0);
        const ex = stage?.exercises.find((e) => fs.existsSync(path.resolve(stage.dir, e.solution)));
        if (!stage || !ex) throw new Error('the course has no reference solution to check');
        const res = await grader.grade({
          exerciseId: ex.id, learnerFile: path.resolve(stage.dir, ex.solution), checkFile: path.resolve(stage.dir, ex.check), timeLimitMs: ex.timeLimitMs,
        });
        const failed = res.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`);
        r.selfCheck = { exercise: ex.id, passed: res.passed, checks: res.checks.length, failed, durationMs: res.durationMs };
        r.ok = res.passed;
      } catch (e) {
        r.error = (e as Error).message;
      }
      return r;
    });
    const lines = [
      `engine: ${report.engine ?? 'not started'}${report.loadMs !== undefined ? ` (loaded in ${report.loadMs} ms)` : ''}`,
      ...(report.engineNote ? [`note: ${report.engineNote}`] : []),
      `engine setting: ${this.engine.setting()}; worker: ${this.engine.workerPath}`,
      ...(report.selfCheck ? [`self-check: ${report.selfCheck.exercise} reference solution ${report.selfCheck.passed ? 'passed' : 'FAILED'} ${report.selfCheck.checks} checks in ${report.selfCheck.durationMs} ms`, ...report.selfCheck.failed.map((f) => `  ${f}`)] : []),
      ...(report.error ? [`error: ${report.error}`] : []),
    ];
    for (const l of lines) this.tutor.output.info(`engine status: ${l}`);
    const summary = report.ok
      ? `DL Tutor is ready: ${report.engine} engine, loaded in ${report.loadMs} ms; ${report.selfCheck?.exercise} reference solution passed ${report.selfCheck?.checks} checks in ${report.selfCheck?.durationMs} ms.`
      : `DL Tutor setup problem: ${report.error ?? `the ${report.selfCheck?.exercise} reference solution did not pass`}. This is not your code's fault.`;
    const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    // On the JavaScript engine, Engine Status also offers the native one.
    const install = report.engine === 'cpu' && this.engine.setting() !== 'cpu' ? ['Install Native Engine'] : [];
    void show(summary, 'Show Log', ...install).then((c) => {
      if (c === 'Show Log') this.tutor.output.show();
      else if (c) void vscode.commands.executeCommand(INSTALL_NATIVE_COMMAND);
    });
    return report;
  }
}
