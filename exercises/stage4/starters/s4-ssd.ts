// s4-ssd — SSD anchor boxes, matching, box offsets and hard-negative mining.
//
// Rule level: P0 — plain TypeScript over numbers and arrays. No tf ops.
// Boxes are [x1, y1, x2, y2] and anchors [cx, cy, w, h] (CenterBox), all normalised to [0, 1],
// y pointing down.
//
// generateAnchors(featureSizes, scales, aspectRatios) → CenterBox[]
//   • scales has ONE MORE entry than featureSizes (throw otherwise). Feature map k is f×f cells.
//   • Cell (row i, column j) of map k has its centre at cx = (j + 0.5)/f, cy = (i + 0.5)/f.
//   • Per cell: one anchor per aspect ratio a, with w = s_k·√a and h = s_k/√a, then ONE extra
//     square anchor of side √(s_k·s_{k+1}).
//   • Order: map by map; inside a map row by row, column by column; inside a cell the ratios in
//     the order given, then the extra square. So there are Σ f²·(#ratios + 1) anchors.
//
// matchAnchors(anchors, gt, iouThreshold) → { matchedGt, positive } (one entry per anchor)
//   • IoU of an anchor (turned into corners) with a gt box: intersection area / union area (0 when
//     the union is 0), as in the previous exercise.
//   1. Each anchor takes the gt with the highest IoU (the first on a tie) if that IoU ≥ iouThreshold.
//   2. Then every gt, in order, claims its own best anchor (highest IoU, the first on a tie), even
//      when that IoU is below the threshold; a later gt overwrites an earlier one there.
//   • matchedGt[i] is the gt index or −1; positive[i] is 1 for a matched anchor, else 0.
//     No gt boxes: every anchor is −1 / 0.
//
// encodeOffsets(anchor, gt, variances = [0.1, 0.1, 0.2, 0.2]) → [tx, ty, tw, th]
//   tx = (gcx − acx) / aw / v0,  ty = (gcy − acy) / ah / v1,
//   tw = ln(gw / aw) / v2,       th = ln(gh / ah) / v3      (g… = the gt's centre and size)
//   Throw when a width or height is ≤ 0 (the log needs positive sizes).
// decodeOffsets(anchor, offsets, variances = [0.1, 0.1, 0.2, 0.2]) → Box (corners): the inverse,
//   so decodeOffsets(a, encodeOffsets(a, g)) gives g back.
//
// hardNegativeMining(confLoss, positive, negPosRatio) → Uint8Array mask over the anchors
//   • k = min(⌊negPosRatio · #positives⌋, #negatives).
//   • Mark the k negatives (positive[i] = 0) with the highest confLoss, the lower index first on a
//     tie. The mask marks those negatives only (never a positive).
//   • Throw when confLoss and positive have different lengths or negPosRatio < 0.
//
// Never change the arrays you are given.

export type Box = [number, number, number, number];
export type CenterBox = [number, number, number, number];

export function generateAnchors(featureSizes: number[], scales: number[], aspectRatios: number[]): CenterBox[] {
  // TODO
  throw new Error('Not implemented: s4-ssd');
}

export function matchAnchors(anchors: CenterBox[], gt: Box[], iouThreshold: number): { matchedGt: Int32Array; positive: Uint8Array } {
  // TODO
  throw new Error('Not implemented: s4-ssd');
}

export function encodeOffsets(anchor: CenterBox, gt: Box, variances: [number, number, number, number] = [0.1, 0.1, 0.2, 0.2]): [number, number, number, number] {
  // TODO
  throw new Error('Not implemented: s4-ssd');
}

export function decodeOffsets(anchor: CenterBox, offsets: [number, number, number, number], variances: [number, number, number, number] = [0.1, 0.1, 0.2, 0.2]): Box {
  // TODO
  throw new Error('Not implemented: s4-ssd');
}

export function hardNegativeMining(confLoss: number[], positive: Uint8Array, negPosRatio: number): Uint8Array {
  // TODO
  throw new Error('Not implemented: s4-ssd');
}
