/**
 * Checks for s2-bias-variance (P0): polynomial features, ridge regression by the normal equations
 * and the bias–variance decomposition, against float64 references computed here.
 */
import { defineChecks, fail, expectTensorClose, mulberry32, gaussian, polynomial, sinusoid, solveLinear, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-bias-variance');
type Decomp = { bias2: number; variance: number; noise: number; expectedError: number };

// ---- seeded data (same recipe as the course's makePolynomialRegression: sin 2πx on [0,1], σ = 0.3)
export const NOISE_STD = 0.3;
// Portable functions: the grader rebuilds them beside the learner's code instead of calling back per value.
export const trueFn = sinusoid(1);
export function makeDataset(seed: number, n = 15): { x: number[]; y: number[] } {
  const rng = mulberry32(seed * 7919 + 1);
  const x = Array.from({ length: n }, () => rng());
  return { x, y: x.map((v) => trueFn(v) + NOISE_STD * gaussian(rng)) };
}
export const testX = Array.from({ length: 25 }, (_, i) => (i + 0.5) / 25);

// ---- grader's float64 references
function refFeatures(x: number[], degree: number): number[][] {
  return x.map((v) => Array.from({ length: degree + 1 }, (_, p) => v ** p));
}
/** Solves (XᵀX + P) w = Xᵀy with partial pivoting; `penalty(i, j)` is what is added to entry (i, j). */
function refSolve(X: number[][], y: number[], penalty: (i: number, j: number) => number): number[] {
  const d = X[0].length;
  const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[i] * r[j], 0) + penalty(i, j)));
  return solveLinear(A, Array.from({ length: d }, (_, i) => X.reduce((s, r, k) => s + r[i] * y[k], 0)));
}
const refRidge = (X: number[][], y: number[], lam: number) => refSolve(X, y, (i, j) => (i === j ? lam : 0));
export const polyEval = (w: number[]) => polynomial(w);
const refFit = (degree: number, lam: number) => (x: number[], y: number[]) => polyEval(refRidge(refFeatures(x, degree), y, lam));

function refDecomp(fit: (x: number[], y: number[]) => (x: number) => number, nDatasets: number, noiseVar: number, firstSeed = 1): Decomp {
  const preds: number[][] = [];
  for (let s = firstSeed; s < firstSeed + nDatasets; s++) {
    const d = makeDataset(s);
    const m = fit(d.x, d.y);
    preds.push(testX.map(m));
  }
  let bias2 = 0, variance = 0, err = 0, varTrue = 0, varUnbiased = 0;
  testX.forEach((t, j) => {
    const mean = preds.reduce((a, p) => a + p[j], 0) / nDatasets;
    bias2 += (mean - trueFn(t)) ** 2;
    const ss = preds.reduce((a, p) => a + (p[j] - mean) ** 2, 0);
    variance += ss / nDatasets;
    varUnbiased += ss / (nDatasets - 1);
    const st = preds.reduce((a, p) => a + (p[j] - trueFn(t)) ** 2, 0);
    err += st;
    varTrue += st / nDatasets;
  });
  const T = testX.length;
  return { bias2: bias2 / T, variance: variance / T, noise: noiseVar, expectedError: err / (nDatasets * T) + noiseVar, ...{ varTrue: varTrue / T, varUnbiased: varUnbiased / T } } as Decomp;
}

const close = (a: number, b: number, rtol = 1e-6, atol = 1e-9) => Math.abs(a - b) <= atol + rtol * Math.abs(b);
const fmt = (v: number[] | number) => (Array.isArray(v) ? `[${v.map((x) => +x.toPrecision(6)).join(', ')}]` : String(+v.toPrecision(6)));
function allClose(a: number[], b: number[], rtol = 1e-6, atol = 1e-9): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((v, i) => typeof v === 'number' && close(v, b[i], rtol, atol));
}
function asNumbers(w: unknown, what: string): number[] {
  const arr = ArrayBuffer.isView(w) ? Array.from(w as Float64Array) : w;
  if (!Array.isArray(arr) || arr.some((v) => typeof v !== 'number')) fail(`${what} must return an array of numbers, got ${String(w)}`);
  return arr as number[];
}

// Cases for fitRidge: well-conditioned, so any correct float64 solver agrees to 1e-6.
const ridgeCases = [
  { x: [-1, -0.6, -0.1, 0.3, 0.7, 1.2, 1.5], degree: 3, lambda: 0.5 },
  { x: [-1.2, -0.8, -0.3, 0, 0.4, 0.9, 1.1, 1.3], degree: 5, lambda: 0.1 },
  { x: [0.2, 0.5, 0.9, 1.4, 2.0, 2.3], degree: 2, lambda: 0 },
];
const yFor = (x: number[]) => x.map((v, i) => Math.cos(2 * v) + 0.1 * ((i * 37) % 5) - 0.2);

export default defineChecks<M>({
  checks: [
    {
      id: 'features', name: 'polynomialFeatures: rows are [1, x, x², …, x^degree]', fn: 'polynomialFeatures',
      run(m) {
        const x = [0.5, -2, 3, 0, 1.5];
        const got = m.polynomialFeatures(x, 3);
        const want = refFeatures(x, 3);
        if (!Array.isArray(got) || got.length !== x.length) fail(`expected ${x.length} rows (one per x), got ${Array.isArray(got) ? got.length : typeof got}`);
        got.forEach((row, i) => {
          const r = asNumbers(row, 'each row of polynomialFeatures');
          if (r.length === 3 && allClose(r, want[i].slice(1), 1e-12)) fail(`row ${i} is ${fmt(r)}: it has 3 columns for degree 3 — the bias column of ones (x⁰ = 1) is missing; rows have degree + 1 entries`, { expected: fmt(want[i]), actual: fmt(r) });
          if (r.length !== 4) fail(`row ${i} has ${r.length} columns; degree 3 needs 4: [1, x, x², x³]`, { expected: fmt(want[i]), actual: fmt(r) });
          if (!allClose(r, want[i], 1e-12, 1e-12)) fail(`row ${i} (x = ${x[i]}) is wrong: columns must be x⁰, x¹, x², x³ in that order`, { expected: fmt(want[i]), actual: fmt(r) });
        });
      },
    },
    {
      id: 'features-degree-zero', name: 'polynomialFeatures: degree 0 gives a single column of ones', fn: 'polynomialFeatures',
      run(m) {
        const got = m.polynomialFeatures([2, -1, 0], 0);
        if (!Array.isArray(got) || got.length !== 3 || got.some((r) => !(Array.isArray(r) || ArrayBuffer.isView(r)) || r.length !== 1 || r[0] !== 1)) {
          fail('degree 0 must give one column of ones (the constant model): [[1], [1], [1]]', { expected: '[[1],[1],[1]]', actual: JSON.stringify(got) });
        }
      },
    },
    {
      id: 'ridge', name: 'fitRidge matches the float64 normal-equation reference (rtol 1e-6)', fn: 'fitRidge',
      run(m) {
        for (const c of ridgeCases) {
          const X = refFeatures(c.x, c.degree), y = yFor(c.x);
          const w = asNumbers(m.fitRidge(X.map((r) => r.slice()), y.slice(), c.lambda), 'fitRidge');
          const pen = (f: (i: number, j: number) => number) => refSolve(X, y, f);
          const l = c.lambda;
          expectTensorClose(w, refRidge(X, y, l), { name: `fitRidge (degree ${c.degree}, λ = ${l}, ${c.x.length} samples)`, rtol: 1e-6, atol: 1e-9, mistakes: l > 0 ? [
            { when: refRidge(X, y, l / 2), message: 'your weights solve (XᵀX + (λ/2)·I)w = Xᵀy — you penalised with λ/2; this exercise\'s loss is ‖Xw − y‖² + λ‖w‖², so the normal equations add the full λ to the diagonal' },
            { when: refRidge(X, y, 2 * l), message: 'your weights solve (XᵀX + 2λI)w = Xᵀy — you added 2λ to the diagonal; add λ' },
            { when: pen(() => l), message: 'λ was added to EVERY entry of XᵀX; ridge adds λ only on the diagonal (λI)' },
            { when: pen((i, j) => (i === j && i > 0 ? l : 0)), message: 'the bias coefficient w₀ was left unpenalised; in this exercise λI covers every coefficient, the bias column included' },
            { when: refRidge(X, y, 0), message: 'your weights are the plain least-squares solution — λ was ignored' },
          ] : [] });
        }
      },
    },
    {
      id: 'ridge-underdetermined', name: 'fitRidge: λ > 0 solves even when there are more coefficients than samples', fn: 'fitRidge',
      run(m) {
        const x = [-0.9, -0.2, 0.4, 1.0], X = refFeatures(x, 5), y = yFor(x);
        let w: number[];
        try {
          w = asNumbers(m.fitRidge(X, y, 0.3), 'fitRidge');
        } catch (e) {
          fail(`degree 5 on 4 samples with λ = 0.3 threw "${(e as Error).message}": λ > 0 makes XᵀX + λI positive definite, so it must be solvable; only λ = 0 is singular`);
        }
        const want = refRidge(X, y, 0.3);
        if (!allClose(w, want)) fail('degree 5 on 4 samples with λ = 0.3: weights differ from the reference', { expected: fmt(want), actual: fmt(w) });
      },
    },
    {
      id: 'ridge-singular-throws', name: 'fitRidge: degree ≥ n with λ = 0 throws a singular-matrix error', fn: 'fitRidge',
      run(m) {
        for (const [n, degree] of [[4, 4], [3, 6], [6, 8]] as const) {
          const x = Array.from({ length: n }, (_, i) => -1 + (2 * i + 0.5) / n);
          const X = refFeatures(x, degree);
          let out: unknown;
          try {
            out = m.fitRidge(X, yFor(x), 0);
          } catch (e) {
            const msg = String((e as Error)?.message ?? e);
            if (!/singular|invert|rank|degenerate|not solvable|unsolvable/i.test(msg)) fail(`degree ${degree} on ${n} samples, λ = 0: you threw "${msg}" — say what is wrong: the matrix XᵀX is singular (more coefficients than samples)`);
            continue;
          }
          const arr = Array.isArray(out) ? (out as number[]) : [];
          const hint = arr.some((v) => !Number.isFinite(v)) ? ' (your weights contain NaN/Infinity: a zero pivot slipped through)' : ' (round-off leaves a tiny nonzero pivot: compare pivots with a tolerance such as 1e-12 × the largest diagonal entry, not with === 0)';
          fail(`degree ${degree} on ${n} samples with λ = 0 must throw a "singular matrix" error; you returned ${fmt(arr)}${hint}`);
        }
      },
    },
    {
      id: 'decomposition', name: 'biasVarianceDecomposition matches the float64 reference (rtol 1e-6)', fn: 'biasVarianceDecomposition',
      run(m) {
        const seeds: number[] = [];
        const fit = refFit(3, 1e-3);
        const got = m.biasVarianceDecomposition({
          trueFn, fit, testX: testX.slice(), nDatasets: 60, noiseVar: NOISE_STD ** 2,
          makeDataset: (s: number) => { seeds.push(s); return makeDataset(s); },
        });
        // The order (and calling a seed twice) is the learner's business; the set of seeds is not.
        const distinct = [...new Set(seeds)].sort((a, b) => a - b);
        if (distinct.length !== 60 || distinct.some((s, i) => s !== i + 1)) {
          fail(`makeDataset must be called with the seeds 1, 2, …, nDatasets (here 1…60); you used ${distinct.length} distinct seeds: ${fmt(distinct.slice(0, 6))}${distinct.length > 6 ? '…' : ''}${distinct[0] === 0 ? ' — seeds start at 1, not 0' : ''}`);
        }
        const ref = refDecomp(fit, 60, NOISE_STD ** 2) as Decomp & { varTrue: number; varUnbiased: number };
        const keys = ['bias2', 'variance', 'noise', 'expectedError'] as const;
        for (const k of keys) {
          const v = (got as Decomp)?.[k];
          if (typeof v !== 'number') fail(`the result must have a numeric "${k}" field; got ${JSON.stringify(got)}`);
          if (close(v, ref[k])) continue;
          const e = { expected: String(ref[k]), actual: String(v) };
          if (k === 'variance' && close(v, ref.varTrue, 1e-5)) fail('variance is measured around trueFn; measure the spread of the predictions around their MEAN prediction (the spread around the truth is bias² + variance)', e);
          if (k === 'variance' && close(v, ref.varUnbiased, 1e-5)) fail('variance divides by nDatasets − 1; this decomposition uses the population variance (divide by nDatasets) so that bias² + variance adds up exactly', e);
          if (k === 'bias2' && close(v, Math.sqrt(ref.bias2), 1e-5)) fail('bias2 looks like the bias itself; square (mean prediction − trueFn) before averaging', e);
          if (k === 'expectedError' && close(v, ref.expectedError - ref.noise, 1e-5)) fail('expectedError leaves out the noise: the error against a new noisy target is E(prediction − trueFn)² + noiseVar', e);
          if (k === 'noise') fail('noise must be the irreducible noise variance noiseVar', e);
          fail(`${k} = ${v} but the reference gives ${ref[k]} (degree-3 fits on 60 datasets, 25 test points)`, e);
        }
      },
    },
    {
      id: 'decomposition-adds-up', name: 'bias² + variance + noise ≈ expectedError (within 3 %)', fn: 'biasVarianceDecomposition',
      run(m) {
        for (const degree of [1, 3]) {
          const r = m.biasVarianceDecomposition({ trueFn, makeDataset: (s) => makeDataset(s), fit: refFit(degree, 1e-3), testX, nDatasets: 100, noiseVar: NOISE_STD ** 2 });
          const sum = r.bias2 + r.variance + r.noise;
          if (!(Math.abs(sum - r.expectedError) <= 0.03 * Math.abs(r.expectedError))) {
            const extra = sum - r.expectedError;
            const why = Math.abs(extra - r.bias2) < 0.05 * r.bias2 ? ' — the surplus equals bias²: your variance is measured around trueFn instead of around the mean prediction' : '';
            fail(`degree ${degree}: bias² + variance + noise = ${fmt(r.bias2)} + ${fmt(r.variance)} + ${fmt(r.noise)} = ${fmt(sum)}, but expectedError = ${fmt(r.expectedError)}${why}`);
          }
        }
      },
    },
    {
      id: 'tradeoff-over-degree', name: 'over degrees 1, 3, 9: bias² falls and variance rises (λ = 1e-5, 500 datasets)', fn: 'biasVarianceDecomposition',
      run(m) {
        const rs = [1, 3, 9].map((degree) => m.biasVarianceDecomposition({
          trueFn, makeDataset: (s) => makeDataset(s), testX, nDatasets: 500, noiseVar: NOISE_STD ** 2,
          fit: (x, y) => polyEval(asNumbers(m.fitRidge(m.polynomialFeatures(x, degree), y, 1e-5), 'fitRidge')),
        }));
        const line = rs.map((r, i) => `degree ${[1, 3, 9][i]}: bias² ${fmt(r.bias2)}, variance ${fmt(r.variance)}`).join('; ');
        if (!(rs[0].bias2 > rs[1].bias2 && rs[1].bias2 > rs[2].bias2)) fail(`bias² should fall as the degree grows (${line})`);
        if (!(rs[0].variance < rs[1].variance && rs[1].variance < rs[2].variance)) fail(`variance should rise as the degree grows (${line})`);
      },
    },
    {
      id: 'tradeoff-over-lambda', name: 'a larger λ raises bias² and lowers variance', fn: 'fitRidge',
      run(m) {
        const lams = [1e-5, 1e-2, 1];
        const rs = lams.map((lam) => m.biasVarianceDecomposition({
          trueFn, makeDataset: (s) => makeDataset(s), testX, nDatasets: 200, noiseVar: NOISE_STD ** 2,
          fit: (x, y) => polyEval(asNumbers(m.fitRidge(m.polynomialFeatures(x, 9), y, lam), 'fitRidge')),
        }));
        const line = rs.map((r, i) => `λ = ${lams[i]}: bias² ${fmt(r.bias2)}, variance ${fmt(r.variance)}`).join('; ');
        if (!(rs[0].bias2 < rs[1].bias2 && rs[1].bias2 < rs[2].bias2)) fail(`degree 9: bias² should rise with λ (${line})`);
        if (!(rs[0].variance > rs[1].variance && rs[1].variance > rs[2].variance)) fail(`degree 9: variance should fall with λ (${line})`);
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'fitRidge',
      calls: [
        { name: 'polynomialFeatures', call: (m) => m.polynomialFeatures([0.1, 0.5, 0.9, 1.3], 2) },
        { name: 'fitRidge', call: (m) => m.fitRidge(refFeatures([0.1, 0.5, 0.9, 1.3], 2), [1, 2, 2, 3], 0.1) },
        { name: 'biasVarianceDecomposition', call: (m) => m.biasVarianceDecomposition({ trueFn, makeDataset: (s) => makeDataset(s), fit: refFit(1, 0), testX: [0.5], nDatasets: 3, noiseVar: 0.09 }) },
      ],
      badInputs: [{ name: 'fitRidge(X, y, −0.1)', call: (m) => m.fitRidge(refFeatures([0, 0.5, 1, 1.5], 1), [1, 2, 3, 4], -0.1), why: 'a negative λ rewards large weights and can make the system singular' }],
      names: { 'bad-inputs-throw': 'fitRidge: λ < 0 throws' },
    }),
  ],
});
