/**
 * Where the worker loads the native TensorFlow engine (@tensorflow/tfjs-node) from, in order:
 *  1. DL_TUTOR_TFJS_NODE: a module name or path to load instead (tests name a missing one to
 *     exercise the fallback);
 *  2. next to the extension (its own node_modules, as in a development checkout);
 *  3. DL_TUTOR_NATIVE_ENGINE_DIR: a folder whose node_modules holds it — the extension's global
 *     storage after "Install the native TensorFlow engine", or a checkout the tests point at.
 * A copy that is found but does not load is skipped for the next one; the last reason is thrown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE = '@tensorflow/tfjs-node';

/** The candidates, in the order above (module names or absolute paths). */
export function nativeEngineCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DL_TUTOR_TFJS_NODE) return [env.DL_TUTOR_TFJS_NODE];
  const out = [PACKAGE];
  const dir = env.DL_TUTOR_NATIVE_ENGINE_DIR;
  if (dir) {
    const p = path.join(dir, 'node_modules', ...PACKAGE.split('/'));
    if (fs.existsSync(path.join(p, 'package.json'))) out.push(p);
  }
  return out;
}

/** Require the first candidate that loads; `from` says which one. */
export function requireNativeEngine<T>(load: (id: string) => unknown = require, env: NodeJS.ProcessEnv = process.env): { module: T; from: string } {
  let last: unknown;
  for (const id of nativeEngineCandidates(env)) {
    try {
      return { module: load(id) as T, from: id };
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
