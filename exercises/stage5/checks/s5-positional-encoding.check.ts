/**
 * Checks for s5-positional-encoding. Reference: the formula in float64 (plain JS numbers),
 * PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)); tolerance 1e-6.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectTensorClose, fail, gradeRng, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Mistake } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-positional-encoding');
const TOL = { atol: 1e-6, rtol: 1e-6 };

type Kind = 'right' | 'swapped' | 'column-index' | 'from-one' | 'halves' | 'last-cos';

/** The encoding in float64, and the named mistakes. */
export function pe(maxLen: number, d: number, kind: Kind = 'right'): number[][] {
  const rows: number[][] = [];
  for (let p = 0; p < maxLen; p++) {
    const pos = kind === 'from-one' ? p + 1 : p;
    const row: number[] = [];
    for (let j = 0; j < d; j++) {
      if (kind === 'halves') {
        // sin of every frequency in the first half, cos in the second (a common layout, not this one)
        const half = Math.ceil(d / 2);
        const i = j < half ? j : j - half;
        const a = pos / Math.pow(10000, (2 * i) / d);
        row.push(j < half ? Math.sin(a) : Math.cos(a));
        continue;
      }
      const e = kind === 'column-index' ? j : j - (j % 2);
      const a = pos / Math.pow(10000, e / d);
      const even = j % 2 === 0;
      if (kind === 'last-cos' && j === d - 1 && d % 2 === 1) { row.push(Math.cos(a)); continue; }
      row.push((kind === 'swapped' ? !even : even) ? Math.sin(a) : Math.cos(a));
    }
    rows.push(row);
  }
  return rows;
}

function mistakes(maxLen: number, d: number): Mistake[] {
  return [
    { when: () => pe(maxLen, d, 'swapped').flat(), message: 'sin and cos swapped: the even columns 2i hold sin, the odd columns 2i + 1 hold cos (row 0 is [0, 1, 0, 1, …])', hintKey: 'sin-cos' },
    { when: () => pe(maxLen, d, 'column-index').flat(), message: 'the odd column uses its own index in the exponent: columns 2i and 2i + 1 share the frequency 1/10000^(2i/d), so column 2i + 1 also uses 2i', hintKey: 'pe-frequency' },
    { when: () => pe(maxLen, d, 'from-one').flat(), message: 'positions counted from 1: the first row is position 0 (sin 0 = 0, cos 0 = 1)', hintKey: 'pe-value' },
    { when: () => pe(maxLen, d, 'halves').flat(), message: 'all the sines first and all the cosines second: interleave them, sin in column 2i and cos in column 2i + 1', hintKey: 'sin-cos' },
    ...(d % 2 === 1 ? [{ when: () => pe(maxLen, d, 'last-cos').flat(), message: `with an odd dModel (${d}) the last column is a sin (column ${d - 1} is even); it has no cos partner`, hintKey: 'pe-odd' }] : []),
    { when: (got: number[]) => got.some((v) => !Number.isFinite(v)), message: 'NaN or Infinity in the encoding', hintKey: 'pe-value' },
  ];
}

function expectPe(m: M, maxLen: number, d: number): void {
  const got = m.sinusoidalPositionalEncoding(maxLen, d);
  if (!(got instanceof tf.Tensor)) fail(`sinusoidalPositionalEncoding(${maxLen}, ${d}) must return a tf.Tensor2D`);
  try {
    expectTensorClose(got, tf.tensor2d(pe(maxLen, d), [maxLen, d]), { name: `sinusoidalPositionalEncoding(${maxLen}, ${d})`, ...TOL, tensor: true, mistakes: mistakes(maxLen, d) });
  } finally {
    got.dispose();
  }
}

export default defineChecks<M>({
  checks: [
    {
      id: 'pe-value', name: 'sinusoidalPositionalEncoding(50, 16) matches the formula computed in float64 (tolerance 1e-6)', fn: 'sinusoidalPositionalEncoding', hintKey: 'pe-value',
      run: (m) => tf.tidy(() => expectPe(m, 50, 16)),
    },
    {
      id: 'pe-odd', name: 'odd dModel: sinusoidalPositionalEncoding(12, 7) ends with a sin column; dModel = 1 is the sin of the position', fn: 'sinusoidalPositionalEncoding', hintKey: 'pe-odd',
      run: (m) => tf.tidy(() => {
        expectPe(m, 12, 7);
        expectPe(m, 5, 1);
        expectPe(m, 1, 4);
      }),
    },
    {
      id: 'pe-properties', name: 'random sizes: the formula holds, values lie in [−1, 1], and PE[p]·PE[p+k] depends on k only (each frequency pair rotates)', fn: 'sinusoidalPositionalEncoding', hintKey: 'pe-properties',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const L = 20 + Math.floor(rng() * 30), d = 2 * (3 + Math.floor(rng() * 10)) + (rng() < 0.3 ? 1 : 0);
        expectPe(m, L, d);
        const t = m.sinusoidalPositionalEncoding(L, d);
        const v = valuesOf(t);
        t.dispose();
        const bad = v.findIndex((x) => !(x >= -1 && x <= 1));
        if (bad >= 0) fail(`PE[${Math.floor(bad / d)}, ${bad % d}] = ${v[bad]} is outside [−1, 1]`);
        const dot = (a: number, b: number) => { let s = 0; for (let j = 0; j < d; j++) s += v[a * d + j] * v[b * d + j]; return s; };
        for (const k of [1, 3, 7]) {
          const s0 = dot(0, k);
          for (const p of [2, 5, L - k - 1]) {
            const s = dot(p, p + k);
            // float32 angles drift by about 1e-5 per position, summed over d columns: 2e-3 is far below a real mistake.
            if (Math.abs(s - s0) > 2e-3) fail(`PE[${p}]·PE[${p + k}] = ${s.toFixed(5)} but PE[0]·PE[${k}] = ${s0.toFixed(5)}: the similarity must depend only on the offset k (each sin/cos pair shares one frequency)`, { hintKey: 'pe-frequency' });
          }
        }
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'sinusoidalPositionalEncoding',
      calls: [{ name: 'sinusoidalPositionalEncoding(10, 8)', call: (m) => m.sinusoidalPositionalEncoding(10, 8) }],
      badInputs: [
        { name: 'sinusoidalPositionalEncoding(−1, 8)', call: (m) => m.sinusoidalPositionalEncoding(-1, 8) },
        { name: 'sinusoidalPositionalEncoding(4, 2.5)', call: (m) => m.sinusoidalPositionalEncoding(4, 2.5) },
        { name: 'sinusoidalPositionalEncoding(3.5, 4)', call: (m) => m.sinusoidalPositionalEncoding(3.5, 4) },
        { name: 'sinusoidalPositionalEncoding(4, −2)', call: (m) => m.sinusoidalPositionalEncoding(4, -2) },
      ],
      names: { 'bad-inputs-throw': 'a negative or fractional maxLen or dModel throws' },
    }),
  ],
});
