#!/usr/bin/env node
// The whole test suite, in order: unit (plain Node), course (verify every stage), the mocha suite
// inside a real VS Code (code-server), and the real-browser UI test. Every part runs; none is
// skipped. Prints one closing line "tests: N passed, N failed" and exits non-zero on any failure.
// (`npm test` runs the build, typecheck and lint first, as its pretest.)
import { spawn } from 'node:child_process';

const parts = [
  ['unit', 'npx', ['mocha', '--config', 'test/unit/.mocharc.json']],
  ['course', 'npx', ['mocha', '--config', 'test/course/.mocharc.json']],
  ['vscode', 'node', ['test/vscode/runInCodeServer.mjs']],
  ['ui', 'node', ['test/ui/uiTest.mjs']],
];
const only = process.argv.slice(2);

function run(name, cmd, args) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('close', (code) => {
      // mocha prints "N passing" / "N failing"; the UI test prints "ui: N passed, N failed".
      const num = (re) => Number((out.match(re) ?? [])[1] ?? 0);
      let passed = num(/(\d+) passing/) + num(/ui: (\d+) passed/);
      let failed = num(/(\d+) failing/) + num(/ui: \d+ passed, (\d+) failed/);
      if (code !== 0 && failed === 0) failed = 1; // a crash counts as a failure, never as a pass
      console.log(`=== ${name}: exit ${code}, ${passed} passed, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      resolve({ code, passed, failed });
    });
  });
}

let passed = 0, failed = 0, bad = false;
for (const [name, cmd, args] of parts) {
  if (only.length && !only.includes(name)) continue;
  const r = await run(name, cmd, args);
  passed += r.passed; failed += r.failed; bad ||= r.code !== 0;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(bad || failed > 0 ? 1 : 0);
