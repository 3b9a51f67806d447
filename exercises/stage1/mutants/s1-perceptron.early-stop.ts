/**
 * s1-perceptron MUTANT — stops after the first error-free epoch.
 *
 * A perceptron is a linear score z = w·x + b followed by a hard threshold. Training
 * (Rosenblatt's rule) only changes the weights when a sample is misclassified.
 */

function dot(w: number[], row: number[], i: number): number {
  // A ragged row would silently read `undefined` (NaN) or ignore features: say where it is instead.
  if (row.length !== w.length) {
    throw new RangeError(`row ${i} has ${row.length} features but w has ${w.length}`);
  }
  let z = 0;
  for (let j = 0; j < w.length; j++) z += w[j] * row[j];
  return z;
}

/** 1 where w·x + b > 0, else 0. Exactly 0 maps to 0, as tf.step does. */
export function perceptronPredict(w: number[], b: number, x: number[][]): number[] {
  return x.map((row, i) => (dot(w, row, i) + b > 0 ? 1 : 0));
}

export function trainPerceptron(
  x: number[][],
  y: number[],
  opts: { lr: number; epochs: number },
): { w: number[]; b: number; errorsPerEpoch: number[] } {
  if (x.length === 0) throw new RangeError('trainPerceptron needs at least one sample (x is empty)');
  if (y.length !== x.length) throw new RangeError(`x has ${x.length} rows but y has ${y.length} labels`);
  const d = x[0].length;
  x.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} features, row 0 has ${d}`);
  });
  y.forEach((t, i) => {
    // The ±1 convention of some textbooks would make (y − ŷ) wrong by a factor: refuse it loudly.
    if (t !== 0 && t !== 1) throw new RangeError(`y[${i}] = ${t}; labels must be 0 or 1`);
  });

  // Zero init makes the run deterministic and makes lr a pure scale factor.
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const errorsPerEpoch: number[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let errors = 0;
    for (let i = 0; i < x.length; i++) {
      const yHat = dot(w, x[i], i) + b > 0 ? 1 : 0;
      const delta = y[i] - yHat; // 0 when correct: no update
      if (delta !== 0) {
        errors++;
        for (let j = 0; j < d; j++) w[j] += opts.lr * delta * x[i][j];
        b += opts.lr * delta; // the bias is a weight on a constant input of 1
      }
    }
    // No early stop: callers read one entry per epoch, and zero errors means no further updates anyway.
    errorsPerEpoch.push(errors);
    if (errors === 0) break; // converged: stop early
  }
  return { w, b, errorsPerEpoch };
}
