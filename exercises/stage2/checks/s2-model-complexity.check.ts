import * as tf from '@tensorflow/tfjs';
import { defineChecks, fail, expectNoTfKernels, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-model-complexity');
type Result = { params: number; valLoss: number };

const randInt = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** The reference: tfjs counts the parameters of a real model. */
function tfDenseCount(sizes: number[]): number {
  const model = tf.sequential();
  for (let i = 1; i < sizes.length; i++) model.add(tf.layers.dense(i === 1 ? { units: sizes[i], inputShape: [sizes[0]] } : { units: sizes[i] }));
  const n = model.countParams();
  model.dispose();
  return n;
}
function tfConvCount(kernel: [number, number], inC: number, filters: number, useBias: boolean): number {
  const model = tf.sequential({ layers: [tf.layers.conv2d({ filters, kernelSize: kernel, useBias, inputShape: [8, 8, inC] })] });
  const n = model.countParams();
  model.dispose();
  return n;
}
function refSelect(results: Result[]): number {
  const best = Math.min(...results.map((r) => r.valLoss));
  let pick = -1;
  results.forEach((r, i) => { if (r.valLoss - best <= 1e-3 && (pick < 0 || r.params < results[pick].params)) pick = i; });
  return pick;
}
function notImplemented(e: unknown): boolean {
  return /not implemented/i.test(String((e as Error)?.message ?? e));
}

export default defineChecks<M>({
  checks: [
    {
      id: 'dense-params', name: 'countDenseParams equals model.countParams() on random MLPs', fn: 'countDenseParams',
      run(m) {
        const rng = mulberry32(5);
        const archs = [[4, 3], [2, 16, 1], [10, 7, 5, 3]];
        for (let k = 0; k < 5; k++) archs.push(Array.from({ length: randInt(rng, 2, 5) }, () => randInt(rng, 1, 40)));
        for (const sizes of archs) {
          const got = m.countDenseParams(sizes.slice());
          const want = tfDenseCount(sizes);
          if (got === want) continue;
          const pairs = sizes.slice(1).map((s, i) => [sizes[i], s]);
          const weights = pairs.reduce((a, [i, o]) => a + i * o, 0);
          const e = { expected: String(want), actual: String(got) };
          if (got === weights) fail(`layers ${JSON.stringify(sizes)}: you counted only the weight matrices (${weights}); every dense layer also has one bias per output unit (+${want - weights})`, e);
          if (got === weights + pairs.reduce((a, [i]) => a + i, 0)) fail(`layers ${JSON.stringify(sizes)}: you added one bias per INPUT unit; a dense layer has one bias per OUTPUT unit`, e);
          if (got === weights + sizes.reduce((a, s) => a + s, 0)) fail(`layers ${JSON.stringify(sizes)}: you gave the input layer biases too; only the layers that compute something (every size after the first) have biases`, e);
          fail(`layers ${JSON.stringify(sizes)}: model.countParams() gives ${want}, you gave ${got} (each layer n_in → n_out has n_in·n_out weights + n_out biases)`, e);
        }
      },
    },
    {
      id: 'conv-params', name: 'countConv2dParams equals tf.layers.conv2d countParams() (with and without bias)', fn: 'countConv2dParams',
      run(m) {
        const rng = mulberry32(9);
        const cases: Array<{ k: [number, number]; c: number; f: number; b: boolean | undefined }> = [
          { k: [3, 3], c: 3, f: 8, b: undefined },
          { k: [5, 3], c: 4, f: 6, b: false },
          { k: [1, 1], c: 16, f: 2, b: true },
        ];
        for (let i = 0; i < 5; i++) cases.push({ k: [randInt(rng, 1, 5), randInt(rng, 1, 5)], c: randInt(rng, 2, 16), f: randInt(rng, 1, 32), b: rng() < 0.5 });
        for (const { k, c, f, b } of cases) {
          const got = b === undefined ? m.countConv2dParams([k[0], k[1]], c, f) : m.countConv2dParams([k[0], k[1]], c, f, b);
          const useBias = b ?? true;
          const want = tfConvCount(k, c, f, useBias);
          if (got === want) continue;
          const call = `countConv2dParams([${k}], ${c}, ${f}${b === undefined ? '' : `, ${b}`})`;
          const w = k[0] * k[1] * c * f, e = { expected: String(want), actual: String(got) };
          if (useBias && got === w + c * f) fail(`${call}: you counted a bias per input channel per filter; each filter has ONE bias (it sums over all input channels before adding it): ${w} + ${f}`, e);
          if (useBias && got === w + c) fail(`${call}: you counted one bias per input channel; biases belong to the filters (one per output channel): ${w} + ${f}`, e);
          if (b === undefined && got === w) fail(`${call}: useBias defaults to true (as in tf.layers.conv2d), so the ${f} biases count`, e);
          if (useBias && got === w) fail(`${call}: you forgot the biases: + ${f} (one per filter)`, e);
          if (!useBias && got === w + f) fail(`${call}: with useBias = false there are no biases`, e);
          if (got === k[0] * k[1] * f + (useBias ? f : 0)) fail(`${call}: each filter spans all ${c} input channels: kh·kw·inChannels weights per filter`, e);
          fail(`${call}: tf.layers.conv2d has ${want} parameters, you gave ${got} (kh·kw·inChannels·filters weights + one bias per filter)`, e);
        }
      },
    },
    {
      id: 'cnn-params', name: 'a small CNN: your conv + dense counts add up to model.countParams()', fn: 'countConv2dParams',
      run(m) {
        // 8×8×3 → conv 3×3 (8) → conv 3×3 (8) → flatten 4·4·8 = 128 → dense 10, 'valid' padding.
        const model = tf.sequential({
          layers: [
            tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [8, 8, 3] }),
            tf.layers.conv2d({ filters: 8, kernelSize: 3, useBias: false }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 10 }),
          ],
        });
        const want = model.countParams();
        model.dispose();
        const got = m.countConv2dParams([3, 3], 3, 8) + m.countConv2dParams([3, 3], 8, 8, false) + m.countDenseParams([128, 10]);
        if (got !== want) fail(`conv(3×3, 3→8) + conv(3×3, 8→8, no bias) + dense(128→10) should total model.countParams() = ${want}; yours add up to ${got}`, { expected: String(want), actual: String(got) });
      },
    },
    {
      id: 'bad-sizes-throw', name: 'sizes that are not positive integers throw', fn: 'countDenseParams',
      run(m) {
        const bad: Array<[string, () => unknown]> = [
          ['countDenseParams([3, 0, 2])', () => m.countDenseParams([3, 0, 2])],
          ['countDenseParams([3, 2.5])', () => m.countDenseParams([3, 2.5])],
          ['countDenseParams([-4, 2])', () => m.countDenseParams([-4, 2])],
          ['countConv2dParams([3, 0], 3, 8)', () => m.countConv2dParams([3, 0], 3, 8)],
          ['countConv2dParams([3, 3], 3, -8)', () => m.countConv2dParams([3, 3], 3, -8)],
        ];
        for (const [call, f] of bad) {
          let threw = false;
          try { f(); } catch (e) {
            if (notImplemented(e)) fail(`${call.split('(')[0]} is not implemented yet`);
            threw = true;
          }
          if (!threw) fail(`${call} returned a count; a layer size of 0, a fraction or a negative number is a bug in the architecture — throw an Error`);
        }
      },
    },
    {
      id: 'select-lowest', name: 'selectByValidation picks the lowest validation loss', fn: 'selectByValidation',
      run(m) {
        const cases: Result[][] = [
          [{ params: 100, valLoss: 0.9 }, { params: 500, valLoss: 0.4 }, { params: 2000, valLoss: 0.6 }],
          [{ params: 10, valLoss: 0.2 }, { params: 20, valLoss: 0.3 }],
          [{ params: 900, valLoss: 1.5 }, { params: 50, valLoss: 0.71 }, { params: 70, valLoss: 0.5 }, { params: 10, valLoss: 0.69 }],
          [{ params: 42, valLoss: 3 }],
        ];
        for (const r of cases) {
          const got = m.selectByValidation(r.map((x) => ({ ...x })));
          const want = refSelect(r);
          if (got !== want) fail(`for ${JSON.stringify(r)} the lowest validation loss is at index ${want}; you returned ${got}`, { expected: String(want), actual: String(got) });
        }
      },
    },
    {
      id: 'select-ties', name: 'selectByValidation: losses within 1e-3 of the best tie, and the fewest parameters wins', fn: 'selectByValidation',
      run(m) {
        const cases: Array<{ r: Result[]; why: string }> = [
          { why: 'the smaller model comes after the best one', r: [{ params: 5000, valLoss: 0.3001 }, { params: 100, valLoss: 0.5 }, { params: 800, valLoss: 0.3006 }, { params: 300, valLoss: 0.3016 }] },
          { why: 'three tied models', r: [{ params: 4000, valLoss: 0.2503 }, { params: 1200, valLoss: 0.2497 }, { params: 90, valLoss: 0.2502 }, { params: 50, valLoss: 0.31 }] },
          { why: 'a smaller model 0.0015 worse is NOT tied', r: [{ params: 3000, valLoss: 0.4 }, { params: 30, valLoss: 0.4015 }] },
          // Near-ties that chain (each within 1e-3 of its neighbour, the ends 0.0015 apart) catch a
          // one-pass selector that measures ties from the model picked so far instead of the best loss.
          { why: 'a chain of near-ties, best loss first', r: [{ params: 1000, valLoss: 0.3 }, { params: 500, valLoss: 0.3008 }, { params: 100, valLoss: 0.3015 }] },
          { why: 'a chain of near-ties, best loss last', r: [{ params: 100, valLoss: 0.3015 }, { params: 500, valLoss: 0.3008 }, { params: 1000, valLoss: 0.3 }] },
        ];
        for (const { r, why } of cases) {
          const got = m.selectByValidation(r.map((x) => ({ ...x })));
          const want = refSelect(r);
          if (got === want) continue;
          const e = { expected: String(want), actual: String(got) };
          const best = Math.min(...r.map((x) => x.valLoss));
          const tiedFirst = r.findIndex((x) => x.valLoss - best <= 1e-3);
          const argmin = r.findIndex((x) => x.valLoss === best);
          if (got === tiedFirst && got !== want) fail(`${why}: ${JSON.stringify(r)} — among the models within 1e-3 of the best loss (${best}) you took the FIRST one; take the one with the fewest parameters (index ${want}, ${r[want].params} params)`, e);
          const chained = r.some((x, i) => i !== want && x.valLoss - best > 1e-3 && r.some((y) => Math.abs(x.valLoss - y.valLoss) <= 1e-3 && y.valLoss - best <= 1e-3));
          if (r[got] !== undefined && r[got].valLoss - best > 1e-3) fail(`${why}: ${JSON.stringify(r)} — index ${got} has loss ${r[got].valLoss}, more than 1e-3 above the best loss ${best}, so it is not tied with the best; measure ties from the best loss (find it first), not from the model picked so far (expected index ${want})`, e);
          if (got === argmin && chained) fail(`${why}: ${JSON.stringify(r)} — index ${want} (loss ${r[want].valLoss}, ${r[want].params} params) is within 1e-3 of the best loss ${best} and smaller; a one-pass comparison with the model picked so far misses it — find the best loss first, then the fewest params among all models within 1e-3 of it`, e);
          if (got === argmin) fail(`${why}: ${JSON.stringify(r)} — losses within 1e-3 of the best (${best}) count as a tie; among tied models prefer the fewest parameters (index ${want})`, e);
          fail(`${why}: ${JSON.stringify(r)} — expected index ${want}: first find the best loss, then, among the models whose loss is at most best + 1e-3, the one with the fewest parameters`, e);
        }
      },
    },
    {
      id: 'select-empty-throws', name: 'selectByValidation: an empty list throws', fn: 'selectByValidation',
      run(m) {
        let threw = false, out: unknown;
        try { out = m.selectByValidation([]); } catch (e) {
          if (notImplemented(e)) fail('selectByValidation is not implemented yet');
          threw = true;
        }
        if (!threw) fail(`selectByValidation([]) returned ${String(out)}; with no models there is nothing to select — throw an Error`);
      },
    },
    {
      id: 'no-tf-kernels', name: 'pure TypeScript: no tf kernels (P0)',
      run: async (m) => {
        await expectNoTfKernels(() => m.countDenseParams([3, 4, 2]), 'countDenseParams');
        await expectNoTfKernels(() => m.countConv2dParams([3, 3], 2, 4), 'countConv2dParams');
        await expectNoTfKernels(() => m.selectByValidation([{ params: 1, valLoss: 1 }, { params: 2, valLoss: 0.5 }]), 'selectByValidation');
      },
    },
  ],
});
