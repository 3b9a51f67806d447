/**
 * The grader worker (dist/worker.js): a long-lived child process forked by src/grader/. It is the
 * only process that loads TensorFlow.js. It answers HostToWorker requests one at a time over Node
 * IPC and reports progress as WorkerToHost notifications.
 */
import * as esbuild from 'esbuild';
import type { HostToWorker, WorkerToHost } from '../protocol/worker';
import * as grading from './grading';
import { engineChoice, loadEngine, type Engine } from './engine';
import { installStackMapping } from './loader';
import { ExitCalled, reportProcessError, Runner } from './runner';

const realExit = process.exit.bind(process);

function send(msg: WorkerToHost): void {
  process.send?.(msg);
}

// Exercise code must return, not end the grader: exiting would look like a crash to the host.
// The patches stay for the worker's lifetime (a timer in learner code may fire after its check).
function patchExit(): void {
  const thrower = (what: string) => () => { throw new ExitCalled(what); };
  process.exit = thrower('process.exit()') as typeof process.exit;
  process.abort = thrower('process.abort()') as typeof process.abort;
  (process as unknown as { reallyExit: unknown }).reallyExit = thrower('process.reallyExit()');
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
  queue.push(msg);
  void pump();
});

async function pump(): Promise<void> {
  if (busy || !runner) return;
  busy = true;
  try {
    while (queue.length) {
      const msg = queue.shift()!;
      if (msg.kind === 'grade') {
        const result = await runner.grade(msg);
        send({ kind: 'didFinishGrade', requestId: msg.requestId, result });
      } else if (msg.kind === 'demo') {
        send(await runner.demo(msg));
      }
    }
  } finally {
    busy = false;
  }
}

async function main(): Promise<void> {
  installStackMapping();
  // Start esbuild's service now: it spawns a process, which overlaps with loading TensorFlow below.
  const warm = esbuild.transform('export {}', { loader: 'ts' }).catch(() => undefined);
  let engine: Engine;
  try {
    engine = await loadEngine(engineChoice());
  } catch (e) {
    process.stderr.write(`dl-tutor worker: ${(e as Error).message}\n`);
    realExit(3);
    return;
  }
  await warm;
  patchExit();
  runner = new Runner(engine, grading as unknown as Record<string, unknown>, send);
  send({ kind: 'ready', engine: engine.name, ...(engine.note ? { engineNote: engine.note } : {}), loadMs: Math.round(engine.loadMs) });
  void pump();
}

void main();
