/**
 * The sandbox (dist/sandbox.js): a worker thread of the grader process, with its own V8 isolate and
 * its own TensorFlow.js. The learner's module is loaded and run here, and only here. Whatever it
 * patches (tf, prototypes, Math, Promise, console) is this thread's copy: the judge, which computes
 * references and verdicts, lives in another isolate and only ever sees copies of what came back.
 *
 * Per call from the judge the sandbox observes what the rules need (kernels run, tensors leaked,
 * autodiff attempted) and reports it with the reply.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type * as tfType from '@tensorflow/tfjs';
import { borrowCpuKernels } from '../cpuFallback';
import { installFastCpuKernels } from '../fastCpuKernels';
import { SyncChannel, type CallFlags, type CallReport, type Envelope, type ErrorInfo, type Reply, type Request, type Target } from './channel';
import { Codec, isTensorLike, type Wire } from './wire';
import { rngState } from '../../data/rng';
import { valueAt, withValueAt } from './paths';
import { evaluate, installStackMapping, registerModules, stackFrames } from '../loader';
import * as grading from '../grading';

type DemoRun = (m: unknown, ctx: unknown) => unknown;
type SandboxedPart = (m: unknown, input: unknown, ctx: unknown) => unknown;

type Tf = typeof tfType;

interface Data { port: MessagePort; signal: SharedArrayBuffer; engine: 'tensorflow' | 'cpu'; tfjsNode?: string }
const data = workerData as Data;
const LOG_CAP = 16 * 1024;
const MESSAGE_CAP = 4000;

// ---- the engine -----------------------------------------------------------------------------
function loadTf(): Tf {
  if (data.engine === 'tensorflow') return require(data.tfjsNode || '@tensorflow/tfjs-node') as Tf;
  const tf = require('@tensorflow/tfjs') as Tf;
  const warn = console.warn;
  console.warn = () => undefined;
  try { void tf.setBackend('cpu'); } finally { console.warn = warn; }
  return tf;
}
const tf = loadTf();
if (data.engine === 'tensorflow') borrowCpuKernels(tf);
else installFastCpuKernels(tf);
const engine = tf.engine() as unknown as Record<string, unknown> & { state: { activeScope?: { name?: string } | null } };

// ---- observation hooks, installed before any learner code runs ---------------------------------
let recording: string[] | undefined;
let kernelDepth = 0;
let disposedOld = 0;
let startId = Number.MAX_SAFE_INTEGER;
let noAutodiff = false;
/** Set while disposing copies the judge asked to drop (those need no report back). */
let dropping = false;
let autodiffAttempted = false;

function record(name: string): void {
  if (recording && name && !recording.includes(name)) recording.push(name);
}

// Every registered kernel, so `tf.getKernel(name, backend).kernelFunc(...)` is seen too.
for (const backend of ['tensorflow', 'cpu']) {
  let configs: Array<{ kernelName: string; kernelFunc: (...a: unknown[]) => unknown }> = [];
  try { configs = tf.getKernelsForBackend(backend) as unknown as typeof configs; } catch { /* backend not registered */ }
  for (const k of configs) {
    const inner = k.kernelFunc;
    if (typeof inner !== 'function') continue;
    const name = k.kernelName;
    k.kernelFunc = function (this: unknown, ...a: unknown[]) {
      if (kernelDepth === 0) record(name);
      kernelDepth++;
      try { return inner.apply(this, a); } finally { kernelDepth--; }
    };
  }
}
// Ops with a custom gradient (tf.losses.*, logSoftmax) run without a registered kernel name: the
// engine's active scope names them.
const runKernelFunc = engine.runKernelFunc as (this: unknown, p: { kernelName?: string }) => unknown;
engine.runKernelFunc = function (this: unknown, p: { kernelName?: string }) {
  if (kernelDepth === 0 && (p == null || p.kernelName == null)) record(engine.state.activeScope?.name ?? '');
  if (p == null || p.kernelName == null) return runKernelFunc.call(this, p);
  if (kernelDepth === 0) record(p.kernelName);
  kernelDepth++;
  try { return runKernelFunc.call(this, p); } finally { kernelDepth--; }
};
const disposeTensor = engine.disposeTensor as (this: unknown, t: tfType.Tensor) => void;
/** The id of the newest tensor (tf's counter is a static of its engine class: every id passes here). */
let lastTensorId = 0;
const nextTensorId = engine.nextTensorId as (this: unknown) => number;
engine.nextTensorId = function (this: unknown) {
  const id = nextTensorId.call(this);
  if (id > lastTensorId) lastTensorId = id;
  return id;
};
const disposedPairs: number[] = [];
engine.disposeTensor = function (this: unknown, t: tfType.Tensor) {
  if (t && t.id < startId && !t.isDisposed) disposedOld++;
  const pairId = t && !t.isDisposed ? codec.mirrorId(t) : undefined;
  if (pairId !== undefined && !dropping) { disposedPairs.push(pairId); codec.mirrors.delete(pairId); }
  return disposeTensor.call(this, t);
};
const gradients = engine.gradients as (...a: unknown[]) => unknown;
engine.gradients = function (this: unknown, ...a: unknown[]) {
  if (noAutodiff) {
    autodiffAttempted = true;
    throw new Error('autodiff is disabled in this exercise: compute the gradients by hand');
  }
  stepHook?.before();
  const r = gradients.apply(this, a) as { value?: { dataSync?(): ArrayLike<number> } };
  stepHook?.after(r?.value);
  return r;
};

/**
 * Training steps, counted where every one of them passes: one gradient computation (model.fit,
 * trainOnBatch, optimizer.minimize, tf.variableGrads and tf.grads all go through engine.gradients).
 * Past `max` the next step throws, so a run cannot train beyond its budget.
 */
interface StepHook { before(): void; after(value: unknown): void }
let stepHook: StepHook | undefined;
class TrainingBudgetExceeded extends Error {
  constructor(max: number) { super(`training went past its budget of ${max} steps`); this.name = 'TrainingBudgetExceeded'; }
}
async function countTrainingSteps<T>(run: () => T | Promise<T>, o: { max?: number; onStep?: (step: number, loss: number) => void } = {}): Promise<{ value: T; steps: number }> {
  let steps = 0;
  const prev = stepHook;
  stepHook = {
    before() {
      if (o.max !== undefined && steps >= o.max) { steps++; throw new TrainingBudgetExceeded(o.max); }
      steps++;
      prev?.before();
    },
    after(value) {
      if (o.onStep) {
        const v = (value as { dataSync?(): ArrayLike<number> } | undefined)?.dataSync?.();
        o.onStep(steps, v && v.length === 1 ? Number(v[0]) : NaN);
      }
      prev?.after(value);
    },
  };
  try {
    const value = await run();
    return { value, steps };
  } catch (e) {
    if (e instanceof Error) (e as Error & { steps?: number }).steps = steps;
    throw e;
  } finally {
    stepHook = prev;
  }
}

// ---- what learner code cannot reach ------------------------------------------------------------
class ExitCalled extends Error {
  constructor(what: string) {
    super(`${what} was called by the exercise code — a graded function must return, not exit`);
    this.name = 'ExitCalled';
  }
}
/** The error process.exit() threw (at the learner's line), kept even if the learner caught it. */
let exitCalled: ExitCalled | undefined;
function harden(): void {
  const p = process as unknown as Record<string, unknown>;
  const refuse = (what: string, exit = false) => () => {
    if (!exit) throw new Error(`${what} is not available to exercise code`);
    const e = new ExitCalled(what);
    exitCalled ??= e;
    throw e;
  };
  const replace = (obj: Record<string, unknown>, key: string, value: unknown) => {
    for (let o: Record<string, unknown> | null = obj; o; o = Object.getPrototypeOf(o) as Record<string, unknown> | null) {
      if (Object.prototype.hasOwnProperty.call(o, key)) {
        try { Object.defineProperty(o, key, { value, writable: false, configurable: false }); } catch { /* not configurable */ }
      }
    }
    try { Object.defineProperty(obj, key, { value, writable: false, configurable: false }); } catch { /* already defined */ }
  };
  for (const k of ['exit', 'abort', 'reallyExit']) replace(p, k, refuse(`process.${k}()`, true));
  for (const k of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', 'send', 'chdir', 'setuid', 'setgid', '_kill', 'openStdin']) {
    if (k in p) replace(p, k, refuse(`process.${k}`));
  }
  p.mainModule = undefined;
  const g = globalThis as Record<string, unknown>;
  for (const k of ['fetch', 'WebSocket', 'EventSource', 'Request', 'Response', 'Headers', 'FormData']) {
    try { delete g[k]; } catch { /* ignore */ }
  }
}

// ---- console and stray errors of learner code ----------------------------------------------
let log = '';
let logTruncated = false;
function write(text: string): void {
  if (logTruncated) return;
  if (log.length + text.length > LOG_CAP) {
    log += text.slice(0, Math.max(0, LOG_CAP - log.length)) + `\n… output truncated at ${LOG_CAP / 1024} KB\n`;
    logTruncated = true;
  } else log += text;
}
function fmt(a: unknown[]): string {
  return a.map((x) => {
    try {
      if (typeof x === 'string') return x;
      if (isTensorLike(x)) return x.toString();
      return require('node:util').inspect(x, { depth: 3, breakLength: 120 }) as string;
    } catch { return '[unprintable]'; }
  }).join(' ');
}
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  (console as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => write(fmt(a).slice(0, LOG_CAP) + '\n');
}
const processErrors: ErrorInfo[] = [];
process.on('uncaughtException', (e) => { if (processErrors.length < 5) processErrors.push(describeError(e)); });
process.on('unhandledRejection', (e) => { if (processErrors.length < 5) processErrors.push(describeError(e)); });

let learnerDir = '';
function describeError(e: unknown): ErrorInfo {
  let name = 'Error';
  let message = '';
  try {
    if (e instanceof Error) {
      name = String(e.name);
      message = String(e.message);
    } else if (typeof e === 'string') {
      name = 'a string';
      message = e;
    } else {
      name = e === null ? 'null' : `a ${typeof e}`;
      try { message = JSON.stringify(e) ?? String(e); } catch { message = Object.prototype.toString.call(e); }
    }
  } catch {
    message = '(an object whose message could not be read)';
  }
  message = message.replace(/^Invalid TF_Status: \d+\s*Message:\s*/, '');
  if (message.length > MESSAGE_CAP) message = message.slice(0, MESSAGE_CAP) + ` … (${message.length - MESSAGE_CAP} more characters)`;
  if (name.length > 100) name = name.slice(0, 100);
  let frames: ErrorInfo['frames'] = [];
  try { frames = stackFrames(e).filter((f) => f.file.startsWith(learnerDir)).slice(0, 20); } catch { /* ignore */ }
  const info: ErrorInfo = { name, message, frames };
  if (autodiffAttempted) info.autodiff = true;
  if (e instanceof ExitCalled || exitCalled) info.exit = true;
  return info;
}

// ---- the channel --------------------------------------------------------------------------
const port = data.port;
const signal = new Int32Array(data.signal);
const remoteIds = new WeakMap<object, number>();
const codec: Codec = new Codec({
  tf,
  parity: 1,
  remoteFunction: (id, name) => {
    // A function of the check's (a callback): calling it asks the judge, synchronously.
    const stub = function (this: unknown, ...args: unknown[]) {
      const r = channel.call({ op: 'call', target: { id }, args: codec.encode(args) });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name });
      return codec.decode(r.value);
    };
    Object.defineProperty(stub, 'name', { value: name });
    remoteIds.set(stub, id);
    return stub;
  },
  remoteObject: (id) => {
    const o = {};
    remoteIds.set(o, id);
    return o;
  },
  remoteIdOf: (v) => (typeof v === 'object' || typeof v === 'function') && v !== null ? remoteIds.get(v) : undefined,
});
const channel = new SyncChannel(port, signal, 1, (req) => {
  // A request that arrives while this thread waits on a callback: answered synchronously.
  const r = handle(req);
  if (r instanceof Promise) return { ok: false, error: { name: 'Error', message: 'an async function cannot be awaited inside a callback', frames: [] } };
  return r;
});

let learnerExports: unknown;
let depth = 0;

function targetOf(t: Target): { fn: (...a: unknown[]) => unknown; self: unknown } {
  const own = codec.owned(t.id);
  if (!own) throw new Error(`internal: unknown handle ${t.id}`);
  if (t.method !== undefined) {
    const obj = own.value as Record<string, unknown>;
    const fn = obj[t.method];
    if (typeof fn !== 'function') throw new TypeError(`${t.method} is not a function`);
    return { fn: fn as (...a: unknown[]) => unknown, self: obj };
  }
  return { fn: own.value as (...a: unknown[]) => unknown, self: own.holder };
}

/** Wire form of what the learner did to the arguments (arrays changed in place, tensors disposed). */
function argsBack(args: unknown[]): Wire[] {
  return args.map((a) => {
    if (rngState(a)) return codec.encode(a);
    if (a === null || typeof a !== 'object') return null;
    if (isTensorLike(a)) return a.isDisposed ? { $: 'gone', shape: a.shape.slice(), dtype: a.dtype } : null;
    try { return codec.encode(a); } catch { return null; }
  });
}

function report(numBefore: number, returnedNew: number): CallReport {
  const r: CallReport = {
    kernels: recording ?? [],
    leaked: tf.memory().numTensors - numBefore + disposedOld - returnedNew,
    numTensors: tf.memory().numTensors,
    // Pairs leave the map when either side disposes its copy.
    mirrored: codec.mirrors.size,
  };
  if (log) { r.log = log; log = ''; }
  if (processErrors.length) r.processErrors = processErrors.splice(0);
  if (disposedPairs.length) r.disposed = disposedPairs.splice(0);
  if (codec.vars.size) {
    r.vars = [...codec.vars].filter(([, v]) => !v.isDisposed).map(([id, v]) => ({ id, shape: v.shape.slice(), dtype: v.dtype, data: (v.dataSync() as Float32Array).slice() }));
  }
  return r;
}

function countNew(value: unknown, since: number): number {
  const seen = new Set<unknown>();
  let n = 0;
  const walk = (v: unknown, d: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || d > 40) return;
    seen.add(v);
    if (isTensorLike(v)) { if (v.id >= since && !v.isDisposed) n++; return; }
    if (ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) { for (const x of v) walk(x, d + 1); return; }
    if (v instanceof Map) { for (const x of v.values()) walk(x, d + 1); return; }
    if (Object.getPrototypeOf(v) === Object.prototype) for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], d + 1);
  };
  walk(value, 0);
  return n;
}

/** Run one learner call with the observations a top-level call gets. */
function observed(flags: CallFlags | undefined, args: unknown[], body: () => unknown, finish: (value: unknown) => Wire): Reply | Promise<Reply> {
  const top = depth === 0;
  depth++;
  let numBefore = 0;
  if (top) {
    startId = lastTensorId + 1;
    numBefore = tf.memory().numTensors;
    disposedOld = 0;
    recording = [];
    noAutodiff = !!flags?.noAutodiff;
    autodiffAttempted = false;
    exitCalled = undefined;
  }
  const since = startId;
  const end = (ok: boolean, valueOrError: unknown): Reply => {
    depth--;
    let reply: Reply;
    if (exitCalled) { ok = false; valueOrError = exitCalled; }
    if (ok && autodiffAttempted) { ok = false; valueOrError = new Error('autodiff is disabled in this exercise: compute the gradients by hand'); }
    if (ok) {
      let value: Wire;
      try {
        value = finish(valueOrError);
      } catch (e) {
        reply = { ok: false, error: describeError(e) };
        if (top) { reply.back = argsBack(args); reply.report = report(numBefore, 0); }
        return reply;
      }
      reply = { ok: true, value };
      if (top) { reply.back = argsBack(args); reply.report = report(numBefore, countNew(valueOrError, since)); }
    } else {
      reply = { ok: false, error: describeError(valueOrError) };
      if (top) { reply.back = argsBack(args); reply.report = report(numBefore, 0); }
    }
    if (top) { recording = undefined; noAutodiff = false; startId = Number.MAX_SAFE_INTEGER; }
    return reply;
  };
  let value: unknown;
  try {
    value = body();
  } catch (e) {
    return end(false, e);
  }
  if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function' && value instanceof Promise) {
    return value.then((v) => end(true, v), (e) => end(false, e));
  }
  return end(true, value);
}

function handle(req: Request): Reply | Promise<Reply> {
  switch (req.op) {
    case 'load': {
      registerModules(req.modules);
      learnerDir = req.learnerDir;
      harden();
      return observed(undefined, [], () => {
        learnerExports = evaluate(req.entry, { '@tensorflow/tfjs': tf, '@tensorflow/tfjs-node': tf, '@tensorflow/tfjs-core': tf }, { fresh: true });
        return learnerExports;
      }, (v) => codec.encode(v));
    }
    case 'call': {
      const { args, inputs } = codec.decodeArgs(req.args);
      return observed(req.flags, args, () => {
        const { fn, self } = targetOf(req.target);
        return req.construct ? Reflect.construct(fn, args) : Reflect.apply(fn, self, args);
      }, (v) => codec.encode(v, undefined, inputs));
    }
    case 'grads': {
      const { args } = codec.decodeArgs(req.args);
      const dy = req.dy === undefined ? undefined : (codec.decode(req.dy) as tfType.Tensor);
      return observed({ ...req.flags, noAutodiff: false }, args, () => {
        const { fn, self } = targetOf(req.target);
        const f = (...w: tfType.Tensor[]) => {
          let a = args;
          req.wrt.forEach((p, k) => { a = withValueAt(a, p, w[k]); });
          return valueAt(Reflect.apply(fn, self, a), req.output) as tfType.Tensor;
        };
        const { value, grads } = tf.valueAndGrads(f)(req.wrt.map((p) => valueAt(args, typeof p === 'number' ? [p] : p) as tfType.Tensor), dy);
        return { value, grads };
      }, (v) => codec.encode(v));
    }
    case 'get': {
      const own = codec.owned(req.id);
      if (!own) return { ok: false, error: { name: 'Error', message: `internal: unknown handle ${req.id}`, frames: [] } };
      return observed(undefined, [], () => (own.value as Record<string, unknown>)[req.prop], (v) => codec.encode(v, own.value));
    }
    case 'set': {
      const own = codec.owned(req.id);
      if (!own) return { ok: false, error: { name: 'Error', message: `internal: unknown handle ${req.id}`, frames: [] } };
      return observed(undefined, [], () => { (own.value as Record<string, unknown>)[req.prop] = codec.decode(req.value); }, () => null);
    }
    case 'keys': {
      const own = codec.owned(req.id);
      return observed(undefined, [], () => (own ? Object.keys(own.value as object) : []), (v) => codec.encode(v));
    }
    case 'demo': {
      registerModules(req.modules);
      const builtins = { '@tensorflow/tfjs': tf, '@tensorflow/tfjs-node': tf, '@tensorflow/tfjs-core': tf, 'dl-tutor/grading': grading };
      const mod = evaluate(req.entry, builtins, { fresh: true }) as { default?: { run?: DemoRun; demo?: { run?: DemoRun } }; sandboxed?: Record<string, SandboxedPart> };
      const ctx = {
        emit: (event: unknown) => port.postMessage({ type: 'emit', event }),
        engine: data.engine, source: req.source, file: req.file,
        inSandbox: () => Promise.reject(new Error('internal: inSandbox is for checks running in the judge')),
        countTrainingSteps,
      };
      if (req.part !== undefined) {
        const part = mod.sandboxed?.[req.part];
        if (typeof part !== 'function') return { ok: false, error: { name: 'Error', message: `internal: the check file exports no sandboxed.${req.part}`, frames: [] } };
        const input = req.input === undefined ? undefined : codec.decode(req.input);
        return Promise.resolve()
          .then(() => part(learnerExports, input, ctx))
          .then((value) => ({ ok: true as const, value: codec.encode(value) }), (e) => ({ ok: false as const, error: describeError(e) }));
      }
      const run = typeof mod.default?.run === 'function' ? mod.default.run : mod.default?.demo?.run;
      if (typeof run !== 'function') return { ok: false, error: { name: 'Error', message: 'this exercise has no demo', frames: [] } };
      return Promise.resolve()
        .then(() => run(learnerExports, ctx))
        .then((summary) => ({ ok: true as const, value: codec.encode(summary) }), (e) => ({ ok: false as const, error: describeError(e) }));
    }
    default:
      return { ok: false, error: { name: 'Error', message: 'internal: unknown request', frames: [] } };
  }
}

// Requests arriving while this thread is idle (the usual case).
function drop(ids: number[] | undefined): void {
  if (!ids) return;
  dropping = true;
  try { codec.drop(ids); } finally { dropping = false; }
}
channel.onDrop = drop;
port.on('message', (env: Envelope) => {
  if (env.type !== 'req') return;
  drop(env.drop);
  let r: Reply | Promise<Reply>;
  try {
    r = handle(env.body);
  } catch (e) {
    r = { ok: false, error: describeError(e) };
  }
  if (r instanceof Promise) void r.then((x) => channel.reply(env.seq, x), (e) => channel.reply(env.seq, { ok: false, error: describeError(e) }));
  else channel.reply(env.seq, r);
});

installStackMapping();
// A heartbeat the judge reads after a time-out: stale means a synchronous loop, fresh means the
// learner's code is waiting on a promise.
setInterval(() => Atomics.store(signal, 2, Date.now() & 0x7fffffff), 50).unref();
Atomics.store(signal, 2, Date.now() & 0x7fffffff);
void (async () => {
  await tf.ready();
  parentPort?.postMessage({ kind: 'ready', backend: tf.getBackend() });
})();
