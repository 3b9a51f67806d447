/**
 * s4-iou-nms: intersection over union and non-max suppression.
 *
 * Rule level P0: plain TypeScript, no tf at all.
 * A box is [x1, y1, x2, y2] normalised to [0, 1] (x to the right, y down). Corners given the wrong
 * way round (x1 > x2) describe the same box.
 *
 * - iou(a, b): area of the intersection divided by the area of the union, in [0, 1]. Boxes that
 *   only touch (share an edge or a corner) have IoU 0; a box with zero area has IoU 0 with anything.
 * - iouMatrix(a, b): m[i][j] = iou(a[i], b[j]); a.length rows of b.length values.
 * - nonMaxSuppression(boxes, scores, o): the indices of the boxes to keep, best score first.
 *   Drop boxes whose score is not above o.scoreThreshold (when given); visit the rest from the
 *   highest score down (equal scores: lower index first) and keep a box unless its IoU with a box
 *   already kept reaches o.iouThreshold; stop after o.maxOutput boxes.
 *   Throw when boxes and scores differ in length, o.iouThreshold is outside [0, 1], or o.maxOutput
 *   is negative or not an integer.
 * Never change the arrays you are given.
 */
export type Box = [number, number, number, number];

export function iou(a: Box, b: Box): number {
  // TODO
  throw new Error('Not implemented: s4-iou-nms');
}

export function iouMatrix(a: Box[], b: Box[]): number[][] {
  // TODO
  throw new Error('Not implemented: s4-iou-nms');
}

export function nonMaxSuppression(boxes: Box[], scores: number[], o: { iouThreshold: number; scoreThreshold?: number; maxOutput: number }): number[] {
  // TODO
  throw new Error('Not implemented: s4-iou-nms');
}
