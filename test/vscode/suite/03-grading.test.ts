/**
 * Grade on save: the learner types the reference solution into s1-perceptron.ts and saves; the
 * grade passes, progress/tree/Testing say so; a plausible wrong solution produces messages on
 * the learner's line; grading never touches the file.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { api, exerciseUri, gradeAfter, noGradeFor, note, readBytes, repoFile, settleGrades, treeRow, waitFor, writeAndSave } from './helpers';

const ID = 's1-perceptron';
const solution = () => fs.readFileSync(repoFile('exercises', 'stage1', 'solutions', `${ID}.ts`), 'utf8');
const mutant = () => fs.readFileSync(repoFile('exercises', 'stage1', 'mutants', `${ID}.no-bias.ts`), 'utf8');

describe('grade on save', () => {
  before(async function () {
    this.timeout(120000);
    const a = await api();
    // The first grade of a session may pay for starting the worker; the timed saves below must not.
    const t0 = Date.now();
    const info = await a.warmUp();
    note(`grader warm-up: engine ${info?.engine}, tf loaded in ${info?.loadMs} ms, warmUp() took ${Date.now() - t0} ms`);
    assert.ok(info, 'the grader worker started');
  });

  it('saving the reference solution grades it and it passes', async () => {
    const a = await api();
    const uri = exerciseUri(ID);
    const g = await gradeAfter(a, ID, () => writeAndSave(uri, solution()));
    note(`save → grade finished: ${g.ms} ms (grade ${g.result.durationMs} ms, ${g.result.checks.length} checks, engine ${g.result.engine})`);
    const failed = g.result.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`);
    assert.deepEqual(failed, [], 'every check passes');
    assert.equal(g.result.passed, true);
    assert.ok(g.result.checks.length >= 3, `checks: ${g.result.checks.length}`);
    assert.equal(g.uri.fsPath, uri.fsPath);
    assert.ok(g.ms < 10000, `graded within a few seconds of the save (${g.ms} ms)`);
  });

  it('progress, tree row and test items say passed', async () => {
    const a = await api();
    assert.equal(a.progress(ID).status, 'passed');
    assert.equal(a.progress(ID).attempts, 1);
    const row = await treeRow(a, 'exercise', ID);
    assert.equal(row?.description, 'passed');
    assert.match(row?.contextValue ?? '', /passed/, 'the row is marked passed (pass-filled icon)');
    assert.equal((await a.tree())[0].description, '1/7');
    const item = a.testController.items.get(ID);
    assert.ok(item, 'test item for the exercise');
    assert.ok(item.children.size >= 3, `a child per check (${item.children.size})`);
    assert.ok(item.range, 'the item sits on a line of the learner file (gutter icon)');
    const text = fs.readFileSync(exerciseUri(ID).fsPath, 'utf8').split('\n');
    assert.match(text[item.range.start.line], /export function/, 'the gutter icon is on the learner\'s function');
    assert.deepEqual(a.testMessages(ID), []);
  });

  it('a warm grade after a save is fast', async () => {
    const a = await api();
    const uri = exerciseUri(ID);
    const g = await gradeAfter(a, ID, () => writeAndSave(uri, solution() + '\n// again\n'));
    const delay = vscode.workspace.getConfiguration('dlTutor').get<number>('gradeOnSaveDelayMs', 150);
    note(`warm save → grade finished: ${g.ms} ms (debounce ${delay} ms, grade ${g.result.durationMs} ms)`);
    assert.equal(g.result.passed, true);
    assert.ok(g.ms < 3000, `warm save → result ${g.ms} ms`);
  });

  it('a plausible mistake (no bias update) fails with a message on the learner\'s line', async () => {
    const a = await api();
    const uri = exerciseUri(ID);
    const g = await gradeAfter(a, ID, () => writeAndSave(uri, mutant()));
    assert.equal(g.result.passed, false);
    const msgs = a.testMessages(ID);
    assert.ok(msgs.length >= 1, 'at least one test message');
    const lines = fs.readFileSync(uri.fsPath, 'utf8').split('\n');
    const trainLine = lines.findIndex((l) => /export function trainPerceptron/.test(l)) + 1;
    for (const m of msgs) {
      assert.ok(m.message.length > 20, `message says what is wrong: "${m.message}"`);
      assert.equal(m.uri, uri.toString(), 'the message points into the learner file');
      assert.ok(m.line !== undefined && m.line >= 1 && m.line <= lines.length, `line ${m.line} is in the file`);
    }
    // The same messages are Problems entries from DL Tutor, on the same lines.
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Tutor');
    assert.deepEqual(diags.map((d) => [d.message, d.range.start.line + 1]).sort(), msgs.map((m) => [m.message, m.line]).sort());
    const bias = msgs.find((m) => /bias/i.test(m.message));
    assert.ok(bias, `a message names the bias: ${msgs.map((m) => m.message).join(' | ')}`);
    assert.ok(bias.line! >= trainLine, `the bias message points at trainPerceptron (line ${bias.line}, function at ${trainLine})`);
    // A pass is permanent; the row says the latest run failed.
    assert.equal(a.progress(ID).status, 'passed');
    assert.equal(a.progress(ID).lastPassed, false);
    assert.match((await treeRow(a, 'exercise', ID))?.description ?? '', /latest run failed/);
  });

  it('grading never modifies the learner file', async () => {
    const a = await api();
    const uri = exerciseUri(ID);
    await writeAndSave(uri, solution());
    const before = readBytes(uri);
    const statBefore = fs.statSync(uri.fsPath).mtimeMs;
    const g = await gradeAfter(a, ID, () => vscode.commands.executeCommand('dlTutor.gradeExercise', ID));
    assert.equal(g.result.passed, true);
    assert.ok(readBytes(uri).equals(before), 'bytes identical after grading');
    assert.equal(fs.statSync(uri.fsPath).mtimeMs, statBefore, 'mtime unchanged');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    assert.equal(doc?.isDirty, false);
    assert.equal(a.progress(ID).lastPassed, true);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Tutor'), [], 'a pass clears the Problems entries');
  });

  it('dlTutor.gradeOnSave = false: saving does not grade', async () => {
    const a = await api();
    await settleGrades(a, ID);
    const cfg = () => vscode.workspace.getConfiguration('dlTutor');
    await cfg().update('gradeOnSave', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('setting applied', () => cfg().get('gradeOnSave') === false);
      assert.ok(await noGradeFor(a, ID, () => writeAndSave(exerciseUri(ID), solution() + '\n'), 1500), 'no grade after save');
    } finally {
      await cfg().update('gradeOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
