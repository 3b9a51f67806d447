// The pure-JS engine's faster kernels compute what the stock kernels compute: the filter gradient
// of a convolution for strides, paddings and shapes a course uses, and the gradient of tf.gather.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { installFastCpuKernels } from '../../src/worker/fastCpuKernels';
import { mulberry32 } from '../../src/data/rng';

interface ConvCase { x: number[]; f: number[]; stride: number | [number, number]; pad: 'same' | 'valid' | number }
const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [3, 8, 8, 2], f: [3, 3, 2, 5], stride: 2, pad: 'same' },
  { x: [2, 9, 6, 1], f: [5, 3, 1, 6], stride: [2, 1], pad: 'valid' },
  { x: [1, 6, 6, 4], f: [2, 2, 4, 3], stride: 2, pad: 'valid' },
  { x: [2, 5, 5, 2], f: [3, 3, 2, 2], stride: 1, pad: 1 },
  { x: [4, 16, 16, 8], f: [3, 3, 8, 16], stride: 1, pad: 'same' },
];

function rand(shape: number[], rng: () => number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Some exact zeros: the fast kernel skips them, which must not change the sum.
  return tf.tensor(Float32Array.from({ length: n }, () => (rng() < 0.2 ? 0 : rng() * 2 - 1)), shape);
}

describe('fast cpu kernels', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('Conv2DBackpropFilter, MaxPoolGrad and UnsortedSegmentSum match the stock kernels (and the stock ones come back)', () => {
    const rng = mulberry32(5);
    const inputs = CONV_CASES.map((c) => ({ c, x: rand(c.x, rng), f: rand(c.f, rng) }));
    // Integer values make ties: the gradient must go to the same (first) largest input as the stock kernel's.
    const ints = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rng() * 4)), shape);
    const POOL_CASES = [
      { x: ints([2, 6, 6, 3]), size: 2, stride: 2, pad: 'valid' as const },
      { x: ints([2, 7, 7, 2]), size: 3, stride: 2, pad: 'same' as const },
      { x: ints([1, 8, 5, 4]), size: 3, stride: 1, pad: 'same' as const },
      { x: rand([3, 9, 9, 2], rng), size: 3, stride: 2, pad: 'valid' as const },
    ];
    const emb = rand([7, 5], rng);
    const ids = tf.tensor1d([3, 0, 3, 6, 6, 6, 1, 2, 0], 'int32');
    const dyG = rand([9, 5], rng);
    const run = () => ({
      conv: inputs.map(({ c, x, f }) => {
        const dy = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
        // Weighted by a fixed pattern so that every output position counts differently.
        const w = tf.mul(dy, tf.range(0, dy.size).reshape(dy.shape).mod(7).sub(3));
        return Array.from(tf.grad((ff: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, ff as tf.Tensor4D, c.stride, c.pad), w)))(f).dataSync());
      }),
      pool: POOL_CASES.map(({ x, size, stride, pad }) => {
        const w = tf.range(0, tf.maxPool(x as tf.Tensor4D, size, stride, pad).size).mod(5).sub(2);
        return Array.from(tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, size, stride, pad), w.reshape(tf.maxPool(x as tf.Tensor4D, size, stride, pad).shape))))(x).dataSync());
      }),
      gather: Array.from(tf.grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(e, ids), dyG)))(emb).dataSync()),
    });
    const stock = run();
    const restore = installFastCpuKernels(tf);
    let fast: ReturnType<typeof run>;
    try { fast = run(); } finally { restore(); }
    const again = run();
    const close = (a: number[], b: number[], what: string) => {
      assert.equal(a.length, b.length, what);
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
    };
    CONV_CASES.forEach((c, i) => close(fast.conv[i], stock.conv[i], `conv ${JSON.stringify(c)}`));
    close(fast.gather, stock.gather, 'gather gradient');
    fast.pool.forEach((p, i) => close(p, stock.pool[i], `max pool case ${i}`));
    assert.deepEqual(again.conv, stock.conv, 'the stock kernel is back after restore');
  });
});
