/**
 * s1-activations — activation functions and their derivatives.
 *
 * Rule level P1: build each function from tf primitives (tf.exp, tf.log1p, tf.maximum, tf.where,
 * tf.erf, tf.sum, tf.max, arithmetic…). The ready-made kernels are banned: tf.relu, tf.leakyRelu,
 * tf.prelu, tf.elu, tf.selu, tf.sigmoid, tf.tanh, tf.softplus, tf.softmax, tf.logSoftmax.
 *
 * Every function takes a tensor of any shape and returns a NEW tensor of the same shape; it must not
 * dispose its input and must not leak intermediates (tf.tidy helps).
 * - NaN stays NaN, in its own position.
 * - Be numerically stable: sigmoid(−1000) = 0, softplus(1000) = 1000, softmax([1000, 1000]) = [0.5, 0.5].
 * - leakyRelu takes alpha explicitly (tf's default is 0.2, Keras's 0.3, PyTorch's 0.01).
 * - elu's alpha defaults to 1. gelu is the exact form x·Φ(x) with the Gaussian CDF (use tf.erf).
 * - softmax(x, axis = −1) works over any axis, negative ones included; a rank-0 tensor throws.
 * - actGrad.f(x) is the elementwise derivative f'(x); relu'(0) = 0 (tf's convention).
 */
import * as tf from '@tensorflow/tfjs';

export const act = {
  relu(x: tf.Tensor): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  sigmoid(x: tf.Tensor): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  tanh(x: tf.Tensor): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  elu(x: tf.Tensor, alpha = 1): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  softplus(x: tf.Tensor): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  gelu(x: tf.Tensor): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
  softmax(x: tf.Tensor, axis = -1): tf.Tensor {
    // TODO
    throw new Error('Not implemented: s1-activations');
  },
};

export const actGrad = {
  relu(x: tf.Tensor): tf.Tensor {
    // TODO: d/dx relu(x)
    throw new Error('Not implemented: s1-activations');
  },
  sigmoid(x: tf.Tensor): tf.Tensor {
    // TODO: d/dx sigmoid(x)
    throw new Error('Not implemented: s1-activations');
  },
  tanh(x: tf.Tensor): tf.Tensor {
    // TODO: d/dx tanh(x)
    throw new Error('Not implemented: s1-activations');
  },
};
