/**
 * Checks for s3-one-hot (P0). References: tf.oneHot(int32 labels, k).toFloat() for k ≥ 2 (tf needs
 * depth ≥ 2, so k = 1 is built here as a column of ones), tf.argMax(probs, 1), and the vocabulary
 * built with JavaScript's default sort. tf.oneHot returns int32 and silently gives a zero row for
 * an out-of-range label; the learner returns float32 and throws a RangeError.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-one-hot');
type Vocab = ReturnType<M['buildVocab']>;

function oneHotRef(labels: number[], k: number): tf.Tensor2D {
  if (k === 1) return tf.ones([labels.length, 1]);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat() as tf.Tensor2D);
}

const randomLabels = (rng: Rng, n: number, k: number): number[] => Array.from({ length: n }, () => Math.floor(rng() * k));

function expectOneHot(m: M, labels: number[], k: number, what: string): void {
  tf.tidy(() => {
    const got = m.oneHot(labels, k);
    const want = oneHotRef(labels, k);
    expectTensorClose(got, want, { name: what, atol: 0, rtol: 0, tensor: true, mistakes: [
      { when: () => oneHotRef(labels.map((l) => (l + 1) % k), k), message: 'the 1 sits one column too far right: column labels[i] holds the 1, and labels start at 0' },
    ] });
    if (got.dtype !== 'float32') fail(`${what} has dtype ${got.dtype}: the encoding must be float32 (tf.oneHot returns int32, which losses and matMul reject against float32 predictions)`, { hintKey: 'onehot-float32' });
  });
}

/** The vocabulary the spec asks for: unk at 0, then the distinct tokens in default-sort order. */
function vocabRef(tokens: string[], unk = '<unk>'): string[] {
  return [unk, ...[...new Set(tokens)].filter((t) => t !== unk).sort()];
}

function expectVocab(got: Vocab, tokens: string[], unk: string | undefined, what: string): void {
  const want = vocabRef(tokens, unk);
  if (!got || !Array.isArray(got.toToken) || !(got.toId instanceof Map)) fail(`${what} must return { toId: Map, toToken: string[] }`);
  const show = (a: string[]) => `[${a.map((t) => JSON.stringify(t)).join(', ')}]`;
  const tt = got.toToken;
  if (tt.join('\u0000') !== want.join('\u0000')) {
    const distinct = [...new Set(tokens)].filter((t) => t !== (unk ?? '<unk>'));
    const u = unk ?? '<unk>';
    const why = tt.join('\u0000') === [u, ...[...distinct].sort((a, b) => a.localeCompare(b))].join('\u0000') ? 'sorted with localeCompare: use the default sort ([...].sort(), UTF-16 code units), which puts "Apple" before "apple" and "10" before "9" on every machine'
      : tt.join('\u0000') === [u, ...distinct].join('\u0000') ? 'tokens kept in order of first appearance: sort the distinct tokens'
        : tt.join('\u0000') === [...distinct].sort().join('\u0000') ? `the unknown token is missing: id 0 must be ${JSON.stringify(u)}`
          : tt.join('\u0000') === [...[...distinct].sort(), u].join('\u0000') ? `the unknown token is last: it must have id 0`
            : tt.length > want.length ? 'duplicates kept: each distinct token gets one id (and the unknown token appears once, at id 0)'
              : 'toToken must be [unk, ...the distinct tokens sorted]';
    fail(`${what}: ${why}`, { expected: show(want), actual: show(tt), hintKey: 'vocab-order' });
  }
  if (got.toId.size !== want.length) fail(`${what}: toId has ${got.toId.size} entries, expected ${want.length} (one per entry of toToken)`, { hintKey: 'vocab-order' });
  want.forEach((t, i) => {
    if (got.toId.get(t) !== i) fail(`${what}: toId.get(${JSON.stringify(t)}) is ${got.toId.get(t)}, but toToken[${i}] is ${JSON.stringify(t)}: the two must agree`, { hintKey: 'vocab-order' });
  });
}

// Frozen: a learner's tokens.sort() in place must not reorder it for the later checks.
const VOCAB_TOKENS: string[] = Object.freeze(['banana', 'apple', 'Apple', '9', '10', 'zebra', 'été', 'banana', 'apple', 'Zulu']) as unknown as string[];

export default defineChecks<M>({
  checks: [
    {
      id: 'onehot-values', name: 'oneHot equals tf.oneHot(labels, k) as float32 (fixed labels and random ones per grade)', fn: 'oneHot',
      run(m) {
        expectOneHot(m, [2, 0, 3, 1, 3], 4, 'oneHot([2, 0, 3, 1, 3], 4)');
        const rng = gradeRng();
        const k = 3 + Math.floor(rng() * 5);
        const labels = randomLabels(rng, 9, k);
        expectOneHot(m, labels, k, `oneHot([${labels}], ${k})`);
      },
    },
    {
      id: 'onehot-float32', name: 'the encoding is float32 (tf.oneHot gives int32)', fn: 'oneHot',
      run: (m) => tf.tidy(() => {
        const got = m.oneHot([1, 0], 2);
        if (!(got instanceof tf.Tensor)) fail('oneHot must return a tensor');
        if (got.dtype !== 'float32') fail(`oneHot([1, 0], 2) has dtype ${got.dtype}: the encoding must be float32 (tf.oneHot returns int32; losses and matMul need float32)`, { hintKey: 'onehot-float32' });
      }),
    },
    {
      id: 'onehot-one-class', name: 'numClasses = 1 is valid: a column of ones', fn: 'oneHot',
      run: (m) => tf.tidy(() => {
        expectTensorClose(m.oneHot([0, 0, 0], 1), tf.ones([3, 1]), { name: 'oneHot([0, 0, 0], 1)', atol: 0, tensor: true });
      }),
    },
    {
      id: 'onehot-empty', name: 'no labels give a [0, numClasses] tensor', fn: 'oneHot',
      run: (m) => tf.tidy(() => {
        const got = m.oneHot([], 4);
        if (!(got instanceof tf.Tensor) || got.shape.join() !== '0,4') fail(`oneHot([], 4) must be a tensor of shape [0, 4]; got ${got instanceof tf.Tensor ? `shape [${got.shape}]` : String(got)}`);
      }),
    },
    {
      id: 'onehot-properties', name: 'properties on random labels: every row sums to 1, argMaxDecode(oneHot(l)) = l', fn: 'oneHot',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const k = 2 + Math.floor(rng() * 8);
        const labels = randomLabels(rng, 20, k);
        const enc = m.oneHot(labels, k);
        expectTensorClose(tf.sum(enc, 1), tf.ones([labels.length]), { name: `row sums of oneHot(…, ${k})`, atol: 0 });
        expectTensorClose(m.argMaxDecode(enc), labels, { name: `argMaxDecode(oneHot(l, ${k})) for l = [${labels}]`, atol: 0 });
      }),
    },
    {
      id: 'argmax-values', name: 'argMaxDecode equals tf.argMax(probs, 1) on random [10, k] scores', fn: 'argMaxDecode',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const k = 3 + Math.floor(rng() * 4);
        const probs = tf.softmax(tf.tensor2d(Array.from({ length: 10 }, () => Array.from({ length: k }, () => 4 * rng() - 2)))) as tf.Tensor2D;
        const got = m.argMaxDecode(probs);
        if (!Array.isArray(got)) fail(`argMaxDecode must return a number[], got ${(got as unknown) instanceof tf.Tensor ? 'a tensor' : typeof got}`);
        if (got.length === k && k !== 10) fail(`argMaxDecode gave ${k} indices for 10 rows: one index per column — decode each ROW (axis 1)`, { hintKey: 'argmax-values' });
        expectTensorClose(got, tf.argMax(probs, 1), { name: 'argMaxDecode(probs)', atol: 0, mistakes: [
          { when: () => tf.argMin(probs, 1), message: 'each row gave the index of its SMALLEST value: decode the largest' },
        ] });
      }),
    },
    {
      id: 'argmax-ties', name: 'a tie goes to the first index, as tf.argMax; negative scores work', fn: 'argMaxDecode',
      run: (m) => tf.tidy(() => {
        const probs = tf.tensor2d([[0.5, 0.5, 0], [0, 0.3, 0.3], [1, 1, 1], [-3, -1, -2]]);
        expectTensorClose(m.argMaxDecode(probs), tf.argMax(probs, 1), { name: 'argMaxDecode([[.5,.5,0],[0,.3,.3],[1,1,1],[−3,−1,−2]])', atol: 0, mistakes: [
          { when: [1, 2, 2, 1], message: 'a tie went to the LAST index (>= in the comparison): tf.argMax keeps the first, so compare with >' },
          { when: [0, 1, 0, 0], message: 'a row of negative scores decoded to 0: start from the row\'s first value, not from 0' },
        ] });
      }),
    },
    {
      id: 'argmax-empty', name: 'argMaxDecode of a [0, k] matrix is []', fn: 'argMaxDecode',
      run(m) {
        const probs = tf.zeros([0, 3]) as tf.Tensor2D;
        try {
          const got = m.argMaxDecode(probs);
          if (!Array.isArray(got) || got.length !== 0) fail(`argMaxDecode of a [0, 3] matrix must be [], got ${JSON.stringify(got)}`);
        } finally {
          probs.dispose();
        }
      },
    },
    {
      id: 'vocab-order', name: 'buildVocab: <unk> at id 0, then the distinct tokens in default-sort order (case and digits included)', fn: 'buildVocab',
      run(m) {
        expectVocab(m.buildVocab(VOCAB_TOKENS), VOCAB_TOKENS, undefined, `buildVocab(${JSON.stringify(VOCAB_TOKENS)})`);
        const rng = gradeRng();
        const words = ['cat', 'Dog', 'bird', 'ant', 'Eel', 'fox', '42', '7'];
        const tokens = Array.from({ length: 12 }, () => words[Math.floor(rng() * words.length)]);
        expectVocab(m.buildVocab(tokens), tokens, undefined, `buildVocab(${JSON.stringify(tokens)})`);
      },
    },
    {
      id: 'vocab-unk', name: 'buildVocab: a custom unk token; an unk that also appears in the tokens keeps id 0 only', fn: 'buildVocab', hintKey: 'vocab-unk',
      run(m) {
        const a = ['b', 'a', 'c', 'a'];
        expectVocab(m.buildVocab(a, { unk: '[UNK]' }), a, '[UNK]', 'buildVocab(["b","a","c","a"], { unk: "[UNK]" })');
        const b = ['x', '<unk>', 'a'];
        expectVocab(m.buildVocab(b), b, undefined, 'buildVocab(["x","<unk>","a"])');
        expectVocab(m.buildVocab([]), [], undefined, 'buildVocab([])');
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'oneHot',
      calls: [
        { name: 'oneHot', inputs: () => ({ labels: [1, 0, 2, 2] }), call: (m, i) => m.oneHot(i.labels as number[], 3) },
        { name: 'argMaxDecode', inputs: () => ({ probs: tf.tensor2d([[0.1, 0.9], [0.8, 0.2]]) }), call: (m, i) => m.argMaxDecode(i.probs as tf.Tensor2D) },
        { name: 'buildVocab', inputs: () => ({ tokens: ['b', 'a', 'b'] }), call: (m, i) => m.buildVocab(i.tokens as string[]) },
      ],
      badInputs: [
        { name: 'oneHot([0, 3], 3) (label 3 is out of range)', call: (m) => m.oneHot([0, 3], 3), match: RangeError, mistake: 'out-of-range label accepted: tf.oneHot gives a silent row of zeros; throw a RangeError', hintKey: 'label-range' },
        { name: 'oneHot([1, −1], 3) (negative label)', call: (m) => m.oneHot([1, -1], 3), match: RangeError, mistake: 'negative label accepted: throw a RangeError', hintKey: 'label-range' },
        { name: 'oneHot([0, 1.5], 3) (non-integer label)', call: (m) => m.oneHot([0, 1.5], 3), match: RangeError, mistake: 'non-integer label accepted: a class index must be an integer; throw a RangeError', hintKey: 'label-range' },
        { name: 'oneHot([0], 0) (no classes)', call: (m) => m.oneHot([0], 0), mistake: 'numClasses = 0 accepted: there must be at least one class' },
        { name: 'oneHot([], 0) (no classes, no labels)', call: (m) => m.oneHot([], 0), mistake: 'numClasses = 0 accepted even without labels: check numClasses before the labels' },
      ],
      names: { 'bad-inputs-throw': 'out-of-range, negative and non-integer labels throw RangeError; numClasses = 0 throws' },
    }),
  ],
});
