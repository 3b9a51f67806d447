/**
 * Demo of s4-ssd: the learner's anchors, matching, offsets and hard-negative mining on one seeded
 * shapes image. Views: the anchors of one cell on each feature map (with its grid); the anchors the
 * learner's matchAnchors makes positive, coloured by their gt box; the positive / hard-negative map
 * from the learner's hardNegativeMining. Then the number of positive anchors per gt as the IoU
 * threshold moves (each gt keeps at least its best anchor), and the encode → decode round trip.
 * Everything here is plain numbers: the demo is as fast on both engines.
 */
import { defineDemo, drawShapes } from 'dl-tutor/grading';
import type { PlotEvent } from 'dl-tutor/grading';
import { corners, refIou } from './s4-ssd.check';

type M = typeof import('../solutions/s4-ssd');
type Box = import('../solutions/s4-ssd').Box;
type AnchorRect = Extract<PlotEvent, { kind: 'anchors' }>['views'][number]['rects'][number];

const FS = [8, 4, 2];
const SCALES = [0.12, 0.3, 0.55, 0.8];
const RATIOS = [1, 2, 0.5];
const THRESHOLD = 0.5;
const NEG_POS = 3;

export default defineDemo<M>({
  async run(m, ctx) {
    const size = 64;
    const data = drawShapes({ n: 1, size, kinds: ['circle', 'square', 'triangle', 'cross'], maxObjects: 3, minScale: 0.12, maxScale: 0.5, maxOverlapIoU: 0.05, seed: 4 });
    const gt = data.boxes[0];
    const image = { width: size, height: size, channels: 1 as const, data: Array.from(data.images) };
    const anchors = m.generateAnchors(FS, SCALES, RATIOS);
    const perCell = RATIOS.length + 1;
    const gtRects: AnchorRect[] = gt.map((b, j) => ({ box: b, role: 'gt', gt: j, label: `gt ${j}` }));

    // One view per feature map: the anchors of the cell holding gt 0's centre.
    const cx = (gt[0][0] + gt[0][2]) / 2, cy = (gt[0][1] + gt[0][3]) / 2;
    let offset = 0;
    const mapViews = FS.map((f, k) => {
      const cell = Math.min(f - 1, Math.floor(cy * f)) * f + Math.min(f - 1, Math.floor(cx * f));
      const start = offset + cell * perCell;
      offset += f * f * perCell;
      const rects: AnchorRect[] = anchors.slice(start, start + perCell).map((a, r) => ({ box: corners(a), role: 'anchor', label: r < RATIOS.length ? `ratio ${RATIOS[r]}` : 'extra square' }));
      return { name: `map ${f}×${f}, scale ${SCALES[k]}`, grid: f, rects: [...gtRects, ...rects], caption: `${f * f * perCell} anchors; the ${perCell} of one cell shown` };
    });

    const { matchedGt, positive } = m.matchAnchors(anchors, gt, THRESHOLD);
    const posRects: AnchorRect[] = [];
    anchors.forEach((a, i) => { if (positive[i]) posRects.push({ box: corners(a), role: 'positive', gt: matchedGt[i], label: `anchor ${i} → gt ${matchedGt[i]}` }); });

    // Stand-in for an untrained detector's confidence loss on background: it grows with the overlap.
    const overlap = anchors.map((a) => Math.max(0, ...gt.map((g) => refIou(corners(a), g))));
    const confLoss = overlap.map((v) => Math.round(v * 1000) / 1000);
    const hard = m.hardNegativeMining(confLoss, positive, NEG_POS);
    const hardRects: AnchorRect[] = [];
    anchors.forEach((a, i) => { if (hard[i]) hardRects.push({ box: corners(a), role: 'hard-negative', label: `anchor ${i}, loss ${confLoss[i]}` }); });

    const numPos = Array.from(positive).filter((p) => p).length;
    const numHard = Array.from(hard).filter((p) => p).length;
    ctx.emit({
      kind: 'anchors', chart: 'ssdAnchors', title: `Anchors per feature map (your generateAnchors: ${anchors.length} anchors)`,
      image, views: mapViews,
      caption: `Each map's cell that holds the centre of gt 0; per cell ${RATIOS.length} ratios (${RATIOS.join(', ')}) and one extra square of side √(s_k·s_{k+1}). Small maps carry large anchors.`,
    });
    ctx.emit({
      kind: 'anchors', chart: 'ssdMatching', title: `Matching at IoU ≥ ${THRESHOLD} (your matchAnchors and hardNegativeMining)`,
      image,
      views: [
        { name: `positive anchors, coloured by gt (${numPos})`, rects: [...gtRects, ...posRects] },
        { name: `positives and ${numHard} hard negatives`, rects: [...posRects, ...hardRects], caption: `⌊${NEG_POS}·${numPos}⌋ = ${Math.floor(NEG_POS * numPos)} negatives with the highest loss (stand-in: an anchor's largest IoU with any gt)` },
      ],
      caption: 'Results from your functions on this image. Thick boxes are the gt boxes; thin ones the anchors matched to them in the same colour; dashed red the hard negatives.',
    });

    // Positives per gt as the threshold moves: never 0, thanks to the second pass.
    const thresholds = Array.from({ length: 9 }, (_, i) => 0.3 + 0.05 * i);
    const counts = gt.map(() => [] as number[]);
    const forced: number[] = [];
    for (const t of thresholds) {
      const r = m.matchAnchors(anchors, gt, t);
      gt.forEach((_, j) => counts[j].push(Array.from(r.matchedGt).filter((v) => v === j).length));
      forced.push(gt.filter((_, j) => Math.max(...anchors.map((a) => refIou(corners(a), gt[j]))) < t).length);
    }
    ctx.emit({
      kind: 'lines', chart: 'ssdCounts', title: 'Positive anchors per gt box as the IoU threshold rises (your matchAnchors)',
      xLabel: 'IoU threshold', yLabel: 'positive anchors',
      series: gt.map((b, j) => ({ name: `gt ${j} (${Math.round((b[2] - b[0]) * size)}×${Math.round((b[3] - b[1]) * size)} px)`, x: thresholds, y: counts[j] })),
    });

    // encode → decode round trip on every positive anchor.
    let maxRoundTrip = 0;
    anchors.forEach((a, i) => {
      if (!positive[i]) return;
      const g = gt[matchedGt[i]] as Box;
      const back = m.decodeOffsets(a, m.encodeOffsets(a, g));
      for (let k = 0; k < 4; k++) maxRoundTrip = Math.max(maxRoundTrip, Math.abs(back[k] - g[k]));
    });
    const bestIous = gt.map((g) => Math.max(...anchors.map((a) => refIou(corners(a), g))));
    const facts = {
      numAnchors: anchors.length,
      expectedAnchors: FS.reduce((s, f) => s + f * f * perCell, 0),
      numGt: gt.length,
      numPositive: numPos,
      numHardNegatives: numHard,
      hardNegativesIsMin: numHard === Math.min(Math.floor(NEG_POS * numPos), anchors.length - numPos),
      everyGtMatched: gt.every((_, j) => Array.from(matchedGt).includes(j)),
      minPositivesPerGt: Math.min(...counts.flat()),
      gtBelowThresholdAt07: forced[forced.length - 1],
      smallestBestIou: Math.min(...bestIous),
      gtBelowThreshold: bestIous.filter((v) => v < THRESHOLD).length,
      maxRoundTrip,
    };
    ctx.emit({ kind: 'note', chart: 'ssdCounts', text: `${facts.numAnchors} anchors = Σ f²·(${RATIOS.length} + 1) over maps ${FS.join(', ')}. At IoU ≥ ${THRESHOLD}: ${numPos} positives for ${gt.length} gt boxes, ${numHard} hard negatives; ${facts.gtBelowThreshold} box(es) overlap no anchor by ${THRESHOLD} (best IoU ${facts.smallestBestIou.toFixed(2)}) and keep their best anchor. At threshold 0.7, ${facts.gtBelowThresholdAt07} of the ${gt.length} boxes have no anchor above it and still keep their best anchor. decode(encode(gt)) is off by at most ${maxRoundTrip.toExponential(1)}.` });
    return facts;
  },
});
