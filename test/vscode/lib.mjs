// Helpers shared by the real-VS-Code launchers (test/vscode/runInCodeServer.mjs), the UI test
// (test/ui/uiTest.mjs) and `npm start` (scripts/start.mjs): start an isolated code-server
// (VS Code 1.100.3 server + web workbench, installed offline by scripts/setup-code-server.sh)
// and Debian's Chromium through playwright-core.
//
// Every piece of state of a run (user data, extensions dir, HOME, the browser profile) lives
// in a fresh folder under os.tmpdir(), so runs never see each other or the developer's setup.
// code-server runs detached in its own process group and the whole group is killed on exit:
// killing the node wrapper alone orphans the real server and the extension host below it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const CODE_SERVER = path.join(REPO, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const EXTENSION_ID = 'dl-tutor.dl-tutor';

const t0 = Date.now();
/** Seconds since this process started, for log lines. */
export const ts = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
export const log = (...a) => console.log(`[${ts()}]`, ...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fails with instructions when the offline code-server install is missing. */
export function requireCodeServer() {
  if (!fs.existsSync(CODE_SERVER)) {
    throw new Error(`code-server is not installed (${path.relative(REPO, CODE_SERVER)} is missing). Run: bash scripts/setup-code-server.sh`);
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing. Run: npm run build');
  }
}

/** A free TCP port on 127.0.0.1: the first one from `from` up, or any (0) when `from` is not given. */
export async function freePort(from) {
  const tryPort = (p) => new Promise((res) => {
    const s = net.createServer();
    s.once('error', () => res(undefined));
    s.listen(p, '127.0.0.1', () => { const got = s.address().port; s.close(() => res(got)); });
  });
  if (from === undefined) return tryPort(0);
  for (let p = from; p < from + 200; p++) {
    const got = await tryPort(p);
    if (got) return got;
  }
  throw new Error(`no free port in ${from}–${from + 199}`);
}

/** A fresh folder for one run's state, under the OS temp dir. */
export function makeRunRoot(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dl-tutor-${prefix}-`));
}

/** Settings that keep the workbench quiet and deterministic (no welcome page, trust prompt, telemetry notice…). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'files.autoSave': 'off',
};

/** Editor settings that make typed text land exactly as typed (UI test). */
export const TYPING_SETTINGS = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingComments': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnPaste': false,
  'editor.formatOnSave': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.parameterHints.enabled': false,
  'editor.inlineSuggest.enabled': false,
  'editor.hover.enabled': false,
};

/**
 * Start code-server with every piece of state under `root`. Resolves once it listens.
 * EXTENSIONS_GALLERY='{}' (code-server reads it instead of its open-vsx default) turns the
 * marketplace off: no DNS lookups. `env` adds variables for the server and the extension host
 * it forks (the mocha suite reads DL_TUTOR_TEST_LOG from there).
 */
export async function startCodeServer({
  root, workspace, port, host = '127.0.0.1', extraArgs = [], settings = QUIET_SETTINGS, env = {},
  extensionsDir = path.join(root, 'extensions'), listenTimeoutMs = 90000, echo = false, trust = true,
}) {
  requireCodeServer();
  const ud = path.join(root, 'user-data');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (workspace) fs.mkdirSync(workspace, { recursive: true });
  const args = [CODE_SERVER,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    // trust = false: workspace trust stays on, so a folder nobody trusted opens in restricted mode
    ...(trust ? ['--disable-workspace-trust'] : []),
    '--user-data-dir', ud,
    '--extensions-dir', extensionsDir,
    '--config', path.join(root, 'config.yaml'),
    '--ignore-last-opened',
    ...extraArgs,
    ...(workspace ? [workspace] : [])];
  const childEnv = {
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
    ...process.env,
    // tfjs-node in the grader worker: no oneDNN banner, no info logs on stderr
    TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: '0',
    ...env,
    HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'),
  };
  // detached => its own process group, so stop() ends the wrapper, the server it forks and the
  // extension host / pty host / grader worker below them.
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } };
  process.on('exit', killGroup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => process.exit(130));
  const logPath = path.join(root, 'code-server.log');
  const logFile = fs.createWriteStream(logPath);
  child.stdout.pipe(logFile); child.stderr.pipe(logFile);
  if (echo) { child.stdout.pipe(process.stderr); child.stderr.pipe(process.stderr); }
  await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${listenTimeoutMs / 1000} s; its output:\n${buf}`)), listenTimeoutMs);
    const onData = (d) => {
      buf += d;
      if (/HTTP server listening/.test(buf)) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData); child.stderr.on('data', onData);
    child.once('exit', (c, s) => { clearTimeout(timer); reject(new Error(`code-server exited early (${c ?? s}); its output:\n${buf}`)); });
  });
  return { child, port, url: `http://${host}:${port}`, authority: `${host}:${port}`, logPath, stop: () => stopProcess(child) };
}

/** SIGTERM the process group, SIGKILL it after 5 s (or right away when the leader is gone). */
export function stopProcess(child) {
  const group = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  if (child.exitCode !== null || child.signalCode) { group('SIGKILL'); return Promise.resolve(); }
  return new Promise((res) => {
    const k = setTimeout(() => group('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(k); group('SIGKILL'); res(); });
    group('SIGTERM');
  });
}

/**
 * The workbench URL for a folder, with the extension under development (and optionally a test
 * suite) passed in the `payload` parameter — the mechanism VS Code's own browser integration
 * tests use. Paths are on the server's file system (vscode-remote:// URIs).
 */
export function workbenchUrl(server, { workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://${server.authority}${p}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `${server.url}/?`;
  if (workspace) url += `folder=${encodeURIComponent(workspace)}&`;
  return url + `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Debian's Chromium (or $CHROMIUM), headless, with flags that keep it offline and quiet. */
export async function launchChromium({ root, viewport = { width: 1400, height: 900 }, blockPwaServiceWorker = true }) {
  const { chromium } = await import('playwright-core');
  // Chromium ignores --user-data-dir in args; launchPersistentContext owns the profile dir.
  const profile = path.join(root, 'chromium-profile');
  fs.rmSync(profile, { recursive: true, force: true });
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (install Debian's chromium or set CHROMIUM)`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--disable-features=Translate,MediaRouter,OptimizationHints'],
    viewport,
  });
  if (blockPwaServiceWorker) {
    // code-server registers a PWA service worker with scope "/" that calls clients.claim() when it
    // activates. That scope covers the webview host pages, and a webview whose frame it claims
    // logs "Found unexpected service worker controller … Waiting for controllerchange" and can
    // stay blank (seen about 1 run in 4 of the UI test, in the panel opened after several others).
    // The PWA worker does nothing else (its fetch handler is empty), so tests do without it;
    // the webviews' own service worker is untouched.
    await context.addInitScript(() => {
      const sw = globalThis.navigator?.serviceWorker;
      if (!sw) return;
      const register = sw.register.bind(sw);
      sw.register = (url, opts) => (String(url).includes('/_static/out/browser/serviceWorker.js')
        ? Promise.reject(new Error('code-server PWA service worker disabled for tests'))
        : register(url, opts));
    });
  }
  return context;
}

/** Resolves when `url` answers HTTP (any status), rejects after `timeoutMs`. */
export async function waitForHttp(url, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      return r.status;
    } catch (e) { last = e; }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s: ${last?.message ?? ''}`);
}

/** Remove a run's state folder unless KEEP_STATE is set (then say where it is). */
export function cleanUp(root) {
  if (!root) return;
  if (process.env.KEEP_STATE) { console.log(`state kept in ${root}`); return; }
  try { fs.rmSync(root, { recursive: true, force: true }); } catch { /* best effort */ }
}

/** CPU time (ms) used so far by this process's descendants (code-server and everything below it, Chromium). Linux /proc only. */
function descendantsCpuMs() {
  const parent = new Map();
  const cpu = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // fields after the ")" of the command name: state ppid … utime(14) stime(15), 1-based
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      cpu.set(Number(d), Number(f[11]) + Number(f[12]));
    } catch { /* process ended */ }
  }
  let ticks = 0;
  for (const [pid, t] of cpu) {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p) ?? 0, n++) {
      if (p === process.pid && pid !== process.pid) { ticks += t; break; }
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * Waits until everything this test started (code-server, its extension host, the TypeScript
 * server, the grader worker, Chromium) has been nearly idle for `windowMs`: the state a learner's
 * editor is in after they stop typing. Resolves with the ms waited; gives up after `timeoutMs`.
 */
export async function waitForQuiet({ windowMs = 750, maxCpuFraction = 0.1, timeoutMs = 20000 } = {}) {
  const t0 = Date.now();
  if (!fs.existsSync('/proc/self/stat')) { await sleep(3000); return Date.now() - t0; }
  let last = descendantsCpuMs();
  while (Date.now() - t0 < timeoutMs) {
    await sleep(windowMs);
    const now = descendantsCpuMs();
    if (now - last <= windowMs * maxCpuFraction) return Date.now() - t0;
    last = now;
  }
  return Date.now() - t0;
}

// ---- the shipped artefact -----------------------------------------------------------------
// The code-server tests run the extension as a learner gets it: `npm run package` builds the
// .vsix, code-server's own `--install-extension` installs it into the run's extensions dir, and
// the workbench loads that installed folder (as extensionDevelopmentPath, which is how a test
// suite gets into the extension host). `npm start` keeps its development link to the repo.

const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
/** Where `npm run package` writes the .vsix ($DL_TUTOR_VSIX names another one to test). */
export const VSIX = process.env.DL_TUTOR_VSIX ? path.resolve(process.env.DL_TUTOR_VSIX) : path.join(REPO, `${PKG.name}-${PKG.version}.vsix`);

/** Newest modification time (ms) of the files a .vsix is built from. */
function newestInput() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(p)) if (!(p === path.join(REPO, 'dist') && n === 'test')) visit(path.join(p, n));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['package.json', 'package-lock.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'exercises', 'media', 'syntaxes']) visit(path.join(REPO, p));
  return newest;
}

/** Build the .vsix unless one newer than every input exists (or $DL_TUTOR_VSIX is given). */
export function ensureVsix() {
  if (process.env.DL_TUTOR_VSIX) {
    if (!fs.existsSync(VSIX)) throw new Error(`DL_TUTOR_VSIX names a missing file: ${VSIX}`);
    return VSIX;
  }
  let built = 0;
  try { built = fs.statSync(VSIX).mtimeMs; } catch { /* none yet */ }
  if (built > newestInput()) return VSIX;
  log(`packaging ${path.basename(VSIX)} (npm run package)…`);
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--out', VSIX], { cwd: REPO, encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return VSIX;
}

/**
 * Install the .vsix into `extensionsDir` with code-server's --install-extension; resolves with the
 * installed extension's folder. State (user data, HOME) stays under `root` like a test run's.
 */
export function installVsix({ root, extensionsDir = path.join(root, 'extensions') }) {
  requireCodeServer();
  const vsix = ensureVsix();
  fs.mkdirSync(extensionsDir, { recursive: true });
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  const r = spawnSync(process.execPath, [CODE_SERVER, '--install-extension', vsix, '--force',
    '--extensions-dir', extensionsDir, '--user-data-dir', path.join(root, 'user-data'), '--config', path.join(root, 'config.yaml')], {
    encoding: 'utf8', timeout: 120000,
    env: { ...process.env, HOME: home, EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}' },
  });
  const installed = path.join(extensionsDir, `${EXTENSION_ID}-${PKG.version}`);
  if (r.status !== 0 || !fs.existsSync(path.join(installed, 'package.json'))) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  log(`installed ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1e6).toFixed(1)} MB) → ${installed}`);
  return installed;
}

/**
 * Environment for a code-server that runs the installed .vsix: its worker finds no
 * @tensorflow/tfjs-node next to the extension, so point it at this checkout's (where
 * scripts/setup-tfjs-node.sh built it), as "Install the native engine" points it at global storage.
 * DL_TUTOR_TEST_JS_ENGINE=1 leaves it out: the tests then grade with the pure-JS engine.
 */
export function vsixEnv() {
  return process.env.DL_TUTOR_TEST_JS_ENGINE ? {} : { DL_TUTOR_NATIVE_ENGINE_DIR: REPO };
}
