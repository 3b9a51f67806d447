/**
 * s4-alexnet — local response normalisation and a toy AlexNet
 *
 * localResponseNorm(x, depthRadius, bias, alpha, beta): x is [batch, height, width, channels].
 *   For every value x[b, i, j, c]:
 *     out = x / (bias + alpha · Σ x[b, i, j, k]²)^beta,  k from c − depthRadius to c + depthRadius,
 *   clipped to the existing channels. alpha is NOT divided by the window size (TensorFlow's
 *   convention; PyTorch's LocalResponseNorm divides). Use tf primitives: tf.localResponseNormalization
 *   (and its LRN kernel) is not allowed. Throw for a negative depthRadius or an x that is not rank 4.
 *   Return a new tensor, leak nothing, never dispose x.
 *
 * buildToyAlexNet(o): a tf.Sequential (not compiled):
 *   Conv2D(width, 5×5, 'same', ReLU) → MaxPool(3, stride 2, 'valid') →
 *   Conv2D(2·width, 3×3, 'same', ReLU) → MaxPool(3, 2) →
 *   Conv2D(4·width, 3×3) → Conv2D(4·width, 3×3) → Conv2D(2·width, 3×3) (all 'same', ReLU) → MaxPool(3, 2) →
 *   Flatten → Dense(8·width, ReLU) → Dropout(0.5) → Dense(numClasses, softmax).
 *   ReLU may be inside a layer or its own layer. 24 708 parameters at 24×24×3, 4 classes, width 8.
 *   Same seed → identical weights (seed every kernelInitializer from o.seed). Throw for numClasses < 2.
 */
import * as tf from '@tensorflow/tfjs';

export function localResponseNorm(x: tf.Tensor4D, depthRadius: number, bias: number, alpha: number, beta: number): tf.Tensor4D {
  // TODO
  throw new Error('Not implemented: s4-alexnet');
}

export function buildToyAlexNet(o: { inputShape: [number, number, number]; numClasses: number; width: number; seed: number }): tf.Sequential {
  // TODO
  throw new Error('Not implemented: s4-alexnet');
}
