/**
 * s1-gradient-descent — gradient descent and a numerical gradient.
 *
 * Rule level P0: pure TypeScript. Loops over plain number arrays; no tf ops at all.
 *
 * gradientDescent(f, grad, x0, { lr, steps })
 *   Runs `steps` updates x ← x − lr·grad(x), starting from x0.
 *   - path has steps + 1 points: path[0] is (a copy of) x0, path[k] the point after k updates.
 *   - losses has steps + 1 entries: losses[k] = f(path[k]).
 *   - Every path entry is its own array, and x0 itself is never modified: the caller may
 *     change x0 afterwards, or keep using it, and your path must not change with it.
 *   - Don't clip, catch or stop early: a too-large lr must be allowed to diverge, and a NaN
 *     gradient simply flows into the path.
 *
 * numericalGrad(f, x, eps = 1e-5)
 *   The central difference (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / (2ε) for every coordinate i.
 *   Leave x unchanged when you return.
 */

export function gradientDescent(
  f: (x: number[]) => number,
  grad: (x: number[]) => number[],
  x0: number[],
  opts: { lr: number; steps: number },
): { path: number[][]; losses: number[] } {
  // TODO: start from a copy of x0, record f at every point, take `opts.steps` steps.
  throw new Error('Not implemented: s1-gradient-descent');
}

export function numericalGrad(f: (x: number[]) => number, x: number[], eps = 1e-5): number[] {
  // TODO: central difference for each coordinate of x.
  throw new Error('Not implemented: s1-gradient-descent');
}
