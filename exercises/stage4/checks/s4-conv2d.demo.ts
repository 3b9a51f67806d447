/**
 * Demo of s4-conv2d, on the learner's conv2d:
 * 1. the kernel slide: a 7×7 drawShapes image, a Sobel-x kernel, 'same' padding; the panel steps the
 *    window and checks each output of conv2d against the sum of the window's products;
 * 2. feature maps of hand-set kernels (Sobel-x, Sobel-y, blur, Laplacian) on drawShapes images;
 * 3. facts: an impulse comes out as the kernel turned by 180° (cross-correlation), a vertical edge
 *    lights Sobel-x and not Sobel-y, blur keeps a flat image flat, and tf's 'same' output sizes.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-conv2d');

interface PlotImage { width: number; height: number; channels: 1 | 3; data: number[]; caption?: string }

export const KERNELS: Array<{ name: string; k: number[] }> = [
  { name: 'Sobel-x', k: [-1, 0, 1, -2, 0, 2, -1, 0, 1] },
  { name: 'Sobel-y', k: [-1, -2, -1, 0, 0, 0, 1, 2, 1] },
  { name: 'blur', k: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) },
  { name: 'Laplacian', k: [0, 1, 0, 1, -4, 1, 0, 1, 0] },
];

/** The four kernels as one [3, 3, 1, 4] filter (output channel o = kernel o). */
function filterBank(): tf.Tensor4D {
  const v = new Float32Array(9 * 4);
  KERNELS.forEach(({ k }, o) => k.forEach((w, p) => { v[p * 4 + o] = w; }));
  return tf.tensor4d(v, [3, 3, 1, 4]);
}

/** Channel `ch` of image `b` of a [B, H, W, C] result, rescaled to [0, 1] for display. */
function channelImage(vals: ArrayLike<number>, [, H, W, C]: number[], b: number, ch: number, caption: string, absolute: boolean): PlotImage {
  const data: number[] = [];
  for (let p = 0; p < H * W; p++) { const v = vals[(b * H * W + p) * C + ch]; data.push(absolute ? Math.abs(v) : v); }
  const lo = Math.min(...data), hi = Math.max(...data);
  return { width: W, height: H, channels: 1, data: data.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0)), caption };
}

const sameSize = (n: number, k: number, s: number) => ({ out: Math.ceil(n / s), top: Math.floor(Math.max((Math.ceil(n / s) - 1) * s + k - n, 0) / 2) });

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const S = small ? 16 : 32;
    if (small) ctx.emit({ kind: 'note', chart: 'engineNote', text: `The native engine is faster; on the pure-JS engine the feature maps use ${S}×${S} images instead of 32×32.` });

    // 1. The kernel slide, on a 7×7 image.
    const tiny = drawShapes({ n: 1, size: 7, kinds: ['square'], minScale: 0.5, maxScale: 0.7, seed: 3 });
    const sobelX = KERNELS[0].k;
    const slideIn = Array.from(tiny.images, (v) => Math.round(v * 100) / 100);
    const x7 = tf.tensor4d(slideIn, [1, 7, 7, 1]);
    const k3 = tf.tensor4d(sobelX, [3, 3, 1, 1]);
    const y7 = m.conv2d(x7, k3, 1, 'same');
    const out7 = Array.from(y7.dataSync());
    const [, oh, ow] = y7.shape;
    const pad = sameSize(7, 3, 1).top;
    // The panel checks each output against the window's products; the demo checks the same sums.
    let slideMatches = oh === 7 && ow === 7;
    for (let i = 0; i < oh && slideMatches; i++) {
      for (let j = 0; j < ow; j++) {
        let s = 0;
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
          const r = i - pad + u, c = j - pad + v;
          if (r >= 0 && r < 7 && c >= 0 && c < 7) s += slideIn[r * 7 + c] * sobelX[u * 3 + v];
        }
        if (Math.abs(s - out7[i * ow + j]) > 1e-4 * Math.max(1, Math.abs(s))) { slideMatches = false; break; }
      }
    }
    ctx.emit({
      kind: 'convSlide', chart: 'convSlide', title: "The Sobel-x kernel sliding over a 7×7 image ('same' padding, stride 1): your conv2d's outputs",
      input: { height: 7, width: 7, values: slideIn }, kernel: { height: 3, width: 3, values: sobelX }, output: { height: oh, width: ow, values: out7 },
      strides: [1, 1], dilations: [1, 1], padTop: pad, padLeft: pad, padding: 'same',
      caption: 'Step the window: each output cell is the sum of the products of the window and the kernel (no flip). Left-to-right brightness increases give positive values.',
    });
    tf.dispose([x7, k3, y7]);

    // 2. Feature maps of the four hand-set kernels on drawShapes images.
    const shapes = drawShapes({ n: 2, size: S, kinds: ['square', 'circle', 'triangle', 'cross'], maxObjects: 2, minScale: 0.3, maxScale: 0.5, seed: 11 });
    const xs = tf.tensor4d(shapes.images, [2, S, S, 1]);
    const bank = filterBank();
    const maps = m.conv2d(xs, bank, 1, 'same');
    const mv = maps.dataSync();
    const images: PlotImage[] = [];
    for (let b = 0; b < 2; b++) {
      images.push(channelImage(shapes.images, [2, S, S, 1], b, 0, 'input', false));
      KERNELS.forEach(({ name }, o) => images.push(channelImage(mv, maps.shape, b, o, name === 'blur' ? name : `|${name}|`, name !== 'blur')));
    }
    ctx.emit({ kind: 'images', chart: 'featureMaps', title: "Feature maps from your conv2d: Sobel-x, Sobel-y, blur and Laplacian on drawShapes images (|response| for the edge kernels)", images });
    const mapsOk = maps.shape.join(',') === `2,${S},${S},4`;
    tf.dispose([xs, maps]);

    // 3. Facts. An impulse: cross-correlation returns the kernel turned by 180° around it.
    const asym = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const imp = tf.tensor4d([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 5, 5, 1]);
    const ka = tf.tensor4d(asym, [3, 3, 1, 1]);
    const ri = m.conv2d(imp, ka, 1, 'valid');
    const centre = Array.from(ri.dataSync());
    const impulseResponseIsTurnedKernel = centre.length === 9 && centre.every((v, p) => Math.abs(v - asym[8 - p]) < 1e-5);

    // A vertical step edge: Sobel-x responds, Sobel-y does not.
    const edge = tf.tensor4d(Array.from({ length: 64 }, (_, p) => (p % 8 >= 4 ? 1 : 0)), [1, 8, 8, 1]);
    const er = m.conv2d(edge, bank, 1, 'valid');
    const ev = er.dataSync();
    let sx = 0, sy = 0;
    for (let p = 0; p < ev.length / 4; p++) { sx = Math.max(sx, Math.abs(ev[p * 4])); sy = Math.max(sy, Math.abs(ev[p * 4 + 1])); }

    // Blur keeps a flat image flat (inside; 'valid' avoids the zero padding).
    const flat = tf.fill([1, 6, 6, 1], 0.7) as tf.Tensor4D;
    const fr = m.conv2d(flat, bank, 1, 'valid');
    const fv = fr.dataSync();
    let blurFlat = true, laplacianZero = true;
    for (let p = 0; p < fv.length / 4; p++) { blurFlat &&= Math.abs(fv[p * 4 + 2] - 0.7) < 1e-5; laplacianZero &&= Math.abs(fv[p * 4 + 3]) < 1e-5; }

    // tf's 'same' sizes: 8 → 4 with stride 2, and a kernel bigger than the input under 'valid' → empty.
    const x8 = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    const s2 = m.conv2d(x8, ka, 2, 'same');
    const x3 = tf.zeros([1, 3, 3, 1]) as tf.Tensor4D, k5 = tf.zeros([5, 5, 1, 1]) as tf.Tensor4D;
    const big = m.conv2d(x3, k5, 1, 'valid');
    const facts = {
      slideSumsMatchOutputs: slideMatches,
      featureMapsShapeOk: mapsOk,
      impulseResponseIsTurnedKernel,
      sobelXMaxOnVerticalEdge: +sx.toFixed(4),
      sobelYMaxOnVerticalEdge: +sy.toFixed(4),
      sobelXSeesVerticalEdges: sx > 1 && sy < 1e-5,
      blurKeepsFlatImageFlat: blurFlat,
      laplacianZeroOnFlatImage: laplacianZero,
      sameStride2OutputOf8: `${s2.shape[1]}×${s2.shape[2]}`,
      kernelLargerThanInputGivesEmpty: big.size === 0,
    };
    tf.dispose([imp, ka, ri, edge, er, flat, fr, x8, s2, x3, k5, big, bank]);
    return facts;
  },
});
