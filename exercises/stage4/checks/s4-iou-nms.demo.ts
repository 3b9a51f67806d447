/**
 * Demo of s4-iou-nms, on the learner's iou, iouMatrix and nonMaxSuppression:
 * 1. drawShapes images with a cloud of candidate boxes around each object (jittered copies of its
 *    box, scored by how well they fit, plus a few low-scoring false alarms), drawn before and after
 *    the learner's NMS; the learner's NMS result is precomputed for every stop of the IoU-threshold
 *    and score-threshold sliders;
 * 2. the IoU matrix of the first image's candidates (learner's iouMatrix) as a heatmap;
 * 3. facts: one kept box per object at IoU threshold 0.5, more boxes kept as the threshold rises,
 *    output sorted, kept boxes below the threshold.
 */
import { defineDemo, drawShapes, mulberry32 } from 'dl-tutor/grading';
import type { DetectionsPanel } from 'dl-tutor/grading';
import { refIou, type Box } from './s4-iou-nms.check';

type M = typeof import('../solutions/s4-iou-nms');

const KINDS = ['circle', 'square', 'triangle', 'star'] as const;
const IOU_STOPS = Array.from({ length: 19 }, (_, i) => Math.round((0.05 + 0.05 * i) * 100) / 100);
const SCORE_STOPS = Array.from({ length: 10 }, (_, i) => Math.round(0.1 * i * 100) / 100);

interface Candidates { boxes: Box[]; scores: number[]; classes: number[] }

/** A detector's raw output, simulated: ~7 jittered boxes per object, scored by their fit, and false alarms. */
function candidates(truth: Box[], classes: number[], rng: () => number): Candidates {
  const out: Candidates = { boxes: [], scores: [], classes: [] };
  truth.forEach((t, k) => {
    for (let j = 0; j < 7; j++) {
      const w = t[2] - t[0], h = t[3] - t[1];
      const d = () => (rng() - 0.5) * 0.35;
      const b: Box = [t[0] + d() * w, t[1] + d() * h, t[2] + d() * w, t[3] + d() * h].map((v) => Math.min(1, Math.max(0, v))) as Box;
      out.boxes.push(b);
      out.scores.push(Math.round(Math.min(0.99, 0.25 + 0.7 * refIou(b, t) + 0.08 * (rng() - 0.5)) * 1000) / 1000);
      out.classes.push(classes[k]);
    }
  });
  for (let j = 0; j < 3; j++) {
    const w = 0.15 + 0.2 * rng(), h = 0.15 + 0.2 * rng(), x = rng() * (1 - w), y = rng() * (1 - h);
    out.boxes.push([x, y, x + w, y + h]);
    out.scores.push(Math.round((0.05 + 0.3 * rng()) * 1000) / 1000);
    out.classes.push(Math.floor(rng() * KINDS.length));
  }
  return out;
}

export default defineDemo<M>({
  async run(m, ctx) {
    const S = 48, N = 3;
    const shapes = drawShapes({ n: N, size: S, kinds: [...KINDS], maxObjects: 3, minScale: 0.3, maxScale: 0.5, rotate: false, maxOverlapIoU: 0.1, noise: 0.03, seed: 11 });
    const rng = mulberry32(12);
    const cands = shapes.boxes.map((t, i) => candidates(t, shapes.classes[i], rng));
    // The learner's NMS at every slider stop: kept[iou][score][image].
    const kept = IOU_STOPS.map((iouThreshold) => SCORE_STOPS.map((scoreThreshold) => cands.map((c) =>
      Array.from(m.nonMaxSuppression(c.boxes, c.scores, { iouThreshold, scoreThreshold, maxOutput: c.boxes.length })))));
    const panels: DetectionsPanel[] = cands.map((c, i) => ({
      image: { width: S, height: S, channels: 1, data: Array.from(shapes.images.subarray(i * S * S, (i + 1) * S * S)) },
      caption: `image ${i + 1}: ${shapes.boxes[i].length} objects, ${c.boxes.length} candidates`,
      boxes: c.boxes.map((box, j) => ({ box, label: KINDS[c.classes[j]], classId: c.classes[j], score: c.scores[j] })),
      truth: shapes.boxes[i].map((box, k) => ({ box, label: KINDS[shapes.classes[i][k]] })),
    }));
    const iouIndex = IOU_STOPS.indexOf(0.5), scoreIndex = SCORE_STOPS.indexOf(0.3);
    ctx.emit({ kind: 'detections', chart: 'nmsBoxes', title: 'Candidate boxes before and after your nonMaxSuppression (move the sliders)', panels,
      nms: { iouThresholds: IOU_STOPS, scoreThresholds: SCORE_STOPS, kept, iouIndex, scoreIndex },
      caption: 'The kept sets come from your nonMaxSuppression, run in advance for every slider stop. Dashed white: ground truth; solid: kept; dashed and faded: suppressed; boxes at or below the score threshold are hidden.' });

    // The IoU matrix of image 1's candidates, from the learner's iouMatrix.
    const c0 = cands[0];
    const mat = m.iouMatrix(c0.boxes, c0.boxes).map((r) => Array.from(r));
    const labels = c0.boxes.map((_, j) => `#${j} ${KINDS[c0.classes[j]]} ${c0.scores[j].toFixed(2)}`);
    ctx.emit({ kind: 'matrix', chart: 'iouMatrix', title: "IoU between image 1's candidate boxes (your iouMatrix)", rowLabels: labels, colLabels: labels, values: mat,
      xLabel: 'candidate box (index, class, score)', yLabel: 'candidate box (index, class, score)' });

    // Facts.
    const at = (thr: number, sc: number) => kept[IOU_STOPS.indexOf(thr)][SCORE_STOPS.indexOf(sc)];
    const half = at(0.5, 0.3);
    const objects = shapes.boxes.reduce((a, b) => a + b.length, 0);
    const keptAtHalf = half.reduce((a, k) => a + k.length, 0);
    const everyObjectFoundOnce = shapes.boxes.every((truth, i) => truth.every((t) => half[i].filter((k) => refIou(cands[i].boxes[k], t) >= 0.5).length === 1));
    const total = (thr: number, sc: number) => at(thr, sc).reduce((a, k) => a + k.length, 0);
    let sorted = true, belowThreshold = true;
    IOU_STOPS.forEach((thr, a) => SCORE_STOPS.forEach((_, b) => cands.forEach((c, i) => {
      const k = kept[a][b][i];
      for (let j = 1; j < k.length; j++) if (c.scores[k[j]] > c.scores[k[j - 1]]) sorted = false;
      for (let p = 0; p < k.length; p++) for (let q = p + 1; q < k.length; q++) if (refIou(c.boxes[k[p]], c.boxes[k[q]]) >= thr) belowThreshold = false;
    })));
    let symmetric = true, diagonalOne = true;
    mat.forEach((row, i) => row.forEach((v, j) => { if (Math.abs(v - mat[j][i]) > 1e-9) symmetric = false; if (i === j && Math.abs(v - 1) > 1e-6) diagonalOne = false; }));
    return {
      objects,
      candidates: cands.reduce((a, c) => a + c.boxes.length, 0),
      keptAtHalf,
      everyObjectFoundOnce,
      keptAtLowThreshold: total(0.1, 0.3),
      keptAtHighThreshold: total(0.9, 0.3),
      higherThresholdKeepsMore: total(0.9, 0.3) > total(0.5, 0.3) && total(0.5, 0.3) >= total(0.1, 0.3),
      scoreThresholdDropsFalseAlarms: total(0.5, 0.4) <= total(0.5, 0) && total(0.5, 0) > total(0.5, 0.4),
      keptSortedByScore: sorted,
      keptPairwiseBelowThreshold: belowThreshold,
      iouMatrixSymmetric: symmetric,
      iouMatrixDiagonalOne: diagonalOne,
    };
  },
});
