/**
 * Chooses the TensorFlow.js engine for the worker: the native TensorFlow backend (tfjs-node) when it
 * loads, else the pure-JS `cpu` backend. `DL_TUTOR_ENGINE=tensorflow|cpu|auto` (default auto) forces
 * a choice; `tensorflow` fails loudly instead of falling back.
 */
import { borrowCpuKernels } from './cpuFallback';
import { installFastCpuKernels } from './fastCpuKernels';
import type { EngineName } from '../protocol/results';
import { requireNativeEngine } from './engineLocation';

export type Tf = typeof import('@tensorflow/tfjs');

export interface Engine {
  tf: Tf;
  name: EngineName;
  note?: string;
  loadMs: number;
  /** Where the native engine was loaded from (module path), for the sandbox thread. */
  from?: string;
}

export type EngineChoice = 'auto' | 'tensorflow' | 'cpu';

export function engineChoice(value = process.env.DL_TUTOR_ENGINE): EngineChoice {
  const v = (value ?? 'auto').trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'tensorflow' || v === 'cpu') return v;
  throw new Error(`DL_TUTOR_ENGINE must be tensorflow, cpu or auto (got "${value}")`);
}

export async function loadEngine(choice: EngineChoice): Promise<Engine> {
  const t0 = performance.now();
  // TensorFlow's C++ logging would otherwise fill stderr with oneDNN and CPU-feature notices.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
  let note: string | undefined;
  if (choice !== 'cpu') {
    try {
      // Next to the extension, else where "Install the native engine" put it (see engineLocation.ts).
      const found = requireNativeEngine<Tf>();
      const tf = found.module;
      if (tf.getBackend() !== 'tensorflow' && !(await tf.setBackend('tensorflow'))) {
        throw new Error('the tensorflow backend did not initialise');
      }
      await tf.ready();
      borrowCpuKernels(tf);
      // The sandbox thread loads the same copy (by resolved path: it has no environment of ours).
      let from = found.from;
      try { from = require.resolve(found.from); } catch { /* a path already */ }
      return { tf, name: 'tensorflow', loadMs: performance.now() - t0, from };
    } catch (e) {
      const reason = firstLine((e as Error)?.message ?? String(e));
      if (choice === 'tensorflow') throw new Error(`TensorFlow native backend (@tensorflow/tfjs-node) could not load: ${reason}`);
      note = `TensorFlow native backend could not load (${reason}); using the slower pure-JS cpu backend — results are the same, only slower`;
    }
  }
  const tf = require('@tensorflow/tfjs') as Tf;
  // tfjs prints a "install the node backend" banner when the cpu backend starts in Node; it is not
  // news for the learner (engineNote says it once), so keep it out of the output.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
    await tf.ready();
    installFastCpuKernels(tf);
  } finally {
    console.warn = warn;
  }
  return { tf, name: 'cpu', note, loadMs: performance.now() - t0 };
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim()) ?? s;
  return line.length > 200 ? line.slice(0, 200) + '…' : line;
}
