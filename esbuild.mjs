// Builds every bundle: extension host, grader worker, CLI, webview scripts, and the test bundles.
// Typechecking is separate (`tsc --noEmit`). Native and heavy modules stay external:
// TensorFlow.js is required at run time by the worker only; esbuild itself transpiles learner code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const exists = (p) => fs.existsSync(p);
const walk = (dir, re) => !exists(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.isDirectory() ? walk(path.join(dir, d.name), re) : re.test(d.name) ? [path.join(dir, d.name)] : []);

const nodeExternals = ['vscode', '@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-core', 'esbuild',
  'mocha', 'playwright-core', '@vscode/test-electron'];
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
// `esbuild` inside our own bundles: the native package where installed, else esbuild-wasm (the VSIX
// ships only the WebAssembly build, which runs on every platform): see src/core/esbuildPortable.ts.
const portable = { esbuild: './src/core/esbuildPortable.ts' };
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', external: nodeExternals, alias: portable };
const alias = { alias: { ...portable, 'dl-tutor/grading': './src/worker/grading/index.ts' } };

const builds = [
  exists('src/extension.ts') && { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', minify: true },
  exists('src/worker/main.ts') && { ...node, ...alias, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  // The sandbox thread that runs learner code: strict, so a stack frame of ours never hands out a function.
  exists('src/worker/sandbox/thread.ts') && { ...node, entryPoints: ['src/worker/sandbox/thread.ts'], outfile: 'dist/sandbox.js', banner: { js: "'use strict';" } },
  exists('src/cli.ts') && { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // `dl-tutor bench`'s LeNet-5 epoch, one process per engine (loads tf itself).
  exists('src/bench/lenetRun.ts') && { ...node, entryPoints: ['src/bench/lenetRun.ts'], outfile: 'dist/bench-lenet.js' },
  // `npm run weights`: trains the networks whose weights ship with the course (src/weights/).
  exists('src/weights/cli.ts') && { ...node, entryPoints: ['src/weights/cli.ts'], outfile: 'dist/weights.js' },
  // `dl-tutor bench`'s tiny-GPT training step and sampling, one process per engine and variant.
  exists('src/bench/gptRun.ts') && { ...node, entryPoints: ['src/bench/gptRun.ts'], outfile: 'dist/bench-gpt.js' },
  ...['lesson', 'plot'].filter((n) => exists(`src/webview/${n}.ts`)).map((n) => ({
    ...common, platform: 'browser', target: 'es2022', format: 'iife', minify: true,
    entryPoints: [`src/webview/${n}.ts`], outfile: `dist/webview/${n}.js`,
  })),
  // Tests: one bundle per test file, run by mocha (plain Node) or inside VS Code's extension host.
  ...['unit', 'course'].map((kind) => {
    const files = walk(`test/${kind}`, /\.test\.ts$/);
    return files.length > 0 && { ...node, ...alias, entryPoints: files, outdir: `dist/test/${kind}`, outbase: `test/${kind}` };
  }),
  (() => {
    const files = walk('test/vscode/suite', /\.ts$/);
    return files.length > 0 && { ...node, entryPoints: files, outdir: 'dist/test/vscode', outbase: 'test/vscode/suite' };
  })(),
].filter(Boolean);

// KaTeX's stylesheet and fonts are served to webviews from dist/, never from a CDN.
function copyKatex() {
  const src = 'node_modules/katex/dist';
  if (!exists(src)) return;
  fs.mkdirSync('dist/webview/katex/fonts', { recursive: true });
  fs.copyFileSync(path.join(src, 'katex.min.css'), 'dist/webview/katex/katex.min.css');
  for (const f of fs.readdirSync(path.join(src, 'fonts'))) {
    if (f.endsWith('.woff2')) fs.copyFileSync(path.join(src, 'fonts', f), path.join('dist/webview/katex/fonts', f));
  }
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  copyKatex();
  console.log('watching…');
} else {
  // Test bundles of deleted test files must not linger and run (mocha globs dist/test/**).
  for (const kind of ['unit', 'course']) fs.rmSync(`dist/test/${kind}`, { recursive: true, force: true });
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyKatex();
}
