/**
 * Demo of s5-attention, all through the learner's functions:
 * 1. self-attention over a short "sentence" whose token vectors are built so related words are
 *    similar: the heatmap shows each word attending to its relatives;
 * 2. the same with the learner's causalMask: nothing above the diagonal;
 * 3. why √dk: for random unit-variance q and k, the largest weight of a row as dk grows, with the
 *    learner's scaled scores and with unscaled ones (the learner's function on q·√dk).
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, gaussian, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-attention');

const WORDS = ['the', 'cat', 'sat', 'on', 'the', 'mat', 'it', 'purred'];
/** Hand-made 6-d vectors: [article, animal, place, verb, pronoun, position noise]. */
const VEC: Record<string, number[]> = {
  the: [1.5, 0, 0, 0, 0, 0], cat: [0, 1.5, 0, 0, 0.9, 0], sat: [0, 0.5, 0, 1.5, 0, 0], on: [0, 0, 1, 0, 0, 0.3],
  mat: [0, 0, 1.5, 0, 0, 0], it: [0, 0.9, 0, 0, 1.5, 0], purred: [0, 0.9, 0, 1.5, 0, 0],
};

export default defineDemo<M>({
  async run(m, ctx) {
    const T = WORDS.length;
    const x = tf.tensor3d([WORDS.map((w) => VEC[w])]); // [1,T,6]: q = k = v = the token vectors
    const plain = m.scaledDotProductAttention(x, x, x);
    const w = (plain.weights.arraySync() as number[][][])[0];
    ctx.emit({
      kind: 'attention', chart: 'attentionWeights', title: 'Self-attention over “the cat sat on the mat it purred”',
      keys: WORDS, queries: WORDS, weights: w, xLabel: 'key (word attended to)', yLabel: 'query (word looking)',
      caption: 'q = k = v = hand-made word vectors. “it” looks mostly at “cat” and itself: similar vectors give large dot products.',
    });
    const mask = m.causalMask(T);
    const causal = m.scaledDotProductAttention(x, x, x, mask);
    const cw = (causal.weights.arraySync() as number[][][])[0];
    ctx.emit({
      kind: 'attention', chart: 'causalWeights', title: 'The same with causalMask(8): each word sees only itself and earlier words',
      keys: WORDS, queries: WORDS, weights: cw, xLabel: 'key (word attended to)', yLabel: 'query (word looking)',
      caption: 'Blocked scores are replaced by −1e9 before the softmax, so every weight above the diagonal is exactly 0 and each row still sums to 1.',
    });
    const itRow = w[6];
    const catIsTopForIt = itRow.indexOf(Math.max(...itRow.filter((_, j) => j !== 6))) === 1;
    const aboveDiagonalMax = Math.max(...cw.flatMap((row, i) => row.filter((_, j) => j > i)));
    const rowSumsOk = cw.every((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    // A fully masked row: uniform, not NaN.
    const none = m.scaledDotProductAttention(x, x, x, tf.zeros([1, T]));
    const nw = (none.weights.arraySync() as number[][][])[0][0];
    const fullyMaskedUniform = nw.every((v) => Math.abs(v - 1 / T) < 1e-6);

    // Why √dk: the largest weight per row for random unit-variance q, k (16 queries, 16 keys).
    const rng = mulberry32(3);
    const dks = [2, 8, 32, 128, 512];
    const maxScaled: number[] = [], maxUnscaled: number[] = [];
    for (const dk of dks) {
      const q = tf.tensor3d([Array.from({ length: 16 }, () => Array.from({ length: dk }, () => gaussian(rng)))]);
      const k = tf.tensor3d([Array.from({ length: 16 }, () => Array.from({ length: dk }, () => gaussian(rng)))]);
      const v = tf.zeros([1, 16, 1]);
      const s = m.scaledDotProductAttention(q, k, v);
      const qUp = tf.mul(q, Math.sqrt(dk)); // undoes the learner's 1/√dk: unscaled scores
      const u = m.scaledDotProductAttention(qUp, k, v);
      const meanMax = (t: tf.Tensor) => tf.tidy(() => tf.mean(tf.max(t, -1)).dataSync()[0]);
      maxScaled.push(meanMax(s.weights));
      maxUnscaled.push(meanMax(u.weights));
      tf.dispose([q, k, v, qUp, s.output, s.weights, u.output, u.weights]);
    }
    ctx.emit({
      kind: 'lines', chart: 'sharpness', title: 'Largest weight per row (16 random keys) as dk grows',
      xLabel: 'dk (width of q and k)', yLabel: 'mean largest weight in a row', logY: false,
      series: [{ name: 'scores / √dk (yours)', x: dks, y: maxScaled }, { name: 'unscaled q·k', x: dks, y: maxUnscaled, dashed: true }],
    });
    tf.dispose([x, plain.output, plain.weights, mask, causal.output, causal.weights, none.output, none.weights]);
    const last = dks.length - 1;
    return {
      largestWeightScaled: dks.map((d, i) => `${d}: ${maxScaled[i].toFixed(2)}`).join(', '),
      largestWeightUnscaled: dks.map((d, i) => `${d}: ${maxUnscaled[i].toFixed(2)}`).join(', '),
      maxWeightScaledAtDk512: +maxScaled[last].toFixed(3),
      maxWeightUnscaledAtDk512: +maxUnscaled[last].toFixed(3),
      itAttendsToCat: catIsTopForIt,
      causalNothingAboveDiagonal: aboveDiagonalMax === 0,
      rowsSumToOne: rowSumsOk,
      fullyMaskedRowIsUniform: fullyMaskedUniform,
      unscaledSaturatesAsDkGrows: maxUnscaled[last] > 0.9 && maxScaled[last] < 0.6,
    };
  },
});
