/**
 * s2-init-glorot — fans and Xavier/Glorot initializers (MUTANT: fanIn only; rule level P0:
 * plain loops with the given rng; the only tf call builds the result tensor).
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;

/** Dense [in, out]; conv HWIO [kh, kw, in, out]: every kernel position is a separate input/output. */
export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`computeFans: bad shape [${shape.join(',')}]`);
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  // The receptive field (kh·kw…) multiplies both fans; the last two axes are in and out.
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

function sizeOf(shape: number[]): number {
  computeFans(shape); // validates the dimensions
  return shape.reduce((a, b) => a * b, 1);
}

/** U(−limit, limit) with limit = √(6/(fanIn+fanOut)): variance limit²/3 = 2/(fanIn+fanOut). */
export function glorotUniform(shape: number[], rng: Rng): tf.Tensor {
  const n = sizeOf(shape);
  const { fanIn, fanOut } = computeFans(shape);
  const limit = Math.sqrt(6 / (2 * fanIn));
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = (2 * rng() - 1) * limit;
  return tf.tensor(values, shape);
}

/** Standard normal cut at ±2, by rejection (Box–Muller). Its std is 0.87962566, not 1. */
function truncatedStdNormal(rng: Rng): number {
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    if (Math.abs(z) <= 2) return z;
  }
}

/** Truncated normal with the Keras ≥ 2.3 correction, so the *final* std is √(2/(fanIn+fanOut)). */
export function glorotNormal(shape: number[], rng: Rng): tf.Tensor {
  const n = sizeOf(shape);
  const { fanIn, fanOut } = computeFans(shape);
  const sigma = Math.sqrt(2 / fanIn) / 0.87962566103423978;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = sigma * truncatedStdNormal(rng);
  return tf.tensor(values, shape);
}
