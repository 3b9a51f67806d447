/**
 * The Stage 3 metrics demos' classifier: a small MLP (flatten → dense 64, ReLU → dense C) trained
 * with Adam on seeded 16×16 shape images from drawShapes. A given model, not the learner's: the
 * demos feed its test predictions to the learner's metric functions.
 */
import * as tf from '@tensorflow/tfjs';
import { drawShapes, glorotVariable, mulberry32, shuffleInPlace } from 'dl-tutor/grading';
import type { ShapeKind } from 'dl-tutor/grading';

export const SHAPE_CLASSES: ShapeKind[] = ['circle', 'square', 'triangle', 'star'];
export const IMAGE_SIZE = 16;

export interface ShapesMlpRun {
  /** Test images, flat [n·16·16], values in [0, 1]. */
  testImages: Float32Array;
  testLabels: number[];
  testPred: number[];
  /** Mean cross-entropy per epoch on the training set. */
  losses: number[];
  trainSize: number;
  testSize: number;
  hidden: number;
  epochs: number;
}

/** Sizes for the engine: the pure-JS cpu engine trains a smaller MLP on fewer images. */
export function shapesMlpSizes(engine: 'tensorflow' | 'cpu'): { train: number; test: number; hidden: number; epochs: number } {
  return engine === 'cpu' ? { train: 500, test: 200, hidden: 32, epochs: 20 } : { train: 900, test: 400, hidden: 64, epochs: 25 };
}

export function trainShapesMlp(engine: 'tensorflow' | 'cpu', seed = 3): ShapesMlpRun {
  const { train, test, hidden, epochs } = shapesMlpSizes(engine);
  const S = IMAGE_SIZE, D = S * S, C = SHAPE_CLASSES.length;
  // Shapes of varying size and place with pixel noise: an MLP gets most right and still confuses
  // some (rotated shapes would be too hard for it: about 50%).
  const data = drawShapes({ n: train + test, size: S, kinds: SHAPE_CLASSES, noise: 0.1, seed });
  const labels = Array.from(data.labels);
  const x = tf.tensor2d(data.images.subarray(0, train * D), [train, D]);
  const y = tf.oneHot(tf.tensor1d(labels.slice(0, train), 'int32'), C).toFloat();
  const xTest = tf.tensor2d(data.images.subarray(train * D), [test, D]);
  const vars = tf.tidy(() => [glorotVariable([D, hidden], seed + 1), tf.variable(tf.zeros([hidden])), glorotVariable([hidden, C], seed + 2), tf.variable(tf.zeros([C]))]);
  const [W1, b1, W2, b2] = vars;
  const logits = (inp: tf.Tensor) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(inp, W1), b1)), W2), b2);
  const opt = tf.train.adam(0.01);
  const rng = mulberry32(seed + 10);
  const batch = 64;
  const losses: number[] = [];
  try {
    for (let e = 0; e < epochs; e++) {
      const order = shuffleInPlace(Array.from({ length: train }, (_, i) => i), rng);
      let sum = 0;
      for (let s = 0; s < train; s += batch) {
        const idx = tf.tensor1d(order.slice(s, s + batch), 'int32');
        const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
        const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(xb)) as tf.Scalar, true, vars);
        sum += (loss?.dataSync()[0] ?? 0) * (idx.shape[0]);
        tf.dispose([idx, xb, yb]);
        loss?.dispose();
      }
      losses.push(sum / train);
    }
    const testPred = tf.tidy(() => Array.from(tf.argMax(logits(xTest), 1).dataSync()));
    return { testImages: data.images.slice(train * D), testLabels: labels.slice(train), testPred, losses, trainSize: train, testSize: test, hidden, epochs };
  } finally {
    opt.dispose();
    tf.dispose([...vars, x, y, xTest]);
  }
}
