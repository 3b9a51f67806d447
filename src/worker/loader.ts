/**
 * Evaluates compiled modules (the host compiled them: see src/grader/compile.ts) in the worker,
 * and maps stack frames of those modules back to their .ts lines. Used by the judge (check files)
 * and by the sandbox (the learner's files), each in its own thread.
 *
 * Modules run through `vm.runInThisContext(Module.wrap(code))` with our own `require`: only the
 * names in `builtins` and relative imports that were compiled resolve; anything else (Node's
 * built-in modules, packages) is refused with a message.
 */
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';
import type { CompiledModule } from '../protocol/worker';
import { decodeMappings, originalPosition, type DecodedMap } from './sourceMap';

const modules = new Map<string, CompiledModule>();
const maps = new Map<string, DecodedMap>();
/** `Module.wrap` puts this prefix on generated line 1: columns there are shifted by its length. */
const WRAP_PREFIX = Module.wrap('').indexOf('{') + 2;

/** Make compiled modules known (replacing earlier versions of the same files). */
export function registerModules(list: CompiledModule[]): void {
  for (const m of list) {
    const old = modules.get(m.file);
    if (old && old.key === m.key) continue;
    modules.set(m.file, m);
    maps.set(m.file, decodeMappings(m.mappings));
  }
}

/** Modules the environment supplies by name. */
export type Builtins = Record<string, unknown>;

interface LoadedModule { key: string; exports: unknown }

/** Modules kept between requests (imported by check files); learner modules never go here. */
const persistent = new Map<string, LoadedModule>();

export class ImportRefused extends Error {
  constructor(spec: string) {
    super(`cannot import "${spec}" here: an exercise file may import @tensorflow/tfjs and its own .ts files next to it`);
    this.name = 'ImportError';
  }
}

/**
 * Evaluate a registered module graph. `fresh` modules (the learner's) get a registry of their own;
 * otherwise imported modules come from the persistent cache while unchanged.
 */
export function evaluate(entry: string, builtins: Builtins, opts: { fresh: boolean; persist?: <T>(fn: () => T) => T }): unknown {
  const registry = new Map<string, LoadedModule>();
  const load = (file: string, isEntry: boolean): unknown => {
    const c = modules.get(file);
    if (!c) throw new Error(`internal: ${file} was not compiled`);
    const cache = opts.fresh || isEntry ? registry : persistent;
    const hit = cache.get(file);
    if (hit && hit.key === c.key) return hit.exports;
    const mod = { exports: {} as unknown, id: file, filename: file, loaded: false };
    const entryRec: LoadedModule = { key: c.key, exports: mod.exports };
    cache.set(file, entryRec);
    const deps = new Map(c.deps);
    const req = (spec: string): unknown => {
      if (Object.prototype.hasOwnProperty.call(builtins, spec)) return builtins[spec];
      const dep = deps.get(spec);
      if (dep) return load(dep, false);
      throw new ImportRefused(spec);
    };
    const fn = vm.runInThisContext(Module.wrap(c.code), { filename: file }) as (...a: unknown[]) => void;
    const run = () => fn.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
    try {
      // A module kept between grades must keep what it creates at load (e.g. tensors) past this grade.
      if (cache === persistent && opts.persist) opts.persist(run);
      else run();
    } catch (e) {
      cache.delete(file);
      throw e;
    }
    entryRec.exports = mod.exports;
    mod.loaded = true;
    return mod.exports;
  };
  return load(entry, true);
}

export interface Frame { file: string; line: number; column: number; fn?: string }

const framesOf = new WeakMap<object, Frame[]>();

/**
 * Map stack frames of compiled files back to their .ts lines. Installed once per thread; frames
 * of other files print as V8 prints them.
 */
export function installStackMapping(): void {
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
  Error.prepareStackTrace = (err: Error, callSites: NodeJS.CallSite[]) => {
    const frames: Frame[] = [];
    const lines = callSites.map((cs) => {
      const file = cs.getFileName();
      const map = file ? maps.get(file) : undefined;
      let line = cs.getLineNumber() ?? 0;
      let column = cs.getColumnNumber() ?? 0;
      if (file && map) {
        const pos = originalPosition(map, line, line === 1 ? Math.max(1, column - WRAP_PREFIX) : column);
        if (pos) ({ line, column } = pos);
        const fn = cs.getFunctionName() ?? undefined;
        frames.push({ file, line, column, fn });
        return `    at ${fn ?? '<anonymous>'} (${file}:${line}:${column})`;
      }
      if (file) frames.push({ file, line, column, fn: cs.getFunctionName() ?? undefined });
      return `    at ${cs.toString()}`;
    });
    if (typeof err === 'object' && err !== null) {
      try { framesOf.set(err, frames); } catch { /* frozen or primitive */ }
    }
    let head: string;
    try { head = Error.prototype.toString.call(err); } catch { head = 'Error'; }
    return `${head}\n${lines.join('\n')}`;
  };
}

/** Frames (mapped to .ts positions for compiled files) of an error's stack. */
export function stackFrames(err: unknown): Frame[] {
  if (typeof err !== 'object' || err === null) return [];
  const known = framesOf.get(err);
  if (known) return known;
  try { void (err as { stack?: unknown }).stack; } catch { return []; } // V8 formats the stack lazily: this runs prepareStackTrace
  return framesOf.get(err) ?? [];
}

/** Frames of an error thrown in another thread, attached to the error that stands for it here. */
export function setStackFrames(err: object, frames: Frame[]): void {
  framesOf.set(err, frames);
}
