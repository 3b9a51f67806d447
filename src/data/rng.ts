/**
 * Seeded randomness for every generator and for graded shuffles. `Math.random` is never used:
 * a check must give the same verdict on every run and on both engines.
 */

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny 32-bit generator, good enough for data and shuffles, and trivial for a
 * learner to reproduce. The same seed always gives the same stream.
 */
export function mulberry32(seed: number): Rng {
  let a = seed | 0;
  const rng = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // The grader copies the generator into the learner's sandbox by its state (a callback per draw
  // would be far too slow) and copies the state back after the call.
  Object.defineProperty(rng, PORTABLE_RNG, { value: { get: () => a, set: (s: number) => { a = s | 0; } } });
  return rng;
}

/** Where a mulberry32 generator keeps the accessors of its state (for the grader's sandbox). */
export const PORTABLE_RNG = Symbol.for('dl-tutor.mulberry32');

/** The state accessors of a generator made by mulberry32, if `f` is one. */
export function rngState(f: unknown): { get(): number; set(s: number): void } | undefined {
  if (typeof f !== 'function') return undefined;
  return (f as unknown as Record<symbol, { get(): number; set(s: number): void } | undefined>)[PORTABLE_RNG];
}

/** A standard normal sample (Box–Muller; one draw of the pair, so each call uses two rng values). */
export function gaussian(rng: Rng): number {
  // 1 − u is in (0, 1], so the log never sees 0.
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Fisher–Yates, exactly as s3-minibatch specifies it: for i = n−1 down to 1,
 * j = floor(rng()·(i+1)), swap a[i] and a[j]. Shuffles `a` in place and returns it.
 */
export function shuffleInPlace<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i >= 1; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** 0, 1, …, n−1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Shuffled indices 0…n−1 cut into consecutive parts by `fractions` (e.g. [0.8, 0.2]).
 * Boundaries are round(cumulative fraction · n); when the fractions sum to 1 every index lands
 * in exactly one part. Fractions summing to less than 1 leave the rest unused.
 */
export function splitIndices(n: number, fractions: number[], rng: Rng): number[][] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`splitIndices: n must be a non-negative integer, got ${n}`);
  if (fractions.some((f) => !(f >= 0))) throw new Error(`splitIndices: fractions must be ≥ 0, got [${fractions.join(', ')}]`);
  const total = fractions.reduce((s, f) => s + f, 0);
  if (total > 1 + 1e-9) throw new Error(`splitIndices: fractions sum to ${total} > 1`);
  const idx = shuffleInPlace(range(n), rng);
  const parts: number[][] = [];
  let cum = 0;
  let start = 0;
  for (let k = 0; k < fractions.length; k++) {
    cum += fractions[k];
    const end = k === fractions.length - 1 && Math.abs(total - 1) < 1e-9 ? n : Math.min(n, Math.round(cum * n));
    parts.push(idx.slice(start, end));
    start = end;
  }
  return parts;
}

/** A uniform sample in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}
