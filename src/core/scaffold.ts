/**
 * Sets up a learner's exercise folder: the starters of a stage as `<id>.ts`, a tsconfig, and the
 * TypeScript declarations (.d.ts only, nothing that runs) of TensorFlow.js, so the learner's `import * as tf` has full
 * IntelliSense without an npm install. Node fs only: the CLI (`init`) and the VS Code extension
 * share it. Never overwrites a file the learner may have edited.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Stage } from './manifest';

export interface ScaffoldResult {
  /** Files written (absolute paths). */
  created: string[];
  /** Files that already existed and were left alone. */
  skipped: string[];
  /** Declaration packages copied into `<dir>/node_modules` (names). */
  typings: string[];
  /** Problems that did not stop the rest (a starter missing from the course, no typings found). */
  warnings: string[];
}

/** The tsconfig written next to the learner's files: strict, type-check only. */
export const LEARNER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node',
    lib: ['ES2022', 'DOM'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: [] as string[],
  },
  include: ['*.ts'],
};

/**
 * Packages whose declarations `@tensorflow/tfjs` needs to type-check in the learner's folder
 * (the tfjs sub-packages and the @types its .d.ts files import).
 */
export const TYPING_PACKAGES = [
  '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl',
  '@types/seedrandom', '@types/long', '@types/offscreencanvas', '@webgpu/types',
];

/** Find the node_modules folder that holds @tensorflow/tfjs, walking up from `from`. */
export function findNodeModules(from: string = __dirname): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const c = path.join(dir, 'node_modules');
    if (fs.existsSync(path.join(c, '@tensorflow', 'tfjs', 'package.json'))) return c;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Copy starters of `stage` into `dir` as `<id>.ts`, plus tsconfig.json and typings. */
export function scaffoldStage(dir: string, stage: Stage, opts: { nodeModules?: string } = {}): ScaffoldResult {
  const res: ScaffoldResult = { created: [], skipped: [], typings: [], warnings: [] };
  fs.mkdirSync(dir, { recursive: true });
  for (const ex of stage.exercises) {
    const dest = path.join(dir, `${ex.id}.ts`);
    const src = path.resolve(stage.dir, ex.starter);
    if (fs.existsSync(dest)) { res.skipped.push(dest); continue; }
    if (!fs.existsSync(src)) { res.warnings.push(`the starter of ${ex.id} (${ex.starter}) is missing from the course`); continue; }
    // COPYFILE_EXCL: a file that appeared since the check above is still never overwritten.
    try {
      fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL);
      res.created.push(dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') res.skipped.push(dest);
      else throw e;
    }
  }
  const tsconfig = path.join(dir, 'tsconfig.json');
  if (fs.existsSync(tsconfig)) res.skipped.push(tsconfig);
  else {
    fs.writeFileSync(tsconfig, JSON.stringify(LEARNER_TSCONFIG, null, 2) + '\n', { flag: 'wx' });
    res.created.push(tsconfig);
  }
  const nm = opts.nodeModules ?? findNodeModules();
  if (!nm) res.warnings.push('TensorFlow.js declarations not found (no node_modules/@tensorflow/tfjs): IntelliSense for tf will be missing');
  else copyTypings(nm, path.join(dir, 'node_modules'), res);
  return res;
}

/** Copy `.d.ts` files and package.json of each typing package (skipping ones already present). */
export function copyTypings(fromNodeModules: string, toNodeModules: string, res: ScaffoldResult): void {
  for (const pkg of TYPING_PACKAGES) {
    const src = path.join(fromNodeModules, pkg);
    const dest = path.join(toNodeModules, pkg);
    if (!fs.existsSync(path.join(src, 'package.json'))) continue;
    if (fs.existsSync(path.join(dest, 'package.json'))) continue;
    copyDeclarations(src, dest, true);
    res.typings.push(pkg);
  }
}

function copyDeclarations(src: string, dest: string, top: boolean): void {
  for (const d of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, d.name);
    if (d.isDirectory()) {
      if (d.name === 'node_modules' || d.name === 'src') continue;
      copyDeclarations(s, path.join(dest, d.name), false);
    } else if (d.name.endsWith('.d.ts') || (top && d.name === 'package.json')) {
      fs.mkdirSync(dest, { recursive: true });
      fs.copyFileSync(s, path.join(dest, d.name));
    }
  }
}
