/**
 * Ops tfjs-node has no native kernel for (tf.image.transform, rotateWithOffset, searchSorted…) run
 * on the native engine through the pure-JS kernel, with the same values as on the pure-JS engine.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { BORROWED_KERNELS, borrowCpuKernels } from '../../src/worker/cpuFallback';

describe('native engine: kernels borrowed from the pure-JS engine', () => {
  const img = () => tf.tensor4d(Array.from({ length: 2 * 5 * 6 * 3 }, (_, i) => (i * 7) % 11), [2, 5, 6, 3]);
  const ops: Record<string, () => tf.Tensor> = {
    'tf.image.transform (shift right by 2, down by 1)': () => tf.image.transform(img(), tf.tensor2d([[1, 0, -2, 0, 1, -1, 0, 0], [1, 0, 1, 0, 1, 0, 0, 0]])),
    'tf.image.rotateWithOffset': () => tf.image.rotateWithOffset(img(), 0.7, 0, 0.5),
    'tf.searchSorted': () => tf.searchSorted(tf.tensor1d([1, 3, 5, 7]), tf.tensor1d([0, 3, 4, 8]), 'left'),
    'tf.denseBincount': () => tf.denseBincount(tf.tensor1d([1, 1, 3, 0], 'int32'), tf.tensor1d([]), 5),
    'tf.multinomial with a seed (replaced: the native kernel ignores the seed)': () => tf.multinomial(tf.tensor2d([[0, 0.5, 1, 0, -1]]), 12, 7),
  };
  let previous: string | undefined;
  before(async () => { previous = tf.getBackend(); await tf.setBackend('tensorflow'); });
  after(async () => { if (previous) await tf.setBackend(previous); });

  it('registers each missing kernel once, and only for the native backend', () => {
    const first = borrowCpuKernels(tf);
    const again = borrowCpuKernels(tf);
    assert.deepEqual(again, [], 'a second call registers nothing');
    for (const name of BORROWED_KERNELS) {
      if (!tf.getKernel(name, 'cpu')) continue;
      assert.ok(tf.getKernel(name, 'tensorflow'), `${name} is available on the native backend (${first.join(', ')})`);
    }
  });

  for (const [name, op] of Object.entries(ops)) {
    it(`${name}: the native engine gives the pure-JS engine's values, and frees what it borrowed`, async () => {
      await tf.setBackend('cpu');
      const want = tf.tidy(() => op().arraySync());
      await tf.setBackend('tensorflow');
      borrowCpuKernels(tf);
      const n0 = tf.memory().numTensors;
      const got = tf.tidy(op);
      assert.deepEqual(got.arraySync(), want);
      got.dispose();
      assert.equal(tf.memory().numTensors, n0, 'no tensor left behind');
    });
  }
});
