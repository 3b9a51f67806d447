/**
 * Runs one grade or demo request in the judge: loads the check file here and the learner's module in
 * a fresh sandbox thread, runs the checks one by one with guard rails, and reports each result as it
 * finishes. Learner code never runs in this thread: `m` in a check is a stand-in whose calls run in
 * the sandbox (see sandbox/remote.ts).
 */
import * as path from 'node:path';
import type { CheckResult, GradeResult } from '../protocol/results';
import type { CompileFailure, HostToWorker, WorkerToHost } from '../protocol/worker';
import type { PlotEvent } from '../protocol/plots';
import { CheckFailure, type CheckContext, type CheckSpec, type DemoSpec, type ExerciseChecks } from './grading/api';
import { evaluate, registerModules, stackFrames, type Builtins, type Frame } from './loader';
import { scanForGraderAccess } from './grading/integrity';
import { declarationLine } from '../core/exports';
import type { Engine } from './engine';
import { LearnerError, Sandbox, SandboxDied, SandboxTimeout } from './sandbox/remote';
import { activeSandbox, setActiveSandbox, setGradeSeed } from './sandbox/session';
import { randomInt } from 'node:crypto';

type GradeRequest = Extract<HostToWorker, { kind: 'grade' }>;
type DemoRequest = Extract<HostToWorker, { kind: 'demo' }>;
export type Send = (msg: WorkerToHost) => void;

/** What the running check is, so process-level events can be attributed to it. */
interface Running { fail(err: unknown): void }
let running: Running | undefined;

/** An error reported by the process (unhandled rejection, uncaught exception) while a check runs. */
export function reportProcessError(err: unknown): boolean {
  if (!running) return false;
  running.fail(err);
  return true;
}

const OUTPUT_CAP = 16 * 1024;
const TRUNCATED = `\n… output truncated at ${OUTPUT_CAP / 1024} KB\n`;
const EXIT_MESSAGE = 'was called by the exercise code — a graded function must return, not exit';

function declarationKind(source: string, name: string): string {
  const m = new RegExp(`\\b(function|class|const|let|var)\\s*\\*?\\s*${name.replace(/[$]/g, '\\$')}\\b`).exec(source);
  if (m?.[1] === 'class') return `export class ${name} { … }`;
  if (m?.[1] === 'const' || m?.[1] === 'let' || m?.[1] === 'var') return `export const ${name} = …`;
  return `export function ${name}(…)`;
}

function errorName(e: unknown): string {
  if (e instanceof Error) return e.name || 'Error';
  return e === null ? 'null' : `a ${typeof e}`;
}

function errorMessage(e: unknown): string {
  // tfjs-node wraps native errors as "Invalid TF_Status: 3\nMessage: <what>": keep the what.
  if (e instanceof Error) return e.message.replace(/^Invalid TF_Status: \d+\s*Message:\s*/, '');
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  try { return typeof e === 'string' ? e : JSON.stringify(e) ?? String(e); } catch { return String(e); }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** Spare sandboxes: one is started ahead, so a grade does not wait for a thread to load tf. */
export interface SandboxPool { take(): Promise<Sandbox>; spare(): void }

export class Runner {
  constructor(private readonly engine: Engine, private readonly grading: Record<string, unknown>, private readonly send: Send, private readonly pool: SandboxPool) {}

  private builtins(): Builtins {
    const tf = this.engine.tf;
    return {
      '@tensorflow/tfjs': tf,
      '@tensorflow/tfjs-node': tf,
      '@tensorflow/tfjs-core': tf,
      'dl-tutor/grading': this.grading,
    };
  }

  /** Evaluate a check (or demo) module in the judge; its imports stay cached while unchanged. */
  private loadModule(entry: string, compiled: { modules: CompiledModules } | { failure: CompileFailure }, exerciseId: string): { ok: true; exports: Record<string, unknown> } | { ok: false; message: string } {
    try {
      if ('failure' in compiled) throw new Error(`${path.basename(compiled.failure.file)}: ${compiled.failure.message}`);
      registerModules(compiled.modules);
      const exports = evaluate(entry, this.builtins(), { fresh: false, persist: (fn) => this.keepTensors(fn) }) as Record<string, unknown>;
      return { ok: true, exports };
    } catch (e) {
      return { ok: false, message: `The checks of ${exerciseId} could not be loaded (${errorName(e)}: ${errorMessage(e)}). This is a problem with the course, not your code.` };
    }
  }

  /** Load an exercise's checks ahead of its grade (the file became active in the editor). */
  prepare(req: Extract<HostToWorker, { kind: 'prepare' }>): void {
    this.loadModule(req.checkFile, req.checks, path.basename(req.checkFile));
  }

  private loadChecks(req: GradeRequest | DemoRequest): { kind: 'checksBroken'; message: string } | { kind: 'ok'; checks: ExerciseChecks } {
    const r = this.loadModule(req.checkFile, req.checks, req.exerciseId);
    if (!r.ok) return { kind: 'checksBroken', message: r.message };
    const checks = r.exports.default as ExerciseChecks | undefined;
    if (!checks || !Array.isArray(checks.checks)) {
      return { kind: 'checksBroken', message: `The checks of ${req.exerciseId} could not be loaded (the check file has no default export \`defineChecks({ checks: [...] })\`). This is a problem with the course, not your code.` };
    }
    return { kind: 'ok', checks };
  }

  /**
   * Load the learner's module in the sandbox, with the time limit and error attribution of a check:
   * its top level is the learner's code too.
   */
  private loadLearner(req: GradeRequest | DemoRequest, sandbox: Sandbox):
    { learner: Record<string, unknown> } | { error: Omit<CheckResult, 'name' | 'durationMs' | 'fn'> } {
    if ('failure' in req.learner) {
      const f = req.learner.failure;
      const inOther = path.resolve(f.file) !== path.resolve(req.learnerFile);
      if (f.line !== undefined || !f.code) {
        return { error: { status: 'errored', message: inOther ? `${f.message} (in ${path.basename(f.file)})` : f.message, ...(inOther || f.line === undefined ? {} : { line: f.line, column: f.column }) } };
      }
      return { error: { status: 'errored', message: f.code === 'ENOENT' ? `cannot read ${req.learnerFile}: the file does not exist` : f.code === 'EOUTSIDE' ? f.message : `cannot load ${path.basename(req.learnerFile)}: ${f.message}` } };
    }
    const name = path.basename(req.learnerFile);
    sandbox.deadline = performance.now() + req.timeLimitMs;
    try {
      return { learner: sandbox.load(req.learner.modules, req.learnerFile) };
    } catch (e) {
      if (e instanceof SandboxTimeout) return { error: { status: 'timedOut', message: `${name} did not finish loading within ${seconds(req.timeLimitMs)} s — is there an infinite loop outside a function (at the top level of the file)?` } };
      if (e instanceof SandboxDied) return { error: { status: 'errored', message: `${name} could not be loaded: ${e.why}` } };
      const f = learnerFrame(e, req.learnerFile);
      return { error: {
        status: 'errored',
        message: `${name} threw ${errorName(e)} while loading: ${errorMessage(e)}${f ? ` (line ${f.line})` : ''}`,
        ...(f ? { line: f.line, column: f.column } : {}),
      } };
    } finally {
      sandbox.deadline = Infinity;
    }
  }

  /** A sandbox for this request, wired to the request's log. */
  private async sandboxFor(req: GradeRequest | DemoRequest, output = { text: '' }): Promise<Sandbox> {
    const sandbox = await this.pool.take();
    sandbox.onLog = (text) => {
      // The sandbox caps what it sends per call; the grade's output is capped as a whole.
      if (output.text.length >= OUTPUT_CAP) return;
      let add = text.slice(0, OUTPUT_CAP - output.text.length);
      if (output.text.length + add.length >= OUTPUT_CAP) add += TRUNCATED;
      output.text += add;
      this.send({ kind: 'didLog', requestId: req.requestId, text: add });
    };
    sandbox.onProcessError = (e) => { reportProcessError(e); };
    return sandbox;
  }

  async grade(req: GradeRequest): Promise<GradeResult> {
    const t0 = performance.now();
    const results: CheckResult[] = [];
    const tf = this.engine.tf;
    const varsBefore = new Set(Object.keys(tf.engine().registeredVariables));
    const engine = tf.engine();
    // Tensors the check file creates at its top level live for this grade, then go.
    engine.startScope();
    const gradeDepth = scopeDepth(engine);
    let sandbox: Sandbox | undefined;
    const output = { text: '' };
    setGradeSeed(randomInt(1, 2 ** 31 - 1));
    try {
      const loaded = this.loadChecks(req);
      if (loaded.kind === 'checksBroken') {
        this.send({ kind: 'didPlan', requestId: req.requestId, checks: [{ name: 'load checks' }] });
        this.send({ kind: 'didStartCheck', requestId: req.requestId, index: 0, name: 'load checks' });
        const r: CheckResult = { name: 'load checks', status: 'errored', message: loaded.message, durationMs: 0 };
        this.send({ kind: 'didFinishCheck', requestId: req.requestId, index: 0, result: r });
        results.push(r);
      } else {
        const selected = loaded.checks.checks.filter((c) => !req.only || req.only.includes(c.name) || (c.id !== undefined && req.only.includes(c.id)));
        this.send({ kind: 'didPlan', requestId: req.requestId, checks: selected.map((c) => ({ name: c.name, fn: c.fn, ...(c.id ? { id: c.id } : {}) })) });
        sandbox = await this.sandboxFor(req, output);
        setActiveSandbox(sandbox);
        let learner = this.loadLearner(req, sandbox);
        const ctx = this.context(req);
        /** Functions that did not return (or ended the sandbox) in an earlier check, and how. */
        const stuck = new Map<string, CheckResult>();
        for (const [index, check] of selected.entries()) {
          this.send({ kind: 'didStartCheck', requestId: req.requestId, index, name: check.name, fn: check.fn });
          let r: CheckResult;
          const base = { name: check.name, ...(check.id ? { id: check.id } : {}), ...(check.fn ? { fn: check.fn } : {}) };
          const earlier = stuck.get(check.fn ?? '') ?? stuck.get('');
          if ('error' in learner) {
            r = { ...base, durationMs: 0, ...learner.error };
          } else if (earlier) {
            // Running it again would only wait for the same loop: say so at once.
            const what = check.fn ? `\`${check.fn}\`` : 'your code';
            r = { ...base, durationMs: 0, status: earlier.status,
              message: earlier.status === 'timedOut' ? `not run: ${what} did not return within ${seconds(req.timeLimitMs)} s in an earlier check` : `not run: ${what} ended the sandbox in an earlier check (${earlier.message})`,
              ...(earlier.line !== undefined ? { line: earlier.line } : {}) };
          } else {
            r = await this.runCheck(check, learner.learner, ctx, req, sandbox);
            if (r.status === 'timedOut' || sandbox.broken) {
              stuck.set(check.fn ?? '', r);
              // The learner's code may still be running there: the next check gets a new sandbox.
              void sandbox.stop();
              sandbox = await this.sandboxFor(req, output);
              setActiveSandbox(sandbox);
              learner = this.loadLearner(req, sandbox);
            }
          }
          results.push(r);
          this.send({ kind: 'didFinishCheck', requestId: req.requestId, index, result: r });
        }
        const access = req.only ? undefined : integrityResult(req.learnerSource);
        if (access) {
          this.send({ kind: 'didStartCheck', requestId: req.requestId, index: selected.length, name: access.name });
          results.push(access);
          this.send({ kind: 'didFinishCheck', requestId: req.requestId, index: selected.length, result: access });
        }
      }
    } finally {
      setActiveSandbox(undefined);
      if (sandbox) void sandbox.stop();
      this.pool.spare();
      if (gradeDepth !== undefined) endScopes(engine, gradeDepth);
      // Named variables a check created would collide with the next grade's ("already registered").
      for (const [name, v] of Object.entries(tf.engine().registeredVariables)) {
        if (!varsBefore.has(name)) { try { v.dispose(); } catch { /* already gone */ } }
      }
    }
    return {
      exercise: req.exerciseId,
      engine: this.engine.name,
      passed: results.length > 0 && results.every((r) => r.status === 'passed'),
      checks: results,
      durationMs: Math.round(performance.now() - t0),
      ...(this.engine.note ? { engineNote: this.engine.note } : {}),
      ...(output.text ? { output: output.text } : {}),
    };
  }

  /** Run `fn` and keep every tensor it creates (they outlive the grade scope). */
  private keepTensors<T>(fn: () => T): T {
    const tf = this.engine.tf;
    const engine = tf.engine();
    engine.startScope();
    const scope = (engine as unknown as { state: { activeScope?: { track?: unknown[] } } }).state.activeScope;
    try {
      return fn();
    } finally {
      for (const t of scope?.track ?? []) tf.keep(t as Parameters<typeof tf.keep>[0]);
      engine.endScope();
    }
  }

  private context(req: GradeRequest | DemoRequest): CheckContext {
    const emit = (event: PlotEvent) => this.send({ kind: 'didEmitPlot', requestId: req.requestId, event });
    return {
      emit,
      engine: this.engine.name,
      source: req.learnerSource,
      file: req.learnerFile,
      inSandbox: <T>(name: string, input?: unknown): Promise<T> => {
        const sandbox = activeSandbox();
        if (!sandbox) return Promise.reject(new Error('internal: no sandbox is running'));
        if (!('modules' in req.checks)) return Promise.reject(new Error('internal: the checks are not loaded'));
        return sandbox.demo(req.checks.modules, req.checkFile, { source: req.learnerSource, file: req.learnerFile, part: name, input },
          (event) => emit(event as PlotEvent)) as Promise<T>;
      },
    };
  }

  /** Run `body` with an engine scope, a time limit and process-level error attribution. */
  private async guarded<T>(timeLimitMs: number, sandbox: Sandbox, body: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | { ok: false; timedOut: true; looping?: boolean }> {
    const engine = this.engine.tf.engine();
    engine.startScope();
    const depth = scopeDepth(engine);
    let timer: NodeJS.Timeout | undefined;
    sandbox.deadline = performance.now() + timeLimitMs;
    try {
      return await new Promise((resolve) => {
        running = { fail: (error) => resolve({ ok: false, error }) };
        // A check awaiting the sandbox (ctx.inSandbox) is not blocked by a loop there: ask the heartbeat.
        timer = setTimeout(() => resolve({ ok: false, timedOut: true, looping: sandbox.looping() }), timeLimitMs);
        Promise.resolve().then(body).then((value) => resolve({ ok: true, value }), (error) => resolve(error instanceof SandboxTimeout ? { ok: false, timedOut: true, looping: error.looping } : { ok: false, error }));
      });
    } finally {
      running = undefined;
      sandbox.deadline = Infinity;
      clearTimeout(timer);
      if (depth !== undefined) endScopes(engine, depth);
    }
  }

  private async runCheck(check: CheckSpec, learner: Record<string, unknown>, ctx: CheckContext, req: GradeRequest, sandbox: Sandbox): Promise<CheckResult> {
    const t0 = performance.now();
    const base = { name: check.name, ...(check.id ? { id: check.id } : {}), ...(check.fn ? { fn: check.fn } : {}) };
    const source = req.learnerSource;
    const fileName = path.basename(req.learnerFile);
    const declLine = check.fn ? declarationLine(source, check.fn) : undefined;
    const at = declLine !== undefined ? { line: declLine } : {};
    // Every result that is not a pass carries a hint key: the failure's own, else the check's, else its id.
    const fallbackKey = check.hintKey ?? check.id;
    const done = (r: Omit<CheckResult, 'name' | 'durationMs'>): CheckResult => ({
      ...base, ...(r.status !== 'passed' && fallbackKey ? { hintKey: fallbackKey } : {}), ...r, durationMs: Math.round(performance.now() - t0),
    });

    if (check.fn && learner[check.fn] === undefined) {
      return done({ status: 'failed', message: `\`${check.fn}\` is not exported from ${fileName} — export it by name: \`${declarationKind(source, check.fn)}\``, ...at });
    }
    const outcome = await this.guarded(req.timeLimitMs, sandbox, () => check.run(learner, ctx));
    if (outcome.ok) return done({ status: 'passed', message: '' });
    if ('timedOut' in outcome) {
      return done({ status: 'timedOut', ...at, message: outcome.looping
        ? `took longer than ${seconds(req.timeLimitMs)} s — an infinite loop? Check your loop's exit condition`
        : `did not finish within ${seconds(req.timeLimitMs)} s — is something awaiting a promise that never settles, or looping forever?` });
    }
    const e = outcome.error;
    // Only the judge's own CheckFailure is a verdict: an error the learner's code threw that calls
    // itself "CheckFailure" arrives as a LearnerError.
    if (e instanceof CheckFailure) {
      const hintKey = e.hintKey ?? check.hintKey ?? check.id;
      return done({
        status: 'failed', message: cap(e.message), ...at,
        ...(e.expected !== undefined ? { expected: cap(e.expected) } : {}),
        ...(e.actual !== undefined ? { actual: cap(e.actual) } : {}),
        ...(hintKey ? { hintKey } : {}),
      });
    }
    if (e instanceof SandboxDied) {
      sandbox.broken = true;
      // Why it ended (out of memory, say) arrives as an event once this thread is free to listen.
      return done({ status: 'errored', message: await sandbox.whyEnded(e.why), ...at });
    }
    const frame = learnerFrame(e, req.learnerFile);
    const thrower = (frame && enclosingExport(source, frame.line, Object.keys(learner))) ?? check.fn ?? 'your code';
    const msg = cap(errorMessage(e));
    if (e instanceof LearnerError && e.exit) {
      return done({ status: 'errored', message: `${thrower}: ${e.name === 'ExitCalled' ? msg : `process.exit() ${EXIT_MESSAGE}`}`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    if (/^Not implemented/i.test(msg)) {
      return done({
        status: 'failed', message: `Not implemented yet: \`${thrower}\` still throws 'Not implemented' — write it where the // TODO is`,
        ...(frame ? { line: frame.line } : at), ...(check.hintKey ?? check.id ? { hintKey: check.hintKey ?? check.id } : {}),
      });
    }
    if (e instanceof LearnerError && /disposed|is disposed/i.test(msg) && /tensor/i.test(msg)) {
      return done({ status: 'errored', message: `${thrower} threw ${errorName(e)}: ${msg} — a tensor was used after it was disposed (did your function dispose one of its inputs, or a tensor it returns?)`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    // The top frame among the learner's files: the learner file itself or a .ts file it imports.
    const top = stackFrames(e).find((f) => /\.[cm]?tsx?$/.test(f.file) && path.resolve(f.file) !== path.resolve(req.checkFile));
    if (e instanceof LearnerError && top && path.resolve(top.file) !== path.resolve(req.learnerFile)) {
      const where = `${path.basename(top.file)} line ${top.line}${frame ? `, called from line ${frame.line}` : ''}`;
      return done({ status: 'errored', message: `${thrower} threw ${errorName(e)}: ${msg} (${where})`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    if (e instanceof LearnerError) {
      return done({ status: 'errored', message: `${thrower} threw ${errorName(e)}: ${msg}${frame ? ` (line ${frame.line})` : ''}`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    // Not the learner's exception: the check crashed on what the learner returned (e.g. a number instead of a tensor).
    const checkFrame = stackFrames(e).find((f) => path.resolve(f.file) === path.resolve(req.checkFile));
    const fn = check.fn ? `\`${check.fn}\`` : 'your code';
    return done({
      status: 'errored',
      message: `checking what ${fn} returned crashed with ${errorName(e)}: ${msg} — does ${fn} return what its signature says?` +
        (checkFrame ? ` (${path.basename(req.checkFile)}:${checkFrame.line})` : ''),
      ...at,
    });
  }

  /**
   * A demo runs in the sandbox as a whole: it trains through the learner's code, which gradients
   * cannot cross into from here, and its result is a picture, not a verdict.
   */
  async demo(req: DemoRequest): Promise<Extract<WorkerToHost, { kind: 'didFinishDemo' }>> {
    let sandbox: Sandbox | undefined;
    const finish = (ok: boolean, message: string, summary?: Record<string, number | boolean | string>) =>
      ({ kind: 'didFinishDemo' as const, requestId: req.requestId, ok, message, ...(summary ? { summary } : {}) });
    let timer: NodeJS.Timeout | undefined;
    try {
      const source = req.demo ?? { entry: req.checkFile, ...req.checks };
      if ('failure' in source) return finish(false, `The demo of ${req.exerciseId} could not be loaded (${path.basename(source.failure.file)}: ${source.failure.message}). This is a problem with the course, not your code.`);
      const entry = 'entry' in source ? source.entry : req.checkFile;
      sandbox = await this.sandboxFor(req);
      const learner = this.loadLearner(req, sandbox);
      if ('error' in learner) return finish(false, learner.error.message);
      const s = sandbox;
      const run = s.demo(source.modules, entry, { source: req.learnerSource, file: req.learnerFile },
        (event) => this.send({ kind: 'didEmitPlot', requestId: req.requestId, event: event as PlotEvent }));
      const timedOut = new Promise<'timedOut'>((resolve) => { timer = setTimeout(() => resolve('timedOut'), req.timeLimitMs); });
      const outcome = await Promise.race([run.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e })), timedOut]);
      if (outcome === 'timedOut') return finish(false, `the demo did not finish within ${seconds(req.timeLimitMs)} s`);
      if (outcome.ok) return finish(true, '', outcome.v as Record<string, number | boolean | string>);
      const e = outcome.e;
      if (e instanceof LearnerError && /has no demo/.test(e.message)) return finish(false, `${req.exerciseId} has no demo`);
      if (e instanceof SandboxDied) return finish(false, `the demo stopped: ${await s.whyEnded(e.why)}`);
      const frame = learnerFrame(e, req.learnerFile);
      return finish(false, `the demo stopped: ${errorName(e)}: ${cap(errorMessage(e))}${frame ? ` (line ${frame.line})` : ''}`);
    } finally {
      clearTimeout(timer);
      if (sandbox) void sandbox.stop();
      this.pool.spare();
    }
  }
}

type CompiledModules = import('../protocol/worker').CompiledModule[];

/**
 * A failing result when the learner's file reaches for what no exercise needs (the process,
 * `require`, tf's kernel registry, built-ins); none when it does not (so clean files see no extra check).
 */
function integrityResult(source: string): CheckResult | undefined {
  const hits = scanForGraderAccess(source);
  if (hits.length === 0) return undefined;
  const first = hits[0];
  const more = hits.length > 1 ? ` (and ${hits.length - 1} more: ${hits.slice(1, 4).map((h) => `line ${h.line} \`${h.used}\``).join(', ')})` : '';
  return {
    name: 'uses only what an exercise may use', id: 'exercise-code-only', status: 'failed', durationMs: 0,
    message: `line ${first.line} uses \`${first.used}\` — ${first.why}${more}`, line: first.line, hintKey: 'exercise-code-only',
  };
}

/** Messages, expected and actual values are capped: a learner's 60 MB error message is not a result. */
const CAP = 4000;
function cap(s: string): string {
  return s.length > CAP ? `${s.slice(0, CAP)} … (${s.length - CAP} more characters)` : s;
}

/**
 * Close our scope opened at `depth` (and any scope exercise code opened inside it and never closed,
 * which must not unbalance ours).
 */
function endScopes(engine: { endScope(): void }, depth: number): void {
  try {
    while ((scopeDepth(engine) ?? 0) >= depth && (scopeDepth(engine) ?? 0) > 0) engine.endScope();
  } catch { /* a scope the exercise code closed itself */ }
}

function scopeDepth(engine: unknown): number | undefined {
  const st = (engine as { state?: { scopeStack?: unknown[] } }).state;
  return Array.isArray(st?.scopeStack) ? st.scopeStack.length : undefined;
}

function learnerFrame(e: unknown, learnerFile: string): Frame | undefined {
  const target = path.resolve(learnerFile);
  return stackFrames(e).find((f) => path.resolve(f.file) === target);
}

/** The exported name whose declaration most closely precedes `line` (the function that threw). */
function enclosingExport(source: string, line: number, exported: string[]): string | undefined {
  let best: { name: string; line: number } | undefined;
  for (const name of exported) {
    const l = declarationLine(source, name);
    if (l !== undefined && l <= line && (!best || l > best.line)) best = { name, line: l };
  }
  return best?.name;
}
