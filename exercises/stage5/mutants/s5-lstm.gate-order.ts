/**
 * s5-lstm — an LSTM cell and a whole LSTM layer.
 *
 * z = x·W + h·U + b is split along its last axis into four blocks of H, in the order [i, f, c̃, o]:
 *   i = σ(z_i)   input gate        f = σ(z_f)   forget gate
 *   c̃ = tanh(z_c) candidate         o = σ(z_o)   output gate
 *   c' = f ⊙ c + i ⊙ c̃               h' = o ⊙ tanh(c')
 * σ is the logistic sigmoid (tf.layers.lstm defaults to a hard sigmoid; this exercise does not).
 */
import * as tf from '@tensorflow/tfjs';

export interface LstmParams { W: tf.Tensor2D; U: tf.Tensor2D; b: tf.Tensor1D }

/** Throws unless W is [D, 4H], U is [H, 4H] and b is [4H]; returns H. */
function hiddenSize(D: number, p: LstmParams): number {
  if (p.U.rank !== 2 || p.U.shape[1] !== 4 * p.U.shape[0]) throw new Error(`U must be [H, 4H], got [${p.U.shape}]`);
  const H = p.U.shape[0];
  if (p.W.rank !== 2 || p.W.shape[0] !== D || p.W.shape[1] !== 4 * H) throw new Error(`W must be [${D}, ${4 * H}], got [${p.W.shape}]`);
  if (p.b.rank !== 1 || p.b.shape[0] !== 4 * H) throw new Error(`b must be [${4 * H}], got [${p.b.shape}]`);
  return H;
}

function checkState(name: string, s: tf.Tensor, B: number, H: number): void {
  if (s.rank !== 2 || s.shape[0] !== B || s.shape[1] !== H) throw new Error(`${name} must be [${B}, ${H}], got [${s.shape}]`);
}

/** One step without validation (lstmForward validates once for the whole sequence). */
function step(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add(tf.add(tf.matMul(x, p.W), tf.matMul(h, p.U)), p.b);
  const [zi, zf, zo, zc] = tf.split(z, 4, 1);
  const i = tf.sigmoid(zi);
  const f = tf.sigmoid(zf);
  const g = tf.tanh(zc);
  const o = tf.sigmoid(zo);
  const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D; // the forget gate scales the CELL state
  return { h: tf.mul(o, tf.tanh(cNext)) as tf.Tensor2D, c: cNext };
}

export function lstmStep(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams): { h: tf.Tensor2D; c: tf.Tensor2D } {
  if (x.rank !== 2) throw new Error(`x must be [B, D], got rank ${x.rank}`);
  const H = hiddenSize(x.shape[1], p);
  checkState('h', h, x.shape[0], H);
  checkState('c', c, x.shape[0], H);
  return tf.tidy(() => step(x, h, c, p));
}

export function lstmForward(x: tf.Tensor3D, p: LstmParams, h0?: tf.Tensor2D, c0?: tf.Tensor2D): { outputs: tf.Tensor3D; hT: tf.Tensor2D; cT: tf.Tensor2D } {
  if (x.rank !== 3) throw new Error(`x must be [B, T, D], got rank ${x.rank}`);
  const [B, T, D] = x.shape;
  const H = hiddenSize(D, p);
  if (h0) checkState('h0', h0, B, H);
  if (c0) checkState('c0', c0, B, H);
  return tf.tidy(() => {
    // Omitted states start at zero; given ones are copied so the result never aliases an input.
    let h = h0 ? h0.clone() : (tf.zeros([B, H]) as tf.Tensor2D);
    let c = c0 ? c0.clone() : (tf.zeros([B, H]) as tf.Tensor2D);
    if (T === 0) return { outputs: tf.zeros([B, 0, H]) as tf.Tensor3D, hT: h, cT: c };
    const hs: tf.Tensor2D[] = [];
    for (const xt of tf.unstack(x, 1) as tf.Tensor2D[]) {
      ({ h, c } = step(xt, h, c, p));
      hs.push(h);
    }
    return { outputs: tf.stack(hs, 1) as tf.Tensor3D, hT: h, cT: c };
  });
}
