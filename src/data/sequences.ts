/**
 * Sequence and text tasks for Stage 5. Token ids: PAD = 0, GO = 1, EOS = 2, content from 3.
 * Sequences are returned unpadded; `padSequences` pads them. Targets end with EOS and do not
 * start with GO (a decoder's teacher-forcing input is GO + target without its EOS).
 */
import * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32, Rng, uniform } from './rng';

export interface SeqTask { src: number[][]; tgt: number[][]; vocab: string[]; PAD: 0; GO: 1; EOS: 2 }
export const PAD = 0;
export const GO = 1;
export const EOS = 2;
const SPECIALS = ['<pad>', '<go>', '<eos>'];

function symbolVocab(n: number): string[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`vocab must be a positive integer, got ${n}`);
  const names = Array.from({ length: n }, (_, i) => (n <= 26 ? String.fromCharCode(97 + i) : `t${i}`));
  return [...SPECIALS, ...names];
}

function lengthOf(rng: Rng, len: number | [number, number]): number {
  return typeof len === 'number' ? len : len[0] + Math.floor(rng() * (len[1] - len[0] + 1));
}

function randomSeqs(o: { n: number; len: number | [number, number]; vocab: number; seed: number }): { rng: Rng; src: number[][] } {
  const rng = mulberry32(o.seed);
  const src = Array.from({ length: o.n }, () => Array.from({ length: lengthOf(rng, o.len) }, () => 3 + Math.floor(rng() * o.vocab)));
  return { rng, src };
}

/** Target = source. `len` is a fixed length or an inclusive [min, max] range. */
export function makeCopyTask(o: { n: number; len: number | [number, number]; vocab: number; seed: number }): SeqTask {
  const vocab = symbolVocab(o.vocab);
  const { src } = randomSeqs(o);
  return { src, tgt: src.map((s) => [...s, EOS]), vocab, PAD, GO, EOS };
}

/** Target = source reversed. */
export function makeReverseTask(o: { n: number; len: number | [number, number]; vocab: number; seed: number }): SeqTask {
  const vocab = symbolVocab(o.vocab);
  const { src } = randomSeqs(o);
  return { src, tgt: src.map((s) => [...s].reverse().concat(EOS)), vocab, PAD, GO, EOS };
}

/** Target = source sorted ascending. */
export function makeSortTask(o: { n: number; len: number; vocab: number; seed: number }): SeqTask {
  const vocab = symbolVocab(o.vocab);
  const { src } = randomSeqs(o);
  return { src, tgt: src.map((s) => [...s].sort((a, b) => a - b).concat(EOS)), vocab, PAD, GO, EOS };
}

/** "123+45" → "168": characters '0'…'9' are ids 3…12, '+' is 13. Operands have 1…maxDigits digits. */
export function makeAdditionTask(o: { n: number; maxDigits: number; seed: number }): SeqTask {
  const vocab = [...SPECIALS, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+'];
  const rng = mulberry32(o.seed);
  const enc = (s: string) => [...s].map((c) => vocab.indexOf(c));
  const num = () => {
    const digits = 1 + Math.floor(rng() * o.maxDigits);
    return Math.floor(rng() * 10 ** digits);
  };
  const src: number[][] = [];
  const tgt: number[][] = [];
  for (let i = 0; i < o.n; i++) {
    const a = num();
    const b = num();
    src.push(enc(`${a}+${b}`));
    tgt.push([...enc(String(a + b)), EOS]);
  }
  return { src, tgt, vocab, PAD, GO, EOS };
}

/** Bit strings and their parity (1 when the number of ones is odd). */
export function makeParityTask(o: { n: number; len: number; seed: number }): { x: number[][]; y: number[] } {
  const rng = mulberry32(o.seed);
  const x = Array.from({ length: o.n }, () => Array.from({ length: o.len }, (): number => (rng() < 0.5 ? 0 : 1)));
  return { x, y: x.map((s) => s.reduce((a, b) => a + b, 0) % 2) };
}

/** y[t] = x[t − delay] (0 before the delay): a memory test for RNN vs LSTM. */
export function makeDelayedEchoTask(o: { n: number; len: number; delay: number; seed: number }): { x: number[][]; y: number[][] } {
  const rng = mulberry32(o.seed);
  const x = Array.from({ length: o.n }, () => Array.from({ length: o.len }, (): number => (rng() < 0.5 ? 0 : 1)));
  return { x, y: x.map((s) => s.map((_, t) => (t >= o.delay ? s[t - o.delay] : 0))) };
}

/**
 * "Remember the first token": `len` symbols drawn uniformly from 0 … vocab−1; the label is the first
 * one. Everything after step 0 is distraction, so a model must carry one symbol across len − 1 steps.
 */
export function makeFirstTokenTask(o: { n: number; len: number; vocab: number; seed: number }): { x: number[][]; y: number[] } {
  if (!Number.isInteger(o.vocab) || o.vocab < 2) throw new Error(`vocab must be an integer ≥ 2, got ${o.vocab}`);
  const rng = mulberry32(o.seed);
  const x = Array.from({ length: o.n }, () => Array.from({ length: o.len }, () => Math.floor(rng() * o.vocab)));
  return { x, y: x.map((s) => s[0]) };
}

/**
 * Sine waves with random amplitude (0.5–1.5), period (8–24 steps) and phase: x = `len` noisy
 * values, y = the next `horizon` clean values.
 */
export function makeSineSeries(o: { n: number; len: number; horizon: number; noise: number; seed: number }): { x: number[][]; y: number[][] } {
  const rng = mulberry32(o.seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < o.n; i++) {
    const amp = uniform(rng, 0.5, 1.5);
    const period = uniform(rng, 8, 24);
    const phase = uniform(rng, 0, 2 * Math.PI);
    const f = (t: number) => amp * Math.sin((2 * Math.PI * t) / period + phase);
    x.push(Array.from({ length: o.len }, (_, t) => f(t) + o.noise * gaussian(rng)));
    y.push(Array.from({ length: o.horizon }, (_, h) => f(o.len + h)));
  }
  return { x, y };
}

const GRAMMAR = {
  det: ['the', 'a'],
  adj: ['small', 'quick', 'lazy', 'happy', 'old', 'brown', 'young'],
  noun: ['cat', 'dog', 'bird', 'fox', 'girl', 'boy', 'king', 'queen', 'horse'],
  verb: ['sees', 'likes', 'chases', 'finds', 'helps', 'watches', 'jumps over'],
  prep: ['near', 'under', 'behind', 'with'],
  place: ['the river', 'the old tree', 'the big wall', 'the quiet park'],
};

/**
 * A licence-free corpus from a small template grammar: one lowercase sentence per line, ending
 * in '.', e.g. "the quick fox chases a dog near the river.".
 */
export function makeGrammarCorpus(o: { sentences: number; seed: number }): string {
  const rng = mulberry32(o.seed);
  const pick = (xs: string[]) => xs[Math.floor(rng() * xs.length)];
  const np = () => (rng() < 0.5 ? `${pick(GRAMMAR.det)} ${pick(GRAMMAR.adj)} ${pick(GRAMMAR.noun)}` : `${pick(GRAMMAR.det)} ${pick(GRAMMAR.noun)}`);
  const lines: string[] = [];
  for (let i = 0; i < o.sentences; i++) {
    let s = `${np()} ${pick(GRAMMAR.verb)} ${np()}`;
    if (rng() < 0.5) s += ` ${pick(GRAMMAR.prep)} ${pick(GRAMMAR.place)}`;
    lines.push(`${s}.`);
  }
  return lines.join('\n') + '\n';
}

/** Pads (or truncates) every sequence to `len` with `pad` at the end. */
export function padSequences(seqs: number[][], len: number, pad = PAD): number[][] {
  return seqs.map((s) => (s.length >= len ? s.slice(0, len) : [...s, ...new Array(len - s.length).fill(pad)]));
}

/**
 * Random windows of a token stream for language modelling: x = ids[s … s+seqLen), y = the same
 * window shifted by one. Each call draws `batch` new start positions from `rng`.
 * Returns int32 tensors; the caller disposes them.
 */
export function windowedLmBatches(ids: number[], o: { batch: number; seqLen: number; rng: Rng }): () => { x: tf.Tensor2D; y: tf.Tensor2D } {
  const maxStart = ids.length - o.seqLen - 1;
  if (maxStart < 0) throw new Error(`windowedLmBatches: ${ids.length} tokens are too few for windows of ${o.seqLen} + 1`);
  return () => {
    const x = new Int32Array(o.batch * o.seqLen);
    const y = new Int32Array(o.batch * o.seqLen);
    for (let b = 0; b < o.batch; b++) {
      const s = Math.floor(o.rng() * (maxStart + 1));
      for (let t = 0; t < o.seqLen; t++) { x[b * o.seqLen + t] = ids[s + t]; y[b * o.seqLen + t] = ids[s + t + 1]; }
    }
    return { x: tf.tensor2d(x, [o.batch, o.seqLen], 'int32'), y: tf.tensor2d(y, [o.batch, o.seqLen], 'int32') };
  };
}

/**
 * A toy decoder for search exercises: `stepLogProbs(prefix)` returns log-probabilities over `vocab`
 * tokens for the token after `prefix`, the same for the same prefix (each prefix seeds its own
 * draw, so the answers do not depend on the order of the calls). Logits are Gaussian × `spread`
 * (larger = more peaked); `eosBias` is added to the EOS logit. `calls` records every prefix asked.
 */
export function makeToyDecoder(o: { vocab: number; seed: number; eosId: number; spread?: number; eosBias?: number }): { stepLogProbs: (prefix: number[]) => number[]; calls: number[][] } {
  if (!Number.isInteger(o.vocab) || o.vocab < 2) throw new Error(`makeToyDecoder: vocab must be an integer ≥ 2, got ${o.vocab}`);
  const spread = o.spread ?? 1.5;
  const calls: number[][] = [];
  const stepLogProbs = (prefix: number[]): number[] => {
    calls.push([...prefix]);
    // FNV-1a over the prefix and the seed: one stream per prefix.
    let h = (2166136261 ^ o.seed) >>> 0;
    for (const t of [prefix.length, ...prefix]) { h ^= t + 0x9e37; h = Math.imul(h, 16777619) >>> 0; }
    const rng = mulberry32(h);
    const logits = Array.from({ length: o.vocab }, (_, v) => spread * gaussian(rng) + (v === o.eosId ? o.eosBias ?? 0 : 0));
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0));
    return logits.map((z) => z - lse);
  };
  return { stepLogProbs, calls };
}
