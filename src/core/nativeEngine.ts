/**
 * The native TensorFlow engine (`@tensorflow/tfjs-node`) on a learner's machine: installed on
 * request with npm into a folder the extension owns (its global storage), never into the
 * extension itself, so one VSIX serves every platform and an update of the extension does not
 * lose it. The worker finds it through DL_TUTOR_NATIVE_ENGINE_DIR (src/worker/engineLocation.ts).
 *
 * Node APIs only (no `vscode`): the extension shows progress and a log, unit tests drive it with a
 * local tarball, a closed registry port and a stub npm.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package, as the worker requires it. */
export const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
/** Environment variable naming the folder the worker looks in (its node_modules holds the package). */
export const NATIVE_ENGINE_DIR_ENV = 'DL_TUTOR_NATIVE_ENGINE_DIR';
/** Written after an install passed its load check: a folder without it is not used. */
export const INSTALLED_MARKER = '.dl-tutor-installed.json';

export interface InstalledNativeEngine {
  /** The folder given to the worker (DL_TUTOR_NATIVE_ENGINE_DIR). */
  dir: string;
  /** Version of @tensorflow/tfjs-node found there. */
  version: string;
}

/** The install folder inside the extension's global storage. */
export function nativeEngineDir(globalStorage: string): string {
  return path.join(globalStorage, 'native-engine');
}

/** A finished install in `dir`, or undefined. `version`: only that version counts. */
export function installedNativeEngine(dir: string, version?: string): InstalledNativeEngine | undefined {
  try {
    fs.accessSync(path.join(dir, INSTALLED_MARKER));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', ...NATIVE_PACKAGE.split('/'), 'package.json'), 'utf8')) as { version?: string };
    if (typeof pkg.version !== 'string' || (version && pkg.version !== version)) return undefined;
    return { dir, version: pkg.version };
  } catch {
    return undefined;
  }
}

export type NativeInstallFailure = 'cancelled' | 'offline' | 'npm-missing' | 'npm-failed' | 'does-not-load';

/** Why an install did not finish, with a message a learner can act on. */
export class NativeInstallError extends Error {
  constructor(readonly reason: NativeInstallFailure, message: string) {
    super(message);
    this.name = 'NativeInstallError';
  }
}

export interface NativeInstallOptions {
  /** The install folder (see nativeEngineDir). */
  dir: string;
  /** What npm installs: `@tensorflow/tfjs-node@<version>`, or a tarball path in tests. */
  spec: string;
  /** The npm command (default `npm`, `npm.cmd` on Windows). */
  npm?: string;
  /** Arguments put before `install` (a stub npm run as `node stub.js` in tests). */
  npmArgs?: string[];
  /** Extra environment for npm and the load check (tests point npm's registry at a closed port). */
  env?: Record<string, string>;
  /** Node used for the load check (default process.execPath, run as Node inside Electron too). */
  nodePath?: string;
  signal?: AbortSignal;
  /** Every line npm and the load check print, and what this function does. */
  log?: (line: string) => void;
  /** Load check time limit (default 120 s: loading libtensorflow the first time is slow). */
  checkTimeoutMs?: number;
}

/**
 * npm-installs `spec` into `<dir>.staging`, moves it to `dir`, then loads it in a separate Node
 * process and computes with it; only then marks it installed. Rejects with NativeInstallError;
 * on any failure or cancel the previous state is restored: no half-installed folder remains, and
 * an earlier working install is kept.
 */
export async function installNativeEngine(o: NativeInstallOptions): Promise<InstalledNativeEngine> {
  const log = o.log ?? (() => undefined);
  const staging = `${o.dir}.staging`;
  const previous = `${o.dir}.previous`;
  const env = { ...process.env, ...o.env };
  throwIfCancelled(o.signal);
  // The folder is replaced on success: never a folder this function did not make.
  if (!isOurs(o.dir)) throw new NativeInstallError('npm-failed', `will not install into ${o.dir}: it exists and is not a native-engine folder made by DL Tutor`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({
    name: FOLDER_NAME,
    private: true,
    description: 'The native TensorFlow engine for the Deep Learning Tutor extension, installed on request.',
    // tfjs-node's install script fetches libtensorflow for this platform; npm ≥ 11 asks for consent.
    allowScripts: { [NATIVE_PACKAGE]: true },
  }, null, 2) + '\n');
  try {
    const npm = o.npm ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
    const args = [...(o.npmArgs ?? []), 'install', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--loglevel=http', o.spec];
    log(`$ ${[npm, ...args].join(' ')}  (in ${staging})`);
    const r = await run(npm, args, { cwd: staging, env, signal: o.signal, log });
    if (r.spawnError) {
      throw (r.spawnError as NodeJS.ErrnoException).code === 'ENOENT'
        ? new NativeInstallError('npm-missing', `npm was not found (${npm}). The native engine is installed with npm, which comes with Node.js: install Node.js from nodejs.org, then try again.`)
        : new NativeInstallError('npm-failed', `npm could not start: ${r.spawnError.message}`);
    }
    if (r.code !== 0) {
      if (looksOffline(r.output)) {
        throw new NativeInstallError('offline', 'The native engine could not be downloaded: this computer could not reach the npm registry or TensorFlow\'s download server (offline, or behind a proxy npm does not know). Grading goes on with the JavaScript engine.');
      }
      throw new NativeInstallError('npm-failed', `npm could not install ${NATIVE_PACKAGE} (exit code ${r.code}): ${lastErrorLine(r.output)}. Grading goes on with the JavaScript engine; the log has npm's full output.`);
    }
    // The previous install (if any) waits beside it until the new one passed its load check.
    fs.rmSync(previous, { recursive: true, force: true });
    if (fs.existsSync(o.dir)) fs.renameSync(o.dir, previous);
    fs.renameSync(staging, o.dir);
    log('checking that the native engine loads and computes…');
    const check = await run(o.nodePath ?? process.execPath, ['-e', LOAD_CHECK, path.join(o.dir, 'node_modules', ...NATIVE_PACKAGE.split('/'))], {
      cwd: o.dir, env: { ...env, ELECTRON_RUN_AS_NODE: '1', TF_CPP_MIN_LOG_LEVEL: '2' }, signal: o.signal, log, timeoutMs: o.checkTimeoutMs ?? 120_000,
    });
    if (check.code !== 0) {
      throw new NativeInstallError('does-not-load', `${NATIVE_PACKAGE} was installed but does not load on this computer (${process.platform}-${process.arch}): ${lastErrorLine(check.output)}. Grading goes on with the JavaScript engine.`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(o.dir, 'node_modules', ...NATIVE_PACKAGE.split('/'), 'package.json'), 'utf8')) as { version: string };
    fs.writeFileSync(path.join(o.dir, INSTALLED_MARKER), JSON.stringify({ version: pkg.version, installedAt: new Date().toISOString() }) + '\n');
    fs.rmSync(previous, { recursive: true, force: true });
    log(`installed ${NATIVE_PACKAGE}@${pkg.version} in ${o.dir}`);
    return { dir: o.dir, version: pkg.version };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(o.dir, INSTALLED_MARKER)) && isOurs(o.dir)) fs.rmSync(o.dir, { recursive: true, force: true });
    if (fs.existsSync(previous) && !fs.existsSync(o.dir)) fs.renameSync(previous, o.dir);
    if (o.signal?.aborted) throw cancelled();
    throw e;
  }
}

const FOLDER_NAME = 'dl-tutor-native-engine';

/** Missing, empty, or made by installNativeEngine (its package.json names it). */
function isOurs(dir: string): boolean {
  try {
    if (fs.readdirSync(dir).length === 0) return true;
  } catch {
    return true;
  }
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === FOLDER_NAME;
  } catch {
    return false;
  }
}

/** Run by the load check: the same test scripts/setup-tfjs-node.sh applies in development. */
const LOAD_CHECK = `
const tf = require(process.argv[1]);
Promise.resolve(tf.ready && tf.ready()).then(() => {
  const sum = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync();
  const ok = tf.getBackend() === 'tensorflow' && sum[0] === 4 && sum[1] === 6;
  console.log('backend ' + tf.getBackend() + ', check ' + (ok ? 'ok' : 'FAILED'));
  process.exit(ok ? 0 : 1);
}, (e) => { console.error(String(e && e.message || e)); process.exit(1); });`;

const OFFLINE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|network request to .* failed|request to .* failed)\b/i;

function looksOffline(output: string): boolean {
  return OFFLINE.test(output);
}

function lastErrorLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.filter((l) => /\berr(or)?\b/i.test(l) && !/^npm (error|ERR!) (A complete log|code\b|path\b|command\b|cwd\b)/i.test(l));
  const line = (err[0] ?? lines[lines.length - 1] ?? 'no output').replace(/^npm (error|ERR!)\s*/i, '');
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

function cancelled(): NativeInstallError {
  return new NativeInstallError('cancelled', 'The native engine install was cancelled. Grading goes on with the JavaScript engine.');
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled();
}

interface RunResult { code: number | null; output: string; spawnError?: Error }

/** Spawn, stream lines to log, kill the whole process group on abort or time-out. */
function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; log: (l: string) => void; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let child: ChildProcess;
    const win = process.platform === 'win32';
    try {
      // Own process group (POSIX): npm runs tfjs-node's install script in grandchildren, and a
      // cancel must stop those too. On Windows npm.cmd needs a shell; taskkill /T stops the tree.
      child = spawn(cmd, args, { cwd: o.cwd, env: o.env, detached: !win, shell: win && /\.cmd$/i.test(cmd), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      resolve({ code: null, output, spawnError: e as Error });
      return;
    }
    const kill = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        if (win) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        else process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    };
    const timer = o.timeoutMs ? setTimeout(() => { o.log(`(no answer within ${o.timeoutMs! / 1000} s: stopped)`); output += '\ntimed out'; kill(); }, o.timeoutMs) : undefined;
    if (o.signal?.aborted) kill();
    else o.signal?.addEventListener('abort', kill, { once: true });
    const onData = (buf: Buffer) => {
      const s = buf.toString('utf8');
      output += s;
      for (const l of s.split(/\r?\n/)) if (l.trim()) o.log(l);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => { clearTimeout(timer); resolve({ code: null, output, spawnError: e }); });
    child.once('close', (code) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', kill);
      resolve({ code, output });
    });
  });
}
