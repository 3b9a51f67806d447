/**
 * Loads a network whose weights ship with the course (a module written by `npm run weights`).
 * Everything is in the module: the topology, the weight specs and the weights as base64 float32.
 * Nothing is downloaded. Works with whichever tf imports it (the grader's, the sandbox's, tfjs-node).
 */
import * as tf from '@tensorflow/tfjs';

export interface ShippedWeights {
  /** The trainer's name in src/weights/registry.ts. */
  name: string;
  seed: number;
  /** The data and schedule the weights were trained with. */
  recipe: Record<string, number | string | boolean | string[]>;
  /** Metrics the shipped weights reach on the trainer's seeded evaluation set. */
  metrics: Record<string, number>;
  /** Only for recipes too long for CI: a shorter recipe that CI trains instead, and the metrics it reaches. */
  shortRecipe?: Record<string, number | string | boolean | string[]>;
  shortMetrics?: Record<string, number>;
  /** Allowed absolute difference per metric when training again (the shipped weights themselves must match to 2e-5). */
  tolerance: Record<string, number>;
  modelTopology: object;
  weightSpecs: Array<{ name: string; shape: number[]; dtype: 'float32' }>;
  weightsBase64: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without Buffer or atob (neither is promised inside the grader's sandbox). */
export function base64ToBytes(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, j = 0;
  for (const ch of clean) {
    acc = (acc << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}

/** Bytes to base64 (used by the training script to write the module). */
export function bytesToBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    s += i + 1 < b.length ? ALPHABET[(n >> 6) & 63] : '=';
    s += i + 2 < b.length ? ALPHABET[n & 63] : '=';
  }
  return s;
}

/** A fresh model with the shipped weights (each call builds a new one: callers may change it freely). */
export async function loadShipped(w: ShippedWeights): Promise<tf.LayersModel> {
  const bytes = base64ToBytes(w.weightsBase64);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: w.modelTopology, weightSpecs: w.weightSpecs, weightData }));
}
