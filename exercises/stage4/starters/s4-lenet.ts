/**
 * s4-lenet — LeNet-5
 *
 * Build LeNet-5 with tf.layers (rule level P2: layers and optimizers are allowed) and return the
 * tf.Sequential model, not compiled. Exactly these 8 layers, in this order:
 *
 *   1. Conv2D: 6 filters, 5×5 kernel, padding 'valid', activation o.activation (input: o.inputShape)
 *   2. Pool 2×2, stride 2: AveragePooling2D when o.pooling is 'avg', MaxPooling2D when 'max'
 *   3. Conv2D: 16 filters, 5×5, 'valid', activation o.activation
 *   4. Pool 2×2, stride 2 (as layer 2)
 *   5. Flatten
 *   6. Dense(120), activation o.activation
 *   7. Dense(84), activation o.activation
 *   8. Dense(o.numClasses), activation 'softmax'
 *
 * Put each activation inside its Conv2D/Dense layer (no separate Activation layers).
 * On 32×32×1 images with 3 classes the model has 61 111 parameters; on 28×28×1, 43 831.
 *
 * Same seed → identical weights: give every layer's kernelInitializer a seed derived from o.seed
 * (for instance tf.initializers.glorotUniform({ seed: o.seed + k }) for the k-th layer with weights).
 *
 * Throw an Error for numClasses that is not a whole number ≥ 2, images smaller than 16×16 (two
 * 'valid' 5×5 convolutions and two 2×2 pools leave nothing), and a pooling other than 'avg'/'max'.
 */
import * as tf from '@tensorflow/tfjs';

export function buildLeNet5(o: { inputShape: [number, number, number]; numClasses: number; pooling: 'avg' | 'max'; activation: 'tanh' | 'relu'; seed: number }): tf.Sequential {
  // TODO: validate o, then return tf.sequential({ layers: [ … ] }).
  throw new Error('Not implemented: s4-lenet');
}
