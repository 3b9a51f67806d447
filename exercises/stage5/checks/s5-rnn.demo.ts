/**
 * Demo of s5-rnn: backpropagation through the learner's rnnForward shows vanishing and exploding
 * gradients (‖∂L/∂h_t‖ against t for recurrent matrices of spectral radius 0.5, 1 and 1.5), and a
 * heatmap of the hidden states the learner's RNN produces on a sine wave.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, gaussian, makeSineSeries, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-rnn');

/** A random n×n orthogonal matrix (Gram–Schmidt on Gaussian columns): every eigenvalue has modulus 1. */
export function randomOrthogonal(n: number, seed: number): number[][] {
  const rng = mulberry32(seed);
  const cols: number[][] = [];
  while (cols.length < n) {
    const v = Array.from({ length: n }, () => gaussian(rng));
    for (const c of cols) {
      const d = v.reduce((s, x, i) => s + x * c[i], 0);
      for (let i = 0; i < n; i++) v[i] -= d * c[i];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-6) cols.push(v.map((x) => x / norm));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
}

export default defineDemo<M>({
  async run(m, ctx) {
    const T = 30;
    const H = 16;
    const D = 4;
    const rng = mulberry32(5);
    const Q = randomOrthogonal(H, 11);
    const Wx = tf.tensor2d(Array.from({ length: D }, () => Array.from({ length: H }, () => 0.5 * gaussian(rng))));
    const b = tf.zeros([H]) as tf.Tensor1D;
    // Tiny inputs keep tanh near its linear part (tanh′ ≈ 1), so the spectral radius of Wh decides the growth.
    const x = tf.tensor3d([Array.from({ length: T }, () => Array.from({ length: D }, () => 1e-6 * gaussian(rng)))]);
    const h0 = tf.zeros([1, H]) as tf.Tensor2D;
    const v = tf.tensor2d([Array.from({ length: H }, () => gaussian(rng))]);
    const radii = [0.5, 1, 1.5];
    const series: Array<{ name: string; x: number[]; y: number[] }> = [];
    const ratios: number[] = [];
    for (const rho of radii) {
      const Wh = tf.tensor2d(Q.map((r) => r.map((q) => rho * q)));
      const p = { Wx, Wh, b };
      const first = m.rnnForward(x, h0, p);
      const norms: number[] = [];
      for (let t = 0; t < T; t++) {
        // ∂L/∂h_t for L = v·h_T: run your RNN from h_t over the remaining inputs and differentiate.
        const norm = tf.tidy(() => {
          const ht = tf.reshape(tf.slice(first.outputs, [0, t, 0], [1, 1, H]), [1, H]);
          const rest = tf.slice(x, [0, t + 1, 0], [1, T - t - 1, D]) as tf.Tensor3D;
          const g = tf.grad((h: tf.Tensor) => tf.sum(tf.mul(m.rnnForward(rest, h as tf.Tensor2D, p).hT, v)))(ht);
          return tf.norm(g).dataSync()[0];
        });
        norms.push(norm);
      }
      tf.dispose([first.outputs, first.hT, Wh]);
      series.push({ name: `spectral radius ${rho}`, x: norms.map((_, t) => t), y: norms });
      ratios.push(norms[0] / norms[T - 1]);
      await new Promise((r) => setTimeout(r, 0));
    }
    ctx.emit({
      kind: 'lines', chart: 'gradNorms', title: `Gradient of L = v·h_${T - 1} with respect to each earlier state, through your rnnForward`,
      series, xLabel: 'time step t', yLabel: '‖∂L/∂h_t‖ (log scale)', logY: true,
    });

    // Hidden states of your RNN on a sine wave (one input feature, H = 12, radius 0.9).
    const Hs = 12;
    const len = 40;
    const wave = makeSineSeries({ n: 1, len, horizon: 1, noise: 0, seed: 3 }).x[0];
    const r2 = mulberry32(8);
    const Q2 = randomOrthogonal(Hs, 12);
    const p2 = {
      Wx: tf.tensor2d([Array.from({ length: Hs }, () => 1.2 * gaussian(r2))]),
      Wh: tf.tensor2d(Q2.map((r) => r.map((q) => 0.9 * q))),
      b: tf.tensor1d(Array.from({ length: Hs }, () => 0.1 * gaussian(r2))),
    };
    const xs = tf.tensor3d([wave.map((w) => [w])]);
    const out = m.rnnForward(xs, tf.zeros([1, Hs]) as tf.Tensor2D, p2);
    const states = (out.outputs.arraySync() as number[][][])[0];
    tf.dispose([out.outputs, out.hT, xs, p2.Wx, p2.Wh, p2.b]);
    ctx.emit({
      kind: 'matrix', chart: 'hiddenStates', title: 'Hidden states h_t of your RNN on a sine wave (input on the top row)',
      rowLabels: ['input x_t', ...Array.from({ length: Hs }, (_, j) => `unit ${j}`)],
      colLabels: wave.map((_, t) => String(t)),
      values: [wave.map((w) => Number(w.toFixed(3))), ...Array.from({ length: Hs }, (_, j) => states.map((s) => Number(s[j].toFixed(3))))],
      xLabel: 'time step t', yLabel: 'hidden unit',
    });
    const inRange = states.every((s) => s.every((h) => h > -1 && h < 1));
    tf.dispose([Wx, b, x, h0, v]);
    return {
      steps: T,
      gradRatioRadius05: ratios[0],
      gradRatioRadius1: ratios[1],
      gradRatioRadius15: ratios[2],
      vanishesAtRadius05: ratios[0] < 1e-6,
      explodesAtRadius15: ratios[2] > 1e3,
      radius1StaysWithin10x: ratios[1] > 0.1 && ratios[1] < 10,
      hiddenStatesInMinus1To1: inRange,
    };
  },
});
