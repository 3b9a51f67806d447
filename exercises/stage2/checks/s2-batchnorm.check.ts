/**
 * Checks for s2-batchnorm. References: tf.layers.batchNormalization in training mode (biased
 * batch variance; moving ← m·moving + (1−m)·batch) and tf.batchNorm at inference. Batch 6 (so
 * N vs N−1 shows), momentum 0.8 (so a swapped momentum shows), ε = 1e-3, tolerance 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectTensorClose, closeEnough, fmtNum, fmtShape, learnerGrads, standardChecks, valuesOf } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-batchnorm');
const fmt = (v: number): string => fmtNum(v, 6);
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
  const out = { y, mm: valuesOf(w[2]), mv: valuesOf(w[3]) };
  layer.weights.forEach((v) => v.dispose());
  return out;
}

function checkResultShape(r: { y: tf.Tensor; newState: BNState }, x: tf.Tensor): void {
  if (!r || !(r.y instanceof tf.Tensor) || !r.newState) fail('batchNormForward must return { y, newState }');
  if (fmtShape(r.y.shape) !== fmtShape(x.shape)) fail(`y has shape ${fmtShape(r.y.shape)}, expected x's shape ${fmtShape(x.shape)}`);
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
  expectTensorClose(r.y, ref.y, { name: `${what}: y`, ...TOL, tensor: true, mistakes: [
    { when: norm(unbiased), message: `variance divided by N−1: batch norm uses the biased variance (divide by N = ${N})`, hintKey: 'bn-biased' },
    { when: norm(variance, false), message: 'ε added outside the square root: divide by √(σ² + ε)' },
    { when: tf.add(tf.mul(tf.div(tf.sub(x, s.movingMean), tf.sqrt(tf.add(s.movingVar, EPS))), s.gamma), s.beta), message: 'training mode used the moving statistics: in training normalise with the batch mean and variance' },
    { when: tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), s.beta), s.gamma), message: 'γ and β swapped: y = γ·x̂ + β' },
    { when: tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), message: 'γ and β not applied: y = γ·x̂ + β' },
  ] });
  const mm = valuesOf(r.newState.movingMean);
  const mv = valuesOf(r.newState.movingVar);
  const bm = valuesOf(mean);
  const bv = valuesOf(variance);
  const ub = valuesOf(unbiased);
  const om = valuesOf(s.movingMean);
  const ov = valuesOf(s.movingVar);
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
  expectTensorClose(r.newState.gamma, s.gamma, { name: `${what}: newState.gamma (the forward pass does not change γ)`, ...TOL, tensor: true });
  expectTensorClose(r.newState.beta, s.beta, { name: `${what}: newState.beta (the forward pass does not change β)`, ...TOL, tensor: true });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'training-mode', name: 'training mode matches tf.layers.batchNormalization on [6,3] (y and moving statistics)', fn: 'batchNormForward', hintKey: 'bn-training',
      run(m) {
        tf.tidy(() => trainingCase(m, tf.tensor2d(X2), 'training [6,3]'));
      },
    },
    {
      id: 'training-nhwc', name: 'training mode normalises every axis but the last on NHWC [2,3,3,2]', fn: 'batchNormForward',
      run(m) {
        tf.tidy(() => trainingCase(m, tf.tensor4d(Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 2)), [2, 3, 3, 2]), 'training [2,3,3,2]'));
      },
    },
    {
      id: 'inference-mode', name: 'inference uses the moving statistics (tf.batchNorm) and returns the state unchanged', fn: 'batchNormForward', hintKey: 'bn-inference',
      run: (m) => tf.tidy(() => {
        const x = tf.tensor2d(X2);
        const s = makeState(3);
        const r = m.batchNormForward(x, s, { training: false, momentum: MOM, epsilon: EPS });
        checkResultShape(r, x);
        const ref = tf.batchNorm(x, s.movingMean, s.movingVar, s.beta, s.gamma, EPS);
        const { mean, variance } = tf.moments(x, 0);
        expectTensorClose(r.y, ref, { name: 'inference y', ...TOL, tensor: true, mistakes: [
          { when: tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), s.gamma), s.beta), message: 'BN inference using batch stats: at inference normalise with movingMean and movingVar, so an example\'s output does not depend on its batch', hintKey: 'bn-inference' },
        ] });
        for (const k of ['gamma', 'beta', 'movingMean', 'movingVar'] as const) {
          expectTensorClose(r.newState[k], s[k], { name: `inference must not change the state: newState.${k}`, atol: 0, rtol: 0, tensor: true });
        }
      }),
    },
    {
      id: 'properties', name: 'properties: per-channel mean of y is β in training; a batch of 1 gives y = β', fn: 'batchNormForward',
      run: (m) => tf.tidy(() => {
        const s = makeState(3);
        const r = m.batchNormForward(tf.tensor2d(X2), s, { training: true, momentum: MOM, epsilon: EPS });
        checkResultShape(r, tf.tensor2d(X2));
        expectTensorClose(tf.mean(r.y, 0), s.beta, { name: 'mean of y over the batch (must equal β)', ...TOL, tensor: true });
        const one = tf.tensor2d([[3, -1, 2]]);
        const r1 = m.batchNormForward(one, s, { training: true, momentum: MOM, epsilon: EPS });
        if (valuesOf(r1.y).some(Number.isNaN)) fail('a batch of 1 in training mode gives NaN: dividing the variance by N − 1 = 0? Batch norm uses the biased variance (÷ N), which is 0 here, so y = β', { hintKey: 'bn-biased' });
        expectTensorClose(r1.y, tf.reshape(s.beta, [1, 3]), { name: 'batch of 1 in training mode (x − μ = 0, so y = β)', ...TOL, tensor: true });
      }),
    },
    {
      id: 'gradients', name: 'gradients (x, γ, β) through your function equal tf.grads of the reference formula', fn: 'batchNormForward',
      run: (m) => tf.tidy(() => {
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
        ['x', 'γ', 'β'].forEach((n, i) => expectTensorClose(mine[i], ref[i], { name: `∂loss/∂${n}`, ...TOL, tensor: true }));
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'batchNormForward',
      calls: [true, false].map((training) => ({
        name: `batchNormForward (${training ? 'training' : 'inference'})`,
        inputs: () => ({ x: tf.tensor2d(X2), state: makeState(3) }),
        call: (m: M, i: Record<string, any>) => m.batchNormForward(i.x, i.state, { training, momentum: MOM, epsilon: EPS }),
      })),
      badInputs: [
        { name: 'batchNormForward on a rank-1 x (no batch axis)', call: (m) => m.batchNormForward(tf.tensor1d([1, 2, 3]), makeState(3), { training: true, momentum: MOM, epsilon: EPS }) },
        ...[true, false].flatMap((training) => {
          const mode = training ? 'training' : 'inference';
          const call = (state: Partial<BNState>, momentum = MOM) => (m: M) => m.batchNormForward(tf.tensor2d(X2), { ...makeState(3), ...state }, { training, momentum, epsilon: EPS });
          return [
            { name: `batchNormForward (${mode}) with gamma of shape [2] for 3 channels`, call: call({ gamma: tf.tensor1d([1, 1]) }) },
            { name: `batchNormForward (${mode}) with movingVar of shape [4] for 3 channels`, call: call({ movingVar: tf.ones([4]) as tf.Tensor1D }) },
            { name: `batchNormForward (${mode}) with momentum 1.5`, call: call({}, 1.5) },
            { name: `batchNormForward (${mode}) with momentum −0.1`, call: call({}, -0.1) },
          ];
        }),
      ],
      banned: {
        apis: ['tf.batchNorm', 'tf.batchNorm2d', 'tf.batchNorm3d', 'tf.batchNorm4d', 'tf.batchNormalization', 'tf.fusedBatchNorm', 'tf.layers.batchNormalization'],
        why: 'normalise with your own mean and variance',
        kernels: ['FusedBatchNorm'], kernelsWhy: 'normalise with your own ops (mean, variance, sub, div)',
      },
      names: {
        'no-leaks': 'no tensors leaked, inputs and state left intact',
        'bad-inputs-throw': 'bad inputs throw: rank-1 x, state of the wrong shape, momentum outside [0, 1] (both modes)',
        'no-banned-apis': 'no tf.batchNorm / tf.layers.batchNormalization / FusedBatchNorm',
      },
    }),
  ],
});
