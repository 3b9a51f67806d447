/**
 * The beam-search demo's decoder: a small next-token model for the reverse task (makeReverseTask).
 * It reads the whole source, the position and the previous token (one-hot) through one hidden ReLU
 * layer and returns log-probabilities of the next token. A given model, not the learner's (an MLP
 * rather than an LSTM, so it trains in about a second); the learner's beamSearch decodes with it.
 * Trained with the engine's tf; decoding runs in plain numbers from the trained weights.
 */
import * as tf from '@tensorflow/tfjs';
import { GO, glorotVariable, makeReverseTask, mulberry32, shuffleInPlace } from 'dl-tutor/grading';

export interface ReverseModel {
  /** log p(next token | src, prefix); prefix without GO, fewer than len + 1 tokens. */
  stepLogProbs(src: number[], prefix: number[]): number[];
  /** Token names by id ('<pad>', '<go>', '<eos>', 'a', …). */
  vocab: string[];
  len: number;
  /** Mean training cross-entropy per token, per epoch. */
  losses: number[];
  test: { src: number[][]; tgt: number[][] };
  sizes: { train: number; epochs: number; hidden: number; contentVocab: number };
}

export function trainReverseModel(engine: 'tensorflow' | 'cpu', seed = 5): ReverseModel {
  const sizes = engine === 'cpu' ? { train: 500, epochs: 5, hidden: 32, contentVocab: 6 } : { train: 600, epochs: 5, hidden: 32, contentVocab: 6 };
  const len = 4, T = len + 1;
  const task = makeReverseTask({ n: sizes.train + 64, len, vocab: sizes.contentVocab, seed });
  const V = task.vocab.length;
  const D = len * V + T + V;
  /** One example per decoding position: [one-hot source | one-hot position | one-hot previous token]. */
  const features = (src: number[], pos: number, prev: number): number[] => {
    const f = new Array<number>(D).fill(0);
    src.forEach((t, i) => { f[i * V + t] = 1; });
    f[len * V + pos] = 1;
    f[len * V + T + prev] = 1;
    return f;
  };
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let n = 0; n < sizes.train; n++) {
    const tgt = task.tgt[n];
    tgt.forEach((t, pos) => { rows.push(features(task.src[n], pos, pos === 0 ? GO : tgt[pos - 1])); labels.push(t); });
  }
  const x = tf.tensor2d(rows);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), V).toFloat();
  const vars = tf.tidy(() => [glorotVariable([D, sizes.hidden], seed + 1), tf.variable(tf.zeros([sizes.hidden])), glorotVariable([sizes.hidden, V], seed + 2), tf.variable(tf.zeros([V]))]);
  const [W1, b1, W2, b2] = vars;
  const opt = tf.train.adam(0.01);
  const rng = mulberry32(seed + 10);
  const batch = 128;
  const losses: number[] = [];
  for (let e = 0; e < sizes.epochs; e++) {
    const order = shuffleInPlace(Array.from({ length: rows.length }, (_, i) => i), rng);
    let sum = 0;
    for (let s = 0; s < rows.length; s += batch) {
      const idx = tf.tensor1d(order.slice(s, s + batch), 'int32');
      const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, W1), b1)), W2), b2)) as tf.Scalar, true, vars);
      sum += (loss?.dataSync()[0] ?? 0) * idx.shape[0];
      tf.dispose([idx, xb, yb]);
      loss?.dispose();
    }
    losses.push(sum / rows.length);
  }
  const [w1, c1, w2, c2] = vars.map((v) => Array.from(v.dataSync()));
  tf.dispose([x, y, ...vars]);
  opt.dispose();

  const stepLogProbs = (src: number[], prefix: number[]): number[] => {
    const pos = prefix.length;
    const prev = pos === 0 ? GO : prefix[pos - 1];
    // Only the active one-hot inputs contribute: the source tokens, the position, the previous token.
    const active = [...src.map((t, i) => i * V + t), len * V + Math.min(pos, T - 1), len * V + T + prev];
    const h = Array.from({ length: sizes.hidden }, (_, j) => Math.max(0, c1[j] + active.reduce((s, a) => s + w1[a * sizes.hidden + j], 0)));
    const z = Array.from({ length: V }, (_, k) => c2[k] + h.reduce((s, hj, j) => s + hj * w2[j * V + k], 0));
    const max = Math.max(...z);
    const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
    return z.map((v) => v - lse);
  };
  return { stepLogProbs, vocab: task.vocab, len, losses, sizes, test: { src: task.src.slice(sizes.train), tgt: task.tgt.slice(sizes.train) } };
}
