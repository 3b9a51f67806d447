/**
 * s5-seq2seq-beam: beam-search decoding. Plain TypeScript: loops over numbers, no tf.
 *
 * beamSearch(stepLogProbs, o) searches for the token sequences a decoder finds most likely.
 * - stepLogProbs(prefix) returns one log-probability per vocabulary token (its length is the
 *   vocabulary size) for the token that follows `prefix`. Start from the empty prefix [].
 * - At each step, extend every unfinished hypothesis by every token, and keep the o.beamWidth best
 *   by score.
 * - A hypothesis that ends with o.eosId is finished: never extend it again, but keep it in the
 *   beam, where it competes with the others (do not drop it).
 * - Stop after o.maxLen steps, or earlier when every hypothesis in the beam is finished.
 * - Return at most o.beamWidth hypotheses, best score first. Each has:
 *     tokens  — the chosen tokens, including the final EOS if it has one (never the empty start);
 *     logProb — the sum of the step log-probs of its tokens;
 *     score   — logProb / ((5 + tokens.length) / 6)^α, α = o.lengthPenaltyAlpha (default 0).
 *   The length counts the EOS. With α = 0 the score equals logProb.
 * - Throw when beamWidth or maxLen is not a positive integer.
 */

export function beamSearch(
  stepLogProbs: (prefix: number[]) => number[],
  o: { beamWidth: number; maxLen: number; eosId: number; lengthPenaltyAlpha?: number },
): Array<{ tokens: number[]; logProb: number; score: number }> {
  // TODO
  throw new Error('Not implemented: s5-seq2seq-beam');
}
