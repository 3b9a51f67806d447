/**
 * Checks for s5-seq2seq-attention. Reference: the grader's own step from the check file's tf — a
 * GRU with gates [z, r, h̃] (equal to tf.layers.gru with recurrentActivation 'sigmoid' and
 * resetAfter false), unscaled dot-product attention with the new state as the query, logits from
 * [h; context]. Tolerance 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, learnerGrads, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Mistake, Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-seq2seq-attention');
interface P { W: tf.Tensor2D; U: tf.Tensor2D; b: tf.Tensor1D; Wout: tf.Tensor2D; bout: tf.Tensor1D }
interface Step { h: tf.Tensor; context: tf.Tensor; logits: tf.Tensor; weights: tf.Tensor }
const TOL = { atol: 1e-5, rtol: 1e-5 };

type Kind = 'right' | 'old-query' | 'gates-swapped' | 'z-flipped' | 'scaled' | 'logits-order' | 'logits-prev-context' | 'reset-after';

function refStep(yEmb: tf.Tensor2D, prevCtx: tf.Tensor2D, h: tf.Tensor2D, enc: tf.Tensor3D, p: P, kind: Kind = 'right'): Step {
  const x = tf.concat([yEmb, prevCtx], 1);
  const [xa, xb, xh] = tf.split(tf.add(tf.matMul(x, p.W), p.b), 3, 1);
  const [Ua, Ub, Uh] = tf.split(p.U, 3, 1);
  const swap = kind === 'gates-swapped';
  const z = swap ? tf.sigmoid(tf.add(xb, tf.matMul(h, Ub))) : tf.sigmoid(tf.add(xa, tf.matMul(h, Ua)));
  const r = swap ? tf.sigmoid(tf.add(xa, tf.matMul(h, Ua))) : tf.sigmoid(tf.add(xb, tf.matMul(h, Ub)));
  const hT = kind === 'reset-after' ? tf.tanh(tf.add(xh, tf.mul(r, tf.matMul(h, Uh)))) : tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), Uh)));
  const hNew = kind === 'z-flipped' ? tf.add(tf.mul(tf.sub(1, z), h), tf.mul(z, hT)) : tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hT));
  const query = kind === 'old-query' ? h : hNew;
  let scores = tf.squeeze(tf.matMul(enc, tf.expandDims(query, 2)), [2]);
  if (kind === 'scaled') scores = tf.div(scores, Math.sqrt(h.shape[1]));
  const weights = tf.softmax(scores);
  const context = tf.squeeze(tf.matMul(tf.expandDims(weights, 1), enc), [1]);
  const feat = kind === 'logits-order' ? [context, hNew] : kind === 'logits-prev-context' ? [hNew, prevCtx] : [hNew, context];
  const logits = tf.add(tf.matMul(tf.concat(feat, 1), p.Wout), p.bout);
  return { h: hNew, context, logits, weights };
}

const TEXT: Record<Exclude<Kind, 'right'>, { message: string; hintKey: string }> = {
  'old-query': { message: 'attention queried with the old state: run the GRU first and attend with the NEW state h\'', hintKey: 'query-new-state' },
  'gates-swapped': { message: 'z and r swapped: the gates are ordered [z, r, h̃] along the 3H columns of W, U and b', hintKey: 'gru-gates' },
  'z-flipped': { message: 'h\' = (1 − z)⊙h + z⊙h̃: in this convention (tf.layers.gru) z keeps the OLD state, h\' = z⊙h + (1 − z)⊙h̃', hintKey: 'gru-gates' },
  'scaled': { message: 'scores divided by √H: this decoder uses plain dot-product scores, without scaling', hintKey: 'dot-scores' },
  'logits-order': { message: 'logits from [context; h]: concatenate [h\'; context] in that order before Wout', hintKey: 'logits-input' },
  'logits-prev-context': { message: 'logits from the previous context: use the context computed in this step', hintKey: 'logits-input' },
  'reset-after': { message: 'reset gate applied after U_h (r⊙(h·U_h)): here h̃ = tanh(x·W_h + (r⊙h)·U_h + b_h), resetting before the matrix', hintKey: 'gru-gates' },
};

function mistakes(part: keyof Step, a: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D, P]): Mistake[] {
  return (Object.keys(TEXT) as Array<Exclude<Kind, 'right'>>).map((k) => ({ when: () => refStep(...a, k)[part], ...TEXT[k] }));
}

function tensorOf(shape: number[], vals: () => number): tf.Tensor {
  return tf.tensor(Array.from({ length: shape.reduce((x, y) => x * y, 1) }, vals), shape);
}
const fixedVals = (seed: number) => { let i = 0; return () => { i++; return Math.sin(1.3 * i + seed) * 1.2 + 0.05 * ((i * 3 + seed) % 7); }; };
const randVals = (rng: Rng, s = 1) => () => s * (2 * rng() - 1);

function inputs(B: number, E: number, H: number, T: number, V: number, vals: (seed: number) => () => number): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D, P] {
  return [
    tensorOf([B, E], vals(1)) as tf.Tensor2D, tensorOf([B, H], vals(2)) as tf.Tensor2D, tensorOf([B, H], vals(3)) as tf.Tensor2D, tensorOf([B, T, H], vals(4)) as tf.Tensor3D,
    { W: tf.mul(tensorOf([E + H, 3 * H], vals(5)), 0.6) as tf.Tensor2D, U: tf.mul(tensorOf([H, 3 * H], vals(6)), 0.6) as tf.Tensor2D, b: tensorOf([3 * H], vals(7)) as tf.Tensor1D, Wout: tensorOf([2 * H, V], vals(8)) as tf.Tensor2D, bout: tensorOf([V], vals(9)) as tf.Tensor1D },
  ];
}

function expectStep(got: Step, a: [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D, P], what: string): void {
  if (!got || typeof got !== 'object' || !got.h || !got.context || !got.logits || !got.weights) fail(`${what} must return { h, context, logits, weights }`);
  const r = refStep(...a);
  for (const part of ['h', 'weights', 'context', 'logits'] as const) {
    expectTensorClose(got[part], r[part], { name: `${part} of ${what}`, ...TOL, tensor: true, mistakes: mistakes(part, a) });
  }
}

export default defineChecks<M>({
  checks: [
    {
      id: 'step-value', name: 'one step (B 2, E 3, H 4, T 5, V 6): h, weights, context and logits match the reference', fn: 'attentionDecoderStep', hintKey: 'step-value',
      run: (m) => tf.tidy(() => {
        const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s));
        expectStep(m.attentionDecoderStep(...a), a, 'attentionDecoderStep');
      }),
    },
    {
      id: 'step-random', name: 'on random inputs (and B 1, T 1): the step matches and each weight row sums to 1', fn: 'attentionDecoderStep', hintKey: 'step-value',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const T = 3 + Math.floor(rng() * 5);
        for (const [B, E, H, t, V] of [[3, 2, 5, T, 7], [1, 4, 3, 1, 2]]) {
          const a = inputs(B, E, H, t, V, () => randVals(rng, 1.5));
          const got = m.attentionDecoderStep(...a);
          expectStep(got, a, `attentionDecoderStep with B ${B}, E ${E}, H ${H}, T ${t}, V ${V}`);
          valuesOf(tf.sum(got.weights, 1)).forEach((s, i) => { if (Math.abs(s - 1) > 1e-5) fail(`weight row ${i} sums to ${s}, expected 1`, { hintKey: 'dot-scores' }); });
        }
      }),
    },
    {
      id: 'encoder-gradient', name: 'gradients of the logits reach the encoder outputs and the GRU weights (as the reference\'s)', fn: 'attentionDecoderStep', hintKey: 'encoder-gradient',
      run: (m) => tf.tidy(() => {
        const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s + 10));
        const dy = tensorOf([2, 6], fixedVals(30));
        const { grads } = learnerGrads(m.attentionDecoderStep, a, [3, [4, 'W'], [4, 'U']], dy, ['logits']);
        const f = (enc: tf.Tensor, W: tf.Tensor, U: tf.Tensor) => tf.sum(tf.mul(refStep(a[0], a[1], a[2], enc as tf.Tensor3D, { ...a[4], W: W as tf.Tensor2D, U: U as tf.Tensor2D }).logits, dy));
        const ref = tf.grads(f)([a[3], a[4].W, a[4].U]);
        if (!grads[0] || valuesOf(tf.max(tf.abs(grads[0])))[0] === 0) fail('no gradient reaches the encoder outputs: the logits must depend on them through the attention context', { hintKey: 'encoder-gradient' });
        ['encOutputs', 'W', 'U'].forEach((n, i) => expectTensorClose(grads[i], ref[i], { name: `∂(logits·dy)/∂${n}`, atol: 1e-4, rtol: 1e-4, tensor: true }));
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'attentionDecoderStep',
      calls: [{
        name: 'attentionDecoderStep',
        inputs: () => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return { yPrevEmb: a[0], prevContext: a[1], h: a[2], encOutputs: a[3], ...a[4] }; },
        call: (m, i) => m.attentionDecoderStep(i.yPrevEmb, i.prevContext, i.h, i.encOutputs, { W: i.W, U: i.U, b: i.b, Wout: i.Wout, bout: i.bout }),
      }],
      badInputs: [
        { name: 'encoder outputs [2,5,3] for a state of width 4', call: (m) => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return m.attentionDecoderStep(a[0], a[1], a[2], tf.zeros([2, 5, 3]) as tf.Tensor3D, a[4]); }, mistake: 'encoder width not checked against the state' },
        { name: 'W [6,12] for E 3 + H 4 = 7 inputs (the context left out)', call: (m) => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return m.attentionDecoderStep(a[0], a[1], a[2], a[3], { ...a[4], W: tf.zeros([6, 12]) as tf.Tensor2D }); } },
        { name: 'U [4,8] (not 3H = 12 columns)', call: (m) => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return m.attentionDecoderStep(a[0], a[1], a[2], a[3], { ...a[4], U: tf.zeros([4, 8]) as tf.Tensor2D }); } },
        { name: 'Wout [4,6] (not 2H = 8 rows)', call: (m) => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return m.attentionDecoderStep(a[0], a[1], a[2], a[3], { ...a[4], Wout: tf.zeros([4, 6]) as tf.Tensor2D }); } },
        { name: 'encoder outputs of batch 3 for a batch of 2', call: (m) => { const a = inputs(2, 3, 4, 5, 6, (s) => fixedVals(s)); return m.attentionDecoderStep(a[0], a[1], a[2], tf.zeros([3, 5, 4]) as tf.Tensor3D, a[4]); }, mistake: 'batch sizes not compared' },
      ],
      names: { 'bad-inputs-throw': 'mismatched widths (encoder, W, U, Wout) and batch sizes throw' },
    }),
  ],
});
