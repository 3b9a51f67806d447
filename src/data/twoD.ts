/**
 * Small 2-D and tabular data sets for Stages 1–3. Pure functions of their options: the same
 * options (seed included) always give the same arrays. Class labels are 0, 1, … (numbers).
 * Classification sets are returned in shuffled order, so a plain slice is a fair split.
 */
import { Rng, gaussian, mulberry32, range, shuffleInPlace, uniform } from './rng';

export interface Dataset2D { x: number[][]; y: number[] }

function checkN(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: n must be a non-negative integer, got ${n}`);
}

/** Reorders x and y together with one shuffle. */
function shuffleTogether(d: Dataset2D, rng: Rng): Dataset2D {
  const order = shuffleInPlace(range(d.y.length), rng);
  return { x: order.map((i) => d.x[i]), y: order.map((i) => d.y[i]) };
}

/** Evenly spaced values from a to b inclusive (numpy's linspace). */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** Gaussian blobs: point i belongs to class i mod k and sits at centers[class] + std·N(0, I). */
export function makeBlobs(o: { n: number; centers: number[][]; std: number; seed: number }): Dataset2D {
  checkN('makeBlobs', o.n);
  if (o.centers.length === 0) throw new Error('makeBlobs: need at least one center');
  const rng = mulberry32(o.seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const c = i % o.centers.length;
    x.push(o.centers[c].map((m) => m + o.std * gaussian(rng)));
    y.push(c);
  }
  return shuffleTogether({ x, y }, rng);
}

/**
 * Two linearly separable classes in [−1, 1]² with a guaranteed geometric margin: every point is
 * at distance ≥ `margin` from the true line w·x + b = 0 (‖w‖ = 1), so the perceptron convergence
 * theorem applies with γ = margin. Label 1 on the side where w·x + b > 0. Classes alternate
 * (balanced). With `step`, coordinates are snapped to multiples of `step` (e.g. 0.25 for dyadic,
 * float-exact perceptron grading) and the margin is checked after snapping.
 * The true line is returned as `w`, `b`.
 */
export function makeLinearlySeparable(o: { n: number; margin: number; seed: number; step?: number }): Dataset2D & { w: [number, number]; b: number } {
  checkN('makeLinearlySeparable', o.n);
  if (!(o.margin >= 0) || o.margin > 0.6) throw new Error(`makeLinearlySeparable: margin must be in [0, 0.6], got ${o.margin}`);
  const rng = mulberry32(o.seed);
  const angle = uniform(rng, 0, 2 * Math.PI);
  const w: [number, number] = [Math.cos(angle), Math.sin(angle)];
  const b = uniform(rng, -0.2, 0.2);
  const snap = (v: number) => (o.step ? Math.round(v / o.step) * o.step : v);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const label = i % 2;
    for (let tries = 0; ; tries++) {
      if (tries > 10000) throw new Error(`makeLinearlySeparable: cannot place points with margin ${o.margin} (step ${o.step})`);
      const p = [snap(uniform(rng, -1, 1)), snap(uniform(rng, -1, 1))];
      const d = w[0] * p[0] + w[1] * p[1] + b;
      // Strictly beyond the margin, so a point never sits exactly on the line (z = 0 is ambiguous).
      if ((label === 1 ? d : -d) > o.margin) {
        x.push(p);
        y.push(label);
        break;
      }
    }
  }
  return { x, y, w, b };
}

/** XOR: points around the corners (±1, ±1) with Gaussian noise; label 1 where the corner's signs differ. */
export function makeXor(o: { n: number; noise: number; seed: number }): Dataset2D {
  checkN('makeXor', o.n);
  const rng = mulberry32(o.seed);
  const corners = [[-1, -1], [1, 1], [-1, 1], [1, -1]];
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const c = corners[i % 4];
    x.push([c[0] + o.noise * gaussian(rng), c[1] + o.noise * gaussian(rng)]);
    y.push(c[0] * c[1] < 0 ? 1 : 0);
  }
  return shuffleTogether({ x, y }, rng);
}

/** Two interleaving half circles (scikit-learn's make_moons): class 0 the upper moon, class 1 the lower. */
export function makeMoons(o: { n: number; noise: number; seed: number }): Dataset2D {
  checkN('makeMoons', o.n);
  const rng = mulberry32(o.seed);
  const nOut = Math.floor(o.n / 2);
  const nIn = o.n - nOut;
  const x: number[][] = [];
  const y: number[] = [];
  for (const t of linspace(0, Math.PI, nOut)) { x.push([Math.cos(t), Math.sin(t)]); y.push(0); }
  for (const t of linspace(0, Math.PI, nIn)) { x.push([1 - Math.cos(t), 0.5 - Math.sin(t)]); y.push(1); }
  for (const p of x) { p[0] += o.noise * gaussian(rng); p[1] += o.noise * gaussian(rng); }
  return shuffleTogether({ x, y }, rng);
}

/**
 * Noisy moons with random angles: point i is class i % 2, its angle π·rng(), then Gaussian noise of
 * std `noise` on each coordinate. Draws from `rng` in that order, so a stream shared by several
 * calls (train, validation, test) gives different points to each. Plain arrays; y is 0 or 1.
 */
export function makeRandomMoons(n: number, noise: number, rng: Rng): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.PI * rng();
    const p = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    const gx = gaussian(rng);
    x.push([p[0] + noise * gx, p[1] + noise * gaussian(rng)]);
    y.push(c);
  }
  return { x, y };
}

/** Two concentric circles: class 0 radius 1, class 1 radius `factor` (0 < factor < 1). */
export function makeCircles(o: { n: number; noise: number; factor: number; seed: number }): Dataset2D {
  checkN('makeCircles', o.n);
  if (!(o.factor > 0 && o.factor < 1)) throw new Error(`makeCircles: factor must be in (0, 1), got ${o.factor}`);
  const rng = mulberry32(o.seed);
  const nOut = Math.floor(o.n / 2);
  const nIn = o.n - nOut;
  const x: number[][] = [];
  const y: number[] = [];
  const ring = (count: number, r: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const t = (2 * Math.PI * i) / Math.max(1, count);
      x.push([r * Math.cos(t), r * Math.sin(t)]);
      y.push(label);
    }
  };
  ring(nOut, 1, 0);
  ring(nIn, o.factor, 1);
  for (const p of x) { p[0] += o.noise * gaussian(rng); p[1] += o.noise * gaussian(rng); }
  return shuffleTogether({ x, y }, rng);
}

/**
 * Interleaved spiral arms (the CS231n spiral): class j's arm has radius 0…1 and angle
 * 4j … 4(j+1) radians plus noise·N(0, 1) on the angle.
 */
export function makeSpirals(o: { nPerClass: number; classes: number; noise: number; seed: number }): Dataset2D {
  checkN('makeSpirals', o.nPerClass);
  if (!Number.isInteger(o.classes) || o.classes < 1) throw new Error(`makeSpirals: classes must be a positive integer, got ${o.classes}`);
  const rng = mulberry32(o.seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let j = 0; j < o.classes; j++) {
    const r = linspace(0, 1, o.nPerClass);
    const t = linspace(4 * j, 4 * (j + 1), o.nPerClass);
    for (let i = 0; i < o.nPerClass; i++) {
      const a = t[i] + o.noise * gaussian(rng);
      x.push([r[i] * Math.sin(a), r[i] * Math.cos(a)]);
      y.push(j);
    }
  }
  return shuffleTogether({ x, y }, rng);
}

/**
 * Labels and scores for metric exercises: exactly round(n·positiveRate) positives (in shuffled
 * order), and scores σ(±separation/2 + N(0, 1)) in (0, 1) — higher `separation`, better ranking.
 */
export function makeImbalanced(o: { n: number; positiveRate: number; separation: number; seed: number }): { yTrue: number[]; yScore: number[] } {
  checkN('makeImbalanced', o.n);
  if (!(o.positiveRate >= 0 && o.positiveRate <= 1)) throw new Error(`makeImbalanced: positiveRate must be in [0, 1], got ${o.positiveRate}`);
  const rng = mulberry32(o.seed);
  const nPos = Math.round(o.n * o.positiveRate);
  const yTrue = shuffleInPlace(range(o.n).map((i) => (i < nPos ? 1 : 0)), rng);
  const yScore = yTrue.map((t) => 1 / (1 + Math.exp(-((t ? 0.5 : -0.5) * o.separation + gaussian(rng)))));
  return { yTrue, yScore };
}

/**
 * Noisy 1-D regression: x uniform in xRange (unsorted), yClean = Σ coeffs[i]·xⁱ (ascending powers)
 * or fn(x), y = yClean + noiseStd·N(0, 1). With `outlierRate`, that fraction of points (exactly
 * round(n·rate), chosen at random) is pushed off by ±(0.5…1.5)× the spread of yClean.
 */
export function makePolynomialRegression(o: {
  n: number; coeffs?: number[]; fn?: (x: number) => number; xRange: [number, number]; noiseStd: number; outlierRate?: number; seed: number;
}): { x: number[]; y: number[]; yClean: number[]; outliers: number[] } {
  checkN('makePolynomialRegression', o.n);
  if (!o.coeffs && !o.fn) throw new Error('makePolynomialRegression: give coeffs or fn');
  const rng = mulberry32(o.seed);
  const f = o.fn ?? ((v: number) => o.coeffs!.reduceRight((acc, c) => acc * v + c, 0));
  const x = range(o.n).map(() => uniform(rng, o.xRange[0], o.xRange[1]));
  const yClean = x.map(f);
  const y = yClean.map((v) => v + o.noiseStd * gaussian(rng));
  const nOut = Math.round(o.n * (o.outlierRate ?? 0));
  const outliers = shuffleInPlace(range(o.n), rng).slice(0, nOut).sort((a, b) => a - b);
  if (nOut > 0) {
    const spread = Math.max(...yClean) - Math.min(...yClean) || 1;
    for (const i of outliers) y[i] += (rng() < 0.5 ? -1 : 1) * (0.5 + rng()) * spread;
  }
  return { x, y, yClean, outliers };
}

/**
 * Features on very different scales: x[i][j] = offsets[j] + scales[j]·N(0, 1). The target is a
 * fixed linear function of the *standardized* features plus small noise, so gradient descent on
 * raw features sees elongated loss contours. The true weights on standardized features are `wStd`.
 */
export function makeScaledFeatures(o: { n: number; scales: number[]; offsets: number[]; seed: number }): { x: number[][]; y: number[]; wStd: number[] } {
  checkN('makeScaledFeatures', o.n);
  if (o.scales.length !== o.offsets.length) throw new Error(`makeScaledFeatures: ${o.scales.length} scales but ${o.offsets.length} offsets`);
  const rng = mulberry32(o.seed);
  const wStd = o.scales.map((_, j) => (j % 2 === 0 ? 1 : -1) * (1 + 0.5 * j));
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const z = o.scales.map(() => gaussian(rng));
    x.push(z.map((v, j) => o.offsets[j] + o.scales[j] * v));
    y.push(z.reduce((s, v, j) => s + wStd[j] * v, 0) + 0.1 * gaussian(rng));
  }
  return { x, y, wStd };
}

export const CATEGORICAL_COLORS = ['red', 'green', 'blue', 'yellow'] as const;
export const CATEGORICAL_SIZES = ['S', 'M', 'L', 'XL'] as const;

/** A small product table: nominal `color`, ordinal `size`, and a price (2 decimals) that depends on both. */
export function makeCategoricalTable(o: { n: number; seed: number }): { color: string[]; size: string[]; price: number[] } {
  checkN('makeCategoricalTable', o.n);
  const rng = mulberry32(o.seed);
  const colorDelta: Record<string, number> = { red: 2, green: 0, blue: 1, yellow: -1 };
  const color: string[] = [];
  const size: string[] = [];
  const price: number[] = [];
  for (let i = 0; i < o.n; i++) {
    const c = CATEGORICAL_COLORS[Math.floor(rng() * CATEGORICAL_COLORS.length)];
    const s = Math.floor(rng() * CATEGORICAL_SIZES.length);
    color.push(c);
    size.push(CATEGORICAL_SIZES[s]);
    price.push(Math.round((10 + 5 * s + colorDelta[c] + gaussian(rng)) * 100) / 100);
  }
  return { color, size, price };
}

/**
 * A w×h grid of points covering xRange × yRange, row-major from yRange[0] up to yRange[1]
 * (the layout of the plot panel's 'grid' event), for decision-boundary plots.
 */
export function gridOver(xRange: [number, number], yRange: [number, number], w: number, h: number): number[][] {
  const xs = linspace(xRange[0], xRange[1], w);
  const ys = linspace(yRange[0], yRange[1], h);
  const out: number[][] = [];
  for (const yv of ys) for (const xv of xs) out.push([xv, yv]);
  return out;
}
