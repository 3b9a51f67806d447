// s3-autograd-dynamic — mutant: assigns-grad (P0: plain numbers, no tf).
//
// Every operation records its inputs and a closure that pushes the output's gradient back to
// them (the chain rule, one local derivative at a time). backward() orders the graph so that a
// node's gradient is complete before it is passed on, then runs the closures in that order.

export class Value {
  data: number;
  grad = 0;
  /** The op's inputs (the graph's edges point from these to this node). */
  readonly _prev: Value[];
  /** The op that made this node ('' for a leaf). */
  readonly _op: string;
  /** Adds this node's share of the gradient into its inputs' grads. */
  _backward: () => void = () => undefined;

  constructor(data: number, children: Value[] = [], op = '') {
    this.data = data;
    this._prev = children;
    this._op = op;
  }

  private static lift(o: Value | number): Value {
    return o instanceof Value ? o : new Value(o);
  }

  add(o: Value | number): Value {
    const other = Value.lift(o);
    const out = new Value(this.data + other.data, [this, other], '+');
        out._backward = () => { this.grad = out.grad; other.grad = out.grad; };
    return out;
  }

  mul(o: Value | number): Value {
    const other = Value.lift(o);
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => { this.grad = other.data * out.grad; other.grad = this.data * out.grad; };
    return out;
  }

  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], `^${k}`);
    out._backward = () => { this.grad += k * this.data ** (k - 1) * out.grad; };
    return out;
  }

  neg(): Value { return this.mul(-1); }
  sub(o: Value | number): Value { return this.add(Value.lift(o).neg()); }

  div(o: Value | number): Value {
    const other = Value.lift(o);
    const out = new Value(this.data / other.data, [this, other], '/');
    // d(a/b)/da = 1/b, d(a/b)/db = −a/b²; with b = 0 these are ±Infinity, as the value is.
    out._backward = () => {
      this.grad += out.grad / other.data;
      other.grad += (-this.data / (other.data * other.data)) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], 'exp');
    out._backward = () => { this.grad += out.data * out.grad; }; // (eˣ)' = eˣ, already computed
    return out;
  }

  log(): Value {
    // Math.log: log(0) = −Infinity, log(x < 0) = NaN; the gradient 1/x follows.
    const out = new Value(Math.log(this.data), [this], 'log');
    out._backward = () => { this.grad += out.grad / this.data; };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out._backward = () => { this.grad += (1 - t * t) * out.grad; }; // 1 − tanh², from the output
    return out;
  }

  relu(): Value {
    const out = new Value(this.data > 0 ? this.data : 0, [this], 'relu');
    out._backward = () => { this.grad += (this.data > 0 ? 1 : 0) * out.grad; }; // 0 at the kink, as tf
    return out;
  }

  backward(): void {
    // Topological order by an explicit-stack DFS: a recursive one overflows the call stack on a
    // long chain (100 000 ops). Each entry is visited twice: once to push its inputs, once (after
    // them) to be appended to the order.
    const order: Value[] = [];
    const seen = new Set<Value>();
    const stack: Array<[Value, boolean]> = [[this, false]];
    while (stack.length) {
      const [v, expanded] = stack.pop()!;
      if (expanded) { order.push(v); continue; }
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push([v, true]);
      for (const c of v._prev) if (!seen.has(c)) stack.push([c, false]);
    }
    // Idempotent: zero the whole graph first, so a second call gives the same grads, not double.
    for (const v of order) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i]._backward();
  }
}
