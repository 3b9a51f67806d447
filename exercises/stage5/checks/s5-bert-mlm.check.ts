/**
 * Checks for s5-bert-mlm. maskTokens is graded by statistics over ~100 k tokens drawn per grade
 * (selection rate, rows with no selection, the 80/10/10 split, uniform random replacements), each
 * with a tolerance of 5.5 standard deviations of a correct solution (a correct solution fails with
 * probability below 1e-7 per statistic; each named mistake misses by dozens of deviations), plus
 * exact properties (specials never selected, labels, determinism). mlmLoss is compared with
 * tf.losses.softmaxCrossEntropy on the gathered selected rows (1e-5).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, expectNoTfKernels, expectTensorClose, fail, gradeRng, learnerGrads, mulberry32, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-bert-mlm');
type Opts = { maskProb: number; maskId: number; vocabSize: number; specialIds: number[] };
type Case = Opts & { tokens: number[][] };

const Z = 5.5;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const show = (a: unknown) => JSON.stringify(a);

/**
 * A batch of token rows: V ids with `nSpecial` special ids scattered over [0, V) (so "the first ids
 * are the specials" is wrong), one of them the mask id. Each row starts and ends with a special, has
 * a few specials inside, and is padded with another special to a ragged length. `zipf` makes the
 * ordinary tokens unequally frequent.
 */
export function makeCase(rng: Rng, o: { rows: number; len: [number, number]; V: number; nSpecial: number; maskProb: number; zipf?: boolean }): Case {
  const ids = Array.from({ length: o.V }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
  const specialIds = ids.slice(0, o.nSpecial).sort((a, b) => a - b);
  const [cls, sep, pad, maskId] = [ids[0], ids[1], ids[2], ids[3]];
  const ordinary = ids.slice(o.nSpecial).sort((a, b) => a - b);
  const weights = ordinary.map((_, i) => (o.zipf ? 1 / (i + 1) : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = rng() * total;
    for (let i = 0; i < ordinary.length; i++) { u -= weights[i]; if (u < 0) return ordinary[i]; }
    return ordinary[ordinary.length - 1];
  };
  const tokens: number[][] = [];
  for (let r = 0; r < o.rows; r++) {
    const n = o.len[0] + Math.floor(rng() * (o.len[1] - o.len[0] + 1));
    const row = [cls];
    for (let j = 0; j < n; j++) row.push(rng() < 0.05 ? specialIds[Math.floor(rng() * specialIds.length)] : draw());
    row.push(sep);
    const padTo = row.length + Math.floor(rng() * 4);
    while (row.length < padTo) row.push(pad);
    tokens.push(row);
  }
  return { tokens, maskProb: o.maskProb, maskId, vocabSize: o.V, specialIds };
}

const optsText = (c: Opts) => `{ maskProb: ${c.maskProb}, maskId: ${c.maskId}, vocabSize: ${c.vocabSize}, specialIds: [${c.specialIds.join(', ')}] }`;

interface Stats {
  ordinary: number; selected: number; rows: number; rowsNone: number; rowsNoneExpected: number; rowsNoneVar: number;
  masked: number; kept: number; random: number; randomHist: Map<number, number>; randomOthers: number[];
  labelsEverywhere: boolean;
}

/**
 * Calls maskTokens and checks every exact property (shapes, specials untouched, labels the original
 * token where selected and −1 elsewhere, inputs unchanged where not selected, replacements never
 * special); returns the counts the statistical checks judge.
 */
export function runMask(m: M, c: Case, seed: number, what: string): Stats {
  const call = `maskTokens(${what}, ${optsText(c)}, rng seed ${seed})`;
  const got = m.maskTokens(c.tokens.map((r) => r.slice()), { ...c, specialIds: c.specialIds.slice(), rng: mulberry32(seed) }) as unknown as { inputs?: unknown; labels?: unknown };
  if (!got || typeof got !== 'object') fail(`${call} returned ${show(got)}; expected { inputs, labels }`);
  const { inputs, labels } = got;
  if (!Array.isArray(inputs) || !Array.isArray(labels)) fail(`${call} should return { inputs: number[][], labels: number[][] }; got ${Array.isArray(inputs) ? '' : 'inputs '}${Array.isArray(labels) ? '' : 'labels '}not an array`);
  if (inputs.length !== c.tokens.length || labels.length !== c.tokens.length) fail(`${call}: inputs has ${inputs.length} rows and labels ${labels.length}; tokens has ${c.tokens.length}`, { hintKey: 'mask-labels' });
  const special = new Set(c.specialIds);
  const K = c.vocabSize - special.size;
  const all = c.tokens.every((row, i) => Array.isArray(labels[i]) && row.every((tok, j) => (labels[i] as unknown[])[j] === tok));
  if (all && c.maskProb < 0.9 && c.tokens.some((r) => r.length > 0)) fail(`labels set at every position: ${call} gives every token its own id as the label; only the selected positions (about ${pct(c.maskProb)} of the ordinary tokens) get a label, all others −1`, { hintKey: 'labels-everywhere' });
  const st: Stats = { ordinary: 0, selected: 0, rows: 0, rowsNone: 0, rowsNoneExpected: 0, rowsNoneVar: 0, masked: 0, kept: 0, random: 0, randomHist: new Map(), randomOthers: new Array(c.vocabSize).fill(0), labelsEverywhere: true };
  let randomPositions = 0;
  c.tokens.forEach((row, i) => {
    const inp = inputs[i] as unknown, lab = labels[i] as unknown;
    if (!Array.isArray(inp) || !Array.isArray(lab) || inp.length !== row.length || lab.length !== row.length) fail(`${call}: row ${i} has ${row.length} tokens, but inputs[${i}] is ${Array.isArray(inp) ? `${inp.length} long` : show(inp)} and labels[${i}] ${Array.isArray(lab) ? `${lab.length} long` : show(lab)}; both are shaped like tokens`, { hintKey: 'mask-labels' });
    let ord = 0, sel = 0;
    row.forEach((tok, j) => {
      const x = inp[j] as number, l = lab[j] as number;
      const at = `row ${i}, position ${j} (token ${tok})`;
      if (special.has(tok)) {
        if (l !== -1 || x !== tok) fail(`BERT masking that can select special tokens: ${call} at ${at}, a special id, gives input ${x} and label ${l}; special tokens are never selected (label −1, input unchanged)`, { hintKey: 'selects-specials' });
        return;
      }
      ord++;
      if (l === -1) {
        st.labelsEverywhere = false;
        if (x !== tok) fail(`${call} at ${at}: the input became ${x} but the label is −1; a token you replace must be selected, with its original token (${tok}) as the label`, { hintKey: 'mask-labels' });
        return;
      }
      if (l !== tok) fail(`${call} at ${at}: label ${show(l)}; a selected position's label is the ORIGINAL token (${tok}), an unselected one's is −1`, { hintKey: 'mask-labels' });
      sel++;
      if (x === c.maskId) st.masked++;
      else if (x === tok) st.kept++;
      else {
        if (!Number.isInteger(x) || x < 0 || x >= c.vocabSize) fail(`${call} at ${at}: the random replacement ${show(x)} is not a token id in [0, ${c.vocabSize})`, { hintKey: 'random-specials' });
        if (special.has(x)) fail(`a random replacement that is a special token: ${call} at ${at} replaced the token by ${x}, a special id; random replacements are drawn from the ${K} ordinary ids only (never [MASK], [PAD], [CLS]…)`, { hintKey: 'random-specials' });
        st.random++;
        st.randomHist.set(x, (st.randomHist.get(x) ?? 0) + 1);
        randomPositions++;
        st.randomOthers[tok]++;
      }
    });
    st.ordinary += ord;
    st.selected += sel;
    if (ord > 0) {
      st.rows++;
      if (sel === 0) st.rowsNone++;
      const q = (1 - c.maskProb) ** ord;
      st.rowsNoneExpected += q;
      st.rowsNoneVar += q * (1 - q);
    }
  });
  void randomPositions;
  if (st.ordinary === 0) st.labelsEverywhere = false;
  return st;
}

/** |got − expected| ≤ Z·sd (+ a tiny floor for sd ≈ 0). */
const within = (got: number, expected: number, sd: number) => Math.abs(got - expected) <= Z * sd + 1e-12;

/** A sample of `rows` rows (~25 tokens each: 4000 rows ≈ 100 k tokens), V 40–80 with 5 specials, maskProb 0.15. */
function bigCase(rng: Rng, rows = 4000): { c: Case; seed: number; what: string } {
  const V = 40 + Math.floor(rng() * 41);
  const c = makeCase(rng, { rows, len: [16, 34], V, nSpecial: 5, maskProb: 0.15 });
  return { c, seed: Math.floor(rng() * 2 ** 31), what: `${c.tokens.length} rows (${c.tokens.reduce((a, r) => a + r.length, 0)} tokens)` };
}

/**
 * The ~100 k-token sample is masked once per grade and shared by mask-specials, mask-rate and
 * mask-split (one learner call of that size costs most of a grade). Keyed by the learner module
 * stand-in and the grade's seed; a failure of the call is shared too.
 */
const bigMemo = new WeakMap<object, { key: number; value?: { c: Case; what: string; st: Stats }; error?: unknown }>();
function bigSample(m: M): { c: Case; what: string; st: Stats } {
  const rng = gradeRng();
  const key = rng();
  const hit = bigMemo.get(m as object);
  if (hit && hit.key === key) {
    if (hit.error !== undefined) throw hit.error;
    return hit.value!;
  }
  const { c, seed, what } = bigCase(rng);
  try {
    const value = { c, what, st: runMask(m, c, seed, what) };
    bigMemo.set(m as object, { key, value });
    return value;
  } catch (e) {
    bigMemo.set(m as object, { key, error: e });
    throw e;
  }
}

function expectRate(st: Stats, c: Case, call: string): void {
  const p = c.maskProb;
  const share = st.selected / st.ordinary;
  const sd = Math.sqrt((p * (1 - p)) / st.ordinary);
  const noneShare = st.rowsNone / st.rows;
  const noneExp = st.rowsNoneExpected / st.rows;
  const noneSd = Math.sqrt(st.rowsNoneVar) / st.rows;
  if (st.labelsEverywhere && p < 0.9) fail(`labels set at every position: ${call} gives every ordinary token its own id as the label; only the selected positions (≈ ${pct(p)}) get a label, the others −1`, { hintKey: 'labels-everywhere' });
  if (!within(noneShare, noneExp, noneSd)) {
    const perRowSel = st.selected / Math.max(1, st.rows - st.rowsNone);
    const sequences = noneShare > noneExp + Z * noneSd && noneShare > 0.5;
    const atLeastOne = noneShare < noneExp - Z * noneSd && st.rowsNone === 0;
    const msg = sequences
      ? `selecting ${pct(p)} of sequences instead of tokens: ${pct(noneShare)} of the rows have no selected token (about ${perRowSel.toFixed(1)} selected in the others); with every token selected independently with probability ${p}, a row of n ordinary tokens has none with probability (1 − ${p})^n, here ${pct(noneExp)} of the rows`
      : atLeastOne
        ? `every row has a selection: ${call} never leaves a row without a selected token, but with independent coin flips (1 − ${p})^n of them have none (here ${pct(noneExp)} expected); select each token on its own, without a fixed count per row`
        : `${pct(noneShare)} of the rows have no selected token; with every token selected independently with probability ${p} it is ${pct(noneExp)} ± ${pct(Z * noneSd)}`;
    fail(`${msg} (${call})`, { expected: pct(noneExp), actual: pct(noneShare), hintKey: sequences ? 'selects-sequences' : 'mask-rate' });
  }
  if (!within(share, p, sd)) fail(`${call} selected ${st.selected} of ${st.ordinary} ordinary tokens (${pct(share)}); each is selected with probability maskProb = ${p}: expected ${pct(p)} ± ${pct(Z * sd)}`, { expected: pct(p), actual: pct(share), hintKey: 'mask-rate' });
}

/** Chi-square threshold for k degrees of freedom at about Z standard deviations (Wilson–Hilferty). */
const chiSquareLimit = (k: number) => k * (1 - 2 / (9 * k) + Z * Math.sqrt(2 / (9 * k))) ** 3;

/** A small mlmLoss batch: B 3, T 5, V 7, with at least one selected and one ignored position. */
function lossCase(rng: Rng, B = 3, T = 5, V = 7, scale = 3): { logits: number[][][]; labels: number[][] } {
  const logits = Array.from({ length: B }, () => Array.from({ length: T }, () => Array.from({ length: V }, () => scale * (2 * rng() - 1))));
  const labels = Array.from({ length: B }, () => Array.from({ length: T }, () => (rng() < 0.4 ? Math.floor(rng() * V) : -1)));
  labels[0][1] = Math.floor(rng() * V);
  labels[B - 1][T - 1] = -1;
  return { logits, labels };
}

/** The reference: tf.losses.softmaxCrossEntropy over the gathered selected rows (0 when none). */
export function refMlmLoss(logits: tf.Tensor3D, labels: number[][]): tf.Scalar {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const flat = labels.flat();
    const idx = flat.flatMap((l, i) => (l >= 0 ? [i] : []));
    if (idx.length === 0) return tf.scalar(0);
    const rows = tf.gather(tf.reshape(logits, [B * T, V]), tf.tensor1d(idx, 'int32'));
    const oh = tf.oneHot(tf.tensor1d(idx.map((i) => flat[i]), 'int32'), V);
    return tf.losses.softmaxCrossEntropy(oh, rows) as tf.Scalar;
  });
}

function lossMistakes(logits: tf.Tensor3D, labels: number[][]) {
  const [B, T] = logits.shape;
  const n = labels.flat().filter((l) => l >= 0).length;
  const ref = valuesOf(refMlmLoss(logits, labels))[0];
  const clamped = tf.tidy(() => {
    const oh = tf.oneHot(tf.tensor2d(labels.map((r) => r.map((l) => Math.max(l, 0))), undefined, 'int32'), logits.shape[2]);
    return tf.mean(tf.neg(tf.sum(tf.mul(oh, tf.logSoftmax(logits)), -1)));
  });
  return [
    { when: [(ref * n) / (B * T)], message: `the loss averaged over all ${B * T} positions (ignored ones included): divide the summed cross-entropy by the ${n} selected positions, not by B·T = ${B * T}`, hintKey: 'mean-over-all' },
    { when: [ref * n], message: `the loss summed over the ${n} selected positions: average it (divide by ${n})`, hintKey: 'mlm-value' },
    { when: () => clamped, message: 'the ignored positions (label −1) are scored as class 0: only positions with label ≥ 0 count', hintKey: 'mlm-selected-only' },
  ];
}

export default defineChecks<M>({
  checks: [
    {
      id: 'mask-labels', name: 'maskTokens: inputs and labels shaped like tokens; the label is the original token where selected, −1 elsewhere; unselected inputs unchanged; tokens not modified', fn: 'maskTokens',
      run(m) {
        const rng = gradeRng();
        const c = makeCase(rng, { rows: 40, len: [0, 14], V: 30, nSpecial: 4, maskProb: 0.3 });
        c.tokens.push([]);
        const seed = Math.floor(rng() * 2 ** 31);
        const st = runMask(m, c, seed, '40 short rows and one empty row');
        const arg = c.tokens.map((r) => r.slice());
        m.maskTokens(arg, { ...c, rng: mulberry32(seed) });
        const changed = arg.findIndex((r, i) => show(r) !== show(c.tokens[i]));
        if (changed >= 0) fail(`maskTokens changed its tokens argument: row ${changed} was ${show(c.tokens[changed])} and is now ${show(arg[changed])}; build new arrays for inputs and labels (row.slice())`, { hintKey: 'input-modified' });
        if (st.labelsEverywhere) fail(`labels set at every position: every ordinary token got its own id as the label; only the selected positions (about ${pct(c.maskProb)} with maskProb ${c.maskProb}) get a label, the others −1`, { hintKey: 'labels-everywhere' });
        if (st.selected === 0) fail(`maskTokens selected none of ${st.ordinary} ordinary tokens with maskProb ${c.maskProb}`, { hintKey: 'mask-rate' });
      },
    },
    {
      id: 'mask-specials', name: 'maskTokens: special tokens are never selected, and random replacements are never special ids (~100 k tokens, specials scattered over the ids)', fn: 'maskTokens',
      run(m) {
        const { c, what, st } = bigSample(m);
        if (st.random === 0) fail(`maskTokens(${what}, ${optsText(c)}) never replaced a selected token by a random one; 10 % of the selected tokens (about ${Math.round(0.1 * st.selected)} here) get a random ordinary token`, { hintKey: 'mask-split' });
      },
    },
    {
      id: 'mask-rate', name: 'maskTokens: each ordinary token is selected independently with probability maskProb (15 % over ~100 k tokens; the share of rows with no selection ≈ (1 − p)^n; and maskProb 0.3–0.5)', fn: 'maskTokens',
      run(m) {
        const { c, what, st } = bigSample(m);
        expectRate(st, c, `maskTokens(${what}, maskProb ${c.maskProb})`);
        const rng = gradeRng();
        const p = Math.round((0.3 + 0.2 * rng()) * 100) / 100;
        const c2 = makeCase(rng, { rows: 600, len: [3, 12], V: 50, nSpecial: 5, maskProb: p });
        expectRate(runMask(m, c2, Math.floor(rng() * 2 ** 31), '600 rows'), c2, `maskTokens(600 rows, maskProb ${p})`);
      },
    },
    {
      id: 'mask-split', name: 'maskTokens: of the selected tokens 80 % become maskId, 10 % a random ordinary token, 10 % stay (~15 k selected)', fn: 'maskTokens',
      run(m) {
        const { c, what, st } = bigSample(m);
        const S = st.selected;
        if (S === 0) fail(`maskTokens(${what}) selected nothing with maskProb ${c.maskProb}`, { hintKey: 'mask-rate' });
        const K = c.vocabSize - c.specialIds.length;
        // A random replacement equal to the original looks "kept": 10 %·1/K of the selections.
        const exp = { masked: 0.8, random: 0.1 * (1 - 1 / K), kept: 0.1 + 0.1 / K };
        const got = { masked: st.masked / S, random: st.random / S, kept: st.kept / S };
        const ok = (Object.keys(exp) as Array<keyof typeof exp>).every((k) => within(got[k], exp[k], Math.sqrt((exp[k] * (1 - exp[k])) / S)));
        if (ok) return;
        const text = `of ${S} selected tokens ${pct(got.masked)} became maskId, ${pct(got.random)} a random token and ${pct(got.kept)} stayed; expected 80 % / 10 % / 10 % (± ${pct(Z * Math.sqrt(0.16 / S))})`;
        const swapped = Math.abs(got.masked - 0.1) < 0.05 && Math.abs(got.random - 0.8) < 0.08;
        const keptSwapped = Math.abs(got.masked - 0.1) < 0.05 && Math.abs(got.kept - 0.8) < 0.08;
        const msg = swapped ? `80/10/10 split wrong: 10 % masked and 80 % random are swapped: ${text}`
          : keptSwapped ? `80/10/10 split wrong: 10 % masked and 80 % unchanged are swapped: ${text}`
            : `80/10/10 split wrong: ${text}`;
        fail(`${msg} (maskTokens(${what}, ${optsText(c)}))`, { expected: '80 / 10 / 10', actual: `${pct(got.masked)} / ${pct(got.random)} / ${pct(got.kept)}`, hintKey: 'mask-split' });
      },
    },
    {
      id: 'mask-random-uniform', name: 'maskTokens: random replacements are spread uniformly over the ordinary ids, never [MASK] (chi-square on a vocabulary of 3 ordinary ids, unequal token frequencies)', fn: 'maskTokens',
      run(m) {
        // Three ordinary ids and maskProb 0.9: a replacement drawn from "ordinary ids or [MASK]" would
        // add 10 %·1/4 = 2.5 % to the [MASK] share, about 9 standard deviations over ~20 k selections.
        const rng = gradeRng();
        const V = 7;
        const c = makeCase(rng, { rows: 1600, len: [10, 16], V, nSpecial: 4, maskProb: 0.9, zipf: true });
        const st = runMask(m, c, Math.floor(rng() * 2 ** 31), '1600 rows');
        const special = new Set(c.specialIds);
        const ordinary = Array.from({ length: V }, (_, i) => i).filter((i) => !special.has(i));
        const K = ordinary.length;
        if (st.random < 200) fail(`maskTokens(1600 rows, ${optsText(c)}) made only ${st.random} random replacements of ${st.selected} selected tokens; 10 % of them get a random ordinary token`, { hintKey: 'mask-split' });
        // A replacement r shows only where it differs from the original o; given that, it is uniform
        // over the K − 1 other ordinary ids: E[count r] = Σ over those positions of [o ≠ r] / (K − 1).
        let chi = 0;
        const rows: string[] = [];
        for (const r of ordinary) {
          const e = (st.random - st.randomOthers[r]) / (K - 1);
          const o = st.randomHist.get(r) ?? 0;
          chi += (o - e) ** 2 / e;
          rows.push(`${r}: ${o} (expected ${e.toFixed(0)})`);
        }
        const limit = chiSquareLimit(K - 1);
        if (chi > limit) {
          const never = ordinary.filter((r) => !st.randomHist.get(r));
          fail(`random replacements are not uniform over the ${K} ordinary ids [${ordinary.join(', ')}]${never.length ? `: id${never.length > 1 ? 's' : ''} ${never.join(', ')} never drawn` : ''}; counts ${rows.join(', ')} (chi-square ${chi.toFixed(0)} > ${limit.toFixed(0)}). Draw each replacement uniformly from the ordinary ids (maskTokens(1600 rows, ${optsText(c)}))`, { hintKey: 'mask-random-uniform' });
        }
        const S = st.selected, maskedShare = st.masked / S, sd = Math.sqrt(0.16 / S);
        if (maskedShare > 0.8 + Z * sd) fail(`a random replacement that can be the mask id: with ${K} ordinary ids, ${pct(maskedShare)} of ${S} selected tokens became [MASK] (${c.maskId}), expected 80 % ± ${pct(Z * sd)}; the extra ${pct(maskedShare - 0.8)} are random replacements that drew [MASK]. Draw them from the ordinary ids only (maskTokens(1600 rows, ${optsText(c)}))`, { hintKey: 'random-specials' });
      },
    },
    {
      id: 'mask-deterministic', name: 'maskTokens: the same rng seed gives the same result; other seeds give other selections (all randomness from rng)', fn: 'maskTokens',
      run(m) {
        const rng = gradeRng();
        const c = makeCase(rng, { rows: 30, len: [8, 16], V: 25, nSpecial: 4, maskProb: 0.3 });
        const seed = Math.floor(rng() * 2 ** 31);
        const call = (s: number) => show(m.maskTokens(c.tokens.map((r) => r.slice()), { ...c, specialIds: c.specialIds.slice(), rng: mulberry32(s) }));
        const a = call(seed), b = call(seed);
        if (a !== b) fail(`maskTokens(30 rows, ${optsText(c)}) gave two different results for the same rng seed ${seed}: draw every random number from o.rng (never Math.random)`, { hintKey: 'mask-deterministic' });
        const others = [seed + 1, seed + 2, seed + 3].map(call);
        if (others.every((x) => x === a)) fail(`maskTokens gave the same result for rng seeds ${seed}, ${seed + 1}, ${seed + 2} and ${seed + 3}: draw the random numbers from o.rng, not from a generator of your own`, { hintKey: 'mask-deterministic' });
      },
    },
    {
      id: 'mask-prob-edge', name: 'maskTokens: maskProb 0 selects nothing (inputs = tokens, labels all −1); maskProb 1 selects every ordinary token', fn: 'maskTokens',
      run(m) {
        const rng = gradeRng();
        const c = makeCase(rng, { rows: 50, len: [4, 12], V: 20, nSpecial: 4, maskProb: 0 });
        const seed = Math.floor(rng() * 2 ** 31);
        const st0 = runMask(m, c, seed, '50 rows');
        if (st0.selected !== 0) fail(`maskTokens(50 rows, maskProb 0) selected ${st0.selected} tokens; with maskProb 0 nothing is selected (use rng() < maskProb)`, { hintKey: 'mask-prob-edge' });
        const c1 = { ...c, maskProb: 1 };
        const st1 = runMask(m, c1, seed, '50 rows');
        if (st1.selected !== st1.ordinary) fail(`maskTokens(50 rows, maskProb 1) selected ${st1.selected} of ${st1.ordinary} ordinary tokens; with maskProb 1 every ordinary token is selected (use rng() < maskProb)`, { hintKey: 'mask-prob-edge' });
      },
    },
    {
      id: 'mask-no-tf', name: 'maskTokens is plain TypeScript: no tf kernels', fn: 'maskTokens',
      async run(m) {
        const c = makeCase(mulberry32(5), { rows: 6, len: [4, 8], V: 20, nSpecial: 4, maskProb: 0.5 });
        await expectNoTfKernels(() => m.maskTokens(c.tokens, { ...c, rng: mulberry32(1) }), 'maskTokens');
      },
    },
    {
      id: 'mlm-value', name: 'mlmLoss matches tf.losses.softmaxCrossEntropy on the gathered selected rows (1e-5)', fn: 'mlmLoss',
      run(m) {
        const rng = gradeRng();
        for (const [B, T, V] of [[3, 5, 7], [2, 6, 11]]) {
          const { logits, labels } = lossCase(rng, B, T, V);
          tf.tidy(() => {
            const lg = tf.tensor3d(logits), lb = tf.tensor2d(labels, undefined, 'int32');
            expectTensorClose(m.mlmLoss(lg, lb), refMlmLoss(lg, labels), { name: `mlmLoss(logits [${B},${T},${V}], labels ${show(labels)})`, atol: 1e-5, rtol: 1e-5, mistakes: lossMistakes(lg, labels) });
          });
        }
      },
    },
    {
      id: 'mlm-selected-only', name: 'mlmLoss averages over the selected positions only: changing the logits where the label is −1 changes nothing', fn: 'mlmLoss',
      run(m) {
        const rng = gradeRng();
        const { logits, labels } = lossCase(rng, 4, 6, 9);
        const wild = logits.map((r, b) => r.map((v, t) => (labels[b][t] >= 0 ? v : v.map(() => 20 * (2 * rng() - 1)))));
        tf.tidy(() => {
          const lb = tf.tensor2d(labels, undefined, 'int32');
          const a = valuesOf(m.mlmLoss(tf.tensor3d(logits), lb))[0];
          const lw = tf.tensor3d(wild);
          const b = m.mlmLoss(lw, lb);
          expectTensorClose(b, tf.scalar(a), { name: 'mlmLoss with other logits at the positions whose label is −1 (they must not count)', atol: 1e-5, rtol: 1e-5, mistakes: lossMistakes(lw, labels) });
          expectTensorClose(b, refMlmLoss(lw, labels), { name: `mlmLoss(logits [4,6,9], labels ${show(labels)})`, atol: 1e-5, rtol: 1e-5, mistakes: lossMistakes(lw, labels) });
        });
      },
    },
    {
      id: 'mlm-none-selected', name: 'mlmLoss is 0, not NaN, when no position is selected (all labels −1)', fn: 'mlmLoss',
      run(m) {
        tf.tidy(() => {
          const lg = tf.tensor3d(lossCase(mulberry32(3), 2, 4, 5).logits);
          const lb = tf.fill([2, 4], -1, 'int32') as tf.Tensor2D;
          expectTensorClose(m.mlmLoss(lg, lb), tf.scalar(0), { name: 'mlmLoss(logits [2,4,5], labels all −1)', atol: 1e-7, mistakes: [
            { when: (got: number[]) => got.some(Number.isNaN), message: 'NaN when nothing is selected: 0 selected positions make the mean 0/0; divide by max(count, 1) (or return 0 when the count is 0)', hintKey: 'nan-when-none' },
          ] });
        });
      },
    },
    {
      id: 'mlm-stable', name: 'mlmLoss stays finite and exact for logits of ±1000', fn: 'mlmLoss',
      run(m) {
        const rng = gradeRng();
        const { logits, labels } = lossCase(rng, 2, 4, 6, 1000);
        tf.tidy(() => {
          const lg = tf.tensor3d(logits);
          expectTensorClose(m.mlmLoss(lg, tf.tensor2d(labels, undefined, 'int32')), refMlmLoss(lg, labels), { name: 'mlmLoss(logits of ±1000)', atol: 1e-3, rtol: 1e-5, mistakes: [
            { when: (got: number[]) => got.some((v) => !Number.isFinite(v)), message: 'log(softmax(logits)) overflows for logits of ±1000 (exp(1000) = Infinity, log(0) = −Infinity): use tf.logSoftmax (log-sum-exp)', hintKey: 'mlm-stable' },
          ] });
        });
      },
    },
    {
      id: 'mlm-grad', name: 'the gradient of mlmLoss with respect to the logits is finite and matches the reference (softmax − one-hot)/count at selected positions, 0 elsewhere', fn: 'mlmLoss',
      run(m) {
        const rng = gradeRng();
        for (const scale of [3, 500]) {
          const { logits, labels } = lossCase(rng, 3, 4, 6, scale);
          tf.tidy(() => {
            const lg = tf.tensor3d(logits), lb = tf.tensor2d(labels, undefined, 'int32');
            const { value, grads } = learnerGrads(m.mlmLoss, [lg, lb], [0]);
            const ref = tf.grad((x: tf.Tensor) => refMlmLoss(x as tf.Tensor3D, labels))(lg);
            expectClose(valuesOf(value)[0], valuesOf(refMlmLoss(lg, labels))[0], { name: 'mlmLoss value', atol: 1e-3, rtol: 1e-5 });
            expectTensorClose(grads[0], ref, { name: `∂mlmLoss/∂logits (logits scale ${scale})`, atol: 1e-5, rtol: 1e-4, mistakes: [
              { when: (got: number[]) => got.some((v) => !Number.isFinite(v)), message: 'the gradient has NaN or ±Infinity: compute the loss with tf.logSoftmax and mask with multiplication (or tf.where on the labels), not with a division by a softmax', hintKey: 'mlm-stable' },
            ] });
          });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'mlmLoss',
      calls: [
        { name: 'mlmLoss', inputs: () => ({ logits: tf.tensor3d(lossCase(mulberry32(9)).logits), labels: tf.tensor2d(lossCase(mulberry32(9)).labels, undefined, 'int32') }), call: (m, i) => m.mlmLoss(i.logits, i.labels) },
        { name: 'maskTokens', inputs: () => ({ tokens: [[1, 5, 6, 7, 2], [1, 8, 9, 2, 0]] }), call: (m, i) => m.maskTokens(i.tokens, { maskProb: 0.5, maskId: 3, vocabSize: 12, specialIds: [0, 1, 2, 3], rng: mulberry32(4) }) },
      ],
      badInputs: [
        { name: 'maskTokens(tokens, { vocabSize: 4, specialIds: [0, 1, 2, 3], … })', call: (m) => m.maskTokens([[1, 2]], { maskProb: 0.5, maskId: 3, vocabSize: 4, specialIds: [0, 1, 2, 3], rng: mulberry32(1) }), why: 'every id is special, so no ordinary token is left to draw a random replacement from', mistake: 'vocabSize ≤ the number of special ids accepted' },
        { name: 'maskTokens(tokens, { vocabSize: 3, specialIds: [0, 1, 2, 3], … })', call: (m) => m.maskTokens([[1, 2]], { maskProb: 0.5, maskId: 3, vocabSize: 3, specialIds: [0, 1, 2, 3], rng: mulberry32(1) }), why: 'vocabSize is smaller than the number of special ids' },
      ],
      banned: { apis: ['tf.losses', 'tf.metrics'], why: 'write the cross-entropy from tf primitives (tf.logSoftmax, tf.oneHot, tf.sum)' },
      names: { 'bad-inputs-throw': 'maskTokens throws when vocabSize ≤ the number of special ids' },
    }),
  ],
});
