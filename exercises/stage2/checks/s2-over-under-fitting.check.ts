/**
 * Checks for s2-over-under-fitting (P0): k-fold indices and learning curves, replayed exactly from
 * the learner's rng (Fisher–Yates, then contiguous folds, the first n % k folds one larger).
 */
import { defineChecks, fail, mulberry32, range, shuffleInPlace, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-over-under-fitting');
type Fold = { train: number[]; val: number[] };

/** An rng that counts how often it is called. */
function countingRng(seed: number): { rng: () => number; calls: () => number } {
  const [r, c] = [mulberry32(seed), { n: 0 }];
  return { rng: () => (c.n++, r()), calls: () => c.n };
}

// ---- grader references: the specified shuffle is the toolkit's shuffleInPlace (Fisher–Yates, i = n−1 … 1)
const refPerm = (n: number, rng: () => number): number[] => shuffleInPlace(range(n), rng);
/** Shuffles learners write instead of the specified one, to name the mistake when folds differ. */
const WRONG_SHUFFLES: Array<{ perm: (n: number, rng: () => number) => number[]; say: string }> = [
  {
    perm(n, rng) {
      const a = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng() * i);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
    say: 'your shuffle draws j = floor(rng()·i), Sattolo\'s algorithm (it only makes cyclic permutations); Fisher–Yates draws j = floor(rng()·(i+1)), so i may stay in place',
  },
  {
    perm(n, rng) {
      const a = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < n - 1; i++) {
        const j = i + Math.floor(rng() * (n - i));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
    say: 'your shuffle runs front to back (i = 0 … n−2); it is a valid shuffle, but the exercise replays the back-to-front one: i = n−1 down to 1, j = floor(rng()·(i+1))',
  },
];
/** Contiguous folds of `perm`; `extraFirst` = scikit-learn (the first n % k folds get one more). */
function refFolds(perm: number[], k: number, extraFirst = true): Fold[] {
  const n = perm.length, base = Math.floor(n / k), extra = n % k;
  const out: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = base + ((extraFirst ? f < extra : f >= k - extra) ? 1 : 0);
    out.push({ val: perm.slice(start, start + size), train: [...perm.slice(0, start), ...perm.slice(start + size)] });
    start += size;
  }
  return out;
}

const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const sameSet = (a: unknown, b: number[]) => Array.isArray(a) && a.length === b.length && sorted(a as number[]).every((v, i) => v === sorted(b)[i]);
const show = (a: number[]) => `[${a.slice(0, 12).join(', ')}${a.length > 12 ? ', …' : ''}]`;
function asFolds(out: unknown, k: number): Fold[] {
  if (!Array.isArray(out) || out.length !== k) fail(`kFoldIndices must return k = ${k} folds, got ${Array.isArray(out) ? out.length : typeof out}`);
  out.forEach((f, i) => {
    if (!f || !Array.isArray(f.train) || !Array.isArray(f.val)) fail(`fold ${i} must be { train: number[]; val: number[] }, got ${JSON.stringify(f)}`);
  });
  return out as Fold[];
}
const cases = [[10, 3], [17, 5], [7, 7], [12, 4], [2, 2]].map(([n, k], i) => ({ n, k, seed: 11 + i }));

export default defineChecks<M>({
  checks: [
    {
      id: 'k-fold', name: 'kFoldIndices matches the reference: Fisher–Yates with rng, then contiguous folds', fn: 'kFoldIndices',
      run(m) {
        for (const { n, k, seed } of cases) {
          const counter = countingRng(seed);
          const got = asFolds(m.kFoldIndices(n, k, counter.rng), k);
          const perm = refPerm(n, mulberry32(seed));
          const want = refFolds(perm, k);
          const ok = want.every((w, f) => sameSet(got[f].val, w.val) && sameSet(got[f].train, w.train));
          if (ok) continue;
          const at = `n = ${n}, k = ${k}`;
          const f = want.findIndex((w, i) => !sameSet(got[i].val, w.val) || !sameSet(got[i].train, w.train));
          const e = { expected: `fold ${f} val ${show(sorted(want[f].val))}`, actual: `fold ${f} val ${show(sorted(got[f].val))}` };
          const unshuffled = refFolds(Array.from({ length: n }, (_, i) => i), k);
          if (unshuffled.every((w, i) => sameSet(got[i].val, w.val))) fail(`${at}: your folds are contiguous runs of 0, 1, …, n−1 — shuffle the indices with rng (Fisher–Yates) before cutting folds`, e);
          if (counter.calls() === 0) fail(`${at}: your code never called the rng argument (Math.random?); shuffle with rng so the folds are reproducible`, e);
          if (n % k !== 0 && refFolds(perm, k, false).every((w, i) => sameSet(got[i].val, w.val))) fail(`${at}: the extra items went to the LAST folds; like scikit-learn's KFold, the first n % k = ${n % k} folds get one more item`, e);
          const gotSizes = got.map((g) => g.val.length);
          const wantSizes = want.map((w) => w.val.length);
          if (gotSizes.some((v, i) => v !== wantSizes[i])) fail(`${at}: validation folds of sizes ${show(gotSizes)}, expected ${show(wantSizes)}: the first n % k = ${n % k} folds get floor(n/k) + 1 = ${Math.floor(n / k) + 1} items, the others floor(n/k) = ${Math.floor(n / k)}`, e);
          if (counter.calls() !== n - 1) fail(`${at}: rng was called ${counter.calls()} times; a Fisher–Yates shuffle (i = n−1 … 1, j = floor(rng()·(i+1))) calls it exactly n − 1 = ${n - 1} times`, e);
          for (const w of WRONG_SHUFFLES) {
            const alt = refFolds(w.perm(n, mulberry32(seed)), k);
            if (alt.every((a, i) => sameSet(got[i].val, a.val))) fail(`${at}: ${w.say}`, e);
          }
          const fwd = want.every((w, i) => sameSet(got[i].val, w.val));
          fail(`${at}: fold ${f} differs from the reference${fwd ? ' (validation sets match; the train sets must hold every index not in val)' : ': shuffle with i = n−1 down to 1 and j = floor(rng()·(i+1)), then fold f is the f-th contiguous slice of the permutation'}`, e);
        }
      },
    },
    {
      id: 'k-fold-partition', name: 'kFoldIndices: each index lands in exactly one validation fold, and train ∩ val = ∅', fn: 'kFoldIndices',
      run(m) {
        for (const [n, k] of [[23, 4], [10, 3], [9, 9]]) {
          const folds = asFolds(m.kFoldIndices(n, k, mulberry32(n * 31 + k)), k);
          const count = new Array<number>(n).fill(0);
          folds.forEach((f) => f.val.forEach((i) => { if (i >= 0 && i < n) count[i]++; }));
          const twice = count.findIndex((c) => c > 1), never = count.findIndex((c) => c === 0);
          if (twice >= 0) fail(`n = ${n}, k = ${k}: index ${twice} is in ${count[twice]} validation folds — folds overlap (check where each fold starts and ends)`);
          if (never >= 0) fail(`n = ${n}, k = ${k}: index ${never} is in no validation fold — every sample must be validated exactly once`);
          folds.forEach((f, fi) => {
            const val = new Set(f.val);
            const both = f.train.find((i) => val.has(i));
            if (both !== undefined) fail(`n = ${n}, k = ${k}, fold ${fi}: index ${both} is in both train and val`);
            if (f.train.length + f.val.length !== n || new Set([...f.train, ...f.val]).size !== n) fail(`n = ${n}, k = ${k}, fold ${fi}: train and val together must hold every index 0…${n - 1} once (got ${f.train.length} + ${f.val.length})`);
          });
        }
      },
    },
    {
      id: 'k-fold-sizes', name: 'kFoldIndices: fold sizes differ by at most 1', fn: 'kFoldIndices',
      run(m) {
        for (const [n, k] of [[23, 5], [10, 4], [11, 3]]) {
          const sizes = asFolds(m.kFoldIndices(n, k, mulberry32(7)), k).map((f) => f.val.length);
          if (Math.max(...sizes) - Math.min(...sizes) > 1) fail(`n = ${n}, k = ${k}: validation fold sizes are ${show(sizes)}; they must differ by at most 1 (${n % k} folds of ${Math.ceil(n / k)}, the rest of ${Math.floor(n / k)})`);
        }
      },
    },
    {
      id: 'k-fold-seeded', name: 'kFoldIndices: the same seed gives the same folds (randomness only from rng)', fn: 'kFoldIndices',
      run(m) {
        const a = asFolds(m.kFoldIndices(20, 4, mulberry32(99)), 4);
        const b = asFolds(m.kFoldIndices(20, 4, mulberry32(99)), 4);
        const f = a.findIndex((fa, i) => !sameSet(fa.val, b[i].val));
        if (f >= 0) fail(`two calls with rng = mulberry32(99) gave different fold ${f} (${show(sorted(a[f].val))} vs ${show(sorted(b[f].val))}): take every random number from the rng argument, never Math.random`);
        const counter = countingRng(99);
        m.kFoldIndices(20, 4, counter.rng);
        if (counter.calls() === 0) fail('kFoldIndices never called rng: the folds must be a seeded shuffle of 0…n−1');
      },
    },
    {
      id: 'learning-curve', name: 'learningCurve trains on growing prefixes of ONE Fisher–Yates shuffle, in the order of sizes', fn: 'learningCurve',
      run(m) {
        const n = 30, sizes = [3, 8, 15, 30], seed = 21;
        const calls: number[][] = [];
        const fitAndScore = (idx: number[]) => {
          calls.push([...idx]);
          return { trainErr: idx.length / 100 + 0.125, valErr: 1 / idx.length + 0.5 };
        };
        const counter = countingRng(seed);
        const out = m.learningCurve(sizes.slice(), fitAndScore, n, counter.rng);
        const perm = refPerm(n, mulberry32(seed));
        if (calls.length !== sizes.length) fail(`fitAndScore must be called once per size (${sizes.length} times); it was called ${calls.length} times`);
        for (let i = 0; i < sizes.length; i++) {
          if (calls[i].length !== sizes[i]) fail(`call ${i} of fitAndScore got ${calls[i].length} training indices; expected sizes[${i}] = ${sizes[i]} (sizes are handled in the given order)`);
        }
        const nested = calls.every((c, i) => i === 0 || calls[i - 1].every((v) => c.includes(v)));
        if (counter.calls() === 0) fail('learningCurve never called rng: shuffle 0…n−1 with rng (Fisher–Yates) and take prefixes of that permutation');
        if (counter.calls() !== n - 1) fail(`rng was called ${counter.calls()} times; shuffle ONCE (n − 1 = ${n - 1} calls) and train on prefixes of that permutation${nested ? '' : ' — your training sets are not nested, as if you reshuffled for every size'}`);
        const bad = calls.findIndex((c, i) => !sameSet(c, perm.slice(0, sizes[i])));
        if (bad >= 0) {
          for (const w of WRONG_SHUFFLES) {
            const alt = w.perm(n, mulberry32(seed));
            if (calls.every((c, i) => sameSet(c, alt.slice(0, sizes[i])))) fail(w.say, { expected: show(sorted(perm.slice(0, sizes[bad]))), actual: show(sorted(calls[bad])) });
          }
        }
        if (bad >= 0) fail(`the training set for size ${sizes[bad]} is not the first ${sizes[bad]} entries of the Fisher–Yates permutation of 0…${n - 1} (i = n−1 … 1, j = floor(rng()·(i+1)))`, { expected: show(sorted(perm.slice(0, sizes[bad]))), actual: show(sorted(calls[bad])) });
        if (!Array.isArray(out) || out.length !== sizes.length) fail(`learningCurve must return one entry per size (${sizes.length}); got ${Array.isArray(out) ? out.length : typeof out}`);
        out.forEach((r, i) => {
          const want = { size: sizes[i], ...fitAndScore.call(null, perm.slice(0, sizes[i])) };
          calls.pop();
          if (r?.size !== want.size || r?.trainErr !== want.trainErr || r?.valErr !== want.valErr) fail(`entry ${i} must be { size: ${want.size}, trainErr, valErr } with the errors fitAndScore returned for that size`, { expected: JSON.stringify(want), actual: JSON.stringify(r) });
        });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'kFoldIndices',
      calls: [
        { name: 'kFoldIndices', call: (m) => m.kFoldIndices(12, 3, mulberry32(1)) },
        { name: 'learningCurve', call: (m) => m.learningCurve([2, 4], () => ({ trainErr: 0, valErr: 1 }), 6, mulberry32(2)) },
      ],
      badInputs: [
        ...[[10, 1], [10, 0], [5, 6]].map(([n, k]) => ({
          name: `kFoldIndices(${n}, ${k}, rng)`, call: (m: M) => m.kFoldIndices(n, k, mulberry32(1)),
          why: k < 2 ? 'fewer than 2 folds leaves nothing to train or validate on' : 'more folds than samples makes empty folds',
        })),
        ...[[0, 5], [5, 11], [2.5]].map((sizes) => ({
          name: `learningCurve(${JSON.stringify(sizes)}, …, n = 10)`, call: (m: M) => m.learningCurve(sizes, () => ({ trainErr: 0, valErr: 0 }), 10, mulberry32(3)),
          why: 'every size must be a whole number from 1 to n',
        })),
      ],
      names: { 'bad-inputs-throw': 'kFoldIndices: k < 2 or k > n throws; learningCurve: a size outside 1…n throws' },
    }),
  ],
});
