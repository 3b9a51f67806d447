/**
 * s5-lstm — an LSTM cell (lstmStep) and a whole LSTM layer over a sequence (lstmForward).
 *
 * Rule level P1: tf primitives (matMul, split, sigmoid, tanh, mul…); not tf.layers (no lstm or
 * lstmCell), not tf.basicLSTMCell.
 * x is [B, D] for a step, [B, T, D] for a sequence; h and c are [B, H]; W is [D, 4H], U is [H, 4H],
 * b is [4H]. One step:
 *   z = x·W + h·U + b, split along the last axis into four blocks of H, in the order [i, f, c̃, o];
 *   i = σ(z_i), f = σ(z_f), c̃ = tanh(z_c̃), o = σ(z_o)   (σ = the logistic sigmoid 1/(1+e^−z));
 *   c' = f ⊙ c + i ⊙ c̃;   h' = o ⊙ tanh(c').
 * lstmForward runs the step over t = 0 … T−1 from h0 and c0 (zeros when omitted) and returns
 * outputs = every h stacked on axis 1 ([B, T, H]), hT and cT (the last states). T = 0 returns
 * outputs [B, 0, H] and copies of the start states.
 * Shapes that do not fit throw: W not [D, 4H] (e.g. a width ≠ 4H), U not [H, 4H], b not [4H],
 * h or c not [B, H].
 * Return new tensors, leak nothing, never dispose the inputs; keep it differentiable.
 */
import * as tf from '@tensorflow/tfjs';

export interface LstmParams { W: tf.Tensor2D; U: tf.Tensor2D; b: tf.Tensor1D }

export function lstmStep(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams): { h: tf.Tensor2D; c: tf.Tensor2D } {
  // TODO
  void tf;
  void x;
  void h;
  void c;
  void p;
  throw new Error('Not implemented: s5-lstm');
}

export function lstmForward(x: tf.Tensor3D, p: LstmParams, h0?: tf.Tensor2D, c0?: tf.Tensor2D): { outputs: tf.Tensor3D; hT: tf.Tensor2D; cT: tf.Tensor2D } {
  // TODO
  void x;
  void p;
  void h0;
  void c0;
  throw new Error('Not implemented: s5-lstm');
}
