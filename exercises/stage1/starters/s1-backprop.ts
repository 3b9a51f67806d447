/**
 * s1-backprop — backpropagation through an MLP, by hand.
 *
 * Rule level P1 with autodiff disabled: tf ops are fine, but tf.grad / tf.grads /
 * tf.valueAndGrads / optimizer.minimize are switched off while your code runs.
 *
 * The forward pass (s1-forward-pass) computed, for every layer i, z = input·W + b and a = f(z), and
 * stored { input, z, a } in cache[i]. W is [in, out]; activations[i] is one of 'linear', 'relu',
 * 'sigmoid', 'tanh', 'leakyRelu' (α = 0.2) or 'softmax' (per row).
 *
 * Given dOut = ∂L/∂output (same shape as the last a), return
 *   dW[i] = ∂L/∂W_i (shape of W_i), db[i] = ∂L/∂b_i (shape of b_i), dX = ∂L/∂x.
 * The loss is a sum over the batch: do not average. relu'(0) = 0 (tf's convention).
 * dOut is the gradient at the last layer's OUTPUT a, whatever its activation: for a 'softmax' last
 * layer you apply the softmax's Jacobian to it like any other activation. ((p − y)/B is the gradient
 * at the logits, so it is the right dOut only when the last layer is 'linear'.)
 * Throw an Error when dOut's shape differs from the output's. Leak nothing but what you return.
 */
import * as tf from '@tensorflow/tfjs';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'softmax';
export interface DenseParams { W: tf.Tensor2D; b: tf.Tensor1D }
export interface LayerCache { input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }

export function mlpBackward(
  cache: LayerCache[],
  params: DenseParams[],
  activations: ActivationName[],
  dOut: tf.Tensor2D,
): { dW: tf.Tensor2D[]; db: tf.Tensor1D[]; dX: tf.Tensor2D } {
  // TODO: walk the layers from last to first: dZ from dA, then dW, db and the dA of the layer below.
  throw new Error('Not implemented: s1-backprop');
}
