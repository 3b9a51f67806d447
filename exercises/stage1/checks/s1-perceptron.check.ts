/**
 * Checks for s1-perceptron (P0). perceptronPredict is compared with tf.step(X·w + b); training
 * with a plain-loop reference written here (zero init, samples in order, update on mistakes).
 * Data and learning rates are integers or dyadic (1, 0.5, 0.25, multiples of 1/16), so every z
 * is exact in float32 and float64 and the trajectories must agree exactly, whatever the loop order.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, expectThrows, fail, makeLinearlySeparable, mulberry32, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-perceptron');
type Trained = { w: number[]; b: number; errorsPerEpoch: number[] };

// ---------- local helpers ----------
const fmt = (v: number): string => (typeof v !== 'number' || Number.isInteger(v) || !Number.isFinite(v) ? String(v) : Number(v.toPrecision(6)).toString());
const fmtArr = (a: ArrayLike<number>): string => `[${Array.from(a, fmt).join(', ')}]`;
const deepCopy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Reference trainer plus the variants that model known mistakes (to name them in messages). */
type Variant = 'ok' | 'everySample' | 'noBias' | 'gte' | 'countAfter';
function refTrain(x: number[][], y: number[], lr: number, epochs: number, v: Variant = 'ok'): Trained {
  const w = new Array<number>(x[0].length).fill(0);
  let b = 0;
  const errorsPerEpoch: number[] = [];
  for (let e = 0; e < epochs; e++) {
    let errors = 0;
    x.forEach((row, i) => {
      const z = row.reduce((s, xi, j) => s + w[j] * xi, b);
      const yHat = (v === 'gte' ? z >= 0 : z > 0) ? 1 : 0;
      if (yHat !== y[i]) errors++;
      // "every sample": pushes towards the label on every sample, right or wrong.
      const delta = v === 'everySample' ? 2 * y[i] - 1 : y[i] - yHat;
      row.forEach((xi, j) => { w[j] += lr * delta * xi; });
      if (v !== 'noBias') b += lr * delta;
    });
    // "count after": mistakes of the end-of-epoch weights instead of those made during the pass.
    if (v === 'countAfter') errors = x.filter((row, i) => (row.reduce((s, xi, j) => s + w[j] * xi, b) > 0 ? 1 : 0) !== y[i]).length;
    errorsPerEpoch.push(errors);
  }
  return { w, b, errorsPerEpoch };
}

/** A run as one vector, [errorsPerEpoch…, w…, b], so runs compare (and name mistakes) as values. */
const flat = (t: Trained): number[] => [...t.errorsPerEpoch, ...t.w, t.b];

/** Reads the learner's result defensively: typed arrays are fine, missing fields are named. */
function readTrained(r: unknown, what: string): Trained {
  const o = r as Partial<Record<keyof Trained, unknown>> | null;
  if (!o || typeof o !== 'object') fail(`${what}: trainPerceptron should return { w, b, errorsPerEpoch }, got ${String(r)}.`);
  const arr = (v: unknown, name: string): number[] => {
    if (!(Array.isArray(v) || ArrayBuffer.isView(v))) fail(`${what}: ${name} should be an array of numbers, got ${typeof v}.`);
    return Array.from(v as ArrayLike<number>, Number);
  };
  if (typeof o.b !== 'number') fail(`${what}: b should be a number, got ${typeof o.b}.`);
  return { w: arr(o.w, 'w'), b: o.b, errorsPerEpoch: arr(o.errorsPerEpoch, 'errorsPerEpoch') };
}

// Fresh copies on every call: a learner that writes into x or y (e.g. appending a bias column in
// place) must fail inputs-intact by name, not corrupt the shared data of every later check.
function train(L: M, x: number[][], y: number[], lr: number, epochs: number, what: string): Trained {
  return readTrained(L.trainPerceptron(deepCopy(x), deepCopy(y), { lr, epochs }), what);
}

/** Linearly separable 2-D points on a 1/16 grid, with a known separator and margin (z never 0). */
function separable(n: number, margin: number, seed: number) {
  const rng = mulberry32(seed);
  const a = 2 * Math.PI * rng();
  const ws = [Math.cos(a), Math.sin(a)];
  const bs = 0.4 * rng() - 0.2;
  const snap = (v: number) => Math.round(v * 16) / 16;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = (i * 7 + 3) % 3 === 0 ? 1 : 0; // unbalanced, not alternating
    for (;;) {
      const p = [snap(2 * rng() - 1), snap(2 * rng() - 1)];
      const d = ws[0] * p[0] + ws[1] * p[1] + bs;
      if ((label === 1 ? d : -d) > margin) { x.push(p); y.push(label); break; }
    }
  }
  return { x, y, ws, bs };
}

// Training cases: AND converges early (so an early stop shows), the others keep making mistakes.
const AND = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 0, 0, 1] };
const SEP = separable(12, 0.1, 7);
const NOISY3 = {
  x: [[1, 2, -1], [2, -1, 0], [-1, -1, 2], [0, 2, 1], [3, 0, -2], [-2, 1, 1], [1, 1, 1], [2, 2, -3]],
  y: [1, 0, 1, 1, 0, 0, 1, 0],
};
const TRAJ_CASES = [
  { name: 'AND gate, lr 1, 8 epochs', ...AND, lr: 1, epochs: 8 },
  { name: '12 separable 2-D points, lr 0.5, 10 epochs', x: SEP.x, y: SEP.y, lr: 0.5, epochs: 10 },
  { name: '8 non-separable 3-D points, lr 0.25, 6 epochs', ...NOISY3, lr: 0.25, epochs: 6 },
];
const XOR = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };

export default defineChecks<M>({
  checks: [
    {
      id: 'predict', name: 'perceptronPredict matches tf.step(X·w + b)', fn: 'perceptronPredict',
      run(L) {
        const rng = mulberry32(11);
        // Integer features, half-integer weights and a bias of 0.25: every z is k/2 + 0.25 ≠ 0.
        const x = Array.from({ length: 12 }, () => Array.from({ length: 3 }, () => Math.floor(rng() * 7) - 3));
        const w = [1.5, -0.5, 1];
        const b = 0.25;
        const expected = tf.tidy(() =>
          Array.from(tf.step(tf.add(tf.matMul(tf.tensor2d(x), tf.tensor2d(w, [3, 1])), b)).dataSync()));
        const got = L.perceptronPredict(w, b, x);
        if (!(Array.isArray(got) || ArrayBuffer.isView(got))) fail(`perceptronPredict should return number[], got ${typeof got}.`);
        const g = Array.from(got as ArrayLike<number>);
        if (g.length !== x.length) fail(`perceptronPredict returned ${g.length} predictions for ${x.length} rows.`);
        if (g.some((v) => typeof v === 'boolean')) fail('perceptronPredict returned booleans: return the numbers 1 and 0 (e.g. z > 0 ? 1 : 0).');
        const i = g.findIndex((v, k) => v !== expected[k]);
        if (i >= 0) {
          const z = x[i].reduce((s, xi, j) => s + w[j] * xi, b);
          fail(`row ${i} (x = ${fmtArr(x[i])}): w·x + b = ${fmt(z)}, so the prediction is ${expected[i]}, but you returned ${String(g[i])}.`
            + (g.every((v, k) => v === 1 - expected[k]) ? ' Every prediction is flipped: 1 means w·x + b > 0.' : ''),
          { expected: fmtArr(expected), actual: fmtArr(g) });
        }
        if (L.perceptronPredict(w, b, []).length !== 0) fail('perceptronPredict(w, b, []) should return [].');
      },
    },
    {
      id: 'predict-at-zero', name: 'perceptronPredict gives 0 when w·x + b is exactly 0 (tf.step convention)', fn: 'perceptronPredict', hintKey: 'threshold',
      run(L) {
        const w = [1, -1];
        const x = [[2, 2], [3, 1], [-1, -1], [0, 0], [1, 3], [4, 4]];
        const expected = [0, 1, 0, 0, 0, 0];
        const got = Array.from(L.perceptronPredict(w, 0, x));
        if (got.some((v) => typeof v === 'boolean')) fail('perceptronPredict returned booleans: return the numbers 1 and 0 (e.g. z > 0 ? 1 : 0).');
        const i = got.findIndex((v, k) => v !== expected[k]);
        if (i >= 0) {
          const z = x[i][0] * w[0] + x[i][1] * w[1];
          fail(z === 0
            // The rule first: an editor shows the start of a message where it is narrow.
            ? `Use > 0, not >= 0: in row ${i} (x = ${fmtArr(x[i])}, w = ${fmtArr(w)}, b = 0) w·x + b is exactly 0 and you predicted ${String(got[i])}; `
              + 'the rule is 1 iff w·x + b > 0 (tf.step gives 0 at 0).'
            : `row ${i}: w·x + b = ${fmt(z)}, expected prediction ${expected[i]}, got ${String(got[i])}.`,
          { expected: fmtArr(expected), actual: fmtArr(got) });
        }
      },
    },
    {
      id: 'training-rule', name: 'trainPerceptron follows the perceptron rule exactly (lr 1, 0.5, 0.25)', fn: 'trainPerceptron', hintKey: 'rule',
      run(L) {
        for (const c of TRAJ_CASES) {
          const ref = refTrain(c.x, c.y, c.lr, c.epochs);
          const got = train(L, c.x, c.y, c.lr, c.epochs, c.name);
          if (got.errorsPerEpoch.length !== c.epochs) {
            fail(`${c.name}: errorsPerEpoch has ${got.errorsPerEpoch.length} entries, expected ${c.epochs} (one per epoch). `
              + (got.errorsPerEpoch.length < c.epochs ? 'Did you stop early after an error-free pass? Keep going for all epochs (later passes just make no updates).' : ''),
            { expected: fmtArr(ref.errorsPerEpoch), actual: fmtArr(got.errorsPerEpoch), hintKey: 'earlyStop' });
          }
          if (got.w.length !== ref.w.length) fail(`${c.name}: w has ${got.w.length} entries, expected ${ref.w.length} (one per feature).`);
          const variant = (v: Variant) => flat(refTrain(c.x, c.y, c.lr, c.epochs, v));
          let total = 0;
          expectTensorClose(flat(got), flat(ref), { name: `${c.name}: [errorsPerEpoch…, w…, b]`, atol: 1e-12, rtol: 0, hintKey: 'rule', mistakes: [
            { when: variant('everySample'), hintKey: 'everySample', message: 'you update w and b on every sample. The perceptron only updates on a mistake: w += lr·(y − ŷ)·x is zero when ŷ = y' },
            { when: variant('noBias'), hintKey: 'noBias', message: `b stays ${fmt(got.b)} — did you forget to update the bias? On a mistake, b += lr·(y − ŷ)` },
            { when: () => (got.b === 0 && ref.b !== 0 ? flat(got) : []), hintKey: 'noBias', message: `b stays ${fmt(got.b)} — did you forget to update the bias? On a mistake, b += lr·(y − ŷ)` },
            { when: variant('gte'), hintKey: 'threshold', message: 'Use ŷ = 1 only when w·x + b > 0: your training predicts 1 when w·x + b = 0 (it starts there, with zero weights), unlike perceptronPredict' },
            { when: [...ref.errorsPerEpoch.map((e) => (total += e)), ...got.w, got.b], message: 'errorsPerEpoch is a running total; each entry should count only that epoch\'s mistakes (reset the counter at the start of every pass)' },
            { when: variant('countAfter'), message: 'your errorsPerEpoch counts the samples the weights misclassify after each pass; count the mistakes made during the pass (each one triggers an update)' },
          ] });
        }
      },
    },
    {
      id: 'converges-separable', name: 'trainPerceptron: errors reach 0 within the Novikoff bound on separable data', fn: 'trainPerceptron',
      run(L, ctx) {
        // Points snapped to a 1/16 grid (exact in float32), labels alternate, margin 0.3 from the true line.
        const d = makeLinearlySeparable({ n: 40, margin: 0.3, seed: 2024, step: 1 / 16 });
        const epochs = 40;
        const got = train(L, d.x, d.y, 1, epochs, '40 separable points (margin 0.3), lr 1');
        // Novikoff, with the bias as a weight on a constant 1: mistakes ≤ (R/γ)².
        const norm = Math.hypot(d.w[0], d.w[1], d.b);
        const R = Math.max(...d.x.map((p) => Math.hypot(p[0], p[1], 1)));
        const gamma = Math.min(...d.x.map((p, i) => (2 * d.y[i] - 1) * (d.w[0] * p[0] + d.w[1] * p[1] + d.b) / norm));
        const bound = Math.floor((R / gamma) ** 2);
        const errs = got.errorsPerEpoch;

        // Plots: mistakes per epoch and the learned boundary over the data.
        const n = 40;
        const values: number[] = [];
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            const px = -1.2 + (2.4 * c) / (n - 1);
            const py = -1.2 + (2.4 * r) / (n - 1);
            values.push((got.w[0] ?? 0) * px + (got.w[1] ?? 0) * py + got.b > 0 ? 1 : 0);
          }
        }
        ctx.emit({ kind: 'bars', chart: 'errors', title: 'Mistakes per epoch (separable data, lr 1)',
          labels: errs.map((_, i) => String(i + 1)), series: [{ name: 'mistakes', values: errs }] });
        ctx.emit({ kind: 'grid', chart: 'boundary', title: 'Learned decision regions', xRange: [-1.2, 1.2], yRange: [-1.2, 1.2],
          width: n, height: n, values, points: d.x.map((p, i) => ({ x: p[0], y: p[1], label: d.y[i] })),
          caption: `w = ${fmtArr(got.w)}, b = ${fmt(got.b)}` });

        if (errs.length !== epochs) fail(`errorsPerEpoch has ${errs.length} entries, expected ${epochs} (one per epoch, no early stop).`, { hintKey: 'earlyStop' });
        const total = errs.reduce((s, e) => s + e, 0);
        const first0 = errs.indexOf(0);
        if (first0 < 0) fail(`the data is separable with margin γ = ${fmt(gamma)} but errors never reached 0 in ${epochs} epochs: ${fmtArr(errs)}.`);
        if (total > bound) fail(`${total} mistakes in total, more than the Novikoff bound (R/γ)² = ${bound}: the rule must only update on mistakes.`);
        const later = errs.findIndex((e, i) => i > first0 && e !== 0);
        if (later >= 0) fail(`epoch ${first0} was error-free, so the weights stopped changing, yet epoch ${later} has ${errs[later]} mistakes.`);
        const pred = d.x.map((p) => (got.w[0] * p[0] + got.w[1] * p[1] + got.b > 0 ? 1 : 0));
        const wrong = pred.findIndex((p, i) => p !== d.y[i]);
        if (wrong >= 0) fail(`after training, point ${wrong} (${fmtArr(d.x[wrong])}, label ${d.y[wrong]}) is still misclassified by the returned w, b.`);
      },
    },
    {
      id: 'xor-not-learned', name: 'trainPerceptron: XOR is never learned (errors stay > 0 for 50 epochs)', fn: 'trainPerceptron',
      run(L, ctx) {
        const got = train(L, XOR.x, XOR.y, 1, 50, 'XOR, lr 1, 50 epochs');
        ctx.emit({ kind: 'bars', chart: 'xor', title: 'Mistakes per epoch on XOR: no line separates it',
          labels: got.errorsPerEpoch.map((_, i) => String(i + 1)), series: [{ name: 'mistakes', values: got.errorsPerEpoch }] });
        if (got.errorsPerEpoch.length !== 50) fail(`errorsPerEpoch has ${got.errorsPerEpoch.length} entries, expected 50.`, { hintKey: 'earlyStop' });
        const z = got.errorsPerEpoch.findIndex((e) => !(e > 0));
        if (z >= 0) fail(`epoch ${z} reports ${fmt(got.errorsPerEpoch[z])} mistakes on XOR, which no line can separate: count a mistake whenever ŷ ≠ y during the pass.`);
      },
    },
    {
      id: 'lr-scaling', name: 'trainPerceptron: scaling lr scales (w, b) and keeps the predictions', fn: 'trainPerceptron',
      run(L) {
        const a = train(L, SEP.x, SEP.y, 1, 6, 'lr 1');
        const q = train(L, SEP.x, SEP.y, 0.25, 6, 'lr 0.25');
        // With zero init, (w, b) after lr 1 is exactly 4× (w, b) after lr 0.25: is lr used in both updates?
        expectTensorClose([...a.w, a.b], [...q.w, q.b].map((v) => 4 * v), { name: '[w…, b] with lr 1 (4× those with lr 0.25)', atol: 1e-12, rtol: 0 });
        if (a.errorsPerEpoch.join() !== q.errorsPerEpoch.join()) {
          fail(`the mistakes per epoch should not depend on lr with zero init: lr 1 gives ${fmtArr(a.errorsPerEpoch)}, lr 0.25 gives ${fmtArr(q.errorsPerEpoch)}.`);
        }
      },
    },
    {
      id: 'zero-epochs', name: 'trainPerceptron with 0 epochs returns zero weights and []', fn: 'trainPerceptron',
      run(L) {
        const got = train(L, NOISY3.x, NOISY3.y, 1, 0, 'epochs 0');
        if (got.w.length !== 3 || got.w.some((v) => v !== 0) || got.b !== 0 || got.errorsPerEpoch.length !== 0) {
          fail('with epochs = 0 nothing is trained: expected w = [0, 0, 0], b = 0, errorsPerEpoch = [].',
            { actual: `w = ${fmtArr(got.w)}, b = ${fmt(got.b)}, errorsPerEpoch = ${fmtArr(got.errorsPerEpoch)}` });
        }
      },
    },
    {
      id: 'empty-input', name: 'empty x: perceptronPredict returns [], trainPerceptron throws a RangeError', fn: 'trainPerceptron',
      run(L) {
        const p = L.perceptronPredict([1, 2], 0.5, []);
        if (!p || p.length !== 0) fail(`perceptronPredict([1, 2], 0.5, []) should return [], got ${JSON.stringify(p)}.`);
        expectThrows(() => L.trainPerceptron([], [], { lr: 1, epochs: 3 }), RangeError, { name: 'trainPerceptron([], [], …)', why: 'there is nothing to learn from' });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'trainPerceptron',
      calls: [
        { name: 'trainPerceptron', inputs: () => deepCopy(NOISY3), call: (L, i) => L.trainPerceptron(i.x, i.y, { lr: 0.5, epochs: 3 }) },
        { name: 'perceptronPredict', inputs: () => ({ w: [0.5, -1, 2], x: deepCopy(NOISY3.x) }), call: (L, i) => L.perceptronPredict(i.w, 0.25, i.x) },
      ],
      badInputs: [
        { name: 'perceptronPredict([1, 2], 0, [[1, 2], [3]])', call: (L) => L.perceptronPredict([1, 2], 0, [[1, 2], [3]]), why: 'row 1 has 1 feature but w has 2' },
        { name: 'trainPerceptron on x = [[1, 2], [3], [4, 5]]', call: (L) => L.trainPerceptron([[1, 2], [3], [4, 5]], [0, 1, 0], { lr: 1, epochs: 2 }), why: 'row 1 is shorter than the others' },
        { name: 'trainPerceptron with y = [0, 2]', call: (L) => L.trainPerceptron([[1, 2], [3, 4]], [0, 2], { lr: 1, epochs: 2 }), why: 'labels must be 0 or 1' },
        { name: 'trainPerceptron with y = [-1, 1]', call: (L) => L.trainPerceptron([[1, 2], [3, 4]], [-1, 1], { lr: 1, epochs: 2 }), why: 'this exercise uses labels 0/1, not ±1' },
      ],
      names: { 'bad-inputs-throw': 'ragged rows and labels outside {0, 1} throw', 'no-tf-kernels': 'pure TypeScript: no tf kernels' },
      hintKeys: { 'no-tf-kernels': 'p0' },
    }),
  ],
});
