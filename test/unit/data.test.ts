/** Seeded data generators: determinism, shapes and labels, the promised geometry. */
import * as assert from 'node:assert/strict';
import {
  gaussian, gridOver, linspace, makeBlobs, makeCategoricalTable, makeCircles, makeImbalanced, makeLinearlySeparable, makeMoons,
  makePolynomialRegression, makeScaledFeatures, makeSpirals, makeXor, mulberry32, shuffleInPlace, splitIndices,
  drawShapes, shapesToTensors, makeTextureStripes, SHAPE_KINDS, insideShape,
  makeCopyTask, makeReverseTask, makeSortTask, makeAdditionTask, makeParityTask, makeDelayedEchoTask, makeSineSeries,
  makeGrammarCorpus, windowedLmBatches, padSequences, EOS,
} from '../../src/data';
import type { Box } from '../../src/data';
import * as tf from '@tensorflow/tfjs';

/** The canonical mulberry32 as published (float accumulator), an independent implementation. */
function referenceMulberry32(a: number): () => number {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mean(xs: number[]): number { return xs.reduce((s, v) => s + v, 0) / xs.length; }
function std(xs: number[]): number { const m = mean(xs); return Math.sqrt(mean(xs.map((v) => (v - m) ** 2))); }

describe('data: rng', () => {
  it('mulberry32 matches the published algorithm and stays in [0, 1)', () => {
    for (const seed of [0, 1, 42, 123456789, -7]) {
      const a = mulberry32(seed);
      const b = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) {
        const v = a();
        assert.equal(v, b(), `seed ${seed}, draw ${i}`);
        assert.ok(v >= 0 && v < 1);
      }
    }
  });
  it('different seeds give different streams', () => {
    assert.notEqual(mulberry32(1)(), mulberry32(2)());
  });
  it('gaussian has mean 0 and std 1 (±4σ on a fixed seed)', () => {
    const rng = mulberry32(9);
    const xs = Array.from({ length: 20000 }, () => gaussian(rng));
    assert.ok(Math.abs(mean(xs)) < 4 / Math.sqrt(20000), `mean ${mean(xs)}`);
    assert.ok(Math.abs(std(xs) - 1) < 0.02, `std ${std(xs)}`);
    assert.ok(xs.every(Number.isFinite));
  });
  it('shuffleInPlace is Fisher–Yates: i = n−1…1, j = floor(rng·(i+1))', () => {
    // Worked by hand: mulberry32(42) draws 0.6011, 0.4483, 0.8525, 0.6697, 0.1748, so
    // i=5: j=floor(0.6011·6)=3 → abcfed; i=4: j=floor(0.4483·5)=2 → abefcd; i=3: j=3 (stay);
    // i=2: j=floor(0.6697·3)=2 (stay); i=1: j=floor(0.1748·2)=0 → baefcd.
    const r = mulberry32(42);
    const draws = Array.from({ length: 5 }, () => r());
    assert.deepEqual(draws.map((d) => d.toFixed(4)), ['0.6011', '0.4483', '0.8525', '0.6697', '0.1748']);
    assert.equal(shuffleInPlace(['a', 'b', 'c', 'd', 'e', 'f'], mulberry32(42)).join(''), 'baefcd');
    // A common wrong variant (j over the whole array) gives a different order on this seed.
    const wrong = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rw = mulberry32(42);
    for (let i = wrong.length - 1; i >= 1; i--) { const j = Math.floor(rw() * wrong.length); [wrong[i], wrong[j]] = [wrong[j], wrong[i]]; }
    assert.notEqual(wrong.join(''), 'baefcd');
  });
  it('shuffleInPlace returns the same array, a permutation', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const r = shuffleInPlace(a, mulberry32(3));
    assert.equal(r, a);
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual(a, Array.from({ length: 50 }, (_, i) => i));
  });
  it('splitIndices partitions 0…n−1', () => {
    const parts = splitIndices(10, [0.7, 0.3], mulberry32(1));
    assert.deepEqual(parts.map((p) => p.length), [7, 3]);
    assert.deepEqual([...parts[0], ...parts[1]].sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual(splitIndices(10, [0.7, 0.3], mulberry32(1)), parts);
    const partial = splitIndices(10, [0.2, 0.3], mulberry32(1));
    assert.deepEqual(partial.map((p) => p.length), [2, 3]);
    assert.throws(() => splitIndices(10, [0.8, 0.3], mulberry32(1)), /sum to/);
  });
});

describe('data: 2-D generators', () => {
  const gens: Array<[string, (seed: number) => { x: number[][]; y: number[] }, number, number]> = [
    ['makeBlobs', (seed) => makeBlobs({ n: 90, centers: [[0, 0], [3, 3], [-3, 3]], std: 0.5, seed }), 90, 3],
    ['makeLinearlySeparable', (seed) => makeLinearlySeparable({ n: 80, margin: 0.3, seed }), 80, 2],
    ['makeXor', (seed) => makeXor({ n: 100, noise: 0.2, seed }), 100, 2],
    ['makeMoons', (seed) => makeMoons({ n: 101, noise: 0.1, seed }), 101, 2],
    ['makeCircles', (seed) => makeCircles({ n: 100, noise: 0.05, factor: 0.5, seed }), 100, 2],
    ['makeSpirals', (seed) => makeSpirals({ nPerClass: 40, classes: 3, noise: 0.2, seed }), 120, 3],
  ];
  for (const [name, gen, n, classes] of gens) {
    it(`${name}: same seed → identical, different seed → different; shapes and labels`, () => {
      const a = gen(7);
      assert.deepEqual(gen(7), a);
      assert.notDeepEqual(gen(8).x, a.x);
      assert.equal(a.x.length, n);
      assert.equal(a.y.length, n);
      assert.ok(a.x.every((p) => p.length === 2 && p.every(Number.isFinite)));
      const labels = [...new Set(a.y)].sort();
      assert.deepEqual(labels, Array.from({ length: classes }, (_, i) => i));
      // Shuffled: the first quarter is not all one class.
      assert.ok(new Set(a.y.slice(0, Math.ceil(n / 4))).size > 1);
    });
  }
  it('makeLinearlySeparable keeps every point beyond the margin on its side of the true line', () => {
    for (const seed of [1, 2, 3]) {
      const d = makeLinearlySeparable({ n: 200, margin: 0.3, seed });
      assert.ok(Math.abs(Math.hypot(d.w[0], d.w[1]) - 1) < 1e-12);
      let minDist = Infinity;
      d.x.forEach((p, i) => {
        const s = d.w[0] * p[0] + d.w[1] * p[1] + d.b;
        assert.equal(s > 0 ? 1 : 0, d.y[i]);
        minDist = Math.min(minDist, Math.abs(s));
        assert.ok(p.every((v) => v >= -1 && v <= 1));
      });
      assert.ok(minDist > 0.3, `min distance ${minDist}`);
      assert.ok(minDist < 0.45, 'the margin is tight, not much larger than asked');
    }
  });
  it('makeLinearlySeparable with step snaps to a grid and still keeps the margin', () => {
    const d = makeLinearlySeparable({ n: 60, margin: 0.2, seed: 5, step: 0.25 });
    assert.ok(d.x.flat().every((v) => Number.isInteger(v * 4)));
    d.x.forEach((p, i) => {
      const s = d.w[0] * p[0] + d.w[1] * p[1] + d.b;
      assert.ok((d.y[i] === 1 ? s : -s) > 0.2);
    });
    assert.throws(() => makeLinearlySeparable({ n: 4, margin: 0.9, seed: 1 }), /margin/);
  });
  it('makeXor labels are the XOR of the corner signs', () => {
    const d = makeXor({ n: 400, noise: 0.1, seed: 2 });
    // With small noise, points stay in their corner's quadrant.
    d.x.forEach((p, i) => assert.equal(p[0] * p[1] < 0 ? 1 : 0, d.y[i]));
    assert.equal(d.y.filter((v) => v === 1).length, 200);
  });
  it('makeMoons and makeCircles without noise lie on their curves', () => {
    const m = makeMoons({ n: 50, noise: 0, seed: 1 });
    m.x.forEach((p, i) => {
      const r = m.y[i] === 0 ? Math.hypot(p[0], p[1]) : Math.hypot(p[0] - 1, p[1] - 0.5);
      assert.ok(Math.abs(r - 1) < 1e-12);
    });
    const c = makeCircles({ n: 50, noise: 0, factor: 0.3, seed: 1 });
    c.x.forEach((p, i) => assert.ok(Math.abs(Math.hypot(p[0], p[1]) - (c.y[i] === 0 ? 1 : 0.3)) < 1e-12));
  });
  it('makeSpirals: radius grows along each arm to 1', () => {
    const s = makeSpirals({ nPerClass: 30, classes: 2, noise: 0, seed: 1 });
    const radii = s.x.map((p) => Math.hypot(p[0], p[1]));
    assert.ok(Math.max(...radii) <= 1 + 1e-12 && Math.abs(Math.max(...radii) - 1) < 1e-12);
  });
  it('makeBlobs: class means near their centers', () => {
    const centers = [[0, 0], [5, -5]];
    const d = makeBlobs({ n: 400, centers, std: 0.5, seed: 3 });
    for (let c = 0; c < 2; c++) {
      const pts = d.x.filter((_, i) => d.y[i] === c);
      assert.equal(pts.length, 200);
      for (let k = 0; k < 2; k++) assert.ok(Math.abs(mean(pts.map((p) => p[k])) - centers[c][k]) < 4 * 0.5 / Math.sqrt(200));
    }
  });
});

describe('data: tabular and regression generators', () => {
  it('makeImbalanced: exact positive count, scores in (0,1), positives score higher on average', () => {
    const d = makeImbalanced({ n: 1000, positiveRate: 0.05, separation: 3, seed: 4 });
    assert.equal(d.yTrue.filter((v) => v === 1).length, 50);
    assert.ok(d.yScore.every((s) => s > 0 && s < 1));
    const pos = d.yScore.filter((_, i) => d.yTrue[i] === 1);
    const neg = d.yScore.filter((_, i) => d.yTrue[i] === 0);
    assert.ok(mean(pos) > mean(neg) + 0.2);
    assert.deepEqual(makeImbalanced({ n: 1000, positiveRate: 0.05, separation: 3, seed: 4 }), d);
  });
  it('makePolynomialRegression: coeffs in ascending powers, noise level, outliers', () => {
    const d = makePolynomialRegression({ n: 500, coeffs: [1, -2, 3], xRange: [-1, 2], noiseStd: 0.1, seed: 1 });
    d.x.forEach((x, i) => {
      assert.ok(x >= -1 && x < 2);
      assert.ok(Math.abs(d.yClean[i] - (1 - 2 * x + 3 * x * x)) < 1e-12);
    });
    const resid = d.y.map((v, i) => v - d.yClean[i]);
    assert.ok(Math.abs(std(resid) - 0.1) < 0.015);
    const o = makePolynomialRegression({ n: 100, fn: (x) => Math.sin(2 * Math.PI * x), xRange: [0, 1], noiseStd: 0, outlierRate: 0.1, seed: 2 });
    assert.equal(o.outliers.length, 10);
    o.y.forEach((v, i) => {
      const off = Math.abs(v - o.yClean[i]);
      if (o.outliers.includes(i)) assert.ok(off >= 0.5 * 2 * 0.99, `outlier offset ${off}`);
      else assert.equal(off, 0);
    });
    assert.throws(() => makePolynomialRegression({ n: 3, xRange: [0, 1], noiseStd: 0, seed: 1 }), /coeffs or fn/);
  });
  it('makeScaledFeatures: per-column offset and scale', () => {
    const d = makeScaledFeatures({ n: 2000, scales: [1, 1000], offsets: [0, 500], seed: 3 });
    assert.equal(d.x.length, 2000);
    const c1 = d.x.map((r) => r[1]);
    assert.ok(Math.abs(mean(c1) - 500) < 4 * 1000 / Math.sqrt(2000));
    assert.ok(Math.abs(std(c1) / 1000 - 1) < 0.05);
    const c0 = d.x.map((r) => r[0]);
    assert.ok(Math.abs(std(c0) - 1) < 0.05);
    // y is the fixed linear function of standardized features plus small noise.
    const resid = d.y.map((v, i) => v - (d.wStd[0] * d.x[i][0] + d.wStd[1] * (d.x[i][1] - 500) / 1000));
    assert.ok(std(resid) < 0.12);
  });
  it('makeCategoricalTable: columns of equal length, known categories, 2-decimal prices', () => {
    const t = makeCategoricalTable({ n: 200, seed: 1 });
    assert.equal(t.color.length, 200);
    assert.equal(t.size.length, 200);
    assert.equal(t.price.length, 200);
    assert.ok(t.color.every((c) => ['red', 'green', 'blue', 'yellow'].includes(c)));
    assert.ok(t.size.every((s) => ['S', 'M', 'L', 'XL'].includes(s)));
    assert.ok(t.price.every((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6));
    assert.equal(new Set(t.color).size, 4);
    assert.deepEqual(makeCategoricalTable({ n: 200, seed: 1 }), t);
    assert.notDeepEqual(makeCategoricalTable({ n: 200, seed: 2 }), t);
  });
  it('gridOver is row-major from the bottom row up', () => {
    const g = gridOver([0, 1], [10, 20], 3, 2);
    assert.deepEqual(g, [[0, 10], [0.5, 10], [1, 10], [0, 20], [0.5, 20], [1, 20]]);
    assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  });
});

describe('data: images', () => {
  function iou(a: Box, b: Box): number {
    const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
    const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    const u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy;
    return u > 0 ? (ix * iy) / u : 0;
  }
  it('drawShapes is deterministic and shaped NHWC', () => {
    const o = { n: 20, size: 16, kinds: SHAPE_KINDS, channels: 3 as const, seed: 1 };
    const a = drawShapes(o);
    assert.deepEqual(drawShapes(o), a);
    assert.notDeepEqual(drawShapes({ ...o, seed: 2 }).images, a.images);
    assert.deepEqual(a.shape, [20, 16, 16, 3]);
    assert.equal(a.images.length, 20 * 16 * 16 * 3);
    assert.equal(a.masks.length, 20 * 16 * 16);
    assert.ok(a.images.every((v) => v >= 0 && v <= 1));
  });
  it('single objects: mask, pixels and box agree exactly; label is the object class', () => {
    const b = drawShapes({ n: 60, size: 24, kinds: ['circle', 'square', 'triangle', 'cross', 'ring', 'star'], seed: 3 });
    const S = 24;
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) {
      assert.equal(b.boxes[i].length, 1);
      const cls = b.classes[i][0];
      assert.equal(b.labels[i], cls);
      seen.add(cls);
      let x1 = S, y1 = S, x2 = 0, y2 = 0;
      for (let p = 0; p < S * S; p++) {
        const m = b.masks[i * S * S + p];
        const v = b.images[i * S * S + p];
        if (m === 0) { assert.equal(v, 0); continue; }
        assert.equal(m, cls + 1);
        assert.ok(v >= 0.6 && v <= 1);
        const x = p % S, y = Math.floor(p / S);
        x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + 1); y2 = Math.max(y2, y + 1);
      }
      assert.deepEqual(b.boxes[i][0], [x1 / S, y1 / S, x2 / S, y2 / S]);
    }
    assert.equal(seen.size, 6, 'every kind appears');
  });
  it('multi-object images respect maxOverlapIoU and keep boxes inside [0,1]', () => {
    const b = drawShapes({ n: 40, size: 32, kinds: ['circle', 'square'], maxObjects: 3, maxOverlapIoU: 0.1, rotate: true, seed: 4 });
    let multi = 0;
    for (let i = 0; i < 40; i++) {
      assert.equal(b.boxes[i].length, b.classes[i].length);
      if (b.boxes[i].length > 1) multi++;
      for (const bx of b.boxes[i]) assert.ok(bx[0] >= 0 && bx[1] >= 0 && bx[2] <= 1 && bx[3] <= 1 && bx[0] < bx[2] && bx[1] < bx[3]);
      for (let p = 0; p < b.boxes[i].length; p++) for (let q = p + 1; q < b.boxes[i].length; q++) assert.ok(iou(b.boxes[i][p], b.boxes[i][q]) <= 0.1);
    }
    assert.ok(multi > 10);
  });
  it('noise stays in [0,1]; insideShape distinguishes kinds at the centre', () => {
    const b = drawShapes({ n: 5, size: 16, kinds: ['circle'], noise: 0.2, seed: 5 });
    assert.ok(b.images.every((v) => v >= 0 && v <= 1));
    assert.ok(insideShape('circle', 0, 0) && !insideShape('ring', 0, 0) && insideShape('cross', 0, 0.9) && !insideShape('square', 0.9, 0.9));
  });
  it('shapesToTensors: one-hot labels and a background-first one-hot mask', () => {
    const b = drawShapes({ n: 4, size: 8, kinds: ['circle', 'square', 'star'], seed: 6 });
    const { x, yOneHot, yMask } = shapesToTensors(b, 3);
    assert.deepEqual(x.shape, [4, 8, 8, 1]);
    assert.deepEqual(yOneHot.shape, [4, 3]);
    assert.deepEqual(yMask.shape, [4, 8, 8, 4]);
    assert.deepEqual(Array.from(yOneHot.argMax(1).dataSync()), Array.from(b.labels));
    assert.deepEqual(Array.from(yMask.argMax(3).dataSync()), Array.from(b.masks));
    tf.dispose([x, yOneHot, yMask]);
    assert.throws(() => shapesToTensors(b, 1), /outside/);
  });
  it('drawShapes is fast enough for demos (1000 × 32×32 in well under a second)', () => {
    const t0 = Date.now();
    drawShapes({ n: 1000, size: 32, kinds: SHAPE_KINDS, seed: 7 });
    assert.ok(Date.now() - t0 < 1500, `${Date.now() - t0} ms`);
  });
  it('makeTextureStripes: four orientations, constant along the stripe direction', () => {
    const t = makeTextureStripes({ n: 8, size: 12, seed: 1 });
    assert.deepEqual(Array.from(t.labels), [0, 1, 2, 3, 0, 1, 2, 3]);
    const px = (i: number, x: number, y: number) => t.images[i * 144 + y * 12 + x];
    assert.ok(Math.abs(px(0, 0, 5) - px(0, 11, 5)) < 1e-6, 'horizontal stripes are constant along a row');
    assert.ok(Math.abs(px(1, 5, 0) - px(1, 5, 11)) < 1e-6, 'vertical stripes are constant along a column');
    assert.ok(Math.abs(px(2, 2, 2) - px(2, 7, 7)) < 1e-5, 'diagonal');
    assert.ok(Math.abs(px(3, 2, 7) - px(3, 7, 2)) < 1e-5, 'anti-diagonal');
    assert.deepEqual(makeTextureStripes({ n: 8, size: 12, seed: 1 }), t);
  });
});

describe('data: sequences', () => {
  it('copy / reverse / sort tasks: targets follow the rule and end with EOS; ids ≥ 3', () => {
    const c = makeCopyTask({ n: 20, len: [2, 5], vocab: 6, seed: 1 });
    const r = makeReverseTask({ n: 20, len: [2, 5], vocab: 6, seed: 1 });
    const so = makeSortTask({ n: 20, len: 4, vocab: 6, seed: 1 });
    assert.deepEqual(c.src, r.src, 'same seed, same sources');
    assert.deepEqual(makeCopyTask({ n: 20, len: [2, 5], vocab: 6, seed: 1 }), c);
    assert.equal(c.vocab.length, 9);
    assert.deepEqual(c.vocab.slice(0, 3), ['<pad>', '<go>', '<eos>']);
    const lens = new Set(c.src.map((x) => x.length));
    assert.ok([...lens].every((l) => l >= 2 && l <= 5) && lens.size > 1);
    c.src.forEach((x, i) => {
      assert.ok(x.every((t) => t >= 3 && t < 9));
      assert.deepEqual(c.tgt[i], [...x, EOS]);
      assert.deepEqual(r.tgt[i], [...x].reverse().concat(EOS));
    });
    so.src.forEach((x, i) => assert.deepEqual(so.tgt[i], [...x].sort((a, b) => a - b).concat(EOS)));
  });
  it('addition task decodes to correct sums', () => {
    const t = makeAdditionTask({ n: 50, maxDigits: 3, seed: 2 });
    const dec = (ids: number[]) => ids.filter((i) => i !== EOS).map((i) => t.vocab[i]).join('');
    t.src.forEach((s, i) => {
      const [a, b] = dec(s).split('+').map(Number);
      assert.ok(a < 1000 && b < 1000);
      assert.equal(Number(dec(t.tgt[i])), a + b);
      assert.equal(t.tgt[i][t.tgt[i].length - 1], EOS);
    });
  });
  it('parity and delayed echo', () => {
    const p = makeParityTask({ n: 30, len: 7, seed: 3 });
    p.x.forEach((x, i) => assert.equal(p.y[i], x.filter((v) => v === 1).length % 2));
    assert.ok(new Set(p.y).size === 2);
    const e = makeDelayedEchoTask({ n: 5, len: 10, delay: 3, seed: 4 });
    e.x.forEach((x, i) => { assert.deepEqual(e.y[i].slice(3), x.slice(0, 7)); assert.deepEqual(e.y[i].slice(0, 3), [0, 0, 0]); });
  });
  it('sine series continue smoothly', () => {
    const s = makeSineSeries({ n: 10, len: 20, horizon: 3, noise: 0, seed: 5 });
    s.x.forEach((x, i) => {
      assert.equal(x.length, 20);
      assert.equal(s.y[i].length, 3);
      // A sine with period ≥ 8 changes by at most 2π·amp/8 per step.
      assert.ok(Math.abs(s.y[i][0] - x[19]) <= (2 * Math.PI * 1.5) / 8);
    });
  });
  it('grammar corpus: deterministic, sentences per line, a small alphabet', () => {
    const text = makeGrammarCorpus({ sentences: 600, seed: 1 });
    assert.equal(text, makeGrammarCorpus({ sentences: 600, seed: 1 }));
    const lines = text.trim().split('\n');
    assert.equal(lines.length, 600);
    assert.ok(lines.every((l) => /^[a-z ]+\.$/.test(l)));
    const chars = new Set(text);
    assert.ok(chars.size <= 30, `${chars.size} distinct characters`);
    assert.ok(text.length > 15000 && text.length < 30000, `${text.length} chars`);
  });
  it('padSequences and windowedLmBatches', () => {
    assert.deepEqual(padSequences([[5, 6], [7, 8, 9, 10]], 3), [[5, 6, 0], [7, 8, 9]]);
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const next = windowedLmBatches(ids, { batch: 4, seqLen: 6, rng: mulberry32(1) });
    const { x, y } = next();
    assert.deepEqual(x.shape, [4, 6]);
    assert.equal(x.dtype, 'int32');
    const xa = x.arraySync();
    const ya = y.arraySync();
    xa.forEach((row, b) => { row.forEach((v, t) => assert.equal(ya[b][t], v + 1)); assert.ok(row[5] <= 48); });
    tf.dispose([x, y]);
    assert.throws(() => windowedLmBatches([1, 2], { batch: 1, seqLen: 4, rng: mulberry32(1) }), /too few/);
  });
});
