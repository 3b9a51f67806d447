/**
 * Checks for s4-pooling (P0). References: the judge's tf.maxPool / tf.avgPool ('same' average
 * pooling in tf divides by the cells inside the image). A window larger than the input under
 * 'valid' is graded against an empty tensor the judge builds itself.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-pooling');
type Pad = 'valid' | 'same';
type Pair = number | [number, number];
type Kind = 'max' | 'avg';

export const COUNTED_PADDING = 'average pooling counted padded cells: divide by the cells inside the image';
const MAX_PADDED_ZERO = 'max pooling took a padded 0: padded cells take no part in the max';
const SYMMETRIC = "symmetric 'same' padding: tf puts the extra row and column at the bottom/right";

const pairOf = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);
const fmt = (v: Pair) => (typeof v === 'number' ? String(v) : `[${v.join(', ')}]`);

function axis(n: number, k: number, s: number, pad: Pad): { out: number; before: number; total: number } {
  if (pad === 'valid') return { out: Math.max(0, Math.floor((n - k) / s) + 1), before: 0, total: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2), total };
}

/**
 * The judge's loop for the named mistakes only (padded cells as zeros that count, or the extra
 * padded row on top): values of x [B,H,W,C] pooled with the given top/left padding.
 */
function loopPool(v: ArrayLike<number>, [B, H, W, C]: number[], k: [number, number], s: [number, number], pad: Pad, kind: Kind, o: { countPadded?: boolean; extraTop?: boolean }): number[] {
  const h = axis(H, k[0], s[0], pad), w = axis(W, k[1], s[1], pad);
  const top = o.extraTop ? h.total - h.before : h.before, left = o.extraTop ? w.total - w.before : w.before;
  const out: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < h.out; i++) for (let j = 0; j < w.out; j++) for (let c = 0; c < C; c++) {
    let best = -Infinity, sum = 0, n = 0;
    for (let u = 0; u < k[0]; u++) for (let q = 0; q < k[1]; q++) {
      const r = i * s[0] - top + u, col = j * s[1] - left + q;
      const inside = r >= 0 && r < H && col >= 0 && col < W;
      if (!inside && !o.countPadded) continue;
      const val = inside ? v[((b * H + r) * W + col) * C + c] : 0;
      best = Math.max(best, val); sum += val; n++;
    }
    out.push(kind === 'max' ? best : sum / n);
  }
  return out;
}

export function refPool(x: tf.Tensor4D, kind: Kind, k: Pair, s: Pair, pad: Pad): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  const [k0, k1] = pairOf(k), [s0, s1] = pairOf(s);
  const h = axis(H, k0, s0, pad), w = axis(W, k1, s1, pad);
  if (h.out === 0 || w.out === 0) return tf.zeros([B, h.out, w.out, C]);
  return kind === 'max' ? tf.maxPool(x, k, s, pad) : tf.avgPool(x, k, s, pad);
}

export function randImage(shape: number[], rng: Rng, levels = 0): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  // `levels` > 0 draws few distinct values, so windows hold ties.
  return tf.tensor4d(Array.from({ length: n }, () => (levels > 0 ? Math.floor(rng() * levels) - Math.floor(levels / 2) : 2 * rng() - 1)), shape as [number, number, number, number]);
}

function expectPool(m: M, kind: Kind, x: tf.Tensor4D, k: Pair, s: Pair, pad: Pad, extra: Mistake[] = []): void {
  const ref = refPool(x, kind, k, s, pad);
  const v = x.dataSync();
  const kk = pairOf(k), ss = pairOf(s);
  const mistakes: Mistake[] = [...extra];
  if (ref.size > 0 && pad === 'same') {
    if (kind === 'avg') mistakes.push({ when: loopPool(v, x.shape, kk, ss, pad, kind, { countPadded: true }), message: COUNTED_PADDING, hintKey: 'avg-padding' });
    else mistakes.push({ when: loopPool(v, x.shape, kk, ss, pad, kind, { countPadded: true }), message: MAX_PADDED_ZERO, hintKey: 'max-padding' });
    mistakes.push({ when: loopPool(v, x.shape, kk, ss, pad, kind, { extraTop: true }), message: SYMMETRIC, hintKey: 'same-padding' });
  }
  const name = `${kind === 'max' ? 'maxPool2d' : 'avgPool2d'}(x [${x.shape.join(',')}], ${fmt(k)}, ${fmt(s)}, '${pad}')`;
  const got = kind === 'max' ? m.maxPool2d(x, k, s, pad) : m.avgPool2d(x, k, s, pad);
  expectTensorClose(got, ref, { name, atol: 1e-5, rtol: 1e-5, tensor: true, mistakes });
  ref.dispose();
}

const both = (f: (kind: Kind) => void) => { f('max'); f('avg'); };

export default defineChecks<M>({
  checks: [
    {
      id: 'max-valid', name: "maxPool2d 'valid': 2×2 stride 2 and 3×3 stride 2 on odd and even sizes", fn: 'maxPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(21);
          expectPool(m, 'max', randImage([2, 6, 6, 3], rng), 2, 2, 'valid');
          expectPool(m, 'max', randImage([1, 7, 7, 2], rng), 3, 2, 'valid');
          expectPool(m, 'max', randImage([1, 5, 8, 1], rng), [2, 3], [2, 3], 'valid');
        });
      },
    },
    {
      id: 'avg-valid', name: "avgPool2d 'valid': 2×2 stride 2 and 3×3 stride 2 on odd and even sizes", fn: 'avgPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(22);
          expectPool(m, 'avg', randImage([2, 6, 6, 3], rng), 2, 2, 'valid');
          expectPool(m, 'avg', randImage([1, 7, 7, 2], rng), 3, 2, 'valid');
          expectPool(m, 'avg', randImage([1, 5, 8, 1], rng), [2, 3], [2, 3], 'valid');
        });
      },
    },
    {
      id: 'pool-stride', name: 'a stride different from the pool size (overlapping windows, and gaps)', fn: 'maxPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(23);
          both((kind) => {
            expectPool(m, kind, randImage([1, 7, 7, 2], rng), 3, 1, 'valid');
            expectPool(m, kind, randImage([1, 8, 8, 1], rng), 2, 3, 'valid');
            expectPool(m, kind, randImage([1, 7, 9, 2], rng), [2, 3], [1, 2], 'valid');
          });
        });
      },
    },
    {
      id: 'max-same', name: "maxPool2d 'same': padded cells never win, the extra row/column is at the bottom/right", fn: 'maxPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(24);
          // All values negative: a padded 0 would win every border window.
          const neg = tf.sub(randImage([1, 6, 6, 2], rng), 1.5) as tf.Tensor4D;
          expectPool(m, 'max', neg, 3, 2, 'same');
          expectPool(m, 'max', tf.sub(randImage([1, 5, 7, 1], rng), 1.5) as tf.Tensor4D, 2, 1, 'same');
          expectPool(m, 'max', randImage([2, 8, 8, 2], rng), 3, 2, 'same');
          // Odd sizes with stride 2: ⌈7/2⌉ = 4 outputs, not 3.
          expectPool(m, 'max', randImage([1, 7, 5, 1], rng), 3, 2, 'same');
        });
      },
    },
    {
      id: 'avg-same', name: "avgPool2d 'same' divides by the cells inside the image, not the window size", fn: 'avgPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(25);
          expectPool(m, 'avg', randImage([1, 6, 6, 2], rng), 3, 2, 'same');
          expectPool(m, 'avg', randImage([1, 5, 5, 1], rng), 3, 1, 'same');
          expectPool(m, 'avg', randImage([2, 7, 8, 1], rng), [2, 3], [2, 2], 'same');
        });
      },
    },
    {
      id: 'pool-ties', name: 'windows with tied values (few distinct values) match tf', fn: 'maxPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(26);
          both((kind) => {
            expectPool(m, kind, randImage([1, 6, 6, 2], rng, 3), 2, 2, 'valid');
            expectPool(m, kind, randImage([1, 7, 7, 1], rng, 2), 3, 2, 'same');
            expectPool(m, kind, tf.ones([1, 4, 4, 1]) as tf.Tensor4D, 2, 2, 'same');
          });
        });
      },
    },
    {
      id: 'pool-empty', name: "a window larger than the input under 'valid' gives an empty tensor", fn: 'maxPool2d',
      run(m) {
        tf.tidy(() => {
          const rng = mulberry32(27);
          const empty: Mistake = { when: (g) => g.length > 0, message: "a window larger than the input fits nowhere under 'valid': the output size is max(0, ⌊(H − k)/s⌋ + 1), an empty tensor", hintKey: 'pool-empty' };
          both((kind) => {
            expectPool(m, kind, randImage([1, 3, 3, 1], rng), 4, 1, 'valid', [empty]);
            expectPool(m, kind, randImage([1, 2, 6, 2], rng), [3, 2], 2, 'valid', [empty]);
          });
        });
      },
    },
    {
      id: 'max-shift-invariance', name: "shifting this grade's image by 1 px inside each 2×2 window leaves the max-pooled output unchanged", fn: 'maxPool2d',
      run(m) {
        const rng = gradeRng();
        tf.tidy(() => {
          // One positive peak per 2×2 window, in the window's left column; the rest 0. Moving the
          // whole image 1 px right keeps every peak in its window.
          const H = 2 * (3 + Math.floor(rng() * 3)), W = 2 * (3 + Math.floor(rng() * 3));
          const a = new Array<number>(H * W).fill(0), b = new Array<number>(H * W).fill(0);
          for (let i = 0; i < H; i += 2) for (let j = 0; j < W; j += 2) {
            const r = i + (rng() < 0.5 ? 0 : 1);
            const v = 0.1 + Math.round(rng() * 90) / 100;
            a[r * W + j] = v;
            b[r * W + j + 1] = v;
          }
          const xa = tf.tensor4d(a, [1, H, W, 1]), xb = tf.tensor4d(b, [1, H, W, 1]);
          const pa = m.maxPool2d(xa, 2, 2, 'valid'), pb = m.maxPool2d(xb, 2, 2, 'valid');
          expectTensorClose(pa, tf.maxPool(xa, 2, 2, 'valid'), { name: `maxPool2d(image [1,${H},${W},1], 2, 2, 'valid')`, atol: 1e-6, tensor: true });
          expectTensorClose(pb, pa, { name: 'maxPool2d of the image shifted 1 px right vs the original', atol: 1e-6, tensor: true });
          const avgA = m.avgPool2d(xa, 2, 2, 'valid').dataSync();
          if (avgA.some((v) => !Number.isFinite(v))) fail('avgPool2d returned a non-finite value on a finite image');
        });
      },
    },
    {
      id: 'pool-random', name: "random sizes, windows, strides and paddings of this grade match tf.maxPool / tf.avgPool", fn: 'avgPool2d',
      run(m) {
        const rng = gradeRng();
        tf.tidy(() => {
          for (let round = 0; round < 4; round++) {
            const xs = [1 + Math.floor(rng() * 2), 3 + Math.floor(rng() * 7), 3 + Math.floor(rng() * 7), 1 + Math.floor(rng() * 3)];
            const k: Pair = [1 + Math.floor(rng() * 3), 1 + Math.floor(rng() * 3)];
            const s: Pair = [1 + Math.floor(rng() * 3), 1 + Math.floor(rng() * 3)];
            const pad: Pad = rng() < 0.5 ? 'valid' : 'same';
            both((kind) => expectPool(m, kind, randImage(xs, rng), k, s, pad));
          }
        });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'maxPool2d',
      calls: [
        { name: "maxPool2d(x, 3, 2, 'same')", inputs: () => ({ x: randImage([1, 6, 6, 2], mulberry32(3)) }), call: (m, i) => m.maxPool2d(i.x, 3, 2, 'same') },
        { name: "avgPool2d(x, 3, 2, 'same')", inputs: () => ({ x: randImage([1, 6, 6, 2], mulberry32(4)) }), call: (m, i) => m.avgPool2d(i.x, 3, 2, 'same') },
      ],
      badInputs: [
        { name: "maxPool2d(x, 0, 1, 'valid')", call: (m) => tf.tidy(() => m.maxPool2d(tf.zeros([1, 4, 4, 1]), 0, 1, 'valid')), why: 'a pool size must be a positive integer', mistake: 'pool size 0 accepted' },
        { name: "avgPool2d(x, 2, 0, 'valid')", call: (m) => tf.tidy(() => m.avgPool2d(tf.zeros([1, 4, 4, 1]), 2, 0, 'valid')), why: 'a stride must be a positive integer', mistake: 'stride 0 accepted' },
        { name: "maxPool2d(x, 2, 2, 'full')", call: (m) => tf.tidy(() => m.maxPool2d(tf.zeros([1, 4, 4, 1]), 2, 2, 'full' as Pad)), why: "pad is 'valid' or 'same'" },
      ],
      names: { 'bad-inputs-throw': "a pool size or stride of 0 and an unknown pad throw" },
    }),
  ],
});
