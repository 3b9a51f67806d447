/**
 * s5-rnn — a vanilla (Elman) RNN, forward over a whole sequence.
 *
 * h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), for t = 1 … T, starting from h0.
 * outputs stacks every h_t on axis 1 ([B, T, H]); hT is the last state (a copy of h0 when T = 0).
 */
import * as tf from '@tensorflow/tfjs';

export interface RnnParams { Wx: tf.Tensor2D; Wh: tf.Tensor2D; b: tf.Tensor1D }

export function rnnForward(x: tf.Tensor3D, h0: tf.Tensor2D, p: RnnParams): { outputs: tf.Tensor3D; hT: tf.Tensor2D } {
  // Validate every shape first: tf would broadcast a wrong bias or fail deep inside matMul.
  if (x.rank !== 3) throw new Error(`x must be [B, T, D], got rank ${x.rank}`);
  const [B, T, D] = x.shape;
  if (p.Wx.rank !== 2 || p.Wx.shape[0] !== D) throw new Error(`Wx must be [${D}, H], got [${p.Wx.shape}]`);
  const H = p.Wx.shape[1];
  if (p.Wh.rank !== 2 || p.Wh.shape[0] !== H || p.Wh.shape[1] !== H) throw new Error(`Wh must be [${H}, ${H}], got [${p.Wh.shape}]`);
  if (p.b.rank !== 1 || p.b.shape[0] !== H) throw new Error(`b must be [${H}], got [${p.b.shape}]`);
  if (h0.rank !== 2 || h0.shape[0] !== B || h0.shape[1] !== H) throw new Error(`h0 must be [${B}, ${H}], got [${h0.shape}]`);

  return tf.tidy(() => {
    // An empty sequence has no steps: tf.stack([]) would throw, so build the empty result directly.
    if (T === 0) return { outputs: tf.zeros([B, 0, H]) as tf.Tensor3D, hT: h0.clone() };
    // Precompute the input part of every step in one matMul: [B·T, D] × [D, H].
    const xw = tf.reshape(tf.matMul(tf.reshape(x, [B * T, D]), p.Wx), [B, T, H]);
    const steps = tf.unstack(xw, 1) as tf.Tensor2D[];
    const hs: tf.Tensor2D[] = [];
    let h = h0;
    for (const xt of steps) {
      h = tf.tanh(tf.add(tf.add(xt, tf.matMul(h, p.Wh)), p.b)) as tf.Tensor2D;
      h = tf.tensor2d(h.arraySync() as number[][]);
      hs.push(h);
    }
    return { outputs: tf.stack(hs, 1) as tf.Tensor3D, hT: h };
  });
}
