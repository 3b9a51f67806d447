/**
 * Never a frozen editor, never a wrong grade: an endless loop times out in the worker while the
 * extension host stays responsive; a syntax error is reported at its line; the grader recovers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { api, exerciseUri, gradeAfter, note, repoFile, treeRow, writeAndSave } from './helpers';

const ID = 's1-gradient-descent';
const solution = () => fs.readFileSync(repoFile('exercises', 'stage1', 'solutions', `${ID}.ts`), 'utf8');

describe('robustness', () => {
  it('an endless loop times out, the extension host stays responsive, the next grade works', async function () {
    this.timeout(120000);
    const a = await api();
    const uri = exerciseUri(ID);
    const sol = solution();
    const hang = sol.replace('export function gradientDescent(',
      'export function gradientDescent(...args: Parameters<typeof gradientDescentImpl>): ReturnType<typeof gradientDescentImpl> {\n  for (;;) { void args; }\n}\n\nfunction gradientDescentImpl(');
    assert.notEqual(hang, sol);
    // Event-loop lag of this extension host while the worker spins.
    let maxLag = 0;
    let last = Date.now();
    const sampler = setInterval(() => { const now = Date.now(); maxLag = Math.max(maxLag, now - last - 50); last = now; }, 50);
    let g;
    try {
      g = await gradeAfter(a, ID, () => writeAndSave(uri, hang), 90000);
    } finally {
      clearInterval(sampler);
    }
    note(`endless loop: graded in ${g.ms} ms; extension host max event-loop lag ${maxLag} ms`);
    assert.equal(g.result.passed, false);
    const timedOut = g.result.checks.filter((c) => c.status === 'timedOut');
    assert.ok(timedOut.length >= 1, `a check timed out: ${g.result.checks.map((c) => c.status).join(', ')}`);
    assert.ok(maxLag < 1000, `the extension host kept running (max lag ${maxLag} ms)`);
    assert.notEqual(a.progress(ID).status, 'passed');
    assert.ok(a.testMessages(ID).some((m) => /longer than|time/i.test(m.message)), 'the learner is told it took too long');
    assert.notEqual((await treeRow(a, 'exercise', ID))?.description, 'passed');

    const ok = await gradeAfter(a, ID, () => writeAndSave(uri, sol), 60000);
    assert.equal(ok.result.passed, true, 'the grader recovered: the correct solution passes');
  });

  it('a syntax error is reported at its line, never as a pass', async () => {
    const a = await api();
    const uri = exerciseUri(ID);
    const lines = solution().split('\n');
    const at = lines.findIndex((l, i) => i > 6 && /\bconst\b/.test(l));
    assert.ok(at > 0);
    lines[at] = lines[at].replace('const', 'const const');
    const g = await gradeAfter(a, ID, () => writeAndSave(uri, lines.join('\n')));
    assert.equal(g.result.passed, false);
    const msgs = a.testMessages(ID);
    assert.ok(msgs.length >= 1);
    assert.ok(msgs.some((m) => m.line === at + 1 && /syntax/i.test(m.message)), `a message points at line ${at + 1}: ${msgs.map((m) => `${m.line}: ${m.message}`).slice(0, 3).join(' | ')}`);
    assert.equal(a.progress(ID).lastPassed, false);
  });
});
