/**
 * Host side of the grader worker: forks dist/worker.js, queues requests (one at a time), enforces
 * per-check time limits by killing the worker, turns crashes into `errored` results, and honours
 * cancellation. Node APIs only: the VS Code extension imports this, so nothing heavy loads here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckResult, EngineName, GradeResult } from '../protocol/results';
import type { PlotEvent } from '../protocol/plots';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';

export type EngineSetting = 'auto' | 'tensorflow' | 'cpu';

/** Limit for compiling and loading a check file (no learner code runs before the plan). */
const PLAN_TIMEOUT_MS = 60_000;

export interface GraderOptions {
  /** Path of dist/worker.js; default: worker.js next to the running bundle (or found above it). */
  workerPath?: string;
  /** Engine the worker loads (DL_TUTOR_ENGINE); default auto. */
  engine?: EngineSetting;
  /** V8 old-space limit of the worker in MB (the memory limit of exercise code). */
  maxOldSpaceMb?: number;
  /** Extra time after a check's limit before the host kills a worker stuck in a synchronous loop. */
  graceMs?: number;
  /** How long the worker may take to load its engine. */
  startTimeoutMs?: number;
  /** Node binary for the worker (default: this process's). */
  execPath?: string;
  /**
   * Multiplies every time limit (default: DL_TUTOR_TIME_SCALE or 1), for machines much slower
   * than the ones the limits were set on (a loaded CI runner).
   */
  timeScale?: number;
  /** Extra environment variables for the worker. */
  env?: Record<string, string>;
  /** Worker stdout/stderr and other diagnostics. */
  onLog?: (text: string) => void;
}

export interface EngineInfo { engine: EngineName; engineNote?: string; loadMs: number }

export interface GradeRequest {
  exerciseId: string;
  learnerFile: string;
  checkFile: string;
  timeLimitMs: number;
  only?: string[];
}

export interface GradeCallbacks {
  onPlan?(checks: Array<{ name: string; fn?: string }>): void;
  onCheckStart?(index: number, name: string, fn?: string): void;
  onCheckResult?(index: number, result: CheckResult): void;
  onPlot?(event: PlotEvent): void;
  /** Console output of the exercise code. */
  onLog?(text: string): void;
  signal?: AbortSignal;
}

export interface DemoResult {
  ok: boolean;
  message: string;
  summary?: Record<string, number | boolean | string>;
  cancelled?: boolean;
  durationMs: number;
}

/** The worker could not start (broken installation): distinct from a learner's failing code. */
export class GraderStartError extends Error {
  constructor(message: string) { super(message); this.name = 'GraderStartError'; }
}

/** worker.js next to this bundle, else the first dist/worker.js above it (test bundles live in dist/test/…). */
export function defaultWorkerPath(from: string = __dirname): string {
  const here = path.join(from, 'worker.js');
  if (fs.existsSync(here)) return here;
  let dir = from;
  for (;;) {
    const c = path.join(dir, 'dist', 'worker.js');
    if (fs.existsSync(c)) return c;
    const parent = path.dirname(dir);
    if (parent === dir) return here;
    dir = parent;
  }
}

interface Worker {
  child: ChildProcess;
  ready: Promise<EngineInfo>;
  info?: EngineInfo;
  stderrTail: string;
  /** Set while a request runs: receives the worker's messages and its exit. */
  listener?: { message(msg: WorkerToHost): void; exit(code: number | null, signal: NodeJS.Signals | null): void };
  exited: boolean;
  /** The process has exited (set at once; `exited` waits for its last stderr). */
  dead?: boolean;
}

export class Grader {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;
  private lastInfo?: EngineInfo;

  constructor(private readonly opts: GraderOptions = {}) {}

  /** Engine of the running (or last) worker, once it has reported ready. */
  engine(): EngineInfo | undefined {
    return this.worker?.info ?? this.lastInfo;
  }

  /** Start the worker now (e.g. after activation) instead of on the first grade. */
  warmUp(): Promise<EngineInfo> {
    return this.ensureWorker().ready;
  }

  /** Grade one learner file. Never rejects for learner mistakes; rejects with GraderStartError if the worker cannot start. */
  grade(req: GradeRequest, cb: GradeCallbacks = {}): Promise<GradeResult> {
    return this.enqueue(() => this.runGrade({ ...req, timeLimitMs: this.scaled(req.timeLimitMs) }, cb));
  }

  private scaled(ms: number): number {
    const k = this.opts.timeScale ?? Number(process.env.DL_TUTOR_TIME_SCALE || 1);
    return Number.isFinite(k) && k > 0 ? Math.round(ms * k) : ms;
  }

  /** Run an exercise's demo on a learner (or solution) file, streaming plots. */
  demo(req: Omit<GradeRequest, 'only'>, cb: { onPlot?(e: PlotEvent): void; onLog?(text: string): void; signal?: AbortSignal } = {}): Promise<DemoResult> {
    return this.enqueue(() => this.runDemo({ ...req, timeLimitMs: this.scaled(req.timeLimitMs) }, cb));
  }

  /** Stop the worker; pending requests end as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.kill();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = this.queue.then(job, job);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private log(text: string): void {
    this.opts.onLog?.(text);
  }

  private ensureWorker(): Worker {
    if (this.disposed) throw new GraderStartError('the grader was disposed');
    if (this.worker && !this.worker.exited && !this.worker.dead) return this.worker;
    const workerPath = this.opts.workerPath ?? defaultWorkerPath();
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: '0' };
    Object.assign(env, this.opts.env);
    if (this.opts.engine) env.DL_TUTOR_ENGINE = this.opts.engine;
    const execArgv = [`--max-old-space-size=${this.opts.maxOldSpaceMb ?? 3072}`];
    let child: ChildProcess;
    try {
      if (!fs.existsSync(workerPath)) throw new Error(`${workerPath} does not exist (run \`npm run build\`)`);
      child = fork(workerPath, [], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv, env, execPath: this.opts.execPath, serialization: 'json' });
    } catch (e) {
      throw new GraderStartError(`cannot start the grader worker: ${(e as Error).message}`);
    }
    const w: Worker = { child, ready: undefined as unknown as Promise<EngineInfo>, stderrTail: '', exited: false };
    child.stdout?.setEncoding('utf8').on('data', (d: string) => this.log(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      w.stderrTail = (w.stderrTail + d).slice(-4000);
      this.log(d);
    });
    w.ready = new Promise<EngineInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new GraderStartError(`the grader worker did not start within ${(this.opts.startTimeoutMs ?? 60000) / 1000} s`));
        this.kill();
      }, this.opts.startTimeoutMs ?? 60000);
      child.on('message', (msg: WorkerToHost) => {
        if (msg.kind === 'ready') {
          clearTimeout(timer);
          w.info = { engine: msg.engine, loadMs: msg.loadMs, ...(msg.engineNote ? { engineNote: msg.engineNote } : {}) };
          this.lastInfo = w.info;
          resolve(w.info);
          return;
        }
        w.listener?.message(msg);
      });
      const onGone = (code: number | null, signal: NodeJS.Signals | null) => {
        if (w.exited) return;
        w.exited = true;
        clearTimeout(timer);
        if (!w.info) {
          const tail = w.stderrTail.trim().split('\n').slice(-5).join('\n');
          reject(new GraderStartError(`the grader worker exited before it was ready (${signal ? `signal ${signal}` : `code ${code}`})${tail ? `: ${tail}` : ''}`));
        }
        if (this.worker === w) this.worker = undefined;
        w.listener?.exit(code, signal);
      };
      // 'exit' can come before the last stderr bytes (e.g. V8's "heap out of memory") are read:
      // wait briefly for stderr to end so the crash message can say why.
      let stderrEnded = false;
      child.stderr?.on('end', () => { stderrEnded = true; });
      child.on('exit', (code, signal) => {
        w.dead = true;
        if (stderrEnded || !child.stderr) { onGone(code, signal); return; }
        const t = setTimeout(() => onGone(code, signal), 200);
        child.stderr.once('end', () => { clearTimeout(t); onGone(code, signal); });
      });
      child.on('error', (e) => {
        this.log(`grader worker error: ${e.message}\n`);
        onGone(null, null);
      });
    });
    w.ready.catch(() => undefined);
    this.worker = w;
    return w;
  }

  private kill(): void {
    const w = this.worker;
    if (!w) return;
    this.worker = undefined;
    if (!w.exited) {
      try { w.child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }

  private async runGrade(req: GradeRequest, cb: GradeCallbacks): Promise<GradeResult> {
    const t0 = Date.now();
    if (cb.signal?.aborted || this.disposed) return this.cancelledResult(req, [], t0);
    const w = this.ensureWorker();
    let info: EngineInfo;
    try {
      info = await w.ready;
    } catch (e) {
      if (this.disposed || cb.signal?.aborted) return this.cancelledResult(req, [], t0);
      throw e;
    }
    if (cb.signal?.aborted) return this.cancelledResult(req, [], t0, info);
    const requestId = this.nextId++;
    const results: CheckResult[] = [];
    let plan: Array<{ id: string; name: string; fn?: string }> | undefined;
    let current: { index: number; id: string; name: string; fn?: string; started: number } | undefined;

    return new Promise<GradeResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (r: GradeResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.listener = undefined;
        cb.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const synthesize = (status: CheckResult['status'], message: string, rest: string, restStatus: CheckResult['status'] = 'errored'): GradeResult => {
        // The worker is gone: the running check gets `status`, every check not yet run is errored.
        if (current) {
          const r: CheckResult = { id: current.id, name: current.name, ...(current.fn ? { fn: current.fn } : {}), status, message, durationMs: Date.now() - current.started };
          results.push(r);
          cb.onCheckResult?.(current.index, r);
        }
        const doneNames = new Set(results.map((r) => r.name));
        const remaining = (plan ?? []).map((c, index) => ({ ...c, index })).filter((c) => !doneNames.has(c.name));
        for (const c of remaining) {
          const r: CheckResult = { id: c.id, name: c.name, ...(c.fn ? { fn: c.fn } : {}), status: restStatus, message: rest, durationMs: 0 };
          results.push(r);
          cb.onCheckResult?.(c.index, r);
        }
        if (!plan && !current) {
          results.push({ id: 'grader', name: 'grader', status: 'errored', message, durationMs: Date.now() - t0 });
        }
        return {
          exercise: req.exerciseId, engine: info.engine, passed: false, checks: results, durationMs: Date.now() - t0,
          ...(info.engineNote ? { engineNote: info.engineNote } : {}),
        };
      };
      const onAbort = () => {
        this.kill();
        finish(this.cancelledResult(req, results, t0, info));
      };
      const secs = (ms: number) => (ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1));
      const grace = this.opts.graceMs ?? 1000;
      // Before the plan the worker compiles and loads the checks (no learner code runs): a generous limit.
      timer = setTimeout(() => {
        this.kill();
        finish(synthesize('errored', `the grader did not answer within ${secs(PLAN_TIMEOUT_MS)} s while loading the checks`, 'not run'));
      }, PLAN_TIMEOUT_MS);
      cb.signal?.addEventListener('abort', onAbort);
      w.listener = {
        message: (msg) => {
          if (!('requestId' in msg) || msg.requestId !== requestId) return;
          switch (msg.kind) {
            case 'didPlan':
              plan = msg.checks;
              cb.onPlan?.(msg.checks);
              // Next the worker evaluates the learner's module: its top level could loop forever.
              clearTimeout(timer);
              timer = setTimeout(() => {
                this.kill();
                finish(synthesize('timedOut', '', `${path.basename(req.learnerFile)} did not finish loading within ${secs(req.timeLimitMs)} s — ` +
                  'is there an infinite loop outside a function (at the top level of the file)?', 'timedOut'));
              }, req.timeLimitMs + grace);
              break;
            case 'didStartCheck': {
              current = { index: msg.index, id: msg.id, name: msg.name, fn: msg.fn, started: Date.now() };
              cb.onCheckStart?.(msg.index, msg.name, msg.fn);
              clearTimeout(timer);
              timer = setTimeout(() => {
                this.kill();
                finish(synthesize('timedOut', `took longer than ${secs(req.timeLimitMs)} s — an infinite loop? Check your loop's exit condition`,
                  'not run: the grader restarted after the time-out'));
              }, req.timeLimitMs + grace);
              break;
            }
            case 'didFinishCheck':
              clearTimeout(timer);
              current = undefined;
              results.push(msg.result);
              cb.onCheckResult?.(msg.index, msg.result);
              // Between checks the worker only does bookkeeping, unless a timer the exercise scheduled
              // runs a loop: then the next check never starts.
              timer = setTimeout(() => {
                this.kill();
                finish(synthesize('errored', '', 'not run: the grader stopped responding after the previous check — ' +
                  'is code your exercise scheduled (a timer or callback) still running?'));
              }, req.timeLimitMs + grace);
              break;
            case 'didEmitPlot':
              cb.onPlot?.(msg.event);
              break;
            case 'didLog':
              cb.onLog?.(msg.text);
              break;
            case 'didFinishGrade':
              // A check the worker timed out may still be running in the background (an async loop):
              // start the next grade in a clean process rather than share the CPU with it.
              if (msg.result.checks.some((c) => c.status === 'timedOut')) this.kill();
              finish(msg.result);
              break;
            default:
              break;
          }
        },
        exit: (code, signal) => {
          if (this.disposed) { finish(this.cancelledResult(req, results, t0, info)); return; }
          const oom = /heap out of memory|Allocation failed/i.test(w.stderrTail);
          const how = signal ? `signal ${signal}` : `code ${code}`;
          const message = oom
            ? `the grader ran out of memory while running this check (${how}) — is something growing without bound, or are tensors never disposed?`
            : `the grader process exited (${how}) while running this check — did your code call process.exit()?`;
          finish(synthesize('errored', message, `not run: the grader process exited (${how})`));
        },
      };
      const msg: HostToWorker = { kind: 'grade', requestId, exerciseId: req.exerciseId, learnerFile: path.resolve(req.learnerFile),
        checkFile: path.resolve(req.checkFile), timeLimitMs: req.timeLimitMs, ...(req.only ? { only: req.only } : {}) };
      try {
        w.child.send(msg);
      } catch (e) {
        finish(synthesize('errored', `cannot reach the grader process: ${(e as Error).message}`, 'not run'));
      }
    });
  }

  private cancelledResult(req: GradeRequest, results: CheckResult[], t0: number, info?: EngineInfo): GradeResult {
    const engine = info ?? this.engine();
    return {
      exercise: req.exerciseId, engine: engine?.engine ?? 'cpu', passed: false, checks: results, durationMs: Date.now() - t0, cancelled: true,
      ...(engine?.engineNote ? { engineNote: engine.engineNote } : {}),
    };
  }

  private async runDemo(req: Omit<GradeRequest, 'only'>, cb: { onPlot?(e: PlotEvent): void; onLog?(text: string): void; signal?: AbortSignal }): Promise<DemoResult> {
    const t0 = Date.now();
    if (cb.signal?.aborted || this.disposed) return { ok: false, message: 'cancelled', cancelled: true, durationMs: 0 };
    const w = this.ensureWorker();
    await w.ready;
    const requestId = this.nextId++;
    return new Promise<DemoResult>((resolve) => {
      let settled = false;
      const finish = (r: Omit<DemoResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.listener = undefined;
        cb.signal?.removeEventListener('abort', onAbort);
        resolve({ ...r, durationMs: Date.now() - t0 });
      };
      const onAbort = () => { this.kill(); finish({ ok: false, message: 'cancelled', cancelled: true }); };
      cb.signal?.addEventListener('abort', onAbort);
      // The demo's clock includes loading; the worker enforces the limit for async work, we for a stuck loop.
      const timer = setTimeout(() => {
        this.kill();
        finish({ ok: false, message: `the demo took longer than ${Math.round(req.timeLimitMs / 1000)} s and was stopped` });
      }, req.timeLimitMs + (this.opts.graceMs ?? 1000) + 2000);
      w.listener = {
        message: (msg) => {
          if (!('requestId' in msg) || msg.requestId !== requestId) return;
          if (msg.kind === 'didEmitPlot') cb.onPlot?.(msg.event);
          else if (msg.kind === 'didLog') cb.onLog?.(msg.text);
          else if (msg.kind === 'didFinishDemo') finish({ ok: msg.ok, message: msg.message, ...(msg.summary ? { summary: msg.summary } : {}) });
        },
        exit: (code, signal) => finish({ ok: false, message: `the grader process exited (${signal ? `signal ${signal}` : `code ${code}`}) during the demo` }),
      };
      w.child.send({ kind: 'demo', requestId, exerciseId: req.exerciseId, learnerFile: path.resolve(req.learnerFile),
        checkFile: path.resolve(req.checkFile), timeLimitMs: req.timeLimitMs } satisfies HostToWorker);
    });
  }
}
