/**
 * The tiny-GPT comparison of `dl-tutor bench` (dist/bench-gpt.js), one process per run:
 *
 *   node dist/bench-gpt.js run tensorflow|cpu reference|fast     prints JSON
 *
 * Model (both variants, and scripts/bench-gpt-torch.py on PyTorch): vocabulary 64, d 64, 4 heads,
 * 2 pre-norm layers (causal MHA without biases, FFN 4d with ReLU), learned positions, T 32, batch 16,
 * Adam(1e-3), the shifted next-token cross-entropy. Random token ids (seeded): timing does not
 * depend on the values. 5 warm-up steps, then the median of 30 timed steps (2 and 8 on the pure-JS
 * engine). Sampling: 64 new tokens
 * one at a time from an 8-token prompt, the whole (cropped) context through the model each step,
 * tf.multinomial at temperature 1: tokens per second.
 * - reference: the exercise's own solution (buildTinyGPT + causalLmLoss of s5-gpt);
 * - fast: src/bench/gptFast.ts (one flat parameter vector, fused matMul+bias+ReLU, a hand-written
 *   layer-norm gradient).
 * Kernels per step: tf.profile of one training step (native engine).
 */
import { buildFastGpt, type GptConfig } from './gptFast';

export const GPT_BENCH = { vocab: 64, dModel: 64, numHeads: 4, numLayers: 2, T: 32, B: 16, lr: 1e-3, warmup: 5, steps: 30, sampleTokens: 64, prompt: 8 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main(): Promise<void> {
  const [cmd, engine = 'tensorflow', variant = 'fast'] = process.argv.slice(2);
  if (cmd !== 'run') throw new Error('usage: bench-gpt run tensorflow|cpu reference|fast');
  const tf: typeof import('@tensorflow/tfjs') = engine === 'cpu' ? require('@tensorflow/tfjs') : require('@tensorflow/tfjs-node');
  if (engine === 'cpu') await tf.setBackend('cpu');
  const { vocab, dModel, numHeads, numLayers, T, B, lr } = GPT_BENCH;
  // The pure-JS engine takes about a second per step: fewer steps there.
  const [warmup, steps] = engine === 'cpu' ? [2, 8] : [GPT_BENCH.warmup, GPT_BENCH.steps];
  const c: GptConfig = { vocab, dModel, numHeads, numLayers, maxLen: T, seed: 1 };
  let model: { forward(ids: import('@tensorflow/tfjs').Tensor2D): import('@tensorflow/tfjs').Tensor3D; readonly trainableVariables: import('@tensorflow/tfjs').Variable[]; dispose(): void };
  let gradientCheck: number | undefined;
  let loss: (logits: import('@tensorflow/tfjs').Tensor3D, tokens: import('@tensorflow/tfjs').Tensor2D) => import('@tensorflow/tfjs').Scalar;
  if (variant === 'reference') {
    const ref = await import('../../exercises/stage5/solutions/s5-gpt');
    model = ref.buildTinyGPT(c);
    loss = ref.causalLmLoss;
  } else {
    const fast = buildFastGpt(tf, c);
    gradientCheck = fast.checkGradients();
    model = fast;
    // The shifted cross-entropy, from logSoftmax and a gather of the next-token entries.
    loss = (logits, tokens) => tf.tidy(() => {
      const [b, t, v] = logits.shape;
      const logp = tf.logSoftmax(tf.reshape(tf.slice(logits, [0, 0, 0], [b, t - 1, v]), [b * (t - 1), v]));
      const next = tf.oneHot(tf.reshape(tf.slice(tf.cast(tokens, 'int32'), [0, 1], [b, t - 1]), [b * (t - 1)]), v);
      return tf.neg(tf.div(tf.sum(tf.mul(logp, next)), b * (t - 1))) as import('@tensorflow/tfjs').Scalar;
    });
  }
  const params = model.trainableVariables.reduce((a, v) => a + v.size, 0);
  // Seeded random ids (an LCG), the same every run.
  let s = 12345;
  const rnd = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const batch = () => tf.tensor2d(Array.from({ length: B }, () => Array.from({ length: T }, () => Math.floor(rnd() * vocab))), [B, T], 'int32');
  const opt = tf.train.adam(lr);
  const step = (x: import('@tensorflow/tfjs').Tensor2D) => {
    const l = opt.minimize(() => loss(model.forward(x), x), true, model.trainableVariables)!;
    const v = l.dataSync()[0];
    l.dispose();
    return v;
  };
  const times: number[] = [];
  let last = NaN;
  for (let i = 0; i < warmup + steps; i++) {
    const x = batch();
    const t0 = performance.now();
    last = step(x);
    const ms = performance.now() - t0;
    if (i >= warmup) times.push(ms);
    x.dispose();
  }
  let kernelsPerStep: number | undefined;
  let top: string[] | undefined;
  if (engine !== 'cpu') {
    const x = batch();
    const p = await tf.profile(() => { step(x); });
    kernelsPerStep = p.kernels.length;
    const byName = new Map<string, number>();
    const msByName = new Map<string, number>();
    for (const k of p.kernels) {
      byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
      msByName.set(k.name, (msByName.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
    }
    top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${k} ×${n} ${msByName.get(k)!.toFixed(1)} ms`);
    x.dispose();
  }
  // Sampling: one token at a time, the whole cropped context each step (the fast variant cuts its
  // parameter views once for the whole generation).
  (model as { inference?(on: boolean): void }).inference?.(true);
  const ctx: number[] = Array.from({ length: GPT_BENCH.prompt }, () => Math.floor(rnd() * vocab));
  const t1 = performance.now();
  for (let i = 0; i < GPT_BENCH.sampleTokens; i++) {
    const window = ctx.slice(-T);
    const next = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d([window], [1, window.length], 'int32'));
      const lastLogits = tf.reshape(tf.slice(logits, [0, window.length - 1, 0], [1, 1, vocab]), [1, vocab]);
      return tf.multinomial(lastLogits as import('@tensorflow/tfjs').Tensor2D, 1, 1000 + i).dataSync()[0];
    });
    ctx.push(next);
  }
  const sampleMs = performance.now() - t1;
  (model as { inference?(on: boolean): void }).inference?.(false);
  model.dispose();
  opt.dispose();
  process.stdout.write(JSON.stringify({
    engine: tf.getBackend(), variant, params, msPerStep: +median(times).toFixed(2), minMsPerStep: +Math.min(...times).toFixed(2), loss: +last.toFixed(4),
    ...(kernelsPerStep !== undefined ? { kernelsPerStep, topKernels: top } : {}),
    ...(gradientCheck !== undefined ? { handWrittenGradientsMaxDiff: +gradientCheck.toExponential(2) } : {}),
    samplingTokensPerSec: +((GPT_BENCH.sampleTokens / sampleMs) * 1000).toFixed(1),
  }) + '\n');
}

main().catch((e) => { process.stderr.write(String(e?.stack ?? e) + '\n'); process.exit(1); });
