/**
 * s4-unet: a tiny U-Net for semantic segmentation, and the two metrics that grade a mask: Dice and
 * per-class IoU. The model uses tf.layers (P2); the metrics use tf primitives (no metric op).
 */
import * as tf from '@tensorflow/tfjs';

type Sym = tf.SymbolicTensor;

/** Two 3×3 'same' convolutions with ReLU: the unit every level of a U-Net is made of. */
function convPair(x: Sym, filters: number, seed: number): Sym {
  for (let k = 0; k < 2; k++) {
    x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + k }) }).apply(x) as Sym;
  }
  return x;
}

/**
 * Encoder: at level l two convs with base·2^l filters, keep the result for the skip connection,
 * halve the size with a 2×2 max pool. Bottleneck: two convs with base·2^depth filters. Decoder: a
 * 2×2 transposed conv with stride 2 doubles the size back, the skip is concatenated (so the decoder
 * sees the fine detail the pools threw away), then two convs. A 1×1 conv maps to the classes.
 */
export function buildTinyUNet(o: { size: number; base: number; depth: 2 | 3; outChannels: number; seed: number }): tf.LayersModel {
  const { size, base, depth, outChannels, seed } = o;
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`depth must be a whole number ≥ 1, got ${depth}`);
  if (!Number.isInteger(size) || size < 1 || size % 2 ** depth !== 0) throw new Error(`size must be a multiple of 2^depth = ${2 ** depth} (each level halves it), got ${size}`);
  if (!Number.isInteger(base) || base < 1) throw new Error(`base must be a whole number ≥ 1, got ${base}`);
  if (!Number.isInteger(outChannels) || outChannels < 1) throw new Error(`outChannels must be a whole number ≥ 1, got ${outChannels}`);
  const input = tf.input({ shape: [size, size, 1] });
  const skips: Sym[] = [];
  let x: Sym = input;
  let s = seed;
  for (let l = 0; l < depth; l++) {
    x = convPair(x, base * 2 ** l, s);
    s += 2;
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as Sym;
  }
  x = convPair(x, base * 2 ** depth, s);
  s += 2;
  for (let l = depth - 1; l >= 0; l--) {
    const filters = base * 2 ** l;
    x = tf.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: tf.initializers.heNormal({ seed: s++ }) }).apply(x) as Sym;
    x = tf.layers.concatenate().apply([x, skips[l]]) as Sym;
    x = convPair(x, filters, s);
    s += 2;
  }
  const output = tf.layers.conv2d({
    filters: outChannels, kernelSize: 1,
    // One channel: a probability per pixel (sigmoid); several: a distribution over classes (softmax).
    activation: 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
  }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: output });
}

/**
 * Soft Dice over ALL elements (one global value): (2·Σ yTrue·yPred + smooth) / (Σ yTrue + Σ yPred + smooth).
 * yPred holds probabilities. Both masks empty → 1. That case is decided from the numbers, outside the
 * gradient: a tf.where on 0/0 would still send NaN through the unused branch's gradient.
 */
export function diceCoefficient(yTrue: tf.Tensor, yPred: tf.Tensor, smooth = 1): tf.Scalar {
  if (yTrue.shape.length !== yPred.shape.length || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new Error(`yTrue and yPred must have the same shape, got [${yTrue.shape.join(',')}] and [${yPred.shape.join(',')}]`);
  }
  if (!(smooth >= 0)) throw new Error(`smooth must be ≥ 0, got ${smooth}`);
  return tf.tidy(() => {
    const t = yTrue.toFloat(), p = yPred.toFloat();
    const inter = tf.sum(tf.mul(t, p));
    const total = tf.add(tf.sum(t), tf.sum(p));
    // Both empty (and no smoothing): add 1 above and below, a constant, so the value is 1 and the gradient finite.
    const fix = smooth === 0 && total.dataSync()[0] === 0 ? 1 : 0;
    return tf.div(tf.add(tf.mul(2, inter), smooth + fix), tf.add(total, smooth + fix)) as tf.Scalar;
  });
}

/**
 * IoU per class from the pixel confusion matrix of two class maps: TP / (TP + FP + FN), counted over
 * all pixels of all images. A class absent from both maps gets 0.
 */
export function perClassIoU(yTrue: tf.Tensor3D, yPred: tf.Tensor3D, numClasses: number): number[] {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`numClasses must be a whole number ≥ 1, got ${numClasses}`);
  if (yTrue.rank !== 3 || yPred.rank !== 3 || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new Error(`yTrue and yPred must be class maps of the same shape [N, H, W], got [${yTrue.shape.join(',')}] and [${yPred.shape.join(',')}]`);
  }
  const t = yTrue.dataSync(), p = yPred.dataSync();
  const tp = new Array<number>(numClasses).fill(0), fp = tp.slice(), fn = tp.slice();
  for (let i = 0; i < t.length; i++) {
    const a = t[i], b = p[i];
    for (const c of [a, b]) if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new Error(`class ${c} at pixel ${i} is outside 0…${numClasses - 1}`);
    if (a === b) tp[a]++;
    else { fn[a]++; fp[b]++; }
  }
  return tp.map((v, c) => (v + fp[c] + fn[c] === 0 ? 0 : v / (v + fp[c] + fn[c])));
}
