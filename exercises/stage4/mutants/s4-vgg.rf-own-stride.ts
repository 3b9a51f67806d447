/**
 * s4-vgg — VGG blocks and the receptive field (rule level P2: tf.layers).
 *
 * A VGG block is `convs` 3×3 'same' ReLU convolutions followed by a 2×2 max pool: the convolutions
 * keep the size and mix features, the pool halves it. The toy VGG stacks blocks whose filter count
 * doubles (width, 2·width, 4·width, …) and ends with Flatten → Dense(numClasses, softmax).
 *
 * receptiveField: how many input pixels one output value sees after a stack of layers,
 * r = 1 + Σ (k − 1)·d·(product of the strides of the layers below).
 */
import * as tf from '@tensorflow/tfjs';

export function vggBlock(x: tf.SymbolicTensor, filters: number, convs: number, seed: number): tf.SymbolicTensor {
  if (!Number.isInteger(filters) || filters < 1) throw new Error(`filters must be a positive integer, got ${filters}`);
  if (!Number.isInteger(convs) || convs < 1) throw new Error(`convs must be a positive integer, got ${convs}`);
  let h = x;
  for (let i = 0; i < convs; i++) {
    // A distinct seed per convolution: the same seed would start every layer from the same draws.
    h = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + i }) }).apply(h) as tf.SymbolicTensor;
  }
  return tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(h) as tf.SymbolicTensor;
}

export function buildToyVGG(blocks: number[], o: { inputShape: [number, number, number]; numClasses: number; width: number; seed: number }): tf.LayersModel {
  if (!Number.isInteger(o.numClasses) || o.numClasses < 2) throw new Error(`numClasses must be an integer ≥ 2, got ${o.numClasses}`);
  if (!Number.isInteger(o.width) || o.width < 1) throw new Error(`width must be a positive integer, got ${o.width}`);
  // Every block halves the size: the image must survive all of them.
  const [h, w] = o.inputShape;
  if (Math.min(h, w) < 2 ** blocks.length) throw new Error(`${blocks.length} blocks halve ${h}×${w} below 1 pixel`);
  const input = tf.input({ shape: o.inputShape });
  let x = input;
  blocks.forEach((convs, i) => {
    x = vggBlock(x, o.width * 2 ** i, convs, o.seed + 100 * i);
  });
  const flat = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: o.numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 100 * blocks.length }) }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

export function receptiveField(layers: Array<{ kernel: number; stride: number; dilation?: number }>): number {
  let r = 1;
  let jump = 1; // distance in input pixels between neighbouring positions at the current depth
  for (const { kernel, stride, dilation = 1 } of layers) {
    if (!Number.isInteger(kernel) || kernel < 1 || !Number.isInteger(stride) || stride < 1 || !Number.isInteger(dilation) || dilation < 1) {
      throw new Error(`kernel, stride and dilation must be positive integers, got ${JSON.stringify({ kernel, stride, dilation })}`);
    }
    jump *= stride;
    r += (kernel - 1) * dilation * jump;
  }
  return r;
}
