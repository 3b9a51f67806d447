/**
 * s5-rnn — a vanilla (Elman) RNN, forward over a whole sequence.
 *
 * Rule level P1: tf primitives (matMul, add, tanh, stack…); not tf.layers (no simpleRNN).
 * x is [B, T, D] (batch, time, features), h0 is [B, H], Wx is [D, H], Wh is [H, H], b is [H].
 * For t = 1 … T:  h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), starting from h0.
 * Return outputs = every h_t stacked on axis 1 ([B, T, H]) and hT = the last state ([B, H]).
 * An empty sequence (T = 0) returns outputs of shape [B, 0, H] and a copy of h0.
 * Shapes that do not fit together (Wx rows ≠ D, Wh not [H, H], b not [H], h0 not [B, H]) throw.
 * Return new tensors, leak nothing, never dispose the inputs. Keep it differentiable (no dataSync):
 * gradients flow back through your loop (backpropagation through time).
 */
import * as tf from '@tensorflow/tfjs';

export interface RnnParams { Wx: tf.Tensor2D; Wh: tf.Tensor2D; b: tf.Tensor1D }

export function rnnForward(x: tf.Tensor3D, h0: tf.Tensor2D, p: RnnParams): { outputs: tf.Tensor3D; hT: tf.Tensor2D } {
  // TODO
  void tf;
  void x;
  void h0;
  void p;
  throw new Error('Not implemented: s5-rnn');
}
