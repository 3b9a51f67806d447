/**
 * Demo of s3-augmentation, on the learner's functions:
 * 1. a grid of drawShapes images under each augmentation, with the boxes augmentWithBoxes returns;
 * 2. rotation robustness: a small MLP (Stage 3 has no CNNs) trained on upright shapes, with and
 *    without rot90/flip augmentation, tested on upright and on quarter-turned shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, mulberry32 } from 'dl-tutor/grading';
import type { Rng, ShapeKind } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-augmentation');
type AugOp = import('../solutions/s3-augmentation').AugOp;

/** One thumbnail of the plot panel's `images` chart. */
interface PlotImage { width: number; height: number; channels: 1 | 3; data: number[]; caption?: string; boxes?: Array<{ box: [number, number, number, number]; label?: string }> }

const KINDS: ShapeKind[] = ['triangle', 'cross', 'star', 'square'];

function toPlot(img: tf.Tensor3D, caption: string, boxes: Array<[number, number, number, number]>, labels: string[]): PlotImage {
  const [height, width, channels] = img.shape;
  return { width, height, channels: channels as 1 | 3, data: Array.from(img.dataSync()), caption, boxes: boxes.map((box, i) => ({ box, label: labels[i] })) };
}

function galleryEvent(m: M): PlotImage[] {
  const S = 32;
  const b = drawShapes({ n: 2, size: S, kinds: KINDS, channels: 3, maxObjects: 3, minScale: 0.25, maxScale: 0.4, maxOverlapIoU: 0, seed: 21 });
  const views: Array<[string, AugOp[]]> = [
    ['original', []],
    ['flipH', [{ kind: 'flipH' }]],
    ['rot90(1)', [{ kind: 'rot90', k: 1 }]],
    ['rot90(−1)', [{ kind: 'rot90', k: -1 }]],
    ['translate(6, −4)', [{ kind: 'translate', dx: 6, dy: -4 }]],
    ['flipH, rot90, shift', [{ kind: 'flipH' }, { kind: 'rot90', k: 1 }, { kind: 'translate', dx: -5, dy: 3 }]],
  ];
  const out: PlotImage[] = [];
  for (let i = 0; i < 2; i++) {
    const img = tf.tensor3d(b.images.slice(i * S * S * 3, (i + 1) * S * S * 3), [S, S, 3]);
    const labels = b.classes[i].map((c) => KINDS[c]);
    for (const [caption, ops] of views) {
      const r = m.augmentWithBoxes(img, b.boxes[i], ops);
      out.push(toPlot(r.img, caption, r.boxes, labels));
      r.img.dispose();
    }
    // The two augmentations without boxes: a padded random crop and Gaussian noise.
    const crop = m.randomCrop(img, [S, S], 4, mulberry32(7 + i));
    out.push(toPlot(crop, 'crop (pad 4)', [], []));
    const noisy = tf.tidy(() => tf.clipByValue(m.addGaussianNoise(img, 0.15, mulberry32(9 + i)), 0, 1) as tf.Tensor3D);
    out.push(toPlot(noisy, 'noise σ 0.15', [], []));
    tf.dispose([img, crop, noisy]);
  }
  return out;
}

/**
 * Every image of a [N, S, S] stack gets a random quarter turn (k = 0…3, or 1…3 when `turnedOnly`)
 * and, `withFlip`, a random horizontal flip — through the learner's rot90 and flipHorizontal.
 */
function augmentStack(m: M, x: tf.Tensor3D, rng: Rng, withFlip: boolean, turnedOnly = false): tf.Tensor3D {
  // The images are stacked along the channel axis ([S, S, N]), so one call turns a whole group.
  const N = x.shape[0];
  const groups: number[][] = [[], [], [], []];
  for (let i = 0; i < N; i++) groups[turnedOnly ? 1 + Math.floor(rng() * 3) : Math.floor(rng() * 4)].push(i);
  const flips = Array.from({ length: N }, () => withFlip && rng() < 0.5);
  return tf.tidy(() => {
    const out: tf.Tensor3D[] = new Array(N);
    groups.forEach((idx, k) => {
      if (!idx.length) return;
      const stack = tf.transpose(tf.gather(x, idx), [1, 2, 0]) as tf.Tensor3D;
      let turned = m.rot90(stack, k);
      const flipIdx = idx.map((_, j) => j).filter((j) => flips[idx[j]]);
      if (flipIdx.length) {
        const flipped = m.flipHorizontal(turned);
        const mask = tf.tensor1d(idx.map((i) => (flips[i] ? 1 : 0)));
        turned = tf.add(tf.mul(flipped, mask), tf.mul(turned, tf.sub(1, mask))) as tf.Tensor3D;
      }
      const back = tf.unstack(tf.transpose(turned, [2, 0, 1])) as tf.Tensor2D[];
      idx.forEach((i, j) => { out[i] = back[j] as unknown as tf.Tensor3D; });
    });
    return tf.stack(out) as tf.Tensor3D;
  });
}

function makeModel(inputs: number, classes: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, activation: 'relu', inputShape: [inputs], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function accuracy(model: tf.Sequential, x: tf.Tensor3D, y: tf.Tensor2D): Promise<number> {
  const pred = model.predict(x.reshape([x.shape[0], -1])) as tf.Tensor;
  const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(pred, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0]);
  pred.dispose();
  return acc;
}

export default defineDemo<M>({
  async run(m, ctx) {
    ctx.emit({ kind: 'images', chart: 'gallery', title: 'Your augmentations on two drawShapes images, with the boxes augmentWithBoxes returned', images: galleryEvent(m) });

    const small = ctx.engine === 'cpu';
    const S = 16, nTrain = small ? 480 : 1200, nTest = small ? 240 : 400, epochs = small ? 12 : 20;
    if (small) ctx.emit({ kind: 'note', chart: 'sizes', text: `The pure-JS engine is slower: ${nTrain} training images and ${epochs} epochs instead of 1200 and 20.` });
    const draw = (n: number, seed: number) => {
      const b = drawShapes({ n, size: S, kinds: KINDS, minScale: 0.6, maxScale: 0.9, seed });
      return { x: tf.tensor3d(b.images, [n, S, S]), y: tf.oneHot(tf.tensor1d(Array.from(b.labels), 'int32'), KINDS.length).toFloat() as tf.Tensor2D };
    };
    const train = draw(nTrain, 1);
    const test = draw(nTest, 2);
    const rng = mulberry32(5);
    const testRot = augmentStack(m, test.x, rng, false, true); // turned by 90°, 180° or 270°
    const results: Record<string, { upright: number; rotated: number }> = {};
    const curves: Record<number, Record<string, number>> = {};
    try {
      for (const aug of [false, true]) {
        const model = makeModel(S * S, KINDS.length);
        const name = aug ? 'with rot90/flip augmentation' : 'without augmentation';
        for (let e = 0; e < epochs; e++) {
          const xs = aug ? augmentStack(m, train.x, rng, true) : train.x;
          const flat = xs.reshape([nTrain, S * S]);
          const h = await model.fit(flat, train.y, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
          flat.dispose();
          if (aug) xs.dispose();
          curves[e + 1] = { ...curves[e + 1], [name]: h.history.loss[0] as number };
          ctx.emit({ kind: 'epoch', chart: 'trainingLoss', title: 'Training loss (categorical cross-entropy) per epoch', epoch: e + 1, values: curves[e + 1] });
        }
        results[name] = { upright: await accuracy(model, test.x, test.y), rotated: await accuracy(model, testRot, test.y) };
        model.dispose();
      }
    } finally {
      tf.dispose([train.x, train.y, test.x, test.y, testRot]);
    }
    const plain = results['without augmentation'], aug = results['with rot90/flip augmentation'];
    ctx.emit({
      kind: 'bars', chart: 'robustness', title: 'Test accuracy (fraction correct) of a 256-64-4 MLP on 16×16 shapes',
      labels: ['upright test shapes', 'test shapes turned by k·90°'],
      series: [{ name: 'trained without augmentation', values: [plain.upright, plain.rotated] }, { name: 'trained with rot90/flip augmentation', values: [aug.upright, aug.rotated] }],
    });
    return {
      uprightAccuracyWithoutAugmentation: plain.upright,
      rotatedAccuracyWithoutAugmentation: plain.rotated,
      uprightAccuracyWithAugmentation: aug.upright,
      rotatedAccuracyWithAugmentation: aug.rotated,
      augmentationHelpsOnRotated: aug.rotated > plain.rotated + 0.05,
      unaugmentedDropsOnRotated: plain.rotated < plain.upright - 0.1,
    };
  },
});
