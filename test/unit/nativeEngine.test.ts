// Installing the native engine, offline: a fake @tensorflow/tfjs-node packed with `npm pack` and
// installed from the tarball (success, does-not-load), the real package name against a registry on
// a closed local port (offline), a stub npm that hangs (cancel) and a missing npm. npm's registry
// is 127.0.0.1:9 in every case, so nothing here can reach the internet.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  INSTALLED_MARKER, NativeInstallError, installNativeEngine, installedNativeEngine, nativeEngineDir, type NativeInstallFailure,
} from '../../src/core/nativeEngine';
import { nativeEngineCandidates, requireNativeEngine } from '../../src/worker/engineLocation';

const CLOSED_REGISTRY = 'http://127.0.0.1:9/';

/** A package named @tensorflow/tfjs-node whose index.js is `main` (a tiny stand-in for tf). */
function packFake(dir: string, version: string, main: string): string {
  const src = path.join(dir, `fake-${version}`);
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version, main: 'index.js', license: 'MIT' }));
  fs.writeFileSync(path.join(src, 'index.js'), main);
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: src, encoding: 'utf8', env: { ...process.env, npm_config_registry: CLOSED_REGISTRY } });
  assert.equal(r.status, 0, r.stderr);
  return path.join(dir, r.stdout.trim().split('\n').pop()!);
}

const WORKING_TF = `
const t = (v) => ({ v, dataSync: () => Float32Array.from(v) });
module.exports = { getBackend: () => 'tensorflow', ready: async () => {}, tensor1d: (v) => t(v),
  add: (a, b) => t(a.v.map((x, i) => x + b.v[i])) };`;

async function rejection(p: Promise<unknown>): Promise<NativeInstallError> {
  try { await p; } catch (e) { assert.ok(e instanceof NativeInstallError, `not a NativeInstallError: ${(e as Error).stack}`); return e; }
  assert.fail('the install did not fail');
}

/** Running (a zombie waiting for its reaper has stopped running). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

describe('native engine install (offline)', function () {
  this.timeout(120_000);
  let tmp: string;
  let env: Record<string, string>;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-native-'));
    env = { npm_config_registry: CLOSED_REGISTRY, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_fetch_retries: '0', npm_config_update_notifier: 'false' };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function expectClean(dir: string) {
    assert.equal(fs.existsSync(`${dir}.staging`), false, 'staging folder left behind');
    assert.equal(fs.existsSync(dir), false, 'a half-installed folder is left');
    assert.equal(installedNativeEngine(dir), undefined);
  }

  it('installs from a tarball, checks it loads, and the worker then finds it there', async () => {
    const tgz = packFake(tmp, '4.22.0', WORKING_TF);
    const dir = nativeEngineDir(path.join(tmp, 'storage-ok'));
    const log: string[] = [];
    const r = await installNativeEngine({ dir, spec: tgz, env, log: (l) => log.push(l) });
    assert.deepEqual(r, { dir, version: '4.22.0' });
    assert.ok(fs.existsSync(path.join(dir, INSTALLED_MARKER)));
    assert.equal(fs.existsSync(`${dir}.staging`), false);
    assert.deepEqual(installedNativeEngine(dir, '4.22.0'), { dir, version: '4.22.0' });
    assert.equal(installedNativeEngine(dir, '9.9.9'), undefined, 'another version does not count');
    assert.ok(log.some((l) => /npm .*install/.test(l)), log.join('\n'));
    assert.ok(log.some((l) => /backend tensorflow, check ok/.test(l)), log.join('\n'));

    // The worker's search: next to the extension first, then the install folder.
    const installed = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
    assert.deepEqual(nativeEngineCandidates({ DL_TUTOR_NATIVE_ENGINE_DIR: dir }), ['@tensorflow/tfjs-node', installed]);
    assert.deepEqual(nativeEngineCandidates({ DL_TUTOR_NATIVE_ENGINE_DIR: path.join(tmp, 'nothing-here') }), ['@tensorflow/tfjs-node']);
    assert.deepEqual(nativeEngineCandidates({ DL_TUTOR_TFJS_NODE: 'x', DL_TUTOR_NATIVE_ENGINE_DIR: dir }), ['x']);
    const notNextToExtension = (id: string) => {
      if (id === '@tensorflow/tfjs-node') throw new Error("Cannot find module '@tensorflow/tfjs-node'");
      return require(id);
    };
    const found = requireNativeEngine<{ getBackend(): string }>(notNextToExtension, { DL_TUTOR_NATIVE_ENGINE_DIR: dir });
    assert.equal(found.from, installed);
    assert.equal(found.module.getBackend(), 'tensorflow');
    assert.throws(() => requireNativeEngine(notNextToExtension, {}), /Cannot find module/);
  });

  it('offline: the registry cannot be reached → "offline", nothing left behind', async () => {
    const dir = nativeEngineDir(path.join(tmp, 'storage-offline'));
    const e = await rejection(installNativeEngine({ dir, spec: '@tensorflow/tfjs-node@4.22.0', env }));
    assert.equal(e.reason satisfies NativeInstallFailure, 'offline');
    assert.match(e.message, /could not reach the npm registry/);
    assert.match(e.message, /JavaScript engine/);
    expectClean(dir);
  });

  it('installed but does not load on this machine → "does-not-load", folder removed', async () => {
    const tgz = packFake(path.join(tmp, 'broken'), '4.22.0', "throw new Error('libtensorflow.so.2: cannot open shared object file');");
    const dir = nativeEngineDir(path.join(tmp, 'storage-broken'));
    const e = await rejection(installNativeEngine({ dir, spec: tgz, env }));
    assert.equal(e.reason, 'does-not-load');
    assert.match(e.message, /does not load on this computer/);
    assert.match(e.message, /libtensorflow\.so\.2/);
    expectClean(dir);
  });

  it('a failed reinstall keeps the earlier working install', async () => {
    const dir = nativeEngineDir(path.join(tmp, 'storage-reinstall'));
    await installNativeEngine({ dir, spec: packFake(path.join(tmp, 'v1'), '4.22.0', WORKING_TF), env });
    const e = await rejection(installNativeEngine({ dir, spec: packFake(path.join(tmp, 'v2'), '4.22.0', "throw new Error('broken build');"), env }));
    assert.equal(e.reason, 'does-not-load');
    assert.deepEqual(installedNativeEngine(dir, '4.22.0'), { dir, version: '4.22.0' });
    assert.match(fs.readFileSync(path.join(dir, 'node_modules/@tensorflow/tfjs-node/index.js'), 'utf8'), /getBackend/);
    assert.equal(fs.existsSync(`${dir}.previous`), false);
    assert.equal(fs.existsSync(`${dir}.staging`), false);
  });

  it('cancel stops npm and everything it started, and leaves nothing behind', async () => {
    // A stub npm: starts a grandchild (as npm does for install scripts), says so, then hangs.
    const stub = path.join(tmp, 'stub-npm.js');
    const pids = path.join(tmp, 'stub-pids.json');
    fs.writeFileSync(stub, `
      const { spawn } = require('child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('fs').writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, g.pid]));
      console.log('npm http fetch GET 200 https://registry.example/@tensorflow/tfjs-node (stub)');
      setInterval(() => {}, 1000);`);
    const dir = nativeEngineDir(path.join(tmp, 'storage-cancel'));
    const abort = new AbortController();
    const t0 = Date.now();
    const e = await rejection(installNativeEngine({
      dir, spec: '@tensorflow/tfjs-node@4.22.0', env, npm: process.execPath, npmArgs: [stub], signal: abort.signal,
      log: (l) => { if (/\(stub\)/.test(l)) abort.abort(); },
    }));
    assert.equal(e.reason, 'cancelled');
    assert.ok(Date.now() - t0 < 30_000);
    const [npmPid, grandchild] = JSON.parse(fs.readFileSync(pids, 'utf8')) as number[];
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(alive(npmPid), false, 'the stub npm still runs');
    assert.equal(alive(grandchild), false, 'a process npm started still runs');
    expectClean(dir);
    // Cancelled before it starts: npm never runs.
    const e2 = await rejection(installNativeEngine({ dir, spec: 'x', env, signal: AbortSignal.abort() }));
    assert.equal(e2.reason, 'cancelled');
  });

  it('never replaces a folder it did not make', async () => {
    const dir = path.join(tmp, 'someone-elses');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"my-project"}');
    const e = await rejection(installNativeEngine({ dir, spec: 'x', env }));
    assert.match(e.message, /will not install into/);
    assert.equal(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), '{"name":"my-project"}');
  });

  it('no npm on this computer → "npm-missing" with what to do', async () => {
    const dir = nativeEngineDir(path.join(tmp, 'storage-nonpm'));
    const e = await rejection(installNativeEngine({ dir, spec: 'x', env, npm: path.join(tmp, 'no-such-npm') }));
    assert.equal(e.reason, 'npm-missing');
    assert.match(e.message, /install Node\.js/);
    expectClean(dir);
  });

  it('npm fails for another reason → "npm-failed" with npm\'s error line', async () => {
    const dir = nativeEngineDir(path.join(tmp, 'storage-fail'));
    const e = await rejection(installNativeEngine({ dir, spec: path.join(tmp, 'no-such-package.tgz'), env }));
    assert.equal(e.reason, 'npm-failed');
    assert.match(e.message, /npm could not install @tensorflow\/tfjs-node \(exit code \d+\): .+/);
    expectClean(dir);
  });
});
