/**
 * Checks for s2-init-he (P0). Graded by statistics like s2-init-glorot: Var(w) = 2/fanIn, with
 * fanIn = kh·kw·in for HWIO kernels; the truncated normal uses the Keras 0.87962566 correction.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, disposeResult, fail, mulberry32, makeSpirals } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';
import { shp } from './lib/kit';
import { commonInitChecks, expectInitStats, normalInit, statsOf, TRUNC, varianceDemo } from './lib/initStats';
import type { Candidate, InitFn } from './lib/initStats';

type M = typeof import('../solutions/s2-init-he');

const SHAPES: Array<{ shape: number[]; fanIn: number; fanOut: number; plainIn: number }> = [
  { shape: [400, 300], fanIn: 400, fanOut: 300, plainIn: 400 },
  { shape: [3, 3, 16, 32], fanIn: 144, fanOut: 288, plainIn: 16 },
];

function heCandidates(fi: number, fo: number, plainIn: number, kind: 'uniform' | 'normal'): Candidate[] {
  const t = Math.sqrt(2 / fi);
  const c: Candidate[] = [
    { std: Math.sqrt(2 / fo), say: 'he using fanOut: He scales by the number of INPUTS, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(4 / (fi + fo)), say: 'he with Glorot\'s averaged fans: He uses fanIn alone, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(2 / (fi + fo)), say: 'that is Glorot\'s 2/(fanIn + fanOut): He uses 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(1 / fi), say: 'missing the factor 2: √(1/fanIn) is LeCun\'s; ReLU zeroes half the inputs, so He doubles it to 2/fanIn', hintKey: 'he-fanin' },
  ];
  if (plainIn !== fi) c.push({ std: Math.sqrt(2 / plainIn), say: `computeFans wrong for conv HWIO: fanIn of [kh,kw,in,out] is kh·kw·in = ${fi}, not in = ${plainIn}`, hintKey: 'he-fanin' });
  if (kind === 'uniform') {
    c.push({ std: t / Math.sqrt(3), say: 'limit = √(2/fanIn) is the target STD; U(−a, a) has std a/√3, so the limit is √(6/fanIn)' });
  } else {
    c.push({ std: t * TRUNC, say: 'uncorrected truncated std: a normal cut at ±2σ has std 0.88σ — divide σ by 0.87962566 (tf.initializers.heNormal skips this, F7)', hintKey: 'init-truncation' });
    c.push({ std: t / TRUNC, say: 'σ corrected but the normal not truncated (or corrected twice): resample |z| > 2', hintKey: 'init-truncation' });
  }
  return c;
}

export default defineChecks<M>({
  checks: [
    {
      name: 'heUniform: U(±√(6/fanIn)) by statistics on [400,300] and [3,3,16,32]',
      fn: 'heUniform',
      hintKey: 'he-fanin',
      run(m) {
        for (const s of SHAPES) {
          const t = m.heUniform(s.shape, mulberry32(21));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`heUniform must return a tensor of shape ${shp(s.shape)}`);
            const limit = Math.sqrt(6 / s.fanIn);
            expectInitStats(t, `heUniform(${shp(s.shape)})`, limit / Math.sqrt(3), limit, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'uniform'), 'uniform');
          } finally {
            disposeResult(t);
          }
        }
      },
    },
    {
      name: 'heNormal: truncated at 2σ with the 0.87962566 correction (final std √(2/fanIn))',
      fn: 'heNormal',
      hintKey: 'init-truncation',
      run(m, ctx) {
        const ratios: number[] = [];
        const tfRatios: number[] = [];
        for (const s of SHAPES) {
          const t = m.heNormal(s.shape, mulberry32(22));
          try {
            if (!(t instanceof tf.Tensor) || shp(t.shape) !== shp(s.shape)) fail(`heNormal must return a tensor of shape ${shp(s.shape)}`);
            const target = Math.sqrt(2 / s.fanIn);
            expectInitStats(t, `heNormal(${shp(s.shape)})`, target, (2 * target) / TRUNC, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'normal'), 'normal');
            const tfInit = tf.initializers.heNormal({ seed: 5 }).apply(s.shape) as tf.Tensor;
            tfRatios.push(statsOf(tfInit).std / target);
            tfInit.dispose();
            ratios.push(statsOf(t).std / target);
          } finally {
            disposeResult(t);
          }
        }
        // The panel's teaching point (F7): tfjs's heNormal is ≈ 0.88× narrow, dense and conv alike.
        ctx.emit({ kind: 'bars', chart: 'stdRatio', title: 'std ÷ √(2/fanIn)', labels: SHAPES.map((s) => shp(s.shape)), series: [{ name: 'your heNormal', values: ratios }, { name: 'tf.initializers.heNormal', values: tfRatios }] });
      },
    },
    ...commonInitChecks<M>('heUniform', 'heNormal'),
  ],
  demo: {
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
  },
});

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
          ctx.emit({ kind: 'epoch', chart: 'loss', title: '10-layer ReLU MLP, SGD 0.1: training loss', epoch: step, values: curves[step] });
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
