/**
 * Demo of s5-lstm: the learner's lstmForward against a vanilla RNN (written here) on "remember the
 * first token" (T = 20), as loss and accuracy curves; which input steps the trained models'
 * outputs depend on (‖∂L/∂x_t‖); and the forget gate and cell state of the trained LSTM, stepped
 * with the learner's lstmStep.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, gaussian, makeFirstTokenTask, mulberry32 } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-lstm');

const glorot = (rng: Rng, r: number, c: number): tf.Tensor2D => {
  const s = Math.sqrt(2 / (r + c));
  return tf.tensor2d(Array.from({ length: r }, () => Array.from({ length: c }, () => s * gaussian(rng))));
};

/** LSTM parameters with the forget-gate bias at 1 (blocks [i, f, c̃, o]). */
function lstmInit(rng: Rng, D: number, H: number) {
  return {
    W: tf.variable(glorot(rng, D, 4 * H)),
    U: tf.variable(glorot(rng, H, 4 * H)),
    b: tf.variable(tf.tensor1d(Array.from({ length: 4 * H }, (_, k) => (k >= H && k < 2 * H ? 1 : 0)))),
  };
}
function rnnInit(rng: Rng, D: number, H: number) {
  return { Wx: tf.variable(glorot(rng, D, H)), Wh: tf.variable(glorot(rng, H, H)), b: tf.variable(tf.zeros([H])) };
}
/** A vanilla RNN, for comparison: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b). Returns h_T. */
function rnnLast(x: tf.Tensor3D, p: { Wx: tf.Tensor; Wh: tf.Tensor; b: tf.Tensor }): tf.Tensor2D {
  const [B] = x.shape;
  let h: tf.Tensor = tf.zeros([B, p.Wh.shape[0]]);
  for (const xt of tf.unstack(x, 1)) h = tf.tanh(tf.add(tf.add(tf.matMul(xt, p.Wx), tf.matMul(h, p.Wh)), p.b));
  return h as tf.Tensor2D;
}

const oneHot = (ids: number[][], K: number): tf.Tensor3D => tf.tidy(() => tf.oneHot(tf.tensor2d(ids, undefined, 'int32'), K).toFloat() as tf.Tensor3D);

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const T = small ? 10 : 20;
    const steps = small ? 60 : 100;
    const K = 4;
    const H = 12;
    const B = small ? 32 : 64;
    if (small) ctx.emit({ kind: 'note', chart: 'firstTokenLoss', text: `Pure-JS engine: sequences of ${T} tokens, batches of ${B} and ${steps} steps instead of 20, 64 and 100, so the demo stays quick (the native engine is faster). Over only ${T} steps a plain RNN often learns this task too: the gap the lesson shows appears at length 20.` });
    const train = makeFirstTokenTask({ n: 2048, len: T, vocab: K, seed: 1 });
    const test = makeFirstTokenTask({ n: 256, len: T, vocab: K, seed: 2 });
    const xTest = oneHot(test.x, K);
    const yTest = tf.oneHot(tf.tensor1d(test.y, 'int32'), K).toFloat();

    const rng = mulberry32(7);
    const lstm = lstmInit(rng, K, H);
    const rnn = rnnInit(rng, K, H);
    const heads = { lstm: { W: tf.variable(glorot(rng, H, K)), b: tf.variable(tf.zeros([K])) }, rnn: { W: tf.variable(glorot(rng, H, K)), b: tf.variable(tf.zeros([K])) } };
    const logitsLstm = (x: tf.Tensor3D) => tf.add(tf.matMul(m.lstmForward(x, lstm).hT, heads.lstm.W), heads.lstm.b);
    const logitsRnn = (x: tf.Tensor3D) => tf.add(tf.matMul(rnnLast(x, rnn), heads.rnn.W), heads.rnn.b);
    const models = [
      { name: 'LSTM (yours)', logits: logitsLstm, vars: [lstm.W, lstm.U, lstm.b, heads.lstm.W, heads.lstm.b], opt: tf.train.adam(0.02), acc: 0, loss: NaN },
      { name: 'vanilla RNN', logits: logitsRnn, vars: [rnn.Wx, rnn.Wh, rnn.b, heads.rnn.W, heads.rnn.b], opt: tf.train.adam(0.02), acc: 0, loss: NaN },
    ];
    const batchRng = mulberry32(3);
    let lstmStepTo90 = -1;
    const t0 = Date.now();
    for (let step = 1; step <= steps; step++) {
      const idx = Array.from({ length: B }, () => Math.floor(batchRng() * train.x.length));
      const xb = oneHot(idx.map((i) => train.x[i]), K);
      const yb = tf.tidy(() => tf.oneHot(tf.tensor1d(idx.map((i) => train.y[i]), 'int32'), K).toFloat());
      for (const md of models) {
        const cost = md.opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, md.logits(xb)) as tf.Scalar, true, md.vars as tf.Variable[]) as tf.Scalar;
        md.loss = cost.dataSync()[0];
        cost.dispose();
      }
      tf.dispose([xb, yb]);
      if (step % 4 === 0 || step === 1) {
        const values: Record<string, number> = {};
        for (const md of models) values[md.name] = md.loss;
        ctx.emit({ kind: 'epoch', chart: 'firstTokenLoss', title: `Remember the first of ${T} tokens: training loss`, epoch: step, values, xLabel: 'training step', yLabel: `loss (cross-entropy, batch of ${B})` });
      }
      if (step % 10 === 0 || step === 1) {
        const accs: Record<string, number> = {};
        for (const md of models) {
          md.acc = tf.tidy(() => tf.mean(tf.equal(tf.argMax(md.logits(xTest), 1), tf.argMax(yTest, 1)).toFloat()).dataSync()[0]);
          accs[md.name] = md.acc;
        }
        if (lstmStepTo90 < 0 && models[0].acc > 0.9) lstmStepTo90 = step;
        ctx.emit({ kind: 'epoch', chart: 'firstTokenAccuracy', title: `Remember the first of ${T} tokens: test accuracy (chance 0.25)`, epoch: step, values: accs, xLabel: 'training step', yLabel: 'accuracy on 256 test sequences' });
        await new Promise((r) => setTimeout(r, 0));
      }
    }

    // Where does each trained model look? ‖∂L/∂x_t‖ for L = v·logits on 64 test sequences.
    const xg = tf.slice(xTest, [0, 0, 0], [64, T, K]) as tf.Tensor3D;
    const v = tf.tensor2d(Array.from({ length: 64 }, () => Array.from({ length: K }, () => gaussian(rng))));
    const reach = (f: (x: tf.Tensor3D) => tf.Tensor): number[] => tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor3D), v)))(xg);
      return Array.from(tf.norm(g, 'euclidean', [0, 2]).dataSync());
    });
    const gL = reach(logitsLstm);
    const gR = reach(logitsRnn);
    ctx.emit({
      kind: 'lines', chart: 'gradientReach', title: 'How much each input step moves the trained models\' outputs',
      series: [{ name: 'LSTM (yours)', x: gL.map((_, t) => t), y: gL }, { name: 'vanilla RNN', x: gR.map((_, t) => t), y: gR }],
      xLabel: 'time step t', yLabel: '‖∂L/∂x_t‖ (log scale)', logY: true,
    });
    const medianOf = (a: number[]): number => { const s2 = [...a].sort((p, q) => p - q); return s2[Math.floor(s2.length / 2)]; };
    const focusLstm = gL[0] / medianOf(gL.slice(1));
    const focusRnn = gR[0] / medianOf(gR.slice(1));

    // Forget gate and cell state of the trained LSTM on one test sequence, stepped with your lstmStep.
    const sample = test.x[0];
    const fRows: number[][] = Array.from({ length: H }, () => []);
    const cRows: number[][] = Array.from({ length: H }, () => []);
    tf.tidy(() => {
      let h = tf.zeros([1, H]) as tf.Tensor2D;
      let c = tf.zeros([1, H]) as tf.Tensor2D;
      const xs = tf.unstack(oneHot([sample], K), 1) as tf.Tensor2D[];
      for (const xt of xs) {
        const z = tf.add(tf.add(tf.matMul(xt, lstm.W), tf.matMul(h, lstm.U)), lstm.b);
        const f = tf.sigmoid(tf.slice(z, [0, H], [1, H])).dataSync();
        ({ h, c } = m.lstmStep(xt, h, c, lstm));
        const cv = c.dataSync();
        for (let j = 0; j < H; j++) { fRows[j].push(Number(f[j].toFixed(3))); cRows[j].push(Number(cv[j].toFixed(3))); }
      }
    });
    const colLabels = sample.map((tok, t) => `${t}:${'abcd'[tok]}`);
    const rowLabels = Array.from({ length: H }, (_, j) => `unit ${j}`);
    ctx.emit({ kind: 'matrix', chart: 'forgetGate', title: 'Forget gate f_t of your trained LSTM on one sequence (1 = keep the cell state)', rowLabels, colLabels, values: fRows, xLabel: 'time step t : token', yLabel: 'hidden unit' });
    ctx.emit({ kind: 'matrix', chart: 'cellState', title: 'Cell state c_t of your trained LSTM on the same sequence', rowLabels, colLabels, values: cRows, xLabel: 'time step t : token', yLabel: 'hidden unit' });

    const [L, R] = models;
    tf.dispose([xTest, yTest, xg, v, ...L.vars, ...R.vars]);
    models.forEach((md) => md.opt.dispose());
    return {
      sequenceLength: T,
      steps,
      lstmAccuracy: L.acc,
      rnnAccuracy: R.acc,
      lstmLoss: L.loss,
      rnnLoss: R.loss,
      lstmStepTo90,
      trainingMs: Date.now() - t0,
      lstmRemembers: L.acc > 0.9,
      lstmBeatsRnn: L.acc > R.acc + 0.2,
      firstTokenFocusLstm: focusLstm,
      firstTokenFocusRnn: focusRnn,
      lstmLooksAtFirstToken: focusLstm > 10 && focusLstm > 3 * focusRnn,
    };
  },
});
