// Mutant: BCE summed over the batch instead of averaged (loss and gradient N× too large).

export interface XorParams { W1: number[][]; b1: number[]; W2: number[]; b2: number }

/** mulberry32: a seeded generator, so a seed always gives the same initial weights. */
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

function forward(p: XorParams, x: number[]): { h: number[]; prob: number } {
  const h = p.b1.map((b, j) => Math.tanh(b + x.reduce((s, xi, i) => s + xi * p.W1[i][j], 0)));
  const z = h.reduce((s, hj, j) => s + hj * p.W2[j], p.b2);
  return { h, prob: 1 / (1 + Math.exp(-z)) };
}

export function xorMlpGradients(p: XorParams, x: number[][], y: number[]): { loss: number; grads: XorParams } {
  const n = x.length;
  const grads: XorParams = { W1: p.W1.map((row) => row.map(() => 0)), b1: p.b1.map(() => 0), W2: p.W2.map(() => 0), b2: 0 };
  let loss = 0;
  x.forEach((xn, r) => {
    const { h, prob } = forward(p, xn);
    loss -= y[r] * Math.log(prob) + (1 - y[r]) * Math.log(1 - prob);
    // Sigmoid + BCE collapse to dL/dz = p − y; the mean puts 1/N on every example's share.
    const dz = prob - y[r];
    grads.b2 += dz;
    h.forEach((hj, j) => {
      grads.W2[j] += dz * hj;
      const dzh = dz * p.W2[j] * (1 - hj * hj); // tanh' = 1 − tanh²
      grads.b1[j] += dzh;
      xn.forEach((xi, i) => { grads.W1[i][j] += xi * dzh; });
    });
  });
  return { loss, grads };
}

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [0, 1, 1, 0];

export function trainXorMlp(o: { hidden: number; lr: number; epochs: number; seed: number }) {
  const rng = mulberry32(o.seed);
  const u = () => 2 * rng() - 1;
  const params: XorParams = {
    W1: [0, 1].map(() => Array.from({ length: o.hidden }, u)),
    b1: new Array<number>(o.hidden).fill(0),
    W2: Array.from({ length: o.hidden }, u),
    b2: 0,
  };
  const losses: number[] = [];
  for (let e = 0; e < o.epochs; e++) {
    const { loss, grads } = xorMlpGradients(params, XOR_X, XOR_Y);
    losses.push(loss);
    params.W1.forEach((row, i) => row.forEach((_, j) => { row[j] -= o.lr * grads.W1[i][j]; }));
    params.b1.forEach((_, j) => { params.b1[j] -= o.lr * grads.b1[j]; });
    params.W2.forEach((_, j) => { params.W2[j] -= o.lr * grads.W2[j]; });
    params.b2 -= o.lr * grads.b2;
  }
  // One more loss, of the parameters we return, so losses has epochs + 1 entries.
  losses.push(xorMlpGradients(params, XOR_X, XOR_Y).loss);
  return { params, losses, predict: (x: number[]) => forward(params, x).prob };
}
