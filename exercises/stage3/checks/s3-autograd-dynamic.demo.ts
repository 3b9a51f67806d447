/**
 * Demo of s3-autograd-dynamic: draws the learner's OWN expression graph (a neuron and its loss),
 * found by walking the learner's Value objects after backward(), then trains a 2-8-1 MLP made of
 * the learner's Values on 50 moons points.
 */
import { defineDemo, makeMoons, mulberry32 } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-autograd-dynamic');
type V = InstanceType<M['Value']>;

interface Dag {
  nodes: Array<{ id: number; label: string; data?: number; grad?: number }>;
  edges: Array<[number, number]>;
  /** The field the children were found in, and the one holding the op (if any). */
  childrenKey: string;
  opKey?: string;
}

/** Own enumerable properties whose value is an array or Set of Values: where the children may be. */
function childKeys(v: object, isValue: (x: unknown) => boolean): string[] {
  return Object.keys(v).filter((k) => {
    const x = (v as Record<string, unknown>)[k];
    const items = Array.isArray(x) ? x : x instanceof Set ? [...x] : undefined;
    return items !== undefined && items.length > 0 && items.every(isValue);
  });
}

const listOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : x instanceof Set ? [...x] : []);

/**
 * Walks the learner's graph from `out` (explicit stack). The children's field is the learner's
 * choice: take the own property of `out` that holds an array or Set of Values (preferring names
 * like _prev / children / inputs when there are several); the op is a string property, if any.
 */
export function extractDag(m: M, out: V, names: Map<V, string>): Dag | { error: string } {
  const isValue = (x: unknown) => x instanceof m.Value;
  const keys = childKeys(out, isValue);
  if (keys.length === 0) {
    return { error: 'your Value keeps its children where the demo cannot see them (it looked for an own property holding an array or a Set of Values; private #fields and closures are invisible)' };
  }
  const childrenKey = keys.find((k) => /prev|child|parent|input|operand|src|arg/i.test(k)) ?? keys[0];
  const strKeys = Object.keys(out).filter((k) => typeof (out as unknown as Record<string, unknown>)[k] === 'string');
  const opKey = strKeys.find((k) => /op/i.test(k)) ?? strKeys.find((k) => /label|kind|name|type/i.test(k)) ?? strKeys[0];
  const ids = new Map<V, number>();
  const nodes: Dag['nodes'] = [];
  const edges: Dag['edges'] = [];
  const stack: V[] = [out];
  const idOf = (v: V) => {
    let id = ids.get(v);
    if (id === undefined) { id = ids.size; ids.set(v, id); stack.push(v); }
    return id;
  };
  idOf(out);
  stack.length = 0;
  stack.push(out);
  const seen = new Set<V>();
  while (stack.length) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (seen.size > 400) return { error: 'the expression graph has more than 400 nodes: too many to draw' };
    const rec = v as unknown as Record<string, unknown>;
    const op = opKey && typeof rec[opKey] === 'string' ? (rec[opKey] as string) : '';
    const kids = listOf(rec[childrenKey]).filter(isValue) as V[];
    const label = names.get(v) ?? (op || (kids.length === 0 ? `const ${+v.data.toPrecision(4)}` : '?'));
    nodes.push({ id: ids.get(v)!, label, data: v.data, grad: v.grad });
    for (const k of kids) edges.push([idOf(k), ids.get(v)!]);
  }
  nodes.sort((a, b) => a.id - b.id);
  return { nodes, edges, childrenKey, opKey };
}

/** The single neuron of the lesson: loss = (tanh(w1·x1 + w2·x2 + b) − 1)². */
function neuronGraph(m: M, ctx: CheckContext) {
  const names = new Map<V, string>();
  const leaf = (v: number, n: string) => { const x = new m.Value(v); names.set(x, n); return x; };
  const x1 = leaf(2, 'x1'), x2 = leaf(0, 'x2'), w1 = leaf(-3, 'w1'), w2 = leaf(1, 'w2'), b = leaf(6.8813735870195432, 'b');
  const n = x1.mul(w1).add(x2.mul(w2)).add(b);
  const o = n.tanh();
  const loss = o.sub(1).pow(2);
  loss.backward();
  const dag = extractDag(m, loss, names);
  if ('error' in dag) {
    ctx.emit({ kind: 'note', chart: 'dag', text: `The graph is not drawn: ${dag.error}. Keep the children in a field such as this._prev = children (an array or a Set).` });
    return { drawn: false, nodes: 0, w1Grad: w1.grad };
  }
  ctx.emit({
    kind: 'graph', chart: 'dag', title: 'Your Value graph: loss = (tanh(w1·x1 + w2·x2 + b) − 1)² after backward()',
    nodes: dag.nodes, edges: dag.edges,
    caption: `Found by walking your objects: children in "${dag.childrenKey}"${dag.opKey ? `, op in "${dag.opKey}"` : ' (no op string found: intermediate nodes are labelled "?")'}. Follow the grads right to left: each box's grad is the sum over its arrows of (grad of the box it feeds) × (local derivative).`,
  });
  return { drawn: true, nodes: dag.nodes.length, w1Grad: w1.grad };
}

export default defineDemo<M>({
  async run(m, ctx) {
    const g = neuronGraph(m, ctx);

    // A 2-8-1 MLP of Values (tanh hidden layer, linear output) on 50 moons points, labels ±1,
    // mean squared error, full-batch gradient descent for 100 steps.
    const data = makeMoons({ n: 50, noise: 0.1, seed: 7 });
    const ys = data.y.map((c) => (c === 1 ? 1 : -1));
    const rng = mulberry32(3);
    const param = (scale: number) => new m.Value((rng() * 2 - 1) * scale);
    const W1 = Array.from({ length: 8 }, () => [param(1), param(1)]);
    const b1 = Array.from({ length: 8 }, () => param(0.5));
    const W2 = Array.from({ length: 8 }, () => param(0.5));
    const b2 = param(0.1);
    const params = [...W1.flat(), ...b1, ...W2, b2];
    const forward = (x: number[]): V => {
      let out: V = b2;
      for (let j = 0; j < 8; j++) out = out.add(W1[j][0].mul(x[0]).add(W1[j][1].mul(x[1])).add(b1[j]).tanh().mul(W2[j]));
      return out;
    };
    const lr = 0.5, steps = 100;
    const losses: number[] = [];
    const accs: number[] = [];
    const t0 = Date.now();
    for (let step = 0; step < steps; step++) {
      let loss: V = new m.Value(0);
      let correct = 0;
      data.x.forEach((x, i) => {
        const out = forward(x);
        if (Math.sign(out.data) === ys[i]) correct++;
        loss = loss.add(out.sub(ys[i]).pow(2));
      });
      loss = loss.div(data.x.length);
      loss.backward();
      for (const p of params) p.data -= lr * p.grad;
      losses.push(loss.data);
      accs.push(correct / data.x.length);
      if (step % 25 === 24 || step === steps - 1) {
        const x = losses.map((_, k) => k + 1);
        ctx.emit({ kind: 'lines', chart: 'mlpLoss', title: `2-8-1 MLP of your Values on 50 moons points: step ${step + 1}`, xLabel: 'gradient-descent step', yLabel: 'mean squared error / accuracy',
          series: [{ name: 'training loss (MSE)', x, y: losses }, { name: 'training accuracy', x, y: accs, dashed: true }] });
      }
    }
    const trainMs = Date.now() - t0;
    const N = 32, xr: [number, number] = [-1.5, 2.5], yr: [number, number] = [-1, 1.5];
    const values: number[] = [];
    for (let r = 0; r < N; r++) {
      for (let c = 0; c < N; c++) {
        const out = forward([xr[0] + ((c + 0.5) / N) * (xr[1] - xr[0]), yr[0] + ((r + 0.5) / N) * (yr[1] - yr[0])]).data;
        values.push(Math.min(1, Math.max(0, (Math.tanh(out) + 1) / 2)));
      }
    }
    ctx.emit({ kind: 'grid', chart: 'mlpBoundary', title: 'Decision regions of the trained MLP (x₁ across, x₂ up)', xRange: xr, yRange: yr, width: N, height: N, values,
      points: data.x.map(([x, y], i) => ({ x, y, label: data.y[i] })), caption: 'Blue/orange: the sign of the output after 100 steps; dots are the 50 training points.' });
    ctx.emit({ kind: 'note', chart: 'mlpLoss', text: `Your Value engine trained 65 parameters with ${steps} full backward passes over all 50 points in ${trainMs} ms: one new graph per step, recorded while the forward pass ran.` });
    return {
      graphDrawn: g.drawn, graphNodes: g.nodes, w1Grad: g.w1Grad,
      initialLoss: losses[0], finalLoss: losses[steps - 1], finalAccuracy: accs[steps - 1], trainMs,
      lossFalls: losses[steps - 1] < 0.6 * losses[0],
    };
  },
});
