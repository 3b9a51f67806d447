// s2-over-under-fitting — k-fold cross-validation and learning curves.
//
// Rule level P0: pure TypeScript. Plain number arrays and loops; no tf ops at all.
// Randomness comes ONLY from the `rng` argument (never Math.random), so a seed reproduces the folds.
//
// The shuffle both functions use (the grader replays it exactly, so follow it to the letter):
//   start from [0, 1, …, n−1]; for i = n−1 down to 1: j = Math.floor(rng() * (i + 1)); swap entries i and j.
//   That is n − 1 calls to rng, and nothing else may call rng.
//
// kFoldIndices(n, k, rng)
//   • Shuffle 0…n−1 as above, then cut the permutation into k CONTIGUOUS folds, in order.
//   • Sizes: like scikit-learn's KFold, the first n % k folds get floor(n/k) + 1 items, the others
//     floor(n/k). Example: n = 10, k = 3 → folds of 4, 3, 3.
//   • Fold f: val = the f-th slice; train = every other index. (The order inside each list is free.)
//   • k < 2 or k > n → throw an Error.
//
// learningCurve(sizes, fitAndScore, n, rng)
//   • Shuffle 0…n−1 ONCE (as above). For each size in `sizes`, in the given order, call
//     fitAndScore(the first `size` entries of that permutation) and record { size, trainErr, valErr }.
//     The training sets are nested: a bigger set contains every smaller one.
//   • A size that is not a whole number from 1 to n → throw an Error.

export type Rng = () => number;

export function kFoldIndices(n: number, k: number, rng: Rng): Array<{ train: number[]; val: number[] }> {
  // TODO: validate k, shuffle with rng (Fisher–Yates), then slice into k contiguous folds.
  throw new Error('Not implemented: s2-over-under-fitting');
}

export function learningCurve(
  sizes: number[],
  fitAndScore: (trainIdx: number[]) => { trainErr: number; valErr: number },
  n: number,
  rng: Rng,
): Array<{ size: number; trainErr: number; valErr: number }> {
  // TODO: validate sizes, shuffle once, then score each prefix.
  throw new Error('Not implemented: s2-over-under-fitting');
}
