/**
 * s5-seq2seq-beam: beam-search decoding (plain TypeScript, no tf).
 *
 * beamSearch(stepLogProbs, o) searches for the token sequences a decoder finds most likely.
 * stepLogProbs(prefix) returns one log-probability per vocabulary token for the token that follows
 * `prefix`; the search starts from the empty prefix []. A hypothesis that ends with o.eosId is
 * finished: it is never extended, but it stays in the beam and competes with the others. The search
 * runs at most o.maxLen steps; the returned hypotheses (at most o.beamWidth, best score first) end
 * with EOS or have maxLen tokens. Their tokens include the EOS; logProb is the sum of the step
 * log-probs; score = logProb / ((5 + length) / 6)^α with α = o.lengthPenaltyAlpha (default 0), where
 * length counts the EOS.
 */

export interface Hypothesis { tokens: number[]; logProb: number; score: number }

/** The GNMT length penalty: ((5 + len) / 6)^α; 1 when α = 0. */
function lengthPenalty(len: number, alpha: number): number {
  return ((5 + len) / 6) ** alpha;
}

export function beamSearch(
  stepLogProbs: (prefix: number[]) => number[],
  o: { beamWidth: number; maxLen: number; eosId: number; lengthPenaltyAlpha?: number },
): Array<{ tokens: number[]; logProb: number; score: number }> {
  const alpha = o.lengthPenaltyAlpha ?? 0;
  if (!Number.isInteger(o.beamWidth) || o.beamWidth < 1) throw new Error(`beamWidth must be a positive integer, got ${o.beamWidth}`);
  if (!Number.isInteger(o.maxLen) || o.maxLen < 1) throw new Error(`maxLen must be a positive integer, got ${o.maxLen}`);
  if (!Number.isInteger(o.eosId) || o.eosId < 0) throw new Error(`eosId must be a non-negative integer, got ${o.eosId}`);
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`lengthPenaltyAlpha must be ≥ 0, got ${alpha}`);

  const finished = (h: Hypothesis) => h.tokens.length > 0 && h.tokens[h.tokens.length - 1] === o.eosId;
  let beam: Hypothesis[] = [{ tokens: [], logProb: 0, score: 0 }];
  for (let step = 0; step < o.maxLen; step++) {
    if (beam.every(finished)) break;
    // Finished hypotheses go into the pool unchanged: dropping them would lose a short, likely answer.
    const pool: Hypothesis[] = [];
    for (const h of beam) {
      if (finished(h)) continue;
      const logProbs = stepLogProbs([...h.tokens]);
      if (!Array.isArray(logProbs) || o.eosId >= logProbs.length) throw new Error(`stepLogProbs returned ${logProbs?.length} values: eosId ${o.eosId} is out of range`);
      logProbs.forEach((lp, token) => {
        const tokens = [...h.tokens, token];
        const logProb = h.logProb + lp;
        pool.push({ tokens, logProb, score: logProb / lengthPenalty(tokens.length, alpha) });
      });
    }
    // Rank by score (the length-penalised log-prob), keep the best beamWidth.
    pool.sort((a, b) => b.score - a.score);
    beam = pool.slice(0, o.beamWidth);
  }
  return beam;
}
