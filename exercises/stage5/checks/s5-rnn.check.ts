/**
 * Checks for s5-rnn. Reference: the recurrence h_t = tanh(x_t·Wx + h_{t−1}·Wh + b) written with the
 * check's own tf (the same numbers as tf.layers.simpleRNN with setWeights([Wx, Wh, b])). Sizes
 * D = 4, H = 5 (so Wx, Wh and a transposed Wh have different shapes), tolerance 1e-5. Inputs are
 * drawn per grade; T = 0 is built here (tf.layers.simpleRNN throws on an empty sequence).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, fmtShape, gradeRng, learnerGrads, randomRows, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-rnn');
type P = import('../solutions/s5-rnn').RnnParams;

const TOL = { atol: 1e-5, rtol: 1e-5 };
const D = 4;
const H = 5;

function params(rng: Rng, d = D, h = H): P {
  return {
    Wx: tf.tensor2d(randomRows(rng, d, h, -0.8, 0.8)),
    Wh: tf.tensor2d(randomRows(rng, h, h, -0.6, 0.6)),
    b: tf.tensor1d(randomRows(rng, 1, h, -0.5, 0.5)[0]),
  };
}
const seq = (rng: Rng, B: number, T: number, d = D): tf.Tensor3D => tf.tensor3d(randomRows(rng, B * T, d, -1.5, 1.5).flat(), [B, T, d]);
const state = (rng: Rng, B: number, h = H): tf.Tensor2D => tf.tensor2d(randomRows(rng, B, h, -0.9, 0.9));

interface Variant { act?: 'tanh' | 'relu' | 'none'; zeroH0?: boolean; noCarry?: boolean; noBias?: boolean; reverse?: boolean; whT?: boolean }

/** The recurrence (or one of its usual mistakes): every h_t as [B, T, H] and the last one. */
export function reference(x: tf.Tensor3D, h0: tf.Tensor2D, p: P, v: Variant = {}): { outputs: tf.Tensor3D; hT: tf.Tensor2D } {
  const [B, T] = x.shape;
  const Hh = p.Wh.shape[0];
  if (T === 0) return { outputs: tf.zeros([B, 0, Hh]), hT: h0.clone() };
  const start = v.zeroH0 ? tf.zerosLike(h0) : h0;
  const Wh = v.whT ? tf.transpose(p.Wh) : p.Wh;
  const xs = tf.unstack(x, 1) as tf.Tensor2D[];
  if (v.reverse) xs.reverse();
  const hs: tf.Tensor2D[] = [];
  let h = start;
  for (const xt of xs) {
    const prev = v.noCarry ? start : h;
    let z = tf.add(tf.matMul(xt, p.Wx), tf.matMul(prev, Wh));
    if (!v.noBias) z = tf.add(z, p.b);
    h = (v.act === 'relu' ? tf.relu(z) : v.act === 'none' ? z : tf.tanh(z)) as tf.Tensor2D;
    hs.push(h);
  }
  return { outputs: tf.stack(hs, 1) as tf.Tensor3D, hT: h };
}

function checkShapes(r: { outputs: tf.Tensor; hT: tf.Tensor }, B: number, T: number): void {
  if (!r || !(r.outputs instanceof tf.Tensor) || !(r.hT instanceof tf.Tensor)) fail('rnnForward must return { outputs, hT }, both tensors');
  if (fmtShape(r.outputs.shape) !== fmtShape([B, T, H])) {
    fail(fmtShape(r.outputs.shape) === fmtShape([T, B, H])
      ? `outputs has shape ${fmtShape(r.outputs.shape)} expected ${fmtShape([B, T, H])}: stack the states on axis 1 (batch first, then time)`
      : `outputs has shape ${fmtShape(r.outputs.shape)} expected ${fmtShape([B, T, H])}`, { hintKey: 'rnn-shapes' });
  }
  if (fmtShape(r.hT.shape) !== fmtShape([B, H])) fail(`hT has shape ${fmtShape(r.hT.shape)} expected ${fmtShape([B, H])}`, { hintKey: 'rnn-shapes' });
}

/** The learner's result against the reference, naming the usual mistakes. */
function compare(m: M, B: number, T: number, what: string): void {
  const rng = gradeRng();
  const x = seq(rng, B, T);
  const h0 = state(rng, B);
  const p = params(rng);
  const r = m.rnnForward(x, h0, p);
  checkShapes(r, B, T);
  const ref = reference(x, h0, p);
  const mk = (v: Variant) => () => reference(x, h0, p, v).outputs;
  expectTensorClose(r.outputs, ref.outputs, { name: `${what}: outputs`, ...TOL, tensor: true, mistakes: [
    { when: mk({ zeroH0: true }), message: 'h0 ignored: the first step must start from the given h0, not from zeros', hintKey: 'rnn-h0' },
    { when: mk({ noCarry: true }), message: 'the state is not carried: step t must use h_{t−1} (the previous step\'s output), not h0 every time', hintKey: 'rnn-carry' },
    { when: mk({ act: 'none' }), message: 'tanh missing: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)' },
    { when: mk({ act: 'relu' }), message: 'ReLU instead of tanh: a vanilla RNN squashes the state with tanh' },
    { when: mk({ noBias: true }), message: 'the bias b is missing: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)' },
    { when: mk({ whT: true }), message: 'Wh transposed: multiply h_{t−1}·Wh (rows of Wh index the previous state)' },
    { when: mk({ reverse: true }), message: 'the sequence was read backwards: step 1 is x[:, 0, :]', hintKey: 'rnn-carry' },
  ] });
  expectTensorClose(r.hT, ref.hT, { name: `${what}: hT (the state after the last step)`, ...TOL, tensor: true, mistakes: [
    { when: () => tf.squeeze(tf.slice(ref.outputs, [0, 0, 0], [B, 1, H]), [1]), message: 'hT is the first step\'s state: return the state after the LAST step' },
    { when: h0, message: 'hT is h0: return the state after the last step' },
  ] });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'forward-values', name: 'outputs and hT match the recurrence on B = 3, T = 6, D = 4, H = 5', fn: 'rnnForward', hintKey: 'rnn-values',
      run: (m) => tf.tidy(() => compare(m, 3, 6, 'B 3, T 6')),
    },
    {
      id: 'short-sequences', name: 'T = 1 (one step from h0) and B = 1', fn: 'rnnForward', hintKey: 'rnn-values',
      run: (m) => tf.tidy(() => { compare(m, 2, 1, 'T 1'); compare(m, 1, 4, 'B 1'); }),
    },
    {
      id: 'empty-sequence', name: 'T = 0 returns outputs [B, 0, H] and a copy of h0', fn: 'rnnForward', hintKey: 'rnn-empty',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const h0 = state(rng, 3);
        const r = m.rnnForward(tf.zeros([3, 0, D]) as tf.Tensor3D, h0, params(rng));
        checkShapes(r, 3, 0);
        expectTensorClose(r.hT, h0, { name: 'hT for an empty sequence (no step taken: h0)', atol: 0, rtol: 0, tensor: true });
      }),
    },
    {
      id: 'causality', name: 'causality: changing x at steps ≥ t leaves outputs before t unchanged', fn: 'rnnForward', hintKey: 'rnn-causality',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 2;
        const T = 7;
        const t0 = 2 + Math.floor(rng() * 4); // 2 … 5
        const x = seq(rng, B, T);
        const h0 = state(rng, B);
        const p = params(rng);
        const noise = tf.tensor3d(randomRows(rng, B * T, D, 0.5, 1.5).flat(), [B, T, D]);
        const later = tf.concat([tf.zeros([B, t0, D]), tf.ones([B, T - t0, D])], 1);
        const x2 = tf.add(x, tf.mul(noise, later)) as tf.Tensor3D;
        const a = m.rnnForward(x, h0, p);
        const b = m.rnnForward(x2, h0, p);
        checkShapes(a, B, T);
        checkShapes(b, B, T);
        const before = (o: tf.Tensor) => tf.slice(o, [0, 0, 0], [B, t0, H]);
        expectTensorClose(before(b.outputs), before(a.outputs), { name: `outputs at steps 0…${t0 - 1} after changing x at steps ${t0}…${T - 1} (must not change: step t sees only x up to t)`, ...TOL, tensor: true });
        const after = valuesOf(tf.slice(b.outputs, [0, t0, 0], [B, 1, H]));
        const same = valuesOf(tf.slice(a.outputs, [0, t0, 0], [B, 1, H]));
        if (after.every((v, i) => Math.abs(v - same[i]) < 1e-7)) fail(`outputs at step ${t0} did not change when x at step ${t0} changed: step t must use x_t`);
      }),
    },
    {
      id: 'bptt-gradients', name: 'backpropagation through time: gradients for x, h0, Wx, Wh and b through your loop match tf.grads of the recurrence', fn: 'rnnForward', hintKey: 'rnn-gradients',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 2;
        const T = 5;
        const x = seq(rng, B, T);
        const h0 = state(rng, B);
        const p = params(rng);
        const dy = tf.tensor3d(randomRows(rng, B * T, H, -1, 1).flat(), [B, T, H]);
        const mine = learnerGrads(m.rnnForward, [x, h0, p], [0, 1, [2, 'Wx'], [2, 'Wh'], [2, 'b']], dy, ['outputs']).grads;
        const ref = tf.grads((xx: tf.Tensor, hh: tf.Tensor, wx: tf.Tensor, wh: tf.Tensor, bb: tf.Tensor) =>
          tf.sum(tf.mul(reference(xx as tf.Tensor3D, hh as tf.Tensor2D, { Wx: wx as tf.Tensor2D, Wh: wh as tf.Tensor2D, b: bb as tf.Tensor1D }).outputs, dy)))([x, h0, p.Wx, p.Wh, p.b]);
        ['x', 'h0', 'Wx', 'Wh', 'b'].forEach((n, i) => {
          if (!mine[i]) fail(`no gradient reached ${n}: keep every step a tf op on the inputs (no dataSync, no new tensors from numbers)`);
          expectTensorClose(mine[i], ref[i], { name: `∂L/∂${n}`, atol: 1e-4, rtol: 1e-4, tensor: true });
        });
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'rnnForward',
      calls: [[2, 4], [2, 0]].map(([B, T]) => ({
        name: `rnnForward with T = ${T}`,
        inputs: () => { const rng = gradeRng(); return { x: seq(rng, B, T), h0: state(rng, B), p: params(rng) }; },
        call: (m: M, i: Record<string, any>) => m.rnnForward(i.x, i.h0, i.p),
      })),
      badInputs: [
        { name: 'rnnForward with Wx of shape [3, 5] for D = 4', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([2, H]), params(gradeRng(), 3)), mistake: 'shapes not validated: Wx must have D rows', hintKey: 'rnn-shapes' },
        { name: 'rnnForward with Wh of shape [5, 4]', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([2, H]), { ...params(gradeRng()), Wh: tf.ones([H, 4]) as tf.Tensor2D }), hintKey: 'rnn-shapes' },
        { name: 'rnnForward with b of shape [4] for H = 5', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([2, H]), { ...params(gradeRng()), b: tf.ones([4]) as tf.Tensor1D }), hintKey: 'rnn-shapes' },
        { name: 'rnnForward with h0 of shape [3, 5] for a batch of 2', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([3, H]), params(gradeRng())), hintKey: 'rnn-shapes' },
        { name: 'rnnForward with h0 of shape [1, 5] for a batch of 2 (tf would broadcast it)', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([1, H]), params(gradeRng())), mistake: 'h0 not validated: tf broadcast a [1, H] state over the batch', hintKey: 'rnn-shapes' },
        { name: 'rnnForward with b of shape [1] (tf would broadcast it)', call: (m) => m.rnnForward(tf.ones([2, 3, D]) as tf.Tensor3D, tf.zeros([2, H]), { ...params(gradeRng()), b: tf.ones([1]) as tf.Tensor1D }), mistake: 'b not validated: tf broadcast a [1] bias over the units', hintKey: 'rnn-shapes' },
        { name: 'rnnForward on a rank-2 x', call: (m) => m.rnnForward(tf.ones([2, D]) as unknown as tf.Tensor3D, tf.zeros([2, H]), params(gradeRng())), hintKey: 'rnn-shapes' },
      ],
      banned: { apis: ['tf.layers', 'tf.basicLSTMCell', 'tf.multiRNNCell'], why: 'write the recurrence yourself with tf primitives' },
      names: {
        'no-leaks': 'no tensors leaked, inputs intact (T = 4 and T = 0)',
        'bad-inputs-throw': 'shapes that do not fit throw: Wx rows ≠ D, Wh not [H, H], b not [H], h0 not [B, H] (even where tf would broadcast), x not rank 3',
        'no-banned-apis': 'no tf.layers (simpleRNN)',
      },
    }),
  ],
});
