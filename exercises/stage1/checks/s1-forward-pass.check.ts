/**
 * Checks for s1-forward-pass (P1, no tf.layers). The output reference is a tf.sequential of dense
 * layers with the learner's weights injected by setWeights (leakyRelu: a linear dense followed by
 * tf.layers.leakyReLU with α = 0.2, since dense rejects 'leakyRelu'); the per-layer cache is
 * checked against plain tf ops. Tolerance 1e-5 / 1e-4 (matmul-based).
 * One net has only square layers so that the x·Wᵀ orientation mistake gives wrong numbers
 * instead of a shape error.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, disposeResult, isTensor, makeSpirals, standardChecks, randomDenseParams, randomMatrix } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-forward-pass');
type Act = import('../solutions/s1-forward-pass').ActivationName;
type Params = import('../solutions/s1-forward-pass').DenseParams;

const TOL = { atol: 1e-5, rtol: 1e-4 };

// ---------- nets and data (seeded, built per check and disposed) ----------
const makeParams = (sizes: number[], seed: number, scale = 1): Params[] => randomDenseParams(sizes, seed, scale);
const makeX = (rows: number, cols: number, seed: number): tf.Tensor2D => randomMatrix(rows, cols, seed, 2);
const disposeParams = (ps: Params[]): void => ps.forEach((p) => { p.W.dispose(); p.b.dispose(); });

interface Net { name: string; sizes: number[]; acts: Act[]; seed: number; batch: number }
// Square layers (4-4-4-4): x·Wᵀ computes wrong numbers instead of throwing.
const NET_SQUARE: Net = { name: '4-4-4-4 relu/tanh/softmax net, batch 5', sizes: [4, 4, 4, 4], acts: ['relu', 'tanh', 'softmax'], seed: 3, batch: 5 };
const NET_MIXED: Net = { name: '3-5-4-2 sigmoid/leakyRelu/linear net, batch 6', sizes: [3, 5, 4, 2], acts: ['sigmoid', 'leakyRelu', 'linear'], seed: 8, batch: 6 };

function applyAct(z: tf.Tensor2D, act: Act, alpha = 0.2): tf.Tensor2D {
  switch (act) {
    case 'linear': return z.clone();
    case 'relu': return tf.relu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'leakyRelu': return tf.leakyRelu(z, alpha);
    case 'softmax': return tf.softmax(z);
  }
}

/** Plain-tf forward pass; `variant` models known mistakes for the messages. */
type Variant = 'ok' | 'transposed' | 'noFinalAct' | 'biasAfter' | 'alpha0.01' | 'alpha0.3' | 'softmaxCols';
function refForward(x: tf.Tensor2D, ps: Params[], acts: Act[], variant: Variant = 'ok'): Array<{ input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }> {
  return tf.tidy(() => {
    const layers: Array<{ input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }> = [];
    let input = x;
    ps.forEach(({ W, b }, i) => {
      const xw: tf.Tensor2D = variant === 'transposed' ? tf.matMul(input, W, false, true) : tf.matMul(input, W);
      const z: tf.Tensor2D = variant === 'biasAfter' ? xw : tf.add(xw, b);
      const alpha = variant === 'alpha0.01' ? 0.01 : variant === 'alpha0.3' ? 0.3 : 0.2;
      let a: tf.Tensor2D = variant === 'noFinalAct' && i === ps.length - 1 ? z.clone()
        : variant === 'softmaxCols' && acts[i] === 'softmax' ? tf.transpose(tf.softmax(tf.transpose(z))) : applyAct(z, acts[i], alpha);
      if (variant === 'biasAfter') a = tf.add(a, b);
      layers.push({ input, z, a });
      input = a;
    });
    return layers;
  });
}

/** The reference: tf.sequential of dense layers, weights injected with setWeights. */
function sequentialOutput(x: tf.Tensor2D, ps: Params[], acts: Act[]): tf.Tensor {
  const model = tf.sequential();
  ps.forEach(({ W }, i) => {
    const leaky = acts[i] === 'leakyRelu';
    model.add(tf.layers.dense({
      units: W.shape[1], activation: (leaky ? 'linear' : acts[i]) as 'linear', kernelInitializer: 'zeros',
      ...(i === 0 ? { inputShape: [W.shape[0]] } : {}),
    }));
    if (leaky) model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
  dense.forEach((l, i) => l.setWeights([ps[i].W, ps[i].b]));
  const out = model.predict(x) as tf.Tensor;
  model.dispose();
  return out;
}

interface Result { output: tf.Tensor2D; cache: Array<{ input: tf.Tensor2D; z: tf.Tensor2D; a: tf.Tensor2D }> }
function readResult(r: unknown, what: string, layers: number): Result {
  const o = r as Partial<Result> | null;
  if (!o || typeof o !== 'object') fail(`${what}: mlpForward should return { output, cache }, got ${String(r)}.`);
  if (!isTensor(o.output)) fail(`${what}: output should be a tf.Tensor2D, got ${typeof o.output}.`);
  if (!Array.isArray(o.cache)) fail(`${what}: cache should be an array with one { input, z, a } per layer, got ${typeof o.cache}.`);
  if (o.cache.length !== layers) fail(`${what}: cache has ${o.cache.length} entries, expected ${layers} (one per layer).`);
  o.cache.forEach((c, i) => {
    for (const k of ['input', 'z', 'a'] as const) {
      if (!c || !isTensor(c[k])) fail(`${what}: cache[${i}].${k} should be a tf.Tensor2D, got ${c ? typeof c[k] : String(c)}.`);
    }
  });
  return o as Result;
}

/** Runs the learner on a fresh net and hands everything to `f`; disposes all of it afterwards. */
function withNet(L: M, net: Net, f: (r: Result, x: tf.Tensor2D, ps: Params[]) => void): void {
  const x = makeX(net.batch, net.sizes[0], net.seed + 100);
  const ps = makeParams(net.sizes, net.seed);
  let r: unknown;
  try {
    r = L.mlpForward(x, ps, net.acts);
    f(readResult(r, net.name, ps.length), x, ps);
  } finally {
    disposeResult(r, [x, ...ps.flatMap((p) => [p.W, p.b])]);
    x.dispose();
    disposeParams(ps);
  }
}

function variantMistakes(x: tf.Tensor2D, ps: Params[], acts: Act[], pick: (l: ReturnType<typeof refForward>) => tf.Tensor): Mistake[] {
  const mk = (v: Variant, message: string, hintKey: string): Mistake => ({
    when: () => {
      const square = ps.every((p) => p.W.shape[0] === p.W.shape[1]);
      if (v === 'transposed' && !square) return [];
      const layers = refForward(x, ps, acts, v);
      const values = pick(layers).arraySync() as number[][];
      layers.forEach((l) => { l.z.dispose(); l.a.dispose(); });
      return values;
    },
    message, hintKey,
  });
  return [
    mk('transposed', 'your numbers match input·Wᵀ: in tfjs W is laid out [in, out] (the Dense kernel), so z = input·W + b (tf.matMul(input, W))', 'orientation'),
    mk('noFinalAct', `your output is the last layer's z: apply the last activation ('${acts[acts.length - 1]}') to it as well`, 'finalActivation'),
    mk('biasAfter', 'you add b after the activation: z = input·W + b comes first, then a = f(z)', 'biasAfter'),
    ...(acts.includes('softmax') ? [
      mk('softmaxCols', 'your softmax normalises each column (over the batch); it must normalise each row: one probability distribution per example (the last axis)', 'softmaxAxis'),
    ] : []),
    ...(acts.includes('leakyRelu') ? [
      mk('alpha0.01', "your leakyRelu uses α = 0.01 (PyTorch's default); this course uses tf's α = 0.2", 'leakyAlpha'),
      mk('alpha0.3', "your leakyRelu uses α = 0.3 (the Keras layer's default); this course uses tf's α = 0.2", 'leakyAlpha'),
    ] : []),
  ];
}

function checkOutput(L: M, net: Net): void {
  withNet(L, net, (r, x, ps) => {
    const expected = sequentialOutput(x, ps, net.acts);
    try {
      expectTensorClose(r.output, expected, {
        ...TOL, name: `output of the ${net.name}`,
        mistakes: variantMistakes(x, ps, net.acts, (l) => l[l.length - 1].a),
      });
    } finally {
      expected.dispose();
    }
  });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'output-square-layers', name: 'output matches tf.sequential(dense…) with your weights (square layers)', fn: 'mlpForward', hintKey: 'orientation',
      run: (L) => checkOutput(L, NET_SQUARE),
    },
    {
      id: 'output-mixed-activations', name: 'output matches tf.sequential(dense…) with sigmoid, leakyRelu (α 0.2) and linear layers', fn: 'mlpForward',
      run: (L) => checkOutput(L, NET_MIXED),
    },
    {
      id: 'cache', name: 'cache holds input, z and a of every layer', fn: 'mlpForward', hintKey: 'cache',
      run: (L) => {
        for (const net of [NET_MIXED, NET_SQUARE]) {
          withNet(L, net, (r, x, ps) => {
            const ref = refForward(x, ps, net.acts);
            try {
              ref.forEach((l, i) => {
                expectTensorClose(r.cache[i].input, l.input, { ...TOL, name: `cache[${i}].input (${net.name})`,
                  mistakes: i > 0 ? [{ when: ref[i - 1].z, message: `cache[${i}].input holds layer ${i - 1}'s z; the next layer's input is the previous layer's a = f(z)` }] : [] });
                expectTensorClose(r.cache[i].z, l.z, { ...TOL, name: `cache[${i}].z (${net.name})`,
                  mistakes: [{ when: l.a, message: `cache[${i}].z holds the activation output a; store the pre-activation z = input·W + b (backprop needs f'(z))`, hintKey: 'cache' }] });
                expectTensorClose(r.cache[i].a, l.a, { ...TOL, name: `cache[${i}].a (${net.name})`,
                  mistakes: [{ when: l.z, message: `cache[${i}].a holds z; store a = ${net.acts[i]}(z)` }] });
              });
              expectTensorClose(r.output, r.cache[ref.length - 1].a, { ...TOL, name: 'output vs the last cache entry\'s a' });
            } finally {
              ref.forEach((l) => { if (l.input !== x) l.input.dispose(); l.z.dispose(); l.a.dispose(); });
            }
          });
        }
      },
    },
    {
      id: 'decision-regions', name: 'decision regions of a random 2-16-16-3 net on a 40×40 grid match tf', fn: 'mlpForward',
      run: (L, ctx) => {
        const n = 40;
        const pts: number[] = [];
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) pts.push(-1.5 + (3 * c) / (n - 1), -1.5 + (3 * r) / (n - 1));
        const x = tf.tensor2d(pts, [n * n, 2]);
        const ps = makeParams([2, 16, 16, 3], 42, 1.5);
        const acts: Act[] = ['tanh', 'relu', 'softmax'];
        let res: unknown;
        try {
          res = L.mlpForward(x, ps, acts);
          const r = readResult(res, '2-16-16-3 net on a grid', 3);
          const classes = tf.tidy(() => Array.from(tf.argMax(r.output, 1).dataSync()));
          const data = makeSpirals({ nPerClass: 40, classes: 3, noise: 0.1, seed: 1 });
          ctx.emit({ kind: 'grid', chart: 'boundary', title: 'Decision regions of a random 2-16-16-3 net (your forward pass)',
            xRange: [-1.5, 1.5], yRange: [-1.5, 1.5], width: n, height: n, values: classes,
            points: data.x.map((p, i) => ({ x: p[0], y: p[1], label: data.y[i] })),
            caption: 'Untrained: the regions are arbitrary. Training (s1-backprop) bends them around the spirals.' });
          const ref = refForward(x, ps, acts);
          try {
            expectTensorClose(r.output, ref[2].a, { ...TOL, name: 'output on the grid' });
          } finally { ref.forEach((l) => { l.z.dispose(); l.a.dispose(); }); }
        } finally {
          disposeResult(res, [x, ...ps.flatMap((p) => [p.W, p.b])]);
          x.dispose();
          disposeParams(ps);
        }
      },
    },
    {
      id: 'width-mismatch-throws', name: 'a width mismatch throws, naming the 0-based layer index', fn: 'mlpForward', hintKey: 'shapes',
      run: (L) => {
        const x = makeX(4, 3, 1);
        const ps = makeParams([3, 5, 4, 2], 2);
        const bad = tf.zeros([6, 4]) as tf.Tensor2D; // layer 1 receives width 5, not 6
        const badFirst = tf.zeros([4, 5]) as tf.Tensor2D; // layer 0 receives width 3, not 4
        try {
          const cases: Array<{ layer: number; params: Params[]; why: string }> = [
            { layer: 1, params: [ps[0], { W: bad, b: ps[1].b }, ps[2]], why: 'W of layer 1 has shape [6, 4] but layer 0 outputs 5 units' },
            { layer: 0, params: [{ W: badFirst, b: ps[0].b }, ps[1], ps[2]], why: 'W of layer 0 has shape [4, 5] but x has 3 features' },
          ];
          for (const c of cases) {
            let err: unknown = null;
            let r: unknown;
            try { r = L.mlpForward(x, c.params, ['relu', 'relu', 'linear']); } catch (e) { err = e; }
            disposeResult(r, [x, bad, badFirst, ...ps.flatMap((p) => [p.W, p.b])]);
            if (err === null) fail(`mlpForward should throw when ${c.why}, but it returned.`);
            const msg = err instanceof Error ? err.message : String(err);
            if (!new RegExp(`(^|[^0-9.])${c.layer}([^0-9.]|$)`).test(msg)) {
              fail(`${c.why}: your error says "${msg}" — name the layer by its 0-based index (${c.layer}) so the learner can find it.`, { hintKey: 'shapes' });
            }
          }
        } finally {
          x.dispose(); bad.dispose(); badFirst.dispose(); disposeParams(ps);
        }
      },
    },
    {
      id: 'bias-shape-throws', name: 'b must be exactly [units]: no silent broadcasting', fn: 'mlpForward', hintKey: 'shapes',
      run: (L) => {
        const x = makeX(4, 3, 1);
        const ps = makeParams([3, 5, 2], 2);
        const b1 = tf.tensor1d([0.5]);
        const b2 = tf.zeros([1, 5]) as unknown as tf.Tensor1D;
        try {
          for (const [b, desc] of [[b1, '[1]'], [b2, '[1, 5]']] as const) {
            let r: unknown;
            let threw = false;
            try { r = L.mlpForward(x, [{ W: ps[0].W, b }, ps[1]], ['tanh', 'linear']); } catch { threw = true; }
            disposeResult(r, [x, b1, b2, ...ps.flatMap((p) => [p.W, p.b])]);
            if (!threw) fail(`layer 0 has 5 units but b has shape ${desc}: mlpForward should throw. tf.add would broadcast it silently, hiding a bug.`, { hintKey: 'shapes' });
          }
        } finally {
          x.dispose(); b1.dispose(); (b2 as tf.Tensor).dispose(); disposeParams(ps);
        }
      },
    },
    {
      id: 'empty-batch', name: 'a batch of 0 rows gives an output of shape [0, K]', fn: 'mlpForward',
      run: (L) => {
        const x = tf.zeros([0, 3]) as tf.Tensor2D;
        const ps = makeParams([3, 5, 4, 2], 5);
        let res: unknown;
        try {
          res = L.mlpForward(x, ps, ['relu', 'tanh', 'softmax']);
          const r = readResult(res, 'batch 0', 3);
          if (r.output.shape.join() !== '0,2') fail(`output has shape [${r.output.shape.join(', ')}] for 0 input rows, expected [0, 2].`);
          r.cache.forEach((c, i) => {
            const want = [0, ps[i].W.shape[1]].join();
            if (c.z.shape.join() !== want || c.a.shape.join() !== want) fail(`cache[${i}].z/a should have shape [${want.replace(',', ', ')}] for an empty batch.`);
          });
        } finally {
          disposeResult(res, [x, ...ps.flatMap((p) => [p.W, p.b])]);
          x.dispose(); disposeParams(ps);
        }
      },
    },
    {
      id: 'permutation-invariance', name: 'permuting hidden units leaves the output unchanged', fn: 'mlpForward',
      run: (L) => {
        const x = makeX(6, 3, 9);
        const ps = makeParams([3, 5, 4], 10);
        const perm = [3, 0, 4, 1, 2];
        const idx = tf.tensor1d(perm, 'int32');
        const W0p = tf.gather(ps[0].W, idx, 1) as tf.Tensor2D;
        const b0p = tf.gather(ps[0].b, idx) as tf.Tensor1D;
        const W1p = tf.gather(ps[1].W, idx, 0) as tf.Tensor2D;
        const acts: Act[] = ['tanh', 'softmax'];
        let r1: unknown;
        let r2: unknown;
        try {
          r1 = L.mlpForward(x, ps, acts);
          r2 = L.mlpForward(x, [{ W: W0p, b: b0p }, { W: W1p, b: ps[1].b }], acts);
          const a = readResult(r1, 'original net', 2);
          const b = readResult(r2, 'net with hidden units permuted', 2);
          expectTensorClose(b.output, a.output, { ...TOL, name: 'output after permuting the 5 hidden units (columns of W0 and b0, rows of W1)' });
        } finally {
          const keep = [x, idx, W0p, b0p, W1p, ...ps.flatMap((p) => [p.W, p.b])];
          disposeResult(r1, keep); disposeResult(r2, keep);
          [x, idx, W0p, b0p, W1p].forEach((t) => t.dispose());
          disposeParams(ps);
        }
      },
    },
    {
      id: 'all-linear-folds', name: 'an all-linear net equals one matrix product plus a folded bias', fn: 'mlpForward',
      run: (L) => {
        const x = makeX(5, 3, 21);
        const ps = makeParams([3, 4, 6, 2], 22);
        let res: unknown;
        const expected = tf.tidy(() => {
          const Wall = tf.matMul(tf.matMul(ps[0].W, ps[1].W), ps[2].W);
          const bAll = tf.add(tf.matMul(tf.add(tf.matMul(ps[0].b.expandDims(0), ps[1].W), ps[1].b), ps[2].W), ps[2].b);
          return tf.add(tf.matMul(x, Wall), bAll);
        });
        try {
          res = L.mlpForward(x, ps, ['linear', 'linear', 'linear']);
          const r = readResult(res, 'all-linear 3-4-6-2 net', 3);
          expectTensorClose(r.output, expected, { atol: 1e-4, rtol: 1e-4, name: 'output of an all-linear net vs x·(W0·W1·W2) + folded bias' });
        } finally {
          disposeResult(res, [x, ...ps.flatMap((p) => [p.W, p.b])]);
          expected.dispose(); x.dispose(); disposeParams(ps);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'mlpForward',
      calls: [NET_MIXED, NET_SQUARE].map((net) => ({
        name: `mlpForward (${net.name})`,
        inputs: () => ({ x: makeX(net.batch, net.sizes[0], 5), params: makeParams(net.sizes, 6) }),
        call: (L: M, i: Record<string, any>) => L.mlpForward(i.x, i.params, net.acts),
      })),
      badInputs: [['relu'], ['relu', 'linear', 'relu']].map((acts) => ({
        name: `mlpForward with 2 layers and ${acts.length} activations`, why: 'which activation goes with which layer?',
        call: (L: M) => L.mlpForward(makeX(2, 3, 1), makeParams([3, 5, 2], 2), acts as Act[]),
      })),
      banned: { apis: ['tf.layers', 'tf.sequential', 'tf.model', 'tf.loadLayersModel'], why: 'write each layer as tf.matMul(input, W) plus b and an activation' },
      names: {
        'no-leaks': 'no tensors leaked (the cache counts as returned), inputs left intact',
        'bad-inputs-throw': 'activations.length must equal params.length',
        'no-banned-apis': 'no tf.layers / tf.sequential (build the layers from tf ops)',
      },
    }),
  ],
});
