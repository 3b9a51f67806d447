// The grader worker (through the host-side Grader) against fixture submissions of a tiny fixture
// exercise (test/fixtures/course/stage1, s1-double): every way a learner's file can go wrong.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Grader } from '../../src/grader/grader';
import type { CheckResult, GradeResult } from '../../src/protocol/results';
import type { PlotEvent } from '../../src/protocol/plots';

const root = path.resolve(__dirname, '../../..');
const stage = path.join(root, 'test/fixtures/course/stage1');
const checkFile = path.join(stage, 'checks/s1-double.check.ts');
const learner = (name: string) => path.join(root, 'test/fixtures/learner', `${name}.ts`);
const LIMIT = 1500;

function byName(r: GradeResult): Record<string, CheckResult> {
  return Object.fromEntries(r.checks.map((c) => [c.name, c]));
}

function statuses(r: GradeResult): string[] {
  return r.checks.map((c) => `${c.name}: ${c.status}`);
}

describe('grader worker (fixture exercise s1-double)', function () {
  this.timeout(60_000);
  let grader: Grader;
  let tmp: string;
  const logs: string[] = [];
  const grade = (file: string, extra: Partial<Parameters<Grader['grade']>[0]> = {}, cb: Parameters<Grader['grade']>[1] = {}) =>
    grader.grade({ exerciseId: 's1-double', learnerFile: file, checkFile, timeLimitMs: LIMIT, ...extra }, cb);

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-worker-'));
    grader = new Grader({ onLog: (t) => logs.push(t) });
    const info = await grader.warmUp();
    assert.equal(info.engine, 'tensorflow', `the native engine should load here (${info.engineNote ?? ''}); worker log: ${logs.join('')}`);
  });
  after(() => {
    grader.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('passes the reference solution, streaming plan, starts, results and plots in order', async () => {
    const events: string[] = [];
    const plots: PlotEvent[] = [];
    const r = await grade(path.join(stage, 'solutions/s1-double.ts'), {}, {
      onPlan: (checks) => events.push(`plan ${checks.length}`),
      onCheckStart: (i) => events.push(`start ${i}`),
      onCheckResult: (i, res) => events.push(`result ${i} ${res.status}`),
      onPlot: (e) => plots.push(e),
    });
    assert.deepEqual(statuses(r), ['double doubles: passed', 'sumAll adds: passed', 'leaks nothing: passed']);
    assert.equal(r.passed, true);
    assert.equal(r.engine, 'tensorflow');
    assert.deepEqual(events, ['plan 3', 'start 0', 'result 0 passed', 'start 1', 'result 1 passed', 'start 2', 'result 2 passed']);
    assert.deepEqual(plots, [{ kind: 'note', chart: 'curve', text: 'engine tensorflow' }]);
  });

  it('reports a wrong answer as failed with expected/actual, hint key and the function line', async () => {
    const r = await grade(path.join(stage, 'mutants/s1-double.triple.ts'));
    const c = byName(r)['double doubles'];
    assert.equal(c.status, 'failed');
    assert.equal(c.message, 'element [0] is 3, expected 2');
    assert.equal(c.expected, '[2, 4, 6]');
    assert.equal(c.actual, '[3, 6, 9]');
    assert.equal(c.hintKey, 'factor');
    assert.equal(c.line, 3);
    assert.equal(c.fn, 'double');
    assert.equal(byName(r)['sumAll adds'].status, 'passed');
    assert.equal(r.passed, false);
  });

  it('reports the untouched starter as not implemented, at the throwing line', async () => {
    const r = await grade(path.join(stage, 'starters/s1-double.ts'));
    const c = byName(r);
    assert.equal(c['double doubles'].status, 'failed');
    assert.equal(c['double doubles'].message, "Not implemented yet: `double` still throws 'Not implemented' — write it where the // TODO is");
    assert.equal(c['double doubles'].line, 5);
    assert.equal(c['sumAll adds'].message, "Not implemented yet: `sumAll` still throws 'Not implemented' — write it where the // TODO is");
    assert.equal(c['sumAll adds'].line, 10);
  });

  it('reports an exception as errored with the learner line (source-mapped from the .ts file)', async () => {
    const r = await grade(learner('throws'));
    const c = byName(r)['double doubles'];
    assert.equal(c.status, 'errored');
    assert.equal(c.message, "double threw TypeError: Cannot read properties of undefined (reading 'factor') (line 7)");
    assert.equal(c.line, 7);
    assert.equal(byName(r)['sumAll adds'].status, 'passed');
  });

  it('maps a tf error thrown inside a helper function to the helper line', async () => {
    const r = await grade(learner('throwsInHelper'));
    const c = byName(r)['double doubles'];
    assert.equal(c.status, 'errored');
    assert.equal(c.line, 4);
    assert.match(c.message, /^double threw Error: .*\(line 4\)$/s);
    assert.doesNotMatch(c.message, /TF_Status/);
  });

  it('says so when the check trips over a result of the wrong type', async () => {
    const r = await grade(learner('wrongType'));
    const c = byName(r)['double doubles'];
    assert.equal(c.status, 'errored');
    assert.equal(c.message, 'checking what `double` returned crashed with TypeError: y.dataSync is not a function — does `double` return what its signature says? (s1-double.check.ts:16)');
    assert.equal(c.line, 4);
  });

  it('names the imported helper file and line an error came from, and the learner line that called it', async () => {
    const r = await grade(learner('usesThrowingHelper'));
    const c = byName(r)['double doubles'];
    assert.equal(c.status, 'errored');
    assert.equal(c.message, 'double threw RangeError: scale 2 is not supported (helperThrows.ts line 3, called from line 5)');
    assert.equal(c.line, 5);
  });

  it('reports a syntax error on every check, with line and column', async () => {
    const f = path.join(tmp, 'syntax.ts');
    fs.writeFileSync(f, "import * as tf from '@tensorflow/tfjs';\n\nexport function double(x: tf.Tensor): tf.Tensor {\n  return tf.mul(x 2);\n}\n");
    const r = await grade(f);
    assert.equal(r.checks.length, 3);
    for (const c of r.checks) {
      assert.equal(c.status, 'errored');
      assert.equal(c.message, 'Syntax error at line 4, column 19: Expected ")" but found "2"');
      assert.equal(c.line, 4);
      assert.equal(c.column, 19);
    }
  });

  it('grades the file as it is now, even after a same-size edit with the same mtime', async () => {
    const f = path.join(tmp, 'edited.ts');
    const src = (k: number) => `import * as tf from '@tensorflow/tfjs';\nexport function double(x: tf.Tensor): tf.Tensor { return tf.mul(x, ${k}); }\nexport function sumAll(xs: number[]): number { return xs.reduce((a, b) => a + b, 0); }\n`;
    fs.writeFileSync(f, src(3));
    const { mtime } = fs.statSync(f);
    assert.equal(byName(await grade(f))['double doubles'].status, 'failed');
    fs.writeFileSync(f, src(2));
    fs.utimesSync(f, mtime, mtime);
    assert.equal((await grade(f)).passed, true);
  });

  it('reports a missing export as failed, saying how to export it', async () => {
    const r = await grade(learner('missingExport'));
    const c = byName(r)['sumAll adds'];
    assert.equal(c.status, 'failed');
    assert.equal(c.message, '`sumAll` is not exported from missingExport.ts — export it by name: `export function sumAll(…)`');
    assert.equal(c.line, 8);
    assert.equal(byName(r)['double doubles'].status, 'passed');
  });

  it('catches leaked tensors (expectNoLeaks) and does not accumulate them in the worker', async () => {
    const r = await grade(learner('leaks'));
    const c = byName(r)['leaks nothing'];
    assert.equal(c.status, 'failed');
    assert.match(c.message, /^2 tensors leaked per call of `double`/);
    // The engine scope around each check disposes what leaked: grading again leaves the same verdict,
    // and the solution grades clean afterwards.
    const again = await grade(learner('leaks'));
    assert.equal(byName(again)['leaks nothing'].message, c.message);
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('never passes process.exit(): the call throws inside the check', async () => {
    const r = await grade(learner('exits'));
    const c = byName(r)['sumAll adds'];
    assert.equal(c.status, 'errored');
    assert.equal(c.message, 'sumAll: process.exit() was called by the exercise code — a graded function must return, not exit');
    assert.equal(c.line, 8);
    // The worker survived: the next grade reuses it.
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('never passes a check whose code called process.exit() and caught the error', async () => {
    const r = await grade(learner('exitCaught'));
    const c = byName(r)['sumAll adds'];
    assert.equal(c.status, 'errored');
    assert.match(c.message, /process\.exit\(\) was called by the exercise code — a graded function must return, not exit$/);
    assert.equal(c.line, 10);
  });

  it('times out a never-resolving promise in the worker, keeping the worker', async () => {
    const t0 = Date.now();
    const r = await grade(learner('hangs'));
    const c = byName(r)['sumAll adds'];
    assert.equal(c.status, 'timedOut');
    assert.match(c.message, /did not finish within 1\.5 s/);
    assert.ok(Date.now() - t0 < LIMIT + 2000, `took ${Date.now() - t0} ms`);
    assert.equal(byName(r)['leaks nothing'].status, 'passed');
  });

  it('times out an async loop and starts the next grade in a fresh worker', async () => {
    const r = await grade(learner('asyncLoop'));
    assert.equal(byName(r)['sumAll adds'].status, 'timedOut');
    const t0 = Date.now();
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('clears timers the exercise left behind when the grade ends', async () => {
    const r = await grade(learner('interval'));
    assert.equal(r.passed, true);
    await new Promise((res) => setTimeout(res, 100));
    const next = await grade(learner('logs'));
    assert.doesNotMatch(next.output ?? '', /tick from a forgotten interval/);
  });

  it('attributes an unhandled rejection to the running check', async () => {
    const r = await grade(learner('rejects'));
    const c = byName(r)['sumAll adds'];
    assert.equal(c.status, 'errored');
    assert.equal(c.message, 'sumAll threw RangeError: lost rejection (line 9)');
  });

  it('captures console output, capped at 16 KB, and compiles relative imports', async () => {
    const streamed: string[] = [];
    const r = await grade(learner('logs'), {}, { onLog: (t) => streamed.push(t) });
    assert.equal(r.passed, true);
    assert.ok(r.output?.startsWith('doubling [ 3 ]\n'), r.output?.slice(0, 100));
    assert.ok(r.output!.length <= 16 * 1024 + 100, `output is ${r.output!.length} chars`);
    assert.match(r.output!, /output truncated at 16 KB\n$/);
    assert.equal(streamed.join(''), r.output);
  });

  it('re-evaluates learner modules on every grade (named variables do not collide)', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await grade(learner('namedVariable'))).passed, true);
  });

  it('runs only the requested checks', async () => {
    const r = await grade(path.join(stage, 'solutions/s1-double.ts'), { only: ['sumAll adds'] });
    assert.deepEqual(statuses(r), ['sumAll adds: passed']);
  });

  it('kills a synchronous infinite loop within limit + 2 s, then restarts for the next grade', async () => {
    const t0 = Date.now();
    const r = await grade(path.join(stage, 'mutants/s1-double.loop.ts'));
    const took = Date.now() - t0;
    // The loop is in `double`: its other check is not run again (it would only wait for the same
    // loop), and `sumAll` is graded in a fresh sandbox.
    assert.deepEqual(statuses(r), ['double doubles: timedOut', 'sumAll adds: passed', 'leaks nothing: timedOut']);
    assert.equal(r.checks[0].message, "took longer than 1.5 s — an infinite loop? Check your loop's exit condition");
    assert.equal(r.checks[2].message, 'not run: `double` did not return within 1.5 s in an earlier check');
    assert.ok(took < LIMIT + 2000, `took ${took} ms`);
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('times out an infinite loop at the top level of the learner file', async () => {
    const t0 = Date.now();
    const r = await grade(learner('topLevelLoop'));
    assert.ok(Date.now() - t0 < LIMIT + 2000, `took ${Date.now() - t0} ms`);
    assert.deepEqual(statuses(r), ['double doubles: timedOut', 'sumAll adds: timedOut', 'leaks nothing: timedOut']);
    assert.equal(r.checks[0].message, 'topLevelLoop.ts did not finish loading within 1.5 s — is there an infinite loop outside a function (at the top level of the file)?');
  });

  it('keeps module-level tensors alive for the whole grade, and frees them after', async () => {
    const r = await grade(learner('topLevelTensor'));
    assert.equal(r.passed, true, JSON.stringify(r.checks));
    assert.equal((await grade(learner('topLevelTensor'))).passed, true);
  });

  it('stops a loop that a timer of an earlier check runs later', async () => {
    const t0 = Date.now();
    const r = await grade(learner('lateLoop'));
    assert.ok(Date.now() - t0 < 2 * LIMIT + 4000, `took ${Date.now() - t0} ms`);
    // The timer's loop runs in the sandbox, which is replaced after the time-out: the next check runs.
    assert.deepEqual(statuses(r), ['double doubles: passed', 'sumAll adds: timedOut', 'leaks nothing: passed']);
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('refuses process.kill to exercise code (the worker survives it)', async () => {
    const f = path.join(tmp, 'kill.ts');
    fs.writeFileSync(f, 'export function double(x: unknown): unknown {\n  process.kill(process.pid, "SIGKILL");\n  return x;\n}\nexport const sumAll = (xs: number[]) => xs.length;\n');
    const r = await grade(f);
    assert.equal(byName(r)['double doubles'].status, 'errored');
    assert.match(byName(r)['double doubles'].message, /process\.kill is not available to exercise code \(line 2\)/);
    assert.equal(byName(r)['sumAll adds'].status, 'failed');
  });

  it('turns a worker killed mid-grade (kill -9) into errored checks, and the next grade runs', async () => {
    let killed = false;
    const r = await grade(path.join(stage, 'mutants/s1-double.loop.ts'), {}, {
      onCheckStart: () => {
        if (killed) return;
        killed = true;
        setTimeout(() => process.kill(grader.workerPid()!, 'SIGKILL'), 200);
      },
    });
    assert.deepEqual(statuses(r), ['double doubles: errored', 'sumAll adds: errored', 'leaks nothing: errored']);
    assert.equal(r.checks[0].message, 'the grader process was killed (signal SIGKILL) while running this check, from outside the grader — ' +
      'the next grade starts a new one; if this keeps happening, the computer may be short of memory');
    assert.equal(r.checks[1].message, 'not run: the grader process exited (signal SIGKILL)');
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('cancels a running grade (AbortSignal) and resolves with cancelled: true', async () => {
    const ac = new AbortController();
    const p = grade(path.join(stage, 'mutants/s1-double.loop.ts'), {}, { onCheckStart: () => setTimeout(() => ac.abort(), 100), signal: ac.signal });
    const t0 = Date.now();
    const r = await p;
    assert.equal(r.cancelled, true);
    assert.equal(r.passed, false);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal((await grade(path.join(stage, 'solutions/s1-double.ts'))).passed, true);
  });

  it('dispose() ends a running and a queued grade as cancelled', async () => {
    const g = new Grader();
    await g.warmUp();
    const running = g.grade({ exerciseId: 's1-double', learnerFile: path.join(stage, 'mutants/s1-double.loop.ts'), checkFile, timeLimitMs: LIMIT },
      { onCheckStart: () => setTimeout(() => g.dispose(), 50) });
    const queued = g.grade({ exerciseId: 's1-double', learnerFile: path.join(stage, 'solutions/s1-double.ts'), checkFile, timeLimitMs: LIMIT });
    const [a, b] = await Promise.all([running, queued]);
    assert.equal(a.cancelled, true);
    assert.equal(b.cancelled, true);
    assert.deepEqual(b.checks, []);
  });

  it('queues concurrent requests and answers each', async () => {
    const [a, b] = await Promise.all([grade(path.join(stage, 'solutions/s1-double.ts')), grade(path.join(stage, 'mutants/s1-double.triple.ts'))]);
    assert.equal(a.passed, true);
    assert.equal(b.passed, false);
  });

  it('runs the demo, streaming plots and returning its summary', async () => {
    const plots: PlotEvent[] = [];
    const d = await grader.demo({ exerciseId: 's1-double', learnerFile: path.join(stage, 'solutions/s1-double.ts'), checkFile, timeLimitMs: 3000 }, { onPlot: (e) => plots.push(e) });
    assert.equal(d.ok, true, d.message);
    assert.deepEqual(d.summary, { last: 6, engine: 'tensorflow' });
    assert.deepEqual(plots, [{ kind: 'lines', chart: 'curve', series: [{ name: 'double', x: [0, 1, 2, 3], y: [0, 2, 4, 6] }] }]);
  });

  it('frees tensors a check file makes at its top level, keeps those of its cached imports', async () => {
    const counts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await grader.grade({ exerciseId: 's1-double', learnerFile: path.join(stage, 'solutions/s1-double.ts'),
        checkFile: path.join(root, 'test/fixtures/checks/memory.check.ts'), timeLimitMs: LIMIT },
      { onPlot: (e) => { if (e.kind === 'note') counts.push(e.text); } });
      assert.equal(r.passed, true, JSON.stringify(r.checks));
    }
    assert.equal(counts.length, 3);
    assert.equal(new Set(counts).size, 1, `tensor count grew between grades: ${counts.join(', ')}`);
  });

  it('an array argument changed in place by the learner reaches the caller, so inputs-intact sees it', async () => {
    const arrays = path.join(root, 'test/fixtures/checks/arrayInputs.check.ts');
    const c = byName(await grade(path.join(root, 'test/fixtures/learner/sorts-in-place.ts'), { checkFile: arrays }));
    assert.equal(c['an in-place change of an array argument reaches the caller'].status, 'passed', c['an in-place change of an array argument reaches the caller'].message);
    assert.equal(c['a frozen array (a check file\'s constant) is never written back'].status, 'passed', c['a frozen array (a check file\'s constant) is never written back'].message);
    assert.equal(c['expectInputsIntact sees the change'].status, 'failed');
    assert.match(c['expectInputsIntact sees the change'].message, /modified the input array `xs` in place/);
  });

  it('runs a check file\'s sandboxed part next to the learner\'s code (ctx.inSandbox): data back, learner errors on the learner\'s line', async () => {
    const sandboxedChecks = path.join(root, 'test/fixtures/checks/sandboxed.check.ts');
    const plots: PlotEvent[] = [];
    const ok = await grade(path.join(stage, 'solutions/s1-double.ts'), { checkFile: sandboxedChecks }, { onPlot: (e) => plots.push(e) });
    const c = byName(ok);
    assert.equal(c['an optimizer step through double, taken in the sandbox'].status, 'passed', c['an optimizer step through double, taken in the sandbox'].message);
    assert.deepEqual(plots, [{ kind: 'note', chart: 'curve', text: 'sandbox backend tensorflow' }]);
    // A part the check file does not export is the course's problem, said plainly.
    assert.equal(c['a part the check file does not export'].status, 'errored');
    assert.match(c['a part the check file does not export'].message, /no sandboxed\.noSuchPart/);
    // The learner's code crashing inside the sandboxed part: errored, with the learner's line.
    const bad = byName(await grade(learner('throws'), { checkFile: sandboxedChecks }))['an optimizer step through double, taken in the sandbox'];
    assert.equal(bad.status, 'errored');
    assert.equal(bad.line, 7);
    assert.match(bad.message, /^double threw TypeError: .*\(line 7\)$/);
    // A wrong answer is a failure with the judge's message; the starter still reads as not implemented.
    const wrong = byName(await grade(path.join(stage, 'mutants/s1-double.triple.ts'), { checkFile: sandboxedChecks }))['an optimizer step through double, taken in the sandbox'];
    assert.equal(wrong.status, 'failed');
    assert.match(wrong.message, /after one step w is \[0.25, 1.25, 2.25\]/);
    const starter = byName(await grade(path.join(stage, 'starters/s1-double.ts'), { checkFile: sandboxedChecks }))['an optimizer step through double, taken in the sandbox'];
    assert.equal(starter.status, 'failed');
    assert.match(starter.message, /^Not implemented yet/);
    // A loop in the learner's code inside the sandboxed part times out as a loop, and the next grade runs.
    const t0 = Date.now();
    const loop = byName(await grade(path.join(stage, 'mutants/s1-double.loop.ts'), { checkFile: sandboxedChecks }))['an optimizer step through double, taken in the sandbox'];
    assert.equal(loop.status, 'timedOut');
    assert.match(loop.message, /infinite loop/);
    assert.ok(Date.now() - t0 < LIMIT + 2000, `took ${Date.now() - t0} ms`);
    assert.equal(byName(await grade(path.join(stage, 'solutions/s1-double.ts'), { checkFile: sandboxedChecks }))['an optimizer step through double, taken in the sandbox'].status, 'passed');
  });

  it('reports a broken check file as a course problem, not the learner\'s', async () => {
    const bad = path.join(tmp, 'bad.check.ts');
    fs.writeFileSync(bad, 'export default {};\n');
    const r = await grader.grade({ exerciseId: 's1-double', learnerFile: path.join(stage, 'solutions/s1-double.ts'), checkFile: bad, timeLimitMs: LIMIT });
    assert.equal(r.passed, false);
    assert.equal(r.checks.length, 1);
    assert.equal(r.checks[0].status, 'errored');
    assert.match(r.checks[0].message, /could not be loaded .* This is a problem with the course, not your code\./);
  });
});

describe('time scale', function () {
  this.timeout(60_000);
  it('timeScale multiplies the time limit (slow machines)', async () => {
    const g = new Grader({ timeScale: 0.5 });
    try {
      const t0 = Date.now();
      const r = await g.grade({ exerciseId: 's1-double', learnerFile: learner('hangs'), checkFile, timeLimitMs: 2000 });
      assert.equal(byName(r)['sumAll adds'].status, 'timedOut');
      assert.match(byName(r)['sumAll adds'].message, /within 1 s/);
      assert.ok(Date.now() - t0 < 5000);
    } finally {
      g.dispose();
    }
  });
});

describe('memory limit', function () {
  this.timeout(60_000);
  it('a runaway allocation ends the check as errored with an out-of-memory message', async () => {
    // The worker idles at about 420 MB (two TensorFlow.js engines): 900 MB leaves the hog room to grow.
    const g = new Grader({ maxRssMb: 900 });
    try {
      const t0 = Date.now();
      const r = await g.grade({ exerciseId: 's1-double', learnerFile: learner('hog'), checkFile, timeLimitMs: 20_000 });
      assert.equal(r.checks[0].status, 'errored');
      // The worker stops the sandbox at the limit; on a loaded machine the host's own fence (the
      // whole worker, a little above the limit) may come first. Either way the verdict names memory.
      assert.match(r.checks[0].message, /^used more than 900 MB of memory .*growing without bound/);
      assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms: memory is not a time-out`);
      // The hog was in `double`; `sumAll` is graded in a fresh sandbox (or, after the host's fence, not run).
      assert.ok(r.checks[1].status === 'passed' || /^not run/.test(r.checks[1].message), `${r.checks[1].status}: ${r.checks[1].message}`);
    } finally {
      g.dispose();
    }
  });
});

describe('engine fallback', function () {
  this.timeout(60_000);
  const verdicts = async (g: Grader) => {
    const out: string[] = [];
    for (const f of [path.join(stage, 'solutions/s1-double.ts'), path.join(stage, 'mutants/s1-double.triple.ts'), learner('throws'), learner('leaks')]) {
      const r = await g.grade({ exerciseId: 's1-double', learnerFile: f, checkFile, timeLimitMs: LIMIT });
      out.push(...r.checks.map((c) => `${path.basename(f)} ${c.name}: ${c.status} ${c.message}`));
      out.push(`engine ${r.engine}`);
    }
    return out;
  };

  it('DL_TUTOR_ENGINE=cpu gives engine cpu and the same verdicts as tensorflow', async () => {
    const cpu = new Grader({ engine: 'cpu' });
    const native = new Grader({ engine: 'tensorflow' });
    try {
      const info = await cpu.warmUp();
      assert.equal(info.engine, 'cpu');
      assert.equal(info.engineNote, undefined);
      const a = await verdicts(cpu);
      const b = await verdicts(native);
      assert.deepEqual(a.filter((l) => !l.startsWith('engine')), b.filter((l) => !l.startsWith('engine')));
      assert.ok(a.includes('engine cpu'));
      assert.ok(b.includes('engine tensorflow'));
    } finally {
      cpu.dispose();
      native.dispose();
    }
  });

  it('auto falls back to cpu with an engine note when tfjs-node cannot load', async () => {
    const g = new Grader({ engine: 'auto', env: { DL_TUTOR_TFJS_NODE: '@tensorflow/tfjs-node-missing-for-test' } });
    try {
      const info = await g.warmUp();
      assert.equal(info.engine, 'cpu');
      assert.match(info.engineNote ?? '', /^TensorFlow native backend could not load \(Cannot find module '@tensorflow\/tfjs-node-missing-for-test'.*\); using the slower pure-JS cpu backend — results are the same, only slower$/);
      const r = await g.grade({ exerciseId: 's1-double', learnerFile: path.join(stage, 'solutions/s1-double.ts'), checkFile, timeLimitMs: LIMIT });
      assert.equal(r.passed, true);
      assert.equal(r.engine, 'cpu');
      assert.equal(r.engineNote, info.engineNote);
    } finally {
      g.dispose();
    }
  });

  it('engine=tensorflow refuses to fall back: the grader cannot start', async () => {
    const g = new Grader({ engine: 'tensorflow', env: { DL_TUTOR_TFJS_NODE: '@tensorflow/tfjs-node-missing-for-test' } });
    try {
      await assert.rejects(g.warmUp(), (e: Error) => e.name === 'GraderStartError' && /could not load/.test(e.message));
    } finally {
      g.dispose();
    }
  });
});
