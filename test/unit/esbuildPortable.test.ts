// The .vsix transpiles with esbuild-wasm (no native esbuild in it): same output and the same error
// positions as native esbuild, without a `node` on PATH (a learner may have only VS Code).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const SOURCE = 'import * as tf from "@tensorflow/tfjs";\nconst k: number = 2;\nexport function f(x: tf.Tensor): tf.Tensor {\n  return tf.mul(x, k);\n}\n';

describe('esbuild-wasm (the .vsix transpiler)', function () {
  this.timeout(120_000);
  // The real package, past the bundler's alias of 'esbuild' to the portable module.
  const native = createRequire(__filename)('esbuild') as typeof import('esbuild');
  let portable: typeof import('../../src/core/esbuildPortable');
  before(async () => {
    process.env.DL_TUTOR_ESBUILD = 'wasm';
    portable = await import('../../src/core/esbuildPortable');
  });
  after(() => { delete process.env.DL_TUTOR_ESBUILD; });

  it('gives native esbuild\'s output and source map', async () => {
    assert.equal(portable.flavour(), 'esbuild-wasm');
    const opts = { loader: 'ts' as const, format: 'cjs' as const, sourcemap: 'external' as const, sourcefile: 's1-x.ts' };
    const [w, n] = await Promise.all([portable.transform(SOURCE, opts), native.transform(SOURCE, opts)]);
    assert.equal(w.code, n.code);
    assert.equal(w.map, n.map);
  });

  it('reports a syntax error at the same place, as esbuild errors', async () => {
    const bad = 'export const x: number = ;\n';
    const err = async (t: (s: string, o: object) => Promise<unknown>) => {
      try { await t(bad, { loader: 'ts' }); } catch (e) { return (e as { errors: Array<{ text: string; location: { line: number; column: number } }> }).errors[0]; }
      assert.fail('no error');
    };
    const [w, n] = await Promise.all([err(portable.transform), err(native.transform)]);
    assert.deepEqual([w.text, w.location.line, w.location.column], [n.text, n.location.line, n.location.column]);
  });

  it('grades from the CLI with no node on PATH', () => {
    const stage = path.join(root, 'test/fixtures/course/stage1');
    const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'grade', 's1-double', path.join(stage, 'mutants/s1-double.triple.ts')], {
      encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, PATH: path.join(root, 'no-such-dir'), DL_TUTOR_ESBUILD: 'wasm', DL_TUTOR_COURSE_ROOT: path.join(root, 'test/fixtures/course') },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /✗ double doubles .*\n {6}element \[0\] is 3, expected 2\n[^]* {6}at line 3\n/);
  });
});
