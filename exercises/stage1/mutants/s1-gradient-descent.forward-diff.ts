// Mutant: numericalGrad uses the forward difference (f(x+ε) − f(x)) / ε, whose error is O(ε).
export function gradientDescent(
  f: (x: number[]) => number,
  grad: (x: number[]) => number[],
  x0: number[],
  opts: { lr: number; steps: number },
): { path: number[][]; losses: number[] } {
  let x = x0.slice();
  const path = [x];
  const losses = [f(x)];
  for (let k = 0; k < opts.steps; k++) {
    const g = grad(x);
    x = x.map((xi, i) => xi - opts.lr * g[i]);
    path.push(x);
    losses.push(f(x));
  }
  return { path, losses };
}

export function numericalGrad(f: (x: number[]) => number, x: number[], eps = 1e-5): number[] {
  const fx = f(x);
  return x.map((xi, i) => {
    const probe = x.slice();
    probe[i] = xi + eps;
    return (f(probe) - fx) / eps;
  });
}
