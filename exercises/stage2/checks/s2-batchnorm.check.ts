/**
 * Checks for s2-batchnorm. References: tf.layers.batchNormalization in training mode (biased
 * batch variance; moving ← m·moving + (1−m)·batch) and tf.batchNorm at inference. Batch 6 (so
 * N vs N−1 shows), momentum 0.8 (so a swapped momentum shows), ε = 1e-3, tolerance 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { closeEnough, defineChecks, expectKernelsNotUsed, expectNoBannedApis, fail, learnerGrads, makeSpirals } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';
import { expectCleanCall, expectTensorMatches, expectThrowsSaying, fmt, shp, vals } from './lib/kit';

type M = typeof import('../solutions/s2-batchnorm');
type BNState = import('../solutions/s2-batchnorm').BNState;

const TOL = { atol: 1e-4, rtol: 1e-4 };
const X2 = [[1, 2, 3], [4, 0, -1], [2, 2, 2], [0, 5, 1], [3, -2, 0], [1, 1, 7]];
const MOM = 0.8;
const EPS = 1e-3;

function makeState(C: number): BNState {
  const pick = (a: number[]): tf.Tensor1D => tf.tensor1d(a.slice(0, C));
  return { gamma: pick([1.5, 0.5, 2, 0.8]), beta: pick([0.1, -0.2, 0.3, 0.6]), movingMean: pick([0.5, 1, -1, 0.2]), movingVar: pick([2, 0.5, 1, 1.5]) };
}

const stateList = (s: BNState): tf.Tensor1D[] => [s.gamma, s.beta, s.movingMean, s.movingVar];

/** tf.layers.batchNormalization in training mode: y and the new moving statistics (as plain arrays). */
function layerReference(x: tf.Tensor, s: BNState, momentum: number, epsilon: number): { y: tf.Tensor; mm: number[]; mv: number[] } {
  const layer = tf.layers.batchNormalization({ momentum, epsilon });
  layer.build(x.shape);
  layer.setWeights(stateList(s));
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const w = layer.getWeights();
  const out = { y, mm: vals(w[2]), mv: vals(w[3]) };
  layer.weights.forEach((v) => v.dispose());
  return out;
}

function checkResultShape(r: { y: tf.Tensor; newState: BNState }, x: tf.Tensor): void {
  if (!r || !(r.y instanceof tf.Tensor) || !r.newState) fail('batchNormForward must return { y, newState }');
  if (shp(r.y.shape) !== shp(x.shape)) fail(`y has shape ${shp(r.y.shape)}, expected x's shape ${shp(x.shape)}`);
  for (const k of ['gamma', 'beta', 'movingMean', 'movingVar'] as const) {
    if (!(r.newState[k] instanceof tf.Tensor)) fail(`newState.${k} is missing`);
  }
}

/** Training mode on x against the layer, naming the usual mistakes. */
function trainingCase(m: M, x: tf.Tensor, what: string): void {
  const C = x.shape[x.rank - 1];
  const s = makeState(C);
  const r = m.batchNormForward(x, s, { training: true, momentum: MOM, epsilon: EPS });
  checkResultShape(r, x);
  const ref = layerReference(x, s, MOM, EPS);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const N = x.size / C;
  const { mean, variance } = tf.moments(x, axes);
  const unbiased = tf.mul(variance, N / (N - 1));
  const norm = (v: tf.Tensor, epsInside = true): tf.Tensor => tf.add(tf.mul(tf.div(tf.sub(x, mean), epsInside ? tf.sqrt(tf.add(v, EPS)) : tf.add(tf.sqrt(v), EPS)), s.gamma), s.beta);
  expectTensorMatches(r.y, ref.y, `${what}: y`, TOL, [
    { values: norm(unbiased), say: `variance divided by N−1: batch norm uses the biased variance (divide by N = ${N})`, hintKey: 'bn-biased' },
    { values: norm(variance, false), say: 'ε added outside the square root: divide by √(σ² + ε)' },
    { values: tf.add(tf.mul(tf.div(tf.sub(x, s.movingMean), tf.sqrt(tf.add(s.movingVar, EPS))), s.gamma), s.beta), say: 'training mode used the moving statistics: in training normalise with the batch mean and variance' },
    { values: tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), s.beta), s.gamma), say: 'γ and β swapped: y = γ·x̂ + β' },
    { values: tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), say: 'γ and β not applied: y = γ·x̂ + β' },
  ]);
  const mm = vals(r.newState.movingMean);
  const mv = vals(r.newState.movingVar);
  const bm = vals(mean);
  const bv = vals(variance);
  const ub = vals(unbiased);
  const om = vals(s.movingMean);
  const ov = vals(s.movingVar);
  const near = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => closeEnough(v, b[i], 1e-4, 1e-4));
  if (!near(mm, ref.mm)) {
    const swapped = om.map((o, i) => (1 - MOM) * o + MOM * bm[i]);
    fail(near(mm, swapped)
      ? `moving mean updated with momentum swapped (PyTorch convention): with Keras/tfjs momentum ${MOM}, moving ← ${MOM}·moving + ${fmt(1 - MOM)}·batch`
      : near(mm, om) ? 'movingMean was not updated in training mode' : `newState.movingMean ${mm.map(fmt).join(', ')}, expected ${ref.mm.map(fmt).join(', ')}`,
    { expected: ref.mm.map(fmt).join(', '), actual: mm.map(fmt).join(', '), hintKey: 'bn-momentum' });
  }
  if (!near(mv, ref.mv)) {
    const swapped = ov.map((o, i) => (1 - MOM) * o + MOM * bv[i]);
    const withUnbiased = ov.map((o, i) => MOM * o + (1 - MOM) * ub[i]);
    fail(near(mv, swapped)
      ? `moving variance updated with momentum swapped (PyTorch convention): moving ← ${MOM}·moving + ${fmt(1 - MOM)}·batch`
      : near(mv, withUnbiased) ? 'moving variance fed with the unbiased (N−1) variance, as PyTorch does: tfjs uses the biased batch variance for the moving variance too'
        : near(mv, ov) ? 'movingVar was not updated in training mode' : `newState.movingVar ${mv.map(fmt).join(', ')}, expected ${ref.mv.map(fmt).join(', ')}`,
    { expected: ref.mv.map(fmt).join(', '), actual: mv.map(fmt).join(', '), hintKey: 'bn-momentum' });
  }
  expectTensorMatches(r.newState.gamma, s.gamma, `${what}: newState.gamma (the forward pass does not change γ)`, TOL);
  expectTensorMatches(r.newState.beta, s.beta, `${what}: newState.beta (the forward pass does not change β)`, TOL);
}

export default defineChecks<M>({
  checks: [
    {
      name: 'training mode matches tf.layers.batchNormalization on [6,3] (y and moving statistics)',
      fn: 'batchNormForward',
      hintKey: 'bn-training',
      run(m) {
        tf.tidy(() => trainingCase(m, tf.tensor2d(X2), 'training [6,3]'));
      },
    },
    {
      name: 'training mode normalises every axis but the last on NHWC [2,3,3,2]',
      fn: 'batchNormForward',
      run(m) {
        tf.tidy(() => trainingCase(m, tf.tensor4d(Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 2)), [2, 3, 3, 2]), 'training [2,3,3,2]'));
      },
    },
    {
      name: 'inference uses the moving statistics (tf.batchNorm) and returns the state unchanged',
      fn: 'batchNormForward',
      hintKey: 'bn-inference',
      run(m) {
        tf.tidy(() => {
          const x = tf.tensor2d(X2);
          const s = makeState(3);
          const r = m.batchNormForward(x, s, { training: false, momentum: MOM, epsilon: EPS });
          checkResultShape(r, x);
          const ref = tf.batchNorm(x, s.movingMean, s.movingVar, s.beta, s.gamma, EPS);
          const { mean, variance } = tf.moments(x, 0);
          expectTensorMatches(r.y, ref, 'inference y', TOL, [
            { values: tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), s.gamma), s.beta), say: 'BN inference using batch stats: at inference normalise with movingMean and movingVar, so an example\'s output does not depend on its batch', hintKey: 'bn-inference' },
          ]);
          for (const k of ['gamma', 'beta', 'movingMean', 'movingVar'] as const) {
            expectTensorMatches(r.newState[k], s[k], `inference must not change the state: newState.${k}`, { atol: 0, rtol: 0 });
          }
        });
      },
    },
    {
      name: 'properties: per-channel mean of y is β in training; a batch of 1 gives y = β',
      fn: 'batchNormForward',
      run(m) {
        tf.tidy(() => {
          const s = makeState(3);
          const r = m.batchNormForward(tf.tensor2d(X2), s, { training: true, momentum: MOM, epsilon: EPS });
          checkResultShape(r, tf.tensor2d(X2));
          expectTensorMatches(tf.mean(r.y, 0), s.beta, 'mean of y over the batch (must equal β)', TOL);
          const one = tf.tensor2d([[3, -1, 2]]);
          const r1 = m.batchNormForward(one, s, { training: true, momentum: MOM, epsilon: EPS });
          if (vals(r1.y).some(Number.isNaN)) fail('a batch of 1 in training mode gives NaN: dividing the variance by N − 1 = 0? Batch norm uses the biased variance (÷ N), which is 0 here, so y = β', { hintKey: 'bn-biased' });
          expectTensorMatches(r1.y, tf.reshape(s.beta, [1, 3]), 'batch of 1 in training mode (x − μ = 0, so y = β)', TOL);
        });
      },
    },
    {
      name: 'gradients (x, γ, β) through your function equal tf.grads of the reference formula',
      fn: 'batchNormForward',
      run(m) {
        tf.tidy(() => {
          const x = tf.tensor2d(X2);
          const s = makeState(3);
          // A fixed random-looking weighting so the loss depends on every output differently.
          const wts = tf.tensor2d(X2.map((row, i) => row.map((_, j) => Math.cos(1 + i * 3 + j))));
          const mine = learnerGrads(m.batchNormForward, [x, s, { training: true, momentum: MOM, epsilon: EPS }], [0, [1, 'gamma'], [1, 'beta']], wts, ['y']).grads;
          const refFn = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
            const { mean, variance } = tf.moments(xx, 0);
            return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, EPS))), g), b), wts));
          };
          const ref = tf.grads(refFn)([x, s.gamma, s.beta]);
          ['x', 'γ', 'β'].forEach((n, i) => expectTensorMatches(mine[i], ref[i], `∂loss/∂${n}`, TOL));
        });
      },
    },
    {
      name: 'bad inputs throw: rank-1 x, state of the wrong shape, momentum outside [0, 1] (both modes)',
      fn: 'batchNormForward',
      run(m) {
        tf.tidy(() => {
          const x = tf.tensor2d(X2);
          const s = makeState(3);
          expectThrowsSaying('batchNormForward on a rank-1 x (no batch axis)', () => m.batchNormForward(tf.tensor1d([1, 2, 3]), s, { training: true, momentum: MOM, epsilon: EPS }));
          for (const training of [true, false]) {
            const mode = training ? 'training' : 'inference';
            expectThrowsSaying(`batchNormForward (${mode}) with gamma of shape [2] for 3 channels`, () => m.batchNormForward(x, { ...s, gamma: tf.tensor1d([1, 1]) }, { training, momentum: MOM, epsilon: EPS }));
            expectThrowsSaying(`batchNormForward (${mode}) with movingVar of shape [4] for 3 channels`, () => m.batchNormForward(x, { ...s, movingVar: tf.ones([4]) as tf.Tensor1D }, { training, momentum: MOM, epsilon: EPS }));
            expectThrowsSaying(`batchNormForward (${mode}) with momentum 1.5`, () => m.batchNormForward(x, s, { training, momentum: 1.5, epsilon: EPS }));
            expectThrowsSaying(`batchNormForward (${mode}) with momentum −0.1`, () => m.batchNormForward(x, s, { training, momentum: -0.1, epsilon: EPS }));
          }
        });
      },
    },
    {
      name: 'no tensors leaked, inputs and state left intact',
      fn: 'batchNormForward',
      async run(m) {
        const x = tf.tensor2d(X2);
        const s = makeState(3);
        try {
          await expectCleanCall('batchNormForward (training)', { x, state: s }, () => m.batchNormForward(x, s, { training: true, momentum: MOM, epsilon: EPS }));
          await expectCleanCall('batchNormForward (inference)', { x, state: s }, () => m.batchNormForward(x, s, { training: false, momentum: MOM, epsilon: EPS }));
        } finally {
          tf.dispose([x, ...stateList(s)]);
        }
      },
    },
    {
      name: 'no tf.batchNorm / tf.layers.batchNormalization / FusedBatchNorm',
      fn: 'batchNormForward',
      async run(m, ctx) {
        expectNoBannedApis(ctx.source, [
          'tf.batchNorm', 'tf.batchNorm2d', 'tf.batchNorm3d', 'tf.batchNorm4d', 'tf.batchNormalization', 'tf.fusedBatchNorm', 'tf.layers.batchNormalization',
        ], 'normalise with your own mean and variance');
        const x = tf.tensor2d(X2);
        const s = makeState(3);
        try {
          await expectKernelsNotUsed(() => [
            m.batchNormForward(x, s, { training: true, momentum: MOM, epsilon: EPS }),
            m.batchNormForward(x, s, { training: false, momentum: MOM, epsilon: EPS }),
          ], ['FusedBatchNorm'], 'normalise with your own ops (mean, variance, sub, div)');
        } finally {
          tf.dispose([x, ...stateList(s)]);
        }
      },
    },
  ],
  demo: { run: (m, ctx) => deepSigmoidDemo(m, ctx) },
});

// ---- demo: an 8-layer sigmoid MLP on spirals, with and without your batch norm ----

async function trainDeep(m: M, useBN: boolean, x: tf.Tensor2D, y: tf.Tensor2D, steps: number, onLoss: (step: number, loss: number) => void): Promise<{ finalLoss: number; acts: number[][] }> {
  const L = 8;
  const width = 32;
  const vars: tf.Variable[] = [];
  const layers: Array<{ W: tf.Variable; b: tf.Variable; gamma?: tf.Variable; beta?: tf.Variable; state?: { mm: tf.Tensor1D; mv: tf.Tensor1D } }> = [];
  for (let l = 0; l < L; l++) {
    const fanIn = l === 0 ? 2 : width;
    const W = tf.variable(tf.initializers.glorotNormal({ seed: 10 + l }).apply([fanIn, width]) as tf.Tensor);
    const b = tf.variable(tf.zeros([width]));
    vars.push(W, b);
    const layer: (typeof layers)[number] = { W, b };
    if (useBN) {
      layer.gamma = tf.variable(tf.ones([width]));
      layer.beta = tf.variable(tf.zeros([width]));
      layer.state = { mm: tf.zeros([width]), mv: tf.ones([width]) };
      vars.push(layer.gamma, layer.beta);
    }
    layers.push(layer);
  }
  const Wout = tf.variable(tf.initializers.glorotNormal({ seed: 99 }).apply([width, 3]) as tf.Tensor);
  const bout = tf.variable(tf.zeros([3]));
  vars.push(Wout, bout);
  const forward = (training: boolean, keep?: tf.Tensor[]): tf.Tensor => {
    let h: tf.Tensor = x;
    for (const layer of layers) {
      let z = tf.add(tf.matMul(h, layer.W), layer.b);
      if (layer.gamma && layer.beta && layer.state) {
        const r = m.batchNormForward(z, { gamma: layer.gamma as tf.Tensor as tf.Tensor1D, beta: layer.beta as tf.Tensor as tf.Tensor1D, movingMean: layer.state.mm, movingVar: layer.state.mv }, { training, momentum: 0.9, epsilon: 1e-3 });
        z = r.y;
        if (training) {
          // Keep the new moving statistics outside the gradient tape's tidy scope.
          tf.dispose([layer.state.mm, layer.state.mv]);
          layer.state.mm = tf.keep(r.newState.movingMean);
          layer.state.mv = tf.keep(r.newState.movingVar);
        }
      }
      h = tf.sigmoid(z);
      if (keep) keep.push(h);
    }
    return tf.add(tf.matMul(h, Wout), bout);
  };
  const labels = y;
  const opt = tf.train.adam(0.01);
  let finalLoss = NaN;
  for (let step = 1; step <= steps; step++) {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(true)) as tf.Scalar, true, vars) as tf.Scalar;
    finalLoss = loss.dataSync()[0];
    loss.dispose();
    if (step % 5 === 0 || step === 1) onLoss(step, finalLoss);
    if (step % 25 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  // Per-layer activations after training, in training mode (batch statistics), for the histograms.
  const acts = tf.tidy(() => {
    const hs: tf.Tensor[] = [];
    const saved = layers.map((l) => l.state && { mm: l.state.mm, mv: l.state.mv });
    layers.forEach((l) => { if (l.state) l.state = { mm: tf.keep(l.state.mm.clone()), mv: tf.keep(l.state.mv.clone()) }; });
    forward(true, hs);
    layers.forEach((l, i) => { if (l.state) { tf.dispose([l.state.mm, l.state.mv]); l.state = saved[i]!; } });
    return hs.map((h) => Array.from(h.dataSync()));
  });
  opt.dispose();
  tf.dispose(vars);
  layers.forEach((l) => l.state && tf.dispose([l.state.mm, l.state.mv]));
  return { finalLoss, acts };
}

function histogram(values: number[], bins: number): { bins: number[]; counts: number[] } {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  return { bins: edges, counts };
}

async function deepSigmoidDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const data = makeSpirals({ nPerClass: 67, classes: 3, noise: 0.2, seed: 5 });
  const x = tf.tensor2d(data.x);
  const y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 3).toFloat() as tf.Tensor2D;
  const steps = 150;
  const curves: Record<number, Record<string, number>> = {};
  const log = (name: string) => (step: number, loss: number): void => {
    curves[step] = { ...curves[step], [name]: loss };
    ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Training loss, 8-layer sigmoid MLP', epoch: step, values: curves[step] });
  };
  try {
    const plain = await trainDeep(m, false, x, y, steps, log('without BN'));
    const bn = await trainDeep(m, true, x, y, steps, log('with your BN'));
    for (const [chart, r, title] of [['histogramsNoBN', plain, 'Sigmoid activations per layer, without BN'], ['histogramsBN', bn, 'Sigmoid activations per layer, with BN']] as const) {
      ctx.emit({ kind: 'histogram', chart, title, groups: r.acts.map((a, i) => ({ name: `layer ${i + 1}`, ...histogram(a, 20) })) });
    }
    const spread = (a: number[]): number => {
      const mu = a.reduce((s, v) => s + v, 0) / a.length;
      return Math.sqrt(a.reduce((s, v) => s + (v - mu) ** 2, 0) / a.length);
    };
    return {
      finalLossWithoutBN: plain.finalLoss, finalLossWithBN: bn.finalLoss,
      lastLayerActStdWithoutBN: spread(plain.acts[7]), lastLayerActStdWithBN: spread(bn.acts[7]),
      bnRescuesDeepSigmoid: bn.finalLoss < plain.finalLoss,
    };
  } finally {
    tf.dispose([x, y]);
  }
}
