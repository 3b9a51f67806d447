/**
 * The kernel spy and the rule levels: kernelsUsed gives the same list on tfjs-node and cpu,
 * banned kernels and any kernel in P0 are named, and autodiff can be switched off.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { expectKernelsNotUsed, expectNoTfKernels, expectTensorClose, withAutodiffDisabled } from 'dl-tutor/grading';
import { kernelsUsed } from '../../src/worker/grading/kernels';
import { failure, failureAsync, includesAll, onBothBackends } from './gradingHelpers';


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

onBothBackends('grading: kernels', () => {
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
});
