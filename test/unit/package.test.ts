// What `npm run package` puts in the .vsix: `vsce ls` applies .vscodeignore (an allowlist) to the
// files and production dependencies exactly as `vsce package` does. Needs `npm run build` first.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('package (.vsix contents)', function () {
  this.timeout(120_000);
  let files: string[];
  before(() => {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  });

  it('has the bundles, the course, media, grammar, licence files and the pure-JS engine', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/worker.js', 'dist/cli.js',
      'dist/webview/lesson.js', 'dist/webview/plot.js', 'media/icon.png', 'media/dl-tutor.svg', 'syntaxes/dl-tutor-markers.tmLanguage.json',
      'exercises/manifest.schema.json', 'exercises/stage1/manifest.json', 'node_modules/@tensorflow/tfjs/dist/tf.node.js',
      'node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js', 'node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.node.js',
      'node_modules/@tensorflow/tfjs/dist/index.d.ts', 'node_modules/seedrandom/index.js', 'node_modules/esbuild-wasm/esbuild.wasm',
      'node_modules/esbuild-wasm/lib/browser.js']) {
      assert.ok(files.includes(f), `${f} is not packaged`);
    }
    for (const kind of ['starters', 'solutions', 'checks', 'lessons', 'mutants']) {
      assert.ok(files.some((f) => f.startsWith(`exercises/stage1/${kind}/`)), `exercises/stage1/${kind} is not packaged`);
    }
  });

  it('has no sources, tests, fixtures, maps, scripts, native engine or native esbuild', () => {
    const banned: Array<[RegExp, string]> = [
      [/^src\//, 'source'], [/^test\//, 'test'], [/fixtures\//, 'fixture'], [/^scripts\//, 'script'], [/^dist\/test\//, 'test bundle'],
      [/\.map$/, 'source map'], [/^node_modules\/@tensorflow\/tfjs-node\//, 'tfjs-node'], [/^node_modules\/(@esbuild|esbuild)\//, 'native esbuild'],
      [/_test[^/]*\.d\.ts$/, 'tfjs test declaration'], [/^(tsconfig|eslint\.config|esbuild)\./, 'build config'], [/^docs\//, 'docs'],
      [/^media\/screenshots\//, 'README screenshot'], [/\.vsix$/, 'package'],
    ];
    for (const f of files) {
      for (const [re, what] of banned) assert.ok(!re.test(f), `${f} is packaged (${what})`);
      // TypeScript in the package is the course (exercises) or declarations only.
      if (/\.ts$/.test(f)) assert.ok(f.startsWith('exercises/') || f.endsWith('.d.ts'), `${f} is packaged (TypeScript source)`);
    }
  });

  it('has a marketplace-ready manifest', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const png = fs.readFileSync(path.join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'icon at least 128×128');
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(pkg.categories.includes('Education'));
    assert.ok(pkg.keywords.length >= 3 && pkg.keywords.length <= 30);
    assert.match(pkg.repository.url, /^https:\/\//);
    assert.equal(pkg.license, 'MIT');
    assert.equal(pkg.scripts.package, 'vsce package');
  });
});
