/**
 * Checks for s3-feature-scaling. References: tf.moments(x, 0) (population variance, ddof 0) and
 * tf.min/tf.max per column. Inputs are drawn per grade with columns on different scales (so
 * per-row and whole-matrix statistics differ from per-column ones); constant columns use integers.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, numTensors, randomRows, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-feature-scaling');
type Scaler = { fit(x: tf.Tensor2D): unknown; transform(x: tf.Tensor2D): tf.Tensor2D; inverseTransform(x: tf.Tensor2D): tf.Tensor2D; dispose(): void };

const TOL = { atol: 1e-4, rtol: 1e-4 };
const OFFSETS = [3, -20, 500];
const SCALES = [1, 10, 100];

/** rows × 3 with column j = OFFSETS[j] + SCALES[j]·U(−1, 1) (+ shift·SCALES[j]). */
function scaledRows(rng: Rng, rows: number, shift = 0): tf.Tensor2D {
  return tf.tensor2d(randomRows(rng, rows, 3).map((r) => r.map((v, j) => OFFSETS[j] + SCALES[j] * (v + shift))));
}

/** The standardisation of `x` with the statistics of `from`: axis 0 per column, ddof = 0. */
function standardRef(x: tf.Tensor, from: tf.Tensor, axis: number | null = 0, ddof = 0): tf.Tensor {
  const n = axis === null ? from.size : from.shape[axis];
  const { mean, variance } = axis === null ? tf.moments(from) : tf.moments(from, axis, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.mul(variance, n / (n - ddof))));
}

function minMaxRef(x: tf.Tensor, from: tf.Tensor, lo = 0, hi = 1, axis = 0): tf.Tensor {
  const min = tf.min(from, axis, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, min), tf.sub(tf.max(from, axis, true), min)), hi - lo), lo);
}

/** Runs `body` with a fitted scaler and disposes it afterwards. */
function withScaler<T>(s: Scaler, fitOn: tf.Tensor2D, body: (s: Scaler) => T): T {
  try {
    s.fit(fitOn);
    return body(s);
  } finally {
    s.dispose();
  }
}

const standardMistakes = (x: tf.Tensor) => [
  { when: standardRef(x, x, 0, 1), message: 'divided by the sample standard deviation (n − 1): use the population variance, ddof 0, as tf.moments gives it', hintKey: 'population-variance' },
  { when: () => { const { mean, variance } = tf.moments(x, 0); return tf.div(tf.sub(x, mean), variance); }, message: 'divided by the variance instead of the standard deviation: take its square root' },
  { when: () => { const { variance } = tf.moments(x, 0); return tf.div(x, tf.sqrt(variance)); }, message: 'the mean was not subtracted: standardise as (x − mean) / std' },
  { when: () => standardRef(x, x, 1), message: 'statistics taken per row (axis 1): each feature is a column, so take the mean and std over the rows (axis 0)', hintKey: 'per-column' },
  { when: () => standardRef(x, x, null), message: 'one mean and std for the whole matrix: each column (feature) needs its own', hintKey: 'per-column' },
];

const minMaxMistakes = (x: tf.Tensor, lo: number, hi: number) => [
  { when: () => minMaxRef(x, x), message: `the range [${lo}, ${hi}] was ignored: after scaling to [0, 1], multiply by (hi − lo) and add lo`, hintKey: 'minmax-range' },
  { when: () => tf.add(tf.mul(tf.div(x, tf.max(x, 0)), hi - lo), lo), message: 'divided by the max instead of (max − min), and the min was not subtracted' },
  { when: () => minMaxRef(x, x, lo, hi, 1), message: 'min and max taken per row (axis 1): each feature is a column, so take them over the rows (axis 0)', hintKey: 'per-column' },
];

export default defineChecks<M>({
  checks: [
    {
      id: 'standard-values', name: 'StandardScaler.transform = (x − mean)/std per column, population std (random [8,3], scales 1…100)', fn: 'StandardScaler',
      run: (m) => tf.tidy(() => {
        const x = scaledRows(gradeRng(), 8, 0);
        withScaler(new m.StandardScaler(), x, (s) => {
          expectTensorClose(s.transform(x), standardRef(x, x), { name: 'StandardScaler.fit(x).transform(x)', ...TOL, tensor: true, mistakes: standardMistakes(x) });
        });
      }),
    },
    {
      id: 'fit-returns-this', name: 'fit returns the scaler, so new StandardScaler().fit(train).transform(test) works', fn: 'StandardScaler',
      run: (m) => tf.tidy(() => {
        const x = scaledRows(gradeRng(), 5);
        for (const [name, s] of [['StandardScaler', new m.StandardScaler()], ['MinMaxScaler', new m.MinMaxScaler()]] as const) {
          try {
            const r = s.fit(x) as unknown as Scaler | undefined;
            if (!r || typeof r.transform !== 'function') fail(`${name}.fit returned ${String(r)}: return this, so calls can be chained`);
            expectTensorClose(r.transform(x), name === 'StandardScaler' ? standardRef(x, x) : minMaxRef(x, x), { name: `new ${name}().fit(x).transform(x)`, ...TOL, tensor: true });
          } finally {
            s.dispose();
          }
        }
      }),
    },
    {
      id: 'standard-inverse', name: 'StandardScaler: inverseTransform(transform(x)) ≈ x, and inverseTransform(z) = z·std + mean', fn: 'StandardScaler',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const x = scaledRows(rng, 7);
        const z = tf.tensor2d(randomRows(rng, 4, 3, -2, 2));
        withScaler(new m.StandardScaler(), x, (s) => {
          expectTensorClose(s.inverseTransform(s.transform(x)), x, { name: 'inverseTransform(transform(x))', atol: 1e-3, rtol: 1e-4, tensor: true });
          const { mean, variance } = tf.moments(x, 0);
          expectTensorClose(s.inverseTransform(z), tf.add(tf.mul(z, tf.sqrt(variance)), mean), { name: 'inverseTransform(z) on new z', ...TOL, tensor: true, mistakes: [
            { when: () => tf.add(tf.div(z, tf.sqrt(variance)), mean), message: 'inverseTransform divides by std: undo the division, z·std + mean' },
            { when: () => tf.mul(tf.add(z, mean), tf.sqrt(variance)), message: 'inverseTransform adds the mean before multiplying: z·std + mean, in that order' },
          ] });
        });
      }),
    },
    {
      id: 'minmax-values', name: 'MinMaxScaler maps each column to [0, 1] by default and to the given range ([−1, 1], [2, 5])', fn: 'MinMaxScaler',
      run: (m) => tf.tidy(() => {
        const x = scaledRows(gradeRng(), 8);
        withScaler(new m.MinMaxScaler(), x, (s) => {
          expectTensorClose(s.transform(x), minMaxRef(x, x), { name: 'new MinMaxScaler().fit(x).transform(x)', ...TOL, tensor: true, mistakes: minMaxMistakes(x, 0, 1).slice(1) });
        });
        for (const [lo, hi] of [[-1, 1], [2, 5]]) {
          withScaler(new m.MinMaxScaler([lo, hi]), x, (s) => {
            expectTensorClose(s.transform(x), minMaxRef(x, x, lo, hi), { name: `new MinMaxScaler([${lo}, ${hi}]).fit(x).transform(x)`, ...TOL, tensor: true, mistakes: minMaxMistakes(x, lo, hi) });
          });
        }
      }),
    },
    {
      id: 'minmax-inverse', name: 'MinMaxScaler: inverseTransform(transform(x)) ≈ x (range [−1, 1])', fn: 'MinMaxScaler',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const x = scaledRows(rng, 6);
        const z = tf.tensor2d(randomRows(rng, 3, 3, -1, 1));
        withScaler(new m.MinMaxScaler([-1, 1]), x, (s) => {
          const min = tf.min(x, 0);
          const span = tf.sub(tf.max(x, 0), min);
          expectTensorClose(s.inverseTransform(z), tf.add(tf.mul(tf.div(tf.add(z, 1), 2), span), min), { name: 'inverseTransform(z) on new z in [−1, 1]', ...TOL, tensor: true, mistakes: [
            { when: () => tf.add(tf.mul(z, span), min), message: 'inverseTransform ignores the range: first map z from [lo, hi] back to [0, 1], (z − lo)/(hi − lo)', hintKey: 'minmax-range' },
          ] });
          expectTensorClose(s.inverseTransform(s.transform(x)), x, { name: 'inverseTransform(transform(x))', atol: 1e-3, rtol: 1e-4, tensor: true });
        });
      }),
    },
    {
      id: 'constant-column', name: 'a constant column (integers) scales by 1: StandardScaler gives 0, MinMaxScaler gives lo, never NaN', fn: 'StandardScaler', hintKey: 'constant-column',
      run: (m) => tf.tidy(() => {
        const x = tf.tensor2d([[1, 5, 2], [3, 5, 4], [7, 5, 0], [4, 5, 1]]);
        const stdRef = tf.concat([standardRef(x.slice([0, 0], [4, 1]), x.slice([0, 0], [4, 1])), tf.zeros([4, 1]), standardRef(x.slice([0, 2], [4, 1]), x.slice([0, 2], [4, 1]))], 1);
        const nanOrInf = (got: number[]) => got.some((v) => !Number.isFinite(v));
        withScaler(new m.StandardScaler(), x, (s) => {
          expectTensorClose(s.transform(x), stdRef, { name: 'StandardScaler on [[1,5,2],[3,5,4],[7,5,0],[4,5,1]] (column 1 is constant)', ...TOL, tensor: true, mistakes: [
            { when: nanOrInf, message: 'a constant column gives NaN or Infinity: its std is 0; use scale 1 where max == min, so the column becomes 0', hintKey: 'constant-column' },
          ] });
          expectTensorClose(s.inverseTransform(s.transform(x)), x, { name: 'inverseTransform(transform(x)) with a constant column', ...TOL, tensor: true });
        });
        const mmRef = tf.concat([minMaxRef(x.slice([0, 0], [4, 1]), x.slice([0, 0], [4, 1])), tf.zeros([4, 1]), minMaxRef(x.slice([0, 2], [4, 1]), x.slice([0, 2], [4, 1]))], 1);
        withScaler(new m.MinMaxScaler(), x, (s) => {
          expectTensorClose(s.transform(x), mmRef, { name: 'MinMaxScaler on the same x (column 1 is constant)', ...TOL, tensor: true, mistakes: [
            { when: nanOrInf, message: 'a constant column gives NaN or Infinity: max − min is 0; use scale 1 where max == min, so the column becomes lo', hintKey: 'constant-column' },
          ] });
        });
      }),
    },
    {
      id: 'single-row', name: 'a single row is valid fit data: every column is constant, so both scalers output 0', fn: 'StandardScaler', hintKey: 'constant-column',
      run: (m) => tf.tidy(() => {
        const x = tf.tensor2d([[4, -2, 9]]);
        for (const [name, s] of [['StandardScaler', new m.StandardScaler()], ['MinMaxScaler', new m.MinMaxScaler()]] as const) {
          withScaler(s, x, () => {
            expectTensorClose(s.transform(x), tf.zeros([1, 3]), { name: `${name}.fit(x).transform(x) for x = [[4, −2, 9]]`, atol: 1e-6, tensor: true, mistakes: [
              { when: (got) => got.some((v) => !Number.isFinite(v)), message: 'one row gives NaN: a single row has std 0 (and max == min) in every column; use scale 1 there', hintKey: 'constant-column' },
            ] });
          });
        }
      }),
    },
    {
      id: 'no-test-leakage', name: 'fit on train, transform test: the test set keeps the train statistics (it is not zero-mean)', fn: 'StandardScaler', hintKey: 'no-test-leakage',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const train = scaledRows(rng, 10);
        const test = scaledRows(rng, 6, 0.8); // shifted: a different distribution than train
        const leak = 'scaler statistics taken from the test set: transform must use the mean and std stored by fit, never recompute them from the x it is given';
        withScaler(new m.StandardScaler(), train, (s) => {
          const got = s.transform(test);
          expectTensorClose(got, standardRef(test, train), { name: 'StandardScaler fit on train, transform(test)', ...TOL, tensor: true, mistakes: [
            { when: () => standardRef(test, test), message: leak, hintKey: 'no-test-leakage' },
          ] });
          const means = valuesOf(tf.mean(got, 0));
          if (means.every((v) => Math.abs(v) < 1e-3)) fail(`the transformed test set is zero-mean (${means.map((v) => v.toFixed(4)).join(', ')}): ${leak}`, { hintKey: 'no-test-leakage' });
        });
        withScaler(new m.MinMaxScaler(), train, (s) => {
          expectTensorClose(s.transform(test), minMaxRef(test, train), { name: 'MinMaxScaler fit on train, transform(test)', ...TOL, tensor: true, mistakes: [
            { when: () => minMaxRef(test, test), message: leak.replace('mean and std', 'min and max'), hintKey: 'no-test-leakage' },
          ] });
        });
      }),
    },
    {
      id: 'dispose-frees', name: 'dispose() frees the stored statistics (also after fitting twice): the tensor count returns to where it was', fn: 'StandardScaler', hintKey: 'dispose-frees',
      run(m) {
        const rng = gradeRng();
        const a = scaledRows(rng, 6);
        const b = scaledRows(rng, 4);
        try {
          for (const [name, make] of [['StandardScaler', () => new m.StandardScaler()], ['MinMaxScaler', () => new m.MinMaxScaler()]] as const) {
            const base = numTensors();
            const s = make();
            s.fit(a);
            const kept = numTensors() - base; // 0 is fine too: statistics may be kept as plain numbers
            s.transform(b).dispose();
            s.fit(b);
            const refit = numTensors() - base;
            if (refit > kept) fail(`${name}: after a second fit, ${refit} tensors are alive, after the first ${kept}: free the old statistics when fit replaces them`, { expected: String(kept), actual: String(refit), hintKey: 'dispose-frees' });
            s.dispose();
            const left = numTensors() - base;
            if (left !== 0) fail(`${name}: after dispose(), ${left} tensor(s) of yours are still alive: dispose() must free every stored statistic`, { expected: '0', actual: String(left), hintKey: 'dispose-frees' });
          }
        } finally {
          tf.dispose([a, b]);
        }
      },
    },
    {
      // The generated no-leaks check measures each crossing into the sandbox on its own, and a
      // scaler keeps tensors between calls on purpose: count around the whole life cycle instead.
      id: 'no-leaks', name: 'fit, transform and inverseTransform leave nothing behind but their results and the statistics; inputs intact', fn: 'StandardScaler',
      run(m) {
        const x = scaledRows(gradeRng(), 5);
        const before = valuesOf(x);
        try {
          for (const [name, s] of [['StandardScaler', new m.StandardScaler()], ['MinMaxScaler', new m.MinMaxScaler()]] as const) {
            const base = numTensors();
            try {
              s.fit(x);
              const kept = numTensors() - base;
              for (const [what, call] of [['transform', () => s.transform(x)], ['inverseTransform', () => s.inverseTransform(x)]] as const) {
                const out = call();
                const extra = numTensors() - base - kept - 1;
                out.dispose();
                if (extra > 0) fail(`${extra} tensor${extra === 1 ? '' : 's'} leaked per call of ${name}.${what}: wrap its work in tf.tidy() so only the result survives`, { expected: '0 tensors left behind', actual: `${extra}`, hintKey: 'leak' });
              }
            } finally {
              s.dispose();
            }
            if (x.isDisposed) fail(`${name} disposed the x it was given: the caller still owns its input`, { hintKey: 'input-disposed' });
          }
          if (valuesOf(x).some((v, i) => v !== before[i])) fail('the input x was changed: compute new tensors, never write into an input', { hintKey: 'input-modified' });
        } finally {
          x.dispose();
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'StandardScaler',
      badInputs: (['StandardScaler', 'MinMaxScaler'] as const).flatMap((name) => {
        const make = (m: M): Scaler => (name === 'StandardScaler' ? new m.StandardScaler() : new m.MinMaxScaler());
        const three = () => tf.tensor2d([[1, 2, 3], [4, 6, 8], [0, 1, 5]]);
        return [
          { name: `${name}: transform before fit`, call: (m: M) => { const s = make(m); try { return s.transform(three()); } finally { s.dispose(); } }, mistake: 'transform before fit' },
          { name: `${name}: fit on 3 columns, transform a [2,1] matrix`, call: (m: M) => withScaler(make(m), three(), (s) => s.transform(tf.tensor2d([[1], [2]]))), mistake: 'column count not checked: tf broadcasts [2,1] against 3 statistics without a word', hintKey: 'column-mismatch' },
          { name: `${name}: fit on 3 columns, inverseTransform a [2,1] matrix`, call: (m: M) => withScaler(make(m), three(), (s) => s.inverseTransform(tf.tensor2d([[1], [2]]))), mistake: 'column count not checked: tf broadcasts [2,1] against 3 statistics without a word', hintKey: 'column-mismatch' },
          { name: `${name}: fit on data with a NaN`, call: (m: M) => { const s = make(m); try { return s.fit(tf.tensor2d([[1, 2], [NaN, 3], [2, 2]])); } finally { s.dispose(); } }, mistake: 'NaN in the fit data accepted: the statistics would all be NaN', hintKey: 'nan-fit' },
        ];
      }),
      names: {
        'bad-inputs-throw': 'transform before fit, a column-count mismatch and NaN in the fit data throw',
      },
    }),
  ],
});
