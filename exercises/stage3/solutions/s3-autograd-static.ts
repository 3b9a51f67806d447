// s3-autograd-static — reference solution (P0: plain numbers, no tf).
//
// Define-then-run: the graph is built first (placeholders, constants, ops), then compiled once for
// given outputs and wrt nodes. Compiling prunes what the outputs do not need and fixes an order;
// running the compiled function is a forward pass and one reverse sweep per output.

export type NodeId = number;
export type OpKind = 'add' | 'sub' | 'mul' | 'div' | 'tanh' | 'exp' | 'log' | 'relu' | 'pow2';

export interface CompiledFn {
  (feeds: Record<string, number>): { outputs: number[]; grads: number[][] };
  readonly numOps: number;
}

type Node =
  | { type: 'placeholder'; name: string }
  | { type: 'constant'; value: number }
  | { type: 'op'; kind: OpKind; inputs: NodeId[] };

/** Arity of each op kind: also the list of kinds that exist. */
const ARITY: Record<OpKind, number> = { add: 2, sub: 2, mul: 2, div: 2, tanh: 1, exp: 1, log: 1, relu: 1, pow2: 1 };

function forward(kind: OpKind, a: number, b: number): number {
  switch (kind) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'tanh': return Math.tanh(a);
    case 'exp': return Math.exp(a);
    case 'log': return Math.log(a);
    case 'relu': return a > 0 ? a : 0;
    case 'pow2': return a * a;
  }
}

/** Local derivatives [∂out/∂a, ∂out/∂b] given the inputs and the output value. */
function local(kind: OpKind, a: number, b: number, out: number): [number, number] {
  switch (kind) {
    case 'add': return [1, 1];
    case 'sub': return [1, -1];
    case 'mul': return [b, a];
    case 'div': return [1 / b, -a / (b * b)];
    case 'tanh': return [1 - out * out, 0];
    case 'exp': return [out, 0];
    case 'log': return [1 / a, 0];
    case 'relu': return [a > 0 ? 1 : 0, 0];
    case 'pow2': return [2 * a, 0];
  }
}

export class Graph {
  private readonly nodes: Node[] = [];
  private readonly names = new Set<string>();

  placeholder(name: string): NodeId {
    if (this.names.has(name)) throw new Error(`a placeholder named "${name}" already exists`);
    this.names.add(name);
    return this.nodes.push({ type: 'placeholder', name }) - 1;
  }

  constant(v: number): NodeId {
    return this.nodes.push({ type: 'constant', value: v }) - 1;
  }

  op(kind: OpKind, ...inputs: NodeId[]): NodeId {
    // Errors belong to build time: a static graph is checked before anything runs.
    if (!Object.prototype.hasOwnProperty.call(ARITY, kind)) throw new Error(`unknown op kind "${String(kind)}"`);
    if (inputs.length !== ARITY[kind]) throw new Error(`${kind} takes ${ARITY[kind]} input(s), got ${inputs.length}`);
    for (const i of inputs) this.check(i);
    return this.nodes.push({ type: 'op', kind, inputs }) - 1;
  }

  compile(outputs: NodeId[], wrt: NodeId[]): CompiledFn {
    [...outputs, ...wrt].forEach((i) => this.check(i));
    // Prune: keep only nodes the outputs depend on. Inputs always have smaller ids than the ops
    // that use them, so ascending ids are a topological order: no sort algorithm needed.
    const live = new Set<NodeId>();
    const stack = [...outputs];
    while (stack.length) {
      const id = stack.pop()!;
      if (live.has(id)) continue;
      live.add(id);
      const n = this.nodes[id];
      if (n.type === 'op') stack.push(...n.inputs);
    }
    // Plan once: live nodes get dense slots 0…k−1 in topological order, so a run is two loops over
    // flat arrays (this planning is what "compiling" buys; later graph edits do not affect it).
    const order = [...live].sort((a, b) => a - b);
    const slot = new Map(order.map((id, k) => [id, k]));
    const plan = order.map((id) => {
      const n = this.nodes[id];
      return n.type === 'op' ? { ...n, a: slot.get(n.inputs[0])!, b: slot.get(n.inputs[1] ?? n.inputs[0])! } : { ...n, a: -1, b: -1 };
    });
    const numOps = plan.filter((n) => n.type === 'op').length;
    const outSlots = outputs.map((o) => slot.get(o)!);
    const wrtSlots = wrt.map((w) => slot.get(w)); // undefined: the outputs do not depend on it

    const run = (feeds: Record<string, number>) => {
      const value = new Float64Array(plan.length);
      plan.forEach((n, k) => {
        if (n.type === 'placeholder') {
          const v = feeds?.[n.name];
          if (typeof v !== 'number') throw new Error(`missing feed for placeholder "${n.name}"`);
          value[k] = v;
        } else value[k] = n.type === 'constant' ? n.value : forward(n.kind, value[n.a], value[n.b]);
      });
      // One reverse sweep per output; adjoints start at 0 on every run (nothing carries over).
      const adj = new Float64Array(plan.length);
      const grads = outSlots.map((o) => {
        adj.fill(0);
        adj[o] = 1;
        for (let k = o; k >= 0; k--) {
          const n = plan[k];
          if (n.type !== 'op' || adj[k] === 0) continue;
          const [da, db] = local(n.kind, value[n.a], value[n.b], value[k]);
          // += : an input used twice (mul(x, x)) collects both shares.
          adj[n.a] += da * adj[k];
          if (n.inputs.length > 1) adj[n.b] += db * adj[k];
        }
        return wrtSlots.map((w) => (w === undefined ? 0 : adj[w])); // not reached → 0
      });
      return { outputs: outSlots.map((o) => value[o]), grads };
    };
    return Object.assign(run, { numOps }) as CompiledFn;
  }

  private check(id: NodeId): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.nodes.length) throw new Error(`unknown node id ${String(id)}`);
  }
}
