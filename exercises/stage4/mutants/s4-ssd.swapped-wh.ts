/**
 * s4-ssd: SSD's anchor boxes, the matching of anchors to ground-truth boxes, the offsets a detector
 * learns, and hard-negative mining. Plain TypeScript over numbers (P0).
 * Boxes are [x1, y1, x2, y2] and anchors [cx, cy, w, h], all normalised to [0, 1].
 */
export type Box = [number, number, number, number];
export type CenterBox = [number, number, number, number];

const DEFAULT_VARIANCES: [number, number, number, number] = [0.1, 0.1, 0.2, 0.2];

/**
 * Anchors for every feature map k of size f: one per cell and aspect ratio a (w = s_k·√a,
 * h = s_k/√a) plus one square anchor of side √(s_k·s_{k+1}), so `scales` has one entry more than
 * `featureSizes`. Order: map, row, column, then the ratios in order, then the extra square.
 */
export function generateAnchors(featureSizes: number[], scales: number[], aspectRatios: number[]): CenterBox[] {
  if (scales.length !== featureSizes.length + 1) {
    throw new Error(`scales needs one entry more than featureSizes (the extra anchor of the last map uses s_{k+1}): got ${scales.length} scales for ${featureSizes.length} feature maps`);
  }
  for (const f of featureSizes) if (!Number.isInteger(f) || f < 1) throw new Error(`a feature size must be a whole number ≥ 1, got ${f}`);
  for (const a of aspectRatios) if (!(a > 0)) throw new Error(`an aspect ratio must be > 0, got ${a}`);
  const anchors: CenterBox[] = [];
  featureSizes.forEach((f, k) => {
    const s = scales[k];
    const extra = Math.sqrt(s * scales[k + 1]);
    for (let i = 0; i < f; i++) {
      for (let j = 0; j < f; j++) {
        // Centres sit in the middle of their cell: column j gives x, row i gives y.
        const cx = (j + 0.5) / f, cy = (i + 0.5) / f;
        for (const a of aspectRatios) anchors.push([cx, cy, s / Math.sqrt(a), s * Math.sqrt(a)]);
        anchors.push([cx, cy, extra, extra]);
      }
    }
  });
  return anchors;
}

function toCorners(c: CenterBox): Box {
  return [c[0] - c[2] / 2, c[1] - c[3] / 2, c[0] + c[2] / 2, c[1] + c[3] / 2];
}

function iou(a: Box, b: Box): number {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Each anchor takes the gt it overlaps most when that IoU is ≥ iouThreshold; then every gt claims
 * its own best anchor even below the threshold (otherwise a small or oddly shaped object would
 * never be trained on). Gts claim in order, so a later gt wins an anchor two gts share.
 * Unmatched anchors get −1.
 */
export function matchAnchors(anchors: CenterBox[], gt: Box[], iouThreshold: number): { matchedGt: Int32Array; positive: Uint8Array } {
  const n = anchors.length;
  const matchedGt = new Int32Array(n).fill(-1);
  const positive = new Uint8Array(n);
  if (gt.length === 0) return { matchedGt, positive };
  const corners = anchors.map(toCorners);
  const overlaps = corners.map((a) => gt.map((g) => iou(a, g)));
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < gt.length; j++) if (overlaps[i][j] > overlaps[i][best]) best = j;
    if (overlaps[i][best] >= iouThreshold) {
      matchedGt[i] = best;
      positive[i] = 1;
    }
  }
  gt.forEach((_, j) => {
    let best = 0;
    for (let i = 1; i < n; i++) if (overlaps[i][j] > overlaps[best][j]) best = i;
    if (n > 0) {
      matchedGt[best] = j;
      positive[best] = 1;
    }
  });
  return { matchedGt, positive };
}

/**
 * The regression target of one anchor: the gt's centre shift in anchor widths/heights and the log
 * of its size ratio, each divided by its variance (which scales the targets to about unit size).
 */
export function encodeOffsets(anchor: CenterBox, gt: Box, variances: [number, number, number, number] = DEFAULT_VARIANCES): [number, number, number, number] {
  const [acx, acy, aw, ah] = anchor;
  const gw = gt[2] - gt[0], gh = gt[3] - gt[1];
  if (!(aw > 0 && ah > 0 && gw > 0 && gh > 0)) throw new Error(`anchor and gt need a positive width and height (the offsets take log(gt size / anchor size)): anchor [${anchor.join(', ')}], gt [${gt.join(', ')}]`);
  const gcx = (gt[0] + gt[2]) / 2, gcy = (gt[1] + gt[3]) / 2;
  return [
    (gcx - acx) / aw / variances[0],
    (gcy - acy) / ah / variances[1],
    Math.log(gw / aw) / variances[2],
    Math.log(gh / ah) / variances[3],
  ];
}

/** The inverse of encodeOffsets: the box (corners) that offsets describe relative to an anchor. */
export function decodeOffsets(anchor: CenterBox, offsets: [number, number, number, number], variances: [number, number, number, number] = DEFAULT_VARIANCES): Box {
  const [acx, acy, aw, ah] = anchor;
  const cx = acx + offsets[0] * variances[0] * aw;
  const cy = acy + offsets[1] * variances[1] * ah;
  const w = aw * Math.exp(offsets[2] * variances[2]);
  const h = ah * Math.exp(offsets[3] * variances[3]);
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/**
 * Keep the ⌊negPosRatio·#positives⌋ negatives with the highest confidence loss (all of them when
 * there are fewer), ties broken by the lower index. The mask marks those negatives only: positives
 * are always trained and are not part of it.
 */
export function hardNegativeMining(confLoss: number[], positive: Uint8Array, negPosRatio: number): Uint8Array {
  if (confLoss.length !== positive.length) throw new Error(`confLoss has ${confLoss.length} entries but positive has ${positive.length}: one per anchor each`);
  if (!(negPosRatio >= 0)) throw new Error(`negPosRatio must be ≥ 0, got ${negPosRatio}`);
  const numPos = positive.reduce((s, p) => s + (p ? 1 : 0), 0);
  const negatives: number[] = [];
  positive.forEach((p, i) => { if (!p) negatives.push(i); });
  const k = Math.min(Math.floor(negPosRatio * numPos), negatives.length);
  // A stable order: highest loss first, the lower index first among equal losses.
  negatives.sort((a, b) => confLoss[b] - confLoss[a] || a - b);
  const mask = new Uint8Array(positive.length);
  for (const i of negatives.slice(0, k)) mask[i] = 1;
  return mask;
}
