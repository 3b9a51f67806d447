// s3-autograd-dynamic — a scalar autograd engine, define-by-run (the way PyTorch and tfjs work).
//
// Rule level: P0 — plain TypeScript numbers, no tf.
//
// A Value holds a number (`data`) and, after backward(), the derivative of the final result with
// respect to it (`grad`). Every operation returns a NEW Value that remembers its inputs (the
// `children` passed to the constructor) and how to push a gradient back to them. The graph is
// recorded while the expression runs: there is no separate "build" step.
//
//   add, sub, mul, div   take a Value or a plain number (a number becomes a constant Value)
//   pow(k)               k is a plain number:  d(xᵏ)/dx = k·xᵏ⁻¹
//   neg, exp, log, tanh, relu
//                        log follows Math.log: log(0) = −Infinity, log(x < 0) = NaN;
//                        dividing by zero gives ±Infinity, as in JavaScript;
//                        relu'(0) = 0 (the kink takes the gradient of the flat side, as tf does)
//   backward()           called on the output: sets every grad in its graph to
//                        ∂output/∂node (the output's own grad is 1).
//     • A node used twice (a.mul(a), a.add(a), a diamond) receives gradient from every use:
//       ADD into grad (+=), never assign.
//     • Calling backward() again gives the same grads: zero the graph's grads first.
//     • Visit the nodes in reverse topological order (a node's grad is complete before it is passed
//       on). Build that order WITHOUT recursion: a chain of 100 000 ops must not overflow the stack.
//
// Keep the constructor's signature: constructor(data, children?, op?). Store the children in any
// field you like; `op` is a short label for the operation ('+', '*', 'tanh'…), used to draw the graph.

export class Value {
  data: number;
  grad: number;

  constructor(data: number, children?: Value[], op?: string) {
    // TODO: store data, grad = 0, the children and the op; a function that does the backward step.
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  add(o: Value | number): Value {
    // TODO: out = this + o; its backward step adds out.grad into both inputs' grads.
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  sub(o: Value | number): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  mul(o: Value | number): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  div(o: Value | number): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  pow(k: number): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  neg(): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  exp(): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  log(): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  tanh(): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  relu(): Value {
    // TODO
    throw new Error('Not implemented: s3-autograd-dynamic');
  }

  backward(): void {
    // TODO: topological order (explicit stack), zero every grad, this.grad = 1, backward steps in reverse order.
    throw new Error('Not implemented: s3-autograd-dynamic');
  }
}
