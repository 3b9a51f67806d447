/**
 * A synchronous request/reply channel between two threads: a MessagePort carries the messages, a
 * shared Int32Array wakes the waiting side (Atomics.wait). Synchronous, because a check calls the
 * learner's function like a function (`const y = m.sigmoid(x)`), and while one side waits for its
 * reply it still answers the other side's requests (a learner function calling a check's callback,
 * which calls the learner again).
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Wire } from './wire';
import type { CompiledModule } from '../../protocol/worker';

/** A handle owned by the receiving side, optionally a method of it. */
export interface Target { id: number; method?: string }

export interface CallFlags {
  /** tf's autodiff throws during the call (exercises that compute gradients by hand). */
  noAutodiff?: boolean;
}

export type Request =
  | { op: 'load'; modules: CompiledModule[]; entry: string; learnerDir: string }
  | { op: 'call'; target: Target; /** The argument list, as one value: aliases between arguments survive. */ args: Wire; construct?: boolean; flags?: CallFlags }
  | { op: 'grads'; target: Target; args: Wire; wrt: Array<number | Array<number | string>>; dy?: Wire; output?: Array<number | string>; flags?: CallFlags }
  | { op: 'get'; id: number; prop: string }
  | { op: 'set'; id: number; prop: string; value: Wire }
  | { op: 'keys'; id: number }
  /** Run a demo here, with the learner's module loaded before; answered asynchronously. */
  | { op: 'demo'; modules: CompiledModule[]; entry: string; source: string; file: string;
      /** Run the module's `sandboxed[part]` (a check's setup that must live next to the learner's code) instead of its demo. */
      part?: string; input?: Wire };

/** Every request also carries the pair ids of tensors the judge disposed since the last one. */
export type Envelope = { type: 'req'; seq: number; body: Request; drop?: number[] } | { type: 'res'; seq: number; body: Reply }
  /** A plot event of a demo running in the sandbox. */
  | { type: 'emit'; event: unknown };

export interface Frame { file: string; line: number; column: number; fn?: string }

/** A thrown value, described where it was thrown. */
export interface ErrorInfo {
  name: string;
  message: string;
  /** Frames in the learner's files, mapped to .ts lines. */
  frames: Frame[];
  /** tf's autodiff was called while it was switched off. */
  autodiff?: boolean;
  /** process.exit() or similar was called. */
  exit?: boolean;
}

/** What the sandbox observed during one call from the judge. */
export interface CallReport {
  /** Top-level kernels run, in first-use order (also those called through the kernel registry). */
  kernels: string[];
  /** Tensors left alive by the call that it did not return. */
  leaked: number;
  /** Live tensors in the sandbox after the call. */
  numTensors: number;
  /** Of those, copies of tensors the judge holds too. */
  mirrored: number;
  /** Pair ids of tensors the learner's code disposed: the judge disposes its copies. */
  disposed?: number[];
  /** Console output of the learner's code (capped). */
  log?: string;
  /** Errors thrown later by timers or unhandled promises of the learner's code. */
  processErrors?: ErrorInfo[];
  /** Values of every variable mirrored between the two sides, after the call. */
  vars?: Array<{ id: number; shape: number[]; dtype: string; data: ArrayBufferView }>;
}

export type Reply =
  | { ok: true; value: Wire; back?: Wire[]; report?: CallReport }
  | { ok: false; error: ErrorInfo; back?: Wire[]; report?: CallReport };


export class ChannelTimeout extends Error {
  constructor() { super('timed out'); this.name = 'ChannelTimeout'; }
}
export class ChannelClosed extends Error {
  constructor() { super('the sandbox thread ended'); this.name = 'ChannelClosed'; }
}

export class SyncChannel {
  private seq = 0;
  /** Called with a request's `drop` list before it is handled. */
  onDrop?: (ids: number[] | undefined) => void;

  /**
   * @param signal shared cells: [0] wakes the judge, [1] wakes the sandbox.
   * @param mine the cell this side waits on; the other side's is 1 − mine.
   */
  constructor(
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    private readonly mine: 0 | 1,
    private readonly handle: (req: Request) => Reply,
  ) {}

  /** Send without waiting (a reply, or a request answered asynchronously). */
  post(env: Envelope): void {
    this.port.postMessage(env);
    const theirs = 1 - this.mine;
    Atomics.add(this.signal, theirs, 1);
    Atomics.notify(this.signal, theirs);
  }

  /** A fresh sequence number (for requests answered asynchronously). */
  nextSeq(): number {
    return ++this.seq;
  }

  reply(seq: number, body: Reply): void {
    this.post({ type: 'res', seq, body });
  }

  /**
   * Send a request and wait for its reply, answering the other side's requests meanwhile.
   * `deadline` (performance.now() ms) ends the wait with ChannelTimeout; `alive()` is polled so a
   * thread that died does not leave us waiting for the whole limit.
   */
  call(body: Request, deadline = Infinity, alive: () => boolean = () => true, drop?: number[]): Reply {
    const seq = ++this.seq;
    this.post({ type: 'req', seq, body, ...(drop?.length ? { drop } : {}) });
    for (;;) {
      const seen = Atomics.load(this.signal, this.mine);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const env = got.message as Envelope;
        if (env.type === 'res' && env.seq === seq) return env.body;
        if (env.type === 'req') { this.onDrop?.(env.drop); this.reply(env.seq, this.safeHandle(env.body)); }
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new ChannelTimeout();
      if (!alive()) throw new ChannelClosed();
      Atomics.wait(this.signal, this.mine, seen, Math.min(left, 20));
    }
  }

  private safeHandle(req: Request): Reply {
    try {
      return this.handle(req);
    } catch (e) {
      return { ok: false, error: { name: 'Error', message: `internal: ${(e as Error)?.message ?? String(e)}`, frames: [] } };
    }
  }
}
