// s4-resnet — a residual block (tf.layers allowed).
//
// residualBlock(x, filters, stride, { seed, bnMomentum? })
//   Build one residual block on the symbolic tensor x ([batch, height, width, channels]) and
//   return its output (a symbolic tensor). The block, in this order:
//     branch:   Conv2D(filters, 3×3, strides: stride, padding 'same') → BatchNormalization → ReLU
//               → Conv2D(filters, 3×3, strides: 1, 'same') → BatchNormalization
//     shortcut: x itself when the shapes already agree (stride 1 and x has `filters` channels);
//               otherwise a projection: Conv2D(filters, 1×1, strides: stride) → BatchNormalization.
//               Stride 2 with the same channel count ALSO changes the shape (the height halves).
//     output:   ReLU(branch + shortcut)   — an Add layer, then a ReLU (the ReLU comes after the Add).
//   • Every BatchNormalization uses momentum = bnMomentum (0.99 when not given).
//   • A conv right before a BN may have a bias or not (useBias: false saves parameters; both count).
//   • Seed every kernel initializer from o.seed (e.g. seed, seed + 1, seed + 2), so the same seed
//     builds the same weights.
//   • ReLU may be its own layer (tf.layers.reLU() or tf.layers.activation) — but never inside the
//     conv that feeds a BN: the order is conv → BN → ReLU.
//   • Throw for filters or stride that are not whole numbers ≥ 1.
//   The grader builds the block on tf.input and compares its layers, output shapes and parameter
//   counts with its own, sets the last BN's γ and β to 0 (the output must then be ReLU(shortcut)),
//   and trains block → Flatten → Dense on one small batch.

import * as tf from '@tensorflow/tfjs';

export function residualBlock(x: tf.SymbolicTensor, filters: number, stride: number, o: { seed: number; bnMomentum?: number }): tf.SymbolicTensor {
  // TODO: branch, shortcut (projection when the shape changes), add, ReLU.
  throw new Error('Not implemented: s4-resnet');
}
