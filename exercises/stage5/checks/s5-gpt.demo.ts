/**
 * Demo of s5-gpt, all through the learner's functions: a character-level tiny GPT trained on the
 * generated grammar corpus ("the quick fox sees a dog near the river.").
 * - loss curve (train every few steps, validation on held-out text), from the first step;
 * - a sample every 50 steps (the learner's sampleTokens), with the characters of words the corpus
 *   uses marked: noise at step 1, corpus words and sentence shapes by the end;
 * - next-character probabilities after a prompt at several temperatures and with top-k, before and
 *   after training, plus the learner's samples at each of those settings;
 * - per-head attention on a prompt, when the model exposes `attentionMaps(ids)`.
 * On the pure-JS engine the model and the run are smaller (and a note says so).
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, makeGrammarCorpus, mulberry32 } from 'dl-tutor/grading';
import type { TokenRow } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-gpt');
type TinyGPT = ReturnType<M['buildTinyGPT']>;

const PROMPT = 'the quick ';
const SETTINGS: Array<{ label: string; temperature: number; topK?: number }> = [
  { label: 'T = 0.5', temperature: 0.5 }, { label: 'T = 1', temperature: 1 }, { label: 'T = 2', temperature: 2 }, { label: 'T = 1, top-k 3', temperature: 1, topK: 3 },
];

/** Marks each character: true inside a word the corpus uses, false inside another word, null for spaces, dots and line breaks. */
function markWords(s: string, words: Set<string>): TokenRow['right'] {
  const right: TokenRow['right'] = [];
  for (const m of s.matchAll(/[a-z]+|[^a-z]/g)) {
    const w = m[0];
    if (/^[a-z]+$/.test(w)) for (let i = 0; i < w.length; i++) right.push(words.has(w));
    else right.push(null);
  }
  return right;
}

const shown = (ch: string) => (ch === '\n' ? '↵' : ch === ' ' ? '␣' : ch);

export default defineDemo<M>({
  async run(m, ctx) {
    const native = ctx.engine !== 'cpu';
    // Native: d 48, 2 layers, 300 steps of 16 × 32 characters. Pure JS: d 32, 1 layer, 240 steps of 8 × 24.
    const size = native ? { d: 48, L: 2, T: 32, B: 16, steps: 300, every: 50 } : { d: 32, L: 1, T: 24, B: 8, steps: 240, every: 40 };
    if (!native) ctx.emit({ kind: 'note', chart: 'gptNote', text: 'The native engine (tfjs-node) is much faster; on the pure-JS engine this demo trains a smaller model (d = 32, 1 layer) for 240 steps, so its samples stay rougher.' });

    const text = makeGrammarCorpus({ sentences: 600, seed: 5 });
    const words = new Set(text.split(/[^a-z]+/).filter(Boolean));
    const { stoi, itos } = m.buildCharVocab(text);
    const ids = m.encodeText(text, stoi);
    const V = itos.length;
    const split = Math.floor(ids.length * 0.9);
    const train = ids.slice(0, split), val = ids.slice(split);
    const rng = mulberry32(1);
    const batchOf = (src: number[], B: number) => {
      const rows: number[][] = [];
      for (let b = 0; b < B; b++) { const s = Math.floor(rng() * (src.length - size.T)); rows.push(src.slice(s, s + size.T)); }
      return tf.tensor2d(rows, undefined, 'int32');
    };
    const valBatches = [0, 1, 2, 3].map(() => batchOf(val, size.B));
    const model: TinyGPT = m.buildTinyGPT({ vocab: V, dModel: size.d, numHeads: 4, numLayers: size.L, maxLen: size.T, seed: 3 });
    const opt = tf.train.adam(3e-3);
    const validationLoss = () => tf.tidy(() => valBatches.map((x) => m.causalLmLoss(model.forward(x), x).dataSync()[0]).reduce((a, b) => a + b, 0) / valBatches.length);
    const prompt = m.encodeText(PROMPT, stoi);
    const newChars = size.T - prompt.length;

    // Next-character probabilities after the prompt at every setting (the model's logits, scaled as sampleTokens does).
    const top = 10;
    const nextToken = (when: string) => {
      const probsAt = tf.tidy(() => {
        const logits = model.forward(tf.tensor2d([prompt], [1, prompt.length], 'int32'));
        const last = Array.from(tf.slice(logits, [0, prompt.length - 1, 0], [1, 1, V]).dataSync());
        return SETTINGS.map(({ temperature, topK }) => {
          const scaled = last.map((l) => l / temperature);
          const kth = topK ? [...scaled].sort((a, b) => b - a)[topK - 1] : -Infinity;
          const kept = scaled.map((l) => (l >= kth ? l : -Infinity));
          const mx = Math.max(...kept);
          const e = kept.map((l) => Math.exp(l - mx));
          const sum = e.reduce((a, b) => a + b, 0);
          return e.map((x) => x / sum);
        });
      });
      const order = probsAt[1].map((p, i) => [p, i] as [number, number]).sort((a, b) => b[0] - a[0]).slice(0, top).map(([, i]) => i);
      if (when === 'before training') ctx.emit({
        kind: 'bars', chart: 'nextToken', title: `Next character after “${PROMPT}” (${when}): the ${top} most likely at T = 1`,
        labels: order.map((i) => shown(itos[i])), xLabel: 'character', yLabel: 'probability of being drawn next',
        series: SETTINGS.map((s, k) => ({ name: s.label, values: order.map((i) => +probsAt[k][i].toFixed(4)) })),
      });
      return { probsAt, order };
    };
    nextToken('before training');

    const rows: TokenRow[] = [];
    const sampleRow = (step: number) => {
      // seed ≥ 1: tf.multinomial treats a seed of 0 as "no seed".
      const out = m.sampleTokens(model, prompt, { maxNewTokens: newChars, temperature: 0.8, seed: step + 1 });
      const s = m.decodeIds(out, itos);
      const line = s.split('\n').slice(0, 2).join('\n');
      rows.push({ label: `step ${step}`, tokens: [...line].map(shown), right: markWords(line, words) });
      ctx.emit({ kind: 'tokens', chart: 'gptSamples', title: `Samples after “${PROMPT}” while training (your sampleTokens, T = 0.8)`, rows: [...rows], labelTitle: 'after', tokensTitle: 'sampled characters (green: inside a word of the corpus; red: inside a made-up word)', caption: 'Each row is generated by your sampleTokens from your model at that step; ␣ is a space, ↵ a line break.' });
      return line;
    };

    const wordShare = (s: string) => { const ws = s.split(/[^a-z]+/).filter(Boolean); return ws.length ? ws.filter((w) => words.has(w)).length / ws.length : 0; };
    const first = sampleRow(0);
    let firstLoss = NaN, lastTrain = NaN, lastVal = NaN, firstVal = NaN;
    const t0 = Date.now();
    for (let step = 1; step <= size.steps; step++) {
      const x = batchOf(train, size.B);
      const l = opt.minimize(() => m.causalLmLoss(model.forward(x), x), true, model.trainableVariables);
      lastTrain = l ? l.dataSync()[0] : NaN;
      l?.dispose();
      x.dispose();
      if (step === 1) firstLoss = lastTrain;
      const values: Record<string, number> = { train: lastTrain };
      if (step === 1 || step % 25 === 0) {
        lastVal = validationLoss();
        if (step === 1) firstVal = lastVal;
        values.validation = lastVal;
      }
      if (step === 1 || step % 5 === 0) ctx.emit({ kind: 'epoch', chart: 'gptLoss', title: 'Next-character loss (cross-entropy, mean per character)', epoch: step, values, xLabel: 'step', yLabel: 'loss (nats per character)' });
      if (step % size.every === 0) sampleRow(step);
      await new Promise((r) => setTimeout(r, 0)); // let the plots stream
    }
    const trainMs = Date.now() - t0;
    const last = rows[rows.length - 1];
    const finalSample = last.tokens.join('').replace(/␣/g, ' ').replace(/↵/g, '\n');

    const { probsAt, order } = nextToken(`after ${size.steps} steps`);
    // The same bars for every stop of the panel's control (temperature × top-k), each with a sample
    // from the learner's sampleTokens at that setting.
    const logitsAfter = tf.tidy(() => Array.from(tf.slice(model.forward(tf.tensor2d([prompt], [1, prompt.length], 'int32')), [0, prompt.length - 1, 0], [1, 1, V]).dataSync()));
    const stops = [0.25, 0.5, 0.75, 1, 1.5, 2, 3].flatMap((temperature) => [undefined, 1, 3, 5].map((topK) => {
      const scaled = logitsAfter.map((l) => l / temperature);
      const kth = topK ? [...scaled].sort((a, b) => b - a)[topK - 1] : -Infinity;
      const kept = scaled.map((l) => (l >= kth ? l : -Infinity));
      const mx = Math.max(...kept);
      const e = kept.map((l) => Math.exp(l - mx));
      const sum = e.reduce((a, b) => a + b, 0);
      const out = m.sampleTokens(model, prompt, { maxNewTokens: Math.min(12, newChars), temperature, topK, seed: 7 });
      const label = `T = ${temperature}${topK ? `, top-k ${topK}` : ''}`;
      return {
        label, labels: order.map((i) => shown(itos[i])),
        series: [{ name: 'probability', values: order.map((i) => +(e[i] / sum).toFixed(4)) }],
        caption: `Your sampleTokens at ${label} (seed 7): “${PROMPT}${m.decodeIds(out, itos).replace(/\n/g, '↵')}”`,
      };
    }));
    ctx.emit({
      kind: 'bars', chart: 'nextToken', title: `Next character after “${PROMPT}” (after ${size.steps} steps): choose a temperature and top-k`,
      labels: stops[12].labels, series: stops[12].series, stops, initialStop: 12, controlLabel: 'sampling setting',
      xLabel: `character (the ${top} most likely at T = 1)`, yLabel: 'probability of being drawn next',
    });
    // The learner's samples at every setting of the bars.
    const tableRows = SETTINGS.map((s, k) => {
      const out = m.sampleTokens(model, prompt, { maxNewTokens: Math.min(20, newChars), temperature: s.temperature, topK: s.topK, seed: 11 });
      const str = m.decodeIds(out, itos).replace(/\n/g, '↵');
      return [s.label, PROMPT + str, +(wordShare(m.decodeIds(out, itos)) * 100).toFixed(0), +probsAt[k][order[0]].toFixed(3)];
    });
    ctx.emit({ kind: 'table', chart: 'gptSettings', title: 'Your sampleTokens at each setting (seed 11)', columns: ['setting', 'sample', 'corpus words (%)', `p(“${shown(itos[order[0]])}”)`], rows: tableRows, caption: 'Lower temperature sharpens the distribution (the top character gets more of the probability); top-k 3 never draws outside the three most likely characters.' });

    // Per-head attention on the prompt (if the model exposes it).
    let headsShown = 0;
    const withMaps = model as TinyGPT & { attentionMaps?: (ids: tf.Tensor2D) => tf.Tensor4D[] };
    if (typeof withMaps.attentionMaps === 'function') {
      const p = m.encodeText('the dog sees a cat.', stoi);
      const maps = withMaps.attentionMaps(tf.tensor2d([p], [1, p.length], 'int32'));
      const lastLayer = maps[maps.length - 1].arraySync()[0];
      const chars = [...'the dog sees a cat.'].map(shown);
      lastLayer.slice(0, 4).forEach((w, h) => {
        ctx.emit({ kind: 'attention', chart: `gptAttention${h + 1}`, title: `Layer ${maps.length}, head ${h + 1}: where each character looks`, keys: chars, queries: chars, weights: w, xLabel: 'key (earlier character)', yLabel: 'query (current character)', caption: h === 0 ? 'The causal mask leaves everything above the diagonal at 0: a character sees only itself and what came before.' : undefined });
        headsShown++;
      });
      tf.dispose(maps);
    }

    const rise = probsAt[0][order[0]] > probsAt[1][order[0]] && probsAt[1][order[0]] > probsAt[2][order[0]];
    const topKOnlyThree = probsAt[3].filter((p) => p > 0).length === 3;
    tf.dispose(valBatches);
    model.dispose();
    opt.dispose();
    return {
      engine: ctx.engine,
      steps: size.steps,
      trainMs,
      initialLoss: +firstLoss.toFixed(3),
      uniformLoss: +Math.log(V).toFixed(3),
      initialValidationLoss: +firstVal.toFixed(3),
      finalTrainLoss: +lastTrain.toFixed(3),
      finalValidationLoss: +lastVal.toFixed(3),
      firstSample: first,
      finalSample,
      corpusWordShareFirst: +wordShare(first).toFixed(2),
      corpusWordShareFinal: +wordShare(finalSample).toFixed(2),
      lowerTemperatureSharpens: rise,
      topKKeepsThree: topKOnlyThree,
      attentionHeadsShown: headsShown,
    };
  },
});
