/** Demo of s2-model-complexity: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, glorotVariable, moonsTensors, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-model-complexity');

export default defineDemo<M>({
  async run(m, ctx) {
    // Moons: 80 noisy training points, 300 validation points.
    const rng = mulberry32(77);
    const [train, val] = [80, 300].map((n) => moonsTensors(n, 0.3, rng));
    const widths = [2, 16, 128], lambdas = [0, 1e-3, 1e-2], steps = 150, R = lambdas.length;
    const grid: number[][] = [];
    const results: Array<{ params: number; valLoss: number; width: number; lambda: number }> = [];
    try {
      for (const width of widths) {
        // The λ runs of one width train side by side as a batch of R independent 2-hidden-layer MLPs
        // (batched matMul): one set of ops per step instead of R, and each run's gradient only
        // ever sees its own loss, so this is exactly R separate trainings.
        const vars = tf.tidy(() => [
          glorotVariable([R, 2, width], 1), tf.variable(tf.zeros([R, 1, width])),
          glorotVariable([R, width, width], 2), tf.variable(tf.zeros([R, 1, width])),
          glorotVariable([R, width, 1], 3), tf.variable(tf.zeros([R, 1, 1])),
        ]);
        const [W1, b1, W2, b2, W3, b3] = vars;
        const lam = tf.tensor1d(lambdas);
        const forward = (x: tf.Tensor) => {
          const xb = tf.tile(x.expandDims(0), [R, 1, 1]);
          const h1 = tf.relu(tf.add(tf.matMul(xb, W1), b1));
          const h2 = tf.relu(tf.add(tf.matMul(h1, W2), b2));
          return tf.sigmoid(tf.add(tf.matMul(h2, W3), b3)); // [R, n, 1]
        };
        /** Mean log loss per run, [R]. */
        const lossPerRun = (d: { x: tf.Tensor; y: tf.Tensor }) => {
          const p = tf.clipByValue(forward(d.x), 1e-7, 1 - 1e-7);
          const y = d.y.expandDims(0);
          return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))), [1, 2]));
        };
        const opt = tf.train.adam(0.02);
        try {
          for (let s = 0; s < steps; s++) {
            opt.minimize(() => {
              const l2 = tf.addN([W1, W2, W3].map((w) => tf.sum(tf.square(w), [1, 2])));
              return tf.sum(tf.add(lossPerRun(train), tf.mul(lam, l2))) as tf.Scalar;
            }, false, vars as tf.Variable[]);
          }
          const v = tf.tidy(() => Array.from(lossPerRun(val).dataSync()));
          grid.push(v);
          v.forEach((valLoss, r) => results.push({ params: m.countDenseParams([2, width, width, 1]), valLoss, width, lambda: lambdas[r] }));
        } finally {
          opt.dispose();
          tf.dispose([...vars, lam]);
        }
        ctx.emit({
          kind: 'matrix', chart: 'complexityGrid', title: `Validation log loss after ${steps} Adam steps (moons, 80 train / 300 val)`,
          rowLabels: widths.slice(0, grid.length).map((w) => `width ${w} (${m.countDenseParams([2, w, w, 1])} params)`),
          colLabels: lambdas.map((l) => `L2 ${l}`), values: grid.map((r) => r.slice()), xLabel: 'L2 strength λ', yLabel: 'hidden width (2 layers)',
        });
      }
    } finally {
      tf.dispose([train.x, train.y, val.x, val.y]);
    }
    const pick = results[m.selectByValidation(results.map(({ params, valLoss }) => ({ params, valLoss })))];
    const at = (w: number, l: number) => grid[widths.indexOf(w)][lambdas.indexOf(l)];
    const bestL2For128 = Math.min(...lambdas.slice(1).map((l) => at(128, l)));
    const best = Math.min(...grid.flat());
    const parts = [
      at(2, 0) > best + 0.05 ? `width 2 underfits (val ${at(2, 0).toFixed(2)})` : `width 2 is close to the best (val ${at(2, 0).toFixed(2)})`,
      at(128, 0) > bestL2For128 ? `width 128 without L2 overfits (val ${at(128, 0).toFixed(2)}); with L2 it reaches ${bestL2For128.toFixed(2)}` : `width 128 did not overfit here (val ${at(128, 0).toFixed(2)})`,
      `selectByValidation keeps width ${pick.width}, λ ${pick.lambda} (${pick.params} params)`,
    ];
    ctx.emit({ kind: 'note', chart: 'complexityGrid', text: parts.join('; ') + '.' });
    return {
      width2Underfits: at(2, 0) > best + 0.05, valWidth2NoL2: at(2, 0), valWidth128NoL2: at(128, 0), valWidth128L2: at(128, 1e-3), bestValWidth128WithL2: bestL2For128,
      l2HelpsWidth128: at(128, 0) > bestL2For128, l2_1e3HelpsWidth128: at(128, 0) > at(128, 1e-3),
      selectedWidth: pick.width, selectedLambda: pick.lambda, selectedParams: pick.params,
    };
  },
});
