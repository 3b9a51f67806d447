// s2-over-under-fitting — reference solution (P0: plain numbers, no tf ops).

export type Rng = () => number;

/** Fisher–Yates (i = n−1 … 1, j = floor(rng()·(i+1))): n − 1 rng calls, every permutation equally likely. */
function shuffledRange(n: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/**
 * Shuffle once, then cut the permutation into k contiguous folds. Like scikit-learn's KFold, the
 * first n % k folds get one extra item, so fold sizes differ by at most 1.
 */
export function kFoldIndices(n: number, k: number, rng: Rng): Array<{ train: number[]; val: number[] }> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 2 || k > n) throw new Error(`k must be an integer with 2 <= k <= n (n = ${n}), got ${k}`);
  const perm = shuffledRange(n, rng);
  const folds: Array<{ train: number[]; val: number[] }> = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f >= k - (n % k) ? 1 : 0);
    const end = start + size;
    // Everything outside the validation slice trains, so train ∪ val = all and train ∩ val = ∅.
    folds.push({ train: [...perm.slice(0, start), ...perm.slice(end)], val: perm.slice(start, end) });
    start = end;
  }
  return folds;
}

/**
 * Shuffle 0…n−1 once, then train on growing prefixes of that permutation (the sets are nested, so
 * the curve shows the effect of MORE data rather than of DIFFERENT data).
 */
export function learningCurve(
  sizes: number[],
  fitAndScore: (trainIdx: number[]) => { trainErr: number; valErr: number },
  n: number,
  rng: Rng,
): Array<{ size: number; trainErr: number; valErr: number }> {
  for (const s of sizes) if (!Number.isInteger(s) || s < 1 || s > n) throw new Error(`every size must be an integer in [1, ${n}], got ${s}`);
  const perm = shuffledRange(n, rng);
  return sizes.map((size) => {
    const { trainErr, valErr } = fitAndScore(perm.slice(0, size));
    return { size, trainErr, valErr };
  });
}
