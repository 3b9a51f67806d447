/**
 * Reference solution for s1-gradient-descent (P0: plain arrays, no tf).
 */

export function gradientDescent(
  f: (x: number[]) => number,
  grad: (x: number[]) => number[],
  x0: number[],
  opts: { lr: number; steps: number },
): { path: number[][]; losses: number[] } {
  // Copy first: the caller owns x0, and every path entry must be a snapshot, not an alias.
  let x = x0.slice();
  const path = [x];
  const losses = [f(x)];
  for (let k = 0; k < opts.steps; k++) {
    const g = grad(x);
    // A fresh array per step keeps earlier path entries intact.
    x = x.map((xi, i) => xi - opts.lr * g[i]);
    path.push(x);
    losses.push(f(x));
  }
  return { path, losses };
}

export function numericalGrad(f: (x: number[]) => number, x: number[], eps = 1e-5): number[] {
  // Central differences: the error is O(ε²) instead of the forward difference's O(ε).
  const probe = x.slice();
  return x.map((xi, i) => {
    probe[i] = xi + eps;
    const up = f(probe);
    probe[i] = xi - eps;
    const down = f(probe);
    probe[i] = xi;
    return (up - down) / (2 * eps);
  });
}
