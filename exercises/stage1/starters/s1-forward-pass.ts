/**
 * s1-forward-pass — the forward pass of a multilayer perceptron.
 *
 * Rule level P1: tf ops (tf.matMul, tf.add, tf.relu, tf.sigmoid, tf.tanh, tf.leakyRelu, tf.softmax…)
 * but no tf.layers / tf.sequential / tf.model.
 *
 * Layer i: z = input·W + b, a = f(z), where W has shape [inputWidth, units] (tfjs's Dense layout),
 * b has shape [units], and f is activations[i]. 'leakyRelu' uses α = 0.2; 'softmax' works per row.
 * Return the last a as `output` and, for every layer, a cache entry { input, z, a }
 * (cache[0].input is x itself; cache[i].input is cache[i − 1].a).
 *
 * Throw an Error when activations.length ≠ params.length, when W.shape[0] doesn't match the width
 * coming in (name the 0-based layer index in the message), or when b is not exactly [units]
 * (no silent broadcasting). A batch of 0 rows is fine. Leak nothing but what you return.
 */
import * as tf from '@tensorflow/tfjs';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'softmax';
export interface DenseParams { W: tf.Tensor2D; b: tf.Tensor1D }
export interface LayerCache { input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }

export function mlpForward(
  x: tf.Tensor2D,
  params: DenseParams[],
  activations: ActivationName[],
): { output: tf.Tensor2D; cache: LayerCache[] } {
  // TODO: validate the shapes, then run the layers in order, filling the cache.
  throw new Error('Not implemented: s1-forward-pass');
}
