/**
 * Mutant: the loss is averaged over all B·T positions.
 * s5-bert-mlm — BERT-style masked language modelling: choose the tokens to predict and replace
 * them (maskTokens, plain TypeScript), then the loss over the chosen positions only (mlmLoss, tf).
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

export function maskTokens(
  tokens: number[][],
  o: { maskProb: number; maskId: number; vocabSize: number; specialIds: number[]; rng: Rng },
): { inputs: number[][]; labels: number[][] } {
  const special = new Set(o.specialIds);
  // Random replacements are drawn from the ordinary tokens only: a [PAD] or [CLS] in the middle of a
  // sentence is not a plausible word, and a random [MASK] would just be a masked token.
  const ordinary: number[] = [];
  for (let id = 0; id < o.vocabSize; id++) if (!special.has(id)) ordinary.push(id);
  if (ordinary.length === 0) throw new Error(`maskTokens: vocabSize ${o.vocabSize} leaves no ordinary token besides the ${special.size} special ids`);

  const inputs: number[][] = [];
  const labels: number[][] = [];
  for (const row of tokens) {
    const inRow = row.slice();
    const labRow = new Array<number>(row.length).fill(-1);
    row.forEach((tok, j) => {
      // Every ordinary token is chosen on its own coin flip: some sentences get none, some several.
      if (special.has(tok) || !(o.rng() < o.maskProb)) return;
      labRow[j] = tok; // the model must predict the original token here, whatever the input shows
      const r = o.rng();
      if (r < 0.8) inRow[j] = o.maskId; // 80 %: [MASK]
      else if (r < 0.9) inRow[j] = ordinary[Math.floor(o.rng() * ordinary.length)]; // 10 %: a random ordinary token
      // else 10 %: the token stays, so the model cannot assume an unmasked word is always right
    });
    inputs.push(inRow);
    labels.push(labRow);
  }
  return { inputs, labels };
}

export function mlmLoss(logits: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  if (logits.rank !== 3) throw new Error(`mlmLoss: logits must be [B, T, V], got shape [${logits.shape}]`);
  if (labels.rank !== 2 || labels.shape[0] !== logits.shape[0] || labels.shape[1] !== logits.shape[1]) throw new Error(`mlmLoss: labels shape [${labels.shape}] does not match logits [${logits.shape}]`);
  const V = logits.shape[2];
  return tf.tidy(() => {
    const lab = tf.cast(labels, 'int32');
    const keep = tf.cast(tf.greaterEqual(lab, 0), 'float32'); // 1 where a token is predicted
    // oneHot of −1 is a row of zeros, so ignored positions contribute nothing to the sum.
    const target = tf.oneHot(lab, V);
    // logSoftmax (log-sum-exp) stays finite for logits of ±1000; log(softmax) does not.
    const nll = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1)); // [B, T]
    const total = tf.sum(tf.mul(nll, keep));
    // Average over the predicted positions only; max(·, 1) makes "nothing chosen" a loss of 0, not 0/0.
    return tf.div(total, keep.size) as tf.Scalar;
  });
}
