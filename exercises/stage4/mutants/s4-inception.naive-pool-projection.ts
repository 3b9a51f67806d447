// s4-inception — an Inception module and its parameter counts (reference solution).
import * as tf from '@tensorflow/tfjs';

export interface InceptionFilters { b1: number; b3reduce: number; b3: number; b5reduce: number; b5: number; pool: number }

function validate(f: InceptionFilters): void {
  for (const k of ['b1', 'b3reduce', 'b3', 'b5reduce', 'b5', 'pool'] as const) {
    if (!Number.isInteger(f[k]) || f[k] < 1) throw new Error(`inception: f.${k} must be a whole number ≥ 1, got ${f[k]}`);
  }
}

export function inceptionModule(x: tf.SymbolicTensor, f: InceptionFilters, seed: number): tf.SymbolicTensor {
  if (x.shape.length !== 4) throw new Error(`inceptionModule: x must be [batch, height, width, channels], got [${x.shape.join(',')}]`);
  validate(f);
  let k = 0; // every conv gets its own seed, so the same seed rebuilds the same module
  const conv = (filters: number, size: number) => tf.layers.conv2d({
    filters, kernelSize: size, padding: 'same', activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + k++ }),
  });
  const ap = (layer: tf.layers.Layer, t: tf.SymbolicTensor) => layer.apply(t) as tf.SymbolicTensor;

  // Four branches side by side on the same input; 'same' padding keeps every branch at H × W.
  const b1 = ap(conv(f.b1, 1), x);
  // The 1×1 "reduce" convs shrink the channels before the expensive 3×3 and 5×5 convs.
  const b3 = ap(conv(f.b3, 3), ap(conv(f.b3reduce, 1), x));
  const b5 = ap(conv(f.b5, 5), ap(conv(f.b5reduce, 1), x));
  // Pooling keeps all input channels; a 1×1 "pool projection" sets how many go on.
  const bp = ap(conv(f.pool, 1), ap(tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), x));
  // Concatenate along the channel axis, in the order [b1, b3, b5, pool].
  return tf.layers.concatenate({ axis: -1 }).apply([b1, b3, b5, bp]) as tf.SymbolicTensor;
}

export function inceptionParamCount(inChannels: number, f: InceptionFilters): { withReduction: number; naive: number } {
  if (!Number.isInteger(inChannels) || inChannels < 1) throw new Error(`inceptionParamCount: inChannels must be a whole number ≥ 1, got ${inChannels}`);
  validate(f);
  // A k×k conv from cin to cout channels: k·k·cin·cout weights + cout biases.
  const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
  const C = inChannels;
  const withReduction = conv(1, C, f.b1)
    + conv(1, C, f.b3reduce) + conv(3, f.b3reduce, f.b3)
    + conv(1, C, f.b5reduce) + conv(5, f.b5reduce, f.b5)
    + conv(1, C, f.pool); // the pool projection after the (parameter-free) max pool
  // The naive module: 1×1, 3×3 and 5×5 convs straight on the input, and a bare 3×3 max pool.
  const naive = conv(1, C, f.b1) + conv(3, C, f.b3) + conv(5, C, f.b5) + conv(1, C, f.pool);
  return { withReduction, naive };
}
