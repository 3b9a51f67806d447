/**
 * Demo of s3-autograd-static, on the learner's Graph: the same graph before and after compile()
 * prunes its dead branches (values and grads from the learner's compiled function), a
 * data-dependent loop rebuilt per input vs one unrolled static graph, and the time of 10 000
 * evaluations compiled once vs rebuilt every time.
 */
import { defineDemo } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-autograd-static');
type OpKind = import('../solutions/s3-autograd-static').OpKind;
type G = InstanceType<M['Graph']>;
type Compiled = { (feeds: Record<string, number>): { outputs: number[]; grads: number[][] }; readonly numOps: number };

interface Rec { id: number; label: string; inputs: number[] }

/** Builds through the learner's Graph and records the structure (the learner's storage is its own business). */
class Recorder {
  readonly nodes: Rec[] = [];
  constructor(readonly g: G) {}
  placeholder(name: string): number { const id = this.g.placeholder(name); this.nodes.push({ id, label: name, inputs: [] }); return id; }
  constant(v: number): number { const id = this.g.constant(v); this.nodes.push({ id, label: String(v), inputs: [] }); return id; }
  op(kind: OpKind, ...inputs: number[]): number { const id = this.g.op(kind, ...inputs); this.nodes.push({ id, label: kind, inputs }); return id; }
  /** Nodes the outputs depend on. */
  live(outputs: number[]): Set<number> {
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    const seen = new Set<number>();
    const stack = [...outputs];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.inputs ?? []));
    }
    return seen;
  }
  edges(): Array<[number, number]> { return this.nodes.flatMap((n) => n.inputs.map((i) => [i, n.id] as [number, number])); }
}

/** A neuron with its loss, plus two dead branches (a regulariser nobody added to the loss, a debug output). */
function buildNeuron(r: Recorder) {
  const x1 = r.placeholder('x1'), x2 = r.placeholder('x2'), w1 = r.placeholder('w1'), w2 = r.placeholder('w2'), b = r.placeholder('b');
  const y = r.op('tanh', r.op('add', r.op('add', r.op('mul', w1, x1), r.op('mul', w2, x2)), b));
  const loss = r.op('pow2', r.op('sub', y, r.constant(1)));
  r.op('mul', r.op('add', r.op('pow2', w1), r.op('pow2', w2)), r.constant(0.01)); // L2 term, never added
  const scale = r.placeholder('debugScale');
  r.op('log', r.op('mul', r.op('exp', y), scale)); // a debug value nobody asked for
  return { loss, params: [w1, w2, b] };
}

/** h ← tanh(w·h + x), repeated `steps` times: a loop whose length depends on the input. */
function loopSteps(x: number): number { return Math.min(8, 1 + Math.floor(Math.abs(x) * 3)); }

export default defineDemo<M>({
  async run(m, ctx) {
    // 1. Before and after pruning.
    const r = new Recorder(new m.Graph());
    const { loss, params } = buildNeuron(r);
    const live = r.live([loss]);
    const liveIds = r.nodes.filter((n) => live.has(n.id)).map((n) => n.id);
    const feeds = { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 };
    ctx.emit({
      kind: 'graph', chart: 'dagBefore', title: 'As built: the whole graph, nothing computed yet',
      nodes: r.nodes.map((n) => ({ id: n.id, label: n.label })), edges: r.edges(),
      caption: 'Define-then-run: g.op(…) only records a node. The L2 term and the debug branch are part of the graph, but the loss does not use them.',
    });
    const f = r.g.compile([loss], params) as Compiled;
    const learnerNumOps = f.numOps;
    const wantNumOps = r.nodes.filter((n) => live.has(n.id) && n.inputs.length > 0).length;
    // Every live node's value and ∂loss/∂node, from the learner's engine: compile once more with
    // all live nodes as outputs (values) and as wrt (adjoints).
    let perNode: { data: Map<number, number>; grad: Map<number, number> } | undefined;
    try {
      const vals = (r.g.compile(liveIds, []) as Compiled)(feeds).outputs;
      const grads = (r.g.compile([loss], liveIds) as Compiled)(feeds).grads[0];
      perNode = { data: new Map(liveIds.map((id, i) => [id, vals[i]])), grad: new Map(liveIds.map((id, i) => [id, grads[i]])) };
    } catch {
      perNode = undefined; // a Graph that takes only placeholders as wrt: draw without numbers
    }
    const res = f(feeds);
    ctx.emit({
      kind: 'graph', chart: 'dagAfter', title: `Compiled for the loss: ${learnerNumOps} ops kept, ${r.nodes.filter((n) => n.inputs.length > 0).length - wantNumOps} pruned`,
      nodes: r.nodes.map((n) => ({ id: n.id, label: n.label, ...(live.has(n.id) ? { data: perNode?.data.get(n.id), grad: perNode?.grad.get(n.id) } : { pruned: true }) })),
      edges: r.edges(),
      caption: `compile([loss], [w1, w2, b]) kept what the loss needs; the grey dashed branches never run, and debugScale need not be fed. Values and grads from your compiled function: ∂loss/∂w1 = ${res.grads[0][0].toPrecision(4)}.`,
    });

    // 2. A data-dependent loop: rebuilt per input (define-by-run) vs one unrolled static graph.
    const inputs = [0.1, 0.4, 0.8, 1.2, 1.9, 2.6];
    const W = 0.9;
    const rebuiltOps: number[] = [], staticOps: number[] = [], maxDiff: number[] = [];
    // The static graph is unrolled to the longest loop (8 steps); a fed 0/1 mask per step keeps h
    // unchanged after the input's own length: h ← m·tanh(w·h + x) + (1 − m)·h.
    const sg = new Recorder(new m.Graph());
    const sx = sg.placeholder('x'), sw = sg.constant(W);
    let sh = sg.constant(0);
    const masks: string[] = [];
    for (let t = 0; t < 8; t++) {
      const mk = sg.placeholder(`m${t}`);
      masks.push(`m${t}`);
      const step = sg.op('tanh', sg.op('add', sg.op('mul', sw, sh), sx));
      sh = sg.op('add', sg.op('mul', mk, step), sg.op('mul', sg.op('sub', sg.constant(1), mk), sh));
    }
    const fStatic = sg.g.compile([sh], [sx]) as Compiled;
    for (const x of inputs) {
      const n = loopSteps(x);
      const dg = new m.Graph();
      const dx = dg.placeholder('x'), dw = dg.constant(W);
      let dh = dg.constant(0);
      for (let t = 0; t < n; t++) dh = dg.op('tanh', dg.op('add', dg.op('mul', dw, dh), dx));
      const fDyn = dg.compile([dh], [dx]) as Compiled;
      const a = fDyn({ x });
      const b = fStatic({ x, ...Object.fromEntries(masks.map((k, t) => [k, t < n ? 1 : 0])) });
      rebuiltOps.push(fDyn.numOps);
      staticOps.push(fStatic.numOps);
      maxDiff.push(Math.max(Math.abs(a.outputs[0] - b.outputs[0]), Math.abs(a.grads[0][0] - b.grads[0][0])));
    }
    ctx.emit({
      kind: 'bars', chart: 'dynamicVsStatic', title: 'Ops per input for h ← tanh(0.9·h + x), repeated 1 + ⌊3|x|⌋ times (≤ 8)',
      labels: inputs.map((x) => `x = ${x} (${loopSteps(x)} steps)`),
      series: [{ name: 'graph rebuilt per input (define-by-run)', values: rebuiltOps }, { name: 'one static graph, unrolled to 8 steps with masks', values: staticOps }],
    });
    ctx.emit({ kind: 'note', chart: 'dynamicVsStatic', text: `A loop whose length depends on the data: rebuilt per input, the graph has exactly the steps it needs (${rebuiltOps[0]}–${rebuiltOps[rebuiltOps.length - 1]} ops); the static graph must be unrolled to the longest case and masked (${staticOps[0]} ops every time). Both give the same value and gradient (largest difference ${Math.max(...maxDiff).toExponential(1)}).` });

    // 3. 10 000 evaluations: compile once and run, vs build + compile + run every time.
    const N = 10_000;
    const feedsFor = (i: number) => ({ x1: Math.sin(i), x2: Math.cos(i), w1: -3, w2: 1, b: 0.5 });
    const compiledRun = (n: number) => { let s = 0; for (let i = 0; i < n; i++) s += f(feedsFor(i)).outputs[0]; return s; };
    const rebuiltRun = (n: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const rr = new Recorder(new m.Graph());
        const b2 = buildNeuron(rr);
        s += (rr.g.compile([b2.loss], b2.params) as Compiled)(feedsFor(i)).outputs[0];
      }
      return s;
    };
    // Warm both paths up first, so the JIT's start-up is not billed to whichever runs first.
    compiledRun(1000);
    rebuiltRun(1000);
    let t0 = performance.now();
    const sumCompiled = compiledRun(N);
    const compiledMs = performance.now() - t0;
    t0 = performance.now();
    const sumRebuilt = rebuiltRun(N);
    const rebuiltMs = performance.now() - t0;
    ctx.emit({
      kind: 'bars', chart: 'timing', title: `Time for ${N.toLocaleString('en-US')} evaluations of the neuron's loss and gradients (ms)`,
      labels: ['compiled once, run 10 000×', 'built + compiled + run 10 000×'], series: [{ name: 'milliseconds', values: [compiledMs, rebuiltMs] }],
    });
    ctx.emit({ kind: 'note', chart: 'timing', text: 'TensorFlow.js itself is define-by-run, like PyTorch: tf.grad(f) records a tape of the ops while f runs, every call. Its only static graphs are converted inference models (GraphModel). A static graph pays for planning (pruning, ordering) once; a dynamic one pays on every call but can follow the data.' });

    return {
      numOps: learnerNumOps, liveOps: wantNumOps, totalOps: r.nodes.filter((n) => n.inputs.length > 0).length,
      prunedNodes: r.nodes.length - live.size, numOpsMatches: learnerNumOps === wantNumOps, perNodeValues: perNode !== undefined,
      w1Grad: res.grads[0][0], compiledMs, rebuiltMs, compiledFaster: compiledMs < rebuiltMs,
      loopResultsAgree: Math.max(...maxDiff) < 1e-12, staticOps: staticOps[0], rebuiltOpsMax: Math.max(...rebuiltOps),
      sumsAgree: Math.abs(sumCompiled - sumRebuilt) < 1e-9 * N,
    };
  },
});
