/** The extension loads in a real VS Code, contributes what the README promises, and shows the course. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, extension, flatten } from './helpers';

const COMMANDS = [
  ...[1, 2, 3, 4, 5].map((n) => `dlTutor.startStage${n}`),
  'dlTutor.gradeExercise', 'dlTutor.showHint', 'dlTutor.revealSolution', 'dlTutor.resetExercise',
  'dlTutor.openLesson', 'dlTutor.openExercise', 'dlTutor.showPlots', 'dlTutor.runDemo',
  'dlTutor.resetProgress', 'dlTutor.engineStatus',
  'dlTutor.installNativeEngine', 'dlTutor.exportProgress',
];

describe('activation', () => {
  it('activates and returns the DlTutorApi', async () => {
    const a = await api();
    assert.equal(extension().isActive, true);
    for (const fn of ['tree', 'progress', 'testMessages', 'courseFolder'] as const) assert.equal(typeof a[fn], 'function', `api.${fn}`);
    assert.equal(typeof a.onDidGrade, 'function');
    assert.equal(typeof a.onDidPostPlot, 'function');
    assert.equal(a.testController.id, 'dlTutor');
    assert.equal(a.courseFolder()?.toString(), vscode.workspace.workspaceFolders?.[0]?.uri.toString());
  });

  it('registers every contributed command, under the "DL Tutor" category', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const contributed = extension().packageJSON.contributes.commands as Array<{ command: string; title: string; category?: string }>;
    for (const id of COMMANDS) {
      const c = contributed.find((x) => x.command === id);
      assert.ok(c, `${id} is not in package.json contributes.commands`);
      assert.equal(c.category, 'DL Tutor', `${id} category`);
    }
    assert.equal(contributed.find((c) => c.command === 'dlTutor.startStage1')?.title, 'Start Stage 1: Foundations');
    assert.equal(contributed.find((c) => c.command === 'dlTutor.showPlots')?.title, 'Show Training Plots');
    assert.equal(contributed.find((c) => c.command === 'dlTutor.runDemo')?.title, 'Run Demo');
  });

  it('has the documented settings with their defaults', () => {
    const cfg = vscode.workspace.getConfiguration('dlTutor');
    assert.equal(cfg.inspect('gradeOnSave')?.defaultValue, true);
    assert.equal(cfg.inspect('gradeOnSaveDelayMs')?.defaultValue, 150);
    assert.notEqual(cfg.inspect('engine'), undefined, 'dlTutor.engine is contributed');
    assert.notEqual(cfg.inspect('courseFolder'), undefined, 'dlTutor.courseFolder is contributed');
  });

  it('shows five stages, Stage 1 with its 7 exercises at 0/7', async () => {
    const a = await api();
    const stages = await a.tree();
    assert.deepEqual(stages.map((s) => s.kind), ['stage', 'stage', 'stage', 'stage', 'stage']);
    assert.equal(stages[0].label, 'Stage 1: Foundations');
    assert.equal(stages[1].label, 'Stage 2: Training Foundations & Regularization');
    assert.equal(stages[0].description, '0/7 · start here', 'a first visit says where to begin');
    const exercises = flatten(stages[0].children).filter((r) => r.kind === 'exercise');
    assert.equal(exercises.length, 7, `Stage 1 exercises: ${exercises.map((e) => e.id).join(', ')}`);
    assert.ok(stages[0].children.every((t) => t.kind === 'topic'), 'stage rows hold topic rows');
    const perceptron = exercises.find((e) => e.id === 's1-perceptron');
    assert.equal(perceptron?.label, 'Rosenblatt perceptron');
    assert.notEqual(perceptron?.description, 'passed');
    assert.equal(a.progress('s1-perceptron').status, 'notStarted');
  });
});
