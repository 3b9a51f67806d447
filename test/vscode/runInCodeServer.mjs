#!/usr/bin/env node
// `npm run test:vscode`: the mocha suite (test/vscode/suite, bundled to dist/test/vscode by
// esbuild.mjs) inside a real VS Code — code-server 4.100.3's Node extension host, driven by
// headless Chromium. Works offline (see scripts/setup-code-server.sh).
//
// How: the web workbench reads extensionDevelopmentPath / extensionTestsPath from the `payload`
// URL parameter (the mechanism of VS Code's own browser integration tests), starts the remote
// extension host with them, awaits the suite's run(), and calls window.codeAutomationExit(code).
// The suite appends mocha's spec report to DL_TUTOR_TEST_LOG, which this script tails to stdout
// (scripts/test.mjs reads the "N passing / N failing" lines).
//
// The extension under test is the shipped artefact: `npm run package`'s .vsix (rebuilt when older
// than its inputs), installed into each run's extensions dir by code-server --install-extension,
// and loaded from that installed folder (see installVsix in lib.mjs). Its worker finds this
// checkout's native engine through DL_TUTOR_NATIVE_ENGINE_DIR (DL_TUTOR_TEST_JS_ENGINE=1: pure JS).
//
// Three runs, each in a fresh temp workspace and fresh state:
//   1. trusted folder: the whole suite (activation, Start Stage 1, grading, plots, reset, kill -9…)
//   2. untrusted folder (workspace trust on, nobody grants it): only the trust tests.
//   3. reload: the window-reload test, which reloads the window mid-grade (the suite then runs
//      again in the new extension host and checks what survived).
// Exit code: 0 when all pass, 1 on a failure, 124 on the hard timeout.
//
// env: TEST_TIMEOUT_MS (hard limit per run, default 360000), KEEP_STATE=1 (keep the temp
// folders), DEBUG_BROWSER=1 (echo the browser console), DL_TUTOR_TEST_GREP (mocha --grep),
// ONLY=trusted|untrusted|reload (run one of them).
import fs from 'node:fs';
import path from 'node:path';
import {
  QUIET_SETTINGS, REPO, cleanUp, freePort, installVsix, launchChromium, log, makeRunRoot, requireCodeServer, startCodeServer, vsixEnv, workbenchUrl,
} from './lib.mjs';

const TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 360000);
const TESTS = path.join(REPO, 'dist', 'test', 'vscode', 'index');

async function runSuite({ name, trusted, grep, env: runEnv = {} }) {
  const root = makeRunRoot(`vscode-${name}`);
  const workspace = path.join(root, 'course');
  fs.mkdirSync(workspace, { recursive: true });
  const logPath = path.join(root, 'mocha.log');
  fs.writeFileSync(logPath, '');
  const env = { DL_TUTOR_TEST_LOG: logPath, DL_TUTOR_TEST_VSIX: '1', ...vsixEnv() };
  if (process.env.DL_TUTOR_TEST_GREP) env.DL_TUTOR_TEST_GREP = process.env.DL_TUTOR_TEST_GREP;
  if (grep) env.DL_TUTOR_TEST_GREP = grep;
  Object.assign(env, runEnv);
  let settings = QUIET_SETTINGS;
  const extraArgs = [];
  if (!trusted) {
    env.DL_TUTOR_TEST_GREP = 'workspace trust';
    env.DL_TUTOR_EXPECT_UNTRUSTED = '1';
    settings = { ...QUIET_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
    // A learner file the untrusted run may not grade.
    fs.copyFileSync(path.join(REPO, 'exercises', 'stage1', 'starters', 's1-perceptron.ts'), path.join(workspace, 's1-perceptron.ts'));
  }

  let server, browser, tail, code = 1;
  let printed = 0;
  // Whole lines only; mocha's summary lines are counted here and printed once, for both runs, at the end.
  const flush = (all = false) => {
    const text = fs.readFileSync(logPath, 'utf8');
    const end = all ? text.length : text.lastIndexOf('\n') + 1;
    if (end <= printed) return;
    for (const line of text.slice(printed, end).split('\n')) {
      const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
      if (m) { totals[m[2]] += Number(m[1]); seen[name] = true; process.stdout.write(`${line.replace(m[2], m[2] === 'passing' ? 'passed' : m[2] === 'failing' ? 'failed' : 'pending')} (${name} run)\n`); }
      else process.stdout.write(line + '\n');
    }
    printed = end;
  };
  let timer;
  const timedOut = new Promise((res) => { timer = setTimeout(() => res('timeout'), TIMEOUT); });
  try {
    const installed = installVsix({ root });
    const port = await freePort();
    server = await startCodeServer({
      root, workspace, port, env, settings,
      // without --disable-workspace-trust, a folder nobody trusted stays in restricted mode
      trust: trusted,
    });
    log(`${name}: code-server on ${server.url}, workspace ${workspace}`);
    browser = await launchChromium({ root });
    const page = browser.pages()[0] ?? await browser.newPage();
    let exited;
    const done = new Promise((r) => { exited = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (process.env.DEBUG_BROWSER) console.log('[ext host]', ...(Array.isArray(args) ? args : [args]));
    });
    await page.exposeFunction('codeAutomationExit', (c) => exited(c));
    if (process.env.DEBUG_BROWSER) page.on('console', (m) => console.log('[browser]', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    tail = setInterval(flush, 250);
    await page.goto(workbenchUrl(server, { workspace, extensionDevelopmentPath: installed, extensionTestsPath: TESTS }));
    log(`${name}: workbench loaded, running the suite`);
    const r = await Promise.race([done, timedOut]);
    if (r === 'timeout') {
      flush();
      console.log(`\n${name}: TIMEOUT — the suite did not finish within ${TIMEOUT / 1000} s (code-server log: ${server.logPath}; KEEP_STATE=1 keeps it)`);
      totals.failing += 1;
      code = 124;
    } else {
      code = Number(r) === 0 ? 0 : 1;
      log(`${name}: extension host exited with code ${r}`);
    }
  } catch (e) {
    console.error(`${name}: launcher error:`, e);
    totals.failing += 1;
    code = 1;
  } finally {
    clearTimeout(timer);
    clearInterval(tail);
    try { flush(true); } catch { /* log gone */ }
    // A run that ended without mocha's summary (crash, timeout) must not count as passing.
    if (code !== 0 && !seen[name] && code !== 124) totals.failing += 1;
    if (code !== 0 && server) {
      // The extension's own output helps more than the mocha line: print the tail of code-server's log.
      try {
        const lines = fs.readFileSync(server.logPath, 'utf8').trim().split('\n').slice(-25);
        console.log(`--- last lines of the code-server log (${name}) ---\n${lines.join('\n')}\n---`);
      } catch { /* none */ }
    }
    try { await browser?.close(); } catch { /* gone */ }
    try { await server?.stop(); } catch { /* gone */ }
    cleanUp(root);
  }
  return code;
}

const totals = { passing: 0, failing: 0, pending: 0 };
const seen = {};
const t0 = Date.now();
let code = 0;
try {
  requireCodeServer();
  if (!fs.existsSync(TESTS + '.js')) throw new Error('dist/test/vscode/index.js is missing. Run: npm run build');
  const runs = [
    { name: 'trusted', trusted: true },
    { name: 'untrusted', trusted: false },
    // The reload test reloads the window mid-grade; VS Code then runs the suite again in the new
    // extension host, whose second phase checks what survived.
    { name: 'reload', trusted: true, grep: 'window reload', env: { DL_TUTOR_RELOAD_RUN: '1' } },
  ]
    .filter((r) => !process.env.ONLY || process.env.ONLY === r.name);
  for (const r of runs) {
    const c = await runSuite(r);
    if (c !== 0) code = code === 0 ? c : code;
  }
} catch (e) {
  console.error(String(e?.message ?? e));
  totals.failing += 1;
  code = 1;
}
if (code !== 0 && totals.failing === 0) totals.failing = 1;
// mocha's format, for scripts/test.mjs: both runs together.
console.log(`\n  ${totals.passing} passing`);
if (totals.pending) console.log(`  ${totals.pending} pending`);
if (totals.failing) console.log(`  ${totals.failing} failing`);
log(`vscode suite: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
