/**
 * Demo of s5-bert-mlm: a given tiny bidirectional Transformer encoder (written here: d 32, 2
 * layers, 4 heads, T 12) learns the word-level grammar corpus by masked language modelling. The
 * learner's maskTokens makes every training batch and the learner's mlmLoss is the loss. Panels:
 * the loss, the masked-token accuracy on held-out sentences, one masked batch as the learner's
 * maskTokens made it, and fill-in-the-blank top-5 for a few sentences.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, gaussian, makeGrammarCorpus, mulberry32, padSequences } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-bert-mlm');

const PAD = 0, MASK = 1;
const T = 12, D = 32, HEADS = 4, LAYERS = 2, FF = 64;

/** Words of the grammar corpus: [PAD], [MASK], then every word in order of first appearance. */
export function corpusVocab(text: string): { itos: string[]; stoi: Map<string, number>; sentences: number[][] } {
  const itos = ['[PAD]', '[MASK]'];
  const stoi = new Map(itos.map((w, i) => [w, i]));
  const sentences = text.trim().split('\n').map((line) => line.replace(/\.$/, '').split(/\s+/).map((w) => {
    if (!stoi.has(w)) { stoi.set(w, itos.length); itos.push(w); }
    return stoi.get(w)!;
  })).filter((s) => s.length <= T);
  return { itos, stoi, sentences };
}

const VERBS = ['sees', 'likes', 'chases', 'finds', 'helps', 'watches', 'jumps'];
const NOUNS = ['cat', 'dog', 'bird', 'fox', 'girl', 'boy', 'king', 'queen', 'horse'];
const ADJS = ['small', 'quick', 'lazy', 'happy', 'old', 'brown', 'young'];
const PREPS = ['near', 'under', 'behind', 'with'];
/** Fill-in-the-blank sentences: the blank and the word class the grammar puts there. */
export const BLANKS = [
  { text: 'the cat [MASK] a dog', cls: 'verb', words: VERBS },
  { text: 'a dog sees the [MASK]', cls: 'noun', words: NOUNS },
  { text: 'the girl likes the fox [MASK] the river', cls: 'preposition', words: PREPS },
];

type Params = Record<string, tf.Variable>;

/** The given encoder's parameters (Glorot-normal from a seeded rng; biases 0, LayerNorm γ 1). */
function initParams(rng: Rng, V: number): Params {
  const g = (name: string, r: number, c: number) => tf.variable(tf.tensor2d(Array.from({ length: r }, () => Array.from({ length: c }, () => Math.sqrt(2 / (r + c)) * gaussian(rng)))), true, name);
  const z = (name: string, n: number, v = 0) => tf.variable(tf.fill([n], v), true, name);
  // Few, large variables: each variable costs the optimizer a handful of kernel calls per step.
  const p: Params = { E: g('E', V, D), P: g('P', T, D), Wout: g('Wout', D, V), bout: z('bout', V) };
  for (let l = 0; l < LAYERS; l++) {
    Object.assign(p, { [`Wqkv${l}`]: g(`Wqkv${l}`, D, 3 * D), [`Wo${l}`]: g(`Wo${l}`, D, D),
      [`W1${l}`]: g(`W1${l}`, D, FF), [`b1${l}`]: z(`b1${l}`, FF), [`W2${l}`]: g(`W2${l}`, FF, D), [`b2${l}`]: z(`b2${l}`, D) });
  }
  return p;
}

/** LayerNorm without a learned gain and bias (the demo keeps its variables few). */
const layerNorm = (x: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
};

/**
 * The encoder: token (one-hot · E) + position embeddings, then pre-norm blocks of bidirectional
 * multi-head self-attention (every position sees every non-padding position) and a ReLU MLP, then
 * a LayerNorm and a linear layer to the vocabulary. ids [B, T] → logits [B, T, V].
 */
function encoder(p: Params, ids: tf.Tensor2D, V: number): tf.Tensor3D {
  const [B] = ids.shape;
  const dh = D / HEADS;
  let h: tf.Tensor = tf.add(tf.reshape(tf.matMul(tf.reshape(tf.oneHot(ids, V), [B * T, V]), p.E), [B, T, D]), p.P);
  // −1e9 on [PAD] keys, broadcast over heads and queries: [B, 1, 1, T].
  const keyBias = tf.reshape(tf.mul(tf.cast(tf.equal(ids, PAD), 'float32'), -1e9), [B, 1, 1, T]);
  const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [B, T, HEADS, dh]), [0, 2, 1, 3]);
  const dense = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => { const y = tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[x.rank - 1]]), w), [B, T, w.shape[1]!]); return b ? tf.add(y, b) : y; };
  for (let l = 0; l < LAYERS; l++) {
    const [q, k, v] = tf.split(dense(layerNorm(h), p[`Wqkv${l}`]), 3, -1).map(heads);
    const w = tf.softmax(tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)), keyBias));
    const ctxv = tf.reshape(tf.transpose(tf.matMul(w, v), [0, 2, 1, 3]), [B, T, D]);
    h = tf.add(h, dense(ctxv, p[`Wo${l}`]));
    const f = layerNorm(h);
    h = tf.add(h, dense(tf.relu(dense(f, p[`W1${l}`], p[`b1${l}`])), p[`W2${l}`], p[`b2${l}`]));
  }
  return dense(layerNorm(h), p.Wout, p.bout) as tf.Tensor3D;
}

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    // The pure-JS engine is ~20× slower per step: fewer, smaller batches and a smaller held-out set.
    const steps = small ? 30 : 150;
    const B = small ? 16 : 32;
    const nEval = small ? 64 : 256;
    const evalEvery = small ? 10 : 25;
    const { itos, stoi, sentences } = corpusVocab(makeGrammarCorpus({ sentences: 3000, seed: 5 }));
    const V = itos.length;
    const train = sentences.slice(0, 2600), held = sentences.slice(2600);
    const opts = (rng: Rng) => ({ maskProb: 0.15, maskId: MASK, vocabSize: V, specialIds: [PAD, MASK], rng });
    if (small) ctx.emit({ kind: 'note', chart: 'mlmLoss', text: `The native engine (tfjs-node) is much faster; on the pure-JS engine the sizes are reduced (${steps} steps of ${B} sentences instead of 150 of 32, accuracy on ${nEval} held-out sentences), so the model has barely started learning and its guesses are rough.` });

    // One masked batch, exactly as your maskTokens makes it (the panel marks what it did).
    const showRows = padSequences(held.slice(0, 8), T, PAD);
    const shown = m.maskTokens(showRows.map((r) => r.slice()), opts(mulberry32(21)));
    const word = (i: number) => itos[i] ?? String(i);
    ctx.emit({ kind: 'tokens', chart: 'maskedBatch', title: 'A batch masked by your maskTokens (maskProb 0.15)', labelTitle: 'sentence', tokensTitle: 'model input (position 1…12)',
      rows: showRows.map((row, i) => {
        const inp = shown.inputs[i], lab = shown.labels[i];
        const len = row.indexOf(PAD) < 0 ? T : row.indexOf(PAD);
        return {
          label: `sentence ${i + 1}`, tokens: inp.slice(0, len).map(word), right: inp.slice(0, len).map(() => null), expected: row.slice(0, len).map(word),
          marks: lab.slice(0, len).map((l, j) => (l < 0 ? null : inp[j] === MASK ? 'masked' : inp[j] === row[j] ? 'kept' : 'random')),
        };
      }),
      caption: 'Each selected token keeps its original word as the label (hover a cell). The model reads the input row and must predict every label, also where the word was kept or swapped.' });

    // Held-out evaluation batch: masked once with your maskTokens, a fixed seed.
    const evalRows = padSequences(held.slice(0, nEval), T, PAD);
    const ev = m.maskTokens(evalRows.map((r) => r.slice()), opts(mulberry32(99)));
    const evIds = tf.tensor2d(ev.inputs, undefined, 'int32') as tf.Tensor2D;
    const evLabels = ev.labels.flat();
    const evaluate = (p: Params) => tf.tidy(() => {
      const pred = tf.argMax(encoder(p, evIds, V), -1).dataSync();
      let right = 0, n = 0;
      evLabels.forEach((l, i) => { if (l >= 0) { n++; if (pred[i] === l) right++; } });
      return n ? right / n : 0;
    });

    const p = initParams(mulberry32(7), V);
    const opt = tf.train.adam(0.01);
    const batchRng = mulberry32(11), maskRng = mulberry32(13);
    const losses: number[] = [];
    let acc0 = evaluate(p), acc = acc0;
    ctx.emit({ kind: 'epoch', chart: 'mlmAccuracy', title: `Masked-token accuracy on ${nEval} held-out sentences`, epoch: 0, values: { 'masked-token accuracy': acc0 }, xLabel: 'training step', yLabel: 'accuracy at the selected positions' });
    for (let step = 1; step <= steps; step++) {
      const rows = padSequences(Array.from({ length: B }, () => train[Math.floor(batchRng() * train.length)]), T, PAD);
      const { inputs, labels } = m.maskTokens(rows, opts(maskRng));
      const ids = tf.tensor2d(inputs, undefined, 'int32') as tf.Tensor2D;
      const lab = tf.tensor2d(labels, undefined, 'int32') as tf.Tensor2D;
      const cost = opt.minimize(() => m.mlmLoss(encoder(p, ids, V), lab), true, Object.values(p)) as tf.Scalar;
      losses.push(cost.dataSync()[0]);
      tf.dispose([cost, ids, lab]);
      if (step % 10 === 0) ctx.emit({ kind: 'epoch', chart: 'mlmLoss', title: 'MLM loss (your mlmLoss on batches from your maskTokens)', epoch: step, values: { 'training loss': losses.slice(-10).reduce((a, b) => a + b, 0) / 10 }, xLabel: 'training step', yLabel: 'loss (cross-entropy per selected token, mean of 10 steps)' });
      if (step % evalEvery === 0) {
        acc = evaluate(p);
        ctx.emit({ kind: 'epoch', chart: 'mlmAccuracy', title: `Masked-token accuracy on ${nEval} held-out sentences`, epoch: step, values: { 'masked-token accuracy': acc }, xLabel: 'training step', yLabel: 'accuracy at the selected positions' });
        await new Promise((r) => setTimeout(r, 0));
      }
    }

    // Fill in the blank: the model's top 5 for [MASK].
    const facts: Record<string, number | boolean | string> = {};
    BLANKS.forEach((s, i) => {
      const ids = s.text.split(' ').map((w) => stoi.get(w)!);
      const at = ids.indexOf(MASK);
      const probs = tf.tidy(() => tf.softmax(encoder(p, tf.tensor2d([padSequences([ids], T, PAD)[0]], undefined, 'int32') as tf.Tensor2D, V)).arraySync() as number[][][])[0][at];
      const top = probs.map((pr, id) => ({ pr, id })).sort((a, b) => b.pr - a.pr).slice(0, 5);
      const inClass = top.filter((t) => s.words.includes(itos[t.id])).length;
      ctx.emit({ kind: 'bars', chart: `fillIn${i}`, title: `"${s.text}": the model's top 5 for [MASK] (a ${s.cls} fits)`, labels: top.map((t) => itos[t.id]), series: [{ name: 'probability', values: top.map((t) => t.pr) }], xLabel: 'word', yLabel: 'P(word at [MASK])' });
      facts[`top1_${s.cls}`] = itos[top[0].id];
      facts[`top1IsA_${s.cls}`] = s.words.includes(itos[top[0].id]);
      facts[`top5InClass_${s.cls}`] = inClass;
    });
    evIds.dispose();
    opt.dispose();
    tf.dispose(Object.values(p));
    const k = Math.min(20, losses.length);
    return {
      steps,
      vocab: V,
      lossFirst: losses.slice(0, k).reduce((a, b) => a + b, 0) / k,
      lossLast: losses.slice(-k).reduce((a, b) => a + b, 0) / k,
      maskedAccuracyBefore: acc0,
      maskedAccuracyAfter: acc,
      ...facts,
    };
  },
});
