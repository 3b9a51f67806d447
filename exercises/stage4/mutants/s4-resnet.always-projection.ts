// s4-resnet — a residual block (reference solution).
import * as tf from '@tensorflow/tfjs';

export function residualBlock(x: tf.SymbolicTensor, filters: number, stride: number, o: { seed: number; bnMomentum?: number }): tf.SymbolicTensor {
  if (x.shape.length !== 4) throw new Error(`residualBlock: x must be [batch, height, width, channels], got shape [${x.shape.join(',')}]`);
  if (!Number.isInteger(filters) || filters < 1) throw new Error(`residualBlock: filters must be a whole number ≥ 1, got ${filters}`);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`residualBlock: stride must be a whole number ≥ 1, got ${stride}`);
  // tfjs's BatchNormalization keeps moving = momentum·moving + (1 − momentum)·batch; 0.99 as in Keras.
  const momentum = o.bnMomentum ?? 0.99;
  // A bias right before a BN is cancelled by the BN's mean subtraction: leave it out.
  const conv = (f: number, k: number, s: number, seed: number) => tf.layers.conv2d({
    filters: f, kernelSize: k, strides: s, padding: 'same', useBias: false,
    kernelInitializer: tf.initializers.heNormal({ seed }),
  });
  const bn = () => tf.layers.batchNormalization({ momentum });
  const apply = (layer: tf.layers.Layer, t: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(t) as tf.SymbolicTensor;

  // The branch: conv 3×3 (the stride goes here) → BN → ReLU → conv 3×3 → BN.
  let y = apply(conv(filters, 3, stride, o.seed), x);
  y = apply(bn(), y);
  y = apply(tf.layers.reLU(), y);
  y = apply(conv(filters, 3, 1, o.seed + 1), y);
  y = apply(bn(), y);

  // The shortcut is x itself when the shapes agree. A stride or a new channel count changes the
  // shape, and then a 1×1 conv with the same stride (+ BN) projects x to the branch's shape.
  let shortcut = x;
  {
    shortcut = apply(bn(), apply(conv(filters, 1, stride, o.seed + 2), x));
  }
  // Post-activation: the ReLU comes after the addition.
  return apply(tf.layers.reLU(), apply(tf.layers.add(), [y, shortcut]));
}
