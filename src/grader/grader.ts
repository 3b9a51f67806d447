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
import type { HostToWorker, RequestFiles, WorkerToHost } from '../protocol/worker';
import { compileForWorker } from './compile';

export type EngineSetting = 'auto' | 'tensorflow' | 'cpu';

/** Limit for loading a compiled check file (no learner code runs before the plan). */
const PLAN_TIMEOUT_MS = 20_000;
/** How long an idle worker may take to answer a ping before it counts as stuck. */
const PING_TIMEOUT_MS = 3_000;
/** Strings longer than this in a worker message are cut (the worker caps them first; this is a second fence). */
const FIELD_CAP = 64 * 1024;

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
  /**
   * Resident memory (MB) the worker may use, native memory included; past it the worker is killed
   * and the check is told why. Default 3072 (DL_TUTOR_MEMORY_MB).
   */
  maxRssMb?: number;
  /** Run the worker under Node's permission model (default true): no file writes, no processes. */
  permissions?: boolean;
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
  /** Receives the answer to a health check. */
  pong?: (nonce: number) => void;
  /** It has taken a request (a fresh worker needs no health check). */
  used?: boolean;
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

  /** Process id of the running worker (diagnostics and tests). */
  workerPid(): number | undefined {
    return this.worker?.child.pid;
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
    // The learner's code runs in a thread of the worker; the worker watches its own memory (and
    // stops the thread) at the limit, the host kills the whole worker a little above it.
    env.DL_TUTOR_SANDBOX_HEAP_MB = String(Math.max(this.opts.maxOldSpaceMb ?? 4096, this.memoryLimitMb() + 2048));
    env.DL_TUTOR_MEMORY_MB = String(this.memoryLimitMb());
    const execArgv = [`--max-old-space-size=${this.opts.maxOldSpaceMb ?? 3072}`, ...(this.opts.permissions === false ? [] : permissionArgs(workerPath, env))];
    let child: ChildProcess;
    try {
      if (!fs.existsSync(workerPath)) throw new Error(`${workerPath} does not exist (run \`npm run build\`)`);
      // Its own process group: killed as a group, so nothing it started outlives it.
      child = fork(workerPath, [], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv, env, execPath: this.opts.execPath, serialization: 'json', detached: true });
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
        if (msg.kind === 'pong') { w.pong?.(msg.nonce); return; }
        if (msg.kind === 'ready') {
          clearTimeout(timer);
          w.info = { engine: msg.engine, loadMs: msg.loadMs, ...(msg.engineNote ? { engineNote: msg.engineNote } : {}) };
          this.lastInfo = w.info;
          resolve(w.info);
          return;
        }
        w.listener?.message(capFields(msg));
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
    if (!w.exited) killGroup(w.child);
  }

  /**
   * A worker that took a request must answer a ping first: one stuck in something a previous
   * request left running is replaced now, instead of a check being blamed for it later.
   */
  private async healthy(): Promise<Worker> {
    let w = this.ensureWorker();
    await w.ready;
    if (!w.used) return w;
    const ok = await new Promise<boolean>((resolve) => {
      const nonce = Math.floor(Math.random() * 2 ** 31);
      const timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      w.pong = (n) => { if (n === nonce) { clearTimeout(timer); resolve(true); } };
      try { w.child.send({ kind: 'ping', nonce } satisfies HostToWorker); } catch { clearTimeout(timer); resolve(false); }
    });
    w.pong = undefined;
    if (ok) return w;
    this.log('grader worker did not answer a health check: starting a new one\n');
    this.kill();
    w = this.ensureWorker();
    await w.ready;
    return w;
  }

  private memoryLimitMb(): number {
    return this.opts.maxRssMb ?? (Number(process.env.DL_TUTOR_MEMORY_MB) || 3072);
  }

  /** Kills the worker if its resident memory passes the limit; returns a stop function. */
  private watchMemory(w: Worker, onOver: (mb: number) => void): () => void {
    // The worker stops the sandbox itself at the limit; this fence is for what it cannot stop.
    const limit = this.memoryLimitMb() + 1024;
    const pid = w.child.pid;
    if (!pid || process.platform !== 'linux') return () => undefined;
    const timer = setInterval(() => {
      let mb = 0;
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        mb = m ? Number(m[1]) / 1024 : 0;
      } catch { return; }
      if (mb > limit) { clearInterval(timer); onOver(Math.round(mb)); }
    }, 100);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Compile the request's files here (the worker may not start esbuild's process). */
  private async files(req: GradeRequest): Promise<RequestFiles> {
    const learnerFile = path.resolve(req.learnerFile);
    const checkFile = path.resolve(req.checkFile);
    const [checks, learner] = await Promise.all([compileForWorker(checkFile), compileForWorker(learnerFile, path.dirname(learnerFile))]);
    let learnerSource = '';
    try { learnerSource = fs.readFileSync(learnerFile, 'utf8'); } catch { /* reported as the learner's compile failure */ }
    return { exerciseId: req.exerciseId, learnerFile, checkFile, checks, learner, learnerSource, timeLimitMs: req.timeLimitMs };
  }

  /** Load an exercise's checks in the worker ahead of its grade (its file became active). */
  async prepare(checkFile: string): Promise<void> {
    const checks = await compileForWorker(path.resolve(checkFile));
    if (!('modules' in checks)) return;
    void this.enqueue(async () => {
      const w = this.ensureWorker();
      await w.ready;
      w.child.send({ kind: 'prepare', checkFile: path.resolve(checkFile), checks } satisfies HostToWorker);
    }).catch(() => undefined);
  }

  private async runGrade(req: GradeRequest, cb: GradeCallbacks): Promise<GradeResult> {
    const t0 = Date.now();
    if (cb.signal?.aborted || this.disposed) return this.cancelledResult(req, [], t0);
    const filesP = this.files(req);
    let w: Worker;
    let info: EngineInfo;
    try {
      w = await this.healthy();
      info = await w.ready;
    } catch (e) {
      if (this.disposed || cb.signal?.aborted) return this.cancelledResult(req, [], t0);
      throw e;
    }
    const files = await filesP;
    w.used = true;
    if (cb.signal?.aborted) return this.cancelledResult(req, [], t0, info);
    const requestId = this.nextId++;
    const results: CheckResult[] = [];
    let plan: Array<{ name: string; fn?: string }> | undefined;
    let current: { index: number; name: string; fn?: string; started: number } | undefined;

    return new Promise<GradeResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (r: GradeResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopWatch();
        w.listener = undefined;
        cb.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const synthesize = (status: CheckResult['status'], message: string, rest: string, restStatus: CheckResult['status'] = 'errored'): GradeResult => {
        // The worker is gone: the running check gets `status`, every check not yet run is errored.
        if (current) {
          const r: CheckResult = { name: current.name, ...(current.fn ? { fn: current.fn } : {}), status, message, durationMs: Date.now() - current.started };
          results.push(r);
          cb.onCheckResult?.(current.index, r);
        }
        const doneNames = new Set(results.map((r) => r.name));
        const remaining = (plan ?? []).map((c, index) => ({ ...c, index })).filter((c) => !doneNames.has(c.name));
        for (const c of remaining) {
          const r: CheckResult = { name: c.name, ...(c.fn ? { fn: c.fn } : {}), status: restStatus, message: rest, durationMs: 0 };
          results.push(r);
          cb.onCheckResult?.(c.index, r);
        }
        if (!plan && !current) {
          results.push({ name: 'grader', status: 'errored', message, durationMs: Date.now() - t0 });
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
      const stopWatch = this.watchMemory(w, (mb) => {
        this.kill();
        finish(synthesize('errored', `used more than ${this.memoryLimitMb()} MB of memory (${mb} MB) — is something growing without bound (tensors never disposed, an array that keeps growing)?`,
          'not run: the grader was restarted after running out of memory'));
      });
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
              current = { index: msg.index, name: msg.name, fn: msg.fn, started: Date.now() };
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
          const message = code === 70
            ? `internal grader error (the grader restarts; this is not about your code)${w.stderrTail ? `: ${w.stderrTail.trim().split('\n').slice(-3).join(' ').slice(0, 400)}` : ''}`
            : oom
            ? `the grader ran out of memory while running this check (${how}) — is something growing without bound, or are tensors never disposed?`
            : signal
            ? `the grader process was killed (${how}) while running this check, from outside the grader — the next grade starts a new one; if this keeps happening, the computer may be short of memory`
            : `the grader process exited (${how}) while running this check — did your code call process.exit()?`;
          finish(synthesize('errored', message, `not run: the grader process exited (${how})`));
        },
      };
      const msg: HostToWorker = { kind: 'grade', requestId, ...files, ...(req.only ? { only: req.only } : {}) };
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
    const filesP = this.files(req);
    const w = await this.healthy();
    const files = await filesP;
    const demoFile = files.checkFile.replace(/\.check\.ts$/, '.demo.ts');
    const demo = demoFile !== files.checkFile && fs.existsSync(demoFile) ? await compileForWorker(demoFile) : undefined;
    w.used = true;
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
      w.child.send({ kind: 'demo', requestId, ...files,
        ...(demo ? { demo: 'modules' in demo ? { entry: demoFile, modules: demo.modules } : demo } : {}) } satisfies HostToWorker);
    });
  }
}

/** Kill a worker and everything in its process group. */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

/**
 * Node's permission model for the worker: it reads only its own bundles and installed packages,
 * loads native addons (tfjs-node) and starts threads (the sandbox); it cannot write files or start
 * processes. Sockets are not covered by Node 20's model: the sandbox is given no way to reach
 * them (no `require`, no `process.binding`, no `fetch`).
 */
export function permissionArgs(workerPath: string, env: NodeJS.ProcessEnv): string[] {
  const root = path.dirname(path.dirname(path.resolve(workerPath)));
  const reads = new Set([path.join(root, 'dist'), path.join(root, 'node_modules')]);
  const extra = env.DL_TUTOR_TFJS_NODE;
  if (extra && path.isAbsolute(extra)) {
    const i = extra.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    reads.add(i >= 0 ? extra.slice(0, i + '/node_modules'.length) : path.dirname(extra));
  }
  // Where "Install the native TensorFlow engine" put it (or a checkout the tests point at).
  if (env.DL_TUTOR_NATIVE_ENGINE_DIR && path.isAbsolute(env.DL_TUTOR_NATIVE_ENGINE_DIR)) reads.add(path.join(env.DL_TUTOR_NATIVE_ENGINE_DIR, 'node_modules'));
  // The model checks real paths: a symlinked node_modules is allowed where it really is.
  const real = (p: string) => { try { return fs.realpathSync(p); } catch { return p; } };
  return ['--experimental-permission', '--allow-addons', '--allow-worker', '--no-warnings',
    ...[...reads].flatMap((r) => [...new Set([r, real(r)])]).map((r) => `--allow-fs-read=${r}${path.sep}*`)];
}

/** A second fence on what crosses from the worker: strings in a result are cut to FIELD_CAP. */
function capFields(msg: WorkerToHost): WorkerToHost {
  const cut = (s: string | undefined) => (s !== undefined && s.length > FIELD_CAP ? `${s.slice(0, FIELD_CAP)} … (${s.length - FIELD_CAP} more characters)` : s);
  if (msg.kind === 'didFinishCheck') {
    const r = msg.result;
    if ((r.message?.length ?? 0) > FIELD_CAP || (r.expected?.length ?? 0) > FIELD_CAP || (r.actual?.length ?? 0) > FIELD_CAP) {
      return { ...msg, result: { ...r, message: cut(r.message) ?? '', ...(r.expected !== undefined ? { expected: cut(r.expected) } : {}), ...(r.actual !== undefined ? { actual: cut(r.actual) } : {}) } };
    }
  }
  if (msg.kind === 'didLog' && msg.text.length > FIELD_CAP) return { ...msg, text: cut(msg.text) ?? '' };
  return msg;
}
