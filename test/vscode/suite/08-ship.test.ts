/** The installed artefact (the .vsix the launchers install) and Export Progress. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
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

describe('native engine install (offline, from a local tarball)', function () {
  this.timeout(120_000);
  const saved: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string) => { saved[k] ??= process.env[k]; process.env[k] = v; };
  after(() => { for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } });

  /** A stand-in @tensorflow/tfjs-node packed with npm (nothing is fetched: npm's registry is a closed local port). */
  function fakeTarball(dir: string, main: string): string {
    const src = path.join(dir, 'pkg');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js', license: 'MIT' }));
    fs.writeFileSync(path.join(src, 'index.js'), main);
    const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: src, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return path.join(dir, r.stdout.trim().split('\n').pop()!);
  }

  it('installs behind a progress notification, restarts the grader, and grading goes on', async () => {
    const a = await api();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-native-'));
    setEnv('npm_config_registry', 'http://127.0.0.1:9/');
    setEnv('npm_config_cache', path.join(tmp, 'npm-cache'));
    setEnv('DL_TUTOR_NATIVE_ENGINE_SPEC', fakeTarball(tmp, `
      const t = (v) => ({ v, dataSync: () => Float32Array.from(v) });
      module.exports = { getBackend: () => 'tensorflow', ready: async () => {}, tensor1d: t, add: (a, b) => t(a.v.map((x, i) => x + b.v[i])) };`));
    const ok = await vscode.commands.executeCommand<boolean>('dlTutor.installNativeEngine', { force: true });
    assert.equal(ok, true, 'the install reports success (the log is in the "DL Tutor: Native Engine" output)');
    const info = await a.warmUp();
    assert.ok(info, 'the restarted grader starts');

    // A package that does not load: the install fails with a message and the grader keeps working.
    setEnv('DL_TUTOR_NATIVE_ENGINE_SPEC', fakeTarball(path.join(tmp, 'broken'), "throw new Error('no libtensorflow here');"));
    const failed = await vscode.commands.executeCommand<boolean>('dlTutor.installNativeEngine', { force: true });
    assert.equal(failed, false);
    assert.ok(await a.warmUp(), 'the grader still starts after a failed install');
  });
});
