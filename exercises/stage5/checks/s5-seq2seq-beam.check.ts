/**
 * Checks for s5-seq2seq-beam (P0). The reference is an exhaustive search over every complete
 * hypothesis (ends with EOS, or has maxLen tokens). Implementations may keep their books
 * differently (finished hypotheses in the beam or in a list of their own), so the checks grade
 * properties every correct beam search has: exhaustive equality when the beam holds everything,
 * greedy equality at width 1, the scores of what is returned, finished hypotheses kept.
 */
import { defineChecks, fail, gradeRng, makeToyDecoder, standardChecks } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-seq2seq-beam');
type Hyp = { tokens: number[]; logProb: number; score: number };
type Opts = { beamWidth: number; maxLen: number; eosId: number; lengthPenaltyAlpha?: number };
type Lm = (prefix: number[]) => number[];

export const lengthPenalty = (len: number, alpha: number) => ((5 + len) / 6) ** alpha;

/** Every complete hypothesis, best score first (the judge's reference). */
export function exhaustive(lm: Lm, o: Opts): Hyp[] {
  const alpha = o.lengthPenaltyAlpha ?? 0;
  const out: Hyp[] = [];
  const walk = (tokens: number[], logProb: number) => {
    const lps = lm(tokens);
    lps.forEach((lp, t) => {
      const next = [...tokens, t];
      const l = logProb + lp;
      if (t === o.eosId || next.length === o.maxLen) out.push({ tokens: next, logProb: l, score: l / lengthPenalty(next.length, alpha) });
      else walk(next, l);
    });
  };
  walk([], 0);
  return out.sort((a, b) => b.score - a.score);
}

/** Greedy decoding: the best token at every step, until EOS or maxLen. */
export function greedy(lm: Lm, o: Opts): Hyp {
  const tokens: number[] = [];
  let logProb = 0;
  while (tokens.length < o.maxLen && tokens[tokens.length - 1] !== o.eosId) {
    const lps = lm(tokens);
    const t = lps.indexOf(Math.max(...lps));
    tokens.push(t);
    logProb += lps[t];
  }
  return { tokens, logProb, score: logProb / lengthPenalty(tokens.length, o.lengthPenaltyAlpha ?? 0) };
}

const show = (t: number[]) => `[${t.join(', ')}]`;
const optsText = (o: Opts) => `beamWidth ${o.beamWidth}, maxLen ${o.maxLen}, eosId ${o.eosId}${o.lengthPenaltyAlpha !== undefined ? `, α ${o.lengthPenaltyAlpha}` : ''}`;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(b);

const DROPS_FINISHED = 'beam search that drops finished hypotheses';
const NO_PENALTY = 'a beam score without the length penalty';

/**
 * Runs the learner's beamSearch and checks what every correct result satisfies: an array of at most
 * beamWidth distinct, complete hypotheses, best score first, with logProb the sum of the step
 * log-probs and score = logProb / ((5 + len) / 6)^α. Returns the hypotheses.
 */
export function runBeam(m: M, lm: Lm, o: Opts, what: string): Hyp[] {
  const call = `beamSearch(${what}, { ${optsText(o)} })`;
  const got = m.beamSearch(lm, { ...o }) as unknown;
  if (got === undefined) fail(`${call} returned undefined — did you forget to \`return\` the hypotheses?`);
  if (!Array.isArray(got)) fail(`${call} should return an array of { tokens, logProb, score }; got ${JSON.stringify(got)}`);
  const hyps = got as Hyp[];
  if (hyps.length === 0) fail(`${call} returned no hypotheses; the search always has at least one`);
  if (hyps.length > o.beamWidth) fail(`${call} returned ${hyps.length} hypotheses; at most beamWidth = ${o.beamWidth}`, { hintKey: 'beam-properties' });
  const alpha = o.lengthPenaltyAlpha ?? 0;
  const seen = new Set<string>();
  hyps.forEach((h, i) => {
    if (!h || !Array.isArray(h.tokens) || typeof h.logProb !== 'number' || typeof h.score !== 'number') fail(`${call}: hypothesis ${i} should be { tokens: number[], logProb: number, score: number }; got ${JSON.stringify(h)}`);
    const key = show(h.tokens);
    if (seen.has(key)) fail(`${call}: ${key} is returned twice; each hypothesis once`, { hintKey: 'beam-properties' });
    seen.add(key);
    if (h.tokens.length === 0) fail(`${call}: hypothesis ${i} has no tokens; the empty start is not a hypothesis to return`, { hintKey: 'beam-properties' });
    const eosAt = h.tokens.indexOf(o.eosId);
    if (eosAt >= 0 && eosAt !== h.tokens.length - 1) fail(`${call}: ${key} continues after EOS (${o.eosId}) at position ${eosAt}: a finished hypothesis is never extended`, { hintKey: 'extends-finished' });
    if (h.tokens.length > o.maxLen) fail(`${call}: ${key} has ${h.tokens.length} tokens, more than maxLen = ${o.maxLen}`, { hintKey: 'beam-properties' });
    if (eosAt < 0 && h.tokens.length !== o.maxLen) fail(`${call}: ${key} neither ends with EOS (${o.eosId}) nor has maxLen = ${o.maxLen} tokens: the search stopped early, or an unfinished hypothesis was returned`, { hintKey: 'beam-properties' });
    let sum = 0;
    h.tokens.forEach((t, j) => { sum += lm(h.tokens.slice(0, j))[t]; });
    if (!close(h.logProb, sum)) fail(`${call}: ${key} has logProb ${h.logProb}, but its step log-probs sum to ${sum}`, { expected: String(sum), actual: String(h.logProb), hintKey: 'beam-score' });
    const score = sum / lengthPenalty(h.tokens.length, alpha);
    const L = h.tokens.length;
    if (!close(h.score, score)) {
      // Name the mistake from every returned hypothesis: one alone can be ambiguous ([x, EOS] without
      // the EOS counted has the penalty of length 1, which is 1).
      const ends = (x: Hyp) => x.tokens[x.tokens.length - 1] === o.eosId;
      const allRaw = hyps.every((x) => close(x.score, x.logProb));
      const allNoEos = hyps.every((x) => close(x.score, x.logProb / lengthPenalty(x.tokens.length - (ends(x) ? 1 : 0), alpha)));
      const msg = alpha !== 0 && allRaw && allNoEos ? `${NO_PENALTY} (or a penalty that does not count the EOS): ${key} has score ${h.score} = its logProb; with α = ${alpha} the score is logProb / ((5 + ${L}) / 6)^${alpha} = ${score}, where ${L} counts the EOS`
        : alpha !== 0 && allRaw ? `${NO_PENALTY}: ${key} has score ${h.score} = its logProb; with α = ${alpha} the score is logProb / ((5 + ${L}) / 6)^${alpha} = ${score}`
          : alpha !== 0 && allNoEos ? `the length penalty does not count the EOS: ${key} has ${L} tokens, so the score is logProb / ((5 + ${L}) / 6)^${alpha} = ${score}, not ${h.score}`
            : alpha !== 0 && close(h.score, sum * lengthPenalty(L, alpha)) ? `the length penalty multiplies the log-prob: divide by ((5 + ${L}) / 6)^${alpha} instead (score ${score})`
              : `${key} has score ${h.score}, expected logProb / ((5 + ${L}) / 6)^${alpha} = ${score}`;
      fail(`${call}: ${msg}`, { expected: String(score), actual: String(h.score), hintKey: allRaw ? 'no-length-penalty' : 'beam-score' });
    }
    if (i > 0 && h.score > hyps[i - 1].score + 1e-12) fail(`${call}: not best first — hypothesis ${i} ${key} (score ${h.score}) beats hypothesis ${i - 1} ${show(hyps[i - 1].tokens)} (score ${hyps[i - 1].score})`, { hintKey: alpha !== 0 && hyps.every((x, j) => j === 0 || x.logProb <= hyps[j - 1].logProb + 1e-12) ? 'no-length-penalty' : 'beam-properties' });
  });
  return hyps;
}

/** The whole returned list must equal the exhaustive one (the beam is wide enough to hold everything). */
function expectExhaustive(m: M, lm: Lm, o: Opts, what: string): void {
  const got = runBeam(m, lm, o, what);
  const ref = exhaustive(lm, o);
  const call = `beamSearch(${what}, { ${optsText(o)} })`;
  const finishedRef = ref.filter((h) => h.tokens[h.tokens.length - 1] === o.eosId).length;
  const finishedGot = got.filter((h) => h.tokens[h.tokens.length - 1] === o.eosId).length;
  if (finishedGot < finishedRef) fail(`${DROPS_FINISHED}: ${call} keeps everything, yet returns ${finishedGot} of the ${finishedRef} hypotheses that end with EOS (${o.eosId}); keep them in the beam`, { hintKey: 'drops-finished' });
  if (got.length !== ref.length) fail(`${call} returned ${got.length} hypotheses; a beam of ${o.beamWidth} ≥ V^maxLen keeps all ${ref.length} complete ones (those ending with EOS, and those of maxLen tokens)`, { hintKey: 'beam-exhaustive' });
  ref.forEach((r, i) => {
    if (show(got[i].tokens) !== show(r.tokens)) fail(`${call}: hypothesis ${i} is ${show(got[i].tokens)} (score ${got[i].score}); the exhaustive search ranks ${show(r.tokens)} (score ${r.score}) there`, { hintKey: 'beam-exhaustive' });
  });
}

/** A two-step trap for greedy decoding: the best first token leads nowhere. eosId 0, tokens 1 and 2. */
export const TRAP: Lm = (prefix) => {
  const p = prefix.length === 0 ? [0.1, 0.5, 0.4] : prefix[0] === 1 ? [0.34, 0.33, 0.33] : [0.9, 0.05, 0.05];
  return p.map(Math.log);
};

/** EOS first is the single most likely answer (0.45); every longer one is at most 0.55 · 0.6 = 0.33. */
const EOS_FIRST: Lm = (prefix) => {
  const p = prefix.length === 0 ? [0.3, 0.45, 0.25] : [0.2, 0.6, 0.2];
  return p.map(Math.log);
};

export default defineChecks<M>({
  checks: [
    {
      id: 'beam-exhaustive', name: 'a beam ≥ V^maxLen returns every complete hypothesis in the exhaustive order (V 4, maxLen 4; α 0 and 0.7)', fn: 'beamSearch',
      run(m) {
        const rng = gradeRng();
        for (const alpha of [0, 0.7]) {
          const seed = Math.floor(rng() * 1e9);
          const eosId = Math.floor(rng() * 4);
          const { stepLogProbs } = makeToyDecoder({ vocab: 4, seed, eosId, eosBias: 0.5 });
          expectExhaustive(m, stepLogProbs, { beamWidth: 256, maxLen: 4, eosId, lengthPenaltyAlpha: alpha }, `toy decoder (V 4, seed ${seed})`);
        }
      },
    },
    {
      id: 'beam-greedy', name: 'beamWidth 1 is greedy decoding (random decoders, α 0 and 0.6)', fn: 'beamSearch',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 4; round++) {
          const seed = Math.floor(rng() * 1e9);
          const V = 3 + Math.floor(rng() * 4);
          const eosId = Math.floor(rng() * V);
          const o: Opts = { beamWidth: 1, maxLen: 3 + Math.floor(rng() * 4), eosId, ...(round % 2 ? { lengthPenaltyAlpha: 0.6 } : {}) };
          const { stepLogProbs } = makeToyDecoder({ vocab: V, seed, eosId });
          const what = `toy decoder (V ${V}, seed ${seed})`;
          const got = runBeam(m, stepLogProbs, o, what);
          const g = greedy(stepLogProbs, o);
          if (got.length !== 1 || show(got[0].tokens) !== show(g.tokens)) fail(`beamSearch(${what}, { ${optsText(o)} }) returned ${got.map((h) => show(h.tokens)).join(', ')}; with one hypothesis in the beam it is greedy decoding: ${show(g.tokens)}`);
        }
      },
    },
    {
      id: 'beam-beats-greedy', name: 'beamWidth 2 keeps the runner-up and finds the better sequence greedy misses', fn: 'beamSearch',
      run(m) {
        const o = { beamWidth: 2, maxLen: 2, eosId: 0 };
        const got = runBeam(m, TRAP, o, 'the greedy trap');
        if (show(got[0].tokens) !== '[2, 0]') fail(`beamSearch(the greedy trap, { ${optsText(o)} }) ranks ${show(got[0].tokens)} first; keeping two hypotheses after step 1 ([1] p 0.5 and [2] p 0.4) finds [2, 0] with probability 0.4 · 0.9 = 0.36, better than anything after [1] (0.5 · 0.34 = 0.17)`);
      },
    },
    {
      id: 'beam-finished-kept', name: 'finished hypotheses stay in the beam: EOS at step 1 is returned when it is the best answer', fn: 'beamSearch',
      run(m) {
        for (const beamWidth of [2, 3]) {
          const o = { beamWidth, maxLen: 3, eosId: 0 };
          const got = runBeam(m, EOS_FIRST, o, 'a decoder whose best answer is EOS at once');
          if (show(got[0].tokens) !== '[0]') {
            const hasEos = got.some((h) => h.tokens.length === 1);
            fail(`${hasEos ? 'not best first' : DROPS_FINISHED}: beamSearch(a decoder whose best answer is EOS at once, { ${optsText(o)} }) returned ${got.map((h) => show(h.tokens)).join(', ')}; [0] (EOS at step 1, probability 0.45) beats every longer sequence (at most 0.55 · 0.6 = 0.33)`, { hintKey: hasEos ? 'beam-properties' : 'drops-finished' });
          }
        }
        // Random decoders where EOS is likely: the best finished hypothesis the exhaustive search finds
        // among short ones must not be lost when the beam is wide enough to have produced it.
        const rng = gradeRng();
        for (let round = 0; round < 3; round++) {
          const seed = Math.floor(rng() * 1e9);
          const { stepLogProbs } = makeToyDecoder({ vocab: 4, seed, eosId: 1, eosBias: 1.5 });
          const o = { beamWidth: 4, maxLen: 5, eosId: 1 };
          const what = `toy decoder (V 4, seed ${seed}, EOS likely)`;
          const got = runBeam(m, stepLogProbs, o, what);
          // At step 1 all four tokens fit in the beam, so [EOS] is produced; a correct search returns it or something better.
          const eosOnly = stepLogProbs([])[1];
          if (got[0].score < eosOnly - 1e-9) fail(`${DROPS_FINISHED}: beamSearch(${what}, { ${optsText(o)} }) returns ${show(got[0].tokens)} (log-prob ${got[0].logProb}) as its best, but [1] (EOS at step 1, log-prob ${eosOnly}) was in the beam after step 1 and is better`, { hintKey: 'drops-finished' });
        }
      },
    },
    {
      id: 'beam-calls', name: 'the search starts from the empty prefix and never extends a finished hypothesis', fn: 'beamSearch',
      run(m) {
        const rng = gradeRng();
        const seed = Math.floor(rng() * 1e9);
        const { stepLogProbs, calls } = makeToyDecoder({ vocab: 5, seed, eosId: 2, eosBias: 1 });
        const o = { beamWidth: 3, maxLen: 5, eosId: 2 };
        m.beamSearch(stepLogProbs, o);
        const what = `beamSearch(toy decoder, { ${optsText(o)} })`;
        if (calls.length === 0) fail(`${what} never called stepLogProbs`);
        if (calls[0].length !== 0) fail(`${what} first asked stepLogProbs(${show(calls[0])}); the search starts from the empty prefix [] (no start token is part of the hypotheses)`, { hintKey: 'empty-prefix' });
        const bad = calls.find((p) => p.includes(2));
        if (bad) fail(`${what} asked stepLogProbs(${show(bad)}): that prefix contains EOS (2), so it was already finished; a finished hypothesis is never extended`, { hintKey: 'extends-finished' });
        const long = calls.find((p) => p.length >= o.maxLen);
        if (long) fail(`${what} asked stepLogProbs(${show(long)}): a prefix of ${long.length} tokens would make a hypothesis longer than maxLen = ${o.maxLen}`, { hintKey: 'beam-properties' });
        // Never more than beamWidth hypotheses expanded per step.
        for (let len = 0; len < o.maxLen; len++) {
          const n = new Set(calls.filter((p) => p.length === len).map(show)).size;
          if (n > o.beamWidth) fail(`${what} expanded ${n} different prefixes of length ${len}; the beam holds at most ${o.beamWidth}`, { hintKey: 'beam-properties' });
        }
      },
    },
    {
      id: 'beam-properties', name: 'on random decoders (widths 2–5, α 0 or 0.5): at most beamWidth complete hypotheses, best first, logProb the sum, score = logProb / ((5 + len)/6)^α', fn: 'beamSearch',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 6; round++) {
          const seed = Math.floor(rng() * 1e9);
          const V = 3 + Math.floor(rng() * 4);
          const eosId = Math.floor(rng() * V);
          const o: Opts = { beamWidth: 2 + Math.floor(rng() * 4), maxLen: 2 + Math.floor(rng() * 5), eosId, lengthPenaltyAlpha: round % 2 ? 0.5 : 0 };
          const { stepLogProbs } = makeToyDecoder({ vocab: V, seed, eosId, eosBias: rng() * 2 });
          const got = runBeam(m, stepLogProbs, o, `toy decoder (V ${V}, seed ${seed})`);
          // Besides the invariants runBeam checks: the beam is filled when there are enough hypotheses.
          const all = exhaustive(stepLogProbs, o).length;
          if (got.length < Math.min(o.beamWidth, all)) fail(`beamSearch(toy decoder (V ${V}, seed ${seed}), { ${optsText(o)} }) returned ${got.length} hypotheses; the beam holds ${o.beamWidth}, so return that many (there are ${all} complete hypotheses)`, { hintKey: 'beam-properties' });
        }
      },
    },
    {
      id: 'beam-length-penalty', name: 'α 1 on a decoder where the length penalty changes the winner', fn: 'beamSearch',
      run(m) {
        // EOS (0) at once: p 0.5 (log −0.693), the best at α 0. [1, 1, 1]: 0.5 · 0.9 · 0.9 = 0.405
        // (log −0.904), but at α 1 its score is −0.904 / (8/6) = −0.678, above −0.693 / 1.
        const lm: Lm = (prefix) => (prefix.length === 0 ? [0.5, 0.5] : [0.1, 0.9]).map(Math.log);
        for (const alpha of [0, 1]) {
          const o = { beamWidth: 4, maxLen: 3, eosId: 0, lengthPenaltyAlpha: alpha };
          const got = runBeam(m, lm, o, 'a two-token decoder');
          const ref = exhaustive(lm, o);
          if (show(got[0].tokens) !== show(ref[0].tokens)) fail(`beamSearch(a two-token decoder, { ${optsText(o)} }) ranks ${show(got[0].tokens)} first; with α ${alpha} the best score is ${show(ref[0].tokens)} (score ${ref[0].score.toFixed(4)})${alpha ? ': rank by the penalised score, not by the log-prob' : ''}`, { hintKey: alpha ? 'no-length-penalty' : 'beam-exhaustive' });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'beamSearch',
      calls: [
        { name: 'beamSearch', inputs: () => ({ o: { beamWidth: 3, maxLen: 4, eosId: 1, lengthPenaltyAlpha: 0.6 } }), call: (m, i) => m.beamSearch(makeToyDecoder({ vocab: 4, seed: 7, eosId: 1 }).stepLogProbs, i.o) },
      ],
      badInputs: [
        { name: 'beamSearch(lm, { beamWidth: 0, … })', call: (m) => m.beamSearch(TRAP, { beamWidth: 0, maxLen: 2, eosId: 0 }), why: 'a beam of width 0 holds no hypothesis', mistake: 'beam width 0 accepted' },
        { name: 'beamSearch(lm, { beamWidth: 1.5, … })', call: (m) => m.beamSearch(TRAP, { beamWidth: 1.5, maxLen: 2, eosId: 0 }), why: 'the beam width counts hypotheses: a whole number' },
        { name: 'beamSearch(lm, { maxLen: 0, … })', call: (m) => m.beamSearch(TRAP, { beamWidth: 2, maxLen: 0, eosId: 0 }), why: 'maxLen must be a positive integer' },
      ],
      names: { 'bad-inputs-throw': 'beamWidth 0 or 1.5 and maxLen 0 throw' },
    }),
  ],
});
