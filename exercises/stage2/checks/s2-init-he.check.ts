/**
 * Checks for s2-init-he (P0). Graded by statistics like s2-init-glorot: Var(w) = 2/fanIn, with
 * fanIn = kh·kw·in for HWIO kernels; the truncated normal uses the Keras 0.87962566 correction.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fmtShape, commonInitChecks, distributionCandidates, expectInitializer, statsOf, TRUNC } from 'dl-tutor/grading';
import type { Candidate } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-he');

const SHAPES: Array<{ shape: number[]; fanIn: number; fanOut: number; plainIn: number }> = [
  { shape: [400, 300], fanIn: 400, fanOut: 300, plainIn: 400 },
  { shape: [3, 3, 16, 32], fanIn: 144, fanOut: 288, plainIn: 16 },
];

function heCandidates(fi: number, fo: number, plainIn: number, kind: 'uniform' | 'normal'): Candidate[] {
  const t = Math.sqrt(2 / fi);
  const c: Candidate[] = [
    { std: Math.sqrt(2 / fo), message: 'he using fanOut: He scales by the number of INPUTS, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(4 / (fi + fo)), message: 'he with Glorot\'s averaged fans: He uses fanIn alone, Var(w) = 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(2 / (fi + fo)), message: 'that is Glorot\'s 2/(fanIn + fanOut): He uses 2/fanIn', hintKey: 'he-fanin' },
    { std: Math.sqrt(1 / fi), message: 'missing the factor 2: √(1/fanIn) is LeCun\'s; ReLU zeroes half the inputs, so He doubles it to 2/fanIn', hintKey: 'he-fanin' },
  ];
  if (plainIn !== fi) c.push({ std: Math.sqrt(2 / plainIn), message: `computeFans wrong for conv HWIO: fanIn of [kh,kw,in,out] is kh·kw·in = ${fi}, not in = ${plainIn}`, hintKey: 'he-fanin' });
  if (kind === 'normal') c.push({ std: t / TRUNC, message: 'σ corrected but the normal not truncated (or corrected twice): resample |z| > 2', hintKey: 'init-truncation' });
  return [...c, ...distributionCandidates(t, kind, { std: '√(2/fanIn)', limit: '√(6/fanIn)', tfInit: 'heNormal' })];
}

export default defineChecks<M>({
  checks: [
    {
      id: 'he-uniform', name: 'heUniform: U(±√(6/fanIn)) by statistics on [400,300] and [3,3,16,32]', fn: 'heUniform', hintKey: 'he-fanin',
      run: (m) => expectInitializer((sh, r) => m.heUniform(sh, r), 'heUniform', SHAPES, 21, 'uniform', (s) => {
        const limit = Math.sqrt(6 / s.fanIn);
        return { target: limit / Math.sqrt(3), bound: limit, candidates: heCandidates(s.fanIn, s.fanOut, s.plainIn, 'uniform') };
      }),
    },
    {
      id: 'he-normal', name: 'heNormal: truncated at 2σ with the 0.87962566 correction (final std √(2/fanIn))', fn: 'heNormal', hintKey: 'init-truncation',
      run(m, ctx) {
        const ratios: number[] = [];
        const tfRatios: number[] = [];
        expectInitializer((sh, r) => m.heNormal(sh, r), 'heNormal', SHAPES, 22, 'normal', (s) => {
          const target = Math.sqrt(2 / s.fanIn);
          return { target, bound: (2 * target) / TRUNC, candidates: heCandidates(s.fanIn, s.fanOut, s.plainIn, 'normal') };
        }, (t, s, target) => {
          ratios.push(statsOf(t).std / target);
          tfRatios.push(tf.tidy(() => statsOf(tf.initializers.heNormal({ seed: 5 }).apply(s.shape) as tf.Tensor).std) / target);
        });
        // The panel's teaching point: tfjs's truncatedNormal cuts at 2σ without rescaling, so its heNormal is ≈ 0.88× narrow, dense and conv alike.
        ctx.emit({ kind: 'bars', chart: 'stdRatio', title: 'std ÷ √(2/fanIn)', labels: SHAPES.map((s) => fmtShape(s.shape)), series: [{ name: 'your heNormal', values: ratios }, { name: 'tf.initializers.heNormal', values: tfRatios }] });
      },
    },
    ...commonInitChecks<M>('heUniform', 'heNormal'),
  ],
});
