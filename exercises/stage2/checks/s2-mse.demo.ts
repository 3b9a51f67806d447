/** Demo of s2-mse: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, defineDemo } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-mse');

// ---- demo: fits with MSE vs MAE vs Huber on data with outliers ----

async function lossFitsDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const rng = mulberry32(7);
  const truth = (x: number): number => 1 + 2 * x - 1.5 * x * x;
  const n = 60;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    // 10 % of the points are gross outliers, all on the same side: that is what drags a mean.
    const outlier = rng() < 0.1 ? 6 + 3 * rng() : 0;
    xs.push(x);
    ys.push(truth(x) + 0.15 * g + outlier);
  }
  const X = tf.tensor2d(xs.map((x) => [1, x, x * x]));
  const Y = tf.tensor2d(ys, [n, 1]);
  const delta = 1;
  // dLoss/dŷ for each loss; MSE's comes from the learner's mseGrad.
  const grads: Record<string, (p: tf.Tensor) => tf.Tensor> = {
    MSE: (p) => m.mseGrad(Y, p),
    MAE: (p) => tf.div(tf.sign(tf.sub(p, Y)), n),
    Huber: (p) => tf.div(tf.clipByValue(tf.sub(p, Y), -delta, delta), n),
  };
  const gridX = Array.from({ length: 41 }, (_, i) => -1 + i / 20);
  const series: Array<{ name: string; x: number[]; y: number[]; dashed?: boolean }> = [
    { name: 'true function', x: gridX, y: gridX.map(truth), dashed: true },
  ];
  const err: Record<string, number> = {};
  const residuals: Array<{ name: string; x: number[]; y: number[] }> = [];
  for (const [name, g] of Object.entries(grads)) {
    let w = tf.zeros([3, 1]);
    for (let step = 0; step < 800; step++) {
      const next = tf.tidy(() => {
        const p = tf.matMul(X, w);
        return tf.sub(w, tf.mul(tf.matMul(X, g(p), true, false), 0.8));
      });
      w.dispose();
      w = next;
    }
    const c = Array.from(w.dataSync());
    w.dispose();
    const f = (x: number): number => c[0] + c[1] * x + c[2] * x * x;
    series.push({ name, x: gridX, y: gridX.map(f) });
    residuals.push({ name, x: xs, y: xs.map((x, i) => ys[i] - f(x)) });
    // Distance from the clean curve: how far the outliers dragged the fit.
    err[name] = Math.sqrt(gridX.reduce((s, x) => s + (f(x) - truth(x)) ** 2, 0) / gridX.length);
  }
  tf.dispose([X, Y]);
  ctx.emit({
    kind: 'lines', chart: 'lossFits', title: 'Fits on data with 10 % outliers', xLabel: 'x', yLabel: 'y', series,
    points: xs.map((x, i) => ({ x, y: ys[i], label: 0 })),
  });
  // Residuals y − fit: MSE spreads the outliers' pull over every point; MAE/Huber leave the
  // inliers near 0 and let the outliers stand out.
  ctx.emit({ kind: 'lines', chart: 'residuals', title: 'Residuals y − fit', xLabel: 'x', yLabel: 'residual', series: residuals });
  return {
    rmseFromTruthMse: err.MSE, rmseFromTruthMae: err.MAE, rmseFromTruthHuber: err.Huber,
    robustLossesLessDistorted: err.Huber < err.MSE && err.MAE < err.MSE,
  };
}

export default defineDemo<M>({ run: (m, ctx) => lossFitsDemo(m, ctx) });
