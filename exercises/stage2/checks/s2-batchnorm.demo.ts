/** Demo of s2-batchnorm: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { makeSpirals, defineDemo } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-batchnorm');

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
    ctx.emit({ kind: 'epoch', chart: 'loss', title: 'Training loss, 8-layer sigmoid MLP', xLabel: 'step', yLabel: 'training loss', epoch: step, values: curves[step] });
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

export default defineDemo<M>({ run: (m, ctx) => deepSigmoidDemo(m, ctx) });
