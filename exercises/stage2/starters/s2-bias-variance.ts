// s2-bias-variance — the bias-variance tradeoff.
//
// Rule level P0: pure TypeScript. Plain number arrays and loops; no tf ops at all
// (the grader profiles your code and fails it if any tf kernel runs).
//
// You write three functions:
//   polynomialFeatures  rows [1, x, x², …, x^degree] (the leading 1 is the bias column).
//   fitRidge            ridge regression by the normal equations (XᵀX + λI) w = Xᵀy, in float64.
//                       λ is added to the DIAGONAL only, for every coefficient (bias column included).
//                       tfjs has no linear solver: use Gaussian elimination (with partial pivoting)
//                       or a Cholesky factorisation.
//                       • λ < 0 → throw an Error.
//                       • A singular system (e.g. degree ≥ number of samples with λ = 0) → throw an
//                         Error whose message says "singular". Round-off makes an exactly singular
//                         pivot tiny rather than 0: treat |pivot| < 1e-12 × (largest diagonal entry)
//                         as singular.
//   biasVarianceDecomposition
//                       for s = 1, 2, …, nDatasets: (x, y) = makeDataset(s), model = fit(x, y).
//                       At every test point t with predictions p_1(t)…p_N(t) and mean m(t):
//                         bias²(t)    = (m(t) − trueFn(t))²
//                         variance(t) = (1/N) Σ_i (p_i(t) − m(t))²        (population variance)
//                       Average both over the test points. noise = noiseVar.
//                       expectedError = the mean over datasets and test points of (p_i(t) − trueFn(t))², plus
//                       noiseVar (the expected squared error against a fresh noisy target).
//                       If your pieces are right, bias² + variance + noise = expectedError.

export function polynomialFeatures(x: number[], degree: number): number[][] {
  // TODO: one row per x: [1, x, x², …, x^degree] (degree + 1 columns; degree 0 gives [[1], [1], …]).
  throw new Error('Not implemented: s2-bias-variance');
}

export function fitRidge(X: number[][], y: number[], lambda: number): number[] {
  // TODO: build A = XᵀX + λI and b = Xᵀy, then solve A w = b (throw on λ < 0 or a singular A).
  throw new Error('Not implemented: s2-bias-variance');
}

export interface BiasVarianceArgs {
  /** The noise-free function the data comes from. */
  trueFn: (x: number) => number;
  /** A seeded training set: call it with seeds 1…nDatasets. */
  makeDataset: (seed: number) => { x: number[]; y: number[] };
  /** Trains a model on one dataset and returns its prediction function. */
  fit: (x: number[], y: number[]) => (x: number) => number;
  testX: number[];
  nDatasets: number;
  /** Variance of the label noise (σ²): the irreducible error. */
  noiseVar: number;
}

export function biasVarianceDecomposition(args: BiasVarianceArgs): { bias2: number; variance: number; noise: number; expectedError: number } {
  // TODO: fit one model per dataset, collect predictions at testX, then average as described above.
  throw new Error('Not implemented: s2-bias-variance');
}
