/**
 * Runs one grade or demo request inside the worker: compiles the check file and the learner file,
 * runs the checks one by one with guard rails, and reports each result as it finishes.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { format } from 'node:util';
import type { CheckResult, GradeResult } from '../protocol/results';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';
import type { PlotEvent } from '../protocol/plots';
import type { CheckContext, CheckSpec, DemoSpec, ExerciseChecks } from './grading/api';
import { CompileError, compileGraph, evaluate, stackFrames, type Builtins, type Frame } from './loader';
import type { Engine } from './engine';

type GradeRequest = Extract<HostToWorker, { kind: 'grade' }>;
type DemoRequest = Extract<HostToWorker, { kind: 'demo' }>;
export type Send = (msg: WorkerToHost) => void;

const OUTPUT_CAP = 16 * 1024;

/** What the running check is, so process-level events can be attributed to it. */
interface Running { fail(err: unknown): void }
let running: Running | undefined;

/** An error reported by the process (unhandled rejection, uncaught exception) while a check runs. */
export function reportProcessError(err: unknown): boolean {
  if (!running) return false;
  running.fail(err);
  return true;
}

export class ExitCalled extends Error {
  constructor(what: string) {
    super(`${what} was called by the exercise code — a graded function must return, not exit`);
    this.name = 'ExitCalled';
    // Even if exercise code catches this error, the running check must not pass.
    exitCalled ??= this;
  }
}
let exitCalled: ExitCalled | undefined;

/**
 * Timers created while a request runs. A learner's forgotten `setInterval` must not keep firing
 * (and printing) into later grades in this long-lived process: whatever is still pending when the
 * request ends is cleared.
 */
class TimerTracker {
  private readonly pending = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  private saved?: { st: typeof setTimeout; si: typeof setInterval; sim: typeof setImmediate };
  start(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { st: setTimeout, si: setInterval, sim: setImmediate };
    this.saved = saved;
    const track = <F extends (...a: never[]) => NodeJS.Timeout | NodeJS.Immediate>(orig: F): F => {
      const wrapped = ((...a: Parameters<F>) => {
        const h = orig(...a);
        this.pending.add(h);
        return h;
      }) as unknown as F;
      return Object.assign(wrapped, orig);
    };
    g.setTimeout = track(saved.st as never);
    g.setInterval = track(saved.si as never);
    g.setImmediate = track(saved.sim as never);
  }
  stop(): void {
    if (!this.saved) return;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = this.saved.st;
    g.setInterval = this.saved.si;
    g.setImmediate = this.saved.sim;
    this.saved = undefined;
    for (const h of this.pending) {
      if ('refresh' in h) clearTimeout(h);
      else clearImmediate(h);
    }
    this.pending.clear();
  }
}

/** Capture console output of exercise code while a request runs (capped). */
class OutputCapture {
  text = '';
  private truncated = false;
  private saved: Partial<Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', (...a: unknown[]) => void>> = {};
  constructor(private readonly onText: (t: string) => void) {}
  start(): void {
    for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      this.saved[k] = console[k];
      console[k] = (...args: unknown[]) => this.write(format(...args) + '\n');
    }
  }
  stop(): void {
    for (const [k, f] of Object.entries(this.saved)) (console as unknown as Record<string, unknown>)[k] = f;
    this.saved = {};
  }
  private write(t: string): void {
    if (this.truncated) return;
    const room = OUTPUT_CAP - this.text.length;
    if (t.length > room) {
      t = t.slice(0, room) + `\n… output truncated at ${OUTPUT_CAP / 1024} KB\n`;
      this.truncated = true;
    }
    this.text += t;
    this.onText(t);
  }
}

/** 1-based line of `name`'s declaration in the learner source (exported or not). */
export function declarationLine(source: string, name: string): number | undefined {
  const n = name.replace(/[$]/g, '\\$');
  const patterns = [
    new RegExp(`^[ \\t]*export\\s+(?:default\\s+)?(?:declare\\s+)?(?:async\\s+)?(?:abstract\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s*${n}\\b`, 'm'),
    new RegExp(`^[ \\t]*export\\s*\\{[^}]*\\b${n}\\b[^}]*\\}`, 'm'),
    new RegExp(`^[ \\t]*(?:async\\s+)?(?:abstract\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s*${n}\\b`, 'm'),
  ];
  for (const re of patterns) {
    const m = re.exec(source);
    if (m) return source.slice(0, m.index).split('\n').length;
  }
  return undefined;
}

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

function isCheckFailure(e: unknown): e is Error & { expected?: string; actual?: string; hintKey?: string } {
  return e instanceof Error && e.name === 'CheckFailure';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

export class Runner {
  constructor(private readonly engine: Engine, private readonly grading: Record<string, unknown>, private readonly send: Send) {}

  private builtins(): Builtins {
    const tf = this.engine.tf;
    return {
      '@tensorflow/tfjs': tf,
      '@tensorflow/tfjs-node': tf,
      '@tensorflow/tfjs-core': tf,
      'dl-tutor/grading': this.grading,
    };
  }

  /** Compile the check file and the learner file (in parallel), then load the checks. */
  private async loadChecks(req: GradeRequest | DemoRequest): Promise<
    | { kind: 'checksBroken'; message: string }
    | { kind: 'ok'; checks: ExerciseChecks; learnerCompile: PromiseSettledResult<unknown>; source: string }
  > {
    const [checkGraph, learnerCompile] = await Promise.allSettled([compileGraph(req.checkFile), compileGraph(req.learnerFile)]);
    let checks: ExerciseChecks;
    try {
      if (checkGraph.status === 'rejected') throw checkGraph.reason;
      const mod = evaluate(req.checkFile, this.builtins(), { fresh: false, persist: (fn) => this.keepTensors(fn) }) as { default?: ExerciseChecks };
      checks = mod.default as ExerciseChecks;
      if (!checks || !Array.isArray(checks.checks)) throw new Error('the check file has no default export `defineChecks({ checks: [...] })`');
    } catch (e) {
      const where = e instanceof CompileError ? `${path.basename(e.file)}: ${e.message}` : `${errorName(e)}: ${errorMessage(e)}`;
      return { kind: 'checksBroken', message: `The checks of ${req.exerciseId} could not be loaded (${where}). This is a problem with the course, not your code.` };
    }
    let source = '';
    try { source = fs.readFileSync(req.learnerFile, 'utf8'); } catch { /* reported by loadLearner */ }
    return { kind: 'ok', checks, learnerCompile, source };
  }

  /**
   * Evaluate the learner module (fresh every time), with the time limit and error attribution of a
   * check: its top level is the learner's code too. A synchronous loop there is the host's to stop.
   */
  private async loadLearner(req: GradeRequest | DemoRequest, learnerCompile: PromiseSettledResult<unknown>):
    Promise<{ learner: Record<string, unknown> } | { error: Omit<CheckResult, 'id' | 'name' | 'durationMs' | 'fn'> }> {
    if (learnerCompile.status === 'rejected') {
      const e = learnerCompile.reason as unknown;
      if (e instanceof CompileError) {
        const inOther = path.resolve(e.file) !== path.resolve(req.learnerFile);
        return { error: {
          status: 'errored',
          message: inOther ? `${e.message} (in ${path.basename(e.file)})` : e.message,
          ...(inOther ? {} : { line: e.line, column: e.column }),
        } };
      }
      const code = (e as { code?: string }).code;
      return { error: {
        status: 'errored',
        message: code === 'ENOENT' ? `cannot read ${req.learnerFile}: the file does not exist` : `cannot load ${path.basename(req.learnerFile)}: ${errorMessage(e)}`,
      } };
    }
    const outcome = await this.guarded(req.timeLimitMs, () => evaluate(req.learnerFile, this.builtins(), { fresh: true }) as Record<string, unknown>, false);
    if (outcome.ok) return { learner: outcome.value };
    const name = path.basename(req.learnerFile);
    if ('timedOut' in outcome) {
      return { error: { status: 'timedOut', message: `${name} did not finish loading within ${seconds(req.timeLimitMs)} s` } };
    }
    const e = outcome.error;
    const f = learnerFrame(e, req.learnerFile);
    return { error: {
      status: 'errored',
      message: `${name} threw ${errorName(e)} while loading: ${errorMessage(e)}${f ? ` (line ${f.line})` : ''}`,
      ...(f ? { line: f.line, column: f.column } : {}),
    } };
  }

  async grade(req: GradeRequest): Promise<GradeResult> {
    const t0 = performance.now();
    const results: CheckResult[] = [];
    const capture = new OutputCapture((text) => this.send({ kind: 'didLog', requestId: req.requestId, text }));
    const tf = this.engine.tf;
    const varsBefore = new Set(Object.keys(tf.engine().registeredVariables));
    const timers = new TimerTracker();
    capture.start();
    timers.start();
    const engine = tf.engine();
    // Tensors the check file and the learner's module create at their top level live for this grade, then go.
    engine.startScope();
    const gradeDepth = scopeDepth(engine);
    try {
      const loaded = await this.loadChecks(req);
      if (loaded.kind === 'checksBroken') {
        this.send({ kind: 'didPlan', requestId: req.requestId, checks: [{ id: 'load-checks', name: 'load checks' }] });
        this.send({ kind: 'didStartCheck', requestId: req.requestId, index: 0, id: 'load-checks', name: 'load checks' });
        const r: CheckResult = { id: 'load-checks', name: 'load checks', status: 'errored', message: loaded.message, durationMs: 0 };
        this.send({ kind: 'didFinishCheck', requestId: req.requestId, index: 0, result: r });
        results.push(r);
      } else {
        // By id; a name is accepted too, for callers that still select checks by name.
        const selected = loaded.checks.checks.filter((c) => !req.only || req.only.includes(c.id) || req.only.includes(c.name));
        this.send({ kind: 'didPlan', requestId: req.requestId, checks: selected.map((c) => ({ id: c.id, name: c.name, fn: c.fn })) });
        const learner = await this.loadLearner(req, loaded.learnerCompile);
        const ctx = this.context(req, loaded.source);
        for (const [index, check] of selected.entries()) {
          this.send({ kind: 'didStartCheck', requestId: req.requestId, index, id: check.id, name: check.name, fn: check.fn });
          let r: CheckResult;
          if ('error' in learner) {
            r = { id: check.id, name: check.name, ...(check.fn ? { fn: check.fn } : {}), durationMs: 0, hintKey: check.hintKey ?? check.id, ...learner.error };
          } else {
            r = await this.runCheck(check, learner.learner, ctx, req, loaded.source);
          }
          results.push(r);
          this.send({ kind: 'didFinishCheck', requestId: req.requestId, index, result: r });
        }
      }
    } finally {
      if (gradeDepth !== undefined) endScopes(engine, gradeDepth);
      timers.stop();
      capture.stop();
      // Named variables the exercise created would collide with the next grade's ("already registered").
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
      ...(capture.text ? { output: capture.text } : {}),
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

  private context(req: GradeRequest | DemoRequest, source: string): CheckContext {
    return {
      emit: (event: PlotEvent) => this.send({ kind: 'didEmitPlot', requestId: req.requestId, event }),
      engine: this.engine.name,
      source,
      file: req.learnerFile,
    };
  }

  /** Run `body` with an engine scope, a time limit and process-level error attribution. */
  private async guarded<T>(timeLimitMs: number, body: () => T | Promise<T>, scoped = true): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | { ok: false; timedOut: true }> {
    const engine = this.engine.tf.engine();
    if (scoped) engine.startScope();
    const depth = scopeDepth(engine);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise((resolve) => {
        running = { fail: (error) => resolve({ ok: false, error }) };
        timer = setTimeout(() => resolve({ ok: false, timedOut: true }), timeLimitMs);
        Promise.resolve().then(body).then((value) => resolve({ ok: true, value }), (error) => resolve({ ok: false, error }));
      });
    } finally {
      running = undefined;
      clearTimeout(timer);
      if (scoped && depth !== undefined) endScopes(engine, depth);
    }
  }

  private async runCheck(check: CheckSpec, learner: Record<string, unknown>, ctx: CheckContext, req: GradeRequest, source: string): Promise<CheckResult> {
    const t0 = performance.now();
    const base = { id: check.id, name: check.name, ...(check.fn ? { fn: check.fn } : {}) };
    const fileName = path.basename(req.learnerFile);
    const declLine = check.fn ? declarationLine(source, check.fn) : undefined;
    const at = declLine !== undefined ? { line: declLine } : {};
    // Every result that is not a pass carries a hint key: the failure's own, else the check's, else its id.
    const done = (r: Omit<CheckResult, 'id' | 'name' | 'durationMs'>): CheckResult => ({
      ...base, ...(r.status === 'passed' ? {} : { hintKey: check.hintKey ?? check.id }), ...r, durationMs: Math.round(performance.now() - t0),
    });

    if (check.fn && learner[check.fn] === undefined) {
      return done({ status: 'failed', message: `\`${check.fn}\` is not exported from ${fileName} — export it by name: \`${declarationKind(source, check.fn)}\``, ...at });
    }
    exitCalled = undefined;
    let outcome = await this.guarded(req.timeLimitMs, () => check.run(learner, ctx));
    if (exitCalled && (outcome.ok || !(outcome as { error?: unknown }).error)) outcome = { ok: false, error: exitCalled };
    exitCalled = undefined;
    if (outcome.ok) return done({ status: 'passed', message: '' });
    if ('timedOut' in outcome) {
      return done({ status: 'timedOut', message: `did not finish within ${seconds(req.timeLimitMs)} s — is something awaiting a promise that never settles, or looping forever?`, ...at });
    }
    const e = outcome.error;
    if (isCheckFailure(e)) {
      return done({
        status: 'failed', message: e.message, ...at,
        ...(e.expected !== undefined ? { expected: e.expected } : {}),
        ...(e.actual !== undefined ? { actual: e.actual } : {}),
        ...(e.hintKey ? { hintKey: e.hintKey } : {}),
      });
    }
    const frame = learnerFrame(e, req.learnerFile);
    const thrower = (frame && enclosingExport(source, frame.line, Object.keys(learner))) ?? check.fn ?? 'your code';
    const msg = errorMessage(e);
    if (e instanceof ExitCalled) {
      return done({ status: 'errored', message: `${thrower}: ${msg}`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    if (/^Not implemented/i.test(msg)) {
      return done({
        status: 'failed', message: `Not implemented yet: \`${thrower}\` still throws 'Not implemented' — write it where the // TODO is`,
        ...(frame ? { line: frame.line } : at),
      });
    }
    // The top frame among the learner's files: the learner file itself or a .ts file it imports
    // (next to it, not the checks). Its line is named; `line` stays in the learner's file.
    const learnerDir = path.dirname(path.resolve(req.learnerFile));
    const top = stackFrames(e).find((f) => /\.[cm]?tsx?$/.test(f.file) && path.resolve(f.file) !== path.resolve(req.checkFile) &&
      path.dirname(path.resolve(f.file)).startsWith(learnerDir));
    if (top && path.resolve(top.file) !== path.resolve(req.learnerFile)) {
      const where = `${path.basename(top.file)} line ${top.line}${frame ? `, called from line ${frame.line}` : ''}`;
      return done({ status: 'errored', message: `${thrower} threw ${errorName(e)}: ${msg} (${where})`, ...(frame ? { line: frame.line, column: frame.column } : at) });
    }
    if (frame) {
      return done({ status: 'errored', message: `${thrower} threw ${errorName(e)}: ${msg} (line ${frame.line})`, line: frame.line, column: frame.column });
    }
    // No learner frame: the check crashed on what the learner returned (e.g. a number instead of a tensor).
    const checkFrame = stackFrames(e).find((f) => path.resolve(f.file) === path.resolve(req.checkFile));
    const fn = check.fn ? `\`${check.fn}\`` : 'your code';
    return done({
      status: 'errored',
      message: `checking what ${fn} returned crashed with ${errorName(e)}: ${msg} — does ${fn} return what its signature says?` +
        (checkFrame ? ` (${path.basename(req.checkFile)}:${checkFrame.line})` : ''),
      ...at,
    });
  }

  async demo(req: DemoRequest): Promise<Extract<WorkerToHost, { kind: 'didFinishDemo' }>> {
    const capture = new OutputCapture((text) => this.send({ kind: 'didLog', requestId: req.requestId, text }));
    const timers = new TimerTracker();
    const engine = this.engine.tf.engine();
    capture.start();
    timers.start();
    engine.startScope();
    const gradeDepth = scopeDepth(engine);
    try {
      const loaded = await this.loadChecks(req);
      if (loaded.kind === 'checksBroken') return { kind: 'didFinishDemo', requestId: req.requestId, ok: false, message: loaded.message };
      // The demo is `<id>.demo.ts` beside the check file; the exercise has one exactly when that file exists.
      const demoFile = req.checkFile.replace(/\.check\.ts$/, '.demo.ts');
      if (demoFile === req.checkFile || !fs.existsSync(demoFile)) return { kind: 'didFinishDemo', requestId: req.requestId, ok: false, message: `${req.exerciseId} has no demo` };
      let demo: DemoSpec;
      try {
        await compileGraph(demoFile);
        demo = (evaluate(demoFile, this.builtins(), { fresh: false, persist: (fn) => this.keepTensors(fn) }) as { default: DemoSpec }).default;
        if (typeof demo?.run !== 'function') throw new Error('the demo file has no default export `defineDemo({ run })`');
      } catch (e) {
        const where = e instanceof CompileError ? `${path.basename(e.file)}: ${e.message}` : `${errorName(e)}: ${errorMessage(e)}`;
        return { kind: 'didFinishDemo', requestId: req.requestId, ok: false, message: `The demo of ${req.exerciseId} could not be loaded (${where}). This is a problem with the course, not your code.` };
      }
      const learner = await this.loadLearner(req, loaded.learnerCompile);
      if ('error' in learner) return { kind: 'didFinishDemo', requestId: req.requestId, ok: false, message: learner.error.message };
      const ctx = this.context(req, loaded.source);
      const outcome = await this.guarded(req.timeLimitMs, () => demo.run(learner.learner, ctx));
      if (outcome.ok) return { kind: 'didFinishDemo', requestId: req.requestId, ok: true, message: '', summary: outcome.value };
      if ('timedOut' in outcome) return { kind: 'didFinishDemo', requestId: req.requestId, ok: false, message: `the demo did not finish within ${seconds(req.timeLimitMs)} s` };
      const frame = learnerFrame(outcome.error, req.learnerFile);
      return { kind: 'didFinishDemo', requestId: req.requestId, ok: false,
        message: `the demo stopped: ${errorName(outcome.error)}: ${errorMessage(outcome.error)}${frame ? ` (line ${frame.line})` : ''}` };
    } finally {
      if (gradeDepth !== undefined) endScopes(engine, gradeDepth);
      timers.stop();
      capture.stop();
    }
  }
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
