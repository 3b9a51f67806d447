// Mutant: top-k off by one: the k-th largest logit is dropped too (k − 1 kept).
/**
 * s5-gpt (P1): a tiny GPT — a character-level causal language model.
 *
 * Four small steps, each graded on its own:
 *   1. buildCharVocab / encodeText / decodeIds: characters ↔ token ids.
 *   2. causalLmLoss: the position-t logits predict token t + 1 (shifted cross-entropy).
 *   3. buildTinyGPT: embeddings + positions → pre-norm transformer blocks with a causal mask → logits.
 *   4. sampleTokens: generate one token at a time (temperature, top-k, seeded tf.multinomial).
 */
import * as tf from '@tensorflow/tfjs';

export interface TinyGPT {
  forward(ids: tf.Tensor2D): tf.Tensor3D;
  readonly trainableVariables: tf.Variable[];
  dispose(): void;
}

// ---------- 1. Vocabulary ----------

export function buildCharVocab(text: string): { stoi: Map<string, number>; itos: string[] } {
  // Sorted, so the same text always gives the same ids.
  const itos = [...new Set(text)].sort();
  return { stoi: new Map(itos.map((ch, i) => [ch, i] as [string, number])), itos };
}

export function encodeText(text: string, stoi: Map<string, number>): number[] {
  return [...text].map((ch) => {
    const id = stoi.get(ch);
    if (id === undefined) throw new Error(`encodeText: character ${JSON.stringify(ch)} is not in the vocabulary`);
    return id;
  });
}

export function decodeIds(ids: number[], itos: string[]): string {
  return ids.map((id) => {
    if (!Number.isInteger(id) || id < 0 || id >= itos.length) throw new Error(`decodeIds: id ${id} is outside 0…${itos.length - 1}`);
    return itos[id];
  }).join('');
}

// ---------- 2. The loss ----------

export function causalLmLoss(logits: tf.Tensor3D, tokens: tf.Tensor2D): tf.Scalar {
  if (logits.rank !== 3 || tokens.rank !== 2) throw new Error(`causalLmLoss: logits must be [B,T,V] and tokens [B,T], got [${logits.shape}] and [${tokens.shape}]`);
  const [B, T, V] = logits.shape;
  if (tokens.shape[0] !== B || tokens.shape[1] !== T) throw new Error(`causalLmLoss: tokens [${tokens.shape}] do not match logits [${logits.shape}]`);
  if (T < 2) throw new Error('causalLmLoss: T must be at least 2 (position t predicts token t + 1)');
  return tf.tidy(() => {
    // Position t has seen tokens 0…t and predicts token t + 1: drop the last logits and the first token.
    const pred = tf.slice(logits, [0, 0, 0], [B, T - 1, V]);
    const next = tf.slice(tokens, [0, 1], [B, T - 1]);
    const logp = tf.logSoftmax(pred); // stable for large logits
    const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(next, 'int32'), V)), -1);
    return tf.neg(tf.mean(picked)) as tf.Scalar; // mean over the B·(T − 1) predictions
  });
}

// ---------- 3. The model ----------

type Config = { vocab: number; dModel: number; numHeads: number; numLayers: number; maxLen: number; seed: number };

interface Layer {
  ln1g: tf.Variable; ln1b: tf.Variable; Wqkv: tf.Variable; Wo: tf.Variable;
  ln2g: tf.Variable; ln2b: tf.Variable; W1: tf.Variable; b1: tf.Variable; W2: tf.Variable; b2: tf.Variable;
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

export class Gpt implements TinyGPT {
  private readonly E: tf.Variable; // token embeddings [V, d]
  private readonly P: tf.Variable; // learned positions [maxLen, d]
  private readonly layers: Layer[] = [];
  private readonly lnFg: tf.Variable; private readonly lnFb: tf.Variable;
  private readonly Wout: tf.Variable; private readonly bout: tf.Variable;

  constructor(private readonly c: Config) {
    const { vocab: V, dModel: d, numLayers: L, maxLen } = c;
    let k = 0;
    // Every weight gets its own seed derived from c.seed: the same seed builds the same model.
    const normal = (shape: number[], std: number) => tf.variable(tf.randomNormal(shape, 0, std, 'float32', c.seed * 997 + ++k));
    const ones = (n: number) => tf.variable(tf.ones([n]));
    const zeros = (shape: number[]) => tf.variable(tf.zeros(shape));
    this.E = normal([V, d], 0.3);
    this.P = normal([maxLen, d], 0.3);
    for (let l = 0; l < L; l++) {
      this.layers.push({
        ln1g: ones(d), ln1b: zeros([d]),
        Wqkv: normal([d, 3 * d], 1 / Math.sqrt(d)), // q, k and v projections side by side
        Wo: normal([d, d], 1 / Math.sqrt(d * 2 * L)),
        ln2g: ones(d), ln2b: zeros([d]),
        W1: normal([d, 4 * d], 1 / Math.sqrt(d)), b1: zeros([4 * d]),
        W2: normal([4 * d, d], 1 / Math.sqrt(4 * d * 2 * L)), b2: zeros([d]),
      });
    }
    this.lnFg = ones(d);
    this.lnFb = zeros([d]);
    this.Wout = normal([d, V], 1 / Math.sqrt(d));
    this.bout = zeros([V]);
  }

  get trainableVariables(): tf.Variable[] {
    return [this.E, this.P, ...this.layers.flatMap((l) => Object.values(l)), this.lnFg, this.lnFb, this.Wout, this.bout];
  }

  forward(ids: tf.Tensor2D): tf.Tensor3D {
    return this.run(ids) as tf.Tensor3D;
  }

  /** Attention weights [B, heads, T, T] of every layer (for pictures). */
  attentionMaps(ids: tf.Tensor2D): tf.Tensor4D[] {
    const maps: tf.Tensor4D[] = [];
    tf.dispose(this.run(ids, maps));
    return maps;
  }

  private run(ids: tf.Tensor2D, maps?: tf.Tensor4D[]): tf.Tensor {
    const { vocab: V, dModel: d, numHeads: H, maxLen } = this.c;
    if (ids.rank !== 2) throw new Error(`forward: ids must be [B,T], got [${ids.shape}]`);
    const [B, T] = ids.shape;
    if (T < 1 || T > maxLen) throw new Error(`forward: T = ${T} must be between 1 and maxLen = ${maxLen}`);
    const dh = d / H;
    return tf.tidy(() => {
      // oneHot·E instead of tf.gather: the same numbers, and a cheap gradient on the pure-JS engine.
      const onehot = tf.oneHot(tf.reshape(tf.cast(ids, 'int32'), [B * T]), V);
      let x = tf.add(tf.reshape(tf.matMul(onehot, this.E), [B, T, d]), tf.slice(this.P, [0, 0], [T, d]));
      // The causal mask: position t may look at 0…t. Blocked scores get −1e9 before the softmax.
      const blocked = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
      for (const p of this.layers) {
        // Pre-norm block: x + MHA(LN1(x)), then x + FFN(LN2(x)).
        const h = tf.reshape(layerNorm(x, p.ln1g, p.ln1b), [B * T, d]);
        const qkv = tf.transpose(tf.reshape(tf.matMul(h, p.Wqkv), [B, T, 3, H, dh]), [2, 0, 3, 1, 4]); // [3,B,H,T,dh]
        const [q, k, v] = tf.unstack(qkv) as tf.Tensor4D[];
        const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)), blocked);
        const w = tf.softmax(scores) as tf.Tensor4D;
        if (maps) maps.push(tf.keep(w));
        const heads = tf.reshape(tf.transpose(tf.matMul(w, v), [0, 2, 1, 3]), [B * T, d]);
        x = tf.add(x, tf.reshape(tf.matMul(heads, p.Wo), [B, T, d]));
        const h2 = tf.reshape(layerNorm(x, p.ln2g, p.ln2b), [B * T, d]);
        const ff = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(h2, p.W1), p.b1)), p.W2), p.b2);
        x = tf.add(x, tf.reshape(ff, [B, T, d]));
      }
      const out = tf.reshape(layerNorm(x, this.lnFg, this.lnFb), [B * T, d]);
      return tf.reshape(tf.add(tf.matMul(out, this.Wout), this.bout), [B, T, V]);
    });
  }

  dispose(): void {
    tf.dispose(this.trainableVariables);
  }
}

export function buildTinyGPT(c: Config): TinyGPT {
  const { vocab, dModel, numHeads, numLayers, maxLen } = c;
  for (const [k, v] of Object.entries({ vocab, dModel, numHeads, numLayers, maxLen })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`buildTinyGPT: ${k} must be a positive integer, got ${v}`);
  }
  if (dModel % numHeads !== 0) throw new Error(`buildTinyGPT: dModel ${dModel} is not divisible by numHeads ${numHeads}`);
  return new Gpt({ ...c });
}

// ---------- 4. Sampling ----------

export function sampleTokens(model: TinyGPT, prompt: number[], o: { maxNewTokens: number; temperature: number; topK?: number; seed: number }): number[] {
  if (prompt.length === 0) throw new Error('sampleTokens: the prompt needs at least one token');
  if (!Number.isInteger(o.maxNewTokens) || o.maxNewTokens < 0) throw new Error(`sampleTokens: maxNewTokens must be a whole number ≥ 0, got ${o.maxNewTokens}`);
  if (!(o.temperature > 0) || !Number.isFinite(o.temperature)) throw new Error(`sampleTokens: temperature must be > 0, got ${o.temperature}`);
  if (o.topK !== undefined && (!Number.isInteger(o.topK) || o.topK < 1)) throw new Error(`sampleTokens: topK must be a whole number ≥ 1, got ${o.topK}`);
  const context = [...prompt];
  const fresh: number[] = [];
  for (let step = 0; step < o.maxNewTokens; step++) {
    const next = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d([context], [1, context.length], 'int32'));
      const V = logits.shape[2];
      // Only the last position's logits matter: they predict the next token.
      let last = tf.div(tf.reshape(tf.slice(logits, [0, context.length - 1, 0], [1, 1, V]), [1, V]), o.temperature);
      if (o.topK !== undefined && o.topK < V) {
        const kth = tf.slice(tf.topk(last, o.topK).values, [0, o.topK - 1], [1, 1]);
        last = tf.where(tf.lessEqual(last, kth), tf.fill([1, V], -Infinity), last);
      }
      // A new seed per step: the same seed every step would draw the same uniform number each time.
      return tf.multinomial(last as tf.Tensor2D, 1, o.seed + step).dataSync()[0];
    });
    context.push(next);
    fresh.push(next);
  }
  return fresh; // only the new tokens, not the prompt
}
