/**
 * Checks for s2-init-glorot (P0). The learner's rng is not tf's, so the initializers are graded
 * by statistics on [400,300] (120 000 values) and [3,3,16,32] (4 608): |mean| < 4σ/√n, std within
 * ±3 % of the target (Keras ≥ 2.3 spec: the truncated normal is corrected by 0.87962566), bounds.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectThrows, fmtShape, commonInitChecks, distributionCandidates, expectInitializer, statsOf, TRUNC } from 'dl-tutor/grading';
import type { Candidate } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-init-glorot');

const SHAPES: Array<{ shape: number[]; fanIn: number; fanOut: number; plainIn: number; plainOut: number }> = [
  { shape: [400, 300], fanIn: 400, fanOut: 300, plainIn: 400, plainOut: 300 },
  { shape: [3, 3, 16, 32], fanIn: 144, fanOut: 288, plainIn: 16, plainOut: 32 },
];

function glorotCandidates(fi: number, fo: number, plainIn: number, plainOut: number, kind: 'uniform' | 'normal'): Candidate[] {
  const t = Math.sqrt(2 / (fi + fo));
  const c: Candidate[] = [
    { std: Math.sqrt(2 / fi), message: 'glorot with fanIn only: that is He\'s √(2/fanIn); Glorot averages both fans, √(2/(fanIn + fanOut))', hintKey: 'glorot-fans' },
    { std: Math.sqrt(1 / fi), message: 'glorot with fanIn only: √(1/fanIn) is LeCun\'s; Glorot uses 2/(fanIn + fanOut)', hintKey: 'glorot-fans' },
    { std: Math.sqrt(2 / fo), message: 'glorot with fanOut only: Glorot uses 2/(fanIn + fanOut)', hintKey: 'glorot-fans' },
  ];
  if (plainIn !== fi) c.push({ std: Math.sqrt(2 / (plainIn + plainOut)), message: `conv fans without the receptive field: for HWIO [kh,kw,in,out] fanIn = kh·kw·in = ${fi}, fanOut = kh·kw·out = ${fo}`, hintKey: 'glorot-fans' });
  c.push(kind === 'uniform'
    ? { std: t * Math.sqrt(3), message: 'limit too wide by √3: the limit is √(6/(fanIn + fanOut))' }
    : { std: t / TRUNC, message: 'σ corrected twice, or a plain normal with the corrected σ: truncate at ±2σ_param and resample', hintKey: 'init-truncation' });
  return [...c, ...distributionCandidates(t, kind, { std: '√(2/(fanIn + fanOut))', limit: '√(6/(fanIn + fanOut))', tfInit: 'glorotNormal' })];
}

export default defineChecks<M>({
  checks: [
    {
      id: 'compute-fans', name: 'computeFans: dense [in,out] and conv HWIO [kh,kw,in,out]', fn: 'computeFans', hintKey: 'glorot-fans',
      run(m) {
        const cases: Array<[number[], number, number]> = [[[400, 300], 400, 300], [[5, 7], 5, 7], [[3, 3, 16, 32], 144, 288], [[5, 1, 3, 8], 15, 40]];
        for (const [shape, fi, fo] of cases) {
          const r = m.computeFans(shape);
          if (!r || typeof r.fanIn !== 'number' || typeof r.fanOut !== 'number') fail('computeFans must return { fanIn, fanOut }');
          if (r.fanIn === fi && r.fanOut === fo) continue;
          const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
          const inn = shape[shape.length - 2];
          const out = shape[shape.length - 1];
          let why = '';
          if (r.fanIn === fo && r.fanOut === fi) why = ' — fanIn and fanOut swapped: the second-to-last axis is the input';
          else if (shape.length > 2 && r.fanIn === inn && r.fanOut === out) why = ' — computeFans wrong for conv HWIO: multiply in and out by the receptive field kh·kw';
          else if (shape.length > 2 && r.fanIn === shape[0] * rf / shape[0] * shape[1]) why = ' — the layout is HWIO [kh, kw, in, out], not [out, in, kh, kw]';
          void rf;
          fail(`computeFans([${shape.join(',')}]) = { fanIn: ${r.fanIn}, fanOut: ${r.fanOut} }, expected { fanIn: ${fi}, fanOut: ${fo} }${why}`, { expected: `${fi}, ${fo}`, actual: `${r.fanIn}, ${r.fanOut}`, hintKey: 'glorot-fans' });
        }
      },
    },
    {
      id: 'glorot-uniform', name: 'glorotUniform: U(±√(6/(fanIn+fanOut))) by statistics on [400,300] and [3,3,16,32]', fn: 'glorotUniform',
      run: (m) => expectInitializer((sh, r) => m.glorotUniform(sh, r), 'glorotUniform', SHAPES, 11, 'uniform', (s) => {
        const limit = Math.sqrt(6 / (s.fanIn + s.fanOut));
        return { target: limit / Math.sqrt(3), bound: limit, candidates: glorotCandidates(s.fanIn, s.fanOut, s.plainIn, s.plainOut, 'uniform') };
      }),
    },
    {
      id: 'glorot-normal', name: 'glorotNormal: truncated at 2σ with the Keras 0.87962566 correction (final std √(2/(fanIn+fanOut)))', fn: 'glorotNormal', hintKey: 'init-truncation',
      run: (m, ctx) => expectInitializer((sh, r) => m.glorotNormal(sh, r), 'glorotNormal', SHAPES, 12, 'normal', (s) => {
        const target = Math.sqrt(2 / (s.fanIn + s.fanOut));
        return { target, bound: (2 * target) / TRUNC, candidates: glorotCandidates(s.fanIn, s.fanOut, s.plainIn, s.plainOut, 'normal') };
      }, (t, s, target) => {
        // The panel's teaching point: tfjs's truncatedNormal cuts at 2σ without rescaling, so its glorotNormal comes out ≈ 0.88× narrow.
        const tfStd = tf.tidy(() => statsOf(tf.initializers.glorotNormal({ seed: 5 }).apply(s.shape) as tf.Tensor).std);
        ctx.emit({ kind: 'bars', chart: 'stdRatio', title: `std / target, glorotNormal ${fmtShape(s.shape)}`, labels: ['your glorotNormal', 'tf.initializers.glorotNormal'], series: [{ name: 'std ÷ √(2/(fanIn+fanOut))', values: [statsOf(t).std / target, tfStd / target] }] });
      }),
    },
    ...commonInitChecks<M>('glorotUniform', 'glorotNormal', (m) => expectThrows(() => m.computeFans([3, -2]), undefined, 'computeFans([3,−2])')),
  ],
});
