/**
 * s5-seq2seq-attention — one step of an attention decoder (a GRU, then dot-product attention over
 * the encoder outputs, then logits). Reference solution.
 */
import * as tf from '@tensorflow/tfjs';

export function attentionDecoderStep(
  yPrevEmb: tf.Tensor2D, prevContext: tf.Tensor2D, h: tf.Tensor2D, encOutputs: tf.Tensor3D,
  p: { W: tf.Tensor2D; U: tf.Tensor2D; b: tf.Tensor1D; Wout: tf.Tensor2D; bout: tf.Tensor1D },
): { h: tf.Tensor2D; context: tf.Tensor2D; logits: tf.Tensor2D; weights: tf.Tensor2D } {
  if (yPrevEmb.rank !== 2 || prevContext.rank !== 2 || h.rank !== 2 || encOutputs.rank !== 3) {
    throw new Error(`expected yPrevEmb [B,E], prevContext [B,H], h [B,H], encOutputs [B,T,H]; got [${yPrevEmb.shape}], [${prevContext.shape}], [${h.shape}], [${encOutputs.shape}]`);
  }
  const [B, E] = yPrevEmb.shape;
  const H = h.shape[1];
  const [Be, , He] = encOutputs.shape;
  if (h.shape[0] !== B || prevContext.shape[0] !== B || Be !== B) throw new Error(`batch sizes differ: ${B}, ${prevContext.shape[0]}, ${h.shape[0]}, ${Be}`);
  // Dot-product attention compares the state with each encoder output: both must be H wide.
  if (He !== H || prevContext.shape[1] !== H) throw new Error(`encoder outputs and the context must be ${H} wide (the state), got ${He} and ${prevContext.shape[1]}`);
  if (p.W.rank !== 2 || p.W.shape[0] !== E + H || p.W.shape[1] !== 3 * H) throw new Error(`W must be [${E + H},${3 * H}], got [${p.W.shape}]`);
  if (p.U.rank !== 2 || p.U.shape[0] !== H || p.U.shape[1] !== 3 * H) throw new Error(`U must be [${H},${3 * H}], got [${p.U.shape}]`);
  if (p.b.rank !== 1 || p.b.shape[0] !== 3 * H) throw new Error(`b must be [${3 * H}], got [${p.b.shape}]`);
  if (p.Wout.rank !== 2 || p.Wout.shape[0] !== 2 * H) throw new Error(`Wout must be [${2 * H}, V], got [${p.Wout.shape}]`);
  if (p.bout.rank !== 1 || p.bout.shape[0] !== p.Wout.shape[1]) throw new Error(`bout must be [${p.Wout.shape[1]}], got [${p.bout.shape}]`);

  return tf.tidy(() => {
    // 1. GRU on [previous token's embedding; previous context], gates in the order [z, r, h̃].
    const x = tf.concat([yPrevEmb, prevContext], 1);
    const xw = tf.add(tf.matMul(x, p.W), p.b); // [B,3H]
    const [xz, xr, xh] = tf.split(xw, 3, 1);
    const [Uz, Ur, Uh] = tf.split(p.U, 3, 1);
    const z = tf.sigmoid(tf.add(xz, tf.matMul(h, Uz)));
    const r = tf.sigmoid(tf.add(xr, tf.matMul(h, Ur)));
    const hTilde = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), Uh))); // reset gate before Uh
    // z keeps the old state: h' = z⊙h + (1 − z)⊙h̃ (tf.layers.gru's convention).
    const hNew = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hTilde)) as tf.Tensor2D;

    // 2. Dot-product attention with the NEW state as the query, no scaling.
    const scores = tf.squeeze(tf.matMul(encOutputs, tf.expandDims(hNew, 2)), [2]); // [B,T]
    const weights = tf.softmax(scores) as tf.Tensor2D;
    const context = tf.squeeze(tf.matMul(tf.expandDims(weights, 1), encOutputs), [1]) as tf.Tensor2D; // [B,H]

    // 3. Logits from [h; context].
    const logits = tf.add(tf.matMul(tf.concat([hNew, context], 1), p.Wout), p.bout) as tf.Tensor2D;
    return { h: hNew, context, logits, weights };
  });
}
