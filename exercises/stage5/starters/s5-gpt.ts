/**
 * s5-gpt — a tiny GPT: a character-level causal language model (rule level P1: tf primitives such
 * as tf.matMul, tf.softmax, tf.logSoftmax, tf.multinomial; no tf.layers, no tf.losses).
 *
 * Work through the four steps in order; each is graded on its own.
 *
 * 1. Vocabulary. buildCharVocab(text): itos lists each distinct character once (sorted is a good
 *    choice), stoi maps a character to its index. encodeText turns text into ids (throw on a
 *    character that is not in stoi); decodeIds turns ids back into text.
 *
 * 2. The loss. causalLmLoss(logits [B,T,V], tokens [B,T]): the logits at position t have seen
 *    tokens 0…t and predict token t + 1. Compare logits[:, 0…T−2] with tokens[:, 1…T−1] and return
 *    the mean cross-entropy over those B·(T − 1) predictions (use tf.logSoftmax: it stays finite
 *    for large logits). Tokens may be int32 or float32. Throw when the shapes do not fit or T < 2.
 *
 * 3. The model. buildTinyGPT(c) returns { forward(ids [B,T]) → logits [B,T,V], trainableVariables,
 *    dispose() }:
 *      x = tokenEmbedding(ids) + positionEmbedding[0…T−1]          (tf.oneHot(ids, V)·E works well)
 *      numLayers × pre-norm block with a CAUSAL mask:  x = x + MHA(LN1(x)),  x = x + FFN(LN2(x))
 *      logits = LN(x)·Wout + bout
 *    Every weight is a tf.variable initialised from c.seed (the same seed builds the same model).
 *    dModel must be divisible by numHeads (throw otherwise); T ≤ maxLen.
 *    Your own parts fit here: if your s5-transformer-block file passes, you may write
 *      import { transformerBlock } from './s5-transformer-block';
 *    and call transformerBlock(x, params, { numHeads, mask: causal, preNorm: true }) for each layer
 *    (causal = 1 on and below the diagonal). Until it passes, write the block here. Note that
 *    tf.einsum has no gradient in tfjs 4.22: use tf.matMul for attention.
 *
 * 4. Sampling. sampleTokens(model, prompt, o) generates o.maxNewTokens tokens one at a time and
 *    returns ONLY the new tokens. Each step: run the model on the context so far (prompt + tokens
 *    chosen), take the LAST position's logits, divide them by o.temperature (before any softmax;
 *    throw unless temperature > 0), keep only the o.topK largest (the others become −Infinity) when
 *    topK is given, and draw with tf.multinomial(logits, 1, seed). tf.multinomial applies the softmax
 *    itself. Use a different seed per step derived from o.seed (e.g. o.seed + step): the same seed
 *    every step draws the same random number each time. Keep prompt.length + maxNewTokens ≤ maxLen.
 *
 * Return new tensors, leak nothing (tf.tidy), never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export interface TinyGPT {
  forward(ids: tf.Tensor2D): tf.Tensor3D;
  readonly trainableVariables: tf.Variable[];
  dispose(): void;
}

export function buildCharVocab(text: string): { stoi: Map<string, number>; itos: string[] } {
  // TODO: step 1
  throw new Error('Not implemented: s5-gpt');
}

export function encodeText(text: string, stoi: Map<string, number>): number[] {
  // TODO: step 1
  throw new Error('Not implemented: s5-gpt');
}

export function decodeIds(ids: number[], itos: string[]): string {
  // TODO: step 1
  throw new Error('Not implemented: s5-gpt');
}

export function causalLmLoss(logits: tf.Tensor3D, tokens: tf.Tensor2D): tf.Scalar {
  // TODO: step 2 — slice logits [B, T−1, V] and the next tokens [B, T−1], then mean cross-entropy.
  throw new Error('Not implemented: s5-gpt');
}

export function buildTinyGPT(c: { vocab: number; dModel: number; numHeads: number; numLayers: number; maxLen: number; seed: number }): TinyGPT {
  // TODO: step 3 — create the variables (seeded), then return an object whose forward runs the blocks.
  throw new Error('Not implemented: s5-gpt');
}

export function sampleTokens(model: TinyGPT, prompt: number[], o: { maxNewTokens: number; temperature: number; topK?: number; seed: number }): number[] {
  // TODO: step 4 — one tf.tidy per new token; return only the new tokens.
  throw new Error('Not implemented: s5-gpt');
}
