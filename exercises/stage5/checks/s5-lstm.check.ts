/**
 * Checks for s5-lstm. Reference: the LSTM equations with the logistic sigmoid and gate order
 * [i, f, c̃, o], written with the check's own tf (the same numbers as tf.layers.lstm with
 * recurrentActivation 'sigmoid' and setWeights([W, U, b]); the layer's default recurrent activation
 * is a hard sigmoid). D = 3, H = 4, tolerance 1e-5; inputs drawn per grade. T = 0 is built here.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, fmtShape, gradeRng, learnerGrads, randomRows, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-lstm');
type P = import('../solutions/s5-lstm').LstmParams;

const TOL = { atol: 1e-5, rtol: 1e-5 };
const D = 3;
const H = 4;

export function lstmParams(rng: Rng, d = D, h = H, scale = 0.7): P {
  return {
    W: tf.tensor2d(randomRows(rng, d, 4 * h, -scale, scale)),
    U: tf.tensor2d(randomRows(rng, h, 4 * h, -scale, scale)),
    b: tf.tensor1d(randomRows(rng, 1, 4 * h, -0.6, 0.6)[0]),
  };
}
const mat = (rng: Rng, r: number, c: number, s = 1): tf.Tensor2D => tf.tensor2d(randomRows(rng, r, c, -s, s));
const seq = (rng: Rng, B: number, T: number): tf.Tensor3D => tf.tensor3d(randomRows(rng, B * T, D, -1.2, 1.2).flat(), [B, T, D]);

interface Variant { order?: [number, number, number, number]; forgetOnH?: boolean; hard?: boolean; noTanhC?: boolean; oldC?: boolean; sigmoidCand?: boolean }

const hardSigmoid = (z: tf.Tensor): tf.Tensor => tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1);

/** One LSTM step (or one of its usual mistakes). order[k] = which block of z the learner used for gate k of [i, f, c̃, o]. */
export function refStep(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: P, v: Variant = {}): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add(tf.add(tf.matMul(x, p.W), tf.matMul(h, p.U)), p.b);
  const blocks = tf.split(z, 4, 1);
  const [zi, zf, zc, zo] = (v.order ?? [0, 1, 2, 3]).map((k) => blocks[k]);
  const sig = v.hard ? hardSigmoid : tf.sigmoid;
  const i = sig(zi);
  const f = sig(zf);
  const g = v.sigmoidCand ? tf.sigmoid(zc) : tf.tanh(zc);
  const o = sig(zo);
  const cNext = tf.add(tf.mul(f, v.forgetOnH ? h : c), tf.mul(i, g)) as tf.Tensor2D;
  const hNext = tf.mul(o, v.noTanhC ? cNext : tf.tanh(v.oldC ? c : cNext)) as tf.Tensor2D;
  return { h: hNext, c: cNext };
}

interface SeqVariant extends Variant { zeroStates?: boolean; noCarry?: boolean }

export function refForward(x: tf.Tensor3D, p: P, h0?: tf.Tensor2D, c0?: tf.Tensor2D, v: SeqVariant = {}): { outputs: tf.Tensor3D; hT: tf.Tensor2D; cT: tf.Tensor2D } {
  const [B, T] = x.shape;
  const Hh = p.U.shape[0];
  const zeros = tf.zeros([B, Hh]) as tf.Tensor2D;
  const hs0 = v.zeroStates || !h0 ? zeros : h0;
  const cs0 = v.zeroStates || !c0 ? zeros : c0;
  if (T === 0) return { outputs: tf.zeros([B, 0, Hh]), hT: hs0.clone(), cT: cs0.clone() };
  let h = hs0;
  let c = cs0;
  const hs: tf.Tensor2D[] = [];
  for (const xt of tf.unstack(x, 1) as tf.Tensor2D[]) {
    ({ h, c } = v.noCarry ? refStep(xt, hs0, cs0, p, v) : refStep(xt, h, c, p, v));
    hs.push(h);
  }
  return { outputs: tf.stack(hs, 1) as tf.Tensor3D, hT: h, cT: c };
}

const ORDER_MSG = 'LSTM gates in the wrong order: split z along the last axis into four blocks of H in the order [i, f, c̃, o] (input, forget, candidate, output)';
const FORGET_MSG = 'the forget gate applied to h instead of c: the new cell state is c\' = f ⊙ c + i ⊙ c̃ (f scales the old CELL state)';

/** The step mistakes, as values of one output ('h' or 'c') of a step from (x, h, c). */
function stepMistakes(run: (v: Variant) => tf.Tensor) {
  return [
    ...([[0, 1, 3, 2], [1, 0, 2, 3], [0, 2, 1, 3], [3, 1, 2, 0], [2, 0, 1, 3]] as Array<[number, number, number, number]>).map((order) => ({ when: () => run({ order }), message: ORDER_MSG, hintKey: 'lstm-gate-order' })),
    { when: () => run({ forgetOnH: true }), message: FORGET_MSG, hintKey: 'lstm-forget-on-c' },
    { when: () => run({ hard: true }), message: 'hard sigmoid used for the gates (tf.layers.lstm\'s default recurrent activation): use the logistic sigmoid σ(z) = 1/(1 + e^−z), tf.sigmoid', hintKey: 'lstm-sigmoid' },
    { when: () => run({ noTanhC: true }), message: 'tanh of the new cell state missing: h\' = o ⊙ tanh(c\')' },
    { when: () => run({ oldC: true }), message: 'h\' computed from the old cell state: h\' = o ⊙ tanh(c\') with the NEW c\'' },
    { when: () => run({ sigmoidCand: true }), message: 'the candidate c̃ squashed with σ: c̃ = tanh(z_c̃), so it can be negative' },
  ];
}

function checkStates(r: { h?: tf.Tensor; c?: tf.Tensor }, B: number, what: string): void {
  if (!r || !(r.h instanceof tf.Tensor) || !(r.c instanceof tf.Tensor)) fail(`${what} must return { h, c }, both tensors`);
  for (const k of ['h', 'c'] as const) if (fmtShape(r[k]!.shape) !== fmtShape([B, H])) fail(`${what}: ${k} has shape ${fmtShape(r[k]!.shape)} expected ${fmtShape([B, H])}`, { hintKey: 'lstm-shapes' });
}

function checkSeq(r: { outputs?: tf.Tensor; hT?: tf.Tensor; cT?: tf.Tensor }, B: number, T: number): void {
  if (!r || !(r.outputs instanceof tf.Tensor) || !(r.hT instanceof tf.Tensor) || !(r.cT instanceof tf.Tensor)) fail('lstmForward must return { outputs, hT, cT }, all tensors');
  if (fmtShape(r.outputs.shape) !== fmtShape([B, T, H])) fail(`outputs has shape ${fmtShape(r.outputs.shape)} expected ${fmtShape([B, T, H])}${fmtShape(r.outputs.shape) === fmtShape([T, B, H]) ? ': stack the states on axis 1 (batch first, then time)' : ''}`, { hintKey: 'lstm-shapes' });
  for (const k of ['hT', 'cT'] as const) if (fmtShape(r[k]!.shape) !== fmtShape([B, H])) fail(`${k} has shape ${fmtShape(r[k]!.shape)} expected ${fmtShape([B, H])}`, { hintKey: 'lstm-shapes' });
}

/** lstmForward against the reference on a random case, naming the step and sequence mistakes. */
function compareForward(m: M, B: number, T: number, withStates: boolean, what: string): void {
  const rng = gradeRng();
  const x = seq(rng, B, T);
  const p = lstmParams(rng);
  const h0 = withStates ? mat(rng, B, H, 0.8) : undefined;
  const c0 = withStates ? mat(rng, B, H, 1.5) : undefined;
  const r = withStates ? m.lstmForward(x, p, h0, c0) : m.lstmForward(x, p);
  checkSeq(r, B, T);
  const ref = refForward(x, p, h0, c0);
  const seqMistakes = (pick: (o: ReturnType<typeof refForward>) => tf.Tensor) => [
    ...stepMistakes((v) => pick(refForward(x, p, h0, c0, v))),
    ...(withStates ? [{ when: () => pick(refForward(x, p, h0, c0, { zeroStates: true })), message: 'h0 and c0 ignored: start from the given states (zeros only when they are omitted)', hintKey: 'lstm-states' }] : []),
    ...(T > 1 ? [{ when: () => pick(refForward(x, p, h0, c0, { noCarry: true })), message: 'the states are not carried: step t must start from the h and c of step t − 1, not from h0 and c0', hintKey: 'lstm-states' }] : []),
  ];
  expectTensorClose(r.outputs, ref.outputs, { name: `${what}: outputs`, ...TOL, tensor: true, mistakes: seqMistakes((o) => o.outputs) });
  expectTensorClose(r.hT, ref.hT, { name: `${what}: hT`, ...TOL, tensor: true, mistakes: seqMistakes((o) => o.hT) });
  expectTensorClose(r.cT, ref.cT, { name: `${what}: cT (the cell state after the last step)`, ...TOL, tensor: true, mistakes: [
    ...seqMistakes((o) => o.cT),
    { when: () => ref.hT, message: 'cT is the hidden state: return the cell state c after the last step' },
  ] });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'step-values', name: 'lstmStep matches the LSTM equations (gate order [i, f, c̃, o], logistic sigmoid) on B = 3, D = 3, H = 4', fn: 'lstmStep', hintKey: 'lstm-step',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 3;
        const x = mat(rng, B, D, 1.2);
        const h = mat(rng, B, H, 0.8);
        const c = mat(rng, B, H, 1.5);
        const p = lstmParams(rng, D, H, 1);
        const r = m.lstmStep(x, h, c, p);
        checkStates(r, B, 'lstmStep');
        const ref = refStep(x, h, c, p);
        expectTensorClose(r.c, ref.c, { name: 'new cell state c\'', ...TOL, tensor: true, mistakes: stepMistakes((v) => refStep(x, h, c, p, v).c) });
        expectTensorClose(r.h, ref.h, { name: 'new hidden state h\'', ...TOL, tensor: true, mistakes: [
          ...stepMistakes((v) => refStep(x, h, c, p, v).h),
          { when: () => ref.c, message: 'h and c swapped in the result: return { h: o ⊙ tanh(c\'), c: c\' }' },
        ] });
      }),
    },
    {
      id: 'forward-values', name: 'lstmForward matches the LSTM over T = 6 from given h0, c0 (outputs, hT, cT)', fn: 'lstmForward', hintKey: 'lstm-forward',
      run: (m) => tf.tidy(() => compareForward(m, 2, 6, true, 'T 6')),
    },
    {
      id: 'default-states', name: 'omitted h0 and c0 start at zeros', fn: 'lstmForward', hintKey: 'lstm-states',
      run: (m) => tf.tidy(() => compareForward(m, 2, 4, false, 'T 4, no states given')),
    },
    {
      id: 'short-sequences', name: 'T = 1 (one step) and B = 1', fn: 'lstmForward', hintKey: 'lstm-forward',
      run: (m) => tf.tidy(() => { compareForward(m, 3, 1, true, 'T 1'); compareForward(m, 1, 3, true, 'B 1'); }),
    },
    {
      id: 'empty-sequence', name: 'T = 0 returns outputs [B, 0, H] and copies of the start states (zeros when omitted)', fn: 'lstmForward', hintKey: 'lstm-empty',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const p = lstmParams(rng);
        const h0 = mat(rng, 2, H);
        const c0 = mat(rng, 2, H);
        const x = tf.zeros([2, 0, D]) as tf.Tensor3D;
        const r = m.lstmForward(x, p, h0, c0);
        checkSeq(r, 2, 0);
        expectTensorClose(r.hT, h0, { name: 'hT for an empty sequence (h0)', atol: 0, rtol: 0, tensor: true });
        expectTensorClose(r.cT, c0, { name: 'cT for an empty sequence (c0)', atol: 0, rtol: 0, tensor: true });
        const r0 = m.lstmForward(x, p);
        checkSeq(r0, 2, 0);
        expectTensorClose(r0.hT, tf.zeros([2, H]), { name: 'hT for an empty sequence with no h0 (zeros)', atol: 0, rtol: 0, tensor: true });
        expectTensorClose(r0.cT, tf.zeros([2, H]), { name: 'cT for an empty sequence with no c0 (zeros)', atol: 0, rtol: 0, tensor: true });
      }),
    },
    {
      id: 'cell-carry', name: 'with the forget gate open (f ≈ 1) and the input gate shut (i ≈ 0), c is carried unchanged over 50 steps', fn: 'lstmForward', hintKey: 'lstm-forget-on-c',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 2;
        const T = 50;
        const small = lstmParams(rng, D, H, 0.3);
        // Biases −20 for i, +20 for f: σ(−20) ≈ 2e−9, σ(20) ≈ 1 − 2e−9.
        const b = tf.tensor1d([...new Array(H).fill(-20), ...new Array(H).fill(20), ...randomRows(rng, 1, 2 * H, -0.5, 0.5)[0]]);
        const p = { W: small.W, U: small.U, b };
        const c0 = mat(rng, B, H, 2);
        const h0 = mat(rng, B, H, 0.5);
        const x = tf.tensor3d(randomRows(rng, B * T, D, -1, 1).flat(), [B, T, D]);
        const r = m.lstmForward(x, p, h0, c0);
        checkSeq(r, B, T);
        expectTensorClose(r.cT, c0, { name: 'cT after 50 steps with f = 1, i = 0 (must equal c0)', atol: 1e-4, rtol: 1e-4, tensor: true, mistakes: [
          { when: () => refForward(x, p, h0, c0, { forgetOnH: true }).cT, message: FORGET_MSG, hintKey: 'lstm-forget-on-c' },
          { when: () => refForward(x, p, h0, c0, { hard: true }).cT, message: 'hard sigmoid used for the gates: use the logistic sigmoid, tf.sigmoid', hintKey: 'lstm-sigmoid' },
        ] });
      }),
    },
    {
      id: 'bptt-gradients', name: 'gradients for x, W, U, b, h0 and c0 through your lstmForward match tf.grads of the LSTM', fn: 'lstmForward', hintKey: 'lstm-gradients',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const B = 2;
        const T = 4;
        const x = seq(rng, B, T);
        const p = lstmParams(rng);
        const h0 = mat(rng, B, H, 0.8);
        const c0 = mat(rng, B, H, 1.5);
        const dy = tf.tensor3d(randomRows(rng, B * T, H, -1, 1).flat(), [B, T, H]);
        const mine = learnerGrads(m.lstmForward, [x, p, h0, c0], [0, [1, 'W'], [1, 'U'], [1, 'b'], 2, 3], dy, ['outputs']).grads;
        const ref = tf.grads((xx: tf.Tensor, w: tf.Tensor, u: tf.Tensor, bb: tf.Tensor, hh: tf.Tensor, cc: tf.Tensor) =>
          tf.sum(tf.mul(refForward(xx as tf.Tensor3D, { W: w as tf.Tensor2D, U: u as tf.Tensor2D, b: bb as tf.Tensor1D }, hh as tf.Tensor2D, cc as tf.Tensor2D).outputs, dy)))([x, p.W, p.U, p.b, h0, c0]);
        ['x', 'W', 'U', 'b', 'h0', 'c0'].forEach((n, i) => {
          if (!mine[i]) fail(`no gradient reached ${n}: keep every step a tf op on the inputs (no dataSync, no new tensors from numbers)`);
          expectTensorClose(mine[i], ref[i], { name: `∂L/∂${n}`, atol: 1e-4, rtol: 1e-4, tensor: true });
        });
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'lstmForward',
      calls: [
        { name: 'lstmStep', inputs: () => { const r = gradeRng(); return { x: mat(r, 2, D), h: mat(r, 2, H), c: mat(r, 2, H), p: lstmParams(r) }; }, call: (m: M, i: Record<string, any>) => m.lstmStep(i.x, i.h, i.c, i.p) },
        { name: 'lstmForward with T = 3 and states', inputs: () => { const r = gradeRng(); return { x: seq(r, 2, 3), p: lstmParams(r), h0: mat(r, 2, H), c0: mat(r, 2, H) }; }, call: (m: M, i: Record<string, any>) => m.lstmForward(i.x, i.p, i.h0, i.c0) },
        { name: 'lstmForward with T = 0 and states', inputs: () => { const r = gradeRng(); return { x: tf.zeros([2, 0, D]), p: lstmParams(r), h0: mat(r, 2, H), c0: mat(r, 2, H) }; }, call: (m: M, i: Record<string, any>) => m.lstmForward(i.x, i.p, i.h0, i.c0) },
        { name: 'lstmForward with T = 3, no states', inputs: () => { const r = gradeRng(); return { x: seq(r, 2, 3), p: lstmParams(r) }; }, call: (m: M, i: Record<string, any>) => m.lstmForward(i.x, i.p) },
      ],
      badInputs: [
        { name: 'lstmForward with W of width 3H = 12 (not 4H = 16)', call: (m) => m.lstmForward(seq(gradeRng(), 2, 3), { ...lstmParams(gradeRng()), W: tf.ones([D, 3 * H]) as tf.Tensor2D }), mistake: 'W not validated: its width must be 4H', hintKey: 'lstm-shapes' },
        { name: 'lstmForward with W of shape [2, 16] for D = 3', call: (m) => m.lstmForward(seq(gradeRng(), 2, 3), { ...lstmParams(gradeRng()), W: tf.ones([2, 4 * H]) as tf.Tensor2D }), hintKey: 'lstm-shapes' },
        { name: 'lstmForward with b of shape [1] (tf would broadcast it)', call: (m) => m.lstmForward(seq(gradeRng(), 2, 3), { ...lstmParams(gradeRng()), b: tf.ones([1]) as tf.Tensor1D }), mistake: 'b not validated: tf broadcast a [1] bias', hintKey: 'lstm-shapes' },
        { name: 'lstmForward with h0 of shape [1, 4] for a batch of 2 (tf would broadcast it)', call: (m) => m.lstmForward(seq(gradeRng(), 2, 3), lstmParams(gradeRng()), tf.zeros([1, H]), tf.zeros([2, H])), mistake: 'h0 not validated: tf broadcast a [1, H] state over the batch', hintKey: 'lstm-shapes' },
        { name: 'lstmForward with c0 of shape [1, 4] for a batch of 2 (tf would broadcast it)', call: (m) => m.lstmForward(seq(gradeRng(), 2, 3), lstmParams(gradeRng()), tf.zeros([2, H]), tf.zeros([1, H])), mistake: 'c0 not validated: tf broadcast a [1, H] cell state over the batch', hintKey: 'lstm-shapes' },
        { name: 'lstmStep with W of width 12 for U of shape [4, 16]', call: (m) => m.lstmStep(mat(gradeRng(), 2, D), tf.zeros([2, H]), tf.zeros([2, H]), { ...lstmParams(gradeRng()), W: tf.ones([D, 3 * H]) as tf.Tensor2D }), hintKey: 'lstm-shapes' },
        { name: 'lstmStep with c of shape [1, 4] for a batch of 2 (tf would broadcast it)', call: (m) => m.lstmStep(mat(gradeRng(), 2, D), tf.zeros([2, H]), tf.zeros([1, H]), lstmParams(gradeRng())), mistake: 'c not validated: tf broadcast a [1, H] cell state over the batch', hintKey: 'lstm-shapes' },
      ],
      banned: { apis: ['tf.layers', 'tf.basicLSTMCell', 'tf.multiRNNCell'], why: 'write the LSTM equations yourself with tf primitives' },
      names: {
        'no-leaks': 'no tensors leaked, inputs intact (lstmStep; lstmForward with T = 3, T = 0, no states)',
        'bad-inputs-throw': 'shapes that do not fit throw: W width ≠ 4H, W rows ≠ D, b, h0, c0 or c of the wrong shape (even where tf would broadcast)',
        'no-banned-apis': 'no tf.layers (lstm, lstmCell) or tf.basicLSTMCell',
      },
    }),
  ],
});
