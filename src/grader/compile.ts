/**
 * Compiles learner and check TypeScript for the worker, on the host side. The worker runs under
 * Node's permission model with no child processes allowed, and esbuild transpiles through a child
 * process of its own: so the host compiles (a few ms a file, cached by content) and sends the
 * JavaScript with its source map.
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompiledModule, CompileFailure } from '../protocol/worker';

const SOURCE_EXT = ['.ts', '.tsx', '.mts', '.cts'];
const cache = new Map<string, CompiledModule>();

/** A compile error in a TypeScript file, with its 1-based position. */
export class CompileError extends Error {
  constructor(readonly file: string, readonly text: string, readonly line?: number, readonly column?: number) {
    super(line !== undefined ? `Syntax error at line ${line}, column ${column}: ${text}` : `Syntax error: ${text}`);
    this.name = 'CompileError';
  }
}

function loaderFor(file: string): esbuild.Loader {
  const ext = path.extname(file);
  if (ext === '.tsx') return 'tsx';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'js';
  return 'ts';
}

/** A relative import that names a TypeScript file we compile ourselves. */
function resolveSource(dir: string, spec: string): string | undefined {
  const base = path.resolve(dir, spec);
  const candidates = [base, ...SOURCE_EXT.map((e) => base + e), ...SOURCE_EXT.map((e) => path.join(base, 'index' + e))];
  if (/\.js$/.test(spec)) candidates.push(...SOURCE_EXT.map((e) => base.replace(/\.js$/, e)));
  for (const c of candidates) {
    if (SOURCE_EXT.includes(path.extname(c)) && fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

/**
 * Compile one file, cached by its content: an mtime can be too coarse (some file systems keep
 * seconds) to tell two quick saves of the same size apart, and a stale compile is a wrong grade.
 */
export async function compileFile(file: string): Promise<CompiledModule> {
  const source = fs.readFileSync(file, 'utf8');
  const key = createHash('sha1').update(source).digest('base64');
  const hit = cache.get(file);
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
  const deps: Array<[string, string]> = [];
  for (const m of r.code.matchAll(/\brequire\(\s*"(\.{1,2}\/[^"]*)"\s*\)/g)) {
    const resolved = resolveSource(path.dirname(file), m[1]);
    if (resolved) deps.push([m[1], resolved]);
  }
  const c: CompiledModule = { file, key, code: r.code, mappings: JSON.parse(r.map).mappings as string, deps };
  cache.set(file, c);
  return c;
}

/** Compile a file and everything it imports relatively. The entry comes first. */
export async function compileGraph(entry: string): Promise<CompiledModule[]> {
  const seen = new Map<string, Promise<CompiledModule>>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    const p = compileFile(file);
    seen.set(file, p);
    const c = await p;
    await Promise.all(c.deps.map(([, d]) => visit(d)));
  };
  await visit(entry);
  return Promise.all([...seen.values()]);
}

/**
 * compileGraph, with a failure described as data (the learner's syntax error is a result, not a
 * crash). With `within`, every imported file must lie inside that folder: a learner's file may
 * import its own helpers, not the course's solutions or anything else on the machine.
 */
export async function compileForWorker(entry: string, within?: string): Promise<{ modules: CompiledModule[] } | { failure: CompileFailure }> {
  try {
    const modules = await compileGraph(entry);
    if (within) {
      const root = path.resolve(within) + path.sep;
      for (const m of modules) {
        for (const [spec, file] of m.deps) {
          if (!path.resolve(file).startsWith(root)) {
            return { failure: { file: m.file, message: `cannot import "${spec}": an exercise file may import only files in its own folder (${path.basename(within)})`, code: 'EOUTSIDE' } };
          }
        }
      }
    }
    return { modules };
  } catch (e) {
    if (e instanceof CompileError) return { failure: { file: e.file, message: e.message, line: e.line, column: e.column } };
    const code = (e as { code?: string }).code;
    return { failure: { file: entry, message: code === 'ENOENT' ? `cannot read ${(e as { path?: string }).path ?? entry}: the file does not exist` : String((e as Error)?.message ?? e), code } };
  }
}

/** Forget compiled files (tests; a changed course on disk). */
export function clearCompileCache(): void {
  cache.clear();
}
