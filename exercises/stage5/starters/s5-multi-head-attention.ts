/**
 * s5-multi-head-attention — multi-head attention: h attention heads side by side.
 *
 * Rule level P1: tf primitives (tf.reshape, tf.transpose, tf.matMul, tf.softmax, tf.where…).
 * Note: tf.einsum has no gradient in tfjs 4.22, so a model built on it cannot train; use
 * tf.matMul (it treats every axis but the last two as a batch).
 *
 * - splitHeads(x [B, T, d], numHeads) → [B, h, T, d/h]: head i gets the consecutive columns
 *   i·(d/h) … (i+1)·(d/h) − 1 of every position. Throw when d is not divisible by numHeads.
 * - combineHeads(x [B, h, T, dh]) → [B, T, h·dh]: the exact inverse of splitHeads.
 * - multiHeadAttention(xq [B, Tq, d], xkv [B, Tkv, d], { Wq, Wk, Wv [d, D], Wo [D, d] }, numHeads, mask?):
 *     Q = splitHeads(xq·Wq), K = splitHeads(xkv·Wk), V = splitHeads(xkv·Wv)     [B, h, T, D/h]
 *     weights = softmax(Q·Kᵀ / √(D/h)) over the keys                           [B, h, Tq, Tkv]
 *     output  = combineHeads(weights·V) · Wo                                    [B, Tq, d]
 *   Each head's scores are scaled by √ of ITS width, D/h. mask (optional) holds 1 = keep,
 *   0 = block and broadcasts against [B, h, Tq, Tkv]: [Tq, Tkv], [B, 1, 1, Tkv], [B, h, Tq, Tkv]…;
 *   a [B, Tq, Tkv] mask is one pattern per example for every head (give it a head axis: axis 1).
 *   A blocked score is REPLACED by −1e9 before the softmax (as in s5-attention).
 *   Return { output, weights }. Throw when D is not divisible by numHeads, when the widths do not
 *   fit together, when the batch sizes differ, or when the mask does not broadcast.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export interface MhaParams { Wq: tf.Tensor2D; Wk: tf.Tensor2D; Wv: tf.Tensor2D; Wo: tf.Tensor2D }

export function splitHeads(x: tf.Tensor3D, numHeads: number): tf.Tensor4D {
  // TODO: reshape [B, T, d] to [B, T, h, d/h], then transpose to [B, h, T, d/h].
  void tf; void x; void numHeads;
  throw new Error('Not implemented: s5-multi-head-attention');
}

export function combineHeads(x: tf.Tensor4D): tf.Tensor3D {
  // TODO: transpose [B, h, T, dh] to [B, T, h, dh], then reshape to [B, T, h·dh].
  void x;
  throw new Error('Not implemented: s5-multi-head-attention');
}

export function multiHeadAttention(xq: tf.Tensor3D, xkv: tf.Tensor3D, p: MhaParams, numHeads: number, mask?: tf.Tensor): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  // TODO: project, split into heads, scaled dot-product attention per head (scale √(D/h)),
  // blocked scores → −1e9, softmax, weights·V, combine the heads, project with Wo.
  void xq; void xkv; void p; void numHeads; void mask;
  throw new Error('Not implemented: s5-multi-head-attention');
}
