/**
 * Checks for s4-conv2d (P0). The reference is the judge's tf.conv2d (NHWC). tf-node has no numeric
 * padding, so a numeric pad is graded against tf.pad + a 'valid' convolution; a kernel larger than
 * the input under 'valid' is graded against an empty tensor the judge builds itself (tf returns
 * odd sizes or throws there).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-conv2d');
type Padding = import('../solutions/s4-conv2d').Padding;
type Pair = number | [number, number];

const TOL = { atol: 1e-4, rtol: 1e-4 };
export const FLIPPED = 'flipped kernel: tf computes cross-correlation (no flip), not convolution';
export const SYMMETRIC = "symmetric 'same' padding: tf puts the extra row and column at the bottom/right";

const pairOf = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

/** Output size along one axis, clamped at 0, and the padding before it (tf's rule for 'same'). */
export function outSize(n: number, k: number, s: number, d: number, pad: Padding): { out: number; before: number; total: number } {
  const kEff = (k - 1) * d + 1;
  if (pad === 'same') {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + kEff - n, 0);
    return { out, before: Math.floor(total / 2), total };
  }
  const p = pad === 'valid' ? 0 : pad;
  return { out: Math.max(0, Math.floor((n + 2 * p - kEff) / s) + 1), before: p, total: 2 * p };
}

/** The judge's reference: tf.conv2d, with explicit padding where tf cannot say it. */
export function refConv(x: tf.Tensor4D, f: tf.Tensor4D, strides: Pair, pad: Padding, dil: Pair = 1, extraTop = false): tf.Tensor4D {
  return tf.tidy(() => {
    const [s0, s1] = pairOf(strides), [d0, d1] = pairOf(dil);
    const h = outSize(x.shape[1], f.shape[0], s0, d0, pad), w = outSize(x.shape[2], f.shape[1], s1, d1, pad);
    if (h.out === 0 || w.out === 0) return tf.zeros([x.shape[0], h.out, w.out, f.shape[3]]) as tf.Tensor4D;
    if (pad === 'same' && !extraTop) return tf.conv2d(x, f, strides, 'same', 'NHWC', dil);
    // Explicit padding (a number, or the "extra on top/left" mistake), then a 'valid' convolution.
    const split = (t: { before: number; total: number }): [number, number] => (extraTop ? [t.total - t.before, t.before] : [t.before, t.total - t.before]);
    const xp = tf.pad(x, [[0, 0], split(h), split(w), [0, 0]]);
    return tf.conv2d(xp, f, strides, 'valid', 'NHWC', dil);
  });
}

const flip = (f: tf.Tensor4D) => tf.reverse(f, [0, 1]) as tf.Tensor4D;

/** Seeded values, uniform in [−1, 1], as a tensor of `shape`. */
export function rand(shape: number[], rng: Rng): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Array.from({ length: n }, () => 2 * rng() - 1), shape as [number, number, number, number]);
}

const fmt = (v: Pair) => (typeof v === 'number' ? String(v) : `[${v.join(', ')}]`);

/** Grades one call against the reference, naming the flipped kernel and (where it differs) symmetric padding. */
function expectConv(m: M, xs: number[], fs: number[], strides: Pair, pad: Padding, dil: Pair | undefined, rng: Rng, extra: Mistake[] = []): void {
  tf.tidy(() => {
    const x = rand(xs, rng), f = rand(fs, rng);
    const ref = refConv(x, f, strides, pad, dil ?? 1);
    const mistakes: Mistake[] = [...extra];
    if (ref.size > 0) {
      mistakes.push({ when: () => refConv(x, flip(f), strides, pad, dil ?? 1), message: FLIPPED, hintKey: 'flipped-kernel' });
      if (pad === 'same') mistakes.push({ when: () => refConv(x, f, strides, pad, dil ?? 1, true), message: SYMMETRIC, hintKey: 'same-padding' });
    }
    const name = `conv2d(x [${xs.join(',')}], filter [${fs.join(',')}], strides ${fmt(strides)}, ${typeof pad === 'number' ? `pad ${pad}` : `'${pad}'`}${dil !== undefined ? `, dilations ${fmt(dil)}` : ''})`;
    const got = dil === undefined ? m.conv2d(x, f, strides, pad) : m.conv2d(x, f, strides, pad, dil);
    expectTensorClose(got, ref, { name, ...TOL, tensor: true, mistakes });
  });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'conv-valid', name: "'valid', stride 1, odd and even sizes, several channels: matches tf.conv2d", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(11);
        expectConv(m, [2, 7, 7, 3], [3, 3, 3, 4], 1, 'valid', undefined, rng);
        expectConv(m, [1, 8, 6, 2], [2, 2, 2, 3], 1, 'valid', undefined, rng);
        expectConv(m, [1, 6, 7, 1], [3, 2, 1, 2], 1, 'valid', undefined, rng);
      },
    },
    {
      id: 'conv-same', name: "'same', stride 1: output as large as the input; even kernels pad one more at the bottom/right", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(12);
        expectConv(m, [2, 7, 7, 2], [3, 3, 2, 3], 1, 'same', undefined, rng);
        // A 2×2 kernel needs 1 padded row: tf puts it at the bottom (and the column at the right).
        expectConv(m, [1, 6, 5, 2], [2, 2, 2, 2], 1, 'same', undefined, rng);
        expectConv(m, [1, 5, 6, 1], [4, 4, 1, 2], 1, 'same', undefined, rng);
      },
    },
    {
      id: 'conv-same-stride2', name: "'same' with stride 2 on even sizes: tf's padding rule (the extra row/column at the bottom/right)", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(13);
        // 8 → 4 with a 3×3 kernel: total padding (4 − 1)·2 + 3 − 8 = 1, all of it at the bottom/right.
        expectConv(m, [1, 8, 8, 2], [3, 3, 2, 3], 2, 'same', undefined, rng);
        expectConv(m, [2, 6, 10, 1], [5, 5, 1, 2], 2, 'same', undefined, rng);
        expectConv(m, [1, 7, 8, 2], [3, 3, 2, 2], [2, 2], 'same', undefined, rng);
      },
    },
    {
      id: 'conv-stride', name: "'valid' with stride 2 and with different strides per axis", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(14);
        expectConv(m, [1, 7, 7, 2], [3, 3, 2, 2], 2, 'valid', undefined, rng);
        expectConv(m, [2, 8, 8, 1], [2, 2, 1, 3], 2, 'valid', undefined, rng);
        expectConv(m, [1, 9, 8, 2], [3, 3, 2, 2], [2, 1], 'valid', undefined, rng);
        expectConv(m, [1, 6, 9, 1], [2, 3, 1, 2], [1, 3], 'same', undefined, rng);
      },
    },
    {
      id: 'conv-dilation', name: 'dilation 2: the kernel taps every other cell (valid and same)', fn: 'conv2d',
      run(m) {
        const rng = mulberry32(15);
        expectConv(m, [1, 9, 9, 2], [3, 3, 2, 2], 1, 'valid', 2, rng);
        expectConv(m, [1, 8, 7, 1], [3, 3, 1, 2], 1, 'same', 2, rng);
        expectConv(m, [1, 8, 8, 1], [2, 2, 1, 1], 1, 'same', [2, 2], rng);
        expectConv(m, [1, 9, 7, 1], [3, 2, 1, 1], 1, 'valid', [2, 1], rng);
      },
    },
    {
      id: 'conv-1x1', name: '1×1 kernels mix the channels of each pixel (also with stride 2)', fn: 'conv2d',
      run(m) {
        const rng = mulberry32(16);
        expectConv(m, [2, 5, 5, 4], [1, 1, 4, 3], 1, 'valid', undefined, rng);
        expectConv(m, [1, 6, 6, 3], [1, 1, 3, 2], 2, 'same', undefined, rng);
      },
    },
    {
      id: 'conv-kernel-equals-input', name: "a kernel as large as the input: 'valid' gives one output cell, 'same' a full map", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(17);
        expectConv(m, [2, 5, 5, 2], [5, 5, 2, 3], 1, 'valid', undefined, rng);
        expectConv(m, [1, 4, 4, 1], [4, 4, 1, 2], 1, 'same', undefined, rng);
      },
    },
    {
      id: 'conv-numeric-pad', name: 'a numeric pad p adds p zero rows and columns on every side', fn: 'conv2d',
      run(m) {
        const rng = mulberry32(18);
        expectConv(m, [1, 5, 5, 2], [3, 3, 2, 2], 1, 1, undefined, rng);
        expectConv(m, [1, 6, 6, 1], [3, 3, 1, 2], 2, 2, undefined, rng);
        expectConv(m, [1, 5, 6, 1], [2, 2, 1, 1], 1, 0, undefined, rng);
      },
    },
    {
      id: 'conv-empty', name: "a kernel larger than the input under 'valid' gives an empty tensor (sizes clamped at 0)", fn: 'conv2d',
      run(m) {
        const rng = mulberry32(19);
        const empty: Mistake = { when: (g) => g.length > 0, message: "a kernel larger than the input fits nowhere under 'valid': the output size is max(0, ⌊(H − k)/s⌋ + 1), an empty tensor", hintKey: 'conv-empty' };
        expectConv(m, [1, 3, 3, 1], [5, 5, 1, 2], 1, 'valid', undefined, rng, [empty]);
        expectConv(m, [1, 3, 6, 2], [4, 2, 2, 3], 1, 'valid', undefined, rng, [empty]);
        expectConv(m, [1, 4, 4, 1], [3, 3, 1, 1], 1, 'valid', 2, rng, [empty]);
      },
    },
    {
      id: 'conv-random', name: "random sizes, strides, paddings and dilations of this grade match tf.conv2d", fn: 'conv2d',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 5; round++) {
          const k = [1 + Math.floor(rng() * 4), 1 + Math.floor(rng() * 4)];
          const xs = [1 + Math.floor(rng() * 2), 4 + Math.floor(rng() * 6), 4 + Math.floor(rng() * 6), 1 + Math.floor(rng() * 3)];
          const fs = [k[0], k[1], xs[3], 1 + Math.floor(rng() * 3)];
          const dilated = rng() < 0.3;
          const strides: Pair = dilated ? 1 : [1 + Math.floor(rng() * 2), 1 + Math.floor(rng() * 2)];
          const pads: Padding[] = ['valid', 'same', Math.floor(rng() * 3)];
          const pad = pads[Math.floor(rng() * 3)];
          expectConv(m, xs, fs, strides, pad, dilated ? 2 : undefined, rng);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'conv2d',
      calls: [
        { name: "conv2d(x, filter, 2, 'same')", inputs: () => ({ x: rand([1, 6, 6, 2], mulberry32(3)), filter: rand([3, 3, 2, 2], mulberry32(4)) }), call: (m, i) => m.conv2d(i.x, i.filter, 2, 'same') },
        { name: "conv2d(x, filter, 1, 'valid', 2)", inputs: () => ({ x: rand([1, 7, 7, 1], mulberry32(5)), filter: rand([3, 3, 1, 2], mulberry32(6)) }), call: (m, i) => m.conv2d(i.x, i.filter, 1, 'valid', 2) },
      ],
      badInputs: [
        { name: 'conv2d(x with 3 channels, filter for 2 channels)', call: (m) => tf.tidy(() => m.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 2, 1]), 1, 'valid')), why: 'the filter\'s third dimension must equal the channels of x (tf throws)', mistake: 'channel mismatch not checked', hintKey: 'conv-channels' },
        { name: "conv2d(x, filter, strides 0, 'valid')", call: (m) => tf.tidy(() => m.conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 1]), 0, 'valid')), why: 'a stride must be a positive integer', mistake: 'stride 0 accepted' },
        { name: "conv2d(x, filter, strides 2, 'same', dilations 2)", call: (m) => tf.tidy(() => m.conv2d(tf.zeros([1, 8, 8, 1]), tf.zeros([3, 3, 1, 1]), 2, 'same', 2)), why: 'tf refuses a stride > 1 together with a dilation > 1', mistake: 'stride and dilation both above 1 accepted', hintKey: 'stride-dilation' },
        { name: 'conv2d(x, filter, 1, pad −1)', call: (m) => tf.tidy(() => m.conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 1]), 1, -1)), why: 'a numeric pad must be a non-negative integer', mistake: 'negative pad accepted' },
        { name: 'conv2d(x, filter, 1, pad 1.5)', call: (m) => tf.tidy(() => m.conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 1]), 1, 1.5)), why: 'a numeric pad must be a whole number of rows' },
      ],
      names: { 'bad-inputs-throw': 'channel mismatch, stride 0, stride and dilation both above 1, and a negative or fractional pad throw' },
    }),
  ],
});
