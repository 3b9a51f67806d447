/**
 * s4-vgg — VGG blocks and the receptive field
 *
 * Rule level P2: tf.layers and the functional API (layer.apply on symbolic tensors) are allowed.
 *
 * vggBlock(x, filters, convs, seed): apply `convs` Conv2D layers (filters, 3×3, padding 'same',
 *   ReLU inside the layer) to x, then MaxPooling2D (2×2, stride 2); return the pooled tensor.
 *   Seed each convolution's kernelInitializer from `seed`, a different seed per layer.
 *
 * buildToyVGG(blocks, o): input o.inputShape → one vggBlock per entry of `blocks` (entry i is its
 *   number of convolutions; its filters are o.width · 2^i: width, 2·width, 4·width, …) → Flatten →
 *   Dense(o.numClasses, softmax). Return tf.model({ inputs, outputs }). Same seed → same weights.
 *   Throw for numClasses < 2, and when the blocks would halve the image below 1 pixel.
 *
 * receptiveField(layers): the number of input pixels (per side) one output value sees after the
 *   stack: start at 1; each layer adds (kernel − 1) · dilation · (product of the strides of the
 *   layers BELOW it). Two 3×3 stride-1 convolutions → 5. Throw for a kernel, stride or dilation
 *   that is not a positive integer. Plain numbers, no tf.
 */
import * as tf from '@tensorflow/tfjs';

export function vggBlock(x: tf.SymbolicTensor, filters: number, convs: number, seed: number): tf.SymbolicTensor {
  // TODO
  throw new Error('Not implemented: s4-vgg');
}

export function buildToyVGG(blocks: number[], o: { inputShape: [number, number, number]; numClasses: number; width: number; seed: number }): tf.LayersModel {
  // TODO
  throw new Error('Not implemented: s4-vgg');
}

export function receptiveField(layers: Array<{ kernel: number; stride: number; dilation?: number }>): number {
  // TODO
  throw new Error('Not implemented: s4-vgg');
}
