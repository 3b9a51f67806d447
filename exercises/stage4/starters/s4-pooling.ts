// s4-pooling — max and average pooling written with loops, the way tf.maxPool / tf.avgPool compute them.
//
// Rule level: P0 — plain TypeScript loops over numbers. Read the tensor once (x.dataSync()), loop,
// and build the result with tf.tensor4d(values, shape) (values: a number[] or a Float32Array). No tf ops.
//
// maxPool2d(x, poolSize, strides, pad) and avgPool2d(x, poolSize, strides, pad) → [batch, outH, outW, channels]
//   • Layout NHWC: x is [batch, height, width, channels]; each channel is pooled on its own.
//   • poolSize and strides: a number (both directions) or [rows, columns]; positive integers.
//     The stride may differ from the pool size (windows then overlap or leave gaps).
//   • pad 'valid': windows stay inside the image, outH = ⌊(H − ph)/sh⌋ + 1, clamped at 0: a window
//     larger than the image gives an EMPTY result.
//   • pad 'same': outH = ⌈H / sh⌉, padded like tf's convolution (the extra row at the bottom, the
//     extra column at the right). Padded cells take no part: the max ignores them, and the average
//     divides by the number of cells INSIDE the image, not by the window size.
//   • Throw for a pool size or stride that is not a positive integer, and a pad other than 'valid' / 'same'.
//   • Return a new tensor; never change or dispose x.
import * as tf from '@tensorflow/tfjs';

export function maxPool2d(x: tf.Tensor4D, poolSize: number | [number, number], strides: number | [number, number], pad: 'valid' | 'same'): tf.Tensor4D {
  // TODO: for each output cell and channel, the largest value in its window.
  throw new Error('Not implemented: s4-pooling');
}

export function avgPool2d(x: tf.Tensor4D, poolSize: number | [number, number], strides: number | [number, number], pad: 'valid' | 'same'): tf.Tensor4D {
  // TODO: for each output cell and channel, the mean of the window's cells inside the image.
  throw new Error('Not implemented: s4-pooling');
}
