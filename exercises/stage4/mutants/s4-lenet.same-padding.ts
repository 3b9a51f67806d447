/**
 * s4-lenet — LeNet-5 (rule level P2: tf.layers).
 *
 * LeNet-5 (LeCun et al., 1998) in its modern form: two convolution + pooling stages that turn the
 * image into 16 small feature maps, then three dense layers.
 *
 *   Conv2D(6, 5×5, 'valid') → Pool(2, 2) → Conv2D(16, 5×5, 'valid') → Pool(2, 2) → Flatten →
 *   Dense(120) → Dense(84) → Dense(numClasses, softmax)
 *
 * `activation` goes inside every Conv2D and the two hidden Dense layers; `pooling` picks average or
 * max pooling. Every layer with weights gets its own seed derived from `seed`, so the same seed
 * always builds the same weights.
 */
import * as tf from '@tensorflow/tfjs';

export function buildLeNet5(o: { inputShape: [number, number, number]; numClasses: number; pooling: 'avg' | 'max'; activation: 'tanh' | 'relu'; seed: number }): tf.Sequential {
  const [h, w, c] = o.inputShape;
  // Two 'valid' 5×5 convolutions and two halvings: (((h − 4) / 2) − 4) / 2 must stay ≥ 1.
  if (![h, w, c].every((d) => Number.isInteger(d) && d > 0)) throw new Error(`inputShape must be three positive integers, got [${o.inputShape.join(', ')}]`);
  if (Math.min(h, w) < 16) throw new Error(`LeNet-5 needs images of at least 16×16 (two 5×5 'valid' convolutions and two 2×2 pools), got ${h}×${w}`);
  if (!Number.isInteger(o.numClasses) || o.numClasses < 2) throw new Error(`numClasses must be an integer ≥ 2, got ${o.numClasses}`);
  if (o.pooling !== 'avg' && o.pooling !== 'max') throw new Error(`pooling must be 'avg' or 'max', got ${String(o.pooling)}`);
  if (o.activation !== 'tanh' && o.activation !== 'relu') throw new Error(`activation must be 'tanh' or 'relu', got ${String(o.activation)}`);

  let k = 0;
  // A seeded Glorot initializer per layer: seed, seed + 1, … (one draw sequence per weight tensor).
  const init = () => tf.initializers.glorotUniform({ seed: o.seed + k++ });
  const pool = () => (o.pooling === 'avg'
    ? tf.layers.averagePooling2d({ poolSize: 2, strides: 2 })
    : tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  const act = o.activation;

  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: o.inputShape, filters: 6, kernelSize: 5, padding: 'same', activation: act, kernelInitializer: init() }),
      pool(),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: act, kernelInitializer: init() }),
      pool(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: act, kernelInitializer: init() }),
      tf.layers.dense({ units: 84, activation: act, kernelInitializer: init() }),
      // softmax on the last layer: the model outputs class probabilities.
      tf.layers.dense({ units: o.numClasses, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
}
