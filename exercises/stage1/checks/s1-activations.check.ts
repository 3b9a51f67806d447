/**
 * Checks for s1-activations (P1). References are the tf kernels the learner may not use
 * (tf.relu, tf.sigmoid, …), tf.layers' erf GELU, and tf.grad of those kernels for the derivatives.
 * Inputs are rank ≥ 2, include exact zeros (relu'(0)), ±1e-3, ±50 and ±1000 (stability).
 * tf.softmax only works on the last axis, so other-axis references transpose first.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, expectThrows, fail, fmtShape, gradeRng, randomRows, standardChecks } from 'dl-tutor/grading';
import type { CheckContext, Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-activations');

const BANNED = ['Relu', 'Relu6', 'LeakyRelu', 'Prelu', 'Elu', 'Selu', 'Sigmoid', 'Tanh', 'Softplus', 'Softmax', 'LogSoftmax', 'logSoftmax__op'];
const ATOL = 1e-6;
const RTOL = 1e-5;

const fmt = (v: number): string => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : Number(v.toPrecision(6)).toString());

/**
 * fn's result must match ref (same shape as x); a known mistake names itself. A NaN or ±Infinity
 * where tf is finite, at |x| ≥ 50, is an overflow and says so. Disposes what it made.
 */
function checkAgainst(fn: () => unknown, ref: () => tf.Tensor, x: tf.Tensor, what: string,
  mistakes: () => Mistake[] = () => [], tol: { atol?: number; rtol?: number } = {}): void {
  const r = fn();
  const expected = ref();
  const ms = mistakes();
  const e = expected.dataSync();
  const xs = x.shape.join() === expected.shape.join() ? x.dataSync() : null;
  const overflow: Mistake = {
    when: (got) => xs !== null && got.some((g, i) => !Number.isFinite(g) && Number.isFinite(e[i]) && Math.abs(xs[i]) >= 50),
    hintKey: 'overflow',
    message: 'your formula overflows for large |x| (e^1000 is Infinity in float32, and Infinity/Infinity or Infinity − Infinity is NaN): rewrite it so you only exponentiate non-positive numbers, e.g. e^(−|x|)',
  };
  try {
    expectTensorClose(r, expected, { name: what, atol: tol.atol ?? ATOL, rtol: tol.rtol ?? RTOL, tensor: true, mistakes: [...ms, overflow] });
  } finally {
    tf.dispose([expected, ...ms.map((m) => m.when).filter((t): t is tf.Tensor => t instanceof tf.Tensor)]);
    if (r instanceof tf.Tensor && r !== x && !r.isDisposed) r.dispose();
  }
}

// The standard input: rank 2, exact zeros, small, moderate and huge values on both sides.
const X_VALUES = [
  [-6, -2.5, -1, -0.5, -1e-3, 0],
  [1e-3, 0.5, 1, 2.5, 6, 0],
  [-50, 50, -1000, 1000, -20, 20],
  [-3, 3, 0.25, -0.25, 8, -8],
];
/** The standard input, then one drawn for this grade (a file that only knows the standard one fails). */
const withX = (f: (x: tf.Tensor2D) => void): void => {
  for (const values of [X_VALUES, randomRows(gradeRng(), 3, 5, -8, 8)]) {
    const x = tf.tensor2d(values);
    try { f(x); } finally { x.dispose(); }
  }
};

/** Softmax over any axis with tf.softmax (last axis only) by moving the axis to the end and back. */
function refSoftmax(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.tidy(() => {
    const ax = axis < 0 ? axis + x.rank : axis;
    if (ax === x.rank - 1) return tf.softmax(x);
    const perm = [...Array(x.rank).keys()];
    perm[ax] = x.rank - 1;
    perm[x.rank - 1] = ax;
    return tf.transpose(tf.softmax(tf.transpose(x, perm)), perm);
  });
}
function softmaxMistakes(x: tf.Tensor, axis: number) {
  const ax = axis < 0 ? axis + x.rank : axis;
  const out: Array<{ when: tf.Tensor; message: string; hintKey?: string }> = [];
  for (let k = 0; k < x.rank; k++) {
    if (k !== ax) {
      out.push({ when: refSoftmax(x, k), hintKey: 'softmaxAxis',
        message: `your result is a softmax over axis ${k}, but axis ${axis} was asked for. Reduce (max, sum) over the axis argument, with keepDims so it broadcasts back.` });
    }
  }
  return out;
}

const geluRef = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.layers.activation({ activation: 'gelu' }).apply(x) as tf.Tensor);
const gradOf = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor => tf.grad(f)(x);

/** f(x) and f'(x) on [−6, 6] from the learner's own functions (anything that throws is left out). */
function emitCurves(L: M, ctx: CheckContext): void {
  const xs = Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);
  const series: Array<{ name: string; x: number[]; y: number[]; dashed?: boolean }> = [];
  const add = (name: string, f: (x: tf.Tensor) => tf.Tensor, dashed = false) => {
    try {
      const y = tf.tidy(() => Array.from(f(tf.tensor1d(xs)).dataSync()));
      series.push({ name, x: xs, y, dashed });
    } catch { /* the failing check reports it */ }
  };
  add('relu', (x) => L.act.relu(x));
  add('leakyRelu (α 0.1)', (x) => L.act.leakyRelu(x, 0.1));
  add('sigmoid', (x) => L.act.sigmoid(x));
  add('tanh', (x) => L.act.tanh(x));
  add('elu', (x) => L.act.elu(x));
  add('softplus', (x) => L.act.softplus(x));
  add('gelu', (x) => L.act.gelu(x));
  add("relu'", (x) => L.actGrad.relu(x), true);
  add("sigmoid'", (x) => L.actGrad.sigmoid(x), true);
  add("tanh'", (x) => L.actGrad.tanh(x), true);
  ctx.emit({ kind: 'lines', chart: 'activations', title: 'Your activations f(x) (solid) and derivatives f\u2032(x) (dashed)',
    series, xLabel: 'x', yLabel: 'f(x)' });
}

type Fn = { name: string; call: (L: M, x: tf.Tensor) => tf.Tensor; ref: (x: tf.Tensor) => tf.Tensor };
const ELEMENTWISE: Fn[] = [
  { name: 'act.relu', call: (L, x) => L.act.relu(x), ref: (x) => tf.relu(x) },
  { name: 'act.leakyRelu(x, 0.1)', call: (L, x) => L.act.leakyRelu(x, 0.1), ref: (x) => tf.leakyRelu(x, 0.1) },
  { name: 'act.sigmoid', call: (L, x) => L.act.sigmoid(x), ref: (x) => tf.sigmoid(x) },
  { name: 'act.tanh', call: (L, x) => L.act.tanh(x), ref: (x) => tf.tanh(x) },
  { name: 'act.elu', call: (L, x) => L.act.elu(x), ref: (x) => tf.elu(x) },
  { name: 'act.softplus', call: (L, x) => L.act.softplus(x), ref: (x) => tf.softplus(x) },
  { name: 'act.gelu', call: (L, x) => L.act.gelu(x), ref: geluRef },
  { name: 'act.softmax', call: (L, x) => L.act.softmax(x), ref: (x) => tf.softmax(x) },
  { name: 'actGrad.relu', call: (L, x) => L.actGrad.relu(x), ref: (x) => gradOf((v) => tf.relu(v), x) },
  { name: 'actGrad.sigmoid', call: (L, x) => L.actGrad.sigmoid(x), ref: (x) => gradOf((v) => tf.sigmoid(v), x) },
  { name: 'actGrad.tanh', call: (L, x) => L.actGrad.tanh(x), ref: (x) => gradOf((v) => tf.tanh(v), x) },
];

export default defineChecks<M>({
  checks: [
    {
      id: 'relu-value', name: 'act.relu matches tf.relu', fn: 'act',
      run: (L) => withX((x) => checkAgainst(() => L.act.relu(x), () => tf.relu(x), x, 'act.relu(x)')),
    },
    {
      id: 'leaky-relu-alpha', name: 'act.leakyRelu uses the alpha you pass (0.1 and 0.3)', fn: 'act', hintKey: 'leakyAlpha',
      run: (L) => withX((x) => {
        for (const alpha of [0.1, 0.3]) {
          checkAgainst(() => L.act.leakyRelu(x, alpha), () => tf.leakyRelu(x, alpha), x, `act.leakyRelu(x, ${alpha})`, () =>
            [0.01, 0.2, 0.3, 0.1].filter((a) => a !== alpha).map((a) => ({ when: tf.leakyRelu(x, a), hintKey: 'leakyAlpha',
              message: `negative inputs are multiplied by ${a}, not by the alpha argument ${alpha}. Use alpha (no hard-coded slope: tf uses 0.2, Keras 0.3, PyTorch 0.01).` })));
        }
      }),
    },
    {
      id: 'sigmoid-value', name: 'act.sigmoid matches tf.sigmoid (stable at ±1000)', fn: 'act',
      run: (L) => withX((x) => checkAgainst(() => L.act.sigmoid(x), () => tf.sigmoid(x), x, 'act.sigmoid(x)', () => [
        { when: tf.tidy(() => tf.sigmoid(tf.neg(x))), hintKey: 'sigmoidSign', message: 'your values are sigmoid(−x): the exponent needs a minus sign, σ(x) = 1 / (1 + e^(−x)).' },
      ])),
    },
    {
      id: 'tanh-value', name: 'act.tanh matches tf.tanh (stable at ±1000)', fn: 'act',
      run: (L) => withX((x) => checkAgainst(() => L.act.tanh(x), () => tf.tanh(x), x, 'act.tanh(x)')),
    },
    {
      id: 'elu-value', name: 'act.elu matches tf.elu (alpha 1 by default, and 0.5)', fn: 'act',
      run: (L) => withX((x) => {
        checkAgainst(() => L.act.elu(x), () => tf.elu(x), x, 'act.elu(x)');
        // tf.elu has no alpha: the reference for α ≠ 1 is α·(eˣ − 1) for x ≤ 0 built from tf.elu itself.
        checkAgainst(() => L.act.elu(x, 0.5), () => tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(0.5, tf.elu(x)))), x, 'act.elu(x, 0.5)', () => [
          { when: tf.elu(x), message: 'with alpha = 0.5 the negative side should be 0.5·(eˣ − 1), but you returned eˣ − 1: use the alpha argument.' },
        ]);
      }),
    },
    {
      id: 'softplus-value', name: 'act.softplus matches tf.softplus (softplus(1000) = 1000)', fn: 'act',
      run: (L) => withX((x) => checkAgainst(() => L.act.softplus(x), () => tf.softplus(x), x, 'act.softplus(x)')),
    },
    {
      id: 'gelu-value', name: 'act.gelu is the exact erf GELU (tf.layers gelu, tol 1e-5)', fn: 'act',
      run: (L) => withX((x) => checkAgainst(() => L.act.gelu(x), () => geluRef(x), x, 'act.gelu(x)', () => [
        { when: tf.tidy(() => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))),
          message: 'you used the tanh approximation of GELU; this exercise asks for the exact form 0.5·x·(1 + erf(x/√2)) (tf.erf).' },
        { when: tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(1.702, x)))), message: 'you used the sigmoid approximation x·σ(1.702x); use the exact form 0.5·x·(1 + erf(x/√2)).' },
      ], { atol: 1e-5, rtol: 1e-5 })),
    },
    {
      id: 'softmax-last-axis', name: 'act.softmax matches tf.softmax over the last axis by default', fn: 'act', hintKey: 'softmaxAxis',
      run: (L) => {
        const x = tf.tensor2d([[1, 2, 3, 4], [2, -1, 0.5, 0], [-3, 5, 1, 1]]);
        try {
          checkAgainst(() => L.act.softmax(x), () => tf.softmax(x), x, 'act.softmax(x)', () => softmaxMistakes(x, -1));
        } finally { x.dispose(); }
      },
    },
    {
      id: 'softmax-any-axis', name: 'act.softmax works over any axis (0, 1, 2, −1, −2 on a rank-3 tensor)', fn: 'act', hintKey: 'softmaxAxis',
      run: (L) => {
        const x = tf.tidy(() => tf.reshape(tf.sin(tf.mul(tf.range(0, 24), 1.7)), [2, 3, 4]).mul(3));
        try {
          for (const axis of [0, 1, 2, -1, -2]) {
            checkAgainst(() => L.act.softmax(x, axis), () => refSoftmax(x, axis), x, `act.softmax(x of shape [2, 3, 4], axis ${axis})`, () => softmaxMistakes(x, axis));
          }
        } finally { x.dispose(); }
      },
    },
    {
      id: 'softmax-stable', name: 'act.softmax is stable for logits of ±1000 and handles −Infinity', fn: 'act', hintKey: 'softmaxStable',
      run: (L) => {
        const x = tf.tensor2d([[1000, 1000, 1000], [-1000, 0, 1000], [-Infinity, 0, -Infinity], [-1000, -1000, -999]]);
        try {
          const r = L.act.softmax(x);
          const g = r instanceof tf.Tensor && !r.isDisposed ? r.dataSync() : [];
          if (r.shape?.join() === '4,3' && Array.from(g).slice(0, 6).some(Number.isNaN)) {
            r.dispose();
            fail('act.softmax([[1000, 1000, 1000], [−1000, 0, 1000]]) gave NaN: e^1000 overflows to Infinity and Inf/Inf is NaN. '
              + 'Subtract the max along the axis before exp — softmax(x) = softmax(x − max(x)).', { expected: '[1/3, 1/3, 1/3] and [0, 0, 1]', hintKey: 'softmaxStable' });
          }
          if (r instanceof tf.Tensor) r.dispose();
          // atol 1e-4: exp(x − logSumExp(x)) is correct but loses ~3e-5 at |x| = 1000 (float32 spacing there is 6e-5).
          checkAgainst(() => L.act.softmax(x), () => tf.softmax(x), x, 'act.softmax(x with ±1000 and −Infinity)', () => [], { atol: 1e-4 });
          // An all −Infinity row is NaN in tf too (−Inf − (−Inf)); only the ±Inf/finite mix must be exact.
          const y = tf.tensor2d([[-Infinity, 0], [-Infinity, -Infinity], [3, 3]]);
          try {
            checkAgainst(() => L.act.softmax(y), () => tf.softmax(y), y, 'act.softmax([[−Inf, 0], [−Inf, −Inf], [3, 3]])');
          } finally { y.dispose(); }
        } finally { x.dispose(); }
      },
    },
    {
      id: 'softmax-scalar-throws', name: 'act.softmax of a scalar (rank 0) throws', fn: 'act',
      run: (L) => expectThrows(() => L.act.softmax(tf.scalar(2)), undefined, { name: 'act.softmax(tf.scalar(2))', why: 'a scalar has no axis to normalise over; tf.softmax throws too' }),
    },
    {
      id: 'nan-propagates', name: 'NaN stays NaN in its own position (every function)', fn: 'act', hintKey: 'nan',
      run: (L) => {
        const x = tf.tensor2d([[NaN, -1, 0, 2], [1, -2, 0.5, 3]]);
        try {
          for (const f of ELEMENTWISE) {
            checkAgainst(() => f.call(L, x), () => f.ref(x), x, `${f.name}(x with a NaN at [0, 0])`, () => [], { atol: 1e-5, rtol: 1e-5 });
          }
        } catch (e) {
          if (e instanceof Error && /\[0,0\]/.test(e.message) && / got [01],/.test(e.message)) {
            fail(`${e.message} A NaN input must stay NaN: comparisons like tf.greater(NaN, 0) are false and silently turn it into a number. tf.maximum, tf.step and arithmetic keep NaN.`, { hintKey: 'nan' });
          }
          throw e;
        } finally { x.dispose(); }
      },
    },
    {
      id: 'empty-tensors', name: 'empty tensors ([0] and [2, 0]) give empty results of the same shape', fn: 'act',
      run: (L) => {
        for (const shape of [[0], [2, 0]]) {
          const x = tf.zeros(shape);
          try {
            for (const f of ELEMENTWISE) {
              expectTensorClose(f.call(L, x), x, { name: `${f.name}(x of shape ${fmtShape(shape)})`, tensor: true });
            }
            if (shape.length === 2) {
              expectTensorClose(L.act.softmax(x, 0), x, { name: 'act.softmax(x of shape [2,0], axis 0)', tensor: true });
            }
          } finally { x.dispose(); }
        }
      },
    },
    {
      id: 'relu-grad', name: "actGrad.relu matches tf.grad(tf.relu): relu'(0) = 0", fn: 'actGrad', hintKey: 'reluAtZero',
      run: (L) => withX((x) => checkAgainst(() => L.actGrad.relu(x), () => gradOf((v) => tf.relu(v), x), x, 'actGrad.relu(x)', () => [
        { when: tf.tidy(() => tf.cast(tf.greaterEqual(x, 0), 'float32')), hintKey: 'reluAtZero',
          message: "at x = 0 you return 1; tf's convention (tf.grad(tf.relu) at 0) is relu'(0) = 0. Use x > 0, not x ≥ 0." },
      ])),
    },
    {
      id: 'sigmoid-grad', name: 'actGrad.sigmoid matches tf.grad(tf.sigmoid)', fn: 'actGrad',
      run: (L) => withX((x) => checkAgainst(() => L.actGrad.sigmoid(x), () => gradOf((v) => tf.sigmoid(v), x), x, 'actGrad.sigmoid(x)', () => [
        { when: tf.tidy(() => tf.mul(x, tf.sub(1, x))), message: "you computed x·(1 − x); the derivative is σ(x)·(1 − σ(x)) — apply the sigmoid first." },
      ])),
    },
    {
      id: 'tanh-grad', name: 'actGrad.tanh matches tf.grad(tf.tanh)', fn: 'actGrad',
      run: (L, ctx) => {
        emitCurves(L, ctx);
        withX((x) => checkAgainst(() => L.actGrad.tanh(x), () => gradOf((v) => tf.tanh(v), x), x, 'actGrad.tanh(x)', () => [
          { when: tf.tidy(() => tf.sub(1, tf.square(x))), message: "you computed 1 − x²; the derivative is 1 − tanh(x)² — apply tanh first." },
        ]));
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'act',
      calls: [
        ...ELEMENTWISE.map((f) => ({ name: f.name, inputs: () => ({ x: tf.tensor2d(X_VALUES) }), call: (L: M, i: Record<string, any>) => f.call(L, i.x) })),
        { name: 'act.softmax(x, 0)', inputs: () => ({ x: tf.tensor2d(X_VALUES) }), call: (L, i) => L.act.softmax(i.x, 0) },
        { name: 'act.leakyRelu(x, 0.3)', inputs: () => ({ x: tf.tensor2d(X_VALUES) }), call: (L, i) => L.act.leakyRelu(i.x, 0.3) },
        { name: 'act.elu(x, 0.5)', inputs: () => ({ x: tf.tensor2d(X_VALUES) }), call: (L, i) => L.act.elu(i.x, 0.5) },
      ],
      banned: {
        apis: ['tf.layers'], why: 'build the activations from tf primitives (tf.exp, tf.erf, tf.maximum…), not from tf.layers',
        kernels: BANNED, kernelsWhy: 'build each activation from primitives (tf.exp, tf.log1p, tf.maximum, tf.where, tf.erf, tf.sum, tf.max, arithmetic)',
      },
      names: { 'no-banned-apis': 'no tf.relu / tf.sigmoid / tf.tanh / tf.softmax… (build them from primitives)' },
      hintKeys: { 'no-banned-apis': 'banned' },
    }),
  ],
});
