/**
 * s4-alexnet — local response normalisation and a toy AlexNet.
 *
 * localResponseNorm (tf primitives; no tf.localResponseNormalization): each value is divided by
 * (bias + α · the sum of squares over the 2r + 1 neighbouring channels, clipped at the edges)^β,
 * with α NOT divided by the window size (PyTorch's LocalResponseNorm divides; TensorFlow does not).
 *
 * buildToyAlexNet: five 'same' convolutions with width·[1, 2, 4, 4, 2] filters (kernels 5, 3, 3,
 * 3, 3, ReLU), overlapping MaxPool(3, stride 2, 'valid') after conv1, conv2 and conv5, then
 * Flatten → Dense(8·width, ReLU) → Dropout(0.5) → Dense(numClasses, softmax).
 */
import * as tf from '@tensorflow/tfjs';

export function localResponseNorm(x: tf.Tensor4D, depthRadius: number, bias: number, alpha: number, beta: number): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`x must be rank 4 [batch, height, width, channels], got rank ${x.rank}`);
  if (!Number.isInteger(depthRadius) || depthRadius < 0) throw new Error(`depthRadius must be an integer ≥ 0, got ${depthRadius}`);
  return tf.tidy(() => {
    const C = x.shape[3];
    // Beyond C − 1 channels the window holds nothing more: clip the radius.
    const r = Math.min(depthRadius, C - 1);
    const padded = tf.pad(tf.square(x), [[0, 0], [0, 0], [0, 0], [r, r]]);
    let sum = tf.zerosLike(x) as tf.Tensor4D;
    for (let k = 0; k <= 2 * r; k++) sum = tf.add(sum, tf.slice(padded, [0, 0, 0, k], [-1, -1, -1, C]));
    return tf.div(x, tf.pow(tf.add(bias, tf.mul(alpha, sum)), beta)) as tf.Tensor4D;
  });
}

export function buildToyAlexNet(o: { inputShape: [number, number, number]; numClasses: number; width: number; seed: number }): tf.Sequential {
  if (!Number.isInteger(o.numClasses) || o.numClasses < 2) throw new Error(`numClasses must be an integer ≥ 2, got ${o.numClasses}`);
  if (!Number.isInteger(o.width) || o.width < 1) throw new Error(`width must be a positive integer, got ${o.width}`);
  // Three 'valid' 3×3 stride-2 pools: 24 → 11 → 5 → 2; below 15 pixels the last pool has nothing.
  if (Math.min(o.inputShape[0], o.inputShape[1]) < 15) throw new Error(`images must be at least 15×15 for three overlapping pools, got ${o.inputShape[0]}×${o.inputShape[1]}`);
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: o.seed + k++ });
  const conv = (mult: number, kernel: number, first = false) => tf.layers.conv2d({ ...(first ? { inputShape: o.inputShape } : {}), filters: o.width * mult, kernelSize: kernel, padding: 'same', activation: 'relu', kernelInitializer: init() });
  // Overlapping pooling: windows of 3 every 2 pixels.
  const pool = () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid' });
  return tf.sequential({
    layers: [
      conv(1, 5, true), pool(),
      conv(2, 3), pool(),
      conv(4, 3), conv(4, 3), conv(2, 3), pool(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8 * o.width, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: o.numClasses, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
}
