/**
 * s2-l1-l2 — L1/L2 penalties, a regularized SGD step and the L1 proximal operator
 * MUTANT: L1 subgradient with sign(0) = +1.
 */
import * as tf from '@tensorflow/tfjs';

function checkLambda(lambda: number, what: string): void {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`${what}: lambda must be a finite number ≥ 0, got ${lambda}`);
}

/** λ Σ|w| over every tensor in the list (an empty list costs nothing). */
export function l1Penalty(weights: tf.Tensor[], lambda: number): tf.Scalar {
  checkLambda(lambda, 'l1Penalty');
  return tf.tidy(() => weights.reduce<tf.Scalar>((acc, w) => tf.add(acc, tf.sum(tf.abs(w))), tf.scalar(0)).mul(lambda));
}

/** λ Σw² — tfjs/Keras convention: no ½ in front (so the gradient is 2λw). */
export function l2Penalty(weights: tf.Tensor[], lambda: number): tf.Scalar {
  checkLambda(lambda, 'l2Penalty');
  return tf.tidy(() => weights.reduce<tf.Scalar>((acc, w) => tf.add(acc, tf.sum(tf.square(w))), tf.scalar(0)).mul(lambda));
}

/** w − lr·(grad + ∂penalty/∂w), with the L1 subgradient sign(w) and sign(0) = 0. */
export function regularizedSgdStep(
  w: tf.Tensor, grad: tf.Tensor, lr: number, lambda: number, kind: 'l1' | 'l2',
): tf.Tensor {
  checkLambda(lambda, 'regularizedSgdStep');
  if (kind !== 'l1' && kind !== 'l2') throw new Error(`regularizedSgdStep: kind must be 'l1' or 'l2', got ${String(kind)}`);
  if (w.shape.join(',') !== grad.shape.join(',')) {
    throw new Error(`regularizedSgdStep: grad [${grad.shape.join(',')}] does not match w [${w.shape.join(',')}]`);
  }
  return tf.tidy(() => {
    // tf.sign(0) is 0: a weight sitting at zero is not pushed either way.
    const penaltyGrad = kind === 'l1' ? tf.mul(tf.where(tf.greaterEqual(w, 0), tf.onesLike(w), tf.onesLike(w).neg()), lambda) : tf.mul(w, 2 * lambda);
    return tf.sub(w, tf.mul(tf.add(grad, penaltyGrad), lr));
  });
}

/** prox of t‖w‖₁: sign(w)·max(|w| − t, 0). Unlike a subgradient step it lands exactly on 0. */
export function softThreshold(w: tf.Tensor, t: number): tf.Tensor {
  if (!(t >= 0)) throw new Error(`softThreshold: threshold must be ≥ 0, got ${t}`);
  return tf.tidy(() => tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), t))));
}
