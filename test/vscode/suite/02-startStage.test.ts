/** "Start Stage 1" with a folder open: the exercise files appear, the first one opens beside its lesson. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { api, exerciseUri, flatten, repoFile, waitFor, workspaceFolder, writeAndSave } from './helpers';

describe('Start Stage 1', () => {
  it('scaffolds the 7 exercise files and opens s1-perceptron.ts with the lesson beside it', async () => {
    const a = await api();
    const stage1 = (await a.tree())[0];
    const ids = flatten(stage1.children).filter((r) => r.kind === 'exercise').map((r) => r.id);
    assert.equal(ids.length, 7);
    for (const id of ids) assert.equal(fs.existsSync(exerciseUri(id).fsPath), false, `${id}.ts exists before Start Stage 1`);

    await vscode.commands.executeCommand('dlTutor.startStage1');

    for (const id of ids) {
      const text = fs.readFileSync(exerciseUri(id).fsPath, 'utf8');
      assert.equal(text, fs.readFileSync(repoFile('exercises', 'stage1', 'starters', `${id}.ts`), 'utf8'), `${id}.ts is the starter`);
    }
    const editor = await waitFor('s1-perceptron.ts in the active editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === exerciseUri('s1-perceptron').fsPath));
    assert.equal(editor.viewColumn, vscode.ViewColumn.One);
    await waitFor('the lesson panel', () => a.lessonTopic());
    // The lesson is a webview tab in another editor group than the exercise.
    // (the tab model reaches the extension host a moment after the panel is created)
    const lessonTab = await waitFor('a lesson webview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => ({ t, g })))
      .find(({ t }) => t.input instanceof vscode.TabInputWebview && /dlTutor\.lesson/.test(t.input.viewType)), 5000);
    assert.notEqual(lessonTab.g.viewColumn, vscode.ViewColumn.One, 'the lesson opens beside the exercise');
    // One test item per exercise file.
    await waitFor('test items for the 7 files', () => ids.every((id) => a.testController.items.get(id)));
    assert.equal(a.testController.items.get('s1-perceptron')?.uri?.fsPath, exerciseUri('s1-perceptron').fsPath);
  });

  it('never overwrites a file the learner has edited', async () => {
    const a = await api();
    const uri = exerciseUri('s1-activations');
    const mine = '// my own work in progress\nexport const x = 1;\n';
    await vscode.workspace.getConfiguration('dlTutor').update('gradeOnSave', false, vscode.ConfigurationTarget.Workspace);
    try {
      await writeAndSave(uri, mine);
      const res = await vscode.commands.executeCommand<{ created: string[]; kept: string[] }>('dlTutor.startStage1');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), mine);
      assert.deepEqual(res?.created ?? [], [], 'nothing is created the second time');
      assert.ok(res?.kept.includes('s1-activations.ts'), `kept: ${res?.kept.join(', ')}`);
      assert.ok(fs.readdirSync(workspaceFolder().fsPath).filter((f) => /^s1-.*\.ts$/.test(f)).length === 7);
      assert.equal(a.progress('s1-activations').status === 'passed', false);
    } finally {
      await vscode.workspace.getConfiguration('dlTutor').update('gradeOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
