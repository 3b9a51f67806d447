// s3-autograd-static — a define-then-run graph, compiled once and run many times (TF1-style).
//
// Rule level: P0 — plain TypeScript numbers, no tf.
//
// First BUILD a graph, then COMPILE it, then RUN it with numbers:
//   const g = new Graph();
//   const x = g.placeholder('x'), w = g.placeholder('w'), b = g.constant(0.5);
//   const y = g.op('tanh', g.op('add', g.op('mul', w, x), b));
//   const f = g.compile([y], [w, x]);           // prune, order: once
//   f({ x: 2, w: -1 })  → { outputs: [tanh(−1.5)], grads: [[∂y/∂w, ∂y/∂x]] }
//
//   placeholder(name)     an input fed at run time, by name; returns its node id
//   constant(v)           a fixed number
//   op(kind, ...inputs)   'add' | 'sub' | 'mul' | 'div' (two inputs), 'tanh' | 'exp' | 'log' | 'relu' |
//                         'pow2' (one input; pow2 is x²). An unknown kind throws HERE, at build time.
//   compile(outputs, wrt) returns a function f(feeds) → { outputs, grads } with
//                         grads[i][j] = ∂outputs[i]/∂wrt[j], and a read-only property numOps =
//                         the number of op nodes the outputs depend on (dead branches pruned).
//     • Only placeholders the outputs need must be fed; a missing one throws an Error that names it.
//     • A wrt node the output does not depend on has gradient 0 (and need not be fed).
//     • Compile once, run many times: every call starts from scratch (nothing carries over).
//     • A node used twice (mul(x, x)) collects gradient from both uses.
//     • Arithmetic as in JavaScript (Math.log, Math.tanh…); relu'(0) = 0.

export type NodeId = number;
export type OpKind = 'add' | 'sub' | 'mul' | 'div' | 'tanh' | 'exp' | 'log' | 'relu' | 'pow2';

export interface CompiledFn {
  (feeds: Record<string, number>): { outputs: number[]; grads: number[][] };
  readonly numOps: number;
}

export class Graph {
  placeholder(name: string): NodeId {
    // TODO: record a placeholder node; return its id.
    throw new Error('Not implemented: s3-autograd-static');
  }

  constant(v: number): NodeId {
    // TODO
    throw new Error('Not implemented: s3-autograd-static');
  }

  op(kind: OpKind, ...inputs: NodeId[]): NodeId {
    // TODO: validate the kind (and the inputs) now, then record the node.
    throw new Error('Not implemented: s3-autograd-static');
  }

  compile(outputs: NodeId[], wrt: NodeId[]): CompiledFn {
    // TODO: find the nodes the outputs need, in an order where inputs come first; count the ops;
    // return a function that runs the forward pass and a reverse sweep per output.
    throw new Error('Not implemented: s3-autograd-static');
  }
}
