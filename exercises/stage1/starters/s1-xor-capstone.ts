/**
 * s1-xor-capstone — a full 2-H-1 MLP in pure TypeScript that learns XOR.
 *
 * Rule level P0: plain number arrays and loops; no tf ops at all.
 *
 * The network, for one input row x = [x0, x1]:
 *   h_j = tanh( Σ_i x_i · W1[i][j] + b1[j] )      W1 is laid out [input][hidden]: 2 rows, H columns
 *   p   = sigmoid( Σ_j h_j · W2[j] + b2 )          p is the probability that the label is 1
 * Loss over a batch of N rows: the MEAN binary cross-entropy
 *   L = −(1/N) Σ_n [ y_n·log(p_n) + (1 − y_n)·log(1 − p_n) ]
 *
 * xorMlpGradients(p, x, y) returns that loss and ∂L/∂(every parameter), in the same layout as
 * the parameters (grads.W1[i][j] = ∂L/∂W1[i][j]). Don't modify p, x or y.
 *
 * trainXorMlp({ hidden, lr, epochs, seed }) trains on the four XOR points with full-batch
 * gradient descent (every parameter −= lr · its gradient, once per epoch):
 *   - Initialise W1 and W2 from U(−1, 1) drawn from a SEEDED generator: use mulberry32(seed)
 *     below (never Math.random: the grade must be reproducible). Biases: your choice (0 or U(−1, 1)).
 *   - losses: the loss before each epoch's update, plus the loss of the final parameters at the
 *     end, so `epochs + 1` entries (losses[epochs] is the loss of the returned params).
 *     (Recording only the `epochs` pre-update losses is accepted too.)
 *   - predict(x) returns the network's probability p for one input [x0, x1] (a number in (0, 1),
 *     not a 0/1 class).
 * The grade: hidden 4, lr 1.0, 2000 epochs must reach loss < 0.01 for seeds 1–5.
 */

export interface XorParams { W1: number[][]; b1: number[]; W2: number[]; b2: number }

/** A tiny seeded random generator (mulberry32): returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function xorMlpGradients(p: XorParams, x: number[][], y: number[]): { loss: number; grads: XorParams } {
  // TODO: forward pass for every row, the mean BCE, then backpropagate (remember the 1/N).
  throw new Error('Not implemented: s1-xor-capstone');
}

export function trainXorMlp(o: { hidden: number; lr: number; epochs: number; seed: number }): {
  params: XorParams;
  losses: number[];
  predict(x: number[]): number;
} {
  // TODO: seeded init, then `epochs` full-batch gradient-descent steps on the 4 XOR points.
  throw new Error('Not implemented: s1-xor-capstone');
}
