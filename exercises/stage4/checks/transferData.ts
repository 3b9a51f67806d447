/**
 * Shared by the s4-transfer-learning checks and demo: the shipped base network, target-class
 * images (crosses, rings, circles: the base was trained on squares, triangles, stars and circles),
 * per-layer weight snapshots, the reference transfer model, and a 2-D PCA by power iteration.
 * Works with whichever tf imports it (the judge's for references, the sandbox's next to the learner).
 */
import * as tf from '@tensorflow/tfjs';
import { drawShapes, type ShapeKind } from 'dl-tutor/grading';
import { loadShipped } from '../weights/load';
import { TRANSFER_BASE } from '../weights/transfer-base';

export const TARGET_KINDS: ShapeKind[] = ['cross', 'ring', 'circle'];
export const BASE_KINDS = TRANSFER_BASE.recipe.kinds as string[];
export const IMAGE_SIZE = 24;

/** A fresh copy of the pretrained base (a tf.Sequential: conv1, pool1, conv2, pool2, conv3, features, head). */
export const loadBase = (): Promise<tf.LayersModel> => loadShipped(TRANSFER_BASE);

/** n upright target-class images (per class n/3 when `balanced`), one-hot labels. */
export function targetShapes(n: number, seed: number, balanced = false): { x: tf.Tensor4D; y: tf.Tensor2D; labels: number[] } {
  const C = TARGET_KINDS.length;
  const b = drawShapes({ n: balanced ? n * 3 + 12 : n, size: IMAGE_SIZE, kinds: TARGET_KINDS, noise: 0.05, seed });
  let idx = Array.from({ length: b.labels.length }, (_, i) => i);
  if (balanced) {
    const count = new Array<number>(C).fill(0);
    idx = idx.filter((i) => count[b.labels[i]] < Math.ceil(n / C) && ++count[b.labels[i]] > 0).slice(0, n);
  }
  const S = IMAGE_SIZE * IMAGE_SIZE;
  const x = new Float32Array(idx.length * S);
  idx.forEach((i, k) => x.set(b.images.subarray(i * S, (i + 1) * S), k * S));
  const labels = idx.map((i) => b.labels[i]);
  return {
    x: tf.tensor4d(x, [idx.length, IMAGE_SIZE, IMAGE_SIZE, 1]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), C).toFloat() as tf.Tensor2D),
    labels,
  };
}

/** Each layer's weights by layer name (getWeights() of a model lists trainable weights first, so its order changes with freezing). */
export function snapshot(model: tf.LayersModel): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  const visit = (l: tf.layers.Layer) => {
    const inner = (l as unknown as { layers?: tf.layers.Layer[] }).layers;
    if (Array.isArray(inner)) { inner.forEach(visit); return; }
    out.set(l.name, l.getWeights().map((w) => w.dataSync().slice() as Float32Array));
  };
  model.layers.forEach(visit);
  return out;
}

/** Largest absolute change of each layer's weights between two snapshots (layers with weights only). */
export function changes(before: Map<string, Float32Array[]>, after: Map<string, Float32Array[]>): Record<string, number> {
  const r: Record<string, number> = {};
  for (const [name, ws] of before) {
    if (ws.length === 0) continue;
    const now = after.get(name);
    let d = 0;
    ws.forEach((w, k) => w.forEach((v, j) => { d = Math.max(d, Math.abs(v - (now?.[k]?.[j] ?? NaN))); }));
    r[name] = Number.isNaN(d) ? Infinity : d;
  }
  return r;
}

/** The reference transfer model, built without the learner's code: base up to 'features', frozen, new softmax head. */
export function referenceTransfer(base: tf.LayersModel, numClasses: number, seed: number): tf.LayersModel {
  const feats = base.getLayer('features').output as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: numClasses, activation: 'softmax', name: 'new_head', kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  const model = tf.model({ inputs: base.inputs, outputs: head.apply(feats) as tf.SymbolicTensor });
  model.layers.forEach((l, i) => { l.trainable = i === model.layers.length - 1; });
  return model;
}

/** The same architecture with fresh seeded weights and a numClasses head, all trainable: training from scratch. */
export function scratchModel(base: tf.LayersModel, numClasses: number, seed: number): tf.LayersModel {
  const layers = base.layers.slice(0, -1).map((l, k) => {
    const cfg = { ...l.getConfig() } as Record<string, unknown>;
    if (cfg.kernelInitializer) cfg.kernelInitializer = tf.initializers.glorotUniform({ seed: seed + k });
    if (cfg.biasInitializer) cfg.biasInitializer = 'zeros';
    const cls = l.constructor as unknown as { fromConfig(c: unknown, cfg: unknown): tf.layers.Layer };
    return cls.fromConfig(cls, cfg);
  });
  const head = tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) });
  return tf.sequential({ layers: [...layers, head] });
}

/** Rows projected on their first two principal components (power iteration with deflation, float64). */
export function pca2(rows: number[][]): Array<[number, number]> {
  const n = rows.length, d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j] += v / n; });
  const X = rows.map((r) => r.map((v, j) => v - mean[j]));
  const cov = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => X.reduce((s, r) => s + r[a] * r[b], 0) / Math.max(1, n - 1)));
  const comps: number[][] = [];
  for (let k = 0; k < 2; k++) {
    let v = Array.from({ length: d }, (_, j) => 1 / Math.sqrt(d) + (j === k ? 0.1 : 0));
    for (let it = 0; it < 200; it++) {
      const w = cov.map((row) => row.reduce((s, c, j) => s + c * v[j], 0));
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    const lambda = v.reduce((s, x, a) => s + x * cov[a].reduce((t, c, b) => t + c * v[b], 0), 0);
    comps.push(v);
    // Deflate: remove the found direction so the next iteration finds the second one.
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
  }
  return X.map((r) => [r.reduce((s, x, j) => s + x * comps[0][j], 0), r.reduce((s, x, j) => s + x * comps[1][j], 0)]);
}
