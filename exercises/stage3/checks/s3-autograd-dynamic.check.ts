/**
 * Checks for s3-autograd-dynamic (P0): the learner's Value class builds expressions in the judge
 * (each method call crosses to the sandbox), and its grads are compared with the same expressions
 * written in tf ops and differentiated by tf.grads (float32, rel 1e-4), plus a float64 central
 * difference (ε 1e-6). The 100 000-op chain is built next to the learner's code (`sandboxed`),
 * where a method call costs nothing; only numbers come back.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { CheckSpec } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-autograd-dynamic');
type V = InstanceType<M['Value']>;

/** The operations of an engine: the learner's Values, tf scalars, or plain float64 numbers. */
interface Ops<T> {
  add(a: T, b: T | number): T; sub(a: T, b: T | number): T; mul(a: T, b: T | number): T; div(a: T, b: T | number): T;
  pow(a: T, k: number): T; neg(a: T): T; exp(a: T): T; log(a: T): T; tanh(a: T): T; relu(a: T): T;
}

const learnerOps: Ops<V> = {
  add: (a, b) => a.add(b), sub: (a, b) => a.sub(b), mul: (a, b) => a.mul(b), div: (a, b) => a.div(b),
  pow: (a, k) => a.pow(k), neg: (a) => a.neg(), exp: (a) => a.exp(), log: (a) => a.log(), tanh: (a) => a.tanh(), relu: (a) => a.relu(),
};

const tfOps: Ops<tf.Tensor> = {
  add: (a, b) => tf.add(a, b), sub: (a, b) => tf.sub(a, b), mul: (a, b) => tf.mul(a, b), div: (a, b) => tf.div(a, b),
  pow: (a, k) => tf.pow(a, k), neg: (a) => tf.neg(a), exp: (a) => tf.exp(a), log: (a) => tf.log(a), tanh: (a) => tf.tanh(a), relu: (a) => tf.relu(a),
};

const numOps: Ops<number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  pow: (a, k) => a ** k, neg: (a) => -a, exp: Math.exp, log: Math.log, tanh: Math.tanh, relu: (a) => (a > 0 ? a : 0),
};

/** An expression over named inputs, written once for every engine. */
interface Expr {
  /** How it reads in messages. */
  text: string;
  inputs: string[];
  f: <T>(o: Ops<T>, x: T[]) => T;
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v));
const closeTo = (got: number, want: number, atol: number, rtol: number): boolean =>
  Object.is(got, want) || (Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= atol + rtol * Math.abs(want));

/** tf.grads of the expression at `at` (float32): [value, grads]. */
function tfReference(e: Expr, at: number[]): { value: number; grads: number[] } {
  return tf.tidy(() => {
    const xs = at.map((v) => tf.scalar(v));
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => e.f(tfOps, args) as tf.Scalar)(xs);
    return { value: value.dataSync()[0], grads: grads.map((g) => g.dataSync()[0]) };
  });
}

/** Float64 central differences (ε 1e-6). */
function numericGrads(e: Expr, at: number[], eps = 1e-6): number[] {
  return at.map((_, i) => {
    const plus = at.slice(), minus = at.slice();
    plus[i] += eps;
    minus[i] -= eps;
    return (e.f(numOps, plus) - e.f(numOps, minus)) / (2 * eps);
  });
}

/** Builds the expression with the learner's Values, calls backward(), returns data and leaf grads. */
function learnerRun(m: M, e: Expr, at: number[]): { value: number; grads: number[]; leaves: V[]; out: V } {
  const leaves = at.map((v) => new m.Value(v));
  const out = e.f(learnerOps, leaves);
  out.backward();
  return { value: out.data, grads: leaves.map((l) => l.grad), leaves, out };
}

const at2str = (e: Expr, at: number[]) => e.inputs.map((n, i) => `${n} = ${fmt(at[i])}`).join(', ');

/**
 * The learner's value and grads must match tf.grads (rel 1e-4) and a float64 numerical gradient
 * (1e-6). `why` may name a mistake from the learner's grads.
 */
type Why = (got: number[], want: number[]) => string | { message: string; hintKey?: string } | undefined;
function expectExpr(m: M, e: Expr, at: number[], why?: Why, hintKey?: string): void {
  const ref = tfReference(e, at);
  const exact = e.f(numOps, at);
  const got = learnerRun(m, e, at);
  const where = `${e.text} at ${at2str(e, at)}`;
  if (!closeTo(got.value, exact, 1e-9, 1e-9)) {
    fail(`${where}: the output's data is ${fmt(got.value)}, expected ${fmt(exact)} (the forward value is wrong before any gradient)`, { expected: fmt(exact), actual: fmt(got.value), hintKey: 'forward-values' });
  }
  const bad = ref.grads.findIndex((w, i) => !closeTo(got.grads[i], w, 1e-5, 1e-4));
  if (bad >= 0) {
    const w = why?.(got.grads, ref.grads);
    const named = typeof w === 'string' ? { message: w } : w;
    const key = named?.hintKey ?? hintKey;
    fail(`${named ? `${named.message}. ` : ''}${where}: ∂out/∂${e.inputs[bad]} is ${fmt(got.grads[bad])}, tf.grads says ${fmt(ref.grads[bad])}`,
      { expected: ref.grads.map(fmt).join(', '), actual: got.grads.map(fmt).join(', '), ...(key ? { hintKey: key } : {}) });
  }
  const numeric = numericGrads(e, at);
  const badN = numeric.findIndex((w, i) => !closeTo(got.grads[i], w, 1e-6, 1e-6));
  if (badN >= 0) {
    fail(`${where}: ∂out/∂${e.inputs[badN]} is ${fmt(got.grads[badN])}, but a float64 central difference (ε = 1e-6) gives ${fmt(numeric[badN])}: compute in plain numbers (float64), no rounding to float32`,
      { expected: numeric.map(fmt).join(', '), actual: got.grads.map(fmt).join(', ') });
  }
}

/** uniform in ±[lo, hi] with a random sign. */
const signed = (r: () => number, lo: number, hi: number) => (r() < 0.5 ? -1 : 1) * (lo + (hi - lo) * r());
const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** One operation's local derivatives, with the wrong formulas learners write, in float64. */
interface LocalCase {
  op: string;
  expr: Expr;
  at: (r: () => number) => number[];
  wrong: Array<{ grads: (x: number[]) => number[]; message: string; hintKey?: string }>;
}

const LOCAL: LocalCase[] = [
  { op: 'add', expr: { text: 'a.add(b)', inputs: ['a', 'b'], f: (o, [a, b]) => o.add(a, b) }, at: (r) => [signed(r, 0.5, 2), signed(r, 0.5, 2)], wrong: [] },
  {
    op: 'sub', expr: { text: 'a.sub(b)', inputs: ['a', 'b'], f: (o, [a, b]) => o.sub(a, b) }, at: (r) => [signed(r, 0.5, 2), signed(r, 0.5, 2)],
    wrong: [{ grads: () => [1, 1], message: 'sub: ∂(a − b)/∂b is −1: the second operand\'s gradient must be negated', }],
  },
  {
    op: 'mul', expr: { text: 'a.mul(b)', inputs: ['a', 'b'], f: (o, [a, b]) => o.mul(a, b) }, at: (r) => [signed(r, 0.5, 2), signed(r, 2.5, 4)],
    wrong: [{ grads: ([a, b]) => [a, b], message: 'mul: each input\'s gradient is the OTHER input\'s value times out.grad (∂(a·b)/∂a = b)' }],
  },
  {
    op: 'div', expr: { text: 'a.div(b)', inputs: ['a', 'b'], f: (o, [a, b]) => o.div(a, b) }, at: (r) => [signed(r, 0.5, 2), signed(r, 1.5, 3)],
    wrong: [
      { grads: ([a, b]) => [1 / b, a / (b * b)], message: 'div: ∂(a/b)/∂b is −a/b² (the minus sign is missing)' },
      { grads: ([, b]) => [1 / b, -1 / (b * b)], message: 'div: ∂(a/b)/∂b is −a/b², not −1/b²' },
      { grads: ([a, b]) => [b, a], message: 'div: the gradients are those of a·b; for a/b they are 1/b and −a/b²' },
    ],
  },
  {
    op: 'pow', expr: { text: 'x.pow(3)', inputs: ['x'], f: (o, [x]) => o.pow(x, 3) }, at: (r) => [signed(r, 0.6, 1.8)],
    wrong: [
      { grads: ([x]) => [3 * x ** 3], message: 'pow: d(xᵏ)/dx is k·xᵏ⁻¹, not k·xᵏ' },
      { grads: ([x]) => [x ** 2], message: 'pow: d(xᵏ)/dx is k·xᵏ⁻¹ (the factor k is missing)' },
    ],
  },
  {
    op: 'pow', expr: { text: 'x.pow(-0.5)', inputs: ['x'], f: (o, [x]) => o.pow(x, -0.5) }, at: (r) => [between(r, 0.5, 3)],
    wrong: [{ grads: ([x]) => [-0.5 * x ** -0.5], message: 'pow: d(xᵏ)/dx is k·xᵏ⁻¹, not k·xᵏ' }],
  },
  { op: 'neg', expr: { text: 'x.neg()', inputs: ['x'], f: (o, [x]) => o.neg(x) }, at: (r) => [signed(r, 0.5, 2)], wrong: [{ grads: () => [1], message: 'neg: d(−x)/dx is −1' }] },
  {
    op: 'exp', expr: { text: 'x.exp()', inputs: ['x'], f: (o, [x]) => o.exp(x) }, at: (r) => [signed(r, 0.5, 2)],
    wrong: [{ grads: ([x]) => [x * Math.exp(x - 1)], message: 'exp: d(eˣ)/dx is eˣ (the power rule does not apply to eˣ)' }, { grads: () => [1], message: 'exp: d(eˣ)/dx is eˣ, not 1' }],
  },
  {
    op: 'log', expr: { text: 'x.log()', inputs: ['x'], f: (o, [x]) => o.log(x) }, at: (r) => [between(r, 0.3, 3)],
    wrong: [{ grads: ([x]) => [Math.log(x)], message: 'log: d(ln x)/dx is 1/x' }, { grads: ([x]) => [x], message: 'log: d(ln x)/dx is 1/x, not x' }],
  },
  {
    op: 'tanh', expr: { text: 'x.tanh()', inputs: ['x'], f: (o, [x]) => o.tanh(x) }, at: (r) => [signed(r, 0.4, 1.5)],
    wrong: [
      { grads: ([x]) => [1 - x * x], message: 'tanh derivative should be 1 − tanh², not 1 − x²: square the OUTPUT t = tanh(x)', hintKey: 'tanh-derivative' },
      { grads: ([x]) => [1 - Math.tanh(x)], message: 'tanh derivative should be 1 − tanh² (the square is missing)', hintKey: 'tanh-derivative' },
    ],
  },
  {
    op: 'relu', expr: { text: 'x.relu() at x > 0', inputs: ['x'], f: (o, [x]) => o.relu(x) }, at: (r) => [between(r, 0.3, 2)],
    wrong: [{ grads: ([x]) => [x], message: 'relu: the gradient where x > 0 is 1 (out.grad passes through), not x' }],
  },
  {
    op: 'relu', expr: { text: 'x.relu() at x < 0', inputs: ['x'], f: (o, [x]) => o.relu(x) }, at: (r) => [-between(r, 0.3, 2)],
    wrong: [{ grads: () => [1], message: 'relu passes no gradient where x < 0 (its output is flat there)' }],
  },
];

function localCheck(m: M): void {
  const r = gradeRng();
  for (const c of LOCAL) {
    const at = c.at(r);
    expectExpr(m, c.expr, at, (got) => {
      const w = c.wrong.find((x) => x.grads(at).every((g, i) => closeTo(got[i], g, 1e-9, 1e-6)));
      return w ?? `${c.op}'s backward step is wrong`;
    });
  }
}

/** The expressions graded against tf.grads, at inputs drawn for each grade. */
const EXPRESSIONS: Array<{ e: Expr; at: (r: () => number) => number[] }> = [
  {
    e: { text: 'neuron tanh(w1·x1 + w2·x2 + b)', inputs: ['w1', 'x1', 'w2', 'x2', 'b'], f: (o, [w1, x1, w2, x2, b]) => o.tanh(o.add(o.add(o.mul(w1, x1), o.mul(w2, x2)), b)) },
    at: (r) => [signed(r, 0.2, 1), signed(r, 0.2, 1.5), signed(r, 0.2, 1), signed(r, 0.2, 1.5), signed(r, 0, 0.5)],
  },
  {
    e: { text: '(a·b + c)³ / (eᵃ + 1)', inputs: ['a', 'b', 'c'], f: (o, [a, b, c]) => o.div(o.pow(o.add(o.mul(a, b), c), 3), o.add(o.exp(a), 1)) },
    at: (r) => [signed(r, 0.2, 1.2), signed(r, 0.2, 1.2), signed(r, 0.2, 1)],
  },
  {
    e: { text: 'log(a² + 1) − b/c + relu(a − b)', inputs: ['a', 'b', 'c'], f: (o, [a, b, c]) => o.add(o.sub(o.log(o.add(o.pow(a, 2), 1)), o.div(b, c)), o.relu(o.sub(a, b))) },
    // a − b stays at least 0.3 away from the kink.
    at: (r) => { const a = signed(r, 0.2, 1.5); return [a, a + signed(r, 0.3, 1), between(r, 0.8, 2)]; },
  },
  {
    e: { text: 'cross-entropy −log(eᵃ / (eᵃ + eᵇ + eᶜ))', inputs: ['a', 'b', 'c'], f: (o, [a, b, c]) => o.neg(o.log(o.div(o.exp(a), o.add(o.add(o.exp(a), o.exp(b)), o.exp(c))))) },
    at: (r) => [signed(r, 0, 2), signed(r, 0, 2), signed(r, 0, 2)],
  },
  {
    e: { text: 'tanh((−a − b)·c − 2) · 3', inputs: ['a', 'b', 'c'], f: (o, [a, b, c]) => o.mul(o.tanh(o.sub(o.mul(o.sub(o.neg(a), b), c), 2)), 3) },
    at: (r) => [signed(r, 0.1, 1), signed(r, 0.1, 1), signed(r, 0.1, 0.6)],
  },
];

/** micrograd's own sanity check, with x = −4 and with x drawn per grade. */
const MICROGRAD: Expr = {
  text: 'z = 2x + 2 + x; q = relu(z) + z·x; h = relu(z·z); y = h + q + q·x',
  inputs: ['x'],
  f: (o, [x]) => {
    const z = o.add(o.add(o.mul(x, 2), 2), x);
    const q = o.add(o.relu(z), o.mul(z, x));
    const h = o.relu(o.mul(z, z));
    return o.add(o.add(h, q), o.mul(q, x));
  },
};

/** `x` used twice: "does not accumulate" when the learner's grad equals one use's share. */
const reuseWhy = (shares: (at: number[]) => number[][]) => (at: number[]) => (got: number[]) =>
  shares(at).some((s) => s.every((g, i) => closeTo(got[i], g, 1e-9, 1e-6)))
    ? 'backward() does not accumulate into a node used twice: add each use\'s share into grad (+=), never assign (=)'
    : undefined;

function check(id: string, name: string, run: CheckSpec<M>['run'], hintKey?: string): CheckSpec<M> {
  return { id, name, fn: 'Value', run, ...(hintKey ? { hintKey } : {}) };
}

export default defineChecks<M>({
  checks: [
    check('forward-values', 'each operation computes the right value (float64, as Math does)', (m) => {
      const r = gradeRng();
      const a = signed(r, 0.5, 2), b = signed(r, 0.5, 2), p = between(r, 0.5, 2);
      const cases: Array<[string, () => number, number, string?]> = [
        [`${fmt(a)} add ${fmt(b)}`, () => new m.Value(a).add(new m.Value(b)).data, a + b],
        [`${fmt(a)} sub ${fmt(b)}`, () => new m.Value(a).sub(new m.Value(b)).data, a - b, 'sub is this − o'],
        [`${fmt(a)} mul ${fmt(b)}`, () => new m.Value(a).mul(new m.Value(b)).data, a * b],
        [`${fmt(a)} div ${fmt(b)}`, () => new m.Value(a).div(new m.Value(b)).data, a / b, 'div is this / o'],
        [`${fmt(p)} pow 3`, () => new m.Value(p).pow(3).data, p ** 3],
        [`${fmt(p)} pow 0.5`, () => new m.Value(p).pow(0.5).data, p ** 0.5],
        [`neg ${fmt(a)}`, () => new m.Value(a).neg().data, -a],
        [`exp ${fmt(a)}`, () => new m.Value(a).exp().data, Math.exp(a)],
        [`log ${fmt(p)}`, () => new m.Value(p).log().data, Math.log(p)],
        [`tanh ${fmt(a)}`, () => new m.Value(a).tanh().data, Math.tanh(a)],
        [`relu ${fmt(a)}`, () => new m.Value(a).relu().data, a > 0 ? a : 0],
      ];
      for (const [what, got, want, hint] of cases) {
        const g = got();
        const nan = Number.isNaN(g) && !Number.isNaN(want) ? ' — a NaN here usually means a plain number was used where a Value was expected (a number has no .data): wrap it, new Value(n)' : '';
        if (!closeTo(g, want, 1e-12, 1e-12)) fail(`${what} gave ${fmt(g)}, expected ${fmt(want)}${nan || (hint ? ` (${hint})` : '')}`, { expected: fmt(want), actual: fmt(g) });
      }
      const v = new m.Value(a);
      if (v.data !== a || v.grad !== 0) fail(`new Value(${fmt(a)}) must start with data ${fmt(a)} and grad 0; got data ${fmt(v.data)}, grad ${fmt(v.grad)}`);
    }),
    check('local-derivatives', 'each operation\'s backward step matches tf.grads (add, sub, mul, div, pow, neg, exp, log, tanh, relu)', (m) => localCheck(m)),
    check('expressions', 'grads of whole expressions match tf.grads (rel 1e-4) and a float64 numerical gradient (1e-6), on inputs drawn per grade', (m) => {
      const r = gradeRng();
      for (const { e, at } of EXPRESSIONS) expectExpr(m, e, at(r));
      expectExpr(m, MICROGRAD, [-4]);
      expectExpr(m, MICROGRAD, [signed(r, 1.5, 3)]);
    }),
    check('reuse-accumulates', 'a node used twice gets the sum of both uses: a·a → 2a, a + a → 2', (m) => {
      const r = gradeRng();
      const a = signed(r, 0.6, 2.5), b = signed(r, 0.6, 2.5);
      expectExpr(m, { text: 'a.mul(a)', inputs: ['a'], f: (o, [x]) => o.mul(x, x) }, [a], reuseWhy(([x]) => [[x]])([a]), 'reuse-accumulates');
      expectExpr(m, { text: 'a.add(a)', inputs: ['a'], f: (o, [x]) => o.add(x, x) }, [a], reuseWhy(() => [[1]])([a]), 'reuse-accumulates');
      expectExpr(m, { text: 'a·b + a', inputs: ['a', 'b'], f: (o, [x, y]) => o.add(o.mul(x, y), x) }, [a, b],
        reuseWhy(([, y]) => [[1, 0], [1, 1], [y, 1]])([a, b]), 'reuse-accumulates');
    }),
    check('diamond', 'diamond-shaped graphs: a node\'s grad is complete before it is passed on', (m) => {
      const r = gradeRng();
      const a = signed(r, 0.3, 1.2), b = signed(r, 0.3, 1.2);
      // c feeds d and e, and both feed f: c must collect both shares before its own step runs.
      const diamond: Expr = {
        text: 'c = a·b; d = tanh(c); e = c·3 + 1; f = d·e + exp(c)', inputs: ['a', 'b'],
        f: (o, [x, y]) => { const c = o.mul(x, y); const d = o.tanh(c); const e = o.add(o.mul(c, 3), 1); return o.add(o.mul(d, e), o.exp(c)); },
      };
      const why = () => 'a node\'s backward step ran before all its consumers had added their share (or a share was lost): visit nodes in reverse TOPOLOGICAL order, each once';
      expectExpr(m, diamond, [a, b], why);
      const deep: Expr = {
        text: 'h = a; repeat 4×: h = h·h − h·b', inputs: ['a', 'b'],
        f: (o, [x, y]) => { let h = x; for (let i = 0; i < 4; i++) h = o.sub(o.mul(h, h), o.mul(h, y)); return h; },
      };
      expectExpr(m, deep, [between(r, 0.2, 0.6), between(r, 0.2, 0.6)], why);
    }),
    check('backward-idempotent', 'backward() zeroes the graph\'s grads first: calling it twice gives the same grads', (m) => {
      const r = gradeRng();
      const w = signed(r, 0.3, 1.5), x = signed(r, 0.3, 1.5);
      const first = learnerRun(m, EXPRESSIONS[0].e, [w, x, 0.5, -0.7, 0.1]);
      const once = first.grads;
      first.out.backward();
      const twice = first.leaves.map((l) => l.grad);
      if (twice.some((g, i) => !closeTo(g, once[i], 1e-12, 1e-9))) {
        // Without zeroing, the leaves get 2× (or more: inner nodes keep their old grads too).
        const grew = twice.every((g, i) => once[i] === 0 || g / once[i] >= 1.5);
        fail(`${grew ? 'grad not reset: calling backward() twice doubled the gradients (or more)' : 'calling backward() twice changed the gradients'}: zero every grad in the graph before propagating`,
          { expected: once.map(fmt).join(', '), actual: twice.map(fmt).join(', ') });
      }
      // Two outputs sharing a leaf: the second backward() gives ∂y2/∂x only.
      const a = new m.Value(x);
      const y1 = a.mul(3);
      const y2 = a.pow(2);
      y1.backward();
      y2.backward();
      if (!closeTo(a.grad, 2 * x, 1e-12, 1e-9)) {
        fail(`x = ${fmt(x)}; y1 = x·3; y2 = x²; y1.backward(); y2.backward(): x.grad is ${fmt(a.grad)}, expected ∂y2/∂x = ${fmt(2 * x)}${closeTo(a.grad, 2 * x + 3, 1e-12, 1e-9) ? ' — grad not reset: the first backward()\'s 3 is still in it' : ''}`,
          { expected: fmt(2 * x), actual: fmt(a.grad) });
      }
    }, 'backward-idempotent'),
    check('deep-chain', 'a chain of 100 000 ops backpropagates without overflowing the stack', async (m, ctx) => {
      const n = 100_000;
      const res = await ctx.inSandbox<{ overflow: boolean; data: number; grad: number; ms: number }>('deepChain', { n });
      if (res.overflow) fail('a recursive topological sort overflows on a 100 000-op chain: sort with an explicit stack (a loop over an array you push and pop), not with recursion');
      // x·1.00001 then + 0.00001, n/2 times: ∂y/∂x = 1.00001^(n/2).
      let data = 0.5;
      for (let i = 0; i < n / 2; i++) data = data * 1.00001 + 0.00001;
      const grad = 1.00001 ** (n / 2);
      if (!closeTo(res.data, data, 1e-12, 1e-9)) fail(`the chain's output data is ${fmt(res.data)}, expected ${fmt(data)}`);
      if (!closeTo(res.grad, grad, 1e-12, 1e-7)) fail(`after backward() on the 100 000-op chain, x.grad is ${fmt(res.grad)}, expected 1.00001^50000 = ${fmt(grad)}`, { expected: fmt(grad), actual: fmt(res.grad) });
    }),
    check('plain-number-operands', 'plain numbers work as operands: a.add(2), a.mul(3), a.sub(1), a.div(4)', (m) => {
      const r = gradeRng();
      const a = signed(r, 0.5, 2);
      const e: Expr = { text: '((a + 2)·3 − 1) / 4', inputs: ['a'], f: (o, [x]) => o.div(o.sub(o.mul(o.add(x, 2), 3), 1), 4) };
      let got: { value: number; grads: number[] };
      try { got = learnerRun(m, e, [a]); } catch (err) {
        fail(`${e.text} with plain numbers threw (${err instanceof Error ? err.message : String(err)}): turn a number operand into a Value first (o instanceof Value ? o : new Value(o))`);
      }
      if (Number.isNaN(got.value)) fail(`${e.text} at a = ${fmt(a)} gave NaN: a plain number has no .data — turn a number operand into a Value first (o instanceof Value ? o : new Value(o))`);
      expectExpr(m, e, [a]);
    }),
    check('edge-cases', 'log(0) = −Infinity and log(x < 0) = NaN as Math.log; dividing by zero gives Infinity; tanh saturates without NaN', (m) => {
      const cases: Array<[string, () => number, number, string]> = [
        ['new Value(0).log().data', () => new m.Value(0).log().data, -Infinity, 'log(0) is −Infinity, as Math.log(0)'],
        ['new Value(-2).log().data', () => new m.Value(-2).log().data, NaN, 'log of a negative number is NaN, as Math.log(−2)'],
        ['new Value(3).div(0).data', () => new m.Value(3).div(0).data, Infinity, 'dividing by zero gives Infinity, as 3 / 0 does'],
        ['new Value(-3).div(new Value(0)).data', () => new m.Value(-3).div(new m.Value(0)).data, -Infinity, 'dividing by zero gives ±Infinity, as −3 / 0 does'],
        ['new Value(400).tanh().data', () => new m.Value(400).tanh().data, 1, 'tanh(400) is 1: compute it with Math.tanh (eˣ overflows to Infinity and Infinity/Infinity is NaN)'],
        ['new Value(-400).tanh().data', () => new m.Value(-400).tanh().data, -1, 'tanh(−400) is −1: compute it with Math.tanh'],
      ];
      for (const [what, run, want, why] of cases) {
        let got: number;
        try { got = run(); } catch (err) {
          fail(`${what} threw (${err instanceof Error ? err.message : String(err)}): ${why}; do not throw`);
        }
        if (!Object.is(got, want) && !(Number.isNaN(want) && Number.isNaN(got))) fail(`${what} is ${fmt(got)}, expected ${fmt(want)}: ${why}`, { expected: fmt(want), actual: fmt(got) });
      }
      // The gradients follow the same arithmetic: d(log x)/dx = 1/x = Infinity at 0; tanh'(400) = 0.
      const x = new m.Value(0);
      x.log().backward();
      if (x.grad !== Infinity) fail(`x = 0; x.log().backward(): x.grad is ${fmt(x.grad)}, expected Infinity (1/x at 0, as tf.grads gives)`);
      const t = new m.Value(400);
      t.tanh().backward();
      if (t.grad !== 0) fail(`x = 400; x.tanh().backward(): x.grad is ${fmt(t.grad)}, expected 0 (1 − tanh² with tanh = 1)`);
    }),
    check('relu-kink', 'relu at exactly 0 has gradient 0, as tf.grads', (m) => {
      const e: Expr = { text: 'x.relu()', inputs: ['x'], f: (o, [x]) => o.relu(x) };
      const kinkWhy = (got: number[]) => (got[0] === 1 ? 'relu\'(0) must be 0, as tf.grads gives: pass the gradient only where x > 0 (not x ≥ 0)' : undefined);
      expectExpr2(m, e, [0], kinkWhy);
      // A zero reached through other ops: (a − a)·b, then relu.
      const r = gradeRng();
      const a = signed(r, 0.5, 2), b = signed(r, 0.5, 2);
      expectExpr2(m, { text: 'relu(a·b − a·b + a·0) + a·b', inputs: ['a', 'b'], f: (o, [x, y]) => o.add(o.relu(o.add(o.sub(o.mul(x, y), o.mul(x, y)), o.mul(x, 0))), o.mul(x, y)) }, [a, b],
        (got) => (closeTo(got[0], 2 * b, 1e-9, 1e-9) ? 'relu\'(0) must be 0, as tf.grads gives: pass the gradient only where x > 0 (not x ≥ 0)' : undefined));
    }),
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'Value',
      calls: [
        {
          name: 'an expression with every operation, then backward()',
          call: (m) => {
            const a = new m.Value(0.7), b = new m.Value(-1.3);
            const y = a.mul(b).add(2).sub(a.div(b)).pow(2).neg().exp().add(a.log().tanh()).add(b.relu());
            y.backward();
            return [a.grad, b.grad];
          },
        },
      ],
      names: { 'no-tf-kernels': 'pure TypeScript: no tf ops in Value (P0)' },
    }),
  ],
});

/** At a kink compare with tf.grads only (a numerical gradient straddles the kink). */
function expectExpr2(m: M, e: Expr, at: number[], why: (got: number[]) => string | undefined): void {
  const ref = tfReference(e, at);
  const got = learnerRun(m, e, at);
  const bad = ref.grads.findIndex((w, i) => !closeTo(got.grads[i], w, 1e-6, 1e-6));
  if (bad >= 0) {
    const named = why(got.grads);
    fail(`${named ? `${named}. ` : ''}${e.text} at ${at2str(e, at)}: ∂out/∂${e.inputs[bad]} is ${fmt(got.grads[bad])}, tf.grads says ${fmt(ref.grads[bad])}`,
      { expected: ref.grads.map(fmt).join(', '), actual: got.grads.map(fmt).join(', ') });
  }
}

/** Runs next to the learner's code: 100 000 ops built and backpropagated without a crossing per call. */
export const sandboxed = {
  deepChain(m: M, input: { n: number }): { overflow: boolean; data: number; grad: number; ms: number } {
    const t0 = Date.now();
    const x = new m.Value(0.5);
    let v = x;
    for (let i = 0; i < input.n / 2; i++) v = v.mul(1.00001).add(0.00001);
    try {
      v.backward();
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) return { overflow: true, data: v.data, grad: NaN, ms: Date.now() - t0 };
      throw e;
    }
    return { overflow: false, data: v.data, grad: x.grad, ms: Date.now() - t0 };
  },
};
