/** Demo of s2-cross-entropy: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { learnerGrads, valuesOf, defineDemo } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-cross-entropy');

// ---- demo: |∂L/∂z_true| against p(true class) for cross-entropy and for MSE on probabilities ----
async function gradMagnitudeDemo(m: M, ctx: CheckContext): Promise<Record<string, number | boolean | string>> {
  const C = 3;
  const ps = Array.from({ length: 49 }, (_, i) => 0.01 + (0.98 * i) / 48);
  // Logits whose softmax gives p to the true class (0) and splits the rest evenly.
  const rows = ps.map((p) => [Math.log(p), Math.log((1 - p) / 2), Math.log((1 - p) / 2)]);
  const [ce, ms] = tf.tidy(() => {
    const z = tf.tensor2d(rows);
    const y = tf.oneHot(tf.zeros([ps.length], 'int32'), C) as tf.Tensor2D;
    // Per-example gradients: the learner's loss is a batch mean, so an upstream gradient of N undoes the 1/N.
    const gCe = learnerGrads(m.softmaxCrossEntropy, [y, z], [1], tf.scalar(ps.length)).grads[0];
    const mseOnProbs = (q: tf.Tensor): tf.Tensor => tf.sum(tf.square(tf.sub(tf.softmax(q), y)));
    const gMse = tf.grad(mseOnProbs)(z);
    return [tf.abs(tf.slice(gCe, [0, 0], [-1, 1])), tf.abs(tf.slice(gMse, [0, 0], [-1, 1]))];
  });
  const ceY = valuesOf(ce);
  const mseY = valuesOf(ms);
  tf.dispose([ce, ms]);
  ctx.emit({
    kind: 'lines', chart: 'gradMagnitude', title: 'How hard the true-class logit is pushed',
    xLabel: 'p(true class)', yLabel: '|∂loss/∂z_true|',
    series: [{ name: 'cross-entropy', x: ps, y: ceY }, { name: 'MSE on probabilities', x: ps, y: mseY }],
  });
  // A confidently wrong model (p = 0.01): CE pushes with ≈ 1 − p, MSE with almost nothing.
  return {
    ceGradAtP001: ceY[0], mseGradAtP001: mseY[0],
    ceGradMuchLargerWhenWrong: ceY[0] > 10 * mseY[0],
    ceGradDecreasesWithP: ceY.every((v, i) => i === 0 || v <= ceY[i - 1] + 1e-6),
  };
}

export default defineDemo<M>({ run: (m, ctx) => gradMagnitudeDemo(m, ctx) });
