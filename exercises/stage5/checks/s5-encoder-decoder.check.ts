/**
 * Checks for s5-encoder-decoder (P2 for the models, P0 for the teacher-forcing inputs). The models
 * are the learner's tf.layers objects: everything that builds, trains or decodes with them runs in
 * sandbox parts (`sandboxed.*`, the sandbox's own tf) and sends numbers back for the judge to compare.
 * greedyDecode is graded on the judge's own seq2seq models (weights scaled so that EOS comes at
 * different steps in different rows), against a reference greedy loop run on the same models.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, makeReverseTask, mulberry32, numTensors, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-encoder-decoder');
type Opts = { vocab: number; embDim: number; units: number; srcLen: number; tgtLen: number; seed: number };
type DecodeOpts = { maxLen: number; goId: number; eosId: number; padId: number };
type Models = { train: tf.LayersModel; encoder: tf.LayersModel; decoderStep: tf.LayersModel };

const GO = 1, EOS = 2, PAD = 0;
const show = (a: unknown) => JSON.stringify(a);

/** The judge's seq2seq (the architecture the starter describes), for grading greedyDecode. */
export function referenceSeq2Seq(o: Opts): Models {
  const glorot = (k: number) => tf.initializers.glorotUniform({ seed: o.seed + k });
  const encEmb = tf.layers.embedding({ inputDim: o.vocab, outputDim: o.embDim, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: o.seed + 1 }) });
  const encLstm = tf.layers.lstm({ units: o.units, returnState: true, recurrentActivation: 'sigmoid', kernelInitializer: glorot(2), recurrentInitializer: glorot(3) });
  const decEmb = tf.layers.embedding({ inputDim: o.vocab, outputDim: o.embDim, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: o.seed + 4 }) });
  const decLstm = tf.layers.lstm({ units: o.units, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid', kernelInitializer: glorot(5), recurrentInitializer: glorot(6) });
  const out = tf.layers.dense({ units: o.vocab, activation: 'softmax', kernelInitializer: glorot(7) });
  const src = tf.input({ shape: [o.srcLen] });
  const [, h, c] = encLstm.apply(encEmb.apply(src)) as tf.SymbolicTensor[];
  const decIn = tf.input({ shape: [o.tgtLen] });
  const [seq] = decLstm.apply([decEmb.apply(decIn) as tf.SymbolicTensor, h, c]) as tf.SymbolicTensor[];
  const train = tf.model({ inputs: [src, decIn], outputs: out.apply(seq) as tf.SymbolicTensor });
  const encoder = tf.model({ inputs: src, outputs: [h, c] });
  const tok = tf.input({ shape: [1] }), hIn = tf.input({ shape: [o.units] }), cIn = tf.input({ shape: [o.units] });
  const [seq1, h1, c1] = decLstm.apply([decEmb.apply(tok) as tf.SymbolicTensor, hIn, cIn]) as tf.SymbolicTensor[];
  const decoderStep = tf.model({ inputs: [tok, hIn, cIn], outputs: [out.apply(seq1) as tf.SymbolicTensor, h1, c1] });
  return { train, encoder, decoderStep };
}

/** The judge's greedy loop on any encoder / step pair (probabilities [B,1,V] or [B,V]). */
function referenceGreedy(encoder: tf.LayersModel, step: tf.LayersModel, src: number[][], o: DecodeOpts): number[][] {
  const B = src.length;
  let [h, c] = encoder.predict(tf.tensor2d(src)) as tf.Tensor[];
  let prev = new Array<number>(B).fill(o.goId);
  const rows: number[][] = src.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  for (let t = 0; t < o.maxLen; t++) {
    const [p, h2, c2] = step.predict([tf.tensor2d(prev, [B, 1]), h, c]) as tf.Tensor[];
    const ids = Array.from(tf.argMax(p.reshape([B, -1]), 1).dataSync());
    h = h2;
    c = c2;
    ids.forEach((id, b) => { rows[b].push(done[b] ? o.padId : id); if (id === o.eosId) done[b] = true; });
    prev = ids;
  }
  return rows;
}

/** Learner models in the sandbox: what `inspect` sends back. */
interface Inspected {
  kinds: string[];
  trainShape?: number[];
  rowSumMin?: number; rowSumMax?: number;
  encoderShapes?: number[][];
  stepShapes?: number[][];
  replayDiff?: number; replayDiffAfterTraining?: number;
  encoderShared?: boolean; stepShared?: boolean;
  sameSeedDiff?: number; otherSeedDiff?: number;
  error?: string;
}

const isModel = (x: unknown): x is tf.LayersModel => !!x && typeof (x as tf.LayersModel).predict === 'function' && Array.isArray((x as tf.LayersModel).weights);

/** Runs the step model over the teacher-forced inputs from the encoder's state; max |Δ| to the train model's probabilities. */
function replay(r: Models, src: tf.Tensor2D, dec: number[][], V: number): number {
  return tf.tidy(() => {
    const B = dec.length, T = dec[0].length;
    const full = r.train.predict([src, tf.tensor2d(dec)]) as tf.Tensor;
    let [h, c] = r.encoder.predict(src) as tf.Tensor[];
    let worst = 0;
    for (let t = 0; t < T; t++) {
      const [p, h2, c2] = r.decoderStep.predict([tf.tensor2d(dec.map((row) => [row[t]]), [B, 1]), h, c]) as tf.Tensor[];
      h = h2;
      c = c2;
      const want = full.slice([0, t, 0], [B, 1, V]).reshape([B, V]);
      worst = Math.max(worst, tf.max(tf.abs(tf.sub(p.reshape([B, V]), want))).dataSync()[0]);
    }
    return worst;
  });
}

export const sandboxed = {
  async inspect(m: M, i: { o: Opts; src: number[][]; dec: number[][]; part: 'shapes' | 'shared' | 'seeded' }): Promise<Inspected> {
    const r = m.buildSeq2Seq({ ...i.o }) as unknown as Partial<Models>;
    const kinds = (['train', 'encoder', 'decoderStep'] as const).map((k) => (isModel(r?.[k]) ? 'model' : typeof r?.[k]));
    if (kinds.some((k) => k !== 'model')) return { kinds };
    const models = r as Models;
    const V = i.o.vocab, B = i.src.length;
    const src = tf.tensor2d(i.src);
    const out: Inspected = { kinds };
    try {
      tf.tidy(() => {
        const p = models.train.predict([src, tf.tensor2d(i.dec)]) as tf.Tensor;
        out.trainShape = p.shape.slice();
        if (p.shape.length === 3 && p.shape[2] === V) {
          const sums = Array.from(tf.sum(p, -1).dataSync());
          out.rowSumMin = Math.min(...sums);
          out.rowSumMax = Math.max(...sums);
        }
        const enc = models.encoder.predict(src);
        out.encoderShapes = (Array.isArray(enc) ? enc : [enc]).map((t) => t.shape.slice());
        if (out.encoderShapes.length === 2) {
          const [h, c] = enc as tf.Tensor[];
          const st = models.decoderStep.predict([tf.tensor2d(i.dec.map((row) => [row[0]]), [B, 1]), h, c]);
          out.stepShapes = (Array.isArray(st) ? st : [st]).map((t) => t.shape.slice());
        }
      });
      const ok = out.trainShape?.join() === `${B},${i.o.tgtLen},${V}` && out.encoderShapes?.length === 2 && out.stepShapes?.length === 3;
      if (ok && i.part === 'shared') {
        out.replayDiff = replay(models, src, i.dec, V);
        // Train the train model a little: the step models must follow (shared layers, not copies).
        models.train.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
        const y = tf.tensor3d(i.dec.map((row) => [...row.slice(1), EOS].map((v) => [v])));
        const x2 = tf.tensor2d(i.dec);
        for (let s = 0; s < 3; s++) await models.train.trainOnBatch([src, x2], y);
        tf.dispose([y, x2]);
        out.replayDiffAfterTraining = replay(models, src, i.dec, V);
        const trainW = new Set(models.train.weights.map((w) => w.id));
        out.encoderShared = models.encoder.weights.length > 0 && models.encoder.weights.every((w) => trainW.has(w.id));
        out.stepShared = models.decoderStep.weights.length > 0 && models.decoderStep.weights.every((w) => trainW.has(w.id));
      }
      if (ok && i.part === 'seeded') {
        // The seed: the same seed builds the same weights, another seed others.
        const diffTo = (seed: number) => {
          const other = m.buildSeq2Seq({ ...i.o, seed }) as Models;
          const d = tf.tidy(() => trainProbs(other, src, i.dec));
          other.train.dispose(); // the other models share its layers
          return d;
        };
        const base = m.buildSeq2Seq({ ...i.o }) as Models;
        const p0 = tf.tidy(() => trainProbs(base, src, i.dec));
        base.train.dispose();
        const p1 = diffTo(i.o.seed), p2 = diffTo(i.o.seed + 1);
        out.sameSeedDiff = Math.max(...p0.map((v, k) => Math.abs(v - p1[k])));
        out.otherSeedDiff = Math.max(...p0.map((v, k) => Math.abs(v - p2[k])));
      }
    } catch (e) {
      out.error = e instanceof Error ? e.message : String(e);
    }
    src.dispose();
    models.train.dispose();
    return out;
  },

  async overfit(m: M, i: { o: Opts; src: number[][]; decIn: number[][]; tgt: number[][]; steps: number }): Promise<{ losses: number[]; accuracy: number; error?: string }> {
    const r = m.buildSeq2Seq({ ...i.o }) as Models;
    const src = tf.tensor2d(i.src), dec = tf.tensor2d(i.decIn), y = tf.tensor3d(i.tgt.map((row) => row.map((v) => [v])));
    const losses: number[] = [];
    let accuracy = 0;
    try {
      r.train.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
      for (let s = 0; s < i.steps; s++) {
        const l = await r.train.trainOnBatch([src, dec], y);
        losses.push(Array.isArray(l) ? l[0] : l);
      }
      accuracy = tf.tidy(() => {
        const pred = tf.argMax(r.train.predict([src, dec]) as tf.Tensor, -1);
        return tf.mean(tf.equal(pred, tf.tensor2d(i.tgt, undefined, 'int32')).toFloat()).dataSync()[0];
      });
    } catch (e) {
      return { losses, accuracy, error: e instanceof Error ? e.message : String(e) };
    } finally {
      tf.dispose([src, dec, y]);
      r.train.dispose();
    }
    return { losses, accuracy };
  },

  decode(m: M, i: { o: Opts; src: number[][]; scale: number; cases: DecodeOpts[] }): { got: unknown[]; want: number[][][]; leaked: number[] } {
    const ref = referenceSeq2Seq(i.o);
    // Larger weights make the decoded rows depend on the source and end at different steps.
    const w = ref.train.getWeights();
    ref.train.setWeights(w.map((t, k) => (k === w.length - 1 ? t : tf.mul(t, i.scale))));
    const got: unknown[] = [], want: number[][][] = [], leaked: number[] = [];
    for (const o of i.cases) {
      want.push(tf.tidy(() => referenceGreedy(ref.encoder, ref.decoderStep, i.src, o)));
      const before = numTensors();
      got.push(m.greedyDecode(ref.encoder, ref.decoderStep, i.src.map((r) => [...r]), { ...o }));
      leaked.push(numTensors() - before);
    }
    ref.train.dispose();
    return { got, want, leaked };
  },
};

/** Train-model probabilities, flat. */
function trainProbs(r: Models, src: tf.Tensor2D, dec: number[][]): number[] {
  return Array.from((r.train.predict([src, tf.tensor2d(dec)]) as tf.Tensor).dataSync());
}

function smallCase(rng: () => number): { o: Opts; src: number[][]; dec: number[][] } {
  const o: Opts = { vocab: 7 + Math.floor(rng() * 3), embDim: 6, units: 8 + Math.floor(rng() * 5), srcLen: 3 + Math.floor(rng() * 2), tgtLen: 4 + Math.floor(rng() * 2), seed: Math.floor(rng() * 1000) };
  const B = 3;
  const tok = () => 3 + Math.floor(rng() * (o.vocab - 3));
  const src = Array.from({ length: B }, () => Array.from({ length: o.srcLen }, tok));
  const dec = Array.from({ length: B }, () => [GO, ...Array.from({ length: o.tgtLen - 1 }, tok)]);
  return { o, src, dec };
}

const NOT_SHIFTED = 'teacher forcing not shifted by one';

export default defineChecks<M>({
  checks: [
    {
      id: 'teacher-forcing', name: 'teacherForcingInputs: GO, then every target token but the last (shifted right by one)', fn: 'teacherForcingInputs',
      run(m) {
        const rng = gradeRng();
        const go = 1 + Math.floor(rng() * 3);
        const targets = [[5, 6, 7, 2], [9, 4, 2, 0], [3, 2, 0, 0]].map((r) => r.map((v) => (v > 2 ? v + Math.floor(rng() * 4) : v)));
        const want = targets.map((t) => [go, ...t.slice(0, -1)]);
        const got = m.teacherForcingInputs(targets.map((r) => [...r]), go) as unknown;
        if (!Array.isArray(got) || got.length !== targets.length || got.some((r, k) => !Array.isArray(r) || r.length !== targets[k].length)) {
          const lens = Array.isArray(got) ? got.map((r) => (Array.isArray(r) ? r.length : typeof r)).join(', ') : typeof got;
          fail(`teacherForcingInputs(${show(targets)}, ${go}) should return ${targets.length} rows as long as the targets (4); got rows of lengths [${lens}]: ${show(got)}${Array.isArray(got) && got[0]?.length === 5 ? ' — GO was added but the last token not dropped: shift, do not insert' : ''}`, { hintKey: 'teacher-forcing' });
        }
        expectTensorClose(got as number[][], want, { name: `teacherForcingInputs(${show(targets)}, ${go})`, atol: 0, rtol: 0, mistakes: [
          { when: targets, message: `${NOT_SHIFTED}: the decoder inputs are the targets themselves, so at step t the model sees the very token it must predict. Shift right: [GO, y1, …, y(T−1)]`, hintKey: 'not-shifted' },
          { when: targets.map((t) => [...t.slice(1), go]), message: `${NOT_SHIFTED}: shifted left instead of right; the decoder input at step t is the target at step t − 1, with GO first`, hintKey: 'not-shifted' },
          { when: targets.map((t) => [...t.slice(1), PAD]), message: `${NOT_SHIFTED}: shifted left instead of right; the decoder input at step t is the target at step t − 1, with GO first`, hintKey: 'not-shifted' },
        ] });
        const empty = m.teacherForcingInputs([], go) as unknown;
        if (!Array.isArray(empty) || empty.length !== 0) fail(`teacherForcingInputs([], ${go}) should be [] (no rows); got ${show(empty)}`);
      },
    },
    {
      id: 'build-shapes', name: 'buildSeq2Seq: train gives probabilities [B, tgtLen, vocab]; encoder gives [h, c] of [B, units]; decoderStep gives [probabilities, h, c]', fn: 'buildSeq2Seq',
      async run(_m, ctx) {
        const c = smallCase(gradeRng());
        const r = await ctx.inSandbox<Inspected>('inspect', { ...c, part: 'shapes' });
        const B = c.src.length, { tgtLen, vocab: V, units } = c.o;
        const call = `buildSeq2Seq(${show(c.o)})`;
        if (r.kinds.some((k) => k !== 'model')) fail(`${call} should return { train, encoder, decoderStep }, three tf.LayersModel objects; got ${['train', 'encoder', 'decoderStep'].map((k, j) => `${k}: ${r.kinds[j]}`).join(', ')}`);
        if (r.error) fail(`${call}: running the models failed: ${r.error}`);
        if (r.trainShape?.join() !== `${B},${tgtLen},${V}`) fail(`${call}: train.predict([src [${B},${c.o.srcLen}], decoderInputs [${B},${tgtLen}]]) has shape [${r.trainShape}], expected [${B},${tgtLen},${V}] (one distribution over the vocabulary per target position)`);
        if (!(Math.abs((r.rowSumMin ?? 0) - 1) < 1e-4 && Math.abs((r.rowSumMax ?? 0) - 1) < 1e-4)) fail(`${call}: the train model's outputs should be probabilities (a softmax over the vocabulary): rows sum to ${r.rowSumMin} … ${r.rowSumMax}, expected 1`, { hintKey: 'build-softmax' });
        if (r.encoderShapes?.length !== 2 || r.encoderShapes.some((s) => s.join() !== `${B},${units}`)) fail(`${call}: encoder.predict(src) should give [h, c], each [${B},${units}] (the encoder LSTM's final state, returnState: true); got shapes ${show(r.encoderShapes)}`, { hintKey: 'build-encoder' });
        const ps = r.stepShapes?.[0]?.join();
        if (r.stepShapes?.length !== 3 || (ps !== `${B},1,${V}` && ps !== `${B},${V}`) || r.stepShapes[1].join() !== `${B},${units}` || r.stepShapes[2].join() !== `${B},${units}`) fail(`${call}: decoderStep.predict([token [${B},1], h, c]) should give [probabilities [${B},1,${V}], h [${B},${units}], c [${B},${units}]]; got shapes ${show(r.stepShapes)}`, { hintKey: 'build-step' });
      },
    },
    {
      id: 'build-shared-weights', name: 'the encoder and decoderStep share the train model\'s layers: stepping reproduces train\'s outputs, before and after training it', fn: 'buildSeq2Seq',
      async run(_m, ctx) {
        const c = smallCase(gradeRng());
        const r = await ctx.inSandbox<Inspected>('inspect', { ...c, part: 'shared' });
        const call = `buildSeq2Seq(${show(c.o)})`;
        if (r.kinds.some((k) => k !== 'model') || r.replayDiff === undefined) fail(`${call}: the models do not have the expected inputs and outputs (see the shapes check)${r.error ? `: ${r.error}` : ''}`, { hintKey: 'build-shapes' });
        if (!(r.replayDiff < 1e-4)) fail(`${call}: running decoderStep ${c.o.tgtLen} times from encoder's [h, c] on the teacher-forced inputs gives probabilities up to ${r.replayDiff.toExponential(2)} away from train's: the step model must apply the same embedding, LSTM and dense layers as the train model, and start from the encoder's state`, { hintKey: 'build-shared-weights' });
        if (!r.encoderShared || !r.stepShared) fail(`${call}: ${!r.encoderShared ? 'encoder' : 'decoderStep'} has weights the train model does not: build each layer once and apply the same layer objects in all three models (new layers would have their own weights)`, { hintKey: 'build-shared-weights' });
        if (!((r.replayDiffAfterTraining ?? 1) < 1e-4)) fail(`${call}: after 3 training steps of the train model, decoderStep no longer reproduces its outputs (max |Δ| ${r.replayDiffAfterTraining}): the inference models hold copies of the weights instead of sharing the layers`, { hintKey: 'build-shared-weights' });
      },
    },
    {
      id: 'build-seeded', name: 'the same seed builds the same model, another seed a different one', fn: 'buildSeq2Seq',
      async run(_m, ctx) {
        const c = smallCase(gradeRng());
        const r = await ctx.inSandbox<Inspected>('inspect', { ...c, part: 'seeded' });
        if (r.sameSeedDiff === undefined || r.otherSeedDiff === undefined) fail(`buildSeq2Seq(${show(c.o)}): the models do not have the expected inputs and outputs (see the shapes check)${r.error ? `: ${r.error}` : ''}`, { hintKey: 'build-shapes' });
        if (r.sameSeedDiff > 1e-6) fail(`buildSeq2Seq with seed ${c.o.seed} twice gives different outputs (max |Δ| ${r.sameSeedDiff}): pass o.seed (plus an offset per layer) to every initializer, e.g. tf.initializers.glorotUniform({ seed: o.seed + 1 })`, { hintKey: 'build-seeded' });
        if (r.otherSeedDiff < 1e-6) fail(`buildSeq2Seq with seeds ${c.o.seed} and ${c.o.seed + 1} gives the same outputs: the seed must change the initial weights`, { hintKey: 'build-seeded' });
      },
    },
    {
      id: 'overfit-one-batch', name: 'the train model overfits 16 reversed sequences (teacher forcing, 50 Adam steps at 0.05): token accuracy ≥ 0.9', fn: 'buildSeq2Seq',
      async run(m, ctx) {
        const rng = gradeRng();
        const seed = Math.floor(rng() * 1000);
        const task = makeReverseTask({ n: 16, len: 5, vocab: 5, seed });
        const o: Opts = { vocab: task.vocab.length, embDim: 12, units: 24, srcLen: 5, tgtLen: 6, seed };
        const decIn = task.tgt.map((t) => [GO, ...t.slice(0, -1)]);
        const steps = 50;
        const r = await ctx.inSandbox<{ losses: number[]; accuracy: number; error?: string }>('overfit', { o, src: task.src, decIn, tgt: task.tgt, steps });
        if (r.error) fail(`training the train model on 16 sequences failed: ${r.error}`);
        const first = r.losses[0], last = r.losses[r.losses.length - 1];
        if (!(r.accuracy >= 0.9)) fail(`after ${steps} Adam steps on 16 reversed sequences, the train model gets ${(100 * r.accuracy).toFixed(0)}% of the target tokens right (loss ${first.toFixed(3)} → ${last.toFixed(3)}); a seq2seq model memorises this in ${steps} steps. Does the decoder LSTM start from the encoder's [h, c] (initialState)? Does the output use a softmax over the vocabulary?`, { hintKey: 'overfit-one-batch' });
      },
    },
    {
      id: 'greedy-decode', name: 'greedyDecode feeds back the most likely token; rows are maxLen long: tokens up to the first EOS (kept), then padId', fn: 'greedyDecode',
      async run(_m, ctx) {
        const rng = gradeRng();
        const o: Opts = { vocab: 8, embDim: 8, units: 16, srcLen: 4, tgtLen: 5, seed: 11 };
        const r0 = mulberry32(Math.floor(rng() * 1e9));
        const src = Array.from({ length: 10 }, () => Array.from({ length: 4 }, () => 3 + Math.floor(r0() * 5)));
        const cases: DecodeOpts[] = [{ maxLen: 7, goId: GO, eosId: EOS, padId: PAD }, { maxLen: 5, goId: GO, eosId: 7, padId: 0 }, { maxLen: 6, goId: GO, eosId: EOS, padId: 5 }];
        const r = await ctx.inSandbox<{ got: unknown[]; want: number[][][]; leaked: number[] }>('decode', { o, src, scale: 3, cases });
        cases.forEach((c, k) => {
          const call = `greedyDecode(encoder, decoderStep, src (${src.length} rows), ${show(c)})`;
          const got = r.got[k], want = r.want[k];
          if (!Array.isArray(got) || got.length !== want.length) fail(`${call} should return ${want.length} rows; got ${show(got)}`);
          (got as unknown[]).forEach((row, b) => {
            const w = want[b];
            if (!Array.isArray(row)) fail(`${call}: row ${b} is ${show(row)}, expected an array of token ids`);
            const eosAt = w.indexOf(c.eosId);
            if (show(row) === show(w)) return;
            const upTo = eosAt >= 0 ? w.slice(0, eosAt + 1) : w;
            let why = '';
            if (row.length < c.maxLen && show(row) === show(upTo)) why = `: rows are maxLen = ${c.maxLen} long; after EOS fill with padId (${c.padId})`;
            else if (eosAt >= 0 && show(row.slice(0, eosAt + 1)) === show(upTo)) why = row.slice(eosAt + 1).every((v: unknown) => v === row[eosAt + 1]) && row[eosAt + 1] !== c.padId && row.slice(eosAt + 1).some((v: unknown) => v !== c.padId) ? `: after EOS the row must be padded with padId = ${c.padId}` : `: decoding did not stop at EOS (${c.eosId}) at step ${eosAt + 1}; everything after it is padId (${c.padId})`;
            else if (eosAt >= 0 && show(row.slice(0, eosAt)) === show(w.slice(0, eosAt)) && row[eosAt] === c.padId) why = `: the EOS itself is kept in the row, then padId`;
            fail(`${call}: row ${b} is ${show(row)}, expected ${show(w)}${why}`, { expected: show(w), actual: show(row), hintKey: why.includes('stop at EOS') ? 'eos-not-stopped' : 'greedy-decode' });
          });
          if (r.leaked[k] > 0) fail(`${call} leaves ${r.leaked[k]} tensors behind: dispose the states you replace and wrap each step in tf.tidy`, { hintKey: 'leak' });
        });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'teacherForcingInputs',
      calls: [{ name: 'teacherForcingInputs', inputs: () => ({ targets: [[4, 5, 2], [6, 2, 0]] }), call: (m, i) => m.teacherForcingInputs(i.targets, 1) }],
      badInputs: [
        { name: 'teacherForcingInputs([[4, 2]], -1)', call: (m) => m.teacherForcingInputs([[4, 2]], -1), why: 'a token id is a non-negative integer' },
        { name: 'buildSeq2Seq({ units: 0, … })', call: (m) => m.buildSeq2Seq({ vocab: 8, embDim: 4, units: 0, srcLen: 3, tgtLen: 4, seed: 1 }), why: 'an LSTM needs at least one unit' },
      ],
      names: { 'bad-inputs-throw': 'a negative GO id and 0 LSTM units throw' },
    }),
  ],
});
