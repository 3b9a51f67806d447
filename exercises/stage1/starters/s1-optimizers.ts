/**
 * s1-optimizers — SGD, Momentum (with Nesterov), RMSProp and Adam, as TensorFlow.js does them.
 *
 * Rule level P0: plain loops over typed arrays; no tf ops at all.
 *
 * Each optimizer's step(params, grads) updates every parameter array IN PLACE
 * (params[i][k] −= …), using grads[i][k]. Don't modify grads.
 *   - params.length must equal grads.length, and params[i].length must equal grads[i].length:
 *     otherwise throw an Error.
 *   - Momentum, RMSProp and Adam keep state per parameter (velocity, mean square, moments),
 *     matched to the parameters by position. If a later step gets a different parameter list
 *     (a different count or different lengths) throw an Error: one optimizer per parameter list.
 *     (SGD has no state, so it may accept any list.)
 *
 * The grader compares your trajectories with tf.train.sgd / momentum / rmsprop / adam fed the
 * same gradients. Their formulas (g = gradient, state starts at 0, t = step number from 1):
 *   SGD        w −= lr·g
 *   Momentum   v = m·v + g;  w −= lr·v                  (NOT v = m·v + (1 − m)·g)
 *   Nesterov   v = m·v + g;  w −= lr·(g + m·v)
 *   RMSProp    s = ρ·s + (1 − ρ)·g²;  w −= lr·g / sqrt(s + ε)         ρ = decay = 0.9, ε = 1e-7 by default
 *   Adam       m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g²
 *              w −= lr·m̂ / (sqrt(v̂) + ε),  m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)   β1 0.9, β2 0.999, ε 1e-7
 * Note where ε sits: inside the sqrt for RMSProp, outside for Adam (that is what tfjs does).
 * Keep your state in Float64Array or number[] — either is fine.
 */

export interface ParamOptimizer { step(params: Float32Array[], grads: Float32Array[]): void }

export class SGD implements ParamOptimizer {
  constructor(private readonly lr: number) {}
  step(params: Float32Array[], grads: Float32Array[]): void {
    // TODO: validate, then w −= lr·g for every element.
    throw new Error('Not implemented: s1-optimizers');
  }
}

export class Momentum implements ParamOptimizer {
  constructor(private readonly lr: number, private readonly momentum: number, private readonly nesterov = false) {}
  step(params: Float32Array[], grads: Float32Array[]): void {
    // TODO: one velocity array per parameter, created on the first step.
    throw new Error('Not implemented: s1-optimizers');
  }
}

export class RMSProp implements ParamOptimizer {
  constructor(private readonly lr: number, private readonly opts: { decay?: number; epsilon?: number } = {}) {}
  step(params: Float32Array[], grads: Float32Array[]): void {
    // TODO: one mean-square array per parameter; ε inside the sqrt.
    throw new Error('Not implemented: s1-optimizers');
  }
}

export class Adam implements ParamOptimizer {
  constructor(private readonly lr: number, private readonly opts: { beta1?: number; beta2?: number; epsilon?: number } = {}) {}
  step(params: Float32Array[], grads: Float32Array[]): void {
    // TODO: first and second moments per parameter, a step counter t, bias correction.
    throw new Error('Not implemented: s1-optimizers');
  }
}
