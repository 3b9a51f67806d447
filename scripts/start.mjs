#!/usr/bin/env node
// `npm start`: open the tutor in a VS Code.
//   - A desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <course folder>`.
//   - Otherwise the code-server installed by scripts/setup-code-server.sh, on 127.0.0.1 (the first
//     free port from 8080), no password, with the extension installed by a symlink
//     <state>/extensions/dl-tutor.dl-tutor-<version> → this repo, so the plain URL it prints works.
//     Runs until Ctrl+C, then stops code-server and everything it started.
// The course folder (your exercise files) is ~/dl-tutor-course, or $DL_TUTOR_COURSE.
// code-server's state (settings, extensions dir) is ~/.dl-tutor/code-server, or $DL_TUTOR_STATE.
//
//   npm start                 start and keep running
//   npm start -- --check      start code-server with a throw-away state and course folder, wait
//                             until it answers HTTP and lists the extension, print OK, stop, exit 0
//   env PORT=…                first port to try (default 8080)
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER, EXTENSION_ID, QUIET_SETTINGS, REPO, freePort, requireCodeServer, startCodeServer, stopProcess, waitForHttp,
} from '../test/vscode/lib.mjs';

const CHECK = process.argv.includes('--check');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ensureBuilt() {
  if (fs.existsSync(path.join(REPO, 'dist', 'extension.js')) && fs.existsSync(path.join(REPO, 'dist', 'worker.js'))) return;
  console.log('Building the extension (npm run build)…');
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' });
}

/** The repo as an installed extension: a symlink in the extensions dir, named as VS Code names installs. */
function linkExtension(extensionsDir) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const name = `${EXTENSION_ID}-${pkg.version}`;
  const link = path.join(extensionsDir, name);
  for (const old of fs.readdirSync(extensionsDir)) {
    // an older version's link, or a link that points elsewhere, would shadow this one
    if (old.startsWith(`${EXTENSION_ID}-`) && old !== name) fs.rmSync(path.join(extensionsDir, old), { recursive: true, force: true });
  }
  let ok = false;
  try { ok = fs.realpathSync(link) === fs.realpathSync(REPO); } catch { /* missing */ }
  if (!ok) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(REPO, link, 'dir');
    // VS Code keeps a registry of installed extensions; a stale one would not know the link.
    fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
  }
  return link;
}

/** Ids code-server sees in the extensions dir (its own CLI, same scanner as the server). */
function listExtensions(root, extensionsDir) {
  const out = execFileSync(process.execPath, [CODE_SERVER, '--list-extensions', '--show-versions',
    '--extensions-dir', extensionsDir, '--user-data-dir', path.join(root, 'user-data'), '--config', path.join(root, 'config.yaml')],
  { encoding: 'utf8', env: { ...process.env, HOME: path.join(root, 'home'), EXTENSIONS_GALLERY: '{}' }, timeout: 60000 });
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

async function desktop(code, course) {
  ensureBuilt();
  fs.mkdirSync(course, { recursive: true });
  console.log(`Opening VS Code (${code}) with the tutor on ${course}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, course], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

async function codeServer() {
  requireCodeServer();
  ensureBuilt();
  const temp = CHECK ? fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-start-check-')) : undefined;
  const root = process.env.DL_TUTOR_STATE || (temp ? path.join(temp, 'state') : path.join(os.homedir(), '.dl-tutor', 'code-server'));
  const course = process.env.DL_TUTOR_COURSE || (temp ? path.join(temp, 'course') : path.join(os.homedir(), 'dl-tutor-course'));
  fs.mkdirSync(root, { recursive: true });
  fs.mkdirSync(course, { recursive: true });
  const extensionsDir = path.join(root, 'extensions');
  linkExtension(extensionsDir);
  // Keep a person's own settings once they exist; start quiet the first time.
  const settingsFile = path.join(root, 'user-data', 'User', 'settings.json');
  let settings = QUIET_SETTINGS;
  try { settings = { ...QUIET_SETTINGS, ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')) }; } catch { /* first start */ }

  const port = await freePort(Number(process.env.PORT || 8080));
  const server = await startCodeServer({ root, workspace: course, port, extensionsDir, settings });
  const url = `${server.url}/?folder=${encodeURIComponent(course)}`;
  const stop = async (code) => {
    await stopProcess(server.child);
    if (temp && !process.env.KEEP_STATE) fs.rmSync(temp, { recursive: true, force: true });
    process.exit(code);
  };

  if (CHECK) {
    try {
      const status = await waitForHttp(url, 60000);
      const ids = listExtensions(root, extensionsDir);
      const mine = ids.find((l) => l.toLowerCase().startsWith(`${EXTENSION_ID}@`));
      if (!mine) throw new Error(`code-server does not list ${EXTENSION_ID}; it lists: ${ids.join(', ') || 'nothing'}`);
      console.log(`OK: code-server answers HTTP ${status} at ${server.url}, extension ${mine} installed (→ ${REPO}), course folder ${course}`);
      await stop(0);
    } catch (e) {
      console.error(`start --check FAILED: ${e.message}\n(code-server log: ${server.logPath})`);
      await stop(1);
    }
    return;
  }

  const line = '─'.repeat(Math.min(100, url.length + 4));
  console.log(`\n${line}\n  Deep Learning Tutor is running. Open this URL in your browser:\n\n  ${url}\n\n  Course folder: ${course}\n  Stop with Ctrl+C.\n${line}\n`);
  process.once('SIGINT', () => { console.log('\nStopping code-server…'); void stop(0); });
  process.once('SIGTERM', () => void stop(0));
  server.child.once('exit', (c) => { console.error(`code-server exited (${c}); see ${server.logPath}`); process.exit(c || 1); });
}

const code = onPath('code');
// A `code` that is really code-server's remote CLI is not a desktop VS Code.
const desktopCode = code && !/code-server/.test(fs.realpathSync(code)) ? code : undefined;
if (desktopCode && !CHECK) await desktop(desktopCode, process.env.DL_TUTOR_COURSE || path.join(os.homedir(), 'dl-tutor-course'));
else if (!fs.existsSync(CODE_SERVER) && desktopCode) {
  // --check on a machine with a desktop VS Code and no code-server: the desktop one is the tutor's VS Code.
  const v = spawnSync(desktopCode, ['--version'], { encoding: 'utf8' });
  if (v.status === 0) { console.log(`OK: desktop VS Code ${v.stdout.split('\n')[0]} at ${desktopCode}`); process.exit(0); }
  console.error(`start --check FAILED: ${desktopCode} --version exited ${v.status}`);
  process.exit(1);
} else {
  await codeServer().catch((e) => { console.error(`npm start failed: ${e.message}`); process.exit(1); });
}
