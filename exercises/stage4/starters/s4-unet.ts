// s4-unet — semantic segmentation: a tiny U-Net, the Dice coefficient and per-class IoU.
//
// Rule level: P2 for the model (tf.layers); the metrics are built from tf primitives.
//
// buildTinyUNet({ size, base, depth, outChannels, seed }) → tf.LayersModel
//   • Input [size, size, 1] (one channel); size must be a multiple of 2^depth (throw otherwise).
//   • Encoder, level l = 0 … depth−1: two 3×3 convs (padding 'same', ReLU, base·2^l filters);
//     keep the result for the skip connection; then a 2×2 max pool with stride 2.
//   • Bottleneck: two 3×3 convs with base·2^depth filters.
//   • Decoder, l = depth−1 … 0: tf.layers.conv2dTranspose(base·2^l filters, kernel 2, stride 2),
//     concatenate with the kept encoder output of level l, then two 3×3 convs (base·2^l).
//   • Head: a 1×1 conv with outChannels filters; sigmoid for one channel, softmax for several.
//   • Seed every kernelInitializer from seed. At 32×32, base 8, depth 2, 1 channel: 29 321 parameters.
//
// diceCoefficient(yTrue, yPred, smooth = 1) → scalar
//   (2·Σ yTrue·yPred + smooth) / (Σ yTrue + Σ yPred + smooth), the sums over ALL elements (one
//   global value). yPred holds probabilities (the model's output), used as they are. Both masks
//   empty → 1, also with smooth 0, and tf.grad of the result must stay finite there.
//   Throw when the shapes differ.
//
// perClassIoU(yTrue, yPred, numClasses) → number[] (one per class)
//   yTrue and yPred are class maps [N, H, W] holding class ids 0 … numClasses−1 (throw otherwise).
//   IoU_c = TP / (TP + FP + FN), counted over all pixels of all images. A class absent from both
//   maps gets 0.
//
// Return new tensors, leak nothing, never change or dispose the inputs.
import * as tf from '@tensorflow/tfjs';

export function buildTinyUNet(o: { size: number; base: number; depth: 2 | 3; outChannels: number; seed: number }): tf.LayersModel {
  // TODO: encoder levels (keep the skips), bottleneck, decoder levels with concatenation, 1×1 head.
  throw new Error('Not implemented: s4-unet');
}

export function diceCoefficient(yTrue: tf.Tensor, yPred: tf.Tensor, smooth = 1): tf.Scalar {
  // TODO
  throw new Error('Not implemented: s4-unet');
}

export function perClassIoU(yTrue: tf.Tensor3D, yPred: tf.Tensor3D, numClasses: number): number[] {
  // TODO
  throw new Error('Not implemented: s4-unet');
}
