/**
 * Tensor lifetime: expectNoLeaks, disposeResult and expectInputsIntact catch leaks, disposed and
 * changed inputs (tensors, Variables, plain and typed arrays) on both backends.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { disposeResult, expectInputsIntact, expectNoLeaks, expectTensorClose } from 'dl-tutor/grading';
import { collectTensors } from '../../src/worker/grading/memory';
import { acceptLeaked, failureAsync, includesAll, onBothBackends } from './gradingHelpers';


onBothBackends('grading: tensor lifetime', () => {
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
      acceptLeaked(1); // the one leaked tensor is deliberately left behind
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
      acceptLeaked(1); // the leaked tensor stays behind (the input was disposed)
    });
    it('reports several leaks and honours `allowed`', async () => {
      const f = await failureAsync(() => expectNoLeaks(() => { tf.ones([1]); tf.ones([1]); tf.ones([1]); return 0; }, { name: 'step' }));
      includesAll(f.message, ['3 tensors leaked per call of `step`']);
      await expectNoLeaks(() => { tf.ones([1]); return 0; }, { allowed: 1 });
      acceptLeaked(4);
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
      // Arrays of strings too: a vocabulary built with tokens.sort() reorders the caller's tokens.
      const tokens = ['b', 'a', 'b'];
      const t = await failureAsync(() => expectInputsIntact({ tokens }, () => tokens.sort()));
      includesAll(t.message, ['you modified the input array `tokens` in place', 'was "b", now "a"']);
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
});
