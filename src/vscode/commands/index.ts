/**
 * Builds the command handlers (one class per concern) and registers the one table.
 */
import * as vscode from 'vscode';
import type { EngineClient } from '../engine';
import type { StageTree } from '../stageTree';
import type { ExerciseTests } from '../testing';
import type { Tutor } from '../tutor';
import { DemoCommands } from './demoCommands';
import { EngineStatusCommand } from './engineStatus';
import { ExerciseCommands } from './exerciseCommands';
import { StageCommands } from './stageCommands';
import { commandTable } from './table';
import { exportProgressCommand } from '../exportProgress';
import type { NativeEngineUi } from '../nativeEngine';

export { HINT_SCHEME, HintContentProvider, SOLUTION_SCHEME, SolutionContentProvider } from './contentProviders';
export { watchEdits } from './exerciseCommands';

export interface Commands {
  stages: StageCommands;
  exercises: ExerciseCommands;
  demos: DemoCommands;
  engine: EngineStatusCommand;
  nativeEngine: { install(opt?: { force?: boolean }): unknown };
  progress: { export(target?: unknown): unknown };
}

export function createCommands(tutor: Tutor, tests: ExerciseTests, tree: StageTree, engine: EngineClient, nativeEngine: NativeEngineUi): Commands {
  const stages = new StageCommands(tutor, tests, tree, engine);
  return {
    stages,
    exercises: new ExerciseCommands(tutor, tests, stages),
    demos: new DemoCommands(tutor, tests, engine),
    engine: new EngineStatusCommand(tutor, engine),
    nativeEngine: { install: (opt) => nativeEngine.install(opt) },
    progress: { export: (target) => exportProgressCommand(tutor, target) },
  };
}

/** Register every command of the table, each wrapped so a failure is reported, not swallowed. */
export function registerCommands(tutor: Tutor, commands: Commands): vscode.Disposable[] {
  return Object.entries(commandTable(commands)).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      // VS Code shows nothing useful for a rejected command; say what failed.
      tutor.output.error(`${id}: ${(e as Error).stack ?? e}`);
      void vscode.window.showErrorMessage(`DL Tutor: ${id.replace('dlTutor.', '')} failed: ${(e as Error).message}`);
      return undefined;
    }
  }));
}
