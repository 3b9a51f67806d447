/**
 * Compiles and loads learner and check TypeScript in the worker process.
 *
 * esbuild transpiles each file (cached by path and content); the result runs through
 * `vm.runInThisContext(Module.wrap(code))` with our own `require`, so `@tensorflow/tfjs` in a learner
 * file is the engine the worker chose, and `dl-tutor/grading` is the worker's grading module.
 * Relative imports of .ts files are compiled the same way. Learner modules are evaluated fresh on
 * every grade (they may hold state); modules a check file imports (data generators, shared check
 * helpers) are kept between grades while the file is unchanged.
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module, { createRequire } from 'node:module';
import { decodeMappings, originalPosition, type DecodedMap } from './sourceMap';

export interface Compiled {
  file: string;
  key: string;
  code: string;
  /** Relative specifiers this module requires, resolved to absolute source files we compile. */
  deps: Map<string, string>;
}

/** A compile error in a TypeScript file, with its 1-based position. */
export class CompileError extends Error {
  constructor(readonly file: string, readonly text: string, readonly line?: number, readonly column?: number) {
    super(line !== undefined ? `Syntax error at line ${line}, column ${column}: ${text}` : `Syntax error: ${text}`);
    this.name = 'CompileError';
  }
}

const compiled = new Map<string, Compiled>();
const maps = new Map<string, DecodedMap>();
/** `Module.wrap` puts this prefix on generated line 1: columns there are shifted by its length. */
const WRAP_PREFIX = Module.wrap('').indexOf('{') + 2;
const SOURCE_EXT = ['.ts', '.tsx', '.mts', '.cts'];

function loaderFor(file: string): esbuild.Loader {
  const ext = path.extname(file);
  if (ext === '.tsx') return 'tsx';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'js';
  return 'ts';
}

/**
 * Compile one file, cached by its content: an mtime can be too coarse (some file systems keep
 * seconds) to tell two quick saves of the same size apart, and a stale compile is a wrong grade.
 */
export async function compileFile(file: string): Promise<Compiled> {
  const source = fs.readFileSync(file, 'utf8');
  const key = createHash('sha1').update(source).digest('base64');
  const hit = compiled.get(file);
  if (hit && hit.key === key) return hit;
  let r: esbuild.TransformResult;
  try {
    r = await esbuild.transform(source, {
      loader: loaderFor(file), format: 'cjs', target: 'node20', sourcemap: 'external', sourcefile: file,
      logLevel: 'silent', supported: { 'dynamic-import': false },
    });
  } catch (e) {
    const err = (e as { errors?: esbuild.Message[] }).errors?.[0];
    if (err) throw new CompileError(file, err.text, err.location?.line, err.location ? err.location.column + 1 : undefined);
    throw e;
  }
  maps.set(file, decodeMappings(JSON.parse(r.map).mappings as string));
  const deps = new Map<string, string>();
  for (const m of r.code.matchAll(/\brequire\(\s*"(\.{1,2}\/[^"]*)"\s*\)/g)) {
    const resolved = resolveSource(path.dirname(file), m[1]);
    if (resolved) deps.set(m[1], resolved);
  }
  const c: Compiled = { file, key, code: r.code, deps };
  compiled.set(file, c);
  return c;
}

/** A relative import that names a TypeScript file we compile ourselves (others go to Node). */
function resolveSource(dir: string, spec: string): string | undefined {
  const base = path.resolve(dir, spec);
  const candidates = [base, ...SOURCE_EXT.map((e) => base + e), ...SOURCE_EXT.map((e) => path.join(base, 'index' + e))];
  if (/\.js$/.test(spec)) candidates.push(...SOURCE_EXT.map((e) => base.replace(/\.js$/, e)));
  for (const c of candidates) {
    if (SOURCE_EXT.includes(path.extname(c)) && fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

/** Compile a file and everything it imports relatively (in parallel), so evaluation can be synchronous. */
export async function compileGraph(entry: string, seen = new Map<string, Promise<Compiled>>()): Promise<Compiled> {
  let p = seen.get(entry);
  if (!p) {
    p = compileFile(entry);
    seen.set(entry, p);
  }
  const c = await p;
  await Promise.all([...c.deps.values()].filter((d) => !seen.has(d)).map((d) => compileGraph(d, seen)));
  return c;
}

/** Modules the host environment supplies by name. */
export type Builtins = Record<string, unknown>;

interface LoadedModule { key: string; exports: unknown }

/** Modules kept between grades (imported by check files); learner modules never go here. */
const persistent = new Map<string, LoadedModule>();

/**
 * Evaluate an already compiled graph. `fresh` modules (the learner's) get a registry of their own;
 * otherwise imported modules come from the persistent cache while unchanged.
 */
export function evaluate(entry: string, builtins: Builtins, opts: { fresh: boolean; persist?: <T>(fn: () => T) => T }): unknown {
  const registry = new Map<string, LoadedModule>();
  const load = (file: string, isEntry: boolean): unknown => {
    const c = compiled.get(file);
    if (!c) throw new Error(`internal: ${file} was not compiled`);
    const cache = opts.fresh || isEntry ? registry : persistent;
    const hit = cache.get(file);
    if (hit && hit.key === c.key) return hit.exports;
    const mod = { exports: {} as unknown, id: file, filename: file, loaded: false };
    const entryRec: LoadedModule = { key: c.key, exports: mod.exports };
    cache.set(file, entryRec);
    const nodeRequire = createRequire(file);
    const req = (spec: string): unknown => {
      if (Object.prototype.hasOwnProperty.call(builtins, spec)) return builtins[spec];
      const dep = c.deps.get(spec);
      if (dep) return load(dep, false);
      return nodeRequire(spec);
    };
    const fn = vm.runInThisContext(Module.wrap(c.code), { filename: file }) as (...a: unknown[]) => void;
    const run = () => fn.call(mod.exports, mod.exports, Object.assign(req, { resolve: nodeRequire.resolve, cache: {} }), mod, file, path.dirname(file));
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
 * Map stack frames of compiled files back to their .ts lines. Installed once in the worker; frames
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
  void (err as { stack?: unknown }).stack; // V8 formats the stack lazily: this runs prepareStackTrace
  return framesOf.get(err) ?? [];
}

/** Forget compiled files (tests; a changed course on disk). */
export function clearCaches(): void {
  compiled.clear();
  persistent.clear();
}
