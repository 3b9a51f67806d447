/**
 * The judge's side of the sandbox: starts the sandbox thread, loads the learner's module there and
 * hands check code a stand-in for it. `m.f(x)` on the stand-in sends `x` across, runs `f` in the
 * sandbox and returns a copy of the result made with the judge's own tf; an exception there arrives
 * here as a `LearnerError` with the learner's frames. What the sandbox observed during the call
 * (kernels, leaked tensors, console output) goes to the observers the grading helpers install.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import type { CompiledModule } from '../../protocol/worker';
import { setStackFrames } from '../loader';
import { ChannelClosed, ChannelTimeout, SyncChannel, type CallFlags, type CallReport, type Envelope, type ErrorInfo, type Reply, type Request, type Target } from './channel';
import { Codec, type Wire } from './wire';

type Tf = typeof tfType;

/** An exception thrown by the learner's code, re-created in the judge. */
export class LearnerError extends Error {
  /** process.exit() or similar was called. */
  readonly exit: boolean;
  /** tf's autodiff was used while it was switched off. */
  readonly autodiff: boolean;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
    this.exit = !!info.exit;
    this.autodiff = !!info.autodiff;
    setStackFrames(this, info.frames);
  }
}

/** The learner's code did not return before the check's time limit. */
export class SandboxTimeout extends Error {
  /** The sandbox was stuck in synchronous code (a loop), not waiting on a promise. */
  constructor(readonly looping: boolean) { super('the exercise code did not return in time'); this.name = 'SandboxTimeout'; }
}

/** The sandbox thread ended (out of memory, or killed) while the learner's code ran. */
export class SandboxDied extends Error {
  constructor(readonly why: string) { super(why); this.name = 'SandboxDied'; }
}

const REMOTE = Symbol('dl-tutor.remote');

/** The target of a stand-in function (for helpers that must run it in the sandbox, e.g. learnerGrads). */
export function remoteTarget(v: unknown): Target | undefined {
  if ((typeof v !== 'function' && typeof v !== 'object') || v === null) return undefined;
  try { return (v as Record<symbol, Target | undefined>)[REMOTE]; } catch { return undefined; }
}

interface Observer { kernels: string[]; leaked: number; calls: number }

const FUNCTION_PROPS = new Set(Object.getOwnPropertyNames(Function.prototype));

export class Sandbox {
  private worker?: Worker;
  private channel?: SyncChannel;
  private port?: import('node:worker_threads').MessagePort;
  private codec!: Codec;
  private dead?: string;
  private readonly observers: Observer[] = [];
  private readonly methods = new Map<string, Set<string>>();
  /** performance.now() by which the running check must be done. */
  deadline = Infinity;
  /** Flags for the calls made meanwhile (withAutodiffDisabled). */
  flags: CallFlags = {};
  /** Console output and stray errors of the learner's code. */
  onLog?: (text: string) => void;
  onProcessError?: (e: LearnerError) => void;
  lastNumTensors = 0;
  /** Sandbox tensors that are copies of the judge's (not counted twice by numTensors). */
  lastMirrored = 0;
  private drops: number[] = [];
  private dropping = false;
  private restoreDispose?: () => void;
  /** Set when the thread died: the runner replaces it before the next check. */
  broken = false;

  constructor(private readonly tf: Tf, private readonly opts: { engine: 'tensorflow' | 'cpu'; tfjsNode?: string; sandboxPath?: string; maxOldGenerationSizeMb?: number; maxRssMb?: number }) {}

  /** Start the thread and wait until its engine is ready. */
  async start(): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    // [0] wakes the judge, [1] wakes the sandbox, [2] the sandbox's heartbeat (ms, while its event loop turns).
    const sab = new SharedArrayBuffer(12);
    this.signal = new Int32Array(sab);
    const file = this.opts.sandboxPath ?? path.join(__dirname, 'sandbox.js');
    const worker = new Worker(file, {
      workerData: { port: port2, signal: sab, engine: this.opts.engine, tfjsNode: this.opts.tfjsNode },
      transferList: [port2],
      env: {},
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb ?? 2048 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    this.worker = worker;
    this.dead = undefined;
    worker.on('error', (e) => {
      const code = (e as { code?: string }).code;
      this.dead = code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'the grader ran out of memory while running this check — is something growing without bound, or are tensors never disposed?'
        : `the exercise code ended the sandbox: ${e.message}`;
    });
    this.exited = new Promise((resolve) => worker.once('exit', () => { this.dead ??= 'the sandbox thread ended'; resolve(); }));
    this.codec = new Codec({
      tf: this.tf,
      parity: 0,
      remoteFunction: (id, name) => this.functionProxy({ id }, name),
      remoteObject: (id, ctor) => this.objectProxy(id, ctor),
      remoteIdOf: (v) => {
        const t = remoteTarget(v);
        return t && t.method === undefined ? t.id : undefined;
      },
    });
    this.channel = new SyncChannel(port1, this.signal, 0, (req) => this.serve(req));
    this.port = port1;
    // A tensor of the judge's disposed: its copy in the sandbox goes with the next request.
    const engine = this.tf.engine() as unknown as Record<string, unknown>;
    const disposeTensor = engine.disposeTensor as (this: unknown, t: tfType.Tensor) => void;
    const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'disposeTensor');
    const codec = this.codec;
    const drops = this.drops;
    const echo = () => this.dropping;
    engine.disposeTensor = function (this: unknown, t: tfType.Tensor) {
      const id = t ? codec.mirrorId(t) : undefined;
      if (id !== undefined && !t.isDisposed && !echo()) { drops.push(id); codec.mirrors.delete(id); }
      return disposeTensor.call(this, t);
    };
    this.restoreDispose = () => { if (hadOwn) engine.disposeTensor = disposeTensor; else delete engine.disposeTensor; };
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the sandbox thread exited (${code}) before it was ready`)));
    });
    worker.removeAllListeners('message');
  }

  private exited: Promise<void> = Promise.resolve();
  private signal: Int32Array<ArrayBufferLike> = new Int32Array(3);

  /** The sandbox's event loop has not turned for a while: it is running synchronous code. */
  looping(): boolean {
    const beat = Atomics.load(this.signal, 2);
    return ((Date.now() & 0x7fffffff) - beat + 0x80000000) % 0x80000000 > 300;
  }

  /** Why the thread ended, once its exit has been seen (at most `waitMs` later). */
  async whyEnded(fallback: string, waitMs = 1000): Promise<string> {
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, waitMs))]);
    await new Promise((r) => setImmediate(r));
    return this.dead && this.dead !== 'the sandbox thread ended' ? this.dead : fallback;
  }


  /** Stop the thread (after a time-out: the learner's loop may still run there). */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.channel = undefined;
    this.restoreDispose?.();
    this.restoreDispose = undefined;
    if (w) await w.terminate().catch(() => undefined);
  }

  /** Load the learner's module; returns its stand-in. */
  load(modules: CompiledModule[], entry: string): Record<string, unknown> {
    return this.request({ op: 'load', modules, entry, learnerDir: path.dirname(entry) + path.sep }, []) as Record<string, unknown>;
  }

  /**
   * Run a demo in the sandbox (it trains through the learner's code, so it runs where that code
   * lives), streaming its plot events. Resolves with its summary; rejects with a LearnerError.
   * With `part`, runs the module's `sandboxed[part](m, input)` instead (ctx.inSandbox of a check).
   */
  demo(modules: CompiledModule[], entry: string, info: { source: string; file: string; part?: string; input?: unknown }, onEmit: (event: unknown) => void): Promise<unknown> {
    const channel = this.channel;
    const port = this.port;
    if (!channel || !port || this.dead) return Promise.reject(new SandboxDied(this.dead ?? 'the sandbox is not running'));
    const seq = channel.nextSeq();
    return new Promise((resolve, reject) => {
      const onMessage = (env: Envelope) => {
        if (env.type === 'emit') { onEmit(env.event); return; }
        if (env.type !== 'res' || env.seq !== seq) return;
        port.off('message', onMessage);
        this.worker?.off('exit', onExit);
        if (env.body.report) this.absorb(env.body.report);
        if (env.body.ok) resolve(this.codec.decode(env.body.value));
        else reject(new LearnerError(env.body.error));
      };
      const onExit = () => { port.off('message', onMessage); reject(new SandboxDied(this.dead ?? 'the sandbox thread ended during the demo')); };
      port.on('message', onMessage);
      this.worker?.once('exit', onExit);
      const { input, ...rest } = info;
      const body = { op: 'demo' as const, modules, entry, ...rest, ...(input !== undefined ? { input: this.codec.encode(input) } : {}) };
      channel.post({ type: 'req', seq, body, ...(this.drops.length ? { drop: this.drops.splice(0) } : {}) });
    });
  }

  /** Run `fn` and return what the sandbox observed during the calls it made. */
  async observe<T>(fn: () => T | Promise<T>): Promise<{ result: T; kernels: string[]; leaked: number; calls: number }> {
    const o: Observer = { kernels: [], leaked: 0, calls: 0 };
    this.observers.push(o);
    try {
      const result = await fn();
      return { result, ...o };
    } finally {
      this.observers.splice(this.observers.indexOf(o), 1);
    }
  }

  /** Differentiate a learner function in the sandbox. */
  grads(target: Target, args: unknown[], wrt: Array<number | Array<number | string>>, dy?: unknown, output?: Array<number | string>): { value: tfType.Tensor; grads: tfType.Tensor[] } {
    const { wire, objects } = this.codec.encodeArgs(args);
    const req: Request = { op: 'grads', target, args: wire, wrt, ...(dy !== undefined ? { dy: this.codec.encode(dy) } : {}), ...(output ? { output } : {}), flags: this.flags };
    return this.request(req, args, objects) as { value: tfType.Tensor; grads: tfType.Tensor[] };
  }

  /**
   * Polled while the judge waits. A sandbox whose heap runs out dies without this thread hearing
   * it (the event arrives only once it stops waiting), so the process's resident memory is watched
   * here too: past the limit the sandbox counts as dead and is replaced.
   */
  private alive = (): boolean => {
    if (this.dead !== undefined || this.worker === undefined || this.worker.threadId === -1) return false;
    const limit = this.opts.maxRssMb;
    if (limit && process.memoryUsage.rss() > limit * 1024 * 1024) {
      this.dead = `used more than ${limit} MB of memory — is something growing without bound (tensors never disposed, an array that keeps growing)?`;
      return false;
    }
    return true;
  };

  private request(req: Request, args: unknown[], inputs?: Map<number, unknown>): unknown {
    if (!this.channel || this.dead) throw new SandboxDied(this.dead ?? 'the sandbox is not running');
    let reply: Reply;
    try {
      reply = this.channel.call(req, this.deadline, this.alive, this.drops.splice(0));
    } catch (e) {
      if (e instanceof ChannelTimeout) throw new SandboxTimeout(this.looping());
      if (e instanceof ChannelClosed) throw new SandboxDied(this.dead ?? 'the sandbox thread ended while running the exercise code — did it call process.exit() or run out of memory?');
      throw e;
    }
    if (reply.report) this.absorb(reply.report);
    if (reply.back) reply.back.forEach((b, i) => { if (b !== null && b !== undefined) this.codec.applyBack(args[i], b); });
    if (!reply.ok) throw new LearnerError(reply.error);
    return this.codec.decode(reply.value, inputs);
  }

  private absorb(r: CallReport): void {
    this.lastNumTensors = r.numTensors;
    this.lastMirrored = r.mirrored;
    if (r.disposed) {
      this.dropping = true;
      try { this.codec.drop(r.disposed); } finally { this.dropping = false; }
    }
    for (const o of this.observers) {
      o.calls++;
      o.leaked += r.leaked;
      for (const k of r.kernels) if (!o.kernels.includes(k)) o.kernels.push(k);
    }
    if (r.log) this.onLog?.(r.log);
    for (const v of r.vars ?? []) {
      const mine = this.codec.vars.get(v.id);
      if (mine && !mine.isDisposed && mine.shape.join() === v.shape.join()) {
        const t = this.tf.tensor(v.data as Float32Array, v.shape, v.dtype as tfType.DataType);
        mine.assign(t);
        t.dispose();
      }
    }
    for (const e of r.processErrors ?? []) this.onProcessError?.(new LearnerError(e));
  }

  /** A request from the sandbox: the learner's code calling a function the check passed in. */
  private serve(req: Request): Reply {
    if (req.op !== 'call') return { ok: false, error: { name: 'Error', message: 'only calls are served', frames: [] } };
    const own = this.codec.owned(req.target.id);
    if (!own || typeof own.value !== 'function') return { ok: false, error: { name: 'TypeError', message: 'not a function', frames: [] } };
    try {
      const args = this.codec.decode(req.args) as unknown[];
      const v = req.construct ? Reflect.construct(own.value as () => unknown, args) : Reflect.apply(own.value as () => unknown, own.holder, args);
      return { ok: true, value: this.codec.encode(v) };
    } catch (e) {
      return { ok: false, error: { name: String((e as Error)?.name ?? 'Error'), message: String((e as Error)?.message ?? e), frames: [] } };
    }
  }

  private invoke(target: Target, args: unknown[], construct: boolean): unknown {
    const { wire, objects } = this.codec.encodeArgs(args);
    const req: Request = { op: 'call', target, args: wire, ...(construct ? { construct } : {}), flags: this.flags };
    return this.request(req, args, objects);
  }

  private functionProxy(target: Target, name: string): unknown {
    const stand = function () { /* stands for a function in the sandbox */ };
    Object.defineProperty(stand, 'name', { value: name });
    return new Proxy(stand, {
      apply: (_t, _self, args: unknown[]) => this.invoke(target, args, false),
      construct: (_t, args: unknown[]) => this.invoke(target, args, true) as object,
      get: (t, prop) => {
        if (prop === REMOTE) return target;
        if (typeof prop === 'symbol' || FUNCTION_PROPS.has(prop) || prop === 'then' || target.method !== undefined) return Reflect.get(t, prop);
        return this.request({ op: 'get', id: target.id, prop }, []);
      },
    });
  }

  private objectProxy(id: number, ctor: string): unknown {
    const methods = this.methods.get(ctor) ?? new Set<string>();
    this.methods.set(ctor, methods);
    const bound = new Map<string, unknown>();
    return new Proxy({} as Record<string | symbol, unknown>, {
      get: (_t, prop) => {
        if (prop === REMOTE) return { id };
        if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return undefined;
        if (methods.has(prop)) {
          let f = bound.get(prop);
          if (!f) { f = this.functionProxy({ id, method: prop }, prop); bound.set(prop, f); }
          return f;
        }
        const v = this.request({ op: 'get', id, prop }, []);
        if (typeof v === 'function') {
          methods.add(prop);
          const f = this.functionProxy({ id, method: prop }, prop);
          bound.set(prop, f);
          return f;
        }
        return v;
      },
      set: (_t, prop, value) => {
        if (typeof prop === 'symbol') return false;
        this.request({ op: 'set', id, prop, value: this.codec.encode(value) as Wire }, []);
        return true;
      },
      has: (_t, prop) => typeof prop === 'string' && (this.request({ op: 'keys', id }, []) as string[]).includes(prop),
      ownKeys: () => this.request({ op: 'keys', id }, []) as string[],
      getOwnPropertyDescriptor: (_t, prop) => {
        if (typeof prop === 'symbol') return undefined;
        return { configurable: true, enumerable: true, writable: true, value: this.request({ op: 'get', id, prop }, []) };
      },
      getPrototypeOf: () => Object.prototype,
    });
  }
}
