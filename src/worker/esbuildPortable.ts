/**
 * `import * as esbuild from 'esbuild'` in the worker resolves here (an alias in esbuild.mjs).
 *
 * esbuild's own package runs a native binary built for one platform. The VSIX is one package for
 * every platform, so it ships `esbuild-wasm` (same API, same output, a WebAssembly build) and no
 * native esbuild. A development checkout has the native one, which starts faster: use it when it is
 * installed, else the WebAssembly build.
 */
import { createRequire } from 'node:module';

type Esbuild = typeof import('esbuild');

// A require that esbuild's bundler leaves alone: a literal require('esbuild') here would be
// aliased back to this file.
const load = createRequire(__filename);
let impl: Esbuild | undefined;

/** Which build is in use: 'esbuild' (native) or 'esbuild-wasm'. */
export let flavour: 'esbuild' | 'esbuild-wasm' | undefined;

function esbuild(): Esbuild {
  if (impl) return impl;
  const forced = process.env.DL_TUTOR_ESBUILD;
  for (const name of forced ? [forced] : ['esbuild', 'esbuild-wasm']) {
    try {
      impl = load(name) as Esbuild;
      flavour = name === 'esbuild-wasm' ? 'esbuild-wasm' : 'esbuild';
      return impl;
    } catch { /* not installed next to the extension: try the next */ }
  }
  throw new Error('neither esbuild nor esbuild-wasm is installed next to the grader (reinstall the extension)');
}

export const transform: Esbuild['transform'] = ((input: string, options?: object) => esbuild().transform(input, options)) as Esbuild['transform'];
export const transformSync: Esbuild['transformSync'] = ((input: string, options?: object) => esbuild().transformSync(input, options)) as Esbuild['transformSync'];
export const build: Esbuild['build'] = ((options: object) => esbuild().build(options)) as Esbuild['build'];
export const formatMessages: Esbuild['formatMessages'] = ((m, o) => esbuild().formatMessages(m, o)) as Esbuild['formatMessages'];
