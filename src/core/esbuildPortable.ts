/**
 * `import * as esbuild from 'esbuild'` in our Node bundles resolves here (an alias in esbuild.mjs).
 *
 * esbuild's own package runs a native binary built for one platform, and esbuild-wasm's Node API
 * starts its WebAssembly build with a `node` found on PATH — which a learner who installed only
 * VS Code does not have. The VSIX is one package for every platform, so it ships esbuild-wasm and
 * runs its browser build in a worker thread of this process (same API, same output, no PATH, no
 * child process, and its browser globals stay out of the extension host). A development checkout
 * has the native esbuild, which starts faster: it is used whenever it is installed.
 * DL_TUTOR_ESBUILD=wasm forces the WebAssembly build (tests).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

type Esbuild = typeof import('esbuild');
type TransformOptions = import('esbuild').TransformOptions;
type TransformResult = import('esbuild').TransformResult;

// A require that esbuild's bundler leaves alone: a literal require('esbuild') here would be
// aliased back to this file.
const load = createRequire(__filename);

let native: Esbuild | null | undefined;
function nativeEsbuild(): Esbuild | null {
  if (native === undefined) {
    try {
      native = process.env.DL_TUTOR_ESBUILD === 'wasm' ? null : load('esbuild') as Esbuild;
    } catch {
      native = null; // not installed next to us: the VSIX
    }
  }
  return native;
}

/** Which build transpiles: 'esbuild' (native) or 'esbuild-wasm'. */
export function flavour(): 'esbuild' | 'esbuild-wasm' {
  return nativeEsbuild() ? 'esbuild' : 'esbuild-wasm';
}

export function transform(input: string, options?: TransformOptions): Promise<TransformResult> {
  const n = nativeEsbuild();
  return n ? n.transform(input, options) : wasmTransform(input, options);
}

// Only transform has a WebAssembly path; the rest need the native package (development).
export const transformSync: Esbuild['transformSync'] = ((input: string, options?: TransformOptions) => needNative('transformSync').transformSync(input, options)) as Esbuild['transformSync'];
export const build: Esbuild['build'] = ((options: object) => needNative('build').build(options)) as Esbuild['build'];

function needNative(what: string): Esbuild {
  const n = nativeEsbuild();
  if (!n) throw new Error(`esbuild.${what} needs the native esbuild package (only transform runs on esbuild-wasm)`);
  return n;
}

// ---- esbuild-wasm in a worker thread ---------------------------------------------------------

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
// esbuild-wasm's browser build reads its globals (crypto, performance, TextEncoder…) from self.
globalThis.self = globalThis;
const esbuild = require(workerData.browserJs);
const ready = WebAssembly.compile(require('node:fs').readFileSync(workerData.wasm))
  .then((wasmModule) => esbuild.initialize({ wasmModule, worker: false }));
parentPort.on('message', async ({ id, input, options }) => {
  try {
    await ready;
    const r = await esbuild.transform(input, options);
    parentPort.postMessage({ id, result: { code: r.code, map: r.map, warnings: r.warnings, mangleCache: r.mangleCache, legalComments: r.legalComments } });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String((e && e.message) || e), errors: e && e.errors, warnings: e && e.warnings } });
  }
});`;

interface Pending { resolve: (r: TransformResult) => void; reject: (e: Error) => void }
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function wasmWorker(): Worker {
  if (worker) return worker;
  const dir = path.dirname(load.resolve('esbuild-wasm/package.json'));
  const w = new Worker(WORKER, { eval: true, workerData: { browserJs: path.join(dir, 'lib', 'browser.js'), wasm: path.join(dir, 'esbuild.wasm') } });
  w.on('message', (m: { id: number; result?: TransformResult; error?: { message: string; errors?: unknown; warnings?: unknown } }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.result) p.resolve(m.result);
    else p.reject(Object.assign(new Error(m.error?.message ?? 'esbuild failed'), { errors: m.error?.errors ?? [], warnings: m.error?.warnings ?? [] }));
  });
  const fail = (e: Error) => {
    worker = undefined;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the esbuild-wasm worker exited (code ${code})`)));
  // An idle worker must not keep a CLI run alive; a pending transform does (ref below).
  w.unref();
  worker = w;
  return w;
}

function wasmTransform(input: string, options?: TransformOptions): Promise<TransformResult> {
  const w = wasmWorker();
  const id = nextId++;
  return new Promise<TransformResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, input, options });
  });
}

/** Start the WebAssembly build now (its compile takes a few hundred ms) when it will be used. */
export function prewarm(): void {
  if (!nativeEsbuild()) void wasmTransform('', { loader: 'ts' }).catch(() => undefined);
}
