// Mutant: the path only records the points after each update, so x0 is missing (steps entries).
export function gradientDescent(
  f: (x: number[]) => number,
  grad: (x: number[]) => number[],
  x0: number[],
  opts: { lr: number; steps: number },
): { path: number[][]; losses: number[] } {
  let x = x0.slice();
  const path: number[][] = [];
  const losses: number[] = [];
  for (let k = 0; k < opts.steps; k++) {
    const g = grad(x);
    x = x.map((xi, i) => xi - opts.lr * g[i]);
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
