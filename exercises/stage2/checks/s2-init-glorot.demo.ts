/** Demo of s2-init-glorot: runs the learner's code (or the solution) and plots what the lesson shows. */
import { normalInit, varianceDemo, defineDemo } from 'dl-tutor/grading';
import type { InitFn } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-glorot');

export default defineDemo<M>({
  async run(m, ctx) {
    const he: InitFn = (shape, rng) => normalInit(Math.sqrt(2 / shape[shape.length - 2]))(shape, rng);
    const last = await varianceDemo(ctx, [
      { name: 'N(0,1)', make: normalInit(1) }, { name: 'N(0,0.01)', make: normalInit(0.01) },
      { name: 'Xavier (yours)', make: (s, r) => m.glorotNormal(s, r) }, { name: 'He', make: he },
    ], 3);
    const xavierTanh = last['Xavier (yours) + tanh'];
    const smallTanh = last['N(0,0.01) + tanh'];
    return {
      stdLayer20XavierTanh: xavierTanh, stdLayer20SmallTanh: smallTanh, stdLayer20N1Relu: last['N(0,1) + relu'], stdLayer20HeRelu: last['He + relu'],
      xavierKeepsTanhAlive: xavierTanh > 0.05 && smallTanh < 1e-6,
    };
  },
});
