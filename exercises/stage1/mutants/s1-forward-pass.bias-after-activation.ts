/**
 * s1-forward-pass MUTANT — adds the bias after the activation.
 *
 * Layer i computes z = input·W + b (W is [in, out], tfjs's Dense kernel layout), then a = f(z).
 * The cache keeps input, z and a of every layer because backpropagation needs all three.
 */
import * as tf from '@tensorflow/tfjs';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'softmax';
export interface DenseParams { W: tf.Tensor2D; b: tf.Tensor1D }
export interface LayerCache { input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }

function activate(z: tf.Tensor2D, name: ActivationName, layer: number): tf.Tensor2D {
  switch (name) {
    case 'linear': return z.clone(); // a separate tensor, so disposing a never disposes z
    case 'relu': return tf.relu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'leakyRelu': return tf.leakyRelu(z, 0.2); // tf's default α, stated so nobody has to guess
    case 'softmax': return tf.softmax(z); // over the last axis: one distribution per row
    default: throw new Error(`layer ${layer}: unknown activation '${String(name)}'`);
  }
}

export function mlpForward(
  x: tf.Tensor2D,
  params: DenseParams[],
  activations: ActivationName[],
): { output: tf.Tensor2D; cache: LayerCache[] } {
  if (activations.length !== params.length) {
    throw new Error(`${params.length} layers but ${activations.length} activations`);
  }
  if (x.rank !== 2) throw new Error(`x must be [batch, features], got shape [${x.shape}]`);
  // Validate every shape before computing anything, so a bad layer leaks nothing.
  let width = x.shape[1];
  params.forEach(({ W, b }, i) => {
    if (W.rank !== 2 || W.shape[0] !== width) {
      throw new Error(`layer ${i}: W has shape [${W.shape}] but its input has width ${width}; expected [${width}, units]`);
    }
    // tf.add would broadcast a [1] or [1, H] bias silently: insist on exactly [H].
    if (b.rank !== 1 || b.shape[0] !== W.shape[1]) {
      throw new Error(`layer ${i}: b has shape [${b.shape}], expected [${W.shape[1]}]`);
    }
    width = W.shape[1];
  });

  const cache: LayerCache[] = [];
  let input = x;
  params.forEach(({ W, b }, i) => {
    const z = tf.matMul(input, W) as tf.Tensor2D;
    const f = activate(z, activations[i], i);
    const a = tf.add(f, b) as tf.Tensor2D;
    f.dispose();
    cache.push({ input, z, a });
    input = a; // the next layer's input is this layer's a (the same tensor, not a copy)
  });
  return { output: input, cache };
}
