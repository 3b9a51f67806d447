/**
 * Checks for s2-l1-l2. References: tf.regularizers.l1/l2 (λΣ|w|, λΣw², no ½); for L2 tf.grad of the penalty and one
 * tf.train.sgd step; for L1 w − lr·(g + λ·sign(w)) written out (tfjs's gradient of abs at 0 is −1, the exercise's
 * sign(0) is 0); a dense model with a kernelRegularizer, whose fit() loss minus evaluate() loss is the penalty.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectClose, expectTensorClose, expectThrows, standardChecks, fmtNum, fmtShape, valuesOf } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-l1-l2');
const fmt = (v: number): string => fmtNum(v, 6);

const TOL = { atol: 1e-6, rtol: 1e-5 };
const W1 = [[0.5, -1.5, 0], [2.0, 0, -0.25]];
const W2 = [0.75, -3.0, 0.1, 0];
const G = [[0.2, -0.1, 0.3], [-0.4, 0.05, 0.6]];

function scalarOf(r: tf.Tensor, what: string): number {
  if (!(r instanceof tf.Tensor)) fail(`${what} must return a tf.Scalar`);
  if (r.rank !== 0) fail(`${what} returned shape ${fmtShape(r.shape)}: a penalty is one number (summed over every weight of every tensor)`);
  return r.dataSync()[0];
}
const step = () => ({ w: tf.tensor2d(W1), grad: tf.tensor2d(G) });
/** Apply one tf.train.sgd step with the given gradient to a copy of w. */
function sgdStep(w: tf.Tensor, g: tf.Tensor, lr: number): tf.Tensor {
  const [v, opt] = [tf.variable(w.clone()), tf.train.sgd(lr)];
  opt.applyGradients([{ name: v.name, tensor: g }]);
  const out = v.clone();
  v.dispose();
  opt.dispose();
  return out;
}

export default defineChecks<M>({
  checks: [
    {
      id: 'penalties', name: 'l1Penalty and l2Penalty match tf.regularizers on a list of two tensors', fn: 'l2Penalty', hintKey: 'l2-half',
      run: (m) => tf.tidy(() => {
        const [ws, lam] = [[tf.tensor2d(W1), tf.tensor1d(W2)], 0.03];
        const l1 = m.l1Penalty(ws, lam);
        scalarOf(l1, 'l1Penalty');
        const l1Ref = tf.addN(ws.map((w) => tf.regularizers.l1({ l1: lam }).apply(w)));
        expectTensorClose(l1, l1Ref, { name: 'l1Penalty', ...TOL, tensor: true, mistakes: [
          { when: [lam * (W1.flat().reduce((a, b) => a + b, 0) + W2.reduce((a, b) => a + b, 0))], message: 'missing the absolute value: L1 sums |w|, so negative weights must count positively' },
          { when: tf.div(l1Ref, 10), message: 'averaged instead of summed over the 10 weights: the penalty is λΣ|w|' },
          { when: tf.regularizers.l1({ l1: lam }).apply(ws[0]), message: 'only the first tensor of the list counted: sum over every tensor' },
        ] });
        const l2 = m.l2Penalty(ws, lam);
        scalarOf(l2, 'l2Penalty');
        const l2Ref = tf.addN(ws.map((w) => tf.regularizers.l2({ l2: lam }).apply(w)));
        expectTensorClose(l2, l2Ref, { name: 'l2Penalty', ...TOL, tensor: true, mistakes: [
          { when: tf.div(l2Ref, 2), message: 'l2 with ½: tfjs (like Keras) defines the L2 penalty as λΣw² with no ½, so its gradient is 2λw', hintKey: 'l2-half' },
          { when: tf.sqrt(tf.div(l2Ref, lam)).mul(lam), message: 'that is λ‖w‖₂ (a norm with a square root): the penalty is λΣw², no root' },
          { when: tf.div(l2Ref, 10), message: 'averaged instead of summed over the 10 weights: the penalty is λΣw²' },
          { when: tf.regularizers.l2({ l2: lam }).apply(ws[0]), message: 'only the first tensor of the list counted: sum over every tensor' },
        ] });
      }),
    },
    {
      id: 'penalties-by-hand', name: 'penalties of [[1,−2],[3,−4]] at λ = 0.01: l1 = 0.1, l2 = 0.3', fn: 'l2Penalty',
      run: (m) => tf.tidy(() => {
        const w = [tf.tensor2d([[1, -2], [3, -4]])];
        expectTensorClose(m.l1Penalty(w, 0.01), tf.scalar(0.1), { name: 'l1Penalty', ...TOL, tensor: true });
        expectTensorClose(m.l2Penalty(w, 0.01), tf.scalar(0.3), { name: 'l2Penalty', ...TOL, tensor: true, mistakes: [
          { when: [0.15], message: 'l2 with ½: tfjs gives 0.01·30 = 0.3 (no ½)', hintKey: 'l2-half' },
        ] });
      }),
    },
    {
      id: 'penalty-edge-cases', name: 'λ = 0 gives 0, an empty list gives 0, λ < 0 throws', fn: 'l1Penalty',
      run: (m) => tf.tidy(() => {
        const ws = [tf.tensor2d(W1)];
        for (const f of ['l1Penalty', 'l2Penalty'] as const) {
          const z = scalarOf(m[f](ws, 0), f);
          if (z !== 0) fail(`${f}(weights, 0) = ${z}, expected 0`);
          let empty: tf.Tensor;
          // tf.addN([]) throws: the usual way a learner's sum over the list breaks when it is empty.
          try { empty = m[f]([], 0.1); } catch (err) {
            fail(`${f}([], 0.1) threw "${err instanceof Error ? err.message : String(err)}": an empty weight list has nothing to penalise and must give a scalar 0 (start the sum from tf.scalar(0), or return it when the list is empty)`);
          }
          const e = scalarOf(empty, `${f}([])`);
          if (e !== 0) fail(`${f}([], 0.1) = ${e}, expected 0 (nothing to penalise)`);
          expectThrows(() => m[f](ws, -0.1), undefined, `${f} with λ = −0.1`);
        }
        expectThrows(() => m.regularizedSgdStep(ws[0], tf.tensor2d(G), 0.1, -0.1, 'l2'), undefined, 'regularizedSgdStep with λ = −0.1');
      }),
    },
    {
      id: 'sgd-step-l2', name: 'regularizedSgdStep (L2) equals tf.grad(loss + l2) and one tf.train.sgd step', fn: 'regularizedSgdStep', hintKey: 'l2-half',
      run: (m) => tf.tidy(() => {
        const [w, g, lr, lam] = [tf.tensor2d(W1), tf.tensor2d(G), 0.1, 0.3];
        const got = m.regularizedSgdStep(w, g, lr, lam, 'l2');
        const penGrad = tf.grad((v: tf.Tensor) => tf.regularizers.l2({ l2: lam }).apply(v))(w);
        const ref = sgdStep(w, tf.add(g, penGrad), lr);
        expectTensorClose(got, ref, { name: 'regularizedSgdStep L2', ...TOL, tensor: true, mistakes: [
          { when: tf.sub(w, tf.mul(tf.add(g, tf.mul(w, lam)), lr)), message: 'l2 gradient without the 2: the penalty λΣw² has no ½, so its gradient is 2λw', hintKey: 'l2-half' },
          { when: tf.sub(w, tf.mul(tf.sub(g, penGrad), lr)), message: 'the penalty gradient was subtracted: weight decay pulls w towards 0, so add 2λw to the gradient' },
          { when: tf.sub(w, tf.mul(g, lr)), message: 'λ ignored: the L2 step must shrink w as well' },
        ] });
        // Property: (1 − 2ηλ)w − ηg.
        expectTensorClose(got, tf.sub(tf.mul(w, 1 - 2 * lr * lam), tf.mul(g, lr)), { name: 'regularizedSgdStep L2 vs (1 − 2ηλ)w − ηg', ...TOL, tensor: true });
      }),
    },
    {
      id: 'sgd-step-l1', name: 'regularizedSgdStep (L1) equals tf.grad where w ≠ 0 and uses sign(0) = 0', fn: 'regularizedSgdStep', hintKey: 'l1-subgradient',
      run: (m) => tf.tidy(() => {
        const [w, g, lr, lam] = [tf.tensor2d(W1), tf.tensor2d(G), 0.1, 0.5];
        // The exercise's subgradient: λ·sign(w) with sign(0) = 0, so a zero weight only follows its loss gradient.
        const step = (pen: tf.Tensor) => tf.sub(w, tf.mul(tf.add(g, pen), lr));
        const atZero = tf.equal(w, 0);
        expectTensorClose(m.regularizedSgdStep(w, g, lr, lam, 'l1'), step(tf.mul(tf.sign(w), lam)), { name: 'regularizedSgdStep L1', ...TOL, tensor: true, mistakes: [
          // NaN fails every comparison, so it is named by a predicate (sign as w/|w| is 0/0 at w = 0).
          { when: (got) => got.some(Number.isNaN), message: 'the L1 step gave NaN where w = 0: sign(w) computed as w/|w| is 0/0 at w = 0 — use tf.sign, whose sign(0) = 0' },
          { when: step(tf.where(atZero, tf.fill(w.shape, lam), tf.mul(tf.sign(w), lam))), message: 'L1 subgradient at w = 0 taken as +1: use sign(0) = 0, so a zero weight only follows its loss gradient' },
          { when: step(tf.where(atZero, tf.fill(w.shape, -lam), tf.mul(tf.sign(w), lam))), message: 'L1 subgradient at w = 0 taken as −1 (tfjs\'s gradient of abs at 0): use sign(0) = 0, so a zero weight only follows its loss gradient' },
          { when: step(tf.mul(w, 2 * lam)), message: 'the L1 step used the L2 gradient 2λw: the L1 (sub)gradient is λ·sign(w)' },
        ] });
      }),
    },
    {
      id: 'soft-threshold', name: 'softThreshold zeroes |w| ≤ t exactly and shrinks the rest by t', fn: 'softThreshold', hintKey: 'soft-threshold',
      run: (m) => tf.tidy(() => {
        const w = tf.tensor2d([[0.5, -0.1, 0.3, -0.9], [0.05, 0.0, -0.3, 1.25]]);
        const t = 0.25;
        const got = m.softThreshold(w, t);
        const ref = tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), t)));
        expectTensorClose(got, ref, { name: 'softThreshold(w, 0.25)', ...TOL, tensor: true, mistakes: [
          { when: tf.sub(w, tf.mul(tf.sign(w), t)), message: 'softThreshold not zeroing: weights with |w| ≤ t must become exactly 0, not shoot past zero to the other side', hintKey: 'soft-threshold' },
          { when: tf.where(tf.greater(tf.abs(w), t), w, tf.zerosLike(w)), message: 'that is HARD thresholding: the surviving weights must also shrink by t towards 0' },
          { when: tf.relu(tf.sub(w, t)), message: 'negative weights lost their sign: the result is sign(w)·max(|w| − t, 0)' },
        ] });
        const zeros = valuesOf(got).filter((v, i) => Math.abs(valuesOf(w)[i]) <= t && v !== 0);
        if (zeros.length > 0) fail(`softThreshold left ${zeros.length} small weight(s) nonzero (e.g. ${fmt(zeros[0])}): they must be exactly 0`);
      }),
    },
    {
      id: 'matches-keras-penalty', name: 'your l2Penalty equals model.calculateLosses(), and fit loss − evaluate loss = the penalty', fn: 'l2Penalty',
      async run(m) {
        const lam = 0.05;
        const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelRegularizer: tf.regularizers.l2({ l2: lam }), kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
        // lr 0: fit reports the loss at the same weights evaluate then sees.
        const opt = tf.train.sgd(0);
        model.compile({ optimizer: opt, loss: 'meanSquaredError' });
        const x = tf.tensor2d([[1, 2, 0, -1], [0.5, -1, 2, 1], [-2, 0, 1, 1]]);
        const y = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        try {
          const kernel = model.layers[0].getWeights()[0];
          const mine = m.l2Penalty([kernel], lam);
          const mineV = scalarOf(mine, 'l2Penalty');
          const tfPen = tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0]);
          expectClose(mine, tfPen, { name: 'your l2Penalty of the kernel vs model.calculateLosses()', atol: 1e-5, rtol: 1e-5, hintKey: 'l2-half', mistakes: [
            { when: tfPen / 2, message: 'your l2Penalty is half of the model\'s: tfjs has no ½ in the L2 penalty' },
          ] });
          mine.dispose();
          const fitLoss = (await model.fit(x, y, { epochs: 1, batchSize: 3, shuffle: false, verbose: 0 })).history.loss[0] as number;
          const evalLoss = tf.tidy(() => (model.evaluate(x, y, { batchSize: 3 }) as tf.Scalar).dataSync()[0]);
          if (Math.abs(fitLoss - evalLoss - mineV) > 1e-4) fail(`fit loss ${fmt(fitLoss)} − evaluate loss ${fmt(evalLoss)} = ${fmt(fitLoss - evalLoss)}, but your penalty is ${fmt(mineV)}`);
        } finally {
          tf.dispose([x, y]);
          [opt, model].forEach((o) => o.dispose());
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'regularizedSgdStep',
      calls: [
        { name: 'l1Penalty', inputs: () => ({ weights: [tf.tensor2d(W1), tf.tensor1d(W2)] }), call: (m, i) => m.l1Penalty(i.weights, 0.1) },
        { name: 'l2Penalty', inputs: () => ({ weights: [tf.tensor2d(W1), tf.tensor1d(W2)] }), call: (m, i) => m.l2Penalty(i.weights, 0.1) },
        { name: 'regularizedSgdStep (l1)', inputs: step, call: (m, i) => m.regularizedSgdStep(i.w, i.grad, 0.1, 0.1, 'l1') },
        { name: 'regularizedSgdStep (l2)', inputs: step, call: (m, i) => m.regularizedSgdStep(i.w, i.grad, 0.1, 0.1, 'l2') },
        { name: 'softThreshold', inputs: () => ({ w: tf.tensor2d(W1) }), call: (m, i) => m.softThreshold(i.w, 0.3) },
      ],
      banned: { apis: ['tf.regularizers'], why: 'compute the penalty from abs/square/sum' },
      names: { 'no-banned-apis': 'no tf.regularizers (write the penalties yourself)' },
    }),
  ],
});
