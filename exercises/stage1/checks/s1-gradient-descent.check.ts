import { defineChecks, fail, standardChecks } from 'dl-tutor/grading';
import type { CheckContext } from 'dl-tutor/grading';

type M = typeof import('../solutions/s1-gradient-descent');

export type Vec = number[];

// P0 exercise: the reference is the plain loop below, in float64, so agreement is exact up to
// the order of a few float operations (rtol 1e-12).
function referenceDescent(f: (x: Vec) => number, grad: (x: Vec) => Vec, x0: Vec, lr: number, steps: number) {
  let x = x0.slice();
  const path = [x];
  const losses = [f(x)];
  for (let k = 0; k < steps; k++) {
    const g = grad(x);
    x = x.map((xi, i) => xi - lr * g[i]);
    path.push(x);
    losses.push(f(x));
  }
  return { path, losses };
}

function centralDiff(f: (x: Vec) => number, x: Vec, eps: number): Vec {
  return x.map((xi, i) => {
    const up = x.slice(); up[i] = xi + eps;
    const down = x.slice(); down[i] = xi - eps;
    return (f(up) - f(down)) / (2 * eps);
  });
}

function forwardDiff(f: (x: Vec) => number, x: Vec, eps: number): Vec {
  const fx = f(x);
  return x.map((xi, i) => {
    const up = x.slice(); up[i] = xi + eps;
    return (f(up) - fx) / eps;
  });
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(8)).toString() : String(v));
const fmtVec = (v: unknown) => (Array.isArray(v) ? `[${v.map((e) => (typeof e === 'number' ? fmt(e) : String(e))).join(', ')}]` : String(v));

function close(a: number, b: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}
function vecClose(a: unknown, b: Vec, rtol: number, atol = 0): boolean {
  return Array.isArray(a) && a.length === b.length && b.every((bi, i) => typeof a[i] === 'number' && close(a[i], bi, rtol, atol));
}

function expectArrayOfVectors(v: unknown, name: string): Vec[] {
  if (!Array.isArray(v)) fail(`${name} should be an array of points (number[][]), got ${typeof v}.`);
  v.forEach((p, k) => {
    if (!Array.isArray(p)) fail(`${name}[${k}] should be a number[] (one point), got ${typeof p}.`);
  });
  return v as Vec[];
}

// An elongated, rotated bowl: ½xᵀAx with A = [[3, 1], [1, 2]], so both coordinates move every step.
const A = [[3, 1], [1, 2]];
const bowl = (x: Vec) => 0.5 * (A[0][0] * x[0] * x[0] + 2 * A[0][1] * x[0] * x[1] + A[1][1] * x[1] * x[1]);
const bowlGrad = (x: Vec) => [A[0][0] * x[0] + A[0][1] * x[1], A[1][0] * x[0] + A[1][1] * x[1]];

// A ravine: ½xᵀ diag(1, 10) x. Gradient descent is stable on it iff lr < 2/10 (2 over the largest curvature).
export const ravine = (x: Vec) => 0.5 * (x[0] * x[0] + 10 * x[1] * x[1]);
export const ravineGrad = (x: Vec) => [x[0], 10 * x[1]];

const rosenbrock = (x: Vec) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
const rosenbrockGrad = (x: Vec) => [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]), 200 * (x[1] - x[0] * x[0])];

export function contourValues(f: (x: Vec) => number, xr: [number, number], yr: [number, number], w: number, h: number): number[] {
  const values: number[] = [];
  for (let r = 0; r < h; r++) {
    const y = yr[0] + ((yr[1] - yr[0]) * r) / (h - 1);
    for (let c = 0; c < w; c++) values.push(f([xr[0] + ((xr[1] - xr[0]) * c) / (w - 1), y]));
  }
  return values;
}

export const to2d = (path: Vec[], every = 1): Array<[number, number]> =>
  path.filter((_, k) => k % every === 0 || k === path.length - 1).map((p) => [p[0], p[1]] as [number, number]);

function emitPlots(learner: M, ctx: CheckContext, slow: ReturnType<M['gradientDescent']>, fast: ReturnType<M['gradientDescent']>) {
  ctx.emit({
    kind: 'contour', chart: 'contour', title: '½xᵀ diag(1, 10) x from (1, 1): lr 0.19 vs lr 0.21',
    xRange: [-1.5, 1.5], yRange: [-3, 3], width: 61, height: 61,
    values: contourValues(ravine, [-1.5, 1.5], [-3, 3], 61, 61),
    paths: [
      { name: 'lr 0.19', points: to2d(slow.path.slice(0, 41)) },
      { name: 'lr 0.21', points: to2d(fast.path.slice(0, 11)) },
    ],
  });
  for (let k = 0; k < slow.losses.length; k++) {
    ctx.emit({
      kind: 'epoch', chart: 'loss', title: 'f(x) per step (log scale)', xLabel: 'step', yLabel: 'f(x), log scale', epoch: k, logY: true,
      values: { 'lr 0.19': slow.losses[k], 'lr 0.21': fast.losses[k] },
    });
  }
  const rosen = learner.gradientDescent(rosenbrock, rosenbrockGrad, [-1.2, 1], { lr: 0.001, steps: 3000 });
  ctx.emit({
    kind: 'contour', chart: 'rosenbrock', title: 'Rosenbrock from (−1.2, 1), lr 0.001, 3000 steps',
    xRange: [-2, 2], yRange: [-1, 3], width: 61, height: 61,
    values: contourValues(rosenbrock, [-2, 2], [-1, 3], 61, 61),
    paths: [{ name: 'gradient descent', points: to2d(expectArrayOfVectors(rosen.path, 'path'), 20) }],
  });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'path', name: 'gradientDescent: path is x0, x1, …, x_steps (steps + 1 points)', fn: 'gradientDescent',
      run(learner) {
        const x0 = [1.5, -2];
        const steps = 8;
        const lr = 0.1;
        const ref = referenceDescent(bowl, bowlGrad, x0, lr, steps);
        const path = expectArrayOfVectors(learner.gradientDescent(bowl, bowlGrad, x0.slice(), { lr, steps }).path, 'path');
        if (path.length === steps && vecClose(path[0], ref.path[1], 1e-12)) {
          fail(`path has ${steps} points for steps = ${steps}; it should have ${steps + 1}. It starts at x1 = ${fmtVec(ref.path[1])}: path[0] must be the starting point x0 = ${fmtVec(x0)}.`,
            { expected: `${steps + 1} points, path[0] = ${fmtVec(x0)}`, actual: `${path.length} points, path[0] = ${fmtVec(path[0])}`, hintKey: 'missing-x0' });
        }
        if (path.length !== steps + 1) {
          fail(`path has ${path.length} points for steps = ${steps}; it should have steps + 1 = ${steps + 1} (x0 and one point after each update).`,
            { expected: String(steps + 1), actual: String(path.length) });
        }
        if (path.length > 1 && path.every((p) => p === path[0])) {
          fail(`every path entry is the same array object (now holding the last point ${fmtVec(path[0])}): you update x in place and push the same array each step. Push a copy, or build a new array per step.`,
            { hintKey: 'aliased-path' });
        }
        const uphill = referenceDescent(bowl, bowlGrad, x0, -lr, steps);
        if (path.length > 1 && vecClose(path[1], uphill.path[1], 1e-12, 1e-15)) {
          fail(`path[1] = ${fmtVec(path[1])} is x0 + lr·grad: the step goes uphill. Gradient descent subtracts: x ← x − lr·grad(x).`,
            { expected: fmtVec(ref.path[1]), actual: fmtVec(path[1]), hintKey: 'uphill' });
        }
        for (let k = 0; k <= steps; k++) {
          if (!vecClose(path[k], ref.path[k], 1e-12, 1e-15)) {
            const hint = k === 0 ? ' path[0] must be x0 itself (a copy of it).'
              : ` Each step is x ← x − lr·grad(x) with lr = ${lr}, using the gradient at the current point.`;
            fail(`path[${k}] is wrong.${hint}`, { expected: fmtVec(ref.path[k]), actual: fmtVec(path[k]) });
          }
        }
      },
    },
    {
      id: 'losses', name: 'gradientDescent: losses[k] = f(path[k]) (steps + 1 entries)', fn: 'gradientDescent',
      run(learner) {
        const x0 = [1.5, -2];
        const steps = 8;
        const ref = referenceDescent(bowl, bowlGrad, x0, 0.1, steps);
        const { losses } = learner.gradientDescent(bowl, bowlGrad, x0.slice(), { lr: 0.1, steps });
        if (!Array.isArray(losses)) fail(`losses should be a number[], got ${typeof losses}.`);
        if (losses.length === steps && vecClose(losses, ref.losses.slice(1), 1e-12)) {
          fail(`losses has ${steps} entries, all measured after a step: the loss at the start, f(x0) = ${fmt(ref.losses[0])}, is missing. Record f(x0) before the first update, so losses[k] = f(path[k]) and there are steps + 1 entries.`,
            { expected: fmtVec(ref.losses), actual: fmtVec(losses), hintKey: 'loss-after-step' });
        }
        if (losses.length !== steps + 1) {
          fail(`losses has ${losses.length} entries for steps = ${steps}; it should have ${steps + 1}: f at every point of the path, x0 included.`,
            { expected: String(steps + 1), actual: String(losses.length) });
        }
        for (let k = 0; k <= steps; k++) {
          if (!close(losses[k], ref.losses[k], 1e-12, 1e-15)) {
            const shifted = k + 1 <= steps && close(losses[k], ref.losses[k + 1], 1e-12);
            fail(`losses[${k}] should be f(path[${k}]) = ${fmt(ref.losses[k])}, got ${fmt(losses[k])}.` +
              (shifted ? ' It equals f(path[' + (k + 1) + ']): the loss is taken after the update instead of at the point before it.' : ''),
            { expected: fmtVec(ref.losses), actual: fmtVec(losses), hintKey: shifted ? 'loss-after-step' : undefined });
          }
        }
      },
    },
    {
      id: 'path-copies', name: 'gradientDescent: path entries are separate copies and x0 is left untouched', fn: 'gradientDescent',
      run(learner) {
        const x0 = [1.5, -2];
        const { path } = learner.gradientDescent(bowl, bowlGrad, x0, { lr: 0.1, steps: 4 });
        const p = expectArrayOfVectors(path, 'path');
        if (x0[0] !== 1.5 || x0[1] !== -2) {
          fail(`gradientDescent changed the caller's x0 to ${fmtVec(x0)}. Work on a copy (x0.slice()) — x0 belongs to the caller.`, { hintKey: 'aliased-path' });
        }
        if (p.length > 1 && p.every((e) => e === p[0])) {
          fail('every path entry is the same array object: updating x in place and pushing it each step makes all entries alias one array, so they all show the last point. Push a copy (or build a new array) at every step.', { hintKey: 'aliased-path' });
        }
        const snapshot = p.map((e) => e.slice());
        x0[0] = 99; x0[1] = 99;
        if (!vecClose(p[0], snapshot[0], 0)) {
          fail('path[0] is the caller\'s x0 array itself: changing x0 after the call changed path[0]. Store a copy of x0.', { hintKey: 'aliased-path' });
        }
        for (let k = 0; k < p.length; k++) {
          const saved = p[k][0];
          p[k][0] = 12345;
          const changed = snapshot.findIndex((s, j) => j !== k && p[j][0] !== s[0]);
          p[k][0] = saved;
          if (changed >= 0) {
            fail(`path[${k}] and path[${changed}] are the same array (writing to one changes the other). Every path entry must be its own copy.`, { hintKey: 'aliased-path' });
          }
        }
      },
    },
    {
      id: 'step-size-threshold', name: 'gradientDescent: lr 0.19 converges and lr 0.21 diverges on ½xᵀ diag(1, 10) x', fn: 'gradientDescent',
      run(learner, ctx) {
        const steps = 100;
        const slow = learner.gradientDescent(ravine, ravineGrad, [1, 1], { lr: 0.19, steps });
        const fast = learner.gradientDescent(ravine, ravineGrad, [1, 1], { lr: 0.21, steps });
        for (const [lr, r] of [[0.19, slow], [0.21, fast]] as const) {
          if (!Array.isArray(r.path) || r.path.length !== steps + 1 || !Array.isArray(r.losses) || r.losses.length !== steps + 1) {
            fail(`with lr ${lr} and steps ${steps} the path/losses have ${r.path?.length}/${r.losses?.length} entries, expected steps + 1 = ${steps + 1} each (x0 plus one point per update). Run exactly \`steps\` updates and never stop early.`);
          }
        }
        const refSlow = referenceDescent(ravine, ravineGrad, [1, 1], 0.19, steps);
        const refFast = referenceDescent(ravine, ravineGrad, [1, 1], 0.21, steps);
        const f0 = refSlow.losses[0];
        const slowEnd = slow.losses[steps];
        const fastEnd = fast.losses[steps];
        if (!(slowEnd < 1e-8 * f0)) {
          fail(`with lr 0.19 the loss should shrink towards 0 (f = ${fmt(refSlow.losses[steps])} after ${steps} steps), got ${fmt(slowEnd)}.`,
            { expected: fmt(refSlow.losses[steps]), actual: fmt(slowEnd) });
        }
        if (!(fastEnd > 1e6 * f0) || !close(fastEnd, refFast.losses[steps], 1e-9)) {
          fail(`with lr 0.21 > 2/10 gradient descent must diverge along the steep axis (f = ${fmt(refFast.losses[steps])} after ${steps} steps), got ${fmt(fastEnd)}. Don't clip the step or the gradient, and don't stop when the loss grows: the learner should see the divergence.`,
            { expected: fmt(refFast.losses[steps]), actual: fmt(fastEnd), hintKey: 'clipped' });
        }
        emitPlots(learner, ctx, slow, fast);
      },
    },
    {
      id: 'zero-steps-zero-lr', name: 'gradientDescent: steps 0 gives [x0]; lr 0 gives a constant path', fn: 'gradientDescent',
      run(learner) {
        const zero = learner.gradientDescent(bowl, bowlGrad, [0.5, -1], { lr: 0.1, steps: 0 });
        if (!Array.isArray(zero.path) || zero.path.length !== 1 || !vecClose(zero.path[0], [0.5, -1], 0)) {
          fail('with steps = 0 the path should be exactly [x0].', { expected: '[[0.5, -1]]', actual: JSON.stringify(zero.path) });
        }
        if (!Array.isArray(zero.losses) || zero.losses.length !== 1 || !close(zero.losses[0], bowl([0.5, -1]), 1e-12)) {
          fail('with steps = 0 the losses should be exactly [f(x0)].', { expected: `[${fmt(bowl([0.5, -1]))}]`, actual: JSON.stringify(zero.losses) });
        }
        const still = learner.gradientDescent(bowl, bowlGrad, [0.5, -1], { lr: 0, steps: 5 });
        const p = expectArrayOfVectors(still.path, 'path');
        if (p.length !== 6 || p.some((e) => !vecClose(e, [0.5, -1], 0))) {
          fail('with lr = 0 every point of the path should equal x0 (6 points for 5 steps).', { expected: '6 × [0.5, -1]', actual: JSON.stringify(p) });
        }
      },
    },
    {
      id: 'nan-gradient', name: 'gradientDescent: a NaN gradient flows into the path (no hidden catch)', fn: 'gradientDescent',
      run(learner) {
        // NaN at the second point of the path (x1), however often the learner calls grad.
        const x1 = referenceDescent(bowl, bowlGrad, [1, 1], 0.1, 1).path[1];
        const nanOnSecond = (x: Vec) => (vecClose(x, x1, 1e-9) ? [NaN, 0] : bowlGrad(x));
        const r = learner.gradientDescent(bowl, nanOnSecond, [1, 1], { lr: 0.1, steps: 4 });
        const p = expectArrayOfVectors(r.path, 'path');
        if (p.length !== 5 || !Array.isArray(r.losses) || r.losses.length !== 5) {
          fail(`a NaN gradient at step 2 should not stop the run: expected 5 path points and 5 losses for 4 steps, got ${p.length} and ${r.losses?.length}.`);
        }
        if (!Number.isFinite(p[1][0]) || !Number.isNaN(p[2][0]) || !Number.isNaN(p[4][0]) || !Number.isNaN(r.losses[4])) {
          fail('a NaN in the gradient at step 2 should make path[2][0] NaN and keep it NaN (and the losses after it): NaN must propagate, not be replaced, skipped or clipped.',
            { expected: 'path[1][0] finite, path[2][0] = path[4][0] = NaN, losses[4] = NaN', actual: `path = ${JSON.stringify(p.map((e) => e.map(String)))}, losses = ${JSON.stringify(r.losses.map(String))}` });
        }
      },
    },
    {
      id: 'numerical-grad', name: 'numericalGrad matches the analytic gradient (central difference)', fn: 'numericalGrad',
      run(learner) {
        // Cubic terms make the forward difference's O(ε) error (≈ ε·f''/2 ≈ 5e-5) visible next to
        // the central difference's O(ε²) one (≈ 1e-10).
        const f = (x: Vec) => x[0] ** 3 + 2 * x[1] ** 3 - x[0] * x[2] + Math.exp(x[2]);
        const grad = (x: Vec) => [3 * x[0] ** 2 - x[2], 6 * x[1] ** 2, -x[0] + Math.exp(x[2])];
        const x = [1.5, -0.7, 0.3];
        const expected = grad(x);
        const got = learner.numericalGrad(f, x.slice());
        if (!Array.isArray(got) || got.length !== x.length) {
          fail(`numericalGrad should return one partial derivative per coordinate (${x.length}), got ${fmtVec(got)}.`);
        }
        if (!vecClose(got, expected, 1e-6, 1e-6)) {
          const fwd = forwardDiff(f, x, 1e-5);
          const isForward = vecClose(got, fwd, 1e-7, 1e-9);
          if (vecClose(got, expected.map((v) => 2 * v), 1e-6, 1e-6)) {
            fail('numericalGrad is twice the gradient: the central difference spans 2ε (from x − ε to x + ε), so divide by 2ε, not ε.',
              { expected: fmtVec(expected), actual: fmtVec(got), hintKey: 'divide-by-2eps' });
          }
          fail(isForward
            ? 'numericalGrad looks like a forward difference (f(x + ε) − f(x)) / ε: its error is O(ε), here ≈ 5e-5. Use the central difference (f(x + ε) − f(x − ε)) / (2ε), accurate to O(ε²).'
            : 'numericalGrad differs from the analytic gradient by more than 1e-6. Use (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / (2ε), changing one coordinate at a time and restoring it.',
          { expected: fmtVec(expected), actual: fmtVec(got), hintKey: isForward ? 'forward-difference' : undefined });
        }
      },
    },
    {
      id: 'numerical-grad-eps', name: 'numericalGrad uses ε = 1e-5 by default and honours eps', fn: 'numericalGrad',
      run(learner) {
        // sin(kx)/k² has a huge third derivative, so the central difference visibly depends on ε:
        // the check compares with the same formula at the same ε rather than with the true gradient.
        const k = [1e4, 3e3];
        const f = (x: Vec) => Math.sin(k[0] * x[0]) / k[0] ** 2 + Math.sin(k[1] * x[1]) / k[1] ** 2;
        const x = [0.1234, -0.0567];
        const byDefault = learner.numericalGrad(f, x.slice());
        const expectedDefault = centralDiff(f, x, 1e-5);
        if (!vecClose(byDefault, expectedDefault, 1e-6, 1e-12)) {
          fail('numericalGrad(f, x) should use the central difference with ε = 1e-5 when eps is not given.', { expected: fmtVec(expectedDefault), actual: fmtVec(byDefault) });
        }
        const withEps = learner.numericalGrad(f, x.slice(), 1e-4);
        const expectedEps = centralDiff(f, x, 1e-4);
        if (!vecClose(withEps, expectedEps, 1e-6, 1e-12)) {
          fail('numericalGrad(f, x, 1e-4) should use ε = 1e-4: the eps argument is ignored or misused.', { expected: fmtVec(expectedEps), actual: fmtVec(withEps) });
        }
      },
    },
    {
      id: 'numerical-grad-input-intact', name: 'numericalGrad leaves x unchanged', fn: 'numericalGrad',
      run(learner) {
        const x = [0.25, -1.5, 2];
        learner.numericalGrad((v) => v[0] * v[1] + v[2] ** 2, x);
        const orig = [0.25, -1.5, 2];
        if (x.length !== 3 || x.some((v, i) => v !== orig[i])) {
          // Full precision: an arithmetic undo (x + ε − 2ε + ε) leaves a last-digit drift that
          // 8 significant digits would hide, making expected and actual look identical.
          const full = `[${x.map(String).join(', ')}]`;
          const drift = x.length === 3 && x.every((v, i) => Math.abs(v - orig[i]) < 1e-9);
          fail(`numericalGrad changed the caller's x to ${full}: restore each coordinate after probing it (or probe a copy).` +
            (drift ? ' The change is a rounding drift: undoing the nudge arithmetically (x[i] += ε, then −= 2ε, then += ε) does not give back the exact value; save x[i] and assign it back.' : ''),
            { expected: '[0.25, -1.5, 2]', actual: full });
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'gradientDescent',
      calls: [
        { name: 'gradientDescent', call: (L) => L.gradientDescent(bowl, bowlGrad, [1, 1], { lr: 0.1, steps: 3 }) },
        { name: 'numericalGrad', call: (L) => L.numericalGrad(bowl, [1, 1]) },
      ],
      names: { 'no-tf-kernels': 'no tf ops: gradientDescent and numericalGrad are pure TypeScript (P0)' },
    }),
  ],
});
