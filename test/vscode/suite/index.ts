/**
 * Entry point of the real-VS-Code suite: VS Code's extension host (code-server's through
 * test/vscode/runInCodeServer.mjs, a desktop VS Code through test/vscode/runInElectron.mjs)
 * loads this file as `extensionTestsPath` and awaits `run()`; the run's result is the
 * process's exit code.
 *
 * The report is mocha's spec reporter with its lines also appended to the file named by
 * DL_TUTOR_TEST_LOG (the code-server launcher tails it): the extension host's console goes to
 * the browser, not to the launcher's stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const logFile = process.env.DL_TUTOR_TEST_LOG;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void; useColors: boolean };
  base.useColors = false;
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    const line = util.format(...args);
    if (logFile) fs.appendFileSync(logFile, line + '\n');
    original(...args);
  };
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 60000, color: false });
  if (process.env.DL_TUTOR_TEST_GREP) mocha.grep(process.env.DL_TUTOR_TEST_GREP);
  // The files run in name order: the suite is one learner's session (start a stage, then grade).
  const files = fs.readdirSync(__dirname).filter((f) => /\.test\.js$/.test(f)).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (logFile) fs.appendFileSync(logFile, `\nmocha finished: ${failures} failure(s)\n`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      if (logFile) fs.appendFileSync(logFile, `mocha crashed: ${(e as Error).stack ?? e}\n`);
      reject(e);
    }
  });
}
