// Mutant: x is updated in place and pushed every step, so every path entry is the same array.
export function gradientDescent(
  f: (x: number[]) => number,
  grad: (x: number[]) => number[],
  x0: number[],
  opts: { lr: number; steps: number },
): { path: number[][]; losses: number[] } {
  const x = [...x0];
  const path = [x];
  const losses = [f(x)];
  for (let k = 0; k < opts.steps; k++) {
    const g = grad(x);
    for (let i = 0; i < x.length; i++) x[i] -= opts.lr * g[i];
    path.push(x);
    losses.push(f(x));
  }
  return { path, losses };
}

export function numericalGrad(f: (x: number[]) => number, x: number[], eps = 1e-5): number[] {
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
