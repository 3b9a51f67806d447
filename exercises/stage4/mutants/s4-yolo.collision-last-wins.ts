/**
 * s4-yolo (P1): the target encoding, the decoding and the loss of a YOLO-style detection head.
 * A grid of G×G cells; each cell predicts [obj, x, y, √w, √h, class scores…] (5 + C channels).
 */
import * as tf from '@tensorflow/tfjs';

export type Box = [number, number, number, number]; // [x1, y1, x2, y2], normalised to [0, 1]
export interface Detection { box: Box; score: number; classId: number }

/** The cell of a centre: ⌊c·G⌋, except that a centre at exactly 1.0 belongs to the last cell. */
const cellOf = (c: number, grid: number) => Math.min(grid - 1, Math.max(0, Math.floor(c * grid)));

export function encodeYoloTargets(boxes: Box[], classes: number[], grid: number, numClasses: number): Float32Array {
  if (boxes.length !== classes.length) throw new Error(`boxes (${boxes.length}) and classes (${classes.length}) differ in length`);
  if (!Number.isInteger(grid) || grid < 1) throw new Error(`grid must be a positive integer, got ${grid}`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`numClasses must be a positive integer, got ${numClasses}`);
  const D = 5 + numClasses;
  const out = new Float32Array(grid * grid * D);
  const ownerArea = new Array<number>(grid * grid).fill(-1);
  boxes.forEach(([x1, y1, x2, y2], k) => {
    const cls = classes[k];
    if (!Number.isInteger(cls) || cls < 0 || cls >= numClasses) throw new Error(`class ${cls} is not in [0, ${numClasses})`);
    const w = x2 - x1, h = y2 - y1, cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    const row = cellOf(cy, grid), col = cellOf(cx, grid);
    const cell = row * grid + col;
    // One object per cell: the larger box wins (the first of equal ones stays).
    // Mistake: a later box simply overwrites the cell
    ownerArea[cell] = w * h;
    const o = cell * D;
    out.fill(0, o, o + D);
    out[o] = 1;
    out[o + 1] = cx * grid - col; // offsets inside the cell, in [0, 1]
    out[o + 2] = cy * grid - row;
    out[o + 3] = Math.sqrt(w); // √: an error of 0.05 matters more on a small box than on a large one
    out[o + 4] = Math.sqrt(h);
    out[o + 5 + cls] = 1;
  });
  return out;
}

export function decodeYolo(pred: tf.Tensor4D, grid: number, numClasses: number, scoreThreshold: number): Detection[][] {
  const [B, G, G2, D] = pred.shape;
  if (G !== grid || G2 !== grid || D !== 5 + numClasses) throw new Error(`pred must be [batch, ${grid}, ${grid}, ${5 + numClasses}], got [${pred.shape.join(', ')}]`);
  const [obj, xy, wh, probs] = tf.tidy(() => [
    tf.sigmoid(pred.slice([0, 0, 0, 0], [-1, -1, -1, 1])),
    tf.sigmoid(pred.slice([0, 0, 0, 1], [-1, -1, -1, 2])),
    pred.slice([0, 0, 0, 3], [-1, -1, -1, 2]),
    tf.softmax(pred.slice([0, 0, 0, 5], [-1, -1, -1, numClasses])),
  ]);
  const [ov, xyv, whv, pv] = [obj.dataSync(), xy.dataSync(), wh.dataSync(), probs.dataSync()];
  tf.dispose([obj, xy, wh, probs]);
  const out: Detection[][] = [];
  for (let b = 0; b < B; b++) {
    const dets: Detection[] = [];
    for (let row = 0; row < G; row++) for (let col = 0; col < G; col++) {
      const cell = (b * G + row) * G + col;
      let classId = 0;
      for (let c = 1; c < numClasses; c++) if (pv[cell * numClasses + c] > pv[cell * numClasses + classId]) classId = c;
      const score = ov[cell] * pv[cell * numClasses + classId];
      if (!(score > scoreThreshold)) continue;
      const cx = (col + xyv[cell * 2]) / G, cy = (row + xyv[cell * 2 + 1]) / G;
      const w = whv[cell * 2] ** 2, h = whv[cell * 2 + 1] ** 2; // the head predicts √w, √h
      dets.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, classId });
    }
    out.push(dets);
  }
  return out;
}

export function yoloLoss(target: tf.Tensor4D, pred: tf.Tensor4D, o: { lambdaCoord: number; lambdaNoObj: number }): tf.Scalar {
  if (target.shape.join() !== pred.shape.join()) throw new Error(`target [${target.shape.join(', ')}] and pred [${pred.shape.join(', ')}] differ`);
  const [B, , , D] = target.shape;
  if (B === 0 || D < 6) throw new Error(`need a non-empty batch and 5 + C ≥ 6 channels, got [${target.shape.join(', ')}]`);
  return tf.tidy(() => {
    const part = (t: tf.Tensor4D, start: number, size: number) => t.slice([0, 0, 0, start], [-1, -1, -1, size]);
    const tObj = part(target, 0, 1), pObj = part(pred, 0, 1);
    // Objectness: binary cross-entropy on the logit, for every cell; empty cells weigh lambdaNoObj.
    const bce = tf.add(tf.sub(tf.relu(pObj), tf.mul(pObj, tObj)), tf.log1p(tf.exp(tf.neg(tf.abs(pObj)))));
    const objW = tf.add(tObj, tf.mul(tf.sub(1, tObj), o.lambdaNoObj));
    const objLoss = tf.sum(tf.mul(objW, bce));
    // Box and class only where an object is: the mask tObj zeroes the rest (and their gradients).
    const dxy = tf.sub(tf.sigmoid(part(pred, 1, 2)), part(target, 1, 2));
    const dwh = tf.sub(part(pred, 3, 2), part(target, 3, 2));
    const coord = tf.mul(o.lambdaCoord, tf.sum(tf.mul(tObj, tf.add(tf.sum(tf.square(dxy), -1, true), tf.sum(tf.square(dwh), -1, true)))));
    const ce = tf.neg(tf.sum(tf.mul(part(target, 5, D - 5), tf.logSoftmax(part(pred, 5, D - 5))), -1, true));
    const cls = tf.sum(tf.mul(tObj, ce));
    // Summed over the cells, averaged over the batch.
    return tf.div(tf.addN([coord, objLoss, cls]), B) as tf.Scalar;
  });
}
