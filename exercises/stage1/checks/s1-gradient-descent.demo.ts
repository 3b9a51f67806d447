/** Demo of s1-gradient-descent: runs the learner's code (or the solution) and plots what the lesson shows. */
import { defineDemo } from 'dl-tutor/grading';
import { contourValues, ravine, ravineGrad, to2d } from './s1-gradient-descent.check';
import type { Vec } from './s1-gradient-descent.check';

type M = typeof import('../solutions/s1-gradient-descent');

export default defineDemo<M>({
  // A learning-rate sweep on the ravine and a saddle, run with the learner's gradientDescent.
  async run(learner, ctx) {
    const steps = 100;
    const lrs = [0.05, 0.1, 0.19, 0.21];
    const runs = lrs.map((lr) => learner.gradientDescent(ravine, ravineGrad, [1, 1], { lr, steps }));
    ctx.emit({
      kind: 'contour', chart: 'contour', title: '½xᵀ diag(1, 10) x: four learning rates (first 12 steps)',
      xRange: [-1.5, 1.5], yRange: [-3, 3], width: 61, height: 61, values: contourValues(ravine, [-1.5, 1.5], [-3, 3], 61, 61),
      paths: runs.map((r, j) => ({ name: `lr ${lrs[j]}`, points: to2d(r.path.slice(0, 13)) })),
    });
    for (let k = 0; k <= steps; k += 2) {
      const values: Record<string, number> = {};
      runs.forEach((r, j) => { values[`lr ${lrs[j]}`] = r.losses[k]; });
      ctx.emit({ kind: 'epoch', chart: 'loss', title: 'f(x) per step for four learning rates (log scale)', xLabel: 'step', yLabel: 'f(x), log scale', epoch: k, values, logY: true });
    }
    // f = x² + (y² − 1)²: a saddle at the origin between minima at y = ±1.
    const saddle = (x: Vec) => x[0] * x[0] + (x[1] * x[1] - 1) ** 2;
    const saddleGrad = (x: Vec) => [2 * x[0], 4 * x[1] * (x[1] * x[1] - 1)];
    const off = learner.gradientDescent(saddle, saddleGrad, [1, 1e-3], { lr: 0.05, steps: 80 });
    const on = learner.gradientDescent(saddle, saddleGrad, [1, 0], { lr: 0.05, steps: 80 });
    ctx.emit({
      kind: 'contour', chart: 'saddle', title: 'x² + (y² − 1)²: starting exactly on the ridge (y = 0) vs 0.001 off it',
      xRange: [-1.5, 1.5], yRange: [-1.5, 1.5], width: 61, height: 61, values: contourValues(saddle, [-1.5, 1.5], [-1.5, 1.5], 61, 61),
      paths: [{ name: 'from (1, 0.001)', points: to2d(off.path) }, { name: 'from (1, 0)', points: to2d(on.path) }],
    });
    const last = (r: { path: Vec[] }) => r.path[r.path.length - 1];
    const f0 = ravine([1, 1]);
    return {
      lr019Converges: runs[2].losses[steps] < 1e-8 * f0,
      lr021Diverges: runs[3].losses[steps] > 1e6 * f0,
      growthLr021: runs[3].losses[steps] / f0,
      saddleEscapes: Math.abs(last(off)[1]) > 0.9,
      ridgeStaysAtSaddle: Math.abs(last(on)[1]) === 0 && Math.abs(last(on)[0]) < 1e-3,
    };
  },
});
