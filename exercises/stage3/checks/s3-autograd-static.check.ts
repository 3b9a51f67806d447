/**
 * Checks for s3-autograd-static (P0): the learner's Graph is built and compiled once per graph in
 * the judge, then run on feeds drawn per grade. References: tf.grads on the same function written
 * in tf ops (float32, rel 1e-4) for the placeholders each output uses; a float64 reference engine
 * (this file's RefGraph: forward values, central differences, reachability) for everything else —
 * tf.grads throws for inputs the output does not use, and a gradient there is simply 0.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectThrows, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { CheckSpec } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-autograd-static');
type OpKind = import('../solutions/s3-autograd-static').OpKind;
type Compiled = { (feeds: Record<string, number>): { outputs: number[]; grads: number[][] }; readonly numOps: number };

/** What a graph description needs from a graph: the learner's Graph or the reference. */
interface Builder { placeholder(name: string): number; constant(v: number): number; op(kind: OpKind, ...inputs: number[]): number }

type RefNode = { type: 'placeholder'; name: string } | { type: 'constant'; value: number } | { type: 'op'; kind: OpKind; inputs: number[] };

/** A float64 reference graph with the same node ids as the learner's (both number nodes in creation order). */
class RefGraph implements Builder {
  readonly nodes: RefNode[] = [];
  placeholder(name: string): number { return this.nodes.push({ type: 'placeholder', name }) - 1; }
  constant(value: number): number { return this.nodes.push({ type: 'constant', value }) - 1; }
  op(kind: OpKind, ...inputs: number[]): number { return this.nodes.push({ type: 'op', kind, inputs }) - 1; }

  /** Nodes `out` depends on (itself included). */
  reach(outs: number[]): Set<number> {
    const seen = new Set<number>();
    const stack = [...outs];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const n = this.nodes[id];
      if (n.type === 'op') stack.push(...n.inputs);
    }
    return seen;
  }
  numOps(outs: number[]): number { return [...this.reach(outs)].filter((id) => this.nodes[id].type === 'op').length; }
  allOps(): number { return this.nodes.filter((n) => n.type === 'op').length; }
  /** Ops counted once per path to an output (a tree walk): what a count without a visited set gives. */
  pathOps(outs: number[]): number {
    const memo = new Map<number, number>();
    const count = (id: number): number => {
      if (memo.has(id)) return memo.get(id)!;
      const n = this.nodes[id];
      const c = n.type === 'op' ? 1 + n.inputs.reduce((s, i) => s + count(i), 0) : 0;
      memo.set(id, c);
      return c;
    };
    return outs.reduce((s, o) => s + count(o), 0);
  }
  placeholdersOf(outs: number[]): string[] {
    return [...this.reach(outs)].sort((a, b) => a - b).flatMap((id) => { const n = this.nodes[id]; return n.type === 'placeholder' ? [n.name] : []; });
  }

  /** Generic evaluation over any number-like engine. */
  evalWith<T>(out: number, leaf: (n: RefNode & { type: 'placeholder' | 'constant' }) => T, ops: Record<OpKind, (a: T, b: T) => T>): T {
    const memo = new Map<number, T>();
    const ev = (id: number): T => {
      if (memo.has(id)) return memo.get(id)!;
      const n = this.nodes[id];
      const v = n.type === 'op' ? ops[n.kind](ev(n.inputs[0]), ev(n.inputs[1] ?? n.inputs[0])) : leaf(n);
      memo.set(id, v);
      return v;
    };
    return ev(out);
  }
  eval64(out: number, feeds: Record<string, number>): number {
    return this.evalWith<number>(out, (n) => (n.type === 'constant' ? n.value : feeds[n.name]), NUM_OPS);
  }
  /** ∂out/∂placeholder by float64 central differences (ε 1e-6); 0 exactly for a placeholder out does not reach. */
  numeric(out: number, feeds: Record<string, number>, name: string): number {
    if (!this.placeholdersOf([out]).includes(name)) return 0;
    const eps = 1e-6;
    return (this.eval64(out, { ...feeds, [name]: feeds[name] + eps }) - this.eval64(out, { ...feeds, [name]: feeds[name] - eps })) / (2 * eps);
  }
  /** tf.grads of `out` with respect to the placeholders it uses (float32). */
  tfGrads(out: number, feeds: Record<string, number>): Map<string, number> {
    const names = this.placeholdersOf([out]);
    const values = tf.tidy(() => {
      const f = (...xs: tf.Tensor[]) => this.evalWith<tf.Tensor>(out, (n) => (n.type === 'constant' ? tf.scalar(n.value) : xs[names.indexOf(n.name)]), TF_OPS) as tf.Scalar;
      return tf.grads(f)(names.map((n) => tf.scalar(feeds[n]))).map((g) => g.dataSync()[0]);
    });
    return new Map(names.map((n, i) => [n, values[i]]));
  }
}

const NUM_OPS: Record<OpKind, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  tanh: Math.tanh, exp: Math.exp, log: Math.log, relu: (a) => (a > 0 ? a : 0), pow2: (a) => a * a,
};
const TF_OPS: Record<OpKind, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div,
  tanh: (a) => tf.tanh(a), exp: (a) => tf.exp(a), log: (a) => tf.log(a), relu: (a) => tf.relu(a), pow2: (a) => tf.square(a),
};

/** A graph described once, built in the learner's Graph and in the reference. */
interface Spec {
  what: string;
  build(g: Builder): { outputs: number[]; wrt: number[]; wrtNames: string[] };
  /** Feeds for one run: every placeholder the graph has (the ones the outputs need are a subset). */
  feeds(r: () => number): Record<string, number>;
}

const u = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();
const pm = (r: () => number, lo: number, hi: number) => (r() < 0.5 ? -1 : 1) * u(r, lo, hi);

const NEURON: Spec = {
  what: 'loss = (tanh(w1·x1 + w2·x2 + b) − 0.5)², with a dead branch exp(w1·3) and log(z) (z feeds only the dead branch)',
  build(g) {
    const x1 = g.placeholder('x1'), x2 = g.placeholder('x2'), w1 = g.placeholder('w1'), w2 = g.placeholder('w2'), b = g.placeholder('b');
    const z = g.placeholder('z');
    const three = g.constant(3);
    g.op('add', g.op('exp', g.op('mul', w1, three)), g.op('log', z)); // dead: the output never uses it
    const y = g.op('tanh', g.op('add', g.op('add', g.op('mul', w1, x1), g.op('mul', w2, x2)), b));
    const loss = g.op('pow2', g.op('sub', y, g.constant(0.5)));
    return { outputs: [loss], wrt: [w1, w2, b, x1, z], wrtNames: ['w1', 'w2', 'b', 'x1', 'z'] };
  },
  feeds: (r) => ({ x1: pm(r, 0.2, 1.5), x2: pm(r, 0.2, 1.5), w1: pm(r, 0.1, 1), w2: pm(r, 0.1, 1), b: pm(r, 0, 0.5), z: u(r, 0.5, 2) }),
};

const TWO_OUTPUTS: Spec = {
  what: 's = a·b; o1 = s + eᶜ; o2 = s / (c² + 1) − relu(a − c); gradients wrt [a, b, c, q] (q is used by neither output)',
  build(g) {
    const a = g.placeholder('a'), b = g.placeholder('b'), c = g.placeholder('c'), q = g.placeholder('q');
    const s = g.op('mul', a, b);
    const o1 = g.op('add', s, g.op('exp', c));
    const o2 = g.op('sub', g.op('div', s, g.op('add', g.op('pow2', c), g.constant(1))), g.op('relu', g.op('sub', a, c)));
    g.op('tanh', q);
    return { outputs: [o1, o2], wrt: [a, b, c, q], wrtNames: ['a', 'b', 'c', 'q'] };
  },
  feeds: (r) => ({ a: pm(r, 0.3, 2), b: pm(r, 0.3, 2), c: pm(r, 0.3, 1.5), q: pm(r, 0.3, 1) }),
};

const REUSE: Spec = {
  what: 's = x·x; v = log(s² + s + 1) · y (s used twice, x used twice)',
  build(g) {
    const x = g.placeholder('x'), y = g.placeholder('y');
    const s = g.op('mul', x, x);
    const v = g.op('mul', g.op('log', g.op('add', g.op('add', g.op('pow2', s), s), g.constant(1))), y);
    return { outputs: [v], wrt: [x, y], wrtNames: ['x', 'y'] };
  },
  feeds: (r) => ({ x: pm(r, 0.2, 1.5), y: pm(r, 0.5, 2) }),
};

const SPECS = [NEURON, TWO_OUTPUTS, REUSE];

const fmt = (v: number): string => (typeof v === 'number' && Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v));
const close = (got: number, want: number, atol: number, rtol: number) => typeof got === 'number' && (Object.is(got, want) || Math.abs(got - want) <= atol + rtol * Math.abs(want));
const feedStr = (f: Record<string, number>) => `{ ${Object.entries(f).map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')} }`;

function buildBoth(m: M, spec: Spec) {
  const ref = new RefGraph();
  const r = spec.build(ref);
  const g = new m.Graph();
  const l = spec.build(g as Builder);
  // Node ids are the learner's choice: the learner's graph is compiled with its own ids, the reference uses its own.
  const f = g.compile(l.outputs, l.wrt) as Compiled;
  return { ref, r, f };
}

/** Runs `f` on `feeds` and compares with the references; `label` says which run it is. */
function expectRun(spec: Spec, ref: RefGraph, r: { outputs: number[]; wrt: number[]; wrtNames: string[] }, f: Compiled, feeds: Record<string, number>, label = ''): void {
  const needed = ref.placeholdersOf(r.outputs);
  const fed = Object.fromEntries(needed.map((n) => [n, feeds[n]]));
  let res: { outputs: number[]; grads: number[][] };
  try { res = f(fed); } catch (e) {
    return fail(`${spec.what}: f(${feedStr(fed)}) threw "${e instanceof Error ? e.message : String(e)}"${label}. Only the placeholders the outputs need (${needed.join(', ')}) are fed: do not require the others`, { hintKey: 'only-needed-feeds' });
  }
  const where = `${spec.what}, feeds ${feedStr(fed)}${label}`;
  if (!res || !Array.isArray(res.outputs) || !Array.isArray(res.grads)) fail(`${where}: f must return { outputs: number[], grads: number[][] }, got ${JSON.stringify(res)}`);
  const nO = r.outputs.length, nW = r.wrt.length;
  if (res.outputs.length !== nO) fail(`${where}: outputs has ${res.outputs.length} entries, expected ${nO} (one per output node)`);
  r.outputs.forEach((o, i) => {
    const want = ref.eval64(o, feeds);
    if (!close(res.outputs[i], want, 1e-12, 1e-9)) fail(`${where}: outputs[${i}] is ${fmt(res.outputs[i])}, expected ${fmt(want)}`, { expected: fmt(want), actual: fmt(res.outputs[i]), hintKey: 'forward-values' });
  });
  const wantG = r.outputs.map((o) => r.wrtNames.map((n) => ref.numeric(o, feeds, n)));
  const shapeOk = res.grads.length === nO && res.grads.every((row) => Array.isArray(row) && row.length === nW);
  if (!shapeOk) {
    const transposed = res.grads.length === nW && res.grads.every((row) => Array.isArray(row) && row.length === nO);
    fail(`${where}: ${transposed && nO !== nW ? 'grads is transposed: grads[i][j] must be ∂outputs[i]/∂wrt[j] (one row per output, one column per wrt node)' : `grads must be ${nO} row(s) (one per output) of ${nW} numbers (one per wrt node)`}`,
      { expected: `${nO}×${nW}`, actual: `${res.grads.length}×${res.grads.map((x) => (Array.isArray(x) ? x.length : '?')).join('/')}`, hintKey: 'grads-layout' });
  }
  r.outputs.forEach((o, i) => {
    const tfG = ref.tfGrads(o, feeds);
    r.wrtNames.forEach((n, j) => {
      const got = res.grads[i][j];
      const used = tfG.has(n);
      const want = used ? tfG.get(n)! : 0;
      if (!used && got !== 0) {
        fail(`${where}: ∂outputs[${i}]/∂${n} is ${fmt(got)}, but outputs[${i}] does not depend on ${n}: a wrt node the output does not reach has gradient 0`, { expected: '0', actual: fmt(got), hintKey: 'unused-wrt-zero' });
      }
      if (used && !close(got, want, 1e-5, 1e-4)) {
        // Same feeds again: a different answer means state survives between runs.
        const again = f(fed).grads?.[i]?.[j];
        const kept = again !== got ? ` (running the same feeds again gave ${fmt(again)}: state carries over between runs — start every run's gradients at 0)` : '';
        fail(`${where}: grads[${i}][${j}] = ∂outputs[${i}]/∂${n} is ${fmt(got)}, tf.grads says ${fmt(want)}${kept}`, { expected: fmt(want), actual: fmt(got), ...(kept ? { hintKey: 'compile-once-run-many' } : {}) });
      }
      if (used && !close(got, wantG[i][j], 1e-6, 1e-6)) {
        fail(`${where}: ∂outputs[${i}]/∂${n} is ${fmt(got)}, a float64 central difference gives ${fmt(wantG[i][j])}: compute in plain (float64) numbers`);
      }
    });
  });
}

function check(id: string, name: string, run: CheckSpec<M>['run'], hintKey?: string): CheckSpec<M> {
  return { id, name, fn: 'Graph', run, ...(hintKey ? { hintKey } : {}) };
}

export default defineChecks<M>({
  checks: [
    check('grads-vs-tf', 'outputs and grads[i][j] = ∂outputs[i]/∂wrt[j] match tf.grads (rel 1e-4) and float64, over 20 random feeds per graph', (m) => {
      const rng = gradeRng();
      for (const spec of SPECS) {
        const { ref, r, f } = buildBoth(m, spec);
        for (let k = 0; k < 20; k++) expectRun(spec, ref, r, f, spec.feeds(rng));
      }
    }),
    check('grads-layout', 'two outputs, four wrt nodes: grads is 2 rows × 4 columns', (m) => {
      const { ref, r, f } = buildBoth(m, TWO_OUTPUTS);
      expectRun(TWO_OUTPUTS, ref, r, f, TWO_OUTPUTS.feeds(gradeRng()));
    }),
    check('num-ops-pruned', 'numOps counts the op nodes the outputs depend on, each once; dead branches are pruned', (m) => {
      // REUSE has shared nodes and no dead branch, NEURON a dead branch and no sharing: each mistake shows on its own first.
      for (const spec of [REUSE, NEURON, TWO_OUTPUTS]) {
        const { ref, r, f } = buildBoth(m, spec);
        const want = ref.numOps(r.outputs), all = ref.allOps(), paths = ref.pathOps(r.outputs);
        const got = f.numOps;
        if (got !== want) {
          const why = got === paths && paths !== want && paths !== all ? ': a node shared by two paths was counted twice — count each node once (keep a visited set)'
            : got === all && all !== want ? ': numOps counts every op in the graph, including dead branches the outputs do not need — prune them' : '';
          fail(`${spec.what}: numOps is ${String(got)}, expected ${want} op nodes reachable from the outputs (the graph has ${all} ops in total)${why}`, { expected: String(want), actual: String(got) });
        }
      }
    }),
    check('only-needed-feeds', 'only the placeholders the outputs need must be fed (a dead branch\'s placeholder is not)', (m) => {
      // expectRun feeds exactly the needed placeholders; the neuron's z feeds only its dead branch.
      const { ref, r, f } = buildBoth(m, NEURON);
      expectRun(NEURON, ref, r, f, NEURON.feeds(gradeRng()), ' (z not fed: it only feeds the dead branch)');
      // Extra feeds are ignored.
      const feeds = NEURON.feeds(gradeRng());
      const all = f({ ...feeds, unrelated: 7 });
      const want = ref.eval64(r.outputs[0], feeds);
      if (!close(all.outputs[0], want, 1e-12, 1e-9)) fail(`feeding every placeholder (and one unknown name) gave outputs[0] = ${fmt(all.outputs[0])}, expected ${fmt(want)}: extra feeds are ignored`);
    }),
    check('missing-feed-throws', 'a missing feed throws an Error naming the placeholder', (m) => {
      const g = new m.Graph();
      const x = g.placeholder('x'), w = g.placeholder('weight');
      const f = g.compile([g.op('mul', x, w)], [w]) as Compiled;
      expectThrows(() => f({ x: 1 }), /weight/, { name: "f({ x: 1 }) where placeholder 'weight' is needed but not fed", why: 'the message must name the missing placeholder, "weight"', mistake: 'missing feed not detected' });
      expectThrows(() => f({ weight: 2 }), /\bx\b/, { name: "f({ weight: 2 }) where placeholder 'x' is needed but not fed", why: 'the message must name the missing placeholder, "x"', mistake: 'missing feed not detected' });
    }),
    check('unknown-op-throws', 'an unknown op kind throws when op() is called (build time)', (m) => {
      const g = new m.Graph();
      const x = g.placeholder('x');
      let built: number | undefined;
      try { built = g.op('sigmoid' as OpKind, x); } catch { return; }
      // Did it only fail later? Say where the error belongs.
      let later = '';
      try { (g.compile([built], [x]) as Compiled)({ x: 1 }); } catch { later = ' (it failed only when the graph was compiled or run)'; }
      fail(`g.op('sigmoid', x) returned ${String(built)} instead of throwing${later}: a define-then-run graph checks each op when it is built — an unknown op kind throws at build time`, { expected: 'an error from op()', actual: `node ${String(built)}` });
    }),
    check('unused-wrt-zero', 'a gradient with respect to a placeholder the output does not reach is 0 (and it need not be fed)', (m) => {
      const g = new m.Graph();
      const x = g.placeholder('x'), y = g.placeholder('y');
      const out = g.op('exp', x);
      g.op('pow2', y);
      const f = g.compile([out], [x, y]) as Compiled;
      const xv = pm(gradeRng(), 0.2, 1);
      let res: { outputs: number[]; grads: number[][] };
      try { res = f({ x: xv }); } catch (e) {
        return fail(`f({ x: ${fmt(xv)} }) for out = exp(x), wrt [x, y] threw "${e instanceof Error ? e.message : String(e)}": y does not reach the output, so it needs no feed and its gradient is 0`);
      }
      const gy = res.grads?.[0]?.[1];
      if (gy !== 0) fail(`out = exp(x), wrt [x, y]: ∂out/∂y is ${String(gy)}, expected 0 — a wrt node the output does not reach has gradient 0`, { expected: '0', actual: String(gy) });
      if (!close(res.grads[0][0], Math.exp(xv), 1e-12, 1e-9)) fail(`out = exp(x): ∂out/∂x is ${fmt(res.grads[0][0])}, expected ${fmt(Math.exp(xv))}`);
    }),
    check('compile-once-run-many', 'compile once, run many times: new feeds give new results, and a repeated run gives the same grads', (m) => {
      const { ref, r, f } = buildBoth(m, REUSE);
      const rng = gradeRng();
      const a = REUSE.feeds(rng), b = REUSE.feeds(rng);
      // The same feeds twice in a row first: a run that keeps state shows it at once (2× the grads).
      const first = f(a), again = f(a), second = f(b);
      const wantB = ref.eval64(r.outputs[0], b);
      if (close(second.outputs[0], first.outputs[0], 0, 1e-12) && !close(wantB, first.outputs[0], 0, 1e-9)) {
        fail(`the compiled function returned the same output for different feeds (${feedStr(a)} then ${feedStr(b)}): compute from the feeds on every call, do not keep the first result`, { hintKey: 'compile-once-run-many' });
      }
      const g1 = first.grads[0], g3 = again.grads[0];
      if (g1.some((v, i) => !close(g3[i], v, 1e-12, 1e-9))) {
        const grew = g1.every((v, i) => close(g3[i], 2 * v, 1e-12, 1e-9)) || g1.every((v, i) => v === 0 || g3[i] / v > 1.5);
        fail(`running f(${feedStr(a)}) a second time gave grads [${g3.map(fmt).join(', ')}] instead of [${g1.map(fmt).join(', ')}]${grew ? ': gradients accumulated across calls — start every run\'s gradients at 0' : ': state carried over from an earlier run'}`,
          { expected: g1.map(fmt).join(', '), actual: g3.map(fmt).join(', ') });
      }
      expectRun(REUSE, ref, r, f, b, ' (a later run)');
    }),
    check('relu-kink', 'relu at exactly 0 has gradient 0, as tf.grads', (m) => {
      const g = new m.Graph();
      const x = g.placeholder('x');
      const f = g.compile([g.op('relu', x)], [x]) as Compiled;
      const got = f({ x: 0 }).grads[0][0];
      const want = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.relu(t))(tf.scalar(0)).dataSync()[0]);
      if (got !== want) fail(`relu at x = 0: ∂/∂x is ${fmt(got)}, tf.grads gives ${fmt(want)}: pass the gradient only where x > 0`, { expected: fmt(want), actual: fmt(got) });
    }),
    check('inputs-intact', 'the feeds object is left as it was (no keys added, changed or removed)', (m) => {
      const g = new m.Graph();
      const x = g.placeholder('x'), w = g.placeholder('w');
      g.placeholder('unused');
      const f = g.compile([g.op('tanh', g.op('mul', w, x))], [w, x]) as Compiled;
      const feeds: Record<string, number> = { x: 0.7, w: -1.2, extra: 5 };
      const before = Object.entries(feeds);
      f(feeds);
      const after = Object.entries(feeds);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const added = after.map(([k]) => k).filter((k) => !before.some(([b]) => b === k));
        const changed = before.filter(([k, v]) => feeds[k] !== v).map(([k]) => k);
        const what = [added.length ? `added ${added.map((k) => `"${k}"`).join(', ')}` : '', changed.length ? `changed or removed ${changed.map((k) => `"${k}"`).join(', ')}` : ''].filter(Boolean).join('; ');
        fail(`f(feeds) changed the feeds object it was given (${what}): the caller owns it and reuses it for the next run — keep values in your own Map or array`,
          { expected: JSON.stringify(Object.fromEntries(before)), actual: JSON.stringify(feeds), hintKey: 'input-modified' });
      }
    }),
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'Graph',
      calls: [
        {
          name: 'f(feeds)',
          call: (m) => {
            const i = { feeds: { x: 0.7, w: -1.2, b: 0.3 } };
            const g = new m.Graph();
            const x = g.placeholder('x'), w = g.placeholder('w'), b = g.placeholder('b');
            const y = g.op('tanh', g.op('add', g.op('mul', w, x), b));
            const out = g.op('div', g.op('exp', y), g.op('add', g.op('pow2', g.op('log', g.op('add', g.op('relu', x), g.constant(2)))), g.constant(1)));
            return (g.compile([out, y], [x, w, b]) as Compiled)(i.feeds);
          },
        },
      ],
      names: { 'no-tf-kernels': 'pure TypeScript: no tf ops in Graph (P0)' },
    }),
  ],
});
