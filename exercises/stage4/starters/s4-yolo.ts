/**
 * s4-yolo: a YOLO-style detection head — target encoding, decoding and loss.
 *
 * Rule level P1: tf ops are allowed (tf.losses too). Return new tensors, leak nothing, never dispose
 * or change the inputs. A box is [x1, y1, x2, y2] normalised to [0, 1] (y down).
 *
 * The image is cut into grid × grid cells, indexed [row][col] (row = y, col = x). Each cell has
 * D = 5 + numClasses channels: [obj, x, y, √w, √h, one score per class].
 *
 * - encodeYoloTargets(boxes, classes, grid, numClasses) → Float32Array of grid·grid·D values
 *   (row-major [row][col][channel]). A box belongs to the cell holding its centre (cx, cy):
 *   col = ⌊cx·grid⌋, row = ⌊cy·grid⌋, and a centre at exactly 1.0 goes to the LAST cell. That cell
 *   gets obj = 1, x = cx·grid − col and y = cy·grid − row (the offset inside the cell), √w and √h
 *   (w, h relative to the image), and a one-hot class. Two boxes in one cell: the larger box
 *   (area) wins. Empty cells are all 0. Throw when boxes and classes differ in length or a class
 *   is not in [0, numClasses).
 * - decodeYolo(pred [B, grid, grid, D], grid, numClasses, scoreThreshold) → one Detection list per
 *   image. pred holds raw outputs: obj and x, y are logits (apply a sigmoid), √w and √h are used as
 *   they are (square them), the class scores are logits (softmax). A cell's score is
 *   σ(obj) · (largest class probability) and its classId that class; keep cells with a score above
 *   scoreThreshold. The box: centre ((col + σ(x)) / grid, (row + σ(y)) / grid), size (√w)², (√h)².
 *   The order of the detections does not matter. Throw when pred is not [B, grid, grid, 5 + numClasses].
 * - yoloLoss(target, pred, { lambdaCoord, lambdaNoObj }) → scalar, summed over the cells and
 *   averaged over the batch:
 *     lambdaCoord · Σ_obj [(σ(px) − x)² + (σ(py) − y)² + (p√w − √w)² + (p√h − √h)²]
 *     + Σ_obj BCE(σ(pobj), 1) + lambdaNoObj · Σ_noobj BCE(σ(pobj), 0)
 *     + Σ_obj cross-entropy(softmax(pclasses), one-hot class)
 *   where Σ_obj runs over cells with target obj = 1 and Σ_noobj over the others. Throw when target
 *   and pred differ in shape.
 */
import * as tf from '@tensorflow/tfjs';

export type Box = [number, number, number, number];
export interface Detection { box: Box; score: number; classId: number }

export function encodeYoloTargets(boxes: Box[], classes: number[], grid: number, numClasses: number): Float32Array {
  // TODO
  throw new Error('Not implemented: s4-yolo');
}

export function decodeYolo(pred: tf.Tensor4D, grid: number, numClasses: number, scoreThreshold: number): Detection[][] {
  // TODO
  throw new Error('Not implemented: s4-yolo');
}

export function yoloLoss(target: tf.Tensor4D, pred: tf.Tensor4D, o: { lambdaCoord: number; lambdaNoObj: number }): tf.Scalar {
  // TODO
  throw new Error('Not implemented: s4-yolo');
}
