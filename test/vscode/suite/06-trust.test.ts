/**
 * Workspace trust: grading runs the learner's code, so in an untrusted folder it must wait.
 * The code-server launcher runs this suite twice: trusted (everything above) and, with
 * DL_TUTOR_EXPECT_UNTRUSTED=1, in a folder VS Code has not trusted (only this file's test).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { api, exerciseUri, extension, noGradeFor, note, repoFile, workspaceFolder } from './helpers';

describe('workspace trust', () => {
  it('grades only in a trusted folder', async function () {
    const a = await api();
    if (!vscode.workspace.isTrusted) {
      // Untrusted run: the learner file exists (the launcher copies a starter in); a grade
      // request must not run it, and nothing is recorded as an attempt.
      const id = 's1-perceptron';
      assert.ok(fs.existsSync(exerciseUri(id).fsPath), 'the launcher put s1-perceptron.ts in the folder');
      fs.writeFileSync(exerciseUri(id).fsPath, fs.readFileSync(repoFile('exercises', 'stage1', 'solutions', `${id}.ts`)));
      assert.ok(await noGradeFor(a, id, () => vscode.commands.executeCommand('dlTutor.gradeExercise', id), 2000), 'no grade ran');
      assert.equal(a.progress(id).attempts, 0);
      assert.notEqual(a.progress(id).status, 'passed');
      assert.equal(await a.warmUp(), undefined, 'the grader worker does not start');
      // The tree and lessons still work.
      assert.equal((await a.tree()).length, 5);
      note('untrusted folder: grade request refused, no attempt recorded');
      return;
    }
    assert.equal(process.env.DL_TUTOR_EXPECT_UNTRUSTED, undefined, 'the launcher asked for an untrusted folder but VS Code trusts it');
    assert.equal(vscode.workspace.isTrusted, true);
    assert.ok(workspaceFolder());
    const caps = extension().packageJSON.capabilities;
    assert.equal(caps?.untrustedWorkspaces?.supported, 'limited', 'the extension declares limited support for untrusted folders');
    // This run's folder is trusted, so the grades above ran; the untrusted path is the launcher's second run.
    note('trusted folder: untrusted path is covered by the launcher\'s second (untrusted) run');
  });
});
