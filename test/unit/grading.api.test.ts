/**
 * The one import check files use: what it exports, stable check ids, mistakes named one way for
 * tensors and plain numbers, the four generated standard checks and gradients through learner code.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import * as grading from 'dl-tutor/grading';
import type { CheckContext, CheckSpec } from 'dl-tutor/grading';
import { defineChecks, expectTensorClose, expectThrows, learnerGrads, standardChecks } from 'dl-tutor/grading';
import { failure, failureAsync, includesAll } from './gradingHelpers';

describe('grading: the one-import API', () => {
  it('exports every helper and generator check files use', () => {
    const names = [
      'defineChecks', 'defineDemo', 'fail', 'CheckFailure', 'expectTensorClose', 'expectClose', 'expectThrows', 'standardChecks',
      'learnerGrads', 'expectNoLeaks', 'disposeResult', 'expectInputsIntact', 'numTensors', 'expectKernelsNotUsed', 'expectNoTfKernels',
      'withAutodiffDisabled', 'expectNoBannedApis', 'numericalGradientCheck', 'isTensor', 'fmtNum', 'fmtShape', 'fmtIndex', 'valuesOf',
      'expectInitializer', 'commonInitChecks', 'normalInit', 'varianceDemo', 'statsOf',
      'mulberry32', 'gaussian', 'shuffleInPlace', 'splitIndices', 'solveLinear', 'makeBlobs', 'makeLinearlySeparable', 'makeXor', 'makeMoons',
      'makeRandomMoons', 'makeCircles', 'makeSpirals', 'makeImbalanced', 'makePolynomialRegression', 'makeScaledFeatures', 'makeCategoricalTable',
      'gridOver', 'drawShapes', 'shapesToTensors', 'makeTextureStripes', 'makeCopyTask', 'makeReverseTask', 'makeSortTask', 'makeAdditionTask',
      'makeParityTask', 'makeDelayedEchoTask', 'makeSineSeries', 'makeGrammarCorpus', 'windowedLmBatches',
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
  it('every check needs a kebab-case id, unique in its file', () => {
    const run = () => undefined;
    assert.throws(() => defineChecks({ checks: [{ name: 'no id', run } as unknown as CheckSpec] }), /needs a kebab-case id/);
    assert.throws(() => defineChecks({ checks: [{ id: 'Mse Value', name: 'a', run }] }), /kebab-case id, got "Mse Value"/);
    assert.throws(() => defineChecks({ checks: [{ id: 'a', name: 'a', run }, { id: 'a', name: 'b', run }] }), /two checks have the id "a"/);
    assert.equal(defineChecks({ checks: [{ id: 'mse-value', name: 'a', run }] }).checks.length, 1);
  });
});

describe('grading: a mistake is named one way', () => {
  it('as values in any layout, for tensors and plain numbers alike', () => {
    const f = failure(() => expectTensorClose([[2, 4], [6, 8]], [[1, 2], [3, 4]], { mistakes: [{ when: [2, 4, 6, 8], message: 'doubled', hintKey: 'twice' }] }));
    assert.ok(f.message.startsWith('doubled — '), f.message);
    assert.equal(f.hintKey, 'twice');
    const g = failure(() => expectTensorClose(12, 3, { name: 'loss', mistakes: [{ when: 12, message: 'summed instead of averaged' }] }));
    assert.ok(g.message.startsWith('summed instead of averaged — `loss`: got 12, expected 3'), g.message);
  });
  it('as a predicate over the learner\'s values', () => {
    const f = failure(() => expectTensorClose([1, NaN], [1, 0], { mistakes: [{ when: (got: number[]) => got.some(Number.isNaN), message: 'a NaN slipped through' }] }));
    assert.ok(f.message.startsWith('a NaN slipped through'), f.message);
  });
  it('a value that must be a tensor says so', () => {
    includesAll(failure(() => expectTensorClose([1], [1], { name: 'y', tensor: true })).message, ['`y`: expected a tensor']);
  });
  it('a call that returns instead of throwing leads with its mistake; Not implemented is no answer', () => {
    const f = failure(() => expectThrows(() => 0.5, undefined, { name: 'mse([2,1], [2])', mistake: 'shapes not validated', hintKey: 'mse-shapes' }));
    assert.equal(f.message, 'shapes not validated: `mse([2,1], [2])` should throw but returned 0.5');
    assert.equal(f.hintKey, 'mse-shapes');
    assert.throws(() => expectThrows(() => { throw new Error('Not implemented: s2-mse'); }), /^Error: Not implemented/);
  });
});

describe('grading: standard checks from a description of the function', () => {
  const ctx = (source: string): CheckContext => ({ emit: () => undefined, engine: 'cpu', source, file: 'learner.ts', inSandbox: () => Promise.reject(new Error('no sandbox in this test')) });
  type L = { double(x: tf.Tensor): tf.Tensor };
  const spec = (ruleLevel: 'P0' | 'P1') => standardChecks<L>({
    ruleLevel, fn: 'double',
    calls: [{ name: 'double', inputs: () => ({ x: tf.tensor1d([1, 2]) }), call: (m, i) => m.double(i.x) }],
    badInputs: [{ name: 'double(undefined)', call: (m) => m.double(undefined as unknown as tf.Tensor), why: 'x is required' }],
    banned: { apis: ['tf.mul'], kernels: ['Multiply'], why: 'add x to itself' },
  });
  const good: L = { double: (x) => { if (!x) throw new Error('x is required'); return tf.add(x, x); } };
  const byId = (checks: CheckSpec<L>[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

  it('P1 gives no-leaks, bad-inputs-throw and no-banned-apis; P0 gives inputs-intact, bad-inputs-throw and no-tf-kernels', () => {
    assert.deepEqual(spec('P1').map((c) => c.id), ['no-leaks', 'bad-inputs-throw', 'no-banned-apis']);
    assert.deepEqual(spec('P0').map((c) => c.id), ['inputs-intact', 'bad-inputs-throw', 'no-tf-kernels']);
  });
  it('a correct function passes all of them', async () => {
    for (const c of spec('P1')) await c.run(good, ctx('export const double = (x) => tf.add(x, x);'));
  });
  it('each one fails on the mistake it is for, with its message', async () => {
    const c = byId(spec('P1'));
    const leaky: L = { double: (x) => { tf.ones([3]); return good.double(x); } };
    includesAll((await failureAsync(async () => c['no-leaks'].run(leaky, ctx('')))).message, ['1 tensor leaked per call of `double`']);
    const lax: L = { double: (x) => (x ? good.double(x) : tf.scalar(0)) };
    includesAll((await failureAsync(async () => c['bad-inputs-throw'].run(lax, ctx('')))).message, ['`double(undefined)` should throw (x is required)']);
    const banned: L = { double: (x) => tf.mul(x, 2) };
    includesAll((await failureAsync(async () => c['no-banned-apis'].run(banned, ctx('tf.mul(x, 2)')))).message, ['tf.mul', 'add x to itself']);
    includesAll((await failureAsync(async () => c['no-banned-apis'].run(banned, ctx('')))).message, ['Multiply kernel']);
    includesAll((await failureAsync(async () => byId(spec('P0'))['no-tf-kernels'].run(good, ctx('')))).message, ['`double` used tf ops']);
  });
});

describe('grading: learnerGrads', () => {
  it('differentiates a learner function with respect to chosen arguments, with an upstream gradient', () => {
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b));
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([3, 4]);
    const { value, grads } = learnerGrads(f, [a, b], [1], tf.scalar(2));
    expectTensorClose(value, 11);
    expectTensorClose(grads[0], [2, 4]);
    tf.dispose([a, b, value, ...grads]);
  });
  it('reaches tensors inside an object argument and picks a tensor out of an object result', () => {
    const bn = (x: tf.Tensor, s: { gamma: tf.Tensor }) => ({ y: tf.mul(x, s.gamma), note: 'unused' });
    const x = tf.tensor1d([1, 2]);
    const gamma = tf.tensor1d([5, 7]);
    const { grads } = learnerGrads(bn, [x, { gamma }], [0, [1, 'gamma']], tf.tensor1d([1, 1]), ['y']);
    expectTensorClose(grads[0], [5, 7]);
    expectTensorClose(grads[1], [1, 2]);
    tf.dispose([x, gamma, ...grads]);
  });
  it('names a function whose result is not connected to its inputs by tf ops', () => {
    function lossFromNumbers(x: tf.Tensor): tf.Tensor { return tf.scalar(x.dataSync()[0]); }
    const x = tf.tensor1d([1]);
    includesAll(failure(() => learnerGrads(lossFromNumbers, [x], [0])).message, ['tf.grad cannot differentiate your `lossFromNumbers`']);
    x.dispose();
  });
});
