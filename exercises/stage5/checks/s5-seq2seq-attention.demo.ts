/**
 * Demo of s5-seq2seq-attention: reversing token sequences with a small encoder (given) and the
 * learner's attentionDecoderStep, trained with teacher forcing in a custom loop. A baseline
 * (given, labelled as such) is the same decoder with the context fixed to the mean of the encoder
 * outputs — a classic encoder–decoder without attention, whose whole input must fit in one vector.
 * Shows the loss of both, the attention map of one reversed sequence (an anti-diagonal: the
 * t-th output looks at source position L−1−t) and token accuracy against sequence length.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, makeReverseTask, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-seq2seq-attention');
type Step = M['attentionDecoderStep'];

const GO = 1;

interface Params {
  emb: tf.Variable; // [vocab, E], shared by encoder and decoder
  pos: tf.Variable; // [maxLen, E], position tags for the encoder
  encW: tf.Variable; encB: tf.Variable; // encoder projection [E, H]
  W: tf.Variable; U: tf.Variable; b: tf.Variable; Wout: tf.Variable; bout: tf.Variable; // decoder
}

function init(vocab: number, maxLen: number, E: number, H: number, seed: number): Params {
  const g = (shape: number[], s: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(1 / shape[0]), 'float32', seed * 31 + s));
  return {
    emb: g([vocab, E], 1), pos: tf.variable(tf.randomNormal([maxLen, E], 0, 1, 'float32', seed * 31 + 2)), encW: g([E, H], 3), encB: tf.variable(tf.zeros([H])),
    W: g([E + H, 3 * H], 4), U: g([H, 3 * H], 5), b: tf.variable(tf.zeros([3 * H])), Wout: g([2 * H, vocab], 6), bout: tf.variable(tf.zeros([vocab])),
  };
}

/**
 * The given encoder, kept cheap so the demo trains in seconds: each source token's embedding plus
 * a learned tag for its distance from the end of the sequence, through one tanh layer. Its
 * outputs are the keys the attention looks at; the baseline gets their mean as its one vector.
 */
function encode(p: Params, src: number[][], H: number): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
  const B = src.length, L = src[0].length;
  const ids = tf.tensor2d(src, [B, L], 'int32');
  const fromEnd = tf.tensor1d(Array.from({ length: L }, (_, t) => L - 1 - t), 'int32');
  const x = tf.add(tf.gather(p.emb, ids), tf.gather(p.pos, fromEnd)); // [B,L,E]
  const E = p.emb.shape[1] as number;
  const outputs = tf.reshape(tf.tanh(tf.add(tf.matMul(tf.reshape(x, [B * L, E]), p.encW), p.encB)), [B, L, H]) as tf.Tensor3D;
  return { outputs, last: tf.mean(outputs, 1) as tf.Tensor2D };
}

/**
 * Runs the decoder for L steps. `teacher` feeds the true previous token (training); otherwise the
 * decoder's own argmax (greedy decoding). With attention the learner's step picks the context; the
 * baseline passes the encoder's last state as a fixed context and ignores the step's attention.
 */
function decode(step: Step, p: Params, enc: { outputs: tf.Tensor3D; last: tf.Tensor2D }, tgt: number[][], attention: boolean, teacher: boolean): { logits: tf.Tensor2D[]; weights: tf.Tensor2D[]; preds: number[][] } {
  const B = tgt.length, L = tgt[0].length, H = enc.last.shape[1];
  let h = enc.last;
  let ctxv: tf.Tensor2D = attention ? (tf.zeros([B, H]) as tf.Tensor2D) : enc.last;
  let prev = new Array<number>(B).fill(GO);
  const logits: tf.Tensor2D[] = [], weights: tf.Tensor2D[] = [];
  const preds: number[][] = Array.from({ length: B }, () => []);
  // The baseline sees one summary vector: attention over a single vector is that vector.
  const memory = attention ? enc.outputs : (tf.expandDims(enc.last, 1) as tf.Tensor3D);
  for (let t = 0; t < L; t++) {
    const yEmb = tf.gather(p.emb, tf.tensor1d(prev, 'int32')) as tf.Tensor2D;
    const out = step(yEmb, ctxv, h, memory, { W: p.W as tf.Tensor2D, U: p.U as tf.Tensor2D, b: p.b as tf.Tensor1D, Wout: p.Wout as tf.Tensor2D, bout: p.bout as tf.Tensor1D });
    h = out.h;
    ctxv = attention ? out.context : enc.last;
    logits.push(out.logits);
    weights.push(out.weights);
    const am = teacher ? undefined : (tf.argMax(out.logits, 1).arraySync() as number[]);
    if (am) am.forEach((a, i) => preds[i].push(a));
    prev = teacher ? tgt.map((s) => s[t]) : am!;
  }
  return { logits, weights, preds };
}

function lossOf(logits: tf.Tensor2D[], tgt: number[][], vocab: number): tf.Scalar {
  const all = tf.concat(logits, 0); // [L·B, V], step-major
  const labels = tf.oneHot(tf.tensor1d(logits.flatMap((_, t) => tgt.map((s) => s[t])), 'int32'), vocab);
  return tf.losses.softmaxCrossEntropy(labels, all) as tf.Scalar;
}

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const V = 8, vocab = V + 3, E = 16, H = small ? 24 : 32, B = small ? 32 : 64;
    const steps = small ? 30 : 50;
    const lengths = small ? [3, 4, 6] : [4, 6, 8, 10];
    const trainLens = small ? [3, 4, 5, 6] : [3, 4, 5, 6, 7, 8, 9, 10];
    const mapLen = small ? 6 : 8;
    if (small) ctx.emit({ kind: 'note', chart: 'sizes', text: `Pure-JS engine: ${steps} steps of ${B} sequences up to ${lengths[lengths.length - 1]} tokens with ${H} units (instead of 50 steps of 64 sequences up to 10 tokens with 32 units), so the bottleneck shows less; the native engine is much faster.` });
    ctx.emit({ kind: 'note', chart: 'baseline', text: 'Baseline (given, not your code): the same decoder with its context fixed to the mean of the encoder outputs — no attention, so the whole source must fit in one vector.' });
    const step: Step = (...a) => m.attentionDecoderStep(...a);
    const rng = mulberry32(5);
    // Training batches: one length per batch (no padding needed), lengths drawn uniformly.
    const batches = Array.from({ length: steps }, (_, i) => makeReverseTask({ n: B, len: trainLens[Math.floor(rng() * trainLens.length)], vocab: V, seed: 1000 + i }));
    const models = [{ name: 'with attention', attention: true }, { name: 'without attention (baseline)', attention: false }].map((x) => ({ ...x, p: init(vocab, 12, E, H, 7), opt: tf.train.adam(0.025), losses: [] as number[] }));
    const t0 = Date.now();
    for (let i = 0; i < steps; i++) {
      const task = batches[i];
      const tgt = task.tgt.map((s) => s.slice(0, -1)); // the reversed source, EOS dropped
      const values: Record<string, number> = {};
      for (const md of models) {
        const cost = md.opt.minimize(() => {
          const enc = encode(md.p, task.src, H);
          return lossOf(decode(step, md.p, enc, tgt, md.attention, true).logits, tgt, vocab);
        }, true);
        md.losses.push(cost!.dataSync()[0]);
        cost!.dispose();
        values[md.name] = md.losses[i];
      }
      if (i % 5 === 0 || i === steps - 1) ctx.emit({ kind: 'epoch', chart: 'trainingLoss', title: 'Training loss: reversing sequences of 3–10 tokens', epoch: i + 1, values, xLabel: `step (batches of ${B})`, yLabel: 'loss (cross-entropy per token)' });
    }
    const trainMs = Date.now() - t0;

    // Greedy decoding on new sequences of each length: token accuracy.
    const acc = models.map(() => [] as number[]);
    for (const L of lengths) {
      const task = makeReverseTask({ n: 64, len: L, vocab: V, seed: 77 + L });
      const tgt = task.tgt.map((s) => s.slice(0, -1));
      models.forEach((md, j) => tf.tidy(() => {
        const out = decode(step, md.p, encode(md.p, task.src, H), tgt, md.attention, false);
        let right = 0;
        out.preds.forEach((row, i) => row.forEach((tok, t) => { if (tok === tgt[i][t]) right++; }));
        acc[j].push(right / (64 * L));
      }));
    }
    ctx.emit({
      kind: 'lines', chart: 'accuracyByLength', title: 'Token accuracy against sequence length (greedy decoding, new sequences)',
      xLabel: 'sequence length (tokens)', yLabel: 'token accuracy',
      series: models.map((md, j) => ({ name: md.name, x: lengths, y: acc[j] })),
    });

    // The attention map of one sequence: which source position each output looked at.
    const one = makeReverseTask({ n: 1, len: mapLen, vocab: V, seed: 4242 });
    const tgt1 = one.tgt.map((s) => s.slice(0, -1));
    const map = tf.tidy(() => {
      const out = decode(step, models[0].p, encode(models[0].p, one.src, H), tgt1, true, false);
      return { preds: out.preds[0], weights: out.weights.map((w) => (w.arraySync() as number[][])[0]) };
    });
    // Over the whole length-`mapLen` test set: the mean weight on the mirrored position.
    const evalTask = makeReverseTask({ n: 64, len: mapLen, vocab: V, seed: 77 + mapLen });
    const antiDiagonal = tf.tidy(() => {
      const out = decode(step, models[0].p, encode(models[0].p, evalTask.src, H), evalTask.tgt.map((s) => s.slice(0, -1)), true, false);
      let s = 0;
      out.weights.forEach((w, t) => { const a = w.arraySync() as number[][]; a.forEach((row) => { s += row[mapLen - 1 - t]; }); });
      return s / (64 * mapLen);
    });
    const tok = (id: number) => one.vocab[id] ?? String(id);
    ctx.emit({
      kind: 'attention', chart: 'attentionMap', title: `Attention while reversing “${one.src[0].map(tok).join(' ')}”`,
      keys: one.src[0].map(tok), queries: map.preds.map(tok), weights: map.weights,
      xLabel: 'source token (encoder position)', yLabel: 'output token (decoder step)',
      caption: `Each row is one decoder step; the darkest cell is where it looked. Reversing, output t copies source position ${mapLen}−1−t: the weights lie on the anti-diagonal (mean weight there over 64 new sequences: ${antiDiagonal.toFixed(2)}).`,
    });

    for (const md of models) { Object.values(md.p).forEach((v) => v.dispose()); md.opt.dispose(); }
    const last = lengths.length - 1;
    const mean = (xs: number[]) => xs.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, xs.length);
    return {
      trainSeconds: +(trainMs / 1000).toFixed(1),
      finalLossWithAttention: +mean(models[0].losses).toFixed(3),
      finalLossWithoutAttention: +mean(models[1].losses).toFixed(3),
      antiDiagonalWeight: +antiDiagonal.toFixed(3),
      accuracyByLengthWithAttention: lengths.map((L, i) => `${L}: ${acc[0][i].toFixed(2)}`).join(', '),
      accuracyByLengthWithoutAttention: lengths.map((L, i) => `${L}: ${acc[1][i].toFixed(2)}`).join(', '),
      [`accuracyWithAttentionAtLength${lengths[last]}`]: +acc[0][last].toFixed(3),
      [`accuracyWithoutAttentionAtLength${lengths[last]}`]: +acc[1][last].toFixed(3),
      [`accuracyWithoutAttentionAtLength${lengths[0]}`]: +acc[1][0].toFixed(3),
      attentionLooksAtTheMirroredPosition: antiDiagonal > 0.5,
      attentionBeatsBaselineOnLongest: acc[0][last] > acc[1][last] + 0.2,
      baselineDegradesWithLength: acc[1][0] - acc[1][last] > 0.15,
    };
  },
});
