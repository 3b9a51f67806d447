/**
 * The source scan for banned tf APIs: aliases, imports, bracket access and chains are followed;
 * comments, strings and type-only uses are not uses.
 */
import * as assert from 'node:assert/strict';
import { expectNoBannedApis } from 'dl-tutor/grading';
import { scanSourceForBannedApis } from '../../src/worker/grading/sourceScan';
import { failure, includesAll } from './gradingHelpers';


describe('source scan', () => {
  const src = [
    "import * as T from '@tensorflow/tfjs';",            // 1
    "import { layers as Lay, tensor } from '@tensorflow/tfjs';", // 2
    '// tf.losses.meanSquaredError(a, b) in a comment',   // 3
    "const s = 'tf.losses.meanSquaredError';",            // 4
    '/* tf.dropout( */ const t = `tf.dropout ${1 + 2}`;', // 5
    'const L = T.losses;',                                // 6
    'export function f(a: any, b: any) {',                // 7
    '  return L.meanSquaredError(a, b);',                 // 8
    '}',                                                  // 9
    'const d = Lay.dropout({ rate: 0.5 });',              // 10
    "const { dropout } = require('@tensorflow/tfjs');",   // 11
    'const ok = T.mean(T.square(T.sub(a, b)));',          // 12
    'const mine = { losses: 1 }; mine.losses;',           // 13
    'const r = /tf.losses/g; T["dropout"](x, 0.5);',      // 14
  ].join('\n');
  it('finds aliases, named imports, require and bracket access, with line numbers', () => {
    const hits = scanSourceForBannedApis(src, ['tf.losses', 'tf.layers.dropout', 'tf.dropout']);
    const got = hits.map((h) => `${h.api}@${h.line}`);
    assert.deepEqual(got, ['tf.losses@6', 'tf.losses@8', 'tf.layers.dropout@10', 'tf.dropout@11', 'tf.dropout@14']);
  });
  it('ignores comments, strings, template text, regexes and unrelated objects', () => {
    const hits = scanSourceForBannedApis(src, ['tf.losses', 'tf.dropout']);
    assert.ok(!hits.some((h) => [3, 4, 5, 12, 13].includes(h.line)), JSON.stringify(hits));
  });
  it('scans code inside template expressions and default tf', () => {
    const hits = scanSourceForBannedApis("const x = `a ${tf.losses.huberLoss(a, b)} b`;\nconst y = tf.metrics.meanSquaredError(a, b);", ['tf.losses', 'tf.metrics']);
    assert.deepEqual(hits.map((h) => `${h.api}@${h.line}`), ['tf.losses@1', 'tf.metrics@2']);
  });
  it('ignores type-only imports and type references, but not calls or `new`', () => {
    const code = [
      "import type { layers } from '@tensorflow/tfjs';",
      "import { type losses, tensor } from '@tensorflow/tfjs';",
      'let m: tf.layers.Layer | null = null;',
      'layers.dense({ units: 1 });',
      'losses.huberLoss(a, b);',
      'const r = tf.layers.simpleRNN({ units: 4 });',
      'const c = new tf.layers.Layer({});',
    ].join('\n');
    const hits = scanSourceForBannedApis(code, ['tf.layers', 'tf.losses']);
    assert.deepEqual(hits.map((h) => `${h.api}@${h.line}`), ['tf.layers@6', 'tf.layers@7']);
  });
  it('follows optional chaining, multi-line chains and destructuring renames', () => {
    const code = [
      'const a = tf?.losses.absoluteDifference(x, y);',
      'const b = tf',
      '  .layers',
      '  .dropout({ rate: 0.1 });',
      'const { losses: LL, tidy } = tf;',
      'LL.logLoss(x, y);',
      'tidy(() => x);',
      'const n = `${`${tf.dropout(x, 0.5)}`}`;',
    ].join('\n');
    const hits = scanSourceForBannedApis(code, ['tf.losses', 'tf.layers.dropout', 'tf.dropout']);
    assert.deepEqual(hits.map((h) => `${h.api}@${h.line}`), ['tf.losses@1', 'tf.layers.dropout@2', 'tf.losses@5', 'tf.losses@6', 'tf.dropout@8']);
  });
  it('expectNoBannedApis names the line and the reason', () => {
    const f = failure(() => expectNoBannedApis('const a = 1;\nconst l = tf.losses.meanSquaredError(y, p);', ['tf.losses'], 'write the formula yourself'));
    includesAll(f.message, ['line 2', 'tf.losses.meanSquaredError', 'write the formula yourself']);
    expectNoBannedApis('const l = tf.mean(tf.square(tf.sub(y, p)));', ['tf.losses'], 'x');
  });
});
