/**
 * Demo of s5-positional-encoding, all from the learner's function:
 * 1. the encoding as a heatmap (position × dimension): fast waves in the first columns, slow ones
 *    in the last;
 * 2. the cosine similarity of every pair of positions: a band along the diagonal, the same along
 *    every diagonal (it depends only on the offset);
 * 3. the similarity against the offset k, from three starting positions (the curves coincide) and
 *    for a wider encoding.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-positional-encoding');

function cosine(a: number[], b: number[]): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
}

function rowsOf(m: M, L: number, d: number): number[][] {
  const t = m.sinusoidalPositionalEncoding(L, d);
  const rows = t.arraySync() as number[][];
  t.dispose();
  return rows;
}

export default defineDemo<M>({
  async run(m, ctx) {
    const L = 50, d = 32;
    const pe = rowsOf(m, L, d);
    const every = (n: number, k: number) => Array.from({ length: n }, (_, i) => (i % k === 0 ? String(i) : ''));
    ctx.emit({
      kind: 'matrix', chart: 'peHeatmap', title: `Your sinusoidalPositionalEncoding(${L}, ${d})`,
      rowLabels: every(L, 5), colLabels: every(d, 4), values: pe.map((r) => r.map((v) => +v.toFixed(4))),
      xLabel: 'dimension j (even: sin, odd: cos; frequency falls with j)', yLabel: 'position p',
    });
    const sim = pe.map((a) => pe.map((b) => +cosine(a, b).toFixed(4)));
    ctx.emit({
      kind: 'matrix', chart: 'peSimilarity', title: 'Cosine similarity of the encodings of two positions',
      rowLabels: every(L, 5), colLabels: every(L, 5), values: sim, xLabel: 'position q', yLabel: 'position p',
    });
    const K = 30;
    const offsets = Array.from({ length: K + 1 }, (_, k) => k);
    const series = [0, 10, 19].map((p0) => ({ name: `from position ${p0} (d = ${d})`, x: offsets, y: offsets.map((k) => cosine(pe[p0], pe[p0 + k])), dashed: p0 !== 0 }));
    const wide = rowsOf(m, L, 128);
    series.push({ name: 'from position 0 (d = 128)', x: offsets, y: offsets.map((k) => cosine(wide[0], wide[k])), dashed: false });
    ctx.emit({
      kind: 'lines', chart: 'peSimilarityByOffset', title: 'Similarity of PE[p] and PE[p + k] against the offset k',
      xLabel: 'offset k (positions apart)', yLabel: 'cosine similarity', series,
    });
    const flat = pe.flat();
    const offsetOnly = Math.max(...offsets.map((k) => Math.max(Math.abs(series[0].y[k] - series[1].y[k]), Math.abs(series[0].y[k] - series[2].y[k]))));
    const nearestIsNeighbour = pe.every((a, p) => {
      let best = -1, bestSim = -Infinity;
      pe.forEach((b, q) => { if (q !== p) { const s = cosine(a, b); if (s > bestSim) { bestSim = s; best = q; } } });
      return best === p - 1 || best === p + 1;
    });
    const s0 = series[0].y;
    return {
      valuesInMinusOneToOne: flat.every((v) => v >= -1 && v <= 1),
      row0IsZeroOneZeroOne: pe[0].every((v, j) => Math.abs(v - (j % 2 === 0 ? 0 : 1)) < 1e-6),
      similarityDependsOnOffsetOnly: offsetOnly < 1e-4,
      maxDifferenceBetweenStartingPositions: +offsetOnly.toExponential(2),
      nearestPositionIsANeighbour: nearestIsNeighbour,
      similarityFallsOverFirstOffsets: s0[0] > s0[1] && s0[1] > s0[2] && s0[2] > s0[3],
      similarityAtOffsets1And3And10: `${s0[1].toFixed(3)}, ${s0[3].toFixed(3)}, ${s0[10].toFixed(3)}`,
    };
  },
});
