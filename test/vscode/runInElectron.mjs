#!/usr/bin/env node
// The second launcher of the same mocha suite (test/vscode/suite → dist/test/vscode): a desktop
// VS Code (Electron) through @vscode/test-electron, for a developer's machine that can download
// VS Code. It is NOT part of `npm test` here: @vscode/test-electron downloads a VS Code build at
// test time, which offline machines cannot do (they run test/vscode/runInCodeServer.mjs instead).
//
//   npm run build && node test/vscode/runInElectron.mjs
//
// Same contract as the code-server launcher: extensionDevelopmentPath = the repo,
// extensionTestsPath = dist/test/vscode/index (its run() runs mocha over the suite), a fresh
// temp folder as the workspace, a fresh user-data and extensions dir, workspace trust off.
// The suite's report goes to stdout (VS Code forwards the extension host's console for CLI
// test runs) and to DL_TUTOR_TEST_LOG. Exit code = the suite's result.
//
// env: VSCODE_VERSION (default 1.100.3, the version code-server 4.100.3 ships, matching
//      engines.vscode ^1.100.0), DL_TUTOR_TEST_GREP (mocha --grep).
// On Linux without a display, run it under xvfb-run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionTestsPath = path.join(REPO, 'dist', 'test', 'vscode', 'index');
if (!fs.existsSync(extensionTestsPath + '.js')) {
  console.error('dist/test/vscode/index.js is missing. Run: npm run build');
  process.exit(1);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-electron-'));
const workspace = path.join(root, 'course');
const userData = path.join(root, 'user-data');
fs.mkdirSync(workspace, { recursive: true });
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'files.autoSave': 'off',
}, null, 2));
const logPath = path.join(root, 'mocha.log');

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    extensionTestsEnv: {
      DL_TUTOR_TEST_LOG: logPath,
      TF_CPP_MIN_LOG_LEVEL: '2',
      TF_ENABLE_ONEDNN_OPTS: '0',
      ...(process.env.DL_TUTOR_TEST_GREP ? { DL_TUTOR_TEST_GREP: process.env.DL_TUTOR_TEST_GREP } : {}),
    },
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', path.join(root, 'extensions'),
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
      '--no-sandbox',
    ],
  });
} catch (e) {
  console.error('VS Code test run failed:', e?.message ?? e);
  code = 1;
} finally {
  if (process.env.KEEP_STATE) console.log(`state kept in ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
process.exit(code);
