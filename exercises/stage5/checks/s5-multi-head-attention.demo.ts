/**
 * Demo of s5-multi-head-attention, all through the learner's functions:
 * 1. four heads with HAND-SET weights on a short sentence. Each token vector is [position one-hot |
 *    word one-hot | zeros]; each head's columns of Wq and Wk are written so that it looks at one
 *    pattern: the previous word, the next word, the same word, the first token. The learner's
 *    multiHeadAttention runs them all at once and the grid shows its weights, one heatmap per head.
 * 2. one head step by step on small random numbers: Q, K, V from the learner's splitHeads, then
 *    Q·Kᵀ, ÷√(d/h), the causal mask, the softmax and ·V; the softmax step is compared with the
 *    weights the learner's multiHeadAttention returned.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-multi-head-attention');

const WORDS = ['the', 'cat', 'sat', 'on', 'the', 'mat', 'the', 'end'];
const HEADS = ['head 1: previous word', 'head 2: next word', 'head 3: same word', 'head 4: first token'];

/** The hand-set projections: d = 32, 4 heads of 8 columns. */
function handWeights(T: number, vocab: string[]): { Wq: number[][]; Wk: number[][] } {
  const d = 32, s = 4; // s² / √8 ≈ 5.7: sharp, but still a softmax
  const Wq = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const Wk = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < T; i++) {
    // head 1 (columns 0–7): position i asks for position i − 1; every position answers to its own.
    Wq[i][Math.max(0, i - 1)] = s; Wk[i][i] = s;
    // head 2 (columns 8–15): position i asks for position i + 1.
    Wq[i][8 + Math.min(T - 1, i + 1)] = s; Wk[i][8 + i] = s;
    // head 4 (columns 24–31): every position asks the same question; only position 0 answers.
    Wq[i][24] = s;
  }
  Wk[0][24] = s;
  // head 3 (columns 16–23): word w asks for word w (rows T… hold the word one-hot).
  vocab.forEach((_, w) => { Wq[T + w][16 + w] = s; Wk[T + w][16 + w] = s; });
  return { Wq, Wk };
}

const fmtRows = (t: number[][]) => t.map((r) => r.map((v) => +v.toFixed(4)));

export default defineDemo<M>({
  async run(m, ctx) {
    const T = WORDS.length, d = 32;
    const vocab = [...new Set(WORDS)];
    const x = tf.tidy(() => tf.tensor3d([WORDS.map((w, i) => {
      const row = new Array<number>(d).fill(0);
      row[i] = 1; // position one-hot (columns 0–7)
      row[T + vocab.indexOf(w)] = 1; // word one-hot (columns 8–12)
      return row;
    })]));
    const hw = handWeights(T, vocab);
    const p = { Wq: tf.tensor2d(hw.Wq), Wk: tf.tensor2d(hw.Wk), Wv: tf.eye(d) as tf.Tensor2D, Wo: tf.eye(d) as tf.Tensor2D };
    const res = m.multiHeadAttention(x, x, p, 4);
    const w = (res.weights.arraySync() as number[][][][])[0]; // [h][q][k]
    ctx.emit({
      kind: 'attention', chart: 'headGrid', title: 'Your multiHeadAttention: 4 heads on “the cat sat on the mat the end”',
      keys: WORDS, queries: WORDS, weights: fmtRows(w[0]), heads: w.map((hw2, i) => ({ label: HEADS[i], weights: fmtRows(hw2) })),
      xLabel: 'key (word attended to)', yLabel: 'query (word looking)',
      caption: 'Hand-set weights, not trained ones: each head\'s 8 columns of Wq and Wk were written to match one pattern (token vector = position one-hot + word one-hot). One call of your function runs all four heads; each row of each map sums to 1.',
    });
    const argmax = (row: number[]) => row.indexOf(Math.max(...row));
    const prevOk = w[0].every((row, i) => i === 0 || argmax(row) === i - 1);
    const nextOk = w[1].every((row, i) => i === T - 1 || argmax(row) === i + 1);
    const sameOk = w[2].every((row, i) => WORDS.every((wd, j) => (wd === WORDS[i]) === (row[j] > 0.2)));
    const firstOk = w[3].every((row) => argmax(row) === 0);
    const rowsSumToOne = w.every((head) => head.every((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4));
    ctx.emit({
      kind: 'table', chart: 'headSummary', title: 'What each head attends to (from your weights)',
      columns: ['head', 'strongest key of each query', 'largest weight (mean over queries)'],
      rows: w.map((head, i) => [HEADS[i], head.map((row, q) => `${WORDS[q]}→${WORDS[argmax(row)]}${argmax(row) === q ? '(self)' : ''}`).join(' '), +(head.reduce((a, row) => a + Math.max(...row), 0) / T).toFixed(3)]),
    });

    // One head, step by step, on small random numbers with a causal mask.
    const rng = mulberry32(7);
    const r = (shape: number[]) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.round((rng() * 2 - 1) * 100) / 100), shape);
    const Ts = 4, ds = 6, hs = 2, dh = ds / hs;
    const xs = r([1, Ts, ds]) as tf.Tensor3D;
    const ps = { Wq: r([ds, ds]) as tf.Tensor2D, Wk: r([ds, ds]) as tf.Tensor2D, Wv: r([ds, ds]) as tf.Tensor2D, Wo: r([ds, ds]) as tf.Tensor2D };
    const causal = tf.linalg.bandPart(tf.ones([Ts, Ts]), -1, 0);
    const proj = (W: tf.Tensor2D) => tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(xs, [Ts, ds]), W), [1, Ts, ds]) as tf.Tensor3D);
    const [xq, xk, xv] = [proj(ps.Wq), proj(ps.Wk), proj(ps.Wv)];
    const Q = m.splitHeads(xq, hs), K = m.splitHeads(xk, hs), V = m.splitHeads(xv, hs);
    const head0 = (t: tf.Tensor4D) => (t.arraySync() as number[][][][])[0][0];
    const q0 = head0(Q), k0 = head0(K), v0 = head0(V);
    const raw = q0.map((qr) => k0.map((kr) => qr.reduce((a, qv, j) => a + qv * kr[j], 0)));
    const scaled = raw.map((row) => row.map((v) => v / Math.sqrt(dh)));
    const masked = scaled.map((row, i) => row.map((v, j) => (j <= i ? v : -1e9)));
    const soft = masked.map((row) => { const mx = Math.max(...row); const e = row.map((v) => Math.exp(v - mx)); const z = e.reduce((a, b) => a + b, 0); return e.map((v) => v / z); });
    const out = soft.map((row) => v0[0].map((_, c) => row.reduce((a, wv, j) => a + wv * v0[j][c], 0)));
    const learner = m.multiHeadAttention(xs, xs, ps, hs, causal);
    const lw = (learner.weights.arraySync() as number[][][][])[0][0];
    const stepsMatch = lw.every((row, i) => row.every((v, j) => Math.abs(v - soft[i][j]) < 1e-5));
    const pos = Array.from({ length: Ts }, (_, i) => `t${i}`);
    const cols = Array.from({ length: dh }, (_, i) => `c${i}`);
    const r4 = (t: number[][]) => t.map((row) => row.map((v) => (v <= -1e8 ? v : +v.toFixed(4))));
    ctx.emit({
      kind: 'steps', chart: 'headSteps', title: `Head 1 step by step (x [1,${Ts},${ds}], ${hs} heads of ${dh} columns, causal mask)`,
      steps: [
        { label: 'Q (head 1)', note: 'Q = splitHeads(x·Wq)[head 1]: your splitHeads gave this head columns 0–2 of x·Wq.', rowTitle: 'query', colTitle: 'column', rowLabels: pos, colLabels: cols, values: r4(q0) },
        { label: 'K (head 1)', note: 'K = splitHeads(x·Wk)[head 1].', rowTitle: 'key', colTitle: 'column', rowLabels: pos, colLabels: cols, values: r4(k0) },
        { label: 'Q·Kᵀ', note: 'Every query\'s dot product with every key.', rowTitle: 'query', colTitle: 'key', rowLabels: pos, colLabels: pos, values: r4(raw) },
        { label: `÷ √${dh}`, note: `Divided by √(d/h) = √${dh} ≈ ${Math.sqrt(dh).toFixed(3)}: the head works in ${dh} dimensions, not ${ds}.`, rowTitle: 'query', colTitle: 'key', rowLabels: pos, colLabels: pos, values: r4(scaled) },
        { label: 'mask', note: 'The causal mask replaces the scores of later keys by −1e9.', rowTitle: 'query', colTitle: 'key', rowLabels: pos, colLabels: pos, values: r4(masked) },
        { label: 'softmax', note: `softmax over the keys: each row sums to 1. ${stepsMatch ? 'These equal the weights your multiHeadAttention returned for head 1.' : 'These DIFFER from the weights your multiHeadAttention returned for head 1.'}`, rowTitle: 'query', colTitle: 'key', rowLabels: pos, colLabels: pos, values: r4(soft) },
        { label: 'V (head 1)', note: 'V = splitHeads(x·Wv)[head 1].', rowTitle: 'key', colTitle: 'column', rowLabels: pos, colLabels: cols, values: r4(v0) },
        { label: 'weights·V', note: 'Head 1\'s output: each query\'s weighted average of the values. combineHeads puts it next to head 2\'s, then Wo mixes them.', rowTitle: 'query', colTitle: 'column', rowLabels: pos, colLabels: cols, values: r4(out) },
      ],
      caption: 'Q, K and V come from your splitHeads; the arithmetic between the steps is done here so you can follow it, and the softmax step is checked against your multiHeadAttention\'s weights.',
    });
    tf.dispose([x, p.Wq, p.Wk, p.Wv, p.Wo, res.output, res.weights, xs, ps.Wq, ps.Wk, ps.Wv, ps.Wo, causal, xq, xk, xv, Q, K, V, learner.output, learner.weights]);
    return {
      previousWordHead: prevOk,
      nextWordHead: nextOk,
      sameWordHead: sameOk,
      firstTokenHead: firstOk,
      rowsSumToOne,
      stepsMatchYourWeights: stepsMatch,
    };
  },
});
