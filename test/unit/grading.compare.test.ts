/**
 * expectTensorClose, expectClose, expectThrows and classifyMistake: every failure names what a learner needs
 * (shape, index, got, expected, counts, the likely mistake), and every guard can fail.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { expectClose, expectTensorClose, expectThrows } from 'dl-tutor/grading';
import { classifyMistake } from '../../src/worker/grading/compare';
import { failure, includesAll, onBothBackends } from './gradingHelpers';


describe('grading: comparisons on plain values', () => {
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

  describe('expectClose and expectThrows', () => {
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
  });
});

onBothBackends('grading: comparisons on tensors', () => {
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
  });
});
