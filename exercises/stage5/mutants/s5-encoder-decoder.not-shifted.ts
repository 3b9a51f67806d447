/**
 * s5-encoder-decoder: a sequence-to-sequence model built from LSTMs (tf.layers), trained with
 * teacher forcing and decoded greedily.
 *
 * teacherForcingInputs(targets, goId): the decoder's inputs during training are the targets shifted
 * right by one: goId first, then every target token but the last (row lengths unchanged).
 *
 * buildSeq2Seq(o) returns three models that share one set of layers (and so one set of weights):
 * - train:       [src [B, srcLen], decoderInputs [B, tgtLen]] → probabilities [B, tgtLen, vocab];
 * - encoder:     src [B, srcLen] → [h [B, units], c [B, units]] (the encoder LSTM's final state);
 * - decoderStep: [token [B, 1], h, c] → [probabilities [B, 1, vocab], h, c] (one decoder step).
 * Embeddings of embDim for the source and the target; the decoder LSTM starts from the encoder's
 * state; a softmax dense layer gives the probabilities. Initializers are seeded with o.seed.
 *
 * greedyDecode(encoder, decoderStep, src, o): encode src, then feed goId and, at each step, the most
 * likely token of the previous one. Each row is o.maxLen long: the tokens up to and including the
 * first EOS, then padId. Leaks no tensors.
 */
import * as tf from '@tensorflow/tfjs';

export function teacherForcingInputs(targets: number[][], goId: number): number[][] {
  if (!Number.isInteger(goId) || goId < 0) throw new Error(`goId must be a non-negative integer, got ${goId}`);
  // Position t of the decoder sees the target token of position t − 1 (GO at t = 0), so that it
  // learns to predict target t from what comes before it.
  return targets.map((t) => [...t]);
}

export function buildSeq2Seq(o: { vocab: number; embDim: number; units: number; srcLen: number; tgtLen: number; seed: number }): { train: tf.LayersModel; encoder: tf.LayersModel; decoderStep: tf.LayersModel } {
  for (const k of ['vocab', 'embDim', 'units', 'srcLen', 'tgtLen'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`${k} must be a positive integer, got ${o[k]}`);
  }
  const glorot = (k: number) => tf.initializers.glorotUniform({ seed: o.seed + k });
  const emb = (k: number) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: o.seed + k });
  // The layers, created once: every model below applies these same objects, so they share weights.
  const encEmb = tf.layers.embedding({ inputDim: o.vocab, outputDim: o.embDim, embeddingsInitializer: emb(1) });
  const encLstm = tf.layers.lstm({ units: o.units, returnState: true, recurrentActivation: 'sigmoid', kernelInitializer: glorot(2), recurrentInitializer: glorot(3) });
  const decEmb = tf.layers.embedding({ inputDim: o.vocab, outputDim: o.embDim, embeddingsInitializer: emb(4) });
  const decLstm = tf.layers.lstm({ units: o.units, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid', kernelInitializer: glorot(5), recurrentInitializer: glorot(6) });
  const out = tf.layers.dense({ units: o.vocab, activation: 'softmax', kernelInitializer: glorot(7) });

  const src = tf.input({ shape: [o.srcLen], name: 'src' });
  const [, h, c] = encLstm.apply(encEmb.apply(src)) as tf.SymbolicTensor[];
  const decIn = tf.input({ shape: [o.tgtLen], name: 'decoderInputs' });
  const [seq] = decLstm.apply([decEmb.apply(decIn) as tf.SymbolicTensor, h, c]) as tf.SymbolicTensor[];
  const train = tf.model({ inputs: [src, decIn], outputs: out.apply(seq) as tf.SymbolicTensor });

  const encoder = tf.model({ inputs: src, outputs: [h, c] });

  const tok = tf.input({ shape: [1], name: 'token' });
  const hIn = tf.input({ shape: [o.units], name: 'h' });
  const cIn = tf.input({ shape: [o.units], name: 'c' });
  const [seq1, h1, c1] = decLstm.apply([decEmb.apply(tok) as tf.SymbolicTensor, hIn, cIn]) as tf.SymbolicTensor[];
  const decoderStep = tf.model({ inputs: [tok, hIn, cIn], outputs: [out.apply(seq1) as tf.SymbolicTensor, h1, c1] });
  return { train, encoder, decoderStep };
}

export function greedyDecode(encoder: tf.LayersModel, decoderStep: tf.LayersModel, src: number[][], o: { maxLen: number; goId: number; eosId: number; padId: number }): number[][] {
  if (!Number.isInteger(o.maxLen) || o.maxLen < 1) throw new Error(`maxLen must be a positive integer, got ${o.maxLen}`);
  if (src.length === 0) return [];
  const B = src.length;
  const rows: number[][] = src.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  let [h, c] = tf.tidy(() => encoder.predict(tf.tensor2d(src, [B, src[0].length])) as tf.Tensor[]);
  let prev = new Array<number>(B).fill(o.goId);
  for (let t = 0; t < o.maxLen && !done.every(Boolean); t++) {
    const [next, h2, c2] = tf.tidy(() => {
      const [p, hn, cn] = decoderStep.predict([tf.tensor2d(prev, [B, 1]), h, c]) as tf.Tensor[];
      return [tf.argMax(p.reshape([B, -1]), 1), hn, cn];
    });
    const ids = Array.from(next.dataSync(), Number);
    tf.dispose([next, h, c]);
    h = h2;
    c = c2;
    ids.forEach((id, b) => {
      if (done[b]) return;
      rows[b].push(id);
      if (id === o.eosId) done[b] = true;
    });
    prev = ids;
  }
  tf.dispose([h, c]);
  // Rows that stopped early are padded to maxLen.
  return rows.map((r) => [...r, ...new Array<number>(o.maxLen - r.length).fill(o.padId)]);
}
