// s2-bias-variance — reference solution (P0: plain numbers, no tf ops).

/** Rows [1, x, x², …, x^degree]: the leading 1 is the bias column, so a fit can shift the curve. */
export function polynomialFeatures(x: number[], degree: number): number[][] {
  if (!Number.isInteger(degree) || degree < 0) throw new Error(`degree must be a non-negative integer, got ${degree}`);
  return x.map((xi) => {
    const row: number[] = [];
    for (let p = 1; p <= degree; p++) row.push(xi ** p);
    return row;
  });
}

/**
 * Ridge regression by the normal equations (XᵀX + λI) w = Xᵀy, solved with Gaussian elimination
 * and partial pivoting in float64 (tfjs has no linear solver). λ is added to the diagonal only,
 * for every coefficient including the bias column.
 */
export function fitRidge(X: number[][], y: number[], lambda: number): number[] {
  if (!(lambda >= 0)) throw new Error(`lambda must be >= 0, got ${lambda}`);
  if (X.length === 0 || X.length !== y.length) throw new Error(`X has ${X.length} rows but y has ${y.length} values`);
  const d = X[0].length;
  // Augmented matrix [XᵀX + λI | Xᵀy].
  const A = Array.from({ length: d }, (_, i) => {
    const row = new Array<number>(d + 1).fill(0);
    for (let j = 0; j < d; j++) for (const r of X) row[j] += r[i] * r[j];
    row[i] += lambda;
    X.forEach((r, k) => (row[d] += r[i] * y[k]));
    return row;
  });
  // Round-off turns an exactly singular matrix into tiny pivots, so compare with a relative scale.
  const scale = Math.max(...A.map((r, i) => Math.abs(r[i])), Number.MIN_VALUE);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (Math.abs(A[p][c]) < 1e-12 * scale) {
      throw new Error(`singular matrix: XᵀX + λI cannot be inverted (${X.length} samples for ${d} coefficients, λ = ${lambda}); lower the degree or use λ > 0`);
    }
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = c + 1; r < d; r++) {
      const f = A[r][c] / A[c][c];
      for (let j = c; j <= d; j++) A[r][j] -= f * A[c][j];
    }
  }
  const w = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let s = A[i][d];
    for (let j = i + 1; j < d; j++) s -= A[i][j] * w[j];
    w[i] = s / A[i][i];
  }
  return w;
}

export interface BiasVarianceArgs {
  trueFn: (x: number) => number;
  makeDataset: (seed: number) => { x: number[]; y: number[] };
  fit: (x: number[], y: number[]) => (x: number) => number;
  testX: number[];
  nDatasets: number;
  noiseVar: number;
}

/** Fit one model per dataset (seeds 1…nDatasets), then split the test error at every test point. */
export function biasVarianceDecomposition(args: BiasVarianceArgs): { bias2: number; variance: number; noise: number; expectedError: number } {
  const { trueFn, makeDataset, fit, testX, nDatasets, noiseVar } = args;
  if (!(nDatasets >= 1) || testX.length === 0) throw new Error('need nDatasets >= 1 and at least one test point');
  const preds: number[][] = []; // preds[i][t]: model i at test point t
  for (let s = 1; s <= nDatasets; s++) {
    const { x, y } = makeDataset(s);
    const model = fit(x, y);
    preds.push(testX.map((t) => model(t)));
  }
  let bias2 = 0, variance = 0;
  testX.forEach((t, j) => {
    const mean = preds.reduce((acc, p) => acc + p[j], 0) / nDatasets;
    bias2 += (mean - trueFn(t)) ** 2;
    // Variance is the spread around the MEAN prediction, not around the truth.
    variance += preds.reduce((acc, p) => acc + (p[j] - mean) ** 2, 0) / nDatasets;
  });
  bias2 /= testX.length;
  variance /= testX.length;
  // Expected error against a fresh noisy target y = f(t) + ε: E(pred − f)² + E ε².
  let err = 0;
  for (const p of preds) testX.forEach((t, j) => (err += (p[j] - trueFn(t)) ** 2));
  const expectedError = err / (nDatasets * testX.length) + noiseVar;
  return { bias2, variance, noise: noiseVar, expectedError };
}
