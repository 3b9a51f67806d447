/**
 * s4-iou-nms (P0: plain TypeScript, no tf). Boxes are [x1, y1, x2, y2] normalised to [0, 1].
 */
export type Box = [number, number, number, number];

/** The box with its corners in order (x1 ≤ x2, y1 ≤ y2): tf accepts flipped corners, so do we. */
function corners(b: Box): Box {
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

export function iou(a: Box, b: Box): number {
  const [ax1, ay1, ax2, ay2] = corners(a);
  const [bx1, by1, bx2, by2] = corners(b);
  const areaA = (ax2 - ax1) * (ay2 - ay1);
  const areaB = (bx2 - bx1) * (by2 - by1);
  // A zero-area box overlaps nothing (two identical points would otherwise give 0/0).
  // Clamp each side at 0: disjoint boxes have negative sides, and two negatives would multiply
  // into a positive "intersection". Touching boxes get a side of exactly 0.
  const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = w * h;
  return inter / (areaA + areaB - inter);
}

export function iouMatrix(a: Box[], b: Box[]): number[][] {
  return a.map((p) => b.map((q) => iou(p, q)));
}

export function nonMaxSuppression(boxes: Box[], scores: number[], o: { iouThreshold: number; scoreThreshold?: number; maxOutput: number }): number[] {
  if (boxes.length !== scores.length) throw new Error(`boxes (${boxes.length}) and scores (${scores.length}) differ in length`);
  if (!(o.iouThreshold >= 0 && o.iouThreshold <= 1)) throw new Error(`iouThreshold must be in [0, 1], got ${o.iouThreshold}`);
  if (!Number.isInteger(o.maxOutput) || o.maxOutput < 0) throw new Error(`maxOutput must be a non-negative integer, got ${o.maxOutput}`);
  const minScore = o.scoreThreshold ?? -Infinity;
  // Candidates above the score threshold, best first. Array.prototype.sort is stable, so equal
  // scores keep the lower index first, as tf does.
  const order = scores.map((_, i) => i).filter((i) => scores[i] > minScore).sort((i, j) => scores[j] - scores[i]);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= o.maxOutput) break;
    // Greedy: a candidate survives only if it does not overlap any box already kept too much.
    if (kept.every((k) => iou(boxes[i], boxes[k]) < o.iouThreshold)) kept.push(i);
  }
  return kept;
}
