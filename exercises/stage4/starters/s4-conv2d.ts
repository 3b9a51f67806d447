// s4-conv2d — a 2-D convolution written with loops, the way tf.conv2d computes it.
//
// Rule level: P0 — plain TypeScript loops over numbers. Read the tensors once (x.dataSync(),
// filter.dataSync()), loop, and build the result with tf.tensor4d(values, shape) (values: a number[] or a Float32Array). No tf ops.
//
// conv2d(x, filter, strides, pad, dilations = 1) → [batch, outH, outW, outChannels]
//   • Layout NHWC: x is [batch, height, width, inChannels]; filter is [kh, kw, inChannels, outChannels].
//   • out[b,i,j,o] = Σ over u, v, c of x[b, i·sh − top + u·dh, j·sw − left + v·dw, c] · filter[u,v,c,o],
//     where cells outside the image count as 0. The kernel is NOT flipped (cross-correlation, as in tf).
//   • strides and dilations: a number (both directions) or [rows, columns]; positive integers.
//     A dilated kernel covers (k − 1)·d + 1 cells.
//   • pad 'valid': no padding, outH = ⌊(H − kh_eff)/sh⌋ + 1, clamped at 0: a kernel larger than the
//     image gives an EMPTY result (e.g. shape [1, 0, 0, outChannels]).
//   • pad 'same': outH = ⌈H / sh⌉; total padding = max((outH − 1)·sh + kh_eff − H, 0); top gets
//     ⌊total / 2⌋ and the bottom the rest (the extra row goes at the bottom, the extra column at the right).
//   • pad a number p: p zero rows/columns on every side; it must be a non-negative integer.
//   • Throw for: channels of x and filter that differ, a stride or dilation that is not a positive
//     integer (stride 0), a stride > 1 together with a dilation > 1 (tf refuses it too), a bad pad.
//   • Return a new tensor; never change or dispose x or filter.
import * as tf from '@tensorflow/tfjs';

export type Padding = 'valid' | 'same' | number;

export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, strides: number | [number, number], pad: Padding, dilations: number | [number, number] = 1): tf.Tensor4D {
  // TODO: validate, work out the output size and the top/left padding, then loop.
  throw new Error('Not implemented: s4-conv2d');
}
