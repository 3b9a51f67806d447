/** Hints, the solution, and Reset Exercise (which keeps a backup). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { api, exerciseUri, gradeAfter, repoFile, waitFor, workspaceFolder, writeAndSave } from './helpers';

describe('learner actions', () => {
  it('Show Hint gives the first rung of the ladder and records it', async () => {
    const a = await api();
    const answer = await vscode.commands.executeCommand<{ kind: string; level: number; text: string }>('dlTutor.showHint', 's1-forward-pass');
    assert.equal(answer?.kind, 'hint');
    assert.equal(answer?.level, 1);
    assert.ok((answer?.text ?? '').length > 10, `hint text: ${answer?.text}`);
    assert.equal(a.progress('s1-forward-pass').hintsUsed, 1);
  });

  it('Reveal Solution (confirmed) opens the reference read-only and records it, without touching the file', async () => {
    const a = await api();
    const uri = exerciseUri('s1-forward-pass');
    const before = fs.readFileSync(uri.fsPath);
    const shown = await vscode.commands.executeCommand<boolean>('dlTutor.revealSolution', 's1-forward-pass', { confirmed: true });
    assert.equal(shown, true);
    assert.equal(a.progress('s1-forward-pass').solutionRevealed, true);
    const solution = fs.readFileSync(repoFile('exercises', 'stage1', 'solutions', 's1-forward-pass.ts'), 'utf8');
    const doc = await waitFor('the solution document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'dl-tutor-solution'));
    assert.equal(doc.getText(), solution);
    assert.ok(fs.readFileSync(uri.fsPath).equals(before), 'the learner file is unchanged');
  });

  it('Reset Exercise restores the starter and keeps a backup of the learner\'s version', async () => {
    const a = await api();
    const id = 's1-activations';
    const uri = exerciseUri(id);
    const mine = '// my attempt before the reset\nexport function relu(x: number): number { return x; }\n';
    await vscode.workspace.getConfiguration('dlTutor').update('gradeOnSave', false, vscode.ConfigurationTarget.Workspace);
    try {
      await writeAndSave(uri, mine);
      const g = await gradeAfter(a, id, () => vscode.commands.executeCommand('dlTutor.gradeExercise', id));
      assert.equal(g.result.passed, false);
      const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Tutor');
      assert.ok(ours().length > 0, 'the failed attempt has Problems entries');
      const res = await vscode.commands.executeCommand<{ backup?: string }>('dlTutor.resetExercise', id, { confirmed: true });
      // The old results describe a file that is gone.
      assert.deepEqual(a.testMessages(id), [], 'no messages of the old attempt');
      assert.deepEqual(ours(), [], 'no Problems entries of the old attempt');
      assert.ok(res?.backup, 'a backup path is returned');
      assert.equal(fs.readFileSync(res.backup, 'utf8'), mine, 'the backup holds the learner\'s version');
      assert.ok(path.resolve(res.backup).startsWith(path.resolve(workspaceFolder().fsPath)), 'the backup is inside the course folder');
      const starter = fs.readFileSync(repoFile('exercises', 'stage1', 'starters', `${id}.ts`), 'utf8');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), starter, 'the file is the starter again');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
      if (doc) assert.equal(doc.getText(), starter, 'the open editor shows the starter');
      assert.equal(a.progress(id).status, 'inProgress');
    } finally {
      await vscode.workspace.getConfiguration('dlTutor').update('gradeOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
