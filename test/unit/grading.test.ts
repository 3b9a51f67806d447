/**
 * The grading helpers: every failure message names what a learner needs (shape, index, got,
 * expected, counts, the likely mistake), and every guard can fail. Runs on tfjs-node
 * ('tensorflow') and on the pure-JS 'cpu' backend.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import {
  CheckFailure, classifyMistake, collectTensors, countParams, describeLayers, disposeResult, expectAllFinite, expectClose,
  expectInputsIntact, expectKernelsNotUsed, expectNoBannedApis, expectNoLeaks, expectNoTfKernels, expectProportion, expectShape,
  expectStatistic, expectTensorClose, expectThrows, expectThrowsAsync, installFastCpuKernels, kernelsUsed, numericalGradientCheck,
  numericalGradientCheck64, overfitOneBatch, prettyTensor, scanSourceForBannedApis, seedEverything, setDenseWeights, trainingDemo,
  withAutodiffDisabled, withTimeBudget, mulberry32, gaussian, expectDeterministic, fastKernelStatus, expectSumsTo, expectMonotonic, expectRowsMatchIgnoringOrder,
} from 'dl-tutor/grading';

import * as grading from 'dl-tutor/grading';

describe('grading: the one-import API', () => {
  it('exports every helper and generator check files use', () => {
    const names = [
      'defineChecks', 'fail', 'CheckFailure', 'expectTensorClose', 'classifyMistake', 'expectShape', 'expectAllFinite', 'expectThrows',
      'expectThrowsAsync', 'expectClose', 'expectDeterministic', 'expectNoLeaks', 'disposeResult', 'expectInputsIntact', 'kernelsUsed',
      'profileKernels', 'expectKernelsNotUsed', 'expectNoTfKernels', 'withAutodiffDisabled', 'scanSourceForBannedApis', 'expectNoBannedApis',
      'numericalGradientCheck', 'numericalGradientCheck64', 'expectStatistic', 'expectProportion', 'setDenseWeights', 'describeLayers',
      'countParams', 'overfitOneBatch', 'trainingDemo', 'withTimeBudget', 'seedEverything', 'installFastCpuKernels', 'prettyTensor', 'isTensor',
      'mulberry32', 'gaussian', 'shuffleInPlace', 'splitIndices', 'makeBlobs', 'makeLinearlySeparable', 'makeXor', 'makeMoons', 'makeCircles',
      'makeSpirals', 'makeImbalanced', 'makePolynomialRegression', 'makeScaledFeatures', 'makeCategoricalTable', 'gridOver', 'drawShapes',
      'shapesToTensors', 'makeTextureStripes', 'makeCopyTask', 'makeReverseTask', 'makeSortTask', 'makeAdditionTask', 'makeParityTask',
      'makeDelayedEchoTask', 'makeSineSeries', 'makeGrammarCorpus', 'windowedLmBatches', 'expectSumsTo', 'expectMonotonic',
      'expectRowsMatchIgnoringOrder',
    ];
    const missing = names.filter((n) => typeof (grading as Record<string, unknown>)[n] !== 'function');
    assert.deepEqual(missing, []);
  });
  it('failures are CheckFailure instances with expected/actual', () => {
    const f = failure(() => grading.expectTensorClose([1], [2]));
    assert.ok(f instanceof grading.CheckFailure);
    assert.equal(f.name, 'CheckFailure');
    assert.ok(f.expected && f.actual);
  });
});

/** The CheckFailure `fn` throws (fails the test if it passes or throws something else). */
function failure(fn: () => unknown): CheckFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw new Error(`expected a CheckFailure, got ${String(e)}`);
  }
  throw new Error('expected a CheckFailure, but the check passed');
}

async function failureAsync(fn: () => Promise<unknown>): Promise<CheckFailure> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CheckFailure) return e;
    throw new Error(`expected a CheckFailure, got ${String(e)}`);
  }
  throw new Error('expected a CheckFailure, but the check passed');
}

function includesAll(msg: string, parts: string[]): void {
  for (const p of parts) assert.ok(msg.includes(p), `message should contain ${JSON.stringify(p)}:\n  ${msg}`);
}

describe('grading: backend-independent helpers', () => {
  describe('classifyMistake', () => {
    it('recognises ×N against a named dimension and against the shape', () => {
      const e = [1, 2, 3, 4, 5, 6];
      const g = classifyMistake(e.map((v) => v * 4), e, [2, 3], { dims: { batch: 4 } });
      assert.equal(g?.kind, 'scaled');
      includesAll(g!.message, ['factor of 4', 'summed instead of averaged', 'batch of 4']);
      const h = classifyMistake(e.map((v) => v / 3), e, [2, 3]);
      includesAll(h!.message, ['1/3', 'averaged instead of summed']);
      const w = classifyMistake(e.map((v) => v / 5), e, [2, 3]);
      includesAll(w!.message, ['1/5', 'a mean where a sum was needed', 'the batch?']);
      const k = classifyMistake(e.map((v) => v * 1.37), e, [2, 3]);
      includesAll(k!.message, ['1.37×']);
    });
    it('recognises transposed, negated, offset, permuted, zeros and a single wrong column', () => {
      const e = [1, 2, 3, 4];
      assert.equal(classifyMistake([1, 3, 2, 4], e, [2, 2])?.kind, 'transposed');
      assert.equal(classifyMistake([-1, -2, -3, -4], e, [2, 2])?.kind, 'negated');
      const off = classifyMistake([1.5, 2.5, 3.5, 4.5], e, [4]);
      assert.equal(off?.kind, 'offset');
      includesAll(off!.message, ['+0.5']);
      assert.equal(classifyMistake([4, 3, 2, 1], e, [4])?.kind, 'permuted');
      assert.equal(classifyMistake([0, 0, 0, 0], e, [4])?.kind, 'zeros');
      const col = classifyMistake([1, 2, 9, 3, 4, 9], [1, 2, 3, 3, 4, 5], [2, 3]);
      assert.equal(col?.kind, 'localized');
      includesAll(col!.message, ['column 2']);
      assert.equal(classifyMistake([1, 2, 3, 7.7], e, [4]), null);
    });
    it('reports NaN/Infinity where numbers were expected with the index', () => {
      const g = classifyMistake([0.1, 0.2, NaN, 0.4], [0.1, 0.2, 0.3, 0.4], [2, 2]);
      assert.equal(g?.kind, 'nonfinite');
      includesAll(g!.message, ['NaN', '[1,0]', 'overflow', 'exp of a large logit']);
    });
  });

  describe('expectTensorClose on plain arrays', () => {
    it('passes equal values, NaN==NaN and ±Inf==±Inf', () => {
      expectTensorClose([NaN, Infinity, -Infinity, 1], [NaN, Infinity, -Infinity, 1 + 1e-7]);
      expectTensorClose(new Float32Array([1, 2]), [1, 2]);
      expectTensorClose(3, 3);
      const f = failure(() => expectTensorClose([Infinity], [-Infinity]));
      includesAll(f.message, ['Infinity']);
      const g = failure(() => expectTensorClose([0.5], [NaN], { name: 'p' }));
      includesAll(g.message, ['got 0.5', 'expected NaN']);
    });
    it('says undefined, Promise, object, ragged', () => {
      includesAll(failure(() => expectTensorClose(undefined, [1], { name: 'mse' })).message, ['`mse` is undefined', 'forget to `return`']);
      includesAll(failure(() => expectTensorClose({ output: 1, cache: [] }, [1])).message, ['object with keys output, cache']);
      includesAll(failure(() => expectTensorClose([[1, 2], [3]], [[1, 2], [3, 4]])).message, ['ragged', '[1]']);
      const p = Promise.resolve(1);
      includesAll(failure(() => expectTensorClose(p, [1])).message, ['Promise']);
    });
    it('first wrong element, counts, max diff and expected/actual strings', () => {
      const f = failure(() => expectTensorClose([[1, 2, 3], [4, 0.731, 6]], [[1, 2, 3], [4, 0.269, 7]], { name: 'output' }));
      includesAll(f.message, ['`output`', 'first wrong element at [1,1]', 'got 0.731', 'expected 0.269', '2 of 6 elements differ', 'max |diff| 1']);
      includesAll(f.expected!, ['[2,3]', '0.269']);
      includesAll(f.actual!, ['[2,3]', '0.731']);
    });
    it('prints enough digits to see a small difference', () => {
      const f = failure(() => expectTensorClose([1.00012], [1.00001], { atol: 1e-6, rtol: 1e-6 }));
      includesAll(f.message, ['1.00012', '1.00001']);
    });
    it('respects atol and rtol', () => {
      expectTensorClose([100.5], [100], { atol: 0, rtol: 1e-2 });
      failure(() => expectTensorClose([100.5], [100], { atol: 0, rtol: 1e-3 }));
      expectTensorClose([1e-3], [0], { atol: 1e-2 });
    });
    it('checkShape:false compares only element counts', () => {
      expectTensorClose([[1, 2, 3]], [1, 2, 3], { checkShape: false });
      includesAll(failure(() => expectTensorClose([1, 2], [1, 2, 3], { checkShape: false })).message, ['2 elements', 'expected 3']);
    });
    it('known mistakes lead the message and carry their hint key', () => {
      const f = failure(() => expectTensorClose([2, 2], [1, 1], {
        mistakes: [{ when: [5, 5], message: 'not this one' }, { when: () => [2, 2], message: 'softmax over the wrong axis', hintKey: 'axis' }],
      }));
      assert.ok(f.message.startsWith('softmax over the wrong axis'), f.message);
      assert.equal(f.hintKey, 'axis');
    });
  });

  describe('expectClose, expectThrows, expectStatistic, expectProportion', () => {
    it('expectClose', () => {
      expectClose(0.25, 0.25);
      const f = failure(() => expectClose(1, 0.25, { name: 'loss', dims: { batch: 4 } }));
      includesAll(f.message, ['`loss`', 'got 1', 'expected 0.25', 'summed instead of averaged', 'batch of 4']);
      includesAll(failure(() => expectClose(undefined, 1, { name: 'loss' })).message, ['undefined']);
      includesAll(failure(() => expectClose([1, 2], 1, { name: 'loss' })).message, ['should be a number', '[2]']);
      const nan = failure(() => expectClose(NaN, 0.25, { name: 'loss' }));
      includesAll(nan.message, ['`loss`: got NaN where 0.25 was expected', 'overflow']);
    });
    it('expectThrows', () => {
      expectThrows(() => { throw new Error('shapes [2,1] and [2] differ'); }, /shapes/);
      const f = failure(() => expectThrows(() => 0.5, undefined, { name: 'mse([2,1], [2])', why: 'shapes differ — tf would silently broadcast' }));
      includesAll(f.message, ['`mse([2,1], [2])` should throw (shapes differ — tf would silently broadcast) but returned 0.5']);
      const g = failure(() => expectThrows(() => { throw new Error('bad'); }, /shape/, 'f(x)'));
      includesAll(g.message, ['threw "bad"', '/shape/']);
      const h = failure(() => expectThrows(() => { throw new Error('x'); }, RangeError, 'f(x)'));
      includesAll(h.message, ['RangeError']);
    });
    it('expectThrows disposes what the call created but never its inputs', () => {
      const input = tf.tensor1d([1, 2]);
      const before = tf.memory().numTensors;
      failure(() => expectThrows(() => ({ same: input, made: input.add(1) }), undefined, 'f(x)'));
      assert.equal(tf.memory().numTensors, before);
      assert.ok(!input.isDisposed);
      input.dispose();
    });
    it('expectThrowsAsync', async () => {
      await expectThrowsAsync(async () => { throw new Error('no'); });
      const f = await failureAsync(() => expectThrowsAsync(async () => 3, undefined, 'g()'));
      includesAll(f.message, ['`g()` should throw but returned 3']);
    });
    it('expectStatistic and expectProportion', () => {
      const rng = mulberry32(3);
      const xs = Array.from({ length: 4000 }, () => gaussian(rng));
      expectStatistic(xs, { mean: [-0.1, 0.1], std: [0.95, 1.05] });
      expectStatistic(new Float32Array(xs), { mean: [-0.1, 0.1] });
      const f = failure(() => expectStatistic(xs.map((v) => v * 2), { std: [0.95, 1.05], name: 'W' }));
      includesAll(f.message, ['`W`', 'std', '0.95', '1.05', '4000 samples']);
      includesAll(failure(() => expectStatistic([0, 2], { max: 1 })).message, ['above the maximum']);
      expectProportion(480, 1000, 0.5);
      const g = failure(() => expectProportion(600, 1000, 0.5, { name: 'keep rate' }));
      includesAll(g.message, ['`keep rate`', '0.6', '600 of 1000', 'about 0.5']);
    });
  });

  describe('property checks', () => {
    it('expectSumsTo finds the first slice that does not sum to 1', () => {
      expectSumsTo([[0.2, 0.8], [0.5, 0.5]]);
      expectSumsTo([[0.2, 0.5], [0.8, 0.5]], 0);
      const f = failure(() => expectSumsTo([[0.2, 0.8], [0.5, 0.6]], -1, 1, { name: 'weights' }));
      includesAll(f.message, ['`weights`[1,:] sums to 1.1 over axis 1, expected 1']);
      const g = failure(() => expectSumsTo([[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.9, 0.5]]], 1));
      includesAll(g.message, ['[1,:,0] sums to 1.4 over axis 1']);
    });
    it('expectMonotonic names the step that breaks the trend', () => {
      expectMonotonic([3, 2, 2, 1], 'nonincreasing');
      expectMonotonic([1, 1.0000001, 0.9999999], 'nondecreasing', { tol: 1e-6 });
      includesAll(failure(() => expectMonotonic([3, 2, 2.5], 'decreasing', { name: 'loss' })).message, ['`loss` should be decreasing but goes from 2 at [1] to 2.5 at [2]']);
      failure(() => expectMonotonic([1, 1], 'increasing'));
    });
    it('expectRowsMatchIgnoringOrder', () => {
      expectRowsMatchIgnoringOrder([[1, 2], [3, 4]], [[3, 4], [1, 2]]);
      includesAll(failure(() => expectRowsMatchIgnoringOrder([[1, 2]], [[1, 2], [3, 4]], { name: 'boxes' })).message, ['`boxes` has 1 rows, expected 2']);
      includesAll(failure(() => expectRowsMatchIgnoringOrder([[1, 2], [3, 5]], [[3, 4], [1, 2]])).message, ['no row matching expected row [3, 4]']);
      failure(() => expectRowsMatchIgnoringOrder([[1, 2], [1, 2]], [[1, 2], [3, 4]]));
    });
  });

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

  describe('numericalGradientCheck64', () => {
    const f = (x: number[]) => x[0] ** 3 + Math.sin(x[1]) * x[0];
    const x = [0.7, -1.2];
    it('passes a right gradient', () => {
      const r = numericalGradientCheck64(f, x, [3 * 0.49 + Math.sin(-1.2), Math.cos(-1.2) * 0.7]);
      assert.ok(r.maxRelErr < 1e-6);
    });
    it('fails a wrong one with the coordinate, numerical, analytic and rel err', () => {
      const e = failure(() => numericalGradientCheck64(f, x, [3 * 0.49 + Math.sin(-1.2), Math.cos(-1.2) * 0.7 * 2], { name: 'grad' }));
      includesAll(e.message, ['`grad` is wrong at [1]', 'numerical 0.253', 'analytic 0.507', 'rel err 0.5']);
    });
    it('skips a kink instead of blaming the learner', () => {
      const relu = (v: number[]) => Math.max(0, v[0]) + v[1] ** 2;
      const r = numericalGradientCheck64(relu, [1e-7, 1], [1, 2]);
      assert.equal(r.kinks, 1);
      includesAll(r.warning ?? '', ['non-smooth', '1 of 2']);
      assert.equal(numericalGradientCheck64((v) => v[0] ** 2, [1], [2]).warning, undefined);
    });
  });

  describe('data helpers through the grading entry point', () => {
    it('seedEverything is deterministic', () => {
      const a = seedEverything(5);
      const b = seedEverything(5);
      assert.equal(a.rng(), b.rng());
      assert.equal(a.tfSeed(3), b.tfSeed(3));
      assert.notEqual(a.tfSeed(3), a.tfSeed(4));
      assert.ok(Number.isInteger(a.tfSeed(0)));
    });
  });

  describe('trainingDemo and withTimeBudget', () => {
    it('trainingDemo streams every step and stops at the budget', async () => {
      const points: Array<Record<string, number>> = [];
      const r = await trainingDemo({ name: 'tiny', steps: 5, budgetMs: 10_000, run: async (s) => ({ loss: 1 / (s + 1) }), emit: (p) => points.push(p) });
      assert.equal(points.length, 5);
      assert.deepEqual(points[4], { step: 4, loss: 0.2 });
      assert.equal(r.steps, 5);
      const events: unknown[] = [];
      await trainingDemo({ name: 'plotted', steps: 5, budgetMs: 10_000, run: (s) => ({ loss: s }), plot: { emit: (e) => events.push(e), chart: 'loss', every: 2 } });
      assert.deepEqual(events.map((e) => (e as { epoch: number }).epoch), [0, 2, 4]);
      assert.deepEqual(events[1], { kind: 'epoch', chart: 'loss', title: undefined, epoch: 2, values: { loss: 2 }, logY: undefined });
      await assert.rejects(trainingDemo({
        name: 'slow', steps: 100, budgetMs: 30, emit: () => undefined,
        run: async () => { await new Promise((res) => setTimeout(res, 20)); return { loss: 1 }; },
      }), /demo slow stopped after \d+ of 100 steps.*budget/);
    });
    it('withTimeBudget rejects slow work with a CheckFailure and passes fast work', async () => {
      assert.equal(await withTimeBudget(1000, async () => 7), 7);
      const f = await failureAsync(() => withTimeBudget(20, () => new Promise((res) => setTimeout(res, 500)), '`train`'));
      includesAll(f.message, ['`train` took longer than 20 ms']);
    });
  });
});

describe('grading: the kernel spy gives the same list on tfjs-node and cpu', () => {
  // tf.profile on tfjs-node also lists kernels that node kernels run internally (Mean → Cast,
  // ClipByValue → Minimum/Maximum, _FusedMatMul → BatchMatMul/Add); the spy lists top-level ones.
  const ops: Record<string, () => unknown> = {
    mean: () => tf.mean(tf.ones([2, 3]), 1),
    clipByValue: () => tf.clipByValue(tf.ones([2]), 0, 0.5),
    dense: () => tf.tidy(() => { const l = tf.layers.dense({ units: 2, kernelInitializer: 'ones' }); const y = l.apply(tf.ones([2, 3])) as tf.Tensor; l.weights.forEach((w) => w.dispose()); return y; }),
    batchNorm: () => tf.batchNorm(tf.ones([2, 3]), tf.zeros([3]), tf.ones([3])),
    moments: () => tf.moments(tf.ones([2, 3]), 0).variance,
    logSoftmax: () => tf.logSoftmax(tf.tensor2d([[1, 2], [3, 4]])),
    softmaxCE: () => tf.losses.softmaxCrossEntropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 2]])),
    binaryCE: () => tf.metrics.binaryCrossentropy(tf.ones([2]), tf.fill([2], 0.5)),
    relu: () => tf.relu(tf.tensor1d([-1, 1])),
  };
  let previous = '';
  before(() => { previous = tf.getBackend(); });
  after(async () => { await tf.setBackend(previous); });
  for (const [name, op] of Object.entries(ops)) {
    it(name, async () => {
      const lists: Record<string, string[]> = {};
      for (const b of ['tensorflow', 'cpu']) {
        await tf.setBackend(b);
        lists[b] = (await kernelsUsed(op)).sort();
      }
      assert.deepEqual(lists.tensorflow, lists.cpu);
      assert.ok(lists.cpu.length > 0);
    });
  }
  it('lists customGrad ops by name and their primitives too', async () => {
    const ks = await kernelsUsed(() => tf.logSoftmax(tf.tensor2d([[1, 2]])));
    assert.ok(ks.includes('logSoftmax__op') && ks.includes('Exp'), ks.join(','));
  });
});

for (const backend of ['tensorflow', 'cpu'] as const) {
  describe(`grading on the ${backend} backend`, () => {
    let baseline = 0;
    let previous = '';
    before(async () => {
      previous = tf.getBackend();
      assert.ok(await tf.setBackend(backend), `backend ${backend} is available`);
      await tf.ready();
    });
    // Other unit tests share this process: leave the backend as it was.
    after(async () => { await tf.setBackend(previous); });
    beforeEach(() => { baseline = tf.memory().numTensors; });
    afterEach(function () {
      if (this.currentTest?.state === 'passed') assert.equal(tf.memory().numTensors, baseline, 'the test leaked tensors');
    });

    describe('expectTensorClose with tensors', () => {
      it('shape mismatch, with "looks transposed" for an exact transpose', () => {
        const e = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
        const a = e.transpose();
        const f = failure(() => expectTensorClose(a, e, { name: 'output' }));
        includesAll(f.message, ['`output` has shape [4,3], expected [3,4]', 'looks transposed']);
        const b = tf.zeros([4, 3]);
        const g = failure(() => expectTensorClose(b, e, { name: 'output' }));
        includesAll(g.message, ['has shape [4,3], expected [3,4]', 'swapped']);
        assert.ok(!g.message.includes('looks transposed'));
        tf.dispose([e, a, b]);
      });
      it('shape advice: keepDims, broadcasting, wrong axis size', () => {
        const e = tf.tensor1d([1, 2, 3]);
        const a = tf.tensor2d([[1], [2], [3]]);
        includesAll(failure(() => expectTensorClose(a, e)).message, ['[3,1]', 'expected [3]', 'extra dimension of size 1']);
        const bc = tf.zeros([3, 3]);
        includesAll(failure(() => expectTensorClose(bc, e)).message, ['broadcast']);
        const s = tf.scalar(2);
        const s1 = s.reshape([1]);
        includesAll(failure(() => expectTensorClose(s1, s)).message, ['return a scalar']);
        const w = tf.zeros([3, 2]);
        includesAll(failure(() => expectTensorClose(w, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])).message, ['axis 1 has size 2 instead of 4']);
        const conv = tf.zeros([1, 5, 5, 2]);
        const want = Array.from({ length: 1 }, () => Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => [0, 0])));
        includesAll(failure(() => expectTensorClose(conv, want, { name: 'conv2d(x, w)' })).message, ['[1,5,5,2], expected [1,6,6,2]', 'off by one in axes 1 and 2', 'padding rule']);
        conv.dispose();
        tf.dispose([e, a, bc, s, s1, w]);
      });
      it('dtype when asked', () => {
        const a = tf.tensor1d([1, 2], 'float32');
        const e = tf.tensor1d([1, 2], 'int32');
        expectTensorClose(a, e);
        includesAll(failure(() => expectTensorClose(a, e, { checkDtype: true, name: 'ids' })).message, ['`ids` has dtype float32, expected int32']);
        tf.dispose([a, e]);
      });
      it('disposed tensors are reported as such', () => {
        const a = tf.tensor1d([1]);
        a.dispose();
        includesAll(failure(() => expectTensorClose(a, [1])).message, ['disposed']);
      });
      it('wrong-axis softmax is caught through `mistakes`', () => {
        const x = tf.tensor2d([[1, 2, 3], [1, 5, 2]]);
        const ref = tf.softmax(x);
        const wrong = tf.tidy(() => tf.softmax(x.transpose()).transpose());
        const f = failure(() => expectTensorClose(wrong, ref, {
          name: 'softmax(x)', atol: 1e-6, rtol: 1e-5,
          mistakes: [{ when: () => tf.tidy(() => tf.softmax(x.transpose()).transpose()), message: 'softmax over the wrong axis: your columns sum to 1, not your rows', hintKey: 'softmax-axis' }],
        }));
        assert.ok(f.message.startsWith('softmax over the wrong axis'), f.message);
        includesAll(f.message, ['first wrong element at [0,']);
        assert.equal(f.hintKey, 'softmax-axis');
        tf.dispose([x, ref, wrong]);
      });
      it('NaN from an overflow is named', () => {
        const logits = tf.tensor2d([[1000, 0], [1, 2]]);
        const naive = tf.tidy(() => { const e = tf.exp(logits); return e.div(e.sum(1, true)); });
        const ref = tf.softmax(logits);
        const f = failure(() => expectTensorClose(naive, ref, { name: 'softmax(x)' }));
        includesAll(f.message, ['got NaN at [0,0]', 'expected', 'overflow', 'exp of a large logit']);
        tf.dispose([logits, naive, ref]);
      });
      it('expectShape and expectAllFinite', () => {
        const t = tf.zeros([2, 5]);
        expectShape(t, [2, null]);
        includesAll(failure(() => expectShape(t, [5, 2], 'W')).message, ['`W` has shape [2,5], expected [5,2]']);
        includesAll(failure(() => expectShape(t, [2, 5, null])).message, ['expected [2,5,?]']);
        expectAllFinite(t);
        const n = tf.tensor1d([1, NaN, Infinity, 2]);
        includesAll(failure(() => expectAllFinite(n, 'loss')).message, ['`loss` has NaN at [1]', '1 NaN and 1 infinite of 4']);
        tf.dispose([t, n]);
      });
      it('expectStatistic reads tensors', () => {
        const w = tf.randomNormal([2000], 0, 0.5, 'float32', 3);
        expectStatistic(w, { mean: [-0.05, 0.05], std: [0.47, 0.53], name: 'W' });
        includesAll(failure(() => expectStatistic(w, { std: [0.95, 1.05], name: 'W' })).message, ['`W` has std 0.49', 'between 0.95 and 1.05']);
        w.dispose();
      });
      it('prettyTensor truncates', () => {
        const t = tf.tidy(() => tf.range(0, 100).reshape([10, 10]));
        const s = prettyTensor(t, 12);
        includesAll(s, ['float32 [10,10]', '[[0, 1, 2', '…']);
        assert.ok(s.length < 200, s);
        t.dispose();
      });
    });

    describe('expectNoLeaks and disposeResult', () => {
      const x = () => tf.tensor2d([[1, 2], [3, 4]]);
      it('catches a 1-tensor leak and passes a tidy version', async () => {
        const input = x();
        const leaky = () => { const h = input.mul(2); return h.add(1); };
        const f = await failureAsync(() => expectNoLeaks(leaky, { name: 'mlpForward', dispose: true }));
        includesAll(f.message, ['1 tensor leaked per call of `mlpForward`', 'tf.tidy()']);
        // The leaked intermediate cannot be reached; reclaim it for the memory assertion.
        const tidy = () => tf.tidy(() => input.mul(2).add(1));
        const out = await expectNoLeaks(tidy, { name: 'mlpForward' });
        assert.ok(!out.isDisposed);
        out.dispose();
        input.dispose();
        baseline += 1; // the one leaked tensor is deliberately left behind
      });
      it('counts tensors in nested results once and never the inputs', async () => {
        const input = x();
        const res = await expectNoLeaks(() => {
          const z = input.mul(2);
          const a = tf.relu(z);
          // a cache that holds the input, and `a` twice (the next layer's input)
          return { output: a, cache: [{ input, z, a }], byName: new Map([['a', a]]) };
        }, { name: 'mlpForward' });
        assert.equal(collectTensors(res).length, 3);
        disposeResult(res, [input]);
        assert.ok(!input.isDisposed, 'inputs are kept');
        input.dispose();
      });
      it('dispose: true frees only new tensors', async () => {
        const input = x();
        await expectNoLeaks(() => [input, input.add(1)], { dispose: true });
        assert.ok(!input.isDisposed);
        input.dispose();
      });
      it('a disposed input does not hide a leak', async () => {
        const input = x();
        const f = await failureAsync(() => expectNoLeaks(() => { input.dispose(); tf.ones([1]); return 0; }, { name: 'f' }));
        includesAll(f.message, ['1 tensor leaked per call of `f`']);
        baseline += 1; // the leaked tensor stays behind (the input was disposed)
      });
      it('reports several leaks and honours `allowed`', async () => {
        const f = await failureAsync(() => expectNoLeaks(() => { tf.ones([1]); tf.ones([1]); tf.ones([1]); return 0; }, { name: 'step' }));
        includesAll(f.message, ['3 tensors leaked per call of `step`']);
        await expectNoLeaks(() => { tf.ones([1]); return 0; }, { allowed: 1 });
        baseline += 4;
      });
    });

    describe('expectInputsIntact', () => {
      it('catches a disposed input', async () => {
        const xIn = tf.tensor1d([1, 2]);
        const f = await failureAsync(() => expectInputsIntact({ x: xIn }, () => { xIn.dispose(); return 1; }));
        includesAll(f.message, ['you disposed the input `x`', 'must not dispose tensors it was given']);
      });
      it('catches an in-place change of a Variable (assign)', async () => {
        const W = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4]])));
        const b = tf.tidy(() => tf.variable(tf.tensor1d([0, 0])));
        const params = [{ W, b }];
        const f = await failureAsync(() => expectInputsIntact({ params }, () => { const half = W.mul(0.5) as tf.Tensor2D; W.assign(half); half.dispose(); }));
        includesAll(f.message, ['you modified the input `params[0].W` in place', 'at [0,0]', 'was 1, now 0.5']);
        tf.dispose([W, b]);
      });
      it('catches in-place changes of plain and typed arrays (P0 inputs)', async () => {
        const grads = [new Float32Array([0.5, -0.5]), new Float32Array([1])];
        const f = await failureAsync(() => expectInputsIntact({ grads }, () => { grads[1][0] = 0; }));
        includesAll(f.message, ['you modified the input array `grads[1]` in place', 'at [0]: was 1, now 0']);
        const x = [[1, 2], [3, 4]];
        const g = await failureAsync(() => expectInputsIntact({ x }, () => { x[1].sort((a, b) => b - a); }));
        includesAll(g.message, ['`x[1]`', 'was 3, now 4']);
        // Unchanged arrays pass, and reading them is fine.
        const z = [1, 2, 3];
        assert.equal(await expectInputsIntact([z, { y: new Int32Array([1, 2]) }], () => z.reduce((a, b) => a + b, 0)), 6);
        const ys = [1, 2, 3];
        includesAll((await failureAsync(() => expectInputsIntact({ ys }, () => ys.push(4)))).message, ['changed the length of the input array `ys` from 3 to 4']);
      });
      it('passes a function that leaves inputs alone, and returns its result', async () => {
        const a = tf.tensor1d([1, 2]);
        const out = await expectInputsIntact([a], () => a.add(1));
        expectTensorClose(out, [2, 3]);
        tf.dispose([a, out]);
      });
    });

    describe('kernel spy', () => {
      it('kernelsUsed lists kernels and frees the result', async () => {
        const x = tf.tensor1d([1, 2, 3]);
        const ks = await kernelsUsed(() => tf.exp(x).sum());
        assert.deepEqual(ks, ['Exp', 'Sum']);
        x.dispose();
      });
      it('catches tf.softmax and passes exp/sum/div', async () => {
        const x = tf.tensor2d([[1, 2], [3, 4]]);
        const f = await failureAsync(() => expectKernelsNotUsed(() => tf.softmax(x), ['Softmax'], 'this exercise asks you to build softmax from exp/sum/div'));
        includesAll(f.message, ['used the Softmax kernel (tf.softmax)', 'build softmax from exp/sum/div']);
        await expectKernelsNotUsed(() => tf.tidy(() => { const e = tf.exp(x.sub(x.max(1, true))); return e.div(e.sum(1, true)); }), ['Softmax', 'tf.logSoftmax'], 's1-activations');
        const g = await failureAsync(() => expectKernelsNotUsed(() => tf.matMul(x, x), ['tf.matMul'], 's1-forward-pass'));
        includesAll(g.message, ['tf.matMul', 's1-forward-pass']);
        x.dispose();
      });
      it('expectNoTfKernels: zero kernels for pure TS at the boundary, names the ops otherwise', async () => {
        const x = tf.tensor2d([[1, 2], [3, 4]]);
        await expectNoTfKernels(() => {
          const rows = x.arraySync() as number[][];
          const ids = tf.tensor1d([1, 2], 'int32');
          ids.dispose();
          return tf.tensor2d(rows.map((r) => r.map((v) => v * 2)));
        });
        const f = await failureAsync(() => expectNoTfKernels(() => tf.matMul(x, x).add(1)));
        includesAll(f.message, ['used tf ops (', 'tf.matMul', 'Add (tf.add)', 'pure-TypeScript exercise: loop over the numbers']);
        x.dispose();
      });
    });

    describe('withAutodiffDisabled', () => {
      const f = (x: tf.Tensor) => x.square().sum() as tf.Scalar;
      it('makes tf.grad / valueAndGrad / variableGrads / minimize throw, then restores', () => {
        const x = tf.tensor1d([1, 2]);
        const v = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
        const opt = tf.train.sgd(0.1);
        {
          const calls: Array<() => unknown> = [
            () => tf.grad(f)(x),
            () => tf.valueAndGrad(f)(x),
            () => tf.grads((a: tf.Tensor) => a.sum())([x]),
            () => tf.variableGrads(() => v.square().sum() as tf.Scalar),
            () => opt.minimize(() => v.square().sum() as tf.Scalar),
          ];
          for (const call of calls) {
            const e = failure(() => withAutodiffDisabled(call));
            includesAll(e.message, ['autodiff is disabled in this exercise: compute the gradients by hand']);
          }
        }
        const g = tf.grad(f)(x);
        expectTensorClose(g, [2, 4]);
        tf.dispose([x, v, g]);
        opt.dispose();
      });
      it('fails even when the learner catches the error', () => {
        const x = tf.tensor1d([1]);
        const e = failure(() => withAutodiffDisabled(() => {
          try { tf.grad(f)(x); } catch { /* a learner swallowing the error */ }
          return 1;
        }));
        includesAll(e.message, ['autodiff is disabled']);
        x.dispose();
      });
      it('restores after a throw and after an async function', async () => {
        const x = tf.tensor1d([3]);
        assert.throws(() => withAutodiffDisabled(() => { throw new Error('learner bug'); }), /learner bug/);
        let g = tf.grad(f)(x);
        expectTensorClose(g, [6]);
        g.dispose();
        await assert.rejects(withAutodiffDisabled(async () => { await new Promise((r) => setTimeout(r, 1)); tf.grad(f)(x); }), /autodiff is disabled/);
        g = tf.grad(f)(x);
        expectTensorClose(g, [6]);
        tf.dispose([x, g]);
      });
    });

    describe('numericalGradientCheck (float32)', () => {
      it('passes a right gradient and fails a wrong one', () => {
        const x = tf.tensor2d([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]);
        const f = (t: tf.Tensor) => tf.tidy(() => t.pow(3).sum().add(t.sin().sum())) as tf.Scalar;
        const right = tf.tidy(() => x.square().mul(3).add(x.cos()));
        const r = numericalGradientCheck(f, x, right);
        assert.ok(r.maxRelErr < 2e-2 && r.checked === 6);
        const wrong = tf.tidy(() => x.square().mul(3));
        const e = failure(() => numericalGradientCheck(f, x, wrong, { name: 'dX' }));
        includesAll(e.message, ['`dX` is wrong at [0,0]', 'numerical', 'analytic 0.75', 'rel err', 'of 6 checked coordinates']);
        tf.dispose([x, right, wrong]);
      });
      it('samples coordinates deterministically on larger inputs', () => {
        const x = tf.tidy(() => tf.linspace(-1, 1, 200).reshape([20, 10]));
        const f = (t: tf.Tensor) => t.square().sum() as tf.Scalar;
        const g = tf.tidy(() => x.mul(2));
        const r = numericalGradientCheck(f, x, g, { samples: 20, seed: 4 });
        assert.equal(r.checked, 20);
        tf.dispose([x, g]);
      });
    });

    describe('expectDeterministic', () => {
      it('passes seeded work and fails unseeded randomness', async () => {
        await expectDeterministic(() => ({ w: tf.randomNormal([3, 2], 0, 1, 'float32', 7), n: 3 }), 'initial weights');
        let calls = 0;
        const f = await failureAsync(() => expectDeterministic(() => [tf.tensor1d([1, calls++])], 'weights'));
        includesAll(f.message, ['`weights` is not deterministic', 'number 1 was 0 on the first run and 1 on the second', 'seed']);
      });
    });

    describe('layers helpers', () => {
      it('setDenseWeights, describeLayers, countParams', () => {
        const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
        assert.equal(countParams(model), 2 * 3 + 3 + 3 + 1);
        const rows = describeLayers(model);
        assert.deepEqual(rows.map((r) => [r.className, r.params]), [['Dense', 9], ['Dense', 4]]);
        assert.deepEqual(rows[0].outputShape, [null, 3]);
        const layer = tf.layers.dense({ units: 2 });
        const W = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
        const b = tf.tensor1d([0.5, -0.5]);
        setDenseWeights(layer, [W, b]);
        const x = tf.tensor2d([[1, 1, 1]]);
        const y = layer.apply(x) as tf.Tensor;
        expectTensorClose(y, [[9.5, 11.5]]);
        assert.throws(() => setDenseWeights(layer, [b, W]), /wants weights/);
        // Recurrent, conv and normalisation layers build from the weight shapes too.
        const lstm = tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' });
        const bn = tf.layers.batchNormalization({ axis: -1 });
        const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3 });
        const lw = [tf.ones([3, 8]), tf.ones([2, 8]), tf.zeros([8])];
        const bw = [tf.ones([4]), tf.zeros([4]), tf.zeros([4]), tf.ones([4])];
        const cw = [tf.ones([3, 3, 5, 2]), tf.zeros([2])];
        setDenseWeights(lstm, lw);
        setDenseWeights(bn, bw);
        setDenseWeights(conv, cw);
        assert.deepEqual(lstm.getWeights().map((t) => t.shape), [[3, 8], [2, 8], [8]]);
        assert.deepEqual(conv.getWeights().map((t) => t.shape), [[3, 3, 5, 2], [2]]);
        for (const l of [lstm, bn, conv]) for (const v of l.weights) v.dispose();
        tf.dispose([...lw, ...bw, ...cw]);
        tf.dispose([W, b, x, y]);
        // A layer applied to concrete tensors has no inbound node, so layer.dispose() refuses.
        for (const v of layer.weights) v.dispose();
        model.dispose();
      });
      it('overfitOneBatch reaches a target and fails a model that cannot', async () => {
        const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
        const y = tf.tensor2d([[0], [1], [1], [0]]);
        const ok = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }), tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })] });
        const r = await overfitOneBatch(ok, x, y, { loss: 'meanSquaredError', lr: 0.05, maxSteps: 400, targetLoss: 0.01 });
        assert.ok(r.finalLoss <= 0.01 && r.steps <= 400);
        const linear = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
        const f = await failureAsync(() => overfitOneBatch(linear, x, y, { loss: 'meanSquaredError', lr: 0.05, maxSteps: 60, targetLoss: 0.01, name: 'the linear model' }));
        includesAll(f.message, ['the linear model could not overfit a single batch', 'after 60 steps']);
        ok.dispose();
        linear.dispose();
        tf.dispose([x, y]);
        // compile() creates optimizer state that the models above own; not a check concern.
        baseline = tf.memory().numTensors;
      });
    });

    describe('installFastCpuKernels', () => {
      it(backend === 'cpu' ? 'matches the stock kernels on several conv configurations and uninstalls' : 'is a no-op off the cpu backend', () => {
        const configs: Array<{ x: number[]; w: number[]; s: number | [number, number]; p: 'same' | 'valid' | number }> = [
          { x: [2, 7, 6, 3], w: [3, 3, 3, 4], s: 2, p: 'same' },
          { x: [1, 5, 5, 2], w: [2, 3, 2, 3], s: 1, p: 'valid' },
          { x: [2, 8, 8, 1], w: [3, 3, 1, 2], s: [2, 1], p: 'same' },
          { x: [1, 6, 6, 2], w: [1, 1, 2, 2], s: 1, p: 'valid' },
          // tfjs-node's Conv2D rejects a numeric pad ("supports only 'valid' and 'same'"): cpu only.
          ...(backend === 'cpu' ? [{ x: [1, 6, 5, 2], w: [3, 3, 2, 2], s: 1, p: 1 }] : []),
        ];
        const ids = tf.tensor1d([0, 3, 3, 5, 1, 0, 3], 'int32');
        const emb = tf.tidy(() => tf.randomNormal([6, 5], 0, 1, 'float32', 3));
        const run = () => configs.map((c, k) => tf.tidy(() => {
          const x = tf.randomNormal(c.x as [number, number, number, number], 0, 1, 'float32', 10 + k) as tf.Tensor4D;
          const w = tf.randomNormal(c.w as [number, number, number, number], 0, 1, 'float32', 20 + k) as tf.Tensor4D;
          return tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, c.s, c.p).square().sum())(w);
        }));
        const segGrad = () => tf.tidy(() => tf.grad((e: tf.Tensor) => tf.gather(e, ids).mul(tf.range(1, 8).reshape([7, 1])).sum())(emb));
        const stockConv = tf.getKernel('Conv2DBackpropFilter', 'cpu');
        const stockSeg = tf.getKernel('UnsortedSegmentSum', 'cpu');
        const g0 = run();
        const e0 = segGrad();
        const uninstall = installFastCpuKernels();
        const again = installFastCpuKernels();
        if (backend === 'cpu') {
          assert.notEqual(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc, stockConv?.kernelFunc);
          assert.notEqual(tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc, stockSeg?.kernelFunc);
        }
        const g1 = run();
        const e1 = segGrad();
        again();
        if (backend === 'cpu') assert.notEqual(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc, stockConv?.kernelFunc, 'a second install does not own the kernels');
        uninstall();
        if (backend === 'cpu') assert.deepEqual(fastKernelStatus(), { Conv2DBackpropFilter: true, UnsortedSegmentSum: true });
        assert.equal(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc, stockConv?.kernelFunc);
        assert.equal(tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc, stockSeg?.kernelFunc);
        g0.forEach((g, k) => expectTensorClose(g1[k], g, { atol: 1e-4, rtol: 1e-4, name: `dW for config ${k}` }));
        expectTensorClose(e1, e0, { atol: 1e-5, rtol: 1e-5 });
        tf.dispose([...g0, ...g1, e0, e1, ids, emb]);
      });
    });
  });
}
