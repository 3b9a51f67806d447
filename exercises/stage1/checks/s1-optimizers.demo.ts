/** Demo of s1-optimizers: runs the learner's code (or the solution) and plots what the lesson shows. */
import { defineDemo } from 'dl-tutor/grading';
import { f32 } from './s1-optimizers.check';
import type { Opt } from './s1-optimizers.check';

type M = typeof import('../solutions/s1-optimizers');

export default defineDemo<M>({
  // The learner's optimizers on a ravine and a saddle, and a zoom on Adam's first steps.
  async run(L, ctx) {
    const W = 61;
    const grid = (f: (x: number, y: number) => number, xr: [number, number], yr: [number, number]) => {
      const v: number[] = [];
      for (let r = 0; r < W; r++) for (let c = 0; c < W; c++) v.push(f(xr[0] + ((xr[1] - xr[0]) * c) / (W - 1), yr[0] + ((yr[1] - yr[0]) * r) / (W - 1)));
      return v;
    };
    const race = (make: Array<[string, () => Opt]>, grad: (x: number, y: number) => Float32Array, start: [number, number], steps: number) =>
      make.map(([name, mk]) => {
        const opt = mk();
        const w = f32(...start);
        const points: Array<[number, number]> = [[w[0], w[1]]];
        for (let s = 0; s < steps; s++) { opt.step([w], [grad(w[0], w[1])]); points.push([w[0], w[1]]); }
        return { name, points };
      });

    // Ravine ½(x² + 50y²): SGD must keep lr < 2/50, which makes the long axis slow.
    const ravine = (x: number, y: number) => 0.5 * (x * x + 50 * y * y);
    const ravinePaths = race([
      ['SGD lr 0.035', () => new L.SGD(0.035)], ['Momentum lr 0.035, m 0.9', () => new L.Momentum(0.035, 0.9)],
      ['RMSProp lr 0.05', () => new L.RMSProp(0.05)], ['Adam lr 0.1', () => new L.Adam(0.1)],
    ], (x, y) => f32(x, 50 * y), [-4, 1], 100);
    ctx.emit({ kind: 'contour', chart: 'ravine', title: '½(x² + 50y²) from (−4, 1): 100 steps each', xRange: [-5, 5], yRange: [-1.5, 1.5], width: W, height: W, values: grid(ravine, [-5, 5], [-1.5, 1.5]), paths: ravinePaths });

    // x² + (y² − 1)²: a saddle at the origin. A tiny y-gradient takes SGD many steps to amplify;
    // Adam and RMSProp divide it by its own size.
    const saddle = (x: number, y: number) => x * x + (y * y - 1) ** 2;
    const saddlePaths = race([
      ['SGD lr 0.05', () => new L.SGD(0.05)], ['Momentum lr 0.05, m 0.9', () => new L.Momentum(0.05, 0.9)],
      ['RMSProp lr 0.05', () => new L.RMSProp(0.05)], ['Adam lr 0.05', () => new L.Adam(0.05)],
    ], (x, y) => f32(2 * x, 4 * y * (y * y - 1)), [1, 1e-3], 80);
    ctx.emit({ kind: 'contour', chart: 'saddle', title: 'x² + (y² − 1)² from (1, 0.001): who leaves the saddle first?', xRange: [-1.5, 1.5], yRange: [-1.5, 1.5], width: W, height: W, values: grid(saddle, [-1.5, 1.5], [-1.5, 1.5]), paths: saddlePaths });
    const escape = (p: { points: Array<[number, number]> }) => p.points.findIndex(([, y]) => Math.abs(y) > 0.5);

    // Adam's step sizes under a constant gradient: with bias correction every step is ≈ lr.
    const lr = 0.01;
    const adam = new L.Adam(lr);
    const w = f32(0);
    const withBias: number[] = [];
    for (let t = 0; t < 30; t++) { const before = w[0]; adam.step([w], [f32(0.5)]); withBias.push((before - w[0]) / lr); }
    const noBias: number[] = [];
    let m = 0;
    let v = 0;
    for (let t = 0; t < 30; t++) { m = 0.9 * m + 0.1 * 0.5; v = 0.999 * v + 0.001 * 0.25; noBias.push(m / (Math.sqrt(v) + 1e-7)); }
    const steps = withBias.map((_, t) => t + 1);
    ctx.emit({ kind: 'lines', chart: 'adamZoom', title: 'Adam step size ÷ lr under a constant gradient', xLabel: 'step t', yLabel: 'step / lr',
      series: [{ name: 'your Adam (bias-corrected)', x: steps, y: withBias }, { name: 'without bias correction', x: steps, y: noBias, dashed: true }] });

    const finalRavine = ravinePaths.map((p) => ravine(...p.points[p.points.length - 1]));
    return {
      ravineSgd: finalRavine[0],
      ravineMomentum: finalRavine[1],
      momentumBeatsSgdOnRavine: finalRavine[1] < finalRavine[0],
      saddleEscapeSgd: escape(saddlePaths[0]),
      saddleEscapeAdam: escape(saddlePaths[3]),
      adamLeavesSaddleFirst: escape(saddlePaths[3]) >= 0 && escape(saddlePaths[3]) < escape(saddlePaths[0]),
      adamFirstStepOverLr: withBias[0],
      noBiasFirstStepOverLr: noBias[0],
    };
  },
});
