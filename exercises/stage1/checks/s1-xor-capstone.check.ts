import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectClose, standardChecks, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-xor-capstone');

interface XorParams { W1: number[][]; b1: number[]; W2: number[]; b2: number }

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [0, 1, 1, 0];

// ---- float64 reference (P0 exercise: the grader's own loop is the reference) ----
interface RefOpts { tanhPrime?: 'square' | 'linear' | 'twice'; transposed?: boolean; mean?: boolean; extraSigmoidPrime?: boolean }

function refForward(p: XorParams, x: number[], transposed = false) {
  const H = p.b1.length;
  const h: number[] = [];
  for (let j = 0; j < H; j++) {
    let z = p.b1[j];
    for (let i = 0; i < x.length; i++) z += x[i] * (transposed ? p.W1[j][i] : p.W1[i][j]);
    h.push(Math.tanh(z));
  }
  let z2 = p.b2;
  for (let j = 0; j < H; j++) z2 += h[j] * p.W2[j];
  return { h, prob: 1 / (1 + Math.exp(-z2)) };
}

function refLoss(p: XorParams, x: number[][], y: number[]): number {
  let s = 0;
  x.forEach((xn, n) => {
    const { prob } = refForward(p, xn);
    s -= y[n] * Math.log(prob) + (1 - y[n]) * Math.log(1 - prob);
  });
  return s / x.length;
}

/** Analytic gradients, with switches that reproduce known mistakes (used only to name them). */
function refGrads(p: XorParams, x: number[][], y: number[], o: RefOpts = {}): XorParams {
  const N = x.length;
  const H = p.b1.length;
  const g: XorParams = { W1: p.W1.map((r) => r.map(() => 0)), b1: new Array(H).fill(0), W2: new Array(H).fill(0), b2: 0 };
  x.forEach((xn, n) => {
    const { h, prob } = refForward(p, xn, o.transposed);
    const dz = ((prob - y[n]) * (o.extraSigmoidPrime ? prob * (1 - prob) : 1)) / (o.mean === false ? 1 : N);
    g.b2 += dz;
    for (let j = 0; j < H; j++) {
      g.W2[j] += dz * h[j];
      const dzh = dz * p.W2[j] * (o.tanhPrime === 'linear' ? 1 - h[j] : o.tanhPrime === 'twice' ? 1 - Math.tanh(h[j]) ** 2 : 1 - h[j] * h[j]);
      g.b1[j] += dzh;
      for (let i = 0; i < xn.length; i++) {
        if (o.transposed) g.W1[j][i] += xn[i] * dzh;
        else g.W1[i][j] += xn[i] * dzh;
      }
    }
  });
  return g;
}

/** Central differences of the mean BCE in float64, ε = 1e-6: float64 keeps the truncation and rounding errors near 1e-10, far below the 1e-6 tolerance. */
function numericGrads(p: XorParams, x: number[][], y: number[], eps = 1e-6): XorParams {
  const q: XorParams = JSON.parse(JSON.stringify(p));
  const d = (set: (v: number) => void, v0: number) => {
    set(v0 + eps); const up = refLoss(q, x, y);
    set(v0 - eps); const down = refLoss(q, x, y);
    set(v0);
    return (up - down) / (2 * eps);
  };
  return {
    W1: q.W1.map((row, i) => row.map((v, j) => d((t) => { q.W1[i][j] = t; }, v))),
    b1: q.b1.map((v, j) => d((t) => { q.b1[j] = t; }, v)),
    W2: q.W2.map((v, j) => d((t) => { q.W2[j] = t; }, v)),
    b2: d((t) => { q.b2 = t; }, q.b2),
  };
}

// ---- helpers ----
function rngParams(seed: number, H: number, inputs = 2): XorParams {
  const u = mulberry32(seed);
  const r = () => u() * 2 - 1;
  return {
    W1: Array.from({ length: inputs }, () => Array.from({ length: H }, r)),
    b1: Array.from({ length: H }, r),
    W2: Array.from({ length: H }, r),
    b2: r(),
  };
}

const cap = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);
const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)).toString() : String(v));

type Flat = Array<{ name: string; value: number }>;
function flatten(g: XorParams): Flat {
  const out: Flat = [];
  g.W1.forEach((row, i) => row.forEach((v, j) => out.push({ name: `W1[${i}][${j}]`, value: v })));
  g.b1.forEach((v, j) => out.push({ name: `b1[${j}]`, value: v }));
  g.W2.forEach((v, j) => out.push({ name: `W2[${j}]`, value: v }));
  out.push({ name: 'b2', value: g.b2 });
  return out;
}

/** Validates the layout of learner grads against the params and flattens them. */
function learnerFlat(g: unknown, p: XorParams): Flat {
  const G = g as Partial<XorParams> | undefined;
  const H = p.b1.length;
  const I = p.W1.length;
  if (!G || typeof G !== 'object') fail(`grads should be an object { W1, b1, W2, b2 }, got ${String(g)}.`);
  if (!Array.isArray(G.W1) || !G.W1.every((r) => Array.isArray(r))) fail('grads.W1 should be a number[][] laid out like p.W1.');
  const rows = G.W1.length;
  const cols = G.W1[0]?.length ?? 0;
  if (rows !== I || G.W1.some((r) => r.length !== H)) {
    const transposed = rows === H && cols === I;
    fail(`grads.W1 has ${rows} rows of ${cols}; it should be laid out like W1: [input][hidden] = ${I} rows of ${H}.` +
      (transposed ? ' It is transposed: grads.W1[i][j] is ∂L/∂W1[i][j], input i, hidden unit j.' : ''),
    { expected: `[${I}][${H}]`, actual: `[${rows}][${cols}]`, hintKey: transposed ? 'w1-transposed' : undefined });
  }
  if (!Array.isArray(G.b1) || G.b1.length !== H) fail(`grads.b1 should have ${H} entries (one per hidden unit), got ${Array.isArray(G.b1) ? G.b1.length : typeof G.b1}.`);
  if (!Array.isArray(G.W2) || G.W2.length !== H) fail(`grads.W2 should have ${H} entries (one per hidden unit), got ${Array.isArray(G.W2) ? G.W2.length : typeof G.W2}.`);
  if (typeof G.b2 !== 'number') fail(`grads.b2 should be a number, got ${typeof G.b2}.`);
  return flatten(G as XorParams);
}

const within = (a: number, b: number, atol: number, rtol: number) => Math.abs(a - b) <= atol + rtol * Math.abs(b);
const allWithin = (a: Flat, b: Flat, atol: number, rtol: number) => a.every((e, k) => within(e.value, b[k].value, atol, rtol));

/** Names the mistake if the learner's grads match a known wrong variant. */
function diagnose(got: Flat, p: XorParams, x: number[][], y: number[], right: Flat): { msg: string; hintKey?: string } {
  const N = x.length;
  if (allWithin(got, right.map((e) => ({ ...e, value: e.value * N })), 1e-9, 1e-6)) {
    return { msg: `every gradient is ${N}× too large for this batch of ${N}: the 1/N of the mean is missing from the gradient. With a mean loss, dL/dz for row n is (p_n − y_n)/N.`, hintKey: 'grad-missing-mean' };
  }
  if (allWithin(got, flatten(refGrads(p, x, y, { extraSigmoidPrime: true })), 1e-9, 1e-6)) {
    return { msg: 'your output error is (p − y)·p·(1 − p): the sigmoid derivative is applied on top of the BCE derivative. For sigmoid + binary cross-entropy they cancel, and dL/dz = (p − y)/N exactly.', hintKey: 'extra-sigmoid-prime' };
  }
  if (allWithin(got, flatten(refGrads(p, x, y, { tanhPrime: 'twice' })), 1e-9, 1e-6)) {
    return { msg: "W2 and b2 are right but W1 and b1 are not: the tanh derivative is computed as 1 − tanh(h)², applying tanh to the activation a second time. h is already tanh(z), so tanh'(z) = 1 − h².", hintKey: 'tanh-prime' };
  }
  if (allWithin(got, flatten(refGrads(p, x, y, { tanhPrime: 'linear' })), 1e-9, 1e-6)) {
    return { msg: "W2 and b2 are right but W1 and b1 are not: the tanh derivative is written as 1 − tanh(z). It is 1 − tanh²(z) (1 − h·h, using the activation h).", hintKey: 'tanh-prime' };
  }
  if (p.W1.length === p.b1.length && allWithin(got, flatten(refGrads(p, x, y, { transposed: true })), 1e-9, 1e-6)) {
    return { msg: 'the gradients match a network that reads W1 transposed (W1[j][i]). W1 is laid out [input][hidden]: the pre-activation of hidden unit j is Σ_i x_i·W1[i][j] + b1[j].', hintKey: 'w1-transposed' };
  }
  const out = got.slice(-(p.b1.length + 1));
  const outRight = right.slice(-(p.b1.length + 1));
  if (allWithin(out, outRight, 1e-6, 1e-6)) {
    return { msg: 'W2 and b2 are right but W1 and b1 are not: check the chain through the hidden layer, dh_j = dz·W2[j], dz1_j = dh_j·(1 − h_j²), ∂L/∂W1[i][j] = Σ_n x_i·dz1_j.' };
  }
  return { msg: 'start from dL/dz = (p − y)/N at the output (sigmoid and BCE combine to that), then ∂L/∂W2[j] = Σ_n dz·h_j and ∂L/∂b2 = Σ_n dz.' };
}

function compareGrads(learner: M, p: XorParams, x: number[][], y: number[], label: string) {
  const res = learner.xorMlpGradients(JSON.parse(JSON.stringify(p)), x.map((r) => r.slice()), y.slice());
  if (!res || typeof res !== 'object') fail(`xorMlpGradients should return { loss, grads }, got ${String(res)}.`);
  const got = learnerFlat(res.grads, p);
  const num = flatten(numericGrads(p, x, y));
  const bad = got.findIndex((e, k) => !(Math.abs(e.value - num[k].value) <= 1e-6 * Math.max(1, Math.abs(num[k].value))));
  if (bad >= 0) {
    const { msg, hintKey } = diagnose(got, p, x, y, num);
    fail(`${label}: ∂L/∂${got[bad].name} = ${fmt(got[bad].value)}, but the float64 numerical gradient (central difference, ε = 1e-6) is ${fmt(num[bad].value)}. ${cap(msg)}`,
      { expected: num.map((e) => `${e.name}=${fmt(e.value)}`).join(' '), actual: got.map((e) => `${e.name}=${fmt(e.value)}`).join(' '), hintKey });
  }
}

// A 2-3-1 case with 5 rows and soft-free labels: hidden ≠ input so a transposed layout shows.
const P3 = rngParams(11, 3);
const X5 = [[0.1, 0.9], [0.8, 0.3], [0.5, 0.5], [1, 0], [0.2, 0.2]];
const Y5 = [1, 1, 0, 1, 0];

function gridOf(predict: (x: number[]) => number, n = 40): number[] {
  const v: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) v.push(predict([c / (n - 1), r / (n - 1)]));
  return v;
}

export default defineChecks<M>({
  checks: [
    {
      id: 'loss-mean-bce', name: 'xorMlpGradients: loss is the mean binary cross-entropy', fn: 'xorMlpGradients',
      run(learner) {
        for (const [p, x, y] of [[rngParams(5, 2), XOR_X, XOR_Y], [P3, X5, Y5]] as const) {
          const { loss } = learner.xorMlpGradients(JSON.parse(JSON.stringify(p)), x.map((r) => r.slice()), y.slice());
          const want = refLoss(p, x, y);
          const N = x.length;
          const bce = (q: (xn: number[]) => number) => -x.reduce((acc, xn, n) => acc + y[n] * Math.log(q(xn)) + (1 - y[n]) * Math.log(1 - q(xn)), 0) / N;
          // rtol 1e-6 tolerates a defensive log(p + 1e-7); summed (×N) and sign errors are far outside it.
          expectClose(loss, want, { name: `loss of a ${p.b1.length}-unit net on ${N} rows (the mean BCE)`, atol: 1e-12, rtol: 1e-6, mistakes: [
            { when: x.reduce((acc, xn, n) => acc + (refForward(p, xn).prob - y[n]) ** 2, 0) / N, hintKey: 'mse-not-bce',
              message: 'your loss is the mean squared error (p − y)². The exercise uses binary cross-entropy, −mean(y·log p + (1 − y)·log(1 − p)), which pairs with the sigmoid output' },
            // Only a square W1 can be read transposed without a crash.
            { when: () => (p.W1.length === p.b1.length ? bce((xn) => refForward(p, xn, true).prob) : NaN), hintKey: 'w1-transposed',
              message: 'your loss matches a network that reads W1 transposed (W1[j][i]). W1 is laid out [input][hidden]: hidden unit j gets Σ_i x_i·W1[i][j] + b1[j]' },
            { when: want * N, hintKey: 'summed-bce', message: `your loss is ${N}× the mean over the batch of ${N}: the BCE is summed instead of averaged. Divide by N (x.length)` },
            { when: -want, message: 'your loss has the wrong sign: BCE is −mean(y·log p + (1 − y)·log(1 − p)), a positive number' },
          ] });
        }
      },
    },
    {
      id: 'numerical-gradient', name: 'xorMlpGradients matches a float64 numerical gradient (ε 1e-6, tol 1e-6)', fn: 'xorMlpGradients',
      run(learner) {
        // Square W1 first (2 inputs, 2 hidden): a transposed W1 then gives wrong numbers instead of a crash.
        compareGrads(learner, rngParams(5, 2), XOR_X, XOR_Y, '2-2-1 net on the 4 XOR points');
        compareGrads(learner, P3, X5, Y5, '2-3-1 net on 5 points');
      },
    },
    {
      id: 'grads-match-tf', name: 'xorMlpGradients matches tf.grads on the same parameters (1e-5)', fn: 'xorMlpGradients',
      run(learner) {
        const p = P3;
        const res = learner.xorMlpGradients(JSON.parse(JSON.stringify(p)), X5.map((r) => r.slice()), Y5.slice());
        const got = learnerFlat(res?.grads, p);
        const H = p.b1.length;
        const ref: number[] = [];
        tf.tidy(() => {
          const x = tf.tensor2d(X5);
          const y = tf.tensor1d(Y5);
          const loss = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor) => {
            const h = tf.tanh(tf.add(tf.matMul(x, W1 as tf.Tensor2D), b1));
            const prob = tf.sigmoid(tf.add(tf.matMul(h, tf.reshape(W2, [H, 1])).reshape([-1]), b2));
            return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(prob)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, prob))))));
          };
          const gs = tf.grads(loss)([tf.tensor2d(p.W1), tf.tensor1d(p.b1), tf.tensor1d(p.W2), tf.scalar(p.b2)]);
          for (const g of gs) ref.push(...Array.from(g.dataSync()));
        });
        const bad = got.findIndex((e, k) => !within(e.value, ref[k], 1e-5, 1e-4));
        if (bad >= 0) {
          const { msg, hintKey } = diagnose(got, p, X5, Y5, flatten(refGrads(p, X5, Y5)));
          fail(`∂L/∂${got[bad].name} = ${fmt(got[bad].value)}, tf.grads gives ${fmt(ref[bad])}. ${cap(msg)}`,
            { expected: ref.map(fmt).join(' '), actual: got.map((e) => fmt(e.value)).join(' '), hintKey });
        }
      },
    },
    {
      id: 'inputs-intact', name: 'xorMlpGradients leaves p, x and y unchanged', fn: 'xorMlpGradients',
      run(learner) {
        const p = JSON.parse(JSON.stringify(P3)) as XorParams;
        const x = X5.map((r) => r.slice());
        const y = Y5.slice();
        learner.xorMlpGradients(p, x, y);
        if (JSON.stringify(p) !== JSON.stringify(P3)) fail('xorMlpGradients changed the parameters it was given: return gradients, leave p as it was (the training loop does the update).');
        if (JSON.stringify(x) !== JSON.stringify(X5) || JSON.stringify(y) !== JSON.stringify(Y5)) fail('xorMlpGradients changed x or y: read the data, never write it.');
      },
    },
    {
      id: 'learns-xor', name: 'trainXorMlp reaches loss < 0.01 on seeds 1–5 (hidden 4, lr 1, 2000 epochs)', fn: 'trainXorMlp',
      run(learner, ctx) {
        const finals: string[] = [];
        for (let seed = 1; seed <= 5; seed++) {
          const r = learner.trainXorMlp({ hidden: 4, lr: 1, epochs: 2000, seed });
          if (!r || typeof r.predict !== 'function') fail('trainXorMlp should return { params, losses, predict }.');
          learnerFlat(r.params, { W1: [[0, 0, 0, 0], [0, 0, 0, 0]], b1: [0, 0, 0, 0], W2: [0, 0, 0, 0], b2: 0 });
          const final = refLoss(r.params, XOR_X, XOR_Y);
          finals.push(`seed ${seed}: ${fmt(final)}`);
          if (seed === 1) {
            const losses = Array.isArray(r.losses) ? r.losses : [];
            for (let e = 0; e < losses.length; e += 20) ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Mean BCE per epoch (seed 1)', yLabel: 'mean BCE, log scale', epoch: e, values: { loss: losses[e] }, logY: true });
            if (losses.length) ctx.emit({ kind: 'epoch', chart: 'loss', epoch: losses.length - 1, values: { loss: losses[losses.length - 1] }, logY: true });
            ctx.emit({
              kind: 'grid', chart: 'boundary', title: 'p(y = 1) over [0, 1]² after training (seed 1)', xRange: [0, 1], yRange: [0, 1], width: 40, height: 40,
              values: gridOf((x) => r.predict(x)), points: XOR_X.map(([a, b], n) => ({ x: a, y: b, label: XOR_Y[n] })),
              caption: `final loss ${fmt(final)}`,
            });
          }
          if (!(final < 0.01)) {
            fail(`with seed ${seed} the returned parameters have mean BCE ${fmt(final)} on the XOR points after 2000 epochs; it should be < 0.01. ` +
              'Check the init (W1, W2 from U(−1, 1) via mulberry32(seed)), that every parameter moves by −lr·gradient each epoch, and that the gradients pass their checks.',
            { expected: '< 0.01', actual: finals.join(', ') });
          }
        }
      },
    },
    {
      id: 'losses', name: 'trainXorMlp: losses has epochs + 1 entries ending at the loss of the returned params', fn: 'trainXorMlp',
      run(learner) {
        const epochs = 50;
        const r = learner.trainXorMlp({ hidden: 3, lr: 0.5, epochs, seed: 7 });
        learnerFlat(r.params, P3);
        if (!Array.isArray(r.losses) || r.losses.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
          fail('losses should be an array of finite numbers, one mean BCE per epoch.', { actual: String(r.losses) });
        }
        const final = refLoss(r.params, XOR_X, XOR_Y);
        if (r.losses.length === epochs + 1) {
          // rtol 1e-5: one epoch changes the loss by ~5e-3 here, a clipped log changes it by < 1e-6.
          if (!within(r.losses[epochs], final, 1e-12, 1e-5)) {
            fail(`losses[${epochs}] (the last entry) should be the mean BCE of the returned params, ${fmt(final)}; got ${fmt(r.losses[epochs])}.`,
              { expected: fmt(final), actual: fmt(r.losses[epochs]) });
          }
        } else if (r.losses.length === epochs) {
          // The accepted short form holds the `epochs` PRE-update losses, so its last entry is the
          // loss one update before the returned params (~5e-3 apart here). Equal to the final loss
          // means each entry was recorded after its update and the initial loss is missing.
          if (within(r.losses[epochs - 1], final, 1e-12, 1e-9)) {
            fail(`losses[${epochs - 1}] equals the loss of the returned params (${fmt(final)}): you record the loss after each update, so the initial loss is missing. ` +
              `Record the loss before each epoch's update (losses[0] = loss of the initial params), plus the final loss: ${epochs + 1} entries.`,
            { expected: `losses[0] = loss of the initial params, ${epochs + 1} entries`, actual: `${epochs} entries, the last = loss after the final update` });
          }
        } else {
          fail(`losses has ${r.losses.length} entries for ${epochs} epochs; it should have epochs + 1 = ${epochs + 1} (the loss before each update, plus the final loss).`,
            { expected: String(epochs + 1), actual: String(r.losses.length) });
        }
        if (!(r.losses[0] > r.losses[r.losses.length - 1])) fail(`the loss should go down over ${epochs} epochs at lr 0.5 (from ${fmt(r.losses[0])} to ${fmt(r.losses[r.losses.length - 1])}): is the update w −= lr·grad (minus, not plus)?`);
        const none = learner.trainXorMlp({ hidden: 3, lr: 0.5, epochs: 0, seed: 7 });
        learnerFlat(none.params, P3);
        if (!Array.isArray(none.losses) || none.losses.length > 1) fail(`with epochs = 0 losses should be [] or [initial loss], got ${JSON.stringify(none.losses)}.`);
      },
    },
    {
      id: 'predict', name: 'trainXorMlp: predict returns the probability p of the returned params', fn: 'trainXorMlp',
      run(learner) {
        const r = learner.trainXorMlp({ hidden: 3, lr: 0.5, epochs: 50, seed: 7 });
        for (const x of [...XOR_X, [0.3, 0.7]]) {
          const got = r.predict(x.slice());
          const want = refForward(r.params, x).prob;
          if (typeof got !== 'number' || !within(got, want, 1e-12, 1e-9)) {
            const isClass = got === 0 || got === 1;
            fail(`predict([${x}]) should be sigmoid(output) of the returned params = ${fmt(want)}, got ${String(got)}.` +
              (isClass ? ' It looks like a 0/1 class: return the probability itself, not a thresholded label.' : ''),
            { expected: fmt(want), actual: String(got) });
          }
        }
      },
    },
    {
      id: 'reproducible', name: 'trainXorMlp is reproducible: same seed, same run; another seed, another init', fn: 'trainXorMlp',
      run(learner) {
        const a = learner.trainXorMlp({ hidden: 4, lr: 1, epochs: 20, seed: 3 });
        const b = learner.trainXorMlp({ hidden: 4, lr: 1, epochs: 20, seed: 3 });
        const c = learner.trainXorMlp({ hidden: 4, lr: 1, epochs: 20, seed: 4 });
        if (JSON.stringify(a.params) !== JSON.stringify(b.params) || JSON.stringify(a.losses) !== JSON.stringify(b.losses)) {
          fail('two runs with seed 3 gave different results: draw the initial weights from mulberry32(seed), never Math.random.', { hintKey: 'unseeded' });
        }
        if (JSON.stringify(a.params.W1) === JSON.stringify(c.params.W1)) {
          fail('seeds 3 and 4 gave the same weights: the initialisation should come from mulberry32(seed), so different seeds start from different weights.', { hintKey: 'unseeded' });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'trainXorMlp',
      calls: [
        { name: 'xorMlpGradients', call: (L) => L.xorMlpGradients(JSON.parse(JSON.stringify(P3)), X5, Y5) },
        { name: 'trainXorMlp', call: (L) => L.trainXorMlp({ hidden: 2, lr: 1, epochs: 3, seed: 1 }).predict([0, 1]) },
      ],
      names: { 'no-tf-kernels': 'no tf ops: xorMlpGradients and trainXorMlp are pure TypeScript (P0)' },
    }),
  ],
});
