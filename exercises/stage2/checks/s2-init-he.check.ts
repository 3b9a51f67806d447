/**
 * Checks for s2-init-he (P0). Graded by statistics like s2-init-glorot: Var(w) = 2/fanIn, with
 * fanIn = kh·kw·in for HWIO kernels; the truncated normal uses the Keras 0.87962566 correction.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, disposeResult, fmtShape, mulberry32, commonInitChecks, distributionCandidates, expectInitStats, statsOf, TRUNC } from 'dl-tutor/grading';
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
  if (kind === 'uniform') {
  } else {
    c.push({ std: t / TRUNC, message: 'σ corrected but the normal not truncated (or corrected twice): resample |z| > 2', hintKey: 'init-truncation' });
  }
  return [...c, ...distributionCandidates(t, kind, { std: '√(2/fanIn)', limit: '√(6/fanIn)', tfInit: 'heNormal' })];
}

export default defineChecks<M>({
  checks: [
    {
      id: 'he-uniform', name: 'heUniform: U(±√(6/fanIn)) by statistics on [400,300] and [3,3,16,32]', fn: 'heUniform', hintKey: 'he-fanin',
      run(m) {
        for (const s of SHAPES) {
          const t = m.heUniform(s.shape, mulberry32(21));
          try {
            if (!(t instanceof tf.Tensor) || fmtShape(t.shape) !== fmtShape(s.shape)) fail(`heUniform must return a tensor of shape ${fmtShape(s.shape)}`);
            const limit = Math.sqrt(6 / s.fanIn);
            expectInitStats(t, `heUniform(${fmtShape(s.shape)})`, limit / Math.sqrt(3), limit, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'uniform'), 'uniform');
          } finally {
            disposeResult(t);
          }
        }
      },
    },
    {
      id: 'he-normal', name: 'heNormal: truncated at 2σ with the 0.87962566 correction (final std √(2/fanIn))', fn: 'heNormal', hintKey: 'init-truncation',
      run(m, ctx) {
        const ratios: number[] = [];
        const tfRatios: number[] = [];
        for (const s of SHAPES) {
          const t = m.heNormal(s.shape, mulberry32(22));
          try {
            if (!(t instanceof tf.Tensor) || fmtShape(t.shape) !== fmtShape(s.shape)) fail(`heNormal must return a tensor of shape ${fmtShape(s.shape)}`);
            const target = Math.sqrt(2 / s.fanIn);
            expectInitStats(t, `heNormal(${fmtShape(s.shape)})`, target, (2 * target) / TRUNC, heCandidates(s.fanIn, s.fanOut, s.plainIn, 'normal'), 'normal');
            const tfInit = tf.initializers.heNormal({ seed: 5 }).apply(s.shape) as tf.Tensor;
            tfRatios.push(statsOf(tfInit).std / target);
            tfInit.dispose();
            ratios.push(statsOf(t).std / target);
          } finally {
            disposeResult(t);
          }
        }
        // The panel's teaching point: tfjs's truncatedNormal cuts at 2σ without rescaling, so its heNormal is ≈ 0.88× narrow, dense and conv alike.
        ctx.emit({ kind: 'bars', chart: 'stdRatio', title: 'std ÷ √(2/fanIn)', labels: SHAPES.map((s) => fmtShape(s.shape)), series: [{ name: 'your heNormal', values: ratios }, { name: 'tf.initializers.heNormal', values: tfRatios }] });
      },
    },
    ...commonInitChecks<M>('heUniform', 'heNormal'),
  ],
});
