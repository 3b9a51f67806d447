/**
 * Checks for s3-confusion-matrix (P0). The reference is the judge's tf.math.confusionMatrix on int32
 * tensors (rows = true, columns = predicted). tf silently drops out-of-range labels and truncates
 * floats, so those cases are graded as "must throw" instead of against tf.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-confusion-matrix');
type By = 'true' | 'pred' | 'all';

export function tfConfusion(yTrue: number[], yPred: number[], k: number): number[][] {
  // tf builds the matrix through oneHot, which needs depth ≥ 2: one class is just [[n]].
  if (k === 1) return [[yTrue.length]];
  return tf.tidy(() => tf.math.confusionMatrix(tf.tensor1d(yTrue, 'int32'), tf.tensor1d(yPred, 'int32'), k).arraySync() as number[][]);
}

const transpose = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));
const show = (a: number[]) => `[${a.join(', ')}]`;

/** The three normalisations, 0 where a sum is 0 (the judge's own formulas on tf's matrix). */
function refNormalize(cm: number[][], by: By, zero = 0): number[][] {
  const rows = cm.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = cm[0].map((_, j) => cm.reduce((s, r) => s + r[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  return cm.map((r, i) => r.map((v, j) => {
    const d = by === 'true' ? rows[i] : by === 'pred' ? cols[j] : total;
    return d === 0 ? zero : v / d;
  }));
}

function matrixOf(got: unknown, call: string, rows: number, cols: number): number[][] {
  if (got === undefined) fail(`${call} returned undefined — did you forget to \`return\` the matrix?`);
  if (!Array.isArray(got) || got.some((r) => !Array.isArray(r))) fail(`${call} should return a matrix (an array of rows); got ${JSON.stringify(got)}`);
  const g = got as unknown[][];
  if (g.length !== rows || g.some((r) => r.length !== cols)) {
    fail(`${call} has ${g.length} row(s) of lengths [${g.map((r) => r.length).join(', ')}], expected ${rows} × ${cols}${g.length === 0 && rows > 0 ? ': with no examples the matrix is still numClasses × numClasses, all zeros' : ''}`,
      { expected: `${rows} × ${cols}`, actual: JSON.stringify(got) });
  }
  return g as number[][];
}

const SWAPPED = 'rows and columns swapped: rows are true labels, columns are predicted labels (cm[true][pred])';

function expectConfusion(m: M, yTrue: number[], yPred: number[], k: number, extra: Mistake[] = []): number[][] {
  const call = `confusionMatrix(${show(yTrue)}, ${show(yPred)}, ${k})`;
  const got = matrixOf(m.confusionMatrix(yTrue, yPred, k), call, k, k);
  const ref = tfConfusion(yTrue, yPred, k);
  expectTensorClose(got, ref, { name: call, atol: 0, rtol: 0, mistakes: [{ when: transpose(ref), message: SWAPPED, hintKey: 'swapped' }, ...extra] });
  return got;
}

function expectNormalized(m: M, cm: number[][], by: By, mistakes: (ref: number[][]) => Mistake[] = () => []): void {
  const call = `normalizeConfusion(${JSON.stringify(cm)}, '${by}')`;
  const got = matrixOf(m.normalizeConfusion(cm.map((r) => [...r]), by), call, cm.length, cm[0].length);
  const ref = refNormalize(cm, by);
  const others = (['true', 'pred', 'all'] as const).filter((b) => b !== by);
  expectTensorClose(got, ref, { name: call, atol: 1e-12, rtol: 1e-9, mistakes: [
    { when: (g) => g.some(Number.isNaN), message: 'NaN from 0/0: a zero-support row (a class with no examples) normalises to zeros, not NaN', hintKey: 'zero-support' },
    ...mistakes(ref),
    ...others.map((b) => ({ when: refNormalize(cm, b), message: `normalised by '${b}' instead of '${by}': ${by === 'true' ? 'each ROW (true class) must sum to 1' : by === 'pred' ? 'each COLUMN (predicted class) must sum to 1' : 'divide every cell by the total count'}`, hintKey: `normalize-${by}` })),
    { when: transpose(refNormalize(transpose(cm), by)), message: `'${by}' computed on the transposed matrix: rows are true labels, columns are predicted labels`, hintKey: 'swapped' },
  ] });
}

// Asymmetric: a transposed matrix fails. Rows true, columns predicted: [[1,2,0],[0,1,0],[1,0,1]].
const AT = [0, 0, 0, 1, 2, 2];
const AP = [1, 1, 0, 1, 2, 0];
// The layout example of the lesson: [[1,0,0],[0,1,1],[0,1,1]] (symmetric, so also checked above).
const LT = [0, 1, 2, 2, 1];
const LP = [0, 2, 2, 1, 1];

// A matrix with a zero-support row (class 2 never occurs) and a never-predicted column (class 3).
const CM = [[5, 2, 0, 0], [1, 3, 1, 0], [0, 0, 0, 0], [2, 0, 1, 0]];

export default defineChecks<M>({
  checks: [
    {
      id: 'cm-layout', name: 'rows are the true class, columns the predicted class (an asymmetric example)', fn: 'confusionMatrix',
      run(m) {
        expectConfusion(m, AT, AP, 3);
        expectConfusion(m, LT, LP, 3);
        expectConfusion(m, [0, 1, 1, 1], [1, 0, 0, 0], 2);
      },
    },
    {
      id: 'cm-reference', name: 'matches tf.math.confusionMatrix on random labels of this grade (2 to 6 classes)', fn: 'confusionMatrix',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 4; round++) {
          const k = 2 + Math.floor(rng() * 5);
          const { yTrue, yPred } = randomLabels(rng, k, 20 + Math.floor(rng() * 40));
          expectConfusion(m, yTrue, yPred, k);
        }
      },
    },
    {
      id: 'cm-empty', name: 'no examples → the all-zero numClasses × numClasses matrix', fn: 'confusionMatrix',
      run(m) {
        expectConfusion(m, [], [], 3);
        expectConfusion(m, [], [], 1);
        // A class that never appears keeps its (zero) row and column.
        expectConfusion(m, [0, 0], [0, 0], 4);
      },
    },
    {
      id: 'cm-properties', name: 'on random labels: the total is n, trace / n is the accuracy, swapping the arguments transposes', fn: 'confusionMatrix',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 3; round++) {
          const k = 2 + Math.floor(rng() * 4);
          const n = 15 + Math.floor(rng() * 30);
          const { yTrue, yPred } = randomLabels(rng, k, n);
          const call = `confusionMatrix(${show(yTrue)}, ${show(yPred)}, ${k})`;
          const cm = matrixOf(m.confusionMatrix(yTrue, yPred, k), call, k, k);
          const total = cm.flat().reduce((a, b) => a + b, 0);
          if (total !== n) fail(`${call}: the cells add up to ${total}, but there are ${n} examples; each example lands in exactly one cell`);
          const trace = cm.reduce((s, r, i) => s + r[i], 0);
          const acc = yTrue.filter((t, i) => t === yPred[i]).length / n;
          if (Math.abs(trace / n - acc) > 1e-12) fail(`${call}: trace / n = ${trace}/${n}, but the accuracy is ${acc}: the diagonal must hold the correct predictions`);
          const swapped = matrixOf(m.confusionMatrix(yPred, yTrue, k), `confusionMatrix(yPred, yTrue, ${k})`, k, k);
          expectTensorClose(swapped, transpose(cm), { name: `confusionMatrix(yPred, yTrue, ${k}) (the arguments swapped) vs the transpose of ${call}`, atol: 0, rtol: 0 });
        }
      },
    },
    {
      id: 'normalize-true', name: "'true' divides each row by its sum (rows sum to 1; recall on the diagonal)", fn: 'normalizeConfusion',
      run(m) {
        expectNormalized(m, [[3, 1, 0], [2, 2, 4], [0, 1, 9]], 'true');
        expectNormalized(m, CM, 'true');
      },
    },
    {
      id: 'normalize-pred', name: "'pred' divides each column by its sum (precision on the diagonal)", fn: 'normalizeConfusion',
      run(m) {
        expectNormalized(m, [[3, 1, 0], [2, 2, 4], [0, 1, 9]], 'pred');
        expectNormalized(m, CM, 'pred');
      },
    },
    {
      id: 'normalize-all', name: "'all' divides every cell by the total", fn: 'normalizeConfusion',
      run(m) {
        const cm = [[3, 1, 0], [2, 2, 4], [0, 1, 9]];
        expectNormalized(m, cm, 'all', (ref) => [
          { when: ref.map((r) => r.map((v) => v * 22 / cm.length)), message: "'all' divided by the number of rows instead of the total count (22)", hintKey: 'normalize-all' },
        ]);
        expectNormalized(m, CM, 'all');
      },
    },
    {
      id: 'normalize-zero-support', name: 'a row, column or matrix that sums to 0 normalises to zeros, not NaN', fn: 'normalizeConfusion',
      run(m) {
        expectNormalized(m, CM, 'true'); // row 2 is empty
        expectNormalized(m, CM, 'pred'); // column 3 is empty
        expectNormalized(m, [[0, 0], [0, 0]], 'all');
        expectNormalized(m, [[0, 0], [0, 0]], 'true');
      },
    },
    {
      id: 'normalize-random', name: "on this grade's random matrices, each view matches the reference and its rows / columns / cells sum to 1", fn: 'normalizeConfusion',
      run(m) {
        const rng = gradeRng();
        const k = 3 + Math.floor(rng() * 3);
        const { yTrue, yPred } = randomLabels(rng, k, 40);
        const cm = tfConfusion(yTrue, yPred, k);
        for (const by of ['true', 'pred', 'all'] as const) expectNormalized(m, cm, by);
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'confusionMatrix',
      calls: [
        { name: 'confusionMatrix', inputs: () => ({ yTrue: [...AT], yPred: [...AP] }), call: (m, i) => m.confusionMatrix(i.yTrue, i.yPred, 3) },
        ...(['true', 'pred', 'all'] as const).map((by) => ({ name: `normalizeConfusion(cm, '${by}')`, inputs: () => ({ cm: CM.map((r) => [...r]) }), call: (m: M, i: Record<string, any>) => m.normalizeConfusion(i.cm, by) })),
      ],
      badInputs: [
        { name: 'confusionMatrix([0, 3], [0, 1], 3)', call: (m) => m.confusionMatrix([0, 3], [0, 1], 3), why: 'class 3 does not exist with 3 classes; tf.math.confusionMatrix would silently drop the example', mistake: 'out-of-range label accepted' },
        { name: 'confusionMatrix([0, 1], [0, 5], 3)', call: (m) => m.confusionMatrix([0, 1], [0, 5], 3), why: 'prediction 5 does not exist with 3 classes', mistake: 'out-of-range prediction accepted' },
        { name: 'confusionMatrix([0, -1], [0, 1], 3)', call: (m) => m.confusionMatrix([0, -1], [0, 1], 3), why: 'a negative class index', mistake: 'negative label accepted' },
        { name: 'confusionMatrix([0, 1.5], [0, 1], 3)', call: (m) => m.confusionMatrix([0, 1.5], [0, 1], 3), why: 'class indices are integers', mistake: 'float label accepted' },
        { name: 'confusionMatrix([0, 1, 2], [0, 1], 3)', call: (m) => m.confusionMatrix([0, 1, 2], [0, 1], 3), why: 'labels and predictions of different lengths are misaligned', mistake: 'lengths not compared' },
        { name: 'confusionMatrix([0], [0], 0)', call: (m) => m.confusionMatrix([0], [0], 0), why: 'numClasses must be a positive integer' },
        { name: "normalizeConfusion([[1, 2], [3, 4]], 'rows')", call: (m) => m.normalizeConfusion([[1, 2], [3, 4]], 'rows' as By), why: "by must be 'true', 'pred' or 'all'" },
        { name: "normalizeConfusion([], 'true')", call: (m) => m.normalizeConfusion([], 'true'), why: 'an empty matrix has nothing to normalise' },
        { name: "normalizeConfusion([[1, -2], [3, 4]], 'true')", call: (m) => m.normalizeConfusion([[1, -2], [3, 4]], 'true'), why: 'counts are never negative' },
      ],
      names: { 'bad-inputs-throw': 'labels out of range, negative or fractional, mismatched lengths, numClasses 0, and bad matrices or `by` throw' },
    }),
  ],
});

/** Labels with uneven class frequencies and predictions right about 60% of the time. */
function randomLabels(rng: Rng, k: number, n: number): { yTrue: number[]; yPred: number[] } {
  const yTrue = Array.from({ length: n }, () => Math.min(k - 1, Math.floor(k * rng() ** 1.5)));
  const yPred = yTrue.map((t) => (rng() < 0.6 ? t : Math.floor(rng() * k)));
  return { yTrue, yPred };
}
