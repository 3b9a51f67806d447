/**
 * s5-multi-head-attention — split into heads, attend per head, combine, project.
 * Reference solution.
 */
import * as tf from '@tensorflow/tfjs';

export interface MhaParams { Wq: tf.Tensor2D; Wk: tf.Tensor2D; Wv: tf.Tensor2D; Wo: tf.Tensor2D }

/** The score a blocked position gets. Replacing (not adding) keeps a fully masked row finite. */
const BLOCKED = -1e9;

export function splitHeads(x: tf.Tensor3D, numHeads: number): tf.Tensor4D {
  if (x.rank !== 3) throw new Error(`x must be [B, T, d], got [${x.shape}]`);
  const [B, T, d] = x.shape;
  if (!Number.isInteger(numHeads) || numHeads < 1) throw new Error(`numHeads must be a whole number ≥ 1, got ${numHeads}`);
  if (d % numHeads !== 0) throw new Error(`d = ${d} is not divisible by numHeads = ${numHeads}`);
  // Head i owns the consecutive columns i·dh … (i+1)·dh − 1 of every position: split the last axis
  // into [h, dh], then move the head axis in front of time.
  return tf.tidy(() => tf.reshape(x, [B, numHeads, T, d / numHeads]) as tf.Tensor4D);
}

export function combineHeads(x: tf.Tensor4D): tf.Tensor3D {
  if (x.rank !== 4) throw new Error(`x must be [B, h, T, dh], got [${x.shape}]`);
  const [B, h, T, dh] = x.shape;
  // The exact inverse of splitHeads: time back in front of the heads, then glue [h, dh] into h·dh.
  return tf.tidy(() => tf.reshape(x, [B, T, h * dh]) as tf.Tensor3D);
}

/** x [B, T, a] · W [a, b] → [B, T, b] (tf.matMul wants equal ranks, so fold B and T together). */
function project(x: tf.Tensor3D, W: tf.Tensor2D): tf.Tensor3D {
  const [B, T, a] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [B * T, a]), W), [B, T, W.shape[1]]);
}

export function multiHeadAttention(xq: tf.Tensor3D, xkv: tf.Tensor3D, p: MhaParams, numHeads: number, mask?: tf.Tensor): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  if (xq.rank !== 3 || xkv.rank !== 3) throw new Error(`xq and xkv must be [B, T, d], got [${xq.shape}] and [${xkv.shape}]`);
  const [B, Tq, dq] = xq.shape;
  const [Bkv, Tkv, dkv] = xkv.shape;
  if (B !== Bkv) throw new Error(`xq and xkv must have the same batch size, got ${B} and ${Bkv}`);
  const { Wq, Wk, Wv, Wo } = p;
  if ([Wq, Wk, Wv, Wo].some((w) => !w || w.rank !== 2)) throw new Error('Wq, Wk, Wv and Wo must be matrices');
  const D = Wq.shape[1];
  if (Wq.shape[0] !== dq) throw new Error(`Wq must have ${dq} rows (the width of xq), got [${Wq.shape}]`);
  if (Wk.shape[0] !== dkv || Wv.shape[0] !== dkv) throw new Error(`Wk and Wv must have ${dkv} rows (the width of xkv), got [${Wk.shape}] and [${Wv.shape}]`);
  if (Wk.shape[1] !== D || Wv.shape[1] !== D || Wo.shape[0] !== D) throw new Error(`Wk and Wv must have ${D} columns and Wo ${D} rows, got [${Wk.shape}], [${Wv.shape}], [${Wo.shape}]`);
  if (!Number.isInteger(numHeads) || numHeads < 1) throw new Error(`numHeads must be a whole number ≥ 1, got ${numHeads}`);
  if (D % numHeads !== 0) throw new Error(`the model width ${D} is not divisible by numHeads = ${numHeads}`);
  const scoreShape = [B, numHeads, Tq, Tkv];
  if (mask) {
    // A [B, Tq, Tkv] mask means one pattern per example for every head: give it a head axis.
    const ms = mask.rank === 3 ? [mask.shape[0], 1, mask.shape[1], mask.shape[2]] : mask.shape;
    const ok = ms.length <= 4 && ms.every((d, i) => d === 1 || d === scoreShape[4 - ms.length + i]);
    if (!ok) throw new Error(`mask [${mask.shape}] does not broadcast to the scores [${scoreShape}]`);
  }
  return tf.tidy(() => {
    const q = splitHeads(project(xq, Wq), numHeads); // [B, h, Tq, dh]
    const k = splitHeads(project(xkv, Wk), numHeads); // [B, h, Tkv, dh]
    const v = splitHeads(project(xkv, Wv), numHeads);
    // Each head works in dh = D/h dimensions, so its dot products are scaled by √dh, not √D.
    let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / numHeads));
    if (mask) {
      const m4 = mask.rank === 3 ? tf.expandDims(mask, 1) : mask;
      const blocked = tf.broadcastTo(tf.equal(m4, 0), scoreShape);
      scores = tf.where(blocked, tf.fill(scoreShape, BLOCKED), scores);
    }
    const weights = tf.softmax(scores) as tf.Tensor4D; // over the keys, per head
    const output = project(combineHeads(tf.matMul(weights, v) as tf.Tensor4D), Wo);
    return { output, weights };
  });
}
