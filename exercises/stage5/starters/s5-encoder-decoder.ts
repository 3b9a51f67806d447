/**
 * s5-encoder-decoder: a sequence-to-sequence model built from LSTMs.
 * Rule level: tf.layers (embedding, lstm, dense, tf.input, tf.model) for the models; plain
 * TypeScript for teacherForcingInputs.
 *
 * teacherForcingInputs(targets, goId): the decoder's training inputs are the targets shifted right
 *   by one: goId first, then every target token except the last. Each row keeps its length
 *   ([5, 6, 2] with GO 1 → [1, 5, 6]). Throw if goId is not a non-negative integer.
 *
 * buildSeq2Seq(o) returns three models that SHARE their layers (create each layer once, apply it in
 *   every model that needs it):
 *   - train:       inputs [src [B, srcLen], decoderInputs [B, tgtLen]] → probabilities [B, tgtLen, vocab]
 *                  (embedding → encoder LSTM with returnState; embedding → decoder LSTM with
 *                  returnSequences and returnState, started from the encoder's [h, c] by applying it to
 *                  [embedded, h, c]; dense(vocab, softmax));
 *   - encoder:     src [B, srcLen] → [h [B, units], c [B, units]];
 *   - decoderStep: inputs [token [B, 1], h [B, units], c [B, units]] → [probabilities [B, 1, vocab], h, c].
 *   Seed every initializer from o.seed (e.g. glorotUniform({ seed: o.seed + 1 }), a different offset per
 *   layer), so the same seed builds the same model. Throw if a size is not a positive integer.
 *   Note: tf.layers.timeDistributed fixes the sequence length at its first call, so it cannot be shared
 *   between the train model and the one-step decoder; a dense layer on a 3-D input works per step.
 *
 * greedyDecode(encoder, decoderStep, src, o): encode src, then feed o.goId and, at every step, the most
 *   likely token of the step before, with the state the step returned. Each returned row is o.maxLen
 *   long: the tokens up to and including the first o.eosId, then o.padId. Leak no tensors (dispose
 *   the states you replace; tf.tidy around each step).
 */
import * as tf from '@tensorflow/tfjs';

export function teacherForcingInputs(targets: number[][], goId: number): number[][] {
  // TODO
  throw new Error('Not implemented: s5-encoder-decoder');
}

export function buildSeq2Seq(o: { vocab: number; embDim: number; units: number; srcLen: number; tgtLen: number; seed: number }): { train: tf.LayersModel; encoder: tf.LayersModel; decoderStep: tf.LayersModel } {
  // TODO
  throw new Error('Not implemented: s5-encoder-decoder');
}

export function greedyDecode(encoder: tf.LayersModel, decoderStep: tf.LayersModel, src: number[][], o: { maxLen: number; goId: number; eosId: number; padId: number }): number[][] {
  // TODO
  throw new Error('Not implemented: s5-encoder-decoder');
}
