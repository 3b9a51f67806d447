/** Demo of s2-init-he: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, makeSpirals, normalInit, varianceDemo, defineDemo } from 'dl-tutor/grading';
import type { CheckContext, InitFn } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-he');

// ---- demo part 2: a 10-layer ReLU MLP on spirals, Xavier vs your He, same SGD ----
async function deepReluRace(m: M, ctx: CheckContext, xavier: InitFn): Promise<{ xavier: number; he: number }> {
  const data = makeSpirals({ nPerClass: 70, classes: 3, noise: 0.15, seed: 8 });
  const x = tf.tensor2d(data.x);
  const y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 3).toFloat();
  const depth = 10;
  const width = 32;
  const steps = 150;
  const finals: Record<string, number> = {};
  const curves: Record<number, Record<string, number>> = {};
  try {
    for (const [name, init] of [['Xavier', xavier], ['He (yours)', (s: number[], r: () => number) => m.heNormal(s, r)]] as Array<[string, InitFn]>) {
      const vars: tf.Variable[] = [];
      for (let l = 0; l <= depth; l++) {
        const shape = [l === 0 ? 2 : width, l === depth ? 3 : width];
        const w0 = init(shape, mulberry32(500 + l));
        vars.push(tf.variable(w0), tf.variable(tf.zeros([shape[1]])));
        w0.dispose();
      }
      const opt = tf.train.sgd(0.1);
      for (let step = 1; step <= steps; step++) {
        const loss = opt.minimize(() => {
          let h: tf.Tensor = x;
          for (let l = 0; l <= depth; l++) {
            const z = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
            h = l === depth ? z : tf.relu(z);
          }
          return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
        }, true) as tf.Scalar;
        const v = loss.dataSync()[0];
        loss.dispose();
        finals[name] = v;
        if (step % 5 === 0 || step === 1) {
          curves[step] = { ...curves[step], [name]: v };
          ctx.emit({ kind: 'epoch', chart: 'loss', title: '10-layer ReLU MLP, SGD 0.1: training loss', xLabel: 'step', yLabel: 'training loss', epoch: step, values: curves[step] });
        }
        if (step % 25 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      opt.dispose();
      tf.dispose(vars);
    }
  } finally {
    tf.dispose([x, y]);
  }
  return { xavier: finals.Xavier, he: finals['He (yours)'] };
}

export default defineDemo<M>({
  async run(m, ctx) {
    const xavier: InitFn = (shape, rng) => normalInit(Math.sqrt(2 / (shape[0] + shape[1])))(shape, rng);
    const last = await varianceDemo(ctx, [
      { name: 'N(0,1)', make: normalInit(1) }, { name: 'N(0,0.01)', make: normalInit(0.01) },
      { name: 'Xavier', make: xavier }, { name: 'He (yours)', make: (s, r) => m.heNormal(s, r) },
    ], 4);
    const curves = await deepReluRace(m, ctx, xavier);
    const heRelu = last['He (yours) + relu'];
    const smallRelu = last['N(0,0.01) + relu'];
    return {
      stdLayer20HeRelu: heRelu, stdLayer20SmallRelu: smallRelu, stdLayer20XavierRelu: last['Xavier + relu'],
      heKeepsReluAlive: heRelu > 0.1 && smallRelu < 1e-6,
      finalLossXavier: curves.xavier, finalLossHe: curves.he,
      heBeatsXavierDeepRelu: curves.he < curves.xavier,
    };
  },
});
