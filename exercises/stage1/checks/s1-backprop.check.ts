/**
 * Checks for s1-backprop (P1, autodiff disabled). The learner's mlpBackward always runs inside
 * withAutodiffDisabled. The reference is the vector-Jacobian product from tf.grads of
 * sum(forward(W…, b…, X) ⊙ dOut) over [W…, b…, X] (computed here, with autodiff on), tolerance
 * 1e-5 / 1e-4. A manual backward pass with known mistakes switched on names them in messages.
 * The cache comes from a forward pass written in this file, so this exercise stands alone.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, expectNoBannedApis, withAutodiffDisabled, numericalGradientCheck, disposeResult, isTensor, fmtShape, standardChecks, randomDenseParams, randomMatrix } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-backprop');
type Act = import('../solutions/s1-backprop').ActivationName;
type Params = import('../solutions/s1-backprop').DenseParams;
type Cache = import('../solutions/s1-backprop').LayerCache;
interface Grads { dW: tf.Tensor2D[]; db: tf.Tensor1D[]; dX: tf.Tensor2D }

const TOL = { atol: 1e-5, rtol: 1e-4 };

// ---------- nets, data and the forward pass (seeded) ----------
const makeParams = (sizes: number[], seed: number): Params[] => randomDenseParams(sizes, seed);
const makeMatrix = (rows: number, cols: number, seed: number, scale = 1.5): tf.Tensor2D => randomMatrix(rows, cols, seed, scale);

function applyAct(z: tf.Tensor2D, act: Act): tf.Tensor2D {
  switch (act) {
    case 'linear': return z.clone();
    case 'relu': return tf.relu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'leakyRelu': return tf.leakyRelu(z, 0.2);
    case 'softmax': return tf.softmax(z);
  }
}

export function forwardOut(x: tf.Tensor2D, Ws: tf.Tensor2D[], bs: tf.Tensor1D[], acts: Act[]): tf.Tensor2D {
  let a = x;
  Ws.forEach((W, i) => { a = applyAct(tf.add(tf.matMul(a, W), bs[i]), acts[i]); });
  return a;
}

/** The cache mlpForward would have produced; cache[0].input is x itself. */
export function forwardCache(x: tf.Tensor2D, ps: Params[], acts: Act[]): Cache[] {
  return tf.tidy(() => {
    const cache: Cache[] = [];
    let input = x;
    ps.forEach(({ W, b }, i) => {
      const z: tf.Tensor2D = tf.add(tf.matMul(input, W), b);
      const a = applyAct(z, acts[i]);
      cache.push({ input, z, a });
      input = a;
    });
    return cache as unknown as tf.TensorContainer;
  }) as unknown as Cache[];
}
export const disposeCache = (c: Cache[], x: tf.Tensor): void => c.forEach((l) => { if (l.input !== x) l.input.dispose(); l.z.dispose(); l.a.dispose(); });
const disposeParams = (ps: Params[]): void => ps.forEach((p) => { p.W.dispose(); p.b.dispose(); });

/** The reference: the vector-Jacobian product of the whole net, tf.grads over [W…, b…, X] of sum(output ⊙ dOut). */
function refGrads(x: tf.Tensor2D, ps: Params[], acts: Act[], dOut: tf.Tensor2D): Grads {
  const L = ps.length;
  const g = tf.grads((...args: tf.Tensor[]) => {
    const out = forwardOut(args[2 * L] as tf.Tensor2D, args.slice(0, L) as tf.Tensor2D[], args.slice(L, 2 * L) as tf.Tensor1D[], acts);
    return tf.sum(tf.mul(out, dOut));
  })([...ps.map((p) => p.W), ...ps.map((p) => p.b), x]);
  return { dW: g.slice(0, L) as tf.Tensor2D[], db: g.slice(L, 2 * L) as tf.Tensor1D[], dX: g[2 * L] as tf.Tensor2D };
}
const disposeGrads = (g: Grads): void => [...g.dW, ...g.db, g.dX].forEach((t) => t.dispose());

/** Manual backward pass with one known mistake switched on; values only (for messages). */
type Variant = 'noActDeriv' | 'sigmoidFromZ' | 'dbMean' | 'reluAtZeroIs1' | 'softmaxDiag';
function variantGrads(cache: Cache[], ps: Params[], acts: Act[], dOut: tf.Tensor2D, v: Variant): { dW: number[][][]; db: number[][]; dX: number[][] } {
  return tf.tidy(() => {
    const dW: number[][][] = [];
    const db: number[][] = [];
    let dA: tf.Tensor2D = dOut;
    for (let i = ps.length - 1; i >= 0; i--) {
      const { input, z, a } = cache[i];
      let dZ: tf.Tensor2D;
      if (v === 'noActDeriv') dZ = dA;
      else if (acts[i] === 'relu') dZ = tf.mul(dA, v === 'reluAtZeroIs1' ? tf.cast(tf.greaterEqual(z, 0), 'float32') : tf.step(z));
      else if (acts[i] === 'leakyRelu') dZ = tf.where(tf.greater(z, 0), dA, tf.mul(dA, 0.2)) as tf.Tensor2D;
      else if (acts[i] === 'sigmoid') dZ = tf.mul(dA, tf.mul(a, tf.sub(1, v === 'sigmoidFromZ' ? z : a)));
      else if (acts[i] === 'tanh') dZ = tf.mul(dA, tf.sub(1, tf.square(a)));
      else if (acts[i] === 'softmax') {
        dZ = v === 'softmaxDiag' ? tf.mul(dA, tf.mul(a, tf.sub(1, a))) : tf.mul(a, tf.sub(dA, tf.sum(tf.mul(dA, a), 1, true)));
      }
      else dZ = dA;
      dW[i] = tf.matMul(input, dZ, true, false).arraySync() as number[][];
      const s = tf.sum(dZ, 0);
      db[i] = (v === 'dbMean' ? tf.div(s, dZ.shape[0]) : s).arraySync() as number[];
      dA = tf.matMul(dZ, ps[i].W, false, true);
    }
    return { dW, db, dX: dA.arraySync() };
  });
}

/** Calls the learner with autodiff off and checks the result's structure. */
export function callLearner(L: M, cache: Cache[], ps: Params[], acts: Act[], dOut: tf.Tensor2D, what: string): Grads {
  const r = withAutodiffDisabled(() => L.mlpBackward(cache, ps, acts, dOut)) as unknown;
  const o = r as Partial<Grads> | null;
  if (!o || typeof o !== 'object') fail(`${what}: mlpBackward should return { dW, db, dX }, got ${String(r)}.`);
  for (const k of ['dW', 'db'] as const) {
    const arr = o[k];
    if (!Array.isArray(arr)) fail(`${what}: ${k} should be an array with one tensor per layer, got ${typeof arr}.`);
    if (arr.length !== ps.length) { disposeResult(r, keepOf(cache, ps, dOut)); fail(`${what}: ${k} has ${arr.length} entries, expected ${ps.length} (one per layer, in layer order).`); }
    arr.forEach((t, i) => { if (!isTensor(t)) fail(`${what}: ${k}[${i}] should be a tf.Tensor, got ${typeof t}.`); });
  }
  if (!isTensor(o.dX)) fail(`${what}: dX should be a tf.Tensor2D, got ${typeof o.dX}.`);
  return o as Grads;
}
export const keepOf = (cache: Cache[], ps: Params[], dOut: tf.Tensor): tf.Tensor[] =>
  [...cache.flatMap((c) => [c.input, c.z, c.a]), ...ps.flatMap((p) => [p.W, p.b]), dOut];

interface Net { name: string; sizes: number[]; acts: Act[]; seed: number; batch: number }
const NET_A: Net = { name: '3-5-4-3 tanh/relu/softmax net, batch 4', sizes: [3, 5, 4, 3], acts: ['tanh', 'relu', 'softmax'], seed: 1, batch: 4 };
const NET_B: Net = { name: '4-6-3-2 sigmoid/leakyRelu/linear net, batch 5', sizes: [4, 6, 3, 2], acts: ['sigmoid', 'leakyRelu', 'linear'], seed: 2, batch: 5 };

/** Builds a net, a batch, its cache and dOut; runs `f`; disposes everything. */
/** A net's inputs for one backward call: params, the forward cache of a batch, an upstream gradient. */
function setup(net: Net, batch: number, seed: number): { params: Params[]; cache: Cache[]; dOut: tf.Tensor2D } {
  const x = makeMatrix(batch, net.sizes[0], seed + 10);
  const params = makeParams(net.sizes, seed);
  return { params, cache: forwardCache(x, params, net.acts), dOut: makeMatrix(batch, net.sizes[net.sizes.length - 1], seed + 20, 1) };
}

function withSetup(net: Net, batch: number, f: (x: tf.Tensor2D, ps: Params[], cache: Cache[], dOut: tf.Tensor2D) => void): void {
  const x = makeMatrix(batch, net.sizes[0], net.seed + 10);
  const ps = makeParams(net.sizes, net.seed);
  const dOut = makeMatrix(batch, net.sizes[net.sizes.length - 1], net.seed + 20, 1);
  const cache = forwardCache(x, ps, net.acts);
  try { f(x, ps, cache, dOut); } finally { disposeCache(cache, x); disposeParams(ps); x.dispose(); dOut.dispose(); }
}

/** Compares every gradient, last layer first, so the first failure is where the chain breaks. */
function compareAll(got: Grads, ref: Grads, cache: Cache[], ps: Params[], acts: Act[], dOut: tf.Tensor2D, label: string): void {
  const variants: Array<[Variant, string, string]> = [
    ['noActDeriv', 'looks like you skipped the activation derivative: dZ = dA ⊙ f\'(z) (a Jacobian product for softmax), not dZ = dA', 'activationDerivative'],
    ['sigmoidFromZ', 'your sigmoid derivative uses z where it needs a: σ\'(z) = a·(1 − a) with a = σ(z), not a·(1 − z)', 'sigmoidFromZ'],
    ['dbMean', 'db is averaged over the batch; the loss is a sum over rows, so db = Σ_rows dZ (no division by the batch size)', 'dbMean'],
    ['reluAtZeroIs1', 'at z = 0 exactly you pass the gradient through relu; tf\'s convention is relu\'(0) = 0 (use z > 0, or tf.step(z))', 'reluAtZero'],
    ['softmaxDiag', 'your softmax backward is elementwise a·(1 − a), but every softmax output depends on the whole row: dZ = a ⊙ (dA − Σ_row dA ⊙ a)', 'activationDerivative'],
  ];
  const alt = variants.map(([v, message, hintKey]) => ({ g: variantGrads(cache, ps, acts, dOut, v), message, hintKey }));
  const mistakes = (pick: (g: { dW: number[][][]; db: number[][]; dX: number[][] }) => number[] | number[][]): Mistake[] =>
    alt.map((a) => ({ when: pick(a.g), message: a.message, hintKey: a.hintKey }));
  // Pushing while walking backwards lists the layers last-first: recognise it before comparing.
  const n = ps.length;
  const sameT = (a: tf.Tensor, b: tf.Tensor) => a.shape.join() === b.shape.join() && tf.tidy(() => tf.lessEqual(tf.max(tf.abs(tf.sub(a, b))), 1e-4).dataSync()[0] === 1);
  if (n > 1 && got.dW.every((d, i) => sameT(d, ref.dW[n - 1 - i])) && !got.dW.every((d, i) => sameT(d, ref.dW[i]))) {
    fail(`dW is in reverse layer order (${label}): dW[0] holds the last layer's gradient. Return dW[i] for layer i — assign dW[i] = … inside the backward loop, or reverse the arrays before returning.`, { hintKey: 'layerOrder' });
  }
  for (let i = ps.length - 1; i >= 0; i--) {
    const tposed = tf.tidy(() => tf.transpose(ref.dW[i]).arraySync());
    expectTensorClose(got.dW[i], ref.dW[i], { ...TOL, name: `dW[${i}] (${label})`, hintKey: 'backprop',
      mistakes: [{ when: tposed, message: `dW[${i}] is transposed: dW = inputᵀ·dZ has W's shape [in, out] = [${ref.dW[i].shape.join(', ')}]`, hintKey: 'dWOrientation' },
        ...mistakes((g) => g.dW[i])] });
    expectTensorClose(got.db[i], ref.db[i], { ...TOL, name: `db[${i}] (${label})`, hintKey: 'backprop', dims: { batch: dOut.shape[0] }, mistakes: mistakes((g) => g.db[i]) });
  }
  // dX with layer 0's width instead of x's: the chain stopped at dZ₀ (or dA₀) without the last ·W₀ᵀ.
  const zShape = cache[0].z.shape.join();
  if (got.dX.shape.join() === zShape && zShape !== ref.dX.shape.join()) {
    fail(`dX (${label}) has shape [${got.dX.shape.join(', ')}], the shape of layer 0's z, but should have x's shape [${ref.dX.shape.join(', ')}]: ` +
      'dX = dZ₀·W₀ᵀ — did you return layer 0\'s dZ without multiplying by W₀ᵀ?', { expected: `[${ref.dX.shape.join(', ')}]`, actual: `[${got.dX.shape.join(', ')}]`, hintKey: 'backprop' });
  }
  expectTensorClose(got.dX, ref.dX, { ...TOL, name: `dX (${label})`, hintKey: 'backprop', mistakes: mistakes((g) => g.dX) });
}

function valueCheck(L: M, net: Net, batch = net.batch): void {
  withSetup(net, batch, (x, ps, cache, dOut) => {
    const got = callLearner(L, cache, ps, net.acts, dOut, net.name);
    const ref = refGrads(x, ps, net.acts, dOut);
    try { compareAll(got, ref, cache, ps, net.acts, dOut, batch === net.batch ? net.name : `${net.name.replace(/batch \d+/, '')}batch ${batch}`); }
    finally { disposeGrads(ref); disposeResult(got, keepOf(cache, ps, dOut)); }
  });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'grads-tanh-relu-softmax', name: 'dW, db, dX match tf.grads of sum(output ⊙ dOut) (tanh/relu/softmax net)', fn: 'mlpBackward', hintKey: 'backprop',
      run: (L) => valueCheck(L, NET_A),
    },
    {
      id: 'grads-sigmoid-leaky-linear', name: 'dW, db, dX match tf.grads (sigmoid/leakyRelu/linear net)', fn: 'mlpBackward', hintKey: 'backprop',
      run: (L) => valueCheck(L, NET_B),
    },
    {
      id: 'grads-batch-of-one', name: 'a batch of 1 matches tf.grads', fn: 'mlpBackward',
      run: (L) => valueCheck(L, NET_A, 1),
    },
    {
      id: 'db-summed', name: 'db equals the row-sum of dZ (summed over the batch, not averaged)', fn: 'mlpBackward', hintKey: 'dbMean',
      run: (L) => {
        // With a linear last layer dZ = dOut there, so db[last] must be dOut summed over the 4 rows.
        withSetup(NET_B, 4, (_x, ps, cache, dOut) => {
          const got = callLearner(L, cache, ps, NET_B.acts, dOut, NET_B.name);
          const sum = tf.sum(dOut, 0);
          const mean = tf.mean(dOut, 0);
          try {
            expectTensorClose(got.db[2], sum, { ...TOL, name: 'db[2] of a linear output layer (should be Σ_rows dOut)', hintKey: 'dbMean',
              mistakes: [{ when: mean, message: 'db is the batch mean of dZ; the loss is a sum over rows, so db = Σ_rows dZ (tf.sum(dZ, 0))', hintKey: 'dbMean' }] });
          } finally { sum.dispose(); mean.dispose(); disposeResult(got, keepOf(cache, ps, dOut)); }
        });
      },
    },
    {
      id: 'numerical-gradient', name: 'gradients agree with a numerical gradient (20 weight coordinates + 6 of dX, ε = 1e-2)', fn: 'mlpBackward',
      run: (L) => {
        const net: Net = { name: '3-5-4-3 tanh/sigmoid/softmax net', sizes: [3, 5, 4, 3], acts: ['tanh', 'sigmoid', 'softmax'], seed: 5, batch: 4 };
        withSetup(net, net.batch, (x, ps, cache, dOut) => {
          const got = callLearner(L, cache, ps, net.acts, dOut, net.name);
          try {
            const Ws = ps.map((p) => p.W);
            const bs = ps.map((p) => p.b);
            // 20 sampled weight coordinates (12 in the deepest layer, where every mistake compounds) + 6 of dX.
            [[0, 12], [1, 8]].forEach(([i, samples]) => {
              const f = (W: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(forwardOut(x, Ws.map((w, k) => (k === i ? W as tf.Tensor2D : w)), bs, net.acts), dOut)));
              numericalGradientCheck(f, Ws[i], got.dW[i], { name: `dW[${i}]`, seed: 3 + i, samples });
            });
            const fx = (X: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(forwardOut(X as tf.Tensor2D, Ws, bs, net.acts), dOut)));
            numericalGradientCheck(fx, x, got.dX, { name: 'dX', seed: 9, samples: 6 });
          } finally { disposeResult(got, keepOf(cache, ps, dOut)); }
        });
      },
    },
    {
      id: 'batch-additivity', name: 'batch additivity: the batch gradient is the sum of per-example gradients', fn: 'mlpBackward',
      run: (L) => {
        withSetup(NET_A, 3, (x, ps, cache, dOut) => {
          const whole = callLearner(L, cache, ps, NET_A.acts, dOut, 'batch of 3');
          const keep = keepOf(cache, ps, dOut);
          const sums = { dW: ps.map((p) => tf.zerosLike(p.W)), db: ps.map((p) => tf.zerosLike(p.b)) };
          const rows: tf.Tensor[] = [];
          try {
            for (let r = 0; r < 3; r++) {
              const xr = tf.slice(x, [r, 0], [1, -1]);
              const dr = tf.slice(dOut, [r, 0], [1, -1]);
              const cr = forwardCache(xr, ps, NET_A.acts);
              let g: Grads | undefined;
              try {
                g = callLearner(L, cr, ps, NET_A.acts, dr, `example ${r} alone`);
                const gg = g;
                ps.forEach((p, i) => {
                  // Wrong shapes are the value checks' business; here they would only crash tf.add.
                  if (gg.dW[i].shape.join() !== p.W.shape.join() || gg.db[i].shape.join() !== p.b.shape.join()) {
                    fail(`dW[${i}] / db[${i}] have shapes [${gg.dW[i].shape.join(', ')}] / [${gg.db[i].shape.join(', ')}], expected W's [${p.W.shape.join(', ')}] and b's [${p.b.shape.join(', ')}].`);
                  }
                  const w = tf.add(sums.dW[i], gg.dW[i]) as tf.Tensor2D; sums.dW[i].dispose(); sums.dW[i] = w;
                  const b = tf.add(sums.db[i], gg.db[i]) as tf.Tensor1D; sums.db[i].dispose(); sums.db[i] = b;
                });
                rows.push(gg.dX.clone());
              } finally { disposeResult(g, keepOf(cr, ps, dr)); disposeCache(cr, xr); xr.dispose(); dr.dispose(); }
            }
            ps.forEach((_, i) => {
              expectTensorClose(whole.dW[i], sums.dW[i], { ...TOL, name: `dW[${i}] for the batch vs the sum of 3 single-example dW[${i}]`, dims: { batch: 3 } });
              expectTensorClose(whole.db[i], sums.db[i], { ...TOL, name: `db[${i}] for the batch vs the sum of 3 single-example db[${i}]`, dims: { batch: 3 },
                mistakes: [{ when: () => tf.div(sums.db[i], 3), message: 'db is averaged over the batch; gradients of a summed loss add up over examples', hintKey: 'dbMean' }] });
            });
            const stacked = tf.concat(rows, 0);
            try { expectTensorClose(whole.dX, stacked, { ...TOL, name: 'dX rows for the batch vs dX of each example alone' }); } finally { stacked.dispose(); }
          } finally {
            disposeResult(whole, keep);
            [...sums.dW, ...sums.db, ...rows].forEach((t) => t.dispose());
          }
        });
      },
    },
    {
      id: 'relu-at-zero', name: "relu at exactly z = 0 passes no gradient (relu'(0) = 0, as tf.grads)", fn: 'mlpBackward', hintKey: 'reluAtZero',
      run: (L) => {
        // Integer data chosen so that several hidden pre-activations are exactly 0.
        const x = tf.tensor2d([[1, 2], [0, 1], [2, -1]]);
        const ps: Params[] = [
          { W: tf.tensor2d([[1, -1, 2], [-0.5, 1, -1]]), b: tf.tensor1d([0, -1, 0]) },
          { W: tf.tensor2d([[1, -2], [0.5, 1], [-1, 0.25]]), b: tf.tensor1d([0.1, -0.2]) },
        ];
        const acts: Act[] = ['relu', 'linear'];
        const dOut = tf.tensor2d([[1, -0.5], [0.25, 2], [-1, 1]]);
        const cache = forwardCache(x, ps, acts);
        try {
          const zeros = Array.from(cache[0].z.dataSync()).filter((v) => v === 0).length;
          if (zeros < 3) throw new Error(`check setup: expected exact zeros in z, found ${zeros}`);
          const got = callLearner(L, cache, ps, acts, dOut, '2-3-2 relu net with z = 0 entries');
          const ref = refGrads(x, ps, acts, dOut);
          try { compareAll(got, ref, cache, ps, acts, dOut, 'relu net with z exactly 0'); } finally { disposeGrads(ref); disposeResult(got, keepOf(cache, ps, dOut)); }
        } finally { disposeCache(cache, x); disposeParams(ps); x.dispose(); dOut.dispose(); }
      },
    },
    {
      id: 'no-autodiff', name: 'gradients computed by hand (no tf.grad / tf.grads / minimize)', fn: 'mlpBackward', hintKey: 'autodiff-disabled',
      run: (L, ctx) => {
        expectNoBannedApis(ctx.source, ['tf.grad', 'tf.grads', 'tf.valueAndGrad', 'tf.valueAndGrads', 'tf.variableGrads', 'tf.customGrad'],
          'this exercise is about computing the gradients yourself');
        withSetup(NET_B, 3, (_x, ps, cache, dOut) => {
          const got = callLearner(L, cache, ps, NET_B.acts, dOut, NET_B.name);
          disposeResult(got, keepOf(cache, ps, dOut));
        });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'mlpBackward',
      // Every call runs with autodiff off: the gradients must be the learner's own.
      calls: [NET_A, NET_B].map((net) => ({
        name: `mlpBackward (${net.name})`, inputs: () => setup(net, net.batch, 4),
        call: (L: M, i: Record<string, any>) => withAutodiffDisabled(() => L.mlpBackward(i.cache, i.params, net.acts, i.dOut)),
      })),
      badInputs: [[4, 4], [5, 3], [4]].map((shape) => ({
        name: `mlpBackward with dOut of shape ${fmtShape(shape)} for an output of shape [4,3]`, why: 'tf would broadcast or fail somewhere deep inside',
        call: (L: M) => { const i = setup(NET_A, 4, 1); return withAutodiffDisabled(() => L.mlpBackward(i.cache, i.params, NET_A.acts, tf.zeros(shape) as unknown as tf.Tensor2D)); },
      })),
      names: { 'no-leaks': 'no tensors leaked, inputs left intact', 'bad-inputs-throw': "dOut with a shape other than the output's throws" },
    }),
  ],
});
