/**
 * The pretrained base of s4-transfer-learning: a 6 020-parameter CNN (3×3 convs with 8, 16 and 32
 * filters, global average pooling, a 4-way softmax) trained on 24×24 grey images of four rotated
 * shapes (square, triangle, star, circle). The exercise reuses its features for crosses, rings and
 * circles.
 */
import type * as TF from '@tensorflow/tfjs';
import { drawShapes, mulberry32, shuffleInPlace, type ShapeKind } from '../data';
import type { Metrics, Recipe, Tf, Trainer } from './registry';

export const BASE_KINDS: ShapeKind[] = ['square', 'triangle', 'star', 'circle'];
const SIZE = 24;
const EVAL = { n: 400, seed: 90210 };

/** The architecture, seeded: layer names are part of the exercise (truncateAt(base, 'features')). */
export function buildTransferBase(tf: Tf, seed: number): TF.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const conv = (filters: number, k: number, name: string, inputShape?: number[]) =>
    tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(k), name, ...(inputShape ? { inputShape } : {}) });
  return tf.sequential({
    name: 'transfer_base',
    layers: [
      conv(8, 0, 'conv1', [SIZE, SIZE, 1]),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      conv(16, 1, 'conv2'),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      conv(32, 2, 'conv3'),
      tf.layers.globalAveragePooling2d({ name: 'features' }),
      tf.layers.dense({ units: BASE_KINDS.length, activation: 'softmax', kernelInitializer: init(3), name: 'head' }),
    ],
  });
}

/** Rotated shapes with a little noise (the recipe's `rotate` and `noise`), one-hot labels. */
function shapes(tf: Tf, n: number, seed: number, r: Recipe): { x: TF.Tensor4D; y: TF.Tensor2D } {
  const b = drawShapes({ n, size: SIZE, kinds: BASE_KINDS, rotate: r.rotate === true, noise: Number(r.noise), seed });
  return tf.tidy(() => ({
    x: tf.tensor4d(b.images, b.shape),
    y: tf.oneHot(tf.tensor1d(b.labels, 'int32'), BASE_KINDS.length).toFloat() as TF.Tensor2D,
  }));
}

async function train(tf: Tf, r: Recipe, seed: number): Promise<TF.LayersModel> {
  const n = Number(r.images), epochs = Number(r.epochs), batch = Number(r.batchSize);
  const model = buildTransferBase(tf, seed);
  model.compile({ optimizer: tf.train.adam(Number(r.lr)), loss: 'categoricalCrossentropy' });
  const { x, y } = shapes(tf, n, seed + 1, r);
  const rng = mulberry32(seed + 2);
  const order = Array.from({ length: n }, (_, i) => i);
  try {
    // Our own seeded shuffle and trainOnBatch: model.fit shuffles with Math.random.
    for (let e = 0; e < epochs; e++) {
      shuffleInPlace(order, rng);
      for (let s = 0; s + batch <= n; s += batch) {
        const idx = tf.tensor1d(order.slice(s, s + batch), 'int32');
        const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
        await model.trainOnBatch(xb, yb);
        tf.dispose([idx, xb, yb]);
      }
    }
  } finally {
    tf.dispose([x, y]);
  }
  return model;
}

function evaluate(tf: Tf, model: TF.LayersModel): Metrics {
  const { x, y } = shapes(tf, EVAL.n, EVAL.seed, RECIPE);
  try {
    return tf.tidy(() => {
      const p = model.predict(x) as TF.Tensor2D;
      const acc = tf.mean(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)).toFloat()).dataSync()[0];
      const loss = tf.metrics.categoricalCrossentropy(y, p).mean().dataSync()[0];
      return { accuracy: Math.round(acc * 1e4) / 1e4, loss: Math.round(loss * 1e6) / 1e6 };
    });
  } finally {
    tf.dispose([x, y]);
  }
}

// 1 536 rotated images × 10 epochs: about 15 s on tfjs-node, so CI trains the full recipe again (no short one).
const RECIPE: Recipe = { kinds: BASE_KINDS, size: SIZE, rotate: true, noise: 0.05, images: 1536, epochs: 10, batchSize: 32, lr: 0.003, optimizer: 'adam', evalImages: EVAL.n, evalSeed: EVAL.seed };

export const transferBase: Trainer = {
  name: 'transfer-base',
  out: 'exercises/stage4/weights/transfer-base.ts',
  exportName: 'TRANSFER_BASE',
  seed: 4242,
  recipe: RECIPE,
  tolerance: { accuracy: 0.03, loss: 0.05 },
  train,
  evaluate,
};
