/**
 * Functions a check hands to the learner's code that the grader can rebuild on the other side of
 * its sandbox from a few numbers, instead of calling back across for every value (a bias–variance
 * sweep evaluates them tens of thousands of times). They behave as the plain functions they are.
 */

/** Where a portable function keeps what rebuilds it. */
export const PORTABLE_FN = Symbol.for('dl-tutor.portable-function');

export type PortableSpec =
  | { kind: 'polynomial'; coefficients: number[] }
  | { kind: 'sinusoid'; frequency: number; amplitude: number; phase: number };

function tag<F extends (x: number) => number>(f: F, spec: PortableSpec): F {
  Object.defineProperty(f, PORTABLE_FN, { value: spec });
  return f;
}

/** x ↦ Σ coefficients[p]·x^p (ascending powers). */
export function polynomial(coefficients: number[]): (x: number) => number {
  const w = coefficients.slice();
  return tag((x: number) => w.reduce((s, wi, p) => s + wi * x ** p, 0), { kind: 'polynomial', coefficients: w });
}

/** x ↦ amplitude·sin(2π·frequency·x + phase). */
export function sinusoid(frequency: number, amplitude = 1, phase = 0): (x: number) => number {
  return tag((x: number) => amplitude * Math.sin(2 * Math.PI * frequency * x + phase), { kind: 'sinusoid', frequency, amplitude, phase });
}

/** The spec of a portable function, if `f` is one. */
export function portableSpec(f: unknown): PortableSpec | undefined {
  if (typeof f !== 'function') return undefined;
  return (f as unknown as Record<symbol, PortableSpec | undefined>)[PORTABLE_FN];
}

/** The function a spec describes. */
export function fromPortableSpec(spec: PortableSpec): (x: number) => number {
  return spec.kind === 'polynomial' ? polynomial(spec.coefficients) : sinusoid(spec.frequency, spec.amplitude, spec.phase);
}
