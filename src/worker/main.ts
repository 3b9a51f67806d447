/**
 * The grader worker (dist/worker.js): a child process forked by src/grader/, the only process that
 * loads TensorFlow.js. Its main thread is the judge (check files, references, verdicts); the
 * learner's code runs in a fresh sandbox thread per request (dist/sandbox.js), one of which is
 * always started ahead. Requests are answered one at a time over Node IPC.
 */
import * as path from 'node:path';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';
import * as grading from './grading';
import { engineChoice, loadEngine, type Engine } from './engine';
import { installStackMapping } from './loader';
import { Runner, reportProcessError, type SandboxPool } from './runner';
import { Sandbox } from './sandbox/remote';

const realExit = process.exit.bind(process);

/** The result channel, taken before anything else runs here. */
const realSend = process.send?.bind(process);
function send(msg: WorkerToHost): void {
  realSend?.(msg);
}

process.on('unhandledRejection', (reason) => {
  if (!reportProcessError(reason)) process.stderr.write(`dl-tutor worker: unhandled rejection outside a check: ${String((reason as Error)?.stack ?? reason)}\n`);
});
process.on('uncaughtException', (err) => {
  if (!reportProcessError(err)) process.stderr.write(`dl-tutor worker: uncaught exception outside a check: ${String(err?.stack ?? err)}\n`);
});

// The host closing the IPC channel means it is gone: leave with it.
process.on('disconnect', () => realExit(0));

const queue: HostToWorker[] = [];
let runner: Runner | undefined;
let busy = false;

process.on('message', (msg: HostToWorker) => {
  if (msg.kind === 'shutdown') realExit(0);
  // Answered at once, even mid-grade: the host's health check.
  if (msg.kind === 'ping') { send({ kind: 'pong', nonce: msg.nonce }); return; }
  queue.push(msg);
  void pump();
});

async function pump(): Promise<void> {
  if (busy || !runner) return;
  busy = true;
  try {
    while (queue.length) {
      const msg = queue.shift()!;
      try {
        if (msg.kind === 'grade') {
          const result = await runner.grade(msg);
          send({ kind: 'didFinishGrade', requestId: msg.requestId, result });
        } else if (msg.kind === 'demo') {
          send(await runner.demo(msg));
        } else if (msg.kind === 'prepare') {
          runner.prepare(msg);
        }
      } catch (e) {
        // A bug of ours, not the learner's: the host reports it and starts a new worker.
        process.stderr.write(`dl-tutor worker: internal grader error: ${String((e as Error)?.stack ?? e)}\n`);
        realExit(70);
      }
    }
  } finally {
    busy = false;
  }
}

/** One sandbox is always loading or ready ahead of the next request. */
class Pool implements SandboxPool {
  next?: Promise<Sandbox>;
  constructor(private readonly engine: Engine) {}
  private start(): Promise<Sandbox> {
    const s = new Sandbox(this.engine.tf, {
      engine: this.engine.name,
      tfjsNode: this.engine.from,
      sandboxPath: path.join(__dirname, 'sandbox.js'),
      maxOldGenerationSizeMb: Number(process.env.DL_TUTOR_SANDBOX_HEAP_MB) || 4096,
      maxRssMb: Number(process.env.DL_TUTOR_MEMORY_MB) || 3072,
    });
    const p = s.start().then(() => s);
    p.catch(() => undefined);
    return p;
  }
  take(): Promise<Sandbox> {
    const p = this.next ?? this.start();
    this.next = undefined;
    return p;
  }
  spare(): void {
    this.next ??= this.start();
  }
}

async function main(): Promise<void> {
  installStackMapping();
  let engine: Engine;
  try {
    engine = await loadEngine(engineChoice());
  } catch (e) {
    process.stderr.write(`dl-tutor worker: ${(e as Error).message}\n`);
    realExit(3);
    return;
  }
  const pool = new Pool(engine);
  pool.spare();
  // The first sandbox must load too: a broken sandbox is a broken installation, said at start.
  try {
    const s = await pool.take();
    pool.next = Promise.resolve(s);
  } catch (e) {
    process.stderr.write(`dl-tutor worker: the sandbox thread could not start: ${(e as Error).message}\n`);
    realExit(3);
    return;
  }
  runner = new Runner(engine, grading as unknown as Record<string, unknown>, send, pool);
  send({ kind: 'ready', engine: engine.name, ...(engine.note ? { engineNote: engine.note } : {}), loadMs: Math.round(engine.loadMs) });
  void pump();
}

void main();
