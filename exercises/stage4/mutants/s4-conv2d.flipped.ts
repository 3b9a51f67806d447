/**
 * s4-conv2d: a 2-D convolution with plain loops (P0), the way tf.conv2d computes it.
 * Layout NHWC: x [batch, height, width, inChannels], filter [kh, kw, inChannels, outChannels].
 */
import * as tf from '@tensorflow/tfjs';

export type Padding = 'valid' | 'same' | number;

function pair(v: number | [number, number], what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : v;
  if (p.length !== 2 || p.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${what} must be a positive integer or a pair of them, got ${JSON.stringify(v)}`);
  return p;
}

export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, strides: number | [number, number], pad: Padding, dilations: number | [number, number] = 1): tf.Tensor4D {
  if (x.rank !== 4 || filter.rank !== 4) throw new Error(`x and filter must be rank 4, got ranks ${x.rank} and ${filter.rank}`);
  const [B, H, W, C] = x.shape;
  const [KH, KW, FC, O] = filter.shape;
  if (FC !== C) throw new Error(`filter has ${FC} input channels but x has ${C}`);
  const [sh, sw] = pair(strides, 'strides');
  const [dh, dw] = pair(dilations, 'dilations');
  // tf refuses a stride and a dilation both above 1.
  if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) throw new Error('strides > 1 together with dilations > 1 is not supported');
  // A dilated kernel covers (k − 1)·d + 1 cells.
  const kh = (KH - 1) * dh + 1;
  const kw = (KW - 1) * dw + 1;

  let outH: number, outW: number, top: number, left: number;
  if (pad === 'valid') {
    // A kernel larger than the input gives no positions: clamp at 0 (an empty result).
    outH = Math.max(0, Math.floor((H - kh) / sh) + 1);
    outW = Math.max(0, Math.floor((W - kw) / sw) + 1);
    top = 0; left = 0;
  } else if (pad === 'same') {
    outH = Math.ceil(H / sh);
    outW = Math.ceil(W / sw);
    // tf's rule: the total padding is split with the smaller half on top/left, so the extra
    // row/column (odd total) goes to the bottom/right.
    top = Math.floor(Math.max((outH - 1) * sh + kh - H, 0) / 2);
    left = Math.floor(Math.max((outW - 1) * sw + kw - W, 0) / 2);
  } else {
    if (!Number.isInteger(pad) || pad < 0) throw new Error(`a numeric pad must be a non-negative integer, got ${pad}`);
    outH = Math.max(0, Math.floor((H + 2 * pad - kh) / sh) + 1);
    outW = Math.max(0, Math.floor((W + 2 * pad - kw) / sw) + 1);
    top = pad; left = pad;
  }

  const xv = x.dataSync();
  const fv = filter.dataSync();
  const out = new Float32Array(B * outH * outW * O);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const o0 = ((b * outH + i) * outW + j) * O;
        for (let u = 0; u < KH; u++) {
          const r = i * sh - top + u * dh;
          if (r < 0 || r >= H) continue; // a padded cell is 0
          for (let v = 0; v < KW; v++) {
            const c = j * sw - left + v * dw;
            if (c < 0 || c >= W) continue;
            // Cross-correlation: the kernel is NOT flipped (that is what tf and every DL library compute).
            const x0 = ((b * H + r) * W + c) * C;
            const f0 = ((KH - 1 - u) * KW + (KW - 1 - v)) * C * O; // mistake: flips the kernel
            for (let ci = 0; ci < C; ci++) {
              const xval = xv[x0 + ci];
              for (let o = 0; o < O; o++) out[o0 + o] += xval * fv[f0 + ci * O + o];
            }
          }
        }
      }
    }
  }
  return tf.tensor4d(out, [B, outH, outW, O]);
}
