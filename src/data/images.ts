/**
 * Synthetic images for Stages 3–4: shapes with consistent labels, boxes and masks, and
 * oriented stripes. NHWC, values in [0, 1]. Pure functions of their options.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32, Rng, uniform } from './rng';

/** [x1, y1, x2, y2], normalised to [0, 1]. */
export type Box = [number, number, number, number];
export type ShapeKind = 'circle' | 'square' | 'triangle' | 'cross' | 'ring' | 'star';
export const SHAPE_KINDS: ShapeKind[] = ['circle', 'square', 'triangle', 'cross', 'ring', 'star'];

export interface ShapesBatch {
  images: Float32Array;
  shape: [number, number, number, number];
  /** Class (index into `kinds`) of each image's first object. */
  labels: Int32Array;
  /** Per image, one box per object (computed from the object's own pixels, before occlusion). */
  boxes: Box[][];
  /** Per image, the class of each object, aligned with `boxes`. */
  classes: number[][];
  /** [N, H, W]: classId + 1 of the visible object at each pixel, 0 = background. */
  masks: Uint8Array;
}

const STAR: Array<[number, number]> = Array.from({ length: 10 }, (_, i) => {
  const a = -Math.PI / 2 + (i * Math.PI) / 5;
  const r = i % 2 === 0 ? 1 : 0.45;
  return [r * Math.cos(a), r * Math.sin(a)];
});
const TRIANGLE: Array<[number, number]> = [[0, -1], [0.866, 0.5], [-0.866, 0.5]];

function inPolygon(u: number, v: number, poly: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if ((yi > v) !== (yj > v) && u < ((xj - xi) * (v - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether local point (u, v) in [−1, 1]² (v pointing down) is inside the shape. */
export function insideShape(kind: ShapeKind, u: number, v: number): boolean {
  switch (kind) {
    case 'circle': return u * u + v * v <= 1;
    case 'square': return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 'triangle': return inPolygon(u, v, TRIANGLE);
    case 'cross': return (Math.abs(u) <= 0.3 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 0.95);
    case 'ring': { const r2 = u * u + v * v; return r2 <= 1 && r2 >= 0.55 * 0.55; }
    case 'star': return inPolygon(u, v, STAR);
  }
}

function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Pixels (flat indices) covered by one object, and their bounding box in normalised coords. */
function rasterize(kind: ShapeKind, size: number, cx: number, cy: number, r: number, angle: number): { pixels: number[]; box: Box | null } {
  const pixels: number[] = [];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const lo = (c: number) => Math.max(0, Math.floor(c - r * 1.5));
  const hi = (c: number) => Math.min(size - 1, Math.ceil(c + r * 1.5));
  for (let py = lo(cy); py <= hi(cy); py++) {
    for (let px = lo(cx); px <= hi(cx); px++) {
      const dx = (px + 0.5 - cx) / r;
      const dy = (py + 0.5 - cy) / r;
      // Rotate the pixel back into the shape's own frame.
      const u = cos * dx + sin * dy;
      const v = -sin * dx + cos * dy;
      if (!insideShape(kind, u, v)) continue;
      pixels.push(py * size + px);
      x1 = Math.min(x1, px); y1 = Math.min(y1, py); x2 = Math.max(x2, px + 1); y2 = Math.max(y2, py + 1);
    }
  }
  return { pixels, box: pixels.length ? [x1 / size, y1 / size, x2 / size, y2 / size] : null };
}

/**
 * Images of 1…maxObjects shapes each. Object size is a fraction of the image side in
 * [minScale, maxScale]; objects stay inside the image; later objects occlude earlier ones in the
 * pixels and the mask (boxes are the whole object). With `maxOverlapIoU`, an object whose box
 * overlaps an earlier one by more is re-placed (up to 100 tries, then the image has fewer objects).
 */
export function drawShapes(o: {
  n: number; size: number; kinds: ShapeKind[]; channels?: 1 | 3; maxObjects?: number; rotate?: boolean;
  minScale?: number; maxScale?: number; noise?: number; maxOverlapIoU?: number; seed: number;
}): ShapesBatch {
  if (!Number.isInteger(o.n) || o.n < 0) throw new Error(`drawShapes: n must be a non-negative integer, got ${o.n}`);
  if (!Number.isInteger(o.size) || o.size < 4) throw new Error(`drawShapes: size must be an integer ≥ 4, got ${o.size}`);
  if (o.kinds.length === 0) throw new Error('drawShapes: need at least one kind');
  for (const k of o.kinds) if (!SHAPE_KINDS.includes(k)) throw new Error(`drawShapes: unknown kind '${k}' (known: ${SHAPE_KINDS.join(', ')})`);
  const C = o.channels ?? 1;
  const S = o.size;
  const maxObjects = o.maxObjects ?? 1;
  const minScale = o.minScale ?? (maxObjects > 1 ? 0.2 : 0.4);
  const maxScale = o.maxScale ?? (maxObjects > 1 ? 0.4 : 0.8);
  const maxIoU = o.maxOverlapIoU ?? 1;
  const rng = mulberry32(o.seed);
  const images = new Float32Array(o.n * S * S * C);
  const masks = new Uint8Array(o.n * S * S);
  const labels = new Int32Array(o.n);
  const boxes: Box[][] = [];
  const classes: number[][] = [];
  for (let i = 0; i < o.n; i++) {
    const count = 1 + Math.floor(rng() * maxObjects);
    const imgBoxes: Box[] = [];
    const imgClasses: number[] = [];
    for (let k = 0; k < count; k++) {
      const cls = Math.floor(rng() * o.kinds.length);
      const color = C === 1 ? [uniform(rng, 0.6, 1)] : randomColor(rng);
      let placed: { pixels: number[]; box: Box } | null = null;
      for (let tries = 0; tries < 100 && !placed; tries++) {
        const r = (uniform(rng, minScale, maxScale) * S) / 2;
        const cx = uniform(rng, r, S - r);
        const cy = uniform(rng, r, S - r);
        const angle = o.rotate ? uniform(rng, 0, 2 * Math.PI) : 0;
        const { pixels, box } = rasterize(o.kinds[cls], S, cx, cy, r, angle);
        if (!box) continue;
        if (imgBoxes.some((b) => iou(b, box) > maxIoU)) continue;
        placed = { pixels, box };
      }
      if (!placed) continue;
      for (const p of placed.pixels) {
        for (let c = 0; c < C; c++) images[(i * S * S + p) * C + c] = color[c];
        masks[i * S * S + p] = cls + 1;
      }
      imgBoxes.push(placed.box);
      imgClasses.push(cls);
    }
    boxes.push(imgBoxes);
    classes.push(imgClasses);
    labels[i] = imgClasses[0] ?? -1;
  }
  if (o.noise) {
    for (let j = 0; j < images.length; j++) images[j] = Math.min(1, Math.max(0, images[j] + o.noise * gaussian(rng)));
  }
  return { images, shape: [o.n, S, S, C], labels, boxes, classes, masks };
}

function randomColor(rng: Rng): number[] {
  // One strong channel keeps every object clearly brighter than the background.
  const c = [uniform(rng, 0, 0.6), uniform(rng, 0, 0.6), uniform(rng, 0, 0.6)];
  c[Math.floor(rng() * 3)] = uniform(rng, 0.7, 1);
  return c;
}

/**
 * Tensors for training: x [N,H,W,C]; yOneHot [N, numClasses] from `labels`; yMask
 * [N,H,W,numClasses+1], one-hot over background (channel 0) and classId+1.
 */
export function shapesToTensors(b: ShapesBatch, numClasses: number): { x: tf.Tensor4D; yOneHot: tf.Tensor2D; yMask: tf.Tensor4D } {
  const [N, H, W] = b.shape;
  for (const l of b.labels) if (l < 0 || l >= numClasses) throw new Error(`shapesToTensors: label ${l} outside 0…${numClasses - 1}`);
  const oh = new Float32Array(N * numClasses);
  b.labels.forEach((l, i) => { oh[i * numClasses + l] = 1; });
  const K = numClasses + 1;
  const mask = new Float32Array(N * H * W * K);
  for (let p = 0; p < b.masks.length; p++) {
    if (b.masks[p] >= K) throw new Error(`shapesToTensors: mask class ${b.masks[p] - 1} outside 0…${numClasses - 1}`);
    mask[p * K + b.masks[p]] = 1;
  }
  return {
    x: tf.tensor4d(b.images, b.shape),
    yOneHot: tf.tensor2d(oh, [N, numClasses]),
    yMask: tf.tensor4d(mask, [N, H, W, K]),
  };
}

/**
 * Stripe textures for the conv-filter visuals: label 0 horizontal, 1 vertical, 2 diagonal (↘),
 * 3 anti-diagonal (↙); random period 3–6 px and phase; single channel.
 */
export function makeTextureStripes(o: { n: number; size: number; seed: number }): { images: Float32Array; labels: Int32Array; shape: [number, number, number, number] } {
  const rng = mulberry32(o.seed);
  const S = o.size;
  const images = new Float32Array(o.n * S * S);
  const labels = new Int32Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const label = i % 4;
    const period = uniform(rng, 3, 6);
    const phase = uniform(rng, 0, period);
    labels[i] = label;
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
      const t = label === 0 ? y : label === 1 ? x : label === 2 ? (x - y) / Math.SQRT2 : (x + y) / Math.SQRT2;
      images[i * S * S + y * S + x] = 0.5 + 0.5 * Math.cos((2 * Math.PI * (t + phase)) / period);
    }
  }
  return { images, labels, shape: [o.n, S, S, 1] };
}
