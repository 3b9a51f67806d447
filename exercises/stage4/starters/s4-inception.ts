// s4-inception — an Inception module and its parameter counts (tf.layers allowed).
//
// inceptionModule(x, f, seed)
//   Build one Inception module on the symbolic tensor x ([batch, height, width, channels]) and return
//   its output. Four branches, all on x, every conv with padding 'same', a bias and a ReLU:
//     b1:   Conv2D(f.b1, 1×1)
//     b3:   Conv2D(f.b3reduce, 1×1) → Conv2D(f.b3, 3×3)
//     b5:   Conv2D(f.b5reduce, 1×1) → Conv2D(f.b5, 5×5)
//     pool: MaxPooling2D(3×3, strides 1, 'same') → Conv2D(f.pool, 1×1)
//   then Concatenate on the channel axis in exactly this order: [b1, b3, b5, pool].
//   The output is [batch, height, width, b1 + b3 + b5 + pool]: the height and width do not change.
//   • ReLU may sit inside each Conv2D (activation: 'relu') or be its own layer after it.
//   • Seed every kernel initializer from `seed` (seed, seed + 1, …) so the same seed builds the
//     same weights.
//   • Throw when a width in f is not a whole number ≥ 1.
//
// inceptionParamCount(inChannels, f)   (plain arithmetic)
//   withReduction: the parameters of the module above on an input with inChannels channels
//                  (what model.countParams() reports: weights and biases of every conv).
//   naive:         the paper's naive module: Conv2D(f.b1, 1×1), Conv2D(f.b3, 3×3) and
//                  Conv2D(f.b5, 5×5) straight on the input, plus a 3×3 max pool (no parameters,
//                  no pool projection). f.b3reduce, f.b5reduce and f.pool play no part in it.
//   Throw for an inChannels that is not a whole number ≥ 1, and for widths as above.
//
// The grader builds your module on tf.input and compares its layers with its own, zeroes one
// branch at a time to see where its channels land, and trains module → Flatten → Dense on one batch.

import * as tf from '@tensorflow/tfjs';

export interface InceptionFilters { b1: number; b3reduce: number; b3: number; b5reduce: number; b5: number; pool: number }

export function inceptionModule(x: tf.SymbolicTensor, f: InceptionFilters, seed: number): tf.SymbolicTensor {
  // TODO: the four branches, then concatenate them in the order [b1, b3, b5, pool].
  throw new Error('Not implemented: s4-inception');
}

export function inceptionParamCount(inChannels: number, f: InceptionFilters): { withReduction: number; naive: number } {
  // TODO: count weights and biases of every conv, with and without the 1×1 reductions.
  throw new Error('Not implemented: s4-inception');
}
