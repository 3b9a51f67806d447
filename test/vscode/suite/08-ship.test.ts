/** The installed artefact (the .vsix the launchers install) and Export Progress. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api, extension, workspaceFolder } from './helpers';

describe('shipped extension', () => {
  it('runs from the installed .vsix: bundles and the pure-JS engine, no sources, no native engine', function () {
    if (!process.env.DL_TUTOR_TEST_VSIX) this.skip(); // run from a checkout (a development launcher)
    const root = extension().extensionPath;
    const has = (p: string) => fs.existsSync(path.join(root, p));
    for (const p of ['dist/extension.js', 'dist/worker.js', 'dist/cli.js', 'exercises/stage1/manifest.json', 'media/icon.png', 'LICENSE.txt',
      'node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js', 'node_modules/esbuild-wasm/esbuild.wasm']) assert.ok(has(p), `missing ${p}`);
    for (const p of ['src', 'test', 'scripts', 'tsconfig.json', 'dist/test', 'dist/extension.js.map', 'node_modules/@tensorflow/tfjs-node', 'node_modules/esbuild', 'node_modules/typescript']) {
      assert.equal(has(p), false, `${p} is in the installed extension`);
    }
  });

  it('Export Progress writes the exercise files and a progress summary to a zip', async () => {
    await api();
    const files = fs.readdirSync(workspaceFolder().fsPath).filter((f) => /^s[1-9]-.*\.ts$/.test(f));
    assert.ok(files.length > 0, 'Start Stage 1 created exercise files earlier in the suite');
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-export-')), 'progress.zip');
    const written = await vscode.commands.executeCommand<string>('dlTutor.exportProgress', vscode.Uri.file(target));
    assert.equal(written, target);
    const zip = fs.readFileSync(target);
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');
    // Entry names are stored as plain text in the zip's directory.
    for (const name of ['progress.json', 'PROGRESS.md', ...files.map((f) => `exercises/${f}`)]) assert.ok(zip.includes(name), `zip lacks ${name}`);
  });
});
