/**
 * Reference solution for s1-optimizers (P0: typed arrays, no tf).
 * The formulas follow tf.train.* in TensorFlow.js 4.22, which is what the grader compares with.
 */

export interface ParamOptimizer { step(params: Float32Array[], grads: Float32Array[]): void }

function checkShapes(params: Float32Array[], grads: Float32Array[], sizes?: number[]): void {
  if (params.length !== grads.length) throw new Error(`got ${params.length} parameters but ${grads.length} gradients`);
  params.forEach((p, i) => {
    if (p.length !== grads[i].length) throw new Error(`parameter ${i} has ${p.length} values but its gradient has ${grads[i].length}`);
  });
  // Slots are positional (one per parameter, as in tfjs): a different list would silently mix them up.
  if (sizes && (sizes.length !== params.length || sizes.some((n, i) => n !== params[i].length))) {
    throw new Error(`the parameter list changed after the first step (was [${sizes}], now [${params.map((p) => p.length)}]); use one optimizer per parameter list`);
  }
}

export class SGD implements ParamOptimizer {
  constructor(private readonly lr: number) {}
  step(params: Float32Array[], grads: Float32Array[]): void {
    checkShapes(params, grads);
    params.forEach((p, i) => p.forEach((_, k) => { p[k] -= this.lr * grads[i][k]; }));
  }
}

/** Shared bookkeeping for optimizers with per-parameter state (kept in float64). */
abstract class Stateful implements ParamOptimizer {
  private sizes?: number[];
  private state: Float64Array[][] = [];
  protected slots(params: Float32Array[], grads: Float32Array[], count: number): Float64Array[][] {
    checkShapes(params, grads, this.sizes);
    if (!this.sizes) {
      this.sizes = params.map((p) => p.length);
      this.state = params.map((p) => Array.from({ length: count }, () => new Float64Array(p.length)));
    }
    return this.state;
  }
  abstract step(params: Float32Array[], grads: Float32Array[]): void;
}

export class Momentum extends Stateful {
  constructor(private readonly lr: number, private readonly momentum: number, private readonly nesterov = false) { super(); }
  step(params: Float32Array[], grads: Float32Array[]): void {
    this.slots(params, grads, 1).forEach(([v], i) => params[i].forEach((_, k) => {
      const g = grads[i][k];
      v[k] = this.momentum * v[k] + g; // TF form: no (1 − m) damping, lr applied afterwards
      params[i][k] -= this.lr * (this.nesterov ? g + this.momentum * v[k] : v[k]);
    }));
  }
}

export class RMSProp extends Stateful {
  private readonly decay: number;
  private readonly epsilon: number;
  constructor(private readonly lr: number, opts: { decay?: number; epsilon?: number } = {}) {
    super();
    this.decay = opts.decay ?? 0.9;
    this.epsilon = opts.epsilon ?? 1e-7;
  }
  step(params: Float32Array[], grads: Float32Array[]): void {
    this.slots(params, grads, 1).forEach(([ms], i) => params[i].forEach((_, k) => {
      const g = grads[i][k];
      ms[k] = this.decay * ms[k] + (1 - this.decay) * g * g;
      params[i][k] -= (this.lr * g) / Math.sqrt(ms[k] + this.epsilon); // tfjs puts ε inside the sqrt
    }));
  }
}

export class Adam extends Stateful {
  private t = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly epsilon: number;
  constructor(private readonly lr: number, opts: { beta1?: number; beta2?: number; epsilon?: number } = {}) {
    super();
    this.b1 = opts.beta1 ?? 0.9;
    this.b2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-7;
  }
  step(params: Float32Array[], grads: Float32Array[]): void {
    const slots = this.slots(params, grads, 2);
    this.t += 1;
    // Bias correction: m and v start at 0, so early averages are too small by (1 − βᵗ).
    const c1 = 1 - this.b1 ** this.t;
    const c2 = 1 - this.b2 ** this.t;
    slots.forEach(([m, v], i) => params[i].forEach((_, k) => {
      const g = grads[i][k];
      m[k] = this.b1 * m[k] + (1 - this.b1) * g;
      v[k] = this.b2 * v[k] + (1 - this.b2) * g * g;
      params[i][k] -= (this.lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + this.epsilon); // ε outside the sqrt
    }));
  }
}
