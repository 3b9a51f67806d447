/**
 * Demo of s4-pooling, on the learner's maxPool2d and avgPool2d:
 * 1. pooled maps of drawShapes images (max and average, 2×2 stride 2, and 3×3 stride 2 'same');
 * 2. the 1-px invariance: an image of sparse peaks and the same image shifted 1 px right, before and
 *    after max pooling, with the share of cells that did not change;
 * 3. facts: 'same' average pooling of a flat image stays flat (padded cells are not counted).
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-pooling');

interface PlotImage { width: number; height: number; channels: 1 | 3; data: number[]; caption?: string }

function toImage(t: tf.Tensor4D, b: number, caption: string): PlotImage {
  const [, H, W] = t.shape;
  const v = t.dataSync();
  return { width: W, height: H, channels: 1, data: Array.from(v.subarray(b * H * W, (b + 1) * H * W)), caption };
}

/** Share of equal cells of two same-shaped tensors. */
function unchanged(a: tf.Tensor, b: tf.Tensor): number {
  const av = a.dataSync(), bv = b.dataSync();
  let same = 0;
  for (let i = 0; i < av.length; i++) if (Math.abs(av[i] - bv[i]) < 1e-6) same++;
  return same / av.length;
}

/** A [1, S, S, 1] image of one peak per 2×2 block, in the block's left column; `shift` moves it right. */
function peaks(S: number, seed: number, shift: 0 | 1): tf.Tensor4D {
  const rng = mulberry32(seed);
  const v = new Array<number>(S * S).fill(0);
  for (let i = 0; i < S; i += 2) for (let j = 0; j < S; j += 2) {
    const r = i + (rng() < 0.5 ? 0 : 1);
    v[r * S + j + shift] = rng() < 0.3 ? 0 : 0.3 + 0.7 * rng();
  }
  return tf.tensor4d(v, [1, S, S, 1]);
}

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const S = small ? 16 : 32;
    if (small) ctx.emit({ kind: 'note', chart: 'engineNote', text: `The native engine is faster; on the pure-JS engine the images are ${S}×${S} instead of 32×32.` });

    // 1. Pooled maps.
    const shapes = drawShapes({ n: 2, size: S, kinds: ['square', 'circle', 'triangle', 'star'], maxObjects: 2, minScale: 0.3, maxScale: 0.5, noise: 0.05, seed: 5 });
    const x = tf.tensor4d(shapes.images, [2, S, S, 1]);
    const max2 = m.maxPool2d(x, 2, 2, 'valid');
    const avg2 = m.avgPool2d(x, 2, 2, 'valid');
    const max3 = m.maxPool2d(x, 3, 2, 'same');
    const max4 = m.maxPool2d(max2, 2, 2, 'valid');
    const pooled: PlotImage[] = [];
    for (let b = 0; b < 2; b++) {
      // Short captions: the thumbnails are drawn at their own size, so the pooled maps look smaller.
      pooled.push(toImage(x, b, `input ${S}`), toImage(max2, b, `max ${max2.shape[1]}`), toImage(avg2, b, `avg ${avg2.shape[1]}`),
        toImage(max3, b, `max 3×3 ${max3.shape[1]}`), toImage(max4, b, `max×2 ${max4.shape[1]}`));
    }
    ctx.emit({ kind: 'images', chart: 'pooledMaps', title: 'Your pooling on drawShapes images (caption: pooling, output size): max 2×2 stride 2, average 2×2, max 3×3 stride 2 same, max 2×2 twice', images: pooled });

    // 2. The 1-px invariance.
    const a = peaks(S, 8, 0), b1 = peaks(S, 8, 1);
    const pa = m.maxPool2d(a, 2, 2, 'valid'), pb = m.maxPool2d(b1, 2, 2, 'valid');
    const qa = m.avgPool2d(a, 2, 2, 'valid'), qb = m.avgPool2d(b1, 2, 2, 'valid');
    const rawUnchanged = unchanged(a, b1), maxUnchanged = unchanged(pa, pb), avgUnchanged = unchanged(qa, qb);
    ctx.emit({ kind: 'images', chart: 'shiftInvariance', title: 'Shifting every peak 1 px right inside its 2×2 window: the pixels change, the max-pooled map does not', images: [
      toImage(a, 0, 'image'), toImage(b1, 0, 'shifted 1 px'), toImage(pa, 0, 'max pooled'), toImage(pb, 0, 'shifted, pooled'),
    ] });
    // The same shift on a real shapes image moves windows' contents across window borders too.
    const sh = tf.tidy(() => tf.concat([tf.zeros([2, S, 1, 1]), x.slice([0, 0, 0, 0], [2, S, S - 1, 1])], 2) as tf.Tensor4D);
    const ps = m.maxPool2d(sh, 2, 2, 'valid');
    const shapesRaw = unchanged(x, sh), shapesMax = unchanged(max2, ps);
    ctx.emit({ kind: 'bars', chart: 'shiftBars', title: 'Share of cells unchanged after a 1-px shift (fraction, 1 = unchanged)', labels: ['peaks: pixels', 'peaks: max pool 2×2', 'peaks: avg pool 2×2', 'shapes: pixels', 'shapes: max pool 2×2'],
      series: [{ name: 'fraction of cells unchanged', values: [rawUnchanged, maxUnchanged, avgUnchanged, shapesRaw, shapesMax] }] });

    // 3. 'same' average pooling of a flat image: padded cells are not counted, so it stays flat.
    const flat = tf.fill([1, 5, 5, 1], 0.6) as tf.Tensor4D;
    const fa = m.avgPool2d(flat, 3, 2, 'same');
    const faV = Array.from(fa.dataSync());
    const big = m.maxPool2d(flat, 6, 1, 'valid');
    const facts = {
      maxPoolHalvesSize: max2.shape[1] === S / 2,
      pixelsUnchangedAfterShift: +rawUnchanged.toFixed(3),
      maxPooledUnchangedAfterShift: +maxUnchanged.toFixed(3),
      maxPoolIgnoresShiftInsideWindow: maxUnchanged === 1 && rawUnchanged < 1,
      shapesPixelsUnchanged: +shapesRaw.toFixed(3),
      shapesMaxPooledUnchanged: +shapesMax.toFixed(3),
      maxPoolMoreStableOnShapes: shapesMax > shapesRaw,
      sameAverageOfFlatImageStaysFlat: faV.length === 9 && faV.every((v) => Math.abs(v - 0.6) < 1e-5),
      windowLargerThanInputGivesEmpty: big.size === 0,
    };
    tf.dispose([x, max2, avg2, max3, max4, a, b1, pa, pb, qa, qb, sh, ps, flat, fa, big]);
    return facts;
  },
});
