/**
 * s1-perceptron — the Rosenblatt perceptron.
 *
 * Rule level P0: pure TypeScript. Use loops over number[]; no tf ops at all (the grader checks
 * that your functions run zero TensorFlow.js kernels).
 *
 * perceptronPredict(w, b, x): for every row of x, 1 if w·row + b > 0, else 0
 *   (exactly 0 gives 0, like tf.step). An empty x gives []. A row whose length differs from
 *   w's must throw.
 *
 * trainPerceptron(x, y, { lr, epochs }): start from w = 0, b = 0 and make `epochs` passes over the
 *   samples in the given order. On a mistake, w += lr·(y − ŷ)·x and b += lr·(y − ŷ).
 *   errorsPerEpoch[e] = the number of mistakes during pass e — always `epochs` entries (no early
 *   stop). Throw a RangeError for an empty x; throw for ragged rows and for labels other than 0/1.
 */

export function perceptronPredict(w: number[], b: number, x: number[][]): number[] {
  // TODO: return one 0/1 prediction per row of x.
  throw new Error('Not implemented: s1-perceptron');
}

export function trainPerceptron(
  x: number[][],
  y: number[],
  opts: { lr: number; epochs: number },
): { w: number[]; b: number; errorsPerEpoch: number[] } {
  // TODO: validate the inputs, then run the perceptron learning rule for opts.epochs passes.
  throw new Error('Not implemented: s1-perceptron');
}
