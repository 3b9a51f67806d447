/**
 * s1-backprop MUTANT — db averaged over the batch instead of summed.
 *
 * Given dOut = ∂L/∂output, walk the layers backwards. For layer i with z = input·W + b, a = f(z):
 *   dZ = dA ⊙ f'(z)      (softmax: a Jacobian-vector product instead of an elementwise product)
 *   dW = inputᵀ · dZ     (same shape as W: [in, out])
 *   db = Σ_rows dZ       (the bias is shared by every row of the batch: gradients add up)
 *   dA_prev = dZ · Wᵀ
 */
import * as tf from '@tensorflow/tfjs';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'softmax';
export interface DenseParams { W: tf.Tensor2D; b: tf.Tensor1D }
export interface LayerCache { input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }

function activationBackward(name: ActivationName, z: tf.Tensor2D, a: tf.Tensor2D, dA: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case 'linear': return dA;
    case 'relu': return tf.mul(dA, tf.step(z)) as tf.Tensor2D; // step(0) = 0: tf's subgradient at the kink
    case 'leakyRelu': return tf.where(tf.greater(z, 0), dA, tf.mul(dA, 0.2)) as tf.Tensor2D; // α at 0, as tf
    case 'sigmoid': return tf.mul(dA, tf.mul(a, tf.sub(1, a))); // σ' = a(1 − a), from a, not z
    case 'tanh': return tf.mul(dA, tf.sub(1, tf.square(a)));
    case 'softmax': {
      // Row-wise Jacobian-vector product: dZ = a ⊙ (dA − Σ_j dA_j a_j).
      const dot = tf.sum(tf.mul(dA, a), 1, true);
      return tf.mul(a, tf.sub(dA, dot));
    }
    default: throw new Error(`unknown activation '${String(name)}'`);
  }
}

export function mlpBackward(
  cache: LayerCache[],
  params: DenseParams[],
  activations: ActivationName[],
  dOut: tf.Tensor2D,
): { dW: tf.Tensor2D[]; db: tf.Tensor1D[]; dX: tf.Tensor2D } {
  const L = params.length;
  if (cache.length !== L || activations.length !== L) {
    throw new Error(`${L} layers, ${cache.length} cache entries, ${activations.length} activations`);
  }
  if (L === 0) throw new Error('mlpBackward needs at least one layer');
  const out = cache[L - 1].a;
  if (dOut.rank !== 2 || dOut.shape[0] !== out.shape[0] || dOut.shape[1] !== out.shape[1]) {
    throw new Error(`dOut has shape [${dOut.shape}], expected the output's shape [${out.shape}]`);
  }

  return tf.tidy(() => {
    const dW: tf.Tensor2D[] = new Array(L);
    const db: tf.Tensor1D[] = new Array(L);
    let dA = dOut;
    for (let i = L - 1; i >= 0; i--) {
      const { input, z, a } = cache[i];
      const dZ = activationBackward(activations[i], z, a, dA);
      dW[i] = tf.matMul(input, dZ, true, false);
      db[i] = tf.mean(dZ, 0);
      dA = tf.matMul(dZ, params[i].W, false, true);
    }
    return { dW, db, dX: dA };
  });
}
