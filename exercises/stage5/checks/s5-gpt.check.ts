/**
 * Checks for s5-gpt (P1). Each export is graded on its own:
 * - the vocabulary round-trips (judge side, random text per grade);
 * - causalLmLoss against the check's own shifted cross-entropy (1e-5) and its gradient;
 * - buildTinyGPT in sandbox parts (the model is the learner's object): shape, causality (tokens after
 *   a random t edited, logits up to t unchanged to 1e-6), seeding, and overfitting 4 × 16 characters;
 * - sampleTokens in a sandbox part, on the check's own fake models (fixed logits, or logits that
 *   depend on the last two tokens), so the judge knows the exact distribution and the greedy answer:
 *   greedy equality at topK = 1 and at a tiny temperature, only new tokens, seeded repeatability,
 *   and sampling frequencies (χ² at a one-in-a-million level, so a correct solution passes for any seed).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, expectTensorClose, fail, gradeRng, learnerGrads, makeGrammarCorpus, numTensors, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-gpt');
type GptConfig = { vocab: number; dModel: number; numHeads: number; numLayers: number; maxLen: number; seed: number };
type SampleOpts = { maxNewTokens: number; temperature: number; topK?: number; seed: number };
type TinyGPT = ReturnType<M['buildTinyGPT']>;
const show = (a: unknown) => JSON.stringify(a);

// ---------- the loss ----------

type LossKind = 'right' | 'unshifted' | 'reversed' | 'summed' | 'per-row-sum' | 'all-positions';

/** The shifted cross-entropy (kind 'right') and the named mistakes, from the check's tf. */
function refLoss(logits: tf.Tensor3D, tokens: tf.Tensor2D, kind: LossKind = 'right'): tf.Scalar {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const ce = (lg: tf.Tensor, tk: tf.Tensor) => tf.neg(tf.sum(tf.mul(tf.logSoftmax(lg), tf.oneHot(tf.cast(tk, 'int32'), V)), -1));
    if (kind === 'unshifted') return tf.mean(ce(logits, tokens)) as tf.Scalar;
    if (kind === 'reversed') return tf.mean(ce(tf.slice(logits, [0, 1, 0], [B, T - 1, V]), tf.slice(tokens, [0, 0], [B, T - 1]))) as tf.Scalar;
    const l = ce(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), tf.slice(tokens, [0, 1], [B, T - 1]));
    if (kind === 'summed') return tf.sum(l) as tf.Scalar;
    if (kind === 'per-row-sum') return tf.mean(tf.sum(l, 1)) as tf.Scalar;
    if (kind === 'all-positions') return tf.div(tf.sum(l), B * T) as tf.Scalar;
    return tf.mean(l) as tf.Scalar;
  });
}

const LOSS_MISTAKES: Array<[Exclude<LossKind, 'right'>, string, string]> = [
  ['unshifted', 'the GPT loss is not shifted: the logits at position t were compared with token t, which the model has already seen. Position t predicts token t + 1: drop the last position\'s logits and the first token', 'loss-not-shifted'],
  ['reversed', 'shifted the wrong way: the logits at position t + 1 were compared with token t. Position t predicts token t + 1: logits[:, 0…T−2] against tokens[:, 1…T−1]', 'loss-not-shifted'],
  ['summed', 'summed instead of averaged: divide by the B·(T − 1) predictions', 'loss-mean'],
  ['per-row-sum', 'summed over the positions, averaged over the batch: average over all B·(T − 1) predictions', 'loss-mean'],
  ['all-positions', 'divided by B·T: there are only B·(T − 1) predictions (the last position has no next token)', 'loss-mean'],
];

function lossCase(rng: Rng, B: number, T: number, V: number, scale = 2): { logits: tf.Tensor3D; tokens: number[][] } {
  const logits = tf.tensor3d(Array.from({ length: B * T * V }, () => scale * (2 * rng() - 1)), [B, T, V]);
  const tokens = Array.from({ length: B }, () => Array.from({ length: T }, () => Math.floor(rng() * V)));
  return { logits, tokens };
}

// ---------- fake models for sampling ----------

/** A model whose logits at position t are table[0] (fixed) or table[(ids[t] + 2·ids[t−1]) mod rows]. */
export function fakeModel(table: number[][], contextDependent: boolean): TinyGPT & { calls: number } {
  const model = {
    calls: 0,
    trainableVariables: [] as tf.Variable[],
    forward(ids: tf.Tensor2D): tf.Tensor3D {
      model.calls++;
      if (!contextDependent) return tf.tidy(() => tf.tile(tf.tensor3d([[table[0]]]), [ids.shape[0], ids.shape[1], 1]));
      const rows = ids.arraySync() as number[][];
      return tf.tensor3d(rows.map((r) => r.map((id, t) => table[contextDependent ? (Math.round(id) + 2 * Math.round(r[Math.max(0, t - 1)])) % table.length : 0])));
    },
    dispose(): void { /* nothing to free */ },
  };
  return model;
}

function greedyReference(table: number[][], prompt: number[], n: number): number[] {
  const c = [...prompt];
  const out: number[] = [];
  for (let s = 0; s < n; s++) {
    const t = c.length - 1;
    const row = table[(c[t] + 2 * c[Math.max(0, t - 1)]) % table.length];
    const next = row.indexOf(Math.max(...row));
    c.push(next);
    out.push(next);
  }
  return out;
}

/** A table whose rows have a clear maximum (gap ≥ 0.3) so that greedy is unambiguous. */
function greedyTable(rng: Rng, rows: number, V: number): number[][] {
  return Array.from({ length: rows }, () => {
    const r = Array.from({ length: V }, () => 2 * rng() - 1);
    const top = Math.floor(rng() * V);
    r[top] = Math.max(...r) + 0.3 + rng();
    return r;
  });
}

const softmax = (l: number[]) => { const m = Math.max(...l); const e = l.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); };
const keepTop = (l: number[], k: number, smallest = false) => {
  const order = l.map((v, i) => [v, i] as [number, number]).sort((a, b) => (smallest ? a[0] - b[0] : b[0] - a[0])).slice(0, k).map(([, i]) => i);
  return l.map((v, i) => (order.includes(i) ? v : -Infinity));
};

/** χ² critical values at p = 1e-6 by degrees of freedom: a correct sampler fails one in a million grades. */
const CHI2_1E6 = [0, 23.9, 27.6, 30.7, 33.4, 35.9, 38.3, 40.5, 42.7];

const countsOf = (tokens: number[], V: number) => { const c = new Array<number>(V).fill(0); for (const t of tokens) if (t >= 0 && t < V) c[t]++; return c; };

/**
 * How far `tokens` are from `probs`, as a multiple of the one-in-a-million limit (≤ 1 fits).
 * Tokens expected at least 5 times get a χ² bin each; the rarer ones share one bin, which is judged
 * by a Poisson tail bound instead when it is expected fewer than 5 times (χ² is unreliable there).
 * A token with probability 0 that appears does not fit at all.
 */
function misfit(tokens: number[], probs: number[]): number {
  const n = tokens.length;
  const counts = countsOf(tokens, probs.length);
  if (probs.some((p, i) => p === 0 && counts[i] > 0)) return Infinity;
  let x = 0, bins = 0, rareE = 0, rareO = 0;
  probs.forEach((p, i) => {
    if (p === 0) return;
    if (n * p >= 5) { x += (counts[i] - n * p) ** 2 / (n * p); bins++; } else { rareE += n * p; rareO += counts[i]; }
  });
  let rare = 0;
  if (rareE >= 5) { x += (rareO - rareE) ** 2 / rareE; bins++; } else if (rareE > 0) rare = rareO / (rareE + 6 * Math.sqrt(rareE) + 6);
  return Math.max(bins > 1 ? x / CHI2_1E6[Math.min(bins - 1, CHI2_1E6.length - 1)] : 0, rare);
}

/**
 * Judges sampled tokens against the expected distribution; names the mistake whose distribution
 * fits best when the expected one does not.
 */
function expectDistribution(tokens: unknown, n: number, probs: number[], what: string, mistakes: Array<{ probs: number[]; message: string; hintKey: string }>, hintKey: string): void {
  if (!Array.isArray(tokens) || tokens.some((t) => !Number.isInteger(t))) fail(`${what}: expected an array of ${n} token ids, got ${show(tokens).slice(0, 200)}`, { hintKey });
  const got = tokens as number[];
  if (got.length !== n) fail(`${what}: expected ${n} new tokens, got ${got.length}`, { hintKey: 'sample-only-new' });
  const V = probs.length;
  const bad = got.find((t) => t < 0 || t >= V);
  if (bad !== undefined) fail(`${what}: token ${bad} is not in the vocabulary 0…${V - 1}`, { hintKey });
  const x = misfit(got, probs);
  if (x <= 1) return;
  const detail = `token counts ${show(countsOf(got, V))}, expected about ${show(probs.map((p) => +(p * n).toFixed(1)))}`;
  const fits = mistakes.map((mk) => ({ mk, x: misfit(got, mk.probs) })).filter((f) => f.x <= 1).sort((a, b) => a.x - b.x);
  if (fits.length) fail(`${what}: ${fits[0].mk.message} (${detail})`, { hintKey: fits[0].mk.hintKey });
  if (new Set(got).size === 1 && probs.filter((p) => p > 0.05).length > 1) {
    fail(`${what}: every sampled token is ${got[0]}: ${detail}. Either the argmax was taken instead of sampling, or every step used the same seed: tf.multinomial with the same seed draws the same uniform number each time — use o.seed + step`, { hintKey: 'sample-seed-per-step' });
  }
  const outside = probs.map((p, i) => (p === 0 && countsOf(got, V)[i] > 0 ? i : -1)).filter((i) => i >= 0);
  if (outside.length) fail(`${what}: tokens ${show(outside)} were sampled although their probability is 0 (${detail})`, { hintKey });
  fail(`${what}: the sampling frequencies do not match softmax(logits / temperature): ${detail}`, { hintKey });
}

// ---------- sandbox parts ----------

interface ModelReport {
  shape?: number[]; finite?: boolean; causalDiff?: number; laterDiff?: number;
  sameSeedDiff?: number; otherSeedDiff?: number;
  numVars?: number; allVariables?: boolean; freedByDispose?: number; forwardLeak?: number; error?: string;
}

interface SampleRun { table: number[][]; contextDependent: boolean; prompt: number[]; o: SampleOpts }

export const sandboxed = {
  model(m: M, i: { c: GptConfig; ids: number[][]; edited: number[][]; t: number; part: 'shape' | 'causal' | 'seeded' }): ModelReport {
    const out: ModelReport = {};
    let model: TinyGPT | undefined;
    try {
      model = m.buildTinyGPT({ ...i.c });
      const ids = tf.tensor2d(i.ids, undefined, 'int32');
      const logitsOf = (mdl: TinyGPT, x: tf.Tensor2D) => { const y = mdl.forward(x); const v = { shape: y.shape.slice(), data: Array.from(y.dataSync()) }; y.dispose(); return v; };
      const a = logitsOf(model, ids);
      out.shape = a.shape;
      out.finite = a.data.every(Number.isFinite);
      const B = i.ids.length, T = i.ids[0].length, V = i.c.vocab;
      if (i.part === 'shape') {
        const vars = model.trainableVariables;
        out.numVars = Array.isArray(vars) ? vars.length : -1;
        out.allVariables = Array.isArray(vars) && vars.every((v) => v instanceof tf.Variable && v.trainable);
        const n0 = numTensors();
        logitsOf(model, ids);
        out.forwardLeak = numTensors() - n0;
      }
      if (i.part === 'causal' && a.shape.join() === `${B},${T},${V}`) {
        const edited = tf.tensor2d(i.edited, undefined, 'int32');
        const b = logitsOf(model, edited);
        edited.dispose();
        let causal = 0, later = 0;
        for (let bb = 0; bb < B; bb++) for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) {
          const k = (bb * T + t) * V + v;
          const d = Math.abs(a.data[k] - b.data[k]);
          if (t <= i.t) causal = Math.max(causal, d); else later = Math.max(later, d);
        }
        out.causalDiff = causal;
        out.laterDiff = later;
      }
      if (i.part === 'seeded') {
        const again = m.buildTinyGPT({ ...i.c });
        const other = m.buildTinyGPT({ ...i.c, seed: i.c.seed + 1 });
        const b = logitsOf(again, ids), c = logitsOf(other, ids);
        again.dispose();
        other.dispose();
        out.sameSeedDiff = Math.max(...a.data.map((x, k) => Math.abs(x - b.data[k])));
        out.otherSeedDiff = Math.max(...a.data.map((x, k) => Math.abs(x - c.data[k])));
      }
      ids.dispose();
    } catch (e) {
      out.error = e instanceof Error ? e.message : String(e);
    }
    const n1 = numTensors();
    try { model?.dispose(); } catch (e) { out.error ??= `dispose() threw: ${e instanceof Error ? e.message : String(e)}`; }
    out.freedByDispose = n1 - numTensors();
    return out;
  },

  async overfit(m: M, i: { c: GptConfig; rows: number[][]; steps: number; lr: number; target: number }): Promise<{ losses: number[]; error?: string }> {
    const losses: number[] = [];
    let model: TinyGPT | undefined;
    const x = tf.tensor2d(i.rows, undefined, 'int32');
    try {
      model = m.buildTinyGPT({ ...i.c });
      const opt = tf.train.adam(i.lr);
      // The check's own shifted cross-entropy, so this grades the model alone.
      for (let s = 0; s < i.steps; s++) {
        const l = opt.minimize(() => refLoss(model!.forward(x), x), true, model.trainableVariables);
        losses.push(l ? l.dataSync()[0] : NaN);
        l?.dispose();
        if (!(losses[s] >= i.target)) break;
      }
      opt.dispose();
    } catch (e) {
      return { losses, error: e instanceof Error ? e.message : String(e) };
    } finally {
      x.dispose();
      try { model?.dispose(); } catch { /* ignore */ }
    }
    return { losses };
  },

  sample(m: M, i: { runs: SampleRun[] }): { got: unknown[]; leaked: number[]; calls: number[] } {
    const got: unknown[] = [], leaked: number[] = [], calls: number[] = [];
    for (const r of i.runs) {
      const model = fakeModel(r.table, r.contextDependent);
      const before = numTensors();
      got.push(m.sampleTokens(model, [...r.prompt], { ...r.o }));
      leaked.push(numTensors() - before);
      calls.push(model.calls);
    }
    return { got, leaked, calls };
  },
};

// ---------- helpers for the judge ----------

/** Fixed logits over 6 tokens with a clear ranking (used for the frequency checks). */
const FIXED = [2.2, 0.9, -0.4, 1.5, -1.2, 0.3];
/** Tokens drawn per frequency test: enough for every named mistake to be far outside the χ² limit. */
const N_SAMPLES = 300;

function randomText(rng: Rng): string {
  const alphabet = 'abcdefghij .,\nXYZ!?';
  const n = 40 + Math.floor(rng() * 30);
  return Array.from({ length: n }, () => alphabet[Math.floor(rng() * (3 + rng() * (alphabet.length - 3)))]).join('');
}

function modelCase(rng: Rng): { c: GptConfig; ids: number[][]; edited: number[][]; t: number } {
  const V = 7 + Math.floor(rng() * 5), T = 6 + Math.floor(rng() * 3), B = 2;
  const c: GptConfig = { vocab: V, dModel: 16, numHeads: 4, numLayers: 2, maxLen: T + 2, seed: Math.floor(rng() * 1000) };
  const ids = Array.from({ length: B }, () => Array.from({ length: T }, () => Math.floor(rng() * V)));
  const t = 1 + Math.floor(rng() * (T - 2));
  const edited = ids.map((r) => r.map((v, k) => (k > t ? (v + 1 + Math.floor(rng() * (V - 1))) % V : v)));
  return { c, ids, edited, t };
}

const modelCall = (c: GptConfig) => `buildTinyGPT(${show(c)})`;

function expectModelRan(r: ModelReport, c: GptConfig, B: number, T: number): void {
  if (r.error) fail(`${modelCall(c)}: building the model or calling forward on ids [${B},${T}] failed: ${r.error}`, { hintKey: 'gpt-shape' });
  if (r.shape?.join() !== `${B},${T},${c.vocab}`) fail(`${modelCall(c)}.forward(ids [${B},${T}]) has shape [${r.shape}], expected [${B},${T},${c.vocab}] (logits over the vocabulary at every position)`, { hintKey: 'gpt-shape' });
  if (!r.finite) fail(`${modelCall(c)}.forward gives NaN or Infinity logits`, { hintKey: 'gpt-shape' });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'vocab-roundtrip', name: 'buildCharVocab / encodeText / decodeIds: one id per distinct character; decode(encode(text)) = text (random text)', fn: 'buildCharVocab', hintKey: 'vocab-roundtrip',
      run(m) {
        const text = randomText(gradeRng());
        const v = m.buildCharVocab(text) as unknown as { stoi: Map<string, number>; itos: string[] };
        if (!v || !(v.stoi instanceof Map) || !Array.isArray(v.itos)) fail(`buildCharVocab(${show(text)}) should return { stoi: Map, itos: string[] }; got ${show(v)}`);
        const chars = [...new Set(text)];
        if (v.itos.length !== chars.length || new Set(v.itos).size !== v.itos.length || chars.some((ch) => !v.itos.includes(ch))) {
          fail(`buildCharVocab(${show(text)}): itos should hold each of the ${chars.length} distinct characters once; got ${v.itos.length} entries ${show(v.itos)}`);
        }
        if (v.stoi.size !== v.itos.length || v.itos.some((ch, k) => v.stoi.get(ch) !== k)) fail(`buildCharVocab(${show(text)}): stoi must be the inverse of itos (stoi.get(itos[i]) === i for every i); got stoi ${show([...v.stoi])}`);
        const ids = m.encodeText(text, v.stoi);
        if (!Array.isArray(ids) || ids.length !== [...text].length) fail(`encodeText should give one id per character (${[...text].length}); got ${show(ids).slice(0, 200)}`);
        ids.forEach((id, k) => { if (id !== v.stoi.get([...text][k])) fail(`encodeText: character ${k} (${show([...text][k])}) should be id ${v.stoi.get([...text][k])}, got ${id}`); });
        const back = m.decodeIds([...ids], [...v.itos]);
        if (back !== text) fail(`decodeIds(encodeText(text)) should give the text back; got ${show(back)} for ${show(text)}`);
        const e = m.buildCharVocab('') as unknown as { stoi: Map<string, number>; itos: string[] };
        if (!e || e.itos?.length !== 0 || e.stoi?.size !== 0) fail(`buildCharVocab('') should give an empty vocabulary; got ${show(e?.itos)}`);
        if (show(m.encodeText('', v.stoi)) !== '[]' || m.decodeIds([], v.itos) !== '') fail('encodeText(\'\') should be [] and decodeIds([]) \'\'');
      },
    },
    {
      id: 'loss-value', name: 'causalLmLoss = mean cross-entropy of logits[:, t] against tokens[:, t + 1] (random [3,6,7]; int32 and float32 tokens; logits ±300)', fn: 'causalLmLoss', hintKey: 'loss-value',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        for (const [scale, dtype] of [[2, 'int32'], [2, 'float32'], [300, 'int32']] as const) {
          const { logits, tokens } = lossCase(rng, 3, 6, 7, scale);
          const tk = tf.tensor2d(tokens, undefined, dtype);
          const got = m.causalLmLoss(logits, tk);
          if (!(got instanceof tf.Tensor) || got.rank !== 0) fail(`causalLmLoss(logits [3,6,7], tokens [3,6]) should return a scalar tensor; got ${got instanceof tf.Tensor ? `shape [${got.shape}]` : show(got)}`);
          expectClose(got.dataSync()[0], refLoss(logits, tk).dataSync()[0], {
            name: `causalLmLoss on logits ${scale === 300 ? 'up to ±300' : '[3,6,7]'} with ${dtype} tokens`, atol: 1e-5, rtol: 1e-5,
            mistakes: [
              { when: (g: number[]) => g.some((x) => !Number.isFinite(x)), message: 'NaN or Infinity for large logits: log(softmax(x)) underflows to log(0); use tf.logSoftmax', hintKey: 'loss-stable' },
              ...LOSS_MISTAKES.map(([kind, message, hintKey]) => ({ when: () => refLoss(logits, tk, kind).dataSync()[0], message, hintKey })),
            ],
          });
        }
      }),
    },
    {
      id: 'loss-gradient', name: 'the gradient of causalLmLoss w.r.t. the logits is (softmax − one-hot of the next token) / (B·(T − 1)), and 0 at the last position', fn: 'causalLmLoss', hintKey: 'loss-gradient',
      run: (m) => tf.tidy(() => {
        const { logits, tokens } = lossCase(gradeRng(), 2, 5, 6);
        const tk = tf.tensor2d(tokens, undefined, 'int32');
        const { grads } = learnerGrads(m.causalLmLoss, [logits, tk], [0]);
        const want = tf.grad((l: tf.Tensor) => refLoss(l as tf.Tensor3D, tk))(logits);
        expectTensorClose(grads[0], want, { name: 'd loss / d logits', atol: 1e-5, rtol: 1e-4, tensor: true, mistakes: [
          { when: () => tf.grad((l: tf.Tensor) => refLoss(l as tf.Tensor3D, tk, 'unshifted'))(logits), message: 'the gradient of an unshifted loss: position t must be compared with token t + 1', hintKey: 'loss-not-shifted' },
        ] });
      }),
    },
    {
      id: 'gpt-shape', name: 'buildTinyGPT: forward(ids [B,T]) gives finite logits [B,T,V]; trainableVariables are the model\'s tf.Variables; dispose frees them', fn: 'buildTinyGPT', hintKey: 'gpt-shape',
      async run(_m, ctx) {
        const mc = modelCase(gradeRng());
        const r = await ctx.inSandbox<ModelReport>('model', { ...mc, part: 'shape' });
        expectModelRan(r, mc.c, 2, mc.ids[0].length);
        if (!r.numVars || r.numVars < 1 || !r.allVariables) fail(`${modelCall(mc.c)}.trainableVariables should be a non-empty array of trainable tf.Variable (the optimizer updates them); got ${r.numVars === -1 ? 'something else' : `${r.numVars} entries${r.allVariables ? '' : ', not all trainable tf.Variable'}`}`, { hintKey: 'gpt-variables' });
        if ((r.forwardLeak ?? 0) > 1) fail(`${modelCall(mc.c)}.forward leaves ${r.forwardLeak! - 1} tensors behind besides its result: wrap it in tf.tidy`, { hintKey: 'leak' });
        if ((r.freedByDispose ?? 0) < r.numVars) fail(`model.dispose() freed ${r.freedByDispose} tensors, but the model has ${r.numVars} variables: dispose every variable (tf.dispose(this.trainableVariables))`, { hintKey: 'gpt-dispose' });
      },
    },
    {
      id: 'gpt-causal', name: 'causality: editing the tokens after a random position t leaves the logits at positions 0…t unchanged (1e-6)', fn: 'buildTinyGPT', hintKey: 'gpt-causal',
      async run(_m, ctx) {
        const mc = modelCase(gradeRng());
        const r = await ctx.inSandbox<ModelReport>('model', { ...mc, part: 'causal' });
        expectModelRan(r, mc.c, 2, mc.ids[0].length);
        if (!((r.causalDiff ?? Infinity) <= 1e-6)) fail(`no causal mask: ${modelCall(mc.c)}: changing only the tokens after position ${mc.t} changed the logits at positions 0…${mc.t} by up to ${r.causalDiff?.toExponential(2)}. The future leaks into the past: mask every attention score above the diagonal (−1e9 before the softmax) in every layer`, { hintKey: 'gpt-causal' });
        if (!((r.laterDiff ?? 0) > 1e-6)) fail(`${modelCall(mc.c)}: changing the tokens after position ${mc.t} did not change the logits after it either: the logits must depend on the tokens`, { hintKey: 'gpt-shape' });
      },
    },
    {
      id: 'gpt-seeded', name: 'the same seed builds the same weights (same logits), another seed different ones', fn: 'buildTinyGPT', hintKey: 'gpt-seeded',
      async run(_m, ctx) {
        const mc = modelCase(gradeRng());
        const r = await ctx.inSandbox<ModelReport>('model', { ...mc, part: 'seeded' });
        expectModelRan(r, mc.c, 2, mc.ids[0].length);
        if (!((r.sameSeedDiff ?? Infinity) <= 1e-6)) fail(`${modelCall(mc.c)} twice gives logits up to ${r.sameSeedDiff} apart: pass a seed derived from c.seed to every random initializer (e.g. tf.randomNormal(shape, 0, std, 'float32', c.seed * 100 + k))`, { hintKey: 'gpt-seeded' });
        if (!((r.otherSeedDiff ?? 0) > 1e-6)) fail(`seeds ${mc.c.seed} and ${mc.c.seed + 1} build the same model: the seed must change the initial weights`, { hintKey: 'gpt-seeded' });
      },
    },
    {
      id: 'gpt-overfit', name: 'the model overfits 4 × 16 characters of text (Adam 0.01, the check\'s own shifted loss) to a loss below 0.1', fn: 'buildTinyGPT', hintKey: 'gpt-overfit',
      async run(_m, ctx) {
        const rng = gradeRng();
        const text = makeGrammarCorpus({ sentences: 60, seed: Math.floor(rng() * 1000) });
        const chars = [...new Set(text)].sort();
        // Four windows that start with different characters: each row is told apart from its first token.
        const rows: number[][] = [];
        const firsts = new Set<string>();
        for (let tries = 0; rows.length < 4 && tries < 1000; tries++) {
          const s = Math.floor(rng() * (text.length - 16));
          if (firsts.has(text[s])) continue;
          firsts.add(text[s]);
          rows.push([...text.slice(s, s + 16)].map((ch) => chars.indexOf(ch)));
        }
        const c: GptConfig = { vocab: chars.length, dModel: 24, numHeads: 4, numLayers: 1, maxLen: 16, seed: Math.floor(rng() * 1000) };
        const steps = 150;
        const r = await ctx.inSandbox<{ losses: number[]; error?: string }>('overfit', { c, rows, steps, lr: 0.01, target: 0.1 });
        if (r.error) fail(`training ${modelCall(c)} on 4 rows of 16 characters failed: ${r.error}`);
        const last = r.losses[r.losses.length - 1];
        if (!(last < 0.1)) fail(`after ${r.losses.length} Adam steps on 4 × 16 characters the loss is ${last?.toFixed(3)} (started at ${r.losses[0]?.toFixed(3)}); a working tiny GPT memorises them below 0.1 in well under ${steps} steps. Are the gradients reaching every variable in trainableVariables (build the logits from them with tf ops, no dataSync in forward)? Does each position get its own position embedding?`, { hintKey: 'gpt-overfit' });
      },
    },
    {
      id: 'sample-greedy', name: 'sampleTokens with topK = 1, or a tiny temperature, equals greedy decoding; it returns only the new tokens (maxNewTokens of them)', fn: 'sampleTokens', hintKey: 'sample-greedy',
      async run(_m, ctx) {
        const rng = gradeRng();
        const V = 6, table = greedyTable(rng, 7, V);
        const prompt = Array.from({ length: 3 }, () => Math.floor(rng() * V));
        const n = 12;
        const runs: SampleRun[] = [
          { table, contextDependent: true, prompt, o: { maxNewTokens: n, temperature: 1, topK: 1, seed: Math.floor(rng() * 1e6) } },
          { table, contextDependent: true, prompt, o: { maxNewTokens: n, temperature: 1e-4, seed: Math.floor(rng() * 1e6) } },
          { table, contextDependent: true, prompt, o: { maxNewTokens: 0, temperature: 1, seed: 3 } },
        ];
        const r = await ctx.inSandbox<{ got: unknown[]; leaked: number[] }>('sample', { runs });
        const want = greedyReference(table, prompt, n);
        runs.forEach((run, k) => {
          const call = `sampleTokens(model, ${show(prompt)}, ${show(run.o)})`;
          const got = r.got[k] as number[];
          const w = run.o.maxNewTokens === 0 ? [] : want;
          if (!Array.isArray(got)) fail(`${call} should return an array of token ids; got ${show(got)}`);
          if (got.length === prompt.length + w.length && show(got) === show([...prompt, ...w])) fail(`${call} returned prompt + new tokens ${show(got)}: return only the ${w.length} new tokens ${show(w)}`, { hintKey: 'sample-only-new' });
          if (got.length !== w.length) fail(`${call} should return ${w.length} new tokens; got ${got.length}: ${show(got)}`, { hintKey: 'sample-only-new' });
          if (show(got) !== show(w)) {
            const why = run.o.topK === 1 ? 'with topK = 1 only the largest logit survives, so every step must pick it' : 'dividing the logits by a tiny temperature makes the largest one win with probability ≈ 1';
            fail(`${call} gave ${show(got)}, expected the greedy tokens ${show(w)}: ${why}. Each step feeds the context so far (prompt + tokens chosen) and reads the LAST position's logits`, { hintKey: run.o.topK === 1 ? 'sample-top-k' : 'sample-temperature' });
          }
          if (r.leaked[k] > 0) fail(`${call} leaves ${r.leaked[k]} tensors behind: wrap each step in tf.tidy (the model's logits included)`, { hintKey: 'leak' });
        });
      },
    },
    {
      id: 'sample-seeded', name: 'sampling with a seed repeats: the same seed gives the same tokens, another seed other tokens', fn: 'sampleTokens', hintKey: 'sample-seeded',
      async run(_m, ctx) {
        const seed = Math.floor(gradeRng()() * 1e6);
        const o = { maxNewTokens: 40, temperature: 1, seed };
        const runs: SampleRun[] = [o, o, { ...o, seed: seed + 1 }].map((oo) => ({ table: [FIXED], contextDependent: false, prompt: [0], o: oo }));
        const r = await ctx.inSandbox<{ got: unknown[] }>('sample', { runs });
        const [a, b, c] = r.got.map((g) => show(g));
        if (a !== b) fail(`sampleTokens with seed ${seed} twice gave ${a} and ${b}: draw with tf.multinomial(logits, 1, seed) using a seed derived from o.seed (e.g. o.seed + step), never Math.random`, { hintKey: 'sample-seeded' });
        if (a === c) fail(`seeds ${seed} and ${seed + 1} gave the same 40 tokens ${a}: the seed must drive the draws`, { hintKey: 'sample-seeded' });
      },
    },
    {
      id: 'sample-frequencies', name: 'at temperature 1, 300 sampled tokens follow softmax(logits) of a fixed 6-token distribution (χ², any seed)', fn: 'sampleTokens', hintKey: 'sample-frequencies',
      async run(_m, ctx) {
        const o = { maxNewTokens: N_SAMPLES, temperature: 1, seed: Math.floor(gradeRng()() * 1e6) };
        const r = await ctx.inSandbox<{ got: unknown[] }>('sample', { runs: [{ table: [FIXED], contextDependent: false, prompt: [0], o }] });
        expectDistribution(r.got[0], N_SAMPLES, softmax(FIXED), `sampleTokens(model, [0], ${show(o)}) with logits ${show(FIXED)}`, [
          { probs: softmax(softmax(FIXED)), message: 'the probabilities were passed to tf.multinomial as if they were logits: it applies its own softmax, so give it the (scaled) logits', hintKey: 'sample-temperature' },
        ], 'sample-frequencies');
      },
    },
    {
      id: 'sample-temperature', name: 'temperature divides the logits before the softmax: at T = 2 and T = 0.5 the frequencies follow softmax(logits / T)', fn: 'sampleTokens', hintKey: 'sample-temperature',
      async run(_m, ctx) {
        const rng = gradeRng();
        const temps = [2, 0.5];
        const runs: SampleRun[] = temps.map((temperature) => ({ table: [FIXED], contextDependent: false, prompt: [0], o: { maxNewTokens: N_SAMPLES, temperature, seed: Math.floor(rng() * 1e6) } }));
        const r = await ctx.inSandbox<{ got: unknown[] }>('sample', { runs });
        temps.forEach((T, k) => {
          const p = softmax(FIXED);
          expectDistribution(r.got[k], N_SAMPLES, softmax(FIXED.map((l) => l / T)), `sampleTokens(model, [0], ${show(runs[k].o)}) with logits ${show(FIXED)}`, [
            { probs: softmax(p.map((x) => x / T)), message: 'a temperature applied after the softmax: divide the LOGITS by the temperature, then sample (tf.multinomial applies the softmax itself)', hintKey: 'sample-temperature' },
            { probs: softmax(FIXED.map((l) => l * T)), message: 'the logits were multiplied by the temperature: divide them (a temperature below 1 sharpens, above 1 flattens)', hintKey: 'sample-temperature' },
            { probs: p, message: 'the temperature was ignored: the frequencies follow softmax(logits) instead of softmax(logits / T)', hintKey: 'sample-temperature' },
          ], 'sample-temperature');
        });
      },
    },
    {
      id: 'sample-top-k', name: 'topK = 3 (at temperature 2) keeps the 3 largest logits (the rest −∞): only those tokens appear, with softmax(logits / T) frequencies among them', fn: 'sampleTokens', hintKey: 'sample-top-k',
      async run(_m, ctx) {
        const rng = gradeRng();
        const cases = [{ k: 3, T: 2 }];
        const runs: SampleRun[] = cases.map(({ k, T }) => ({ table: [FIXED], contextDependent: false, prompt: [0], o: { maxNewTokens: N_SAMPLES, temperature: T, topK: k, seed: Math.floor(rng() * 1e6) } }));
        const r = await ctx.inSandbox<{ got: unknown[] }>('sample', { runs });
        cases.forEach(({ k, T }, j) => {
          const scaled = FIXED.map((l) => l / T);
          expectDistribution(r.got[j], N_SAMPLES, softmax(keepTop(scaled, k)), `sampleTokens(model, [0], ${show(runs[j].o)}) with logits ${show(FIXED)}`, [
            { probs: softmax(keepTop(scaled, k, true)), message: `top-k kept the ${k} SMALLEST logits: keep the ${k} largest, set the others to −∞`, hintKey: 'sample-top-k' },
            { probs: softmax(keepTop(scaled, k + 1)), message: `top-k off by one: ${k + 1} tokens kept instead of ${k}`, hintKey: 'sample-top-k' },
            { probs: softmax(keepTop(scaled, k - 1)), message: `top-k off by one: ${k - 1} token${k - 1 === 1 ? '' : 's'} kept instead of ${k}`, hintKey: 'sample-top-k' },
            { probs: softmax(scaled), message: 'topK was ignored: every token can still appear', hintKey: 'sample-top-k' },
          ], 'sample-top-k');
        });
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'causalLmLoss',
      calls: [
        { name: 'causalLmLoss', inputs: () => ({ logits: tf.randomNormal([2, 4, 5], 0, 1, 'float32', 1), tokens: tf.tensor2d([[1, 2, 3, 4], [0, 1, 0, 2]], undefined, 'int32') }), call: (m, i) => m.causalLmLoss(i.logits as tf.Tensor3D, i.tokens as tf.Tensor2D) },
      ],
      badInputs: [
        { name: 'causalLmLoss(logits [2,4,5], tokens [2,3])', call: (m) => m.causalLmLoss(tf.zeros([2, 4, 5]), tf.zeros([2, 3])), mistake: 'shapes not compared: tokens must be [B,T] for logits [B,T,V]' },
        { name: 'causalLmLoss with T = 1 (no next token to predict)', call: (m) => m.causalLmLoss(tf.zeros([2, 1, 5]), tf.zeros([2, 1])) },
        { name: 'buildTinyGPT with dModel 10 and numHeads 4', call: (m) => m.buildTinyGPT({ vocab: 5, dModel: 10, numHeads: 4, numLayers: 1, maxLen: 8, seed: 1 }), mistake: 'dModel must split evenly into the heads' },
        { name: 'sampleTokens with temperature 0', call: (m) => m.sampleTokens(fakeModel([FIXED], false), [0], { maxNewTokens: 2, temperature: 0, seed: 1 }), mistake: 'temperature 0 divides by zero: require temperature > 0 (use topK = 1 for greedy)' },
        { name: 'sampleTokens with an empty prompt', call: (m) => m.sampleTokens(fakeModel([FIXED], false), [], { maxNewTokens: 2, temperature: 1, seed: 1 }) },
      ],
      banned: { apis: ['tf.layers', 'tf.losses'], why: 'build the model and the loss from tf primitives (matMul, softmax, logSoftmax…)' },
      names: { 'bad-inputs-throw': 'mismatched loss shapes, T = 1, dModel not divisible by numHeads, temperature 0 and an empty prompt throw' },
    }),
  ],
});
