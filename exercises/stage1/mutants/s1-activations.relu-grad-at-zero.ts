/**
 * s1-activations MUTANT — relu derivative of 1 at x = 0.
 *
 * Every function returns a new tensor and leaves its input alone; tf.tidy disposes the
 * intermediates. NaN inputs stay NaN in their own position (tf.maximum and arithmetic propagate it).
 */
import * as tf from '@tensorflow/tfjs';

/** Logistic sigmoid written so that neither branch ever computes exp of a large positive number. */
function stableSigmoid(x: tf.Tensor): tf.Tensor {
  const e = tf.exp(tf.neg(tf.abs(x))); // in (0, 1]: never overflows
  // x ≥ 0: 1 / (1 + e^{-x});  x < 0: e^{x} / (1 + e^{x}).
  return tf.where(tf.greaterEqual(x, 0), tf.div(1, tf.add(1, e)), tf.div(e, tf.add(1, e)));
}

export const act = {
  relu: (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.maximum(x, 0)),

  // alpha has no default on purpose: tf uses 0.2, Keras layers 0.3, PyTorch 0.01.
  leakyRelu: (x: tf.Tensor, alpha: number): tf.Tensor =>
    tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(x, alpha))),

  sigmoid: (x: tf.Tensor): tf.Tensor => tf.tidy(() => stableSigmoid(x)),

  // tanh(x) = 2σ(2x) − 1 reuses the stable sigmoid, so ±1000 gives ±1 rather than Inf/Inf.
  tanh: (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.sub(tf.mul(2, stableSigmoid(tf.mul(2, x))), 1)),

  elu: (x: tf.Tensor, alpha = 1): tf.Tensor =>
    // exp(min(x, 0)) keeps the unused branch of where() from overflowing to Inf.
    tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)))),

  // softplus(x) = max(x, 0) + log(1 + e^{−|x|}): exact for large |x|, no overflow.
  softplus: (x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => tf.add(tf.maximum(x, 0), tf.log1p(tf.exp(tf.neg(tf.abs(x)))))),

  // The exact (erf) GELU, as tf.layers' 'gelu': x · Φ(x) = 0.5·x·(1 + erf(x/√2)).
  gelu: (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))),

  softmax: (x: tf.Tensor, axis = -1): tf.Tensor => {
    if (x.rank === 0) throw new Error('softmax needs a tensor of rank ≥ 1 (got a scalar)');
    if (axis < -x.rank || axis >= x.rank) throw new Error(`axis ${axis} is out of range for rank ${x.rank}`);
    return tf.tidy(() => {
      // Subtracting the max makes the largest exponent e^0 = 1: no overflow at logits of 1000.
      const shifted = tf.sub(x, tf.max(x, axis, true));
      const e = tf.exp(shifted);
      return tf.div(e, tf.sum(e, axis, true));
    });
  },
};

export const actGrad = {
  // relu'(0) = 0 by tf's convention; NaN·0 keeps NaN in place.
  relu: (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.cast(tf.greaterEqual(x, 0), 'float32')),
  sigmoid: (x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const s = stableSigmoid(x);
      return tf.mul(s, tf.sub(1, s)); // σ' = σ(1 − σ), in terms of σ(x), not x
    }),
  tanh: (x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const t = act.tanh(x);
      return tf.sub(1, tf.square(t));
    }),
};
