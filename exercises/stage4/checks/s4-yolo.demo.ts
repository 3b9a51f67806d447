/**
 * Demo of s4-yolo, on the learner's encodeYoloTargets, decodeYolo and yoloLoss:
 * 1. the grid: drawShapes images with their 4×4 grid, the responsible cells from the learner's
 *    encoding and the boxes the learner's decoder recovers from those targets (as sharp logits);
 * 2. a short live training of a YOLO-lite (four small convolutions down to a 4×4×(5 + C) head) on
 *    32×32 shapes with the learner's targets and loss: the loss per step, and the learner's decoded
 *    boxes on validation images at a few points during training;
 * 3. the final detections with tf.image.nonMaxSuppression precomputed for every slider stop;
 * 4. facts: decode(encode) recovers the boxes, the loss falls, objects are found on held-out images.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes, mulberry32, shuffleInPlace } from 'dl-tutor/grading';
import type { DetectionsPanel, ShapeKind } from 'dl-tutor/grading';
import { logitEncode } from './s4-yolo.check';

type M = typeof import('../solutions/s4-yolo');
type Box = [number, number, number, number];

const KINDS: ShapeKind[] = ['circle', 'square', 'triangle', 'cross'];
const C = KINDS.length, G = 4, D = 5 + C;

/** decodeYolo on a tensor the demo disposes afterwards (decodeYolo returns plain data). */
function decodeOwned(m: M, t: tf.Tensor4D, thr: number): ReturnType<M['decodeYolo']> {
  try { return m.decodeYolo(t, G, C, thr); } finally { t.dispose(); }
}
const IOU_STOPS = Array.from({ length: 19 }, (_, i) => Math.round((0.05 + 0.05 * i) * 100) / 100);
const SCORE_STOPS = Array.from({ length: 10 }, (_, i) => Math.round(0.1 * i * 100) / 100);

export function yoloDemoSizes(engine: 'tensorflow' | 'cpu'): { size: number; train: number; val: number; steps: number; batch: number; shown: number } {
  return engine === 'cpu' ? { size: 16, train: 64, val: 16, steps: 8, batch: 16, shown: 4 } : { size: 32, train: 768, val: 64, steps: 250, batch: 32, shown: 4 };
}

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])), h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const i = w * h, u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i;
  return u > 0 ? i / u : 0;
}

/** YOLO-lite: S×S×1 → 4×4×(5 + C): 3×3 convolutions and 2×2 max pools down to the grid, a 1×1 head. */
function buildYoloLite(S: number, seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const conv = (filters: number, k: number, i: number, act: 'relu' | 'linear' = 'relu') => tf.layers.conv2d({ filters, kernelSize: k, padding: 'same', activation: act, kernelInitializer: init(i) });
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [S, S, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(0) }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    conv(16, 3, 1), tf.layers.maxPooling2d({ poolSize: 2 }),
    ...(S >= 32 ? [conv(32, 3, 2), tf.layers.maxPooling2d({ poolSize: 2 })] : []),
    conv(32, 3, 3),
    conv(D, 1, 4, 'linear'),
  ] });
}

export default defineDemo<M>({
  async run(m, ctx) {
    const { size: S, train, val, steps, batch, shown } = yoloDemoSizes(ctx.engine);
    if (ctx.engine === 'cpu') ctx.emit({ kind: 'note', chart: 'engineNote', text: `The native engine (tfjs-node) is much faster; on the pure-JS engine the demo trains on ${train} images of ${S}×${S} pixels for ${steps} steps instead of 768 images of 32×32 for 250 steps, so the boxes stay rough.` });
    const t0 = Date.now();
    let stepsMs = 0;
    const data = drawShapes({ n: train + val, size: S, kinds: KINDS, maxObjects: 2, rotate: false, maxOverlapIoU: 0.1, minScale: 0.35, maxScale: 0.6, seed: 21 });
    const P = S * S;
    const image = (i: number) => ({ width: S, height: S, channels: 1 as const, data: Array.from(data.images.subarray(i * P, (i + 1) * P), (v) => Math.round(v * 100) / 100) });

    // Targets from the learner's encoder.
    const targets = new Float32Array((train + val) * G * G * D);
    for (let i = 0; i < train + val; i++) targets.set(m.encodeYoloTargets(data.boxes[i], data.classes[i], G, C), i * G * G * D);

    // 1. The grid, the responsible cells and decode(encode).
    const showIdx = Array.from({ length: shown }, (_, k) => train + k);
    const sharp = new Float32Array(shown * G * G * D);
    showIdx.forEach((i, k) => sharp.set(logitEncode(targets.subarray(i * G * G * D, (i + 1) * G * G * D), C), k * G * G * D));
    const recovered = decodeOwned(m, tf.tensor4d(sharp, [shown, G, G, D]), 0.5);
    let decodeRecoversBoxes = true;
    const gridPanels: DetectionsPanel[] = showIdx.map((i, k) => {
      const cells: Array<[number, number]> = [];
      for (let r = 0; r < G; r++) for (let c = 0; c < G; c++) if (targets[((i * G + r) * G + c) * D] === 1) cells.push([r, c]);
      const dets = recovered[k] ?? [];
      if (dets.length !== data.boxes[i].length || !data.boxes[i].every((b) => dets.some((d) => d.box.every((v, j) => Math.abs(v - b[j]) < 1e-4)))) decodeRecoversBoxes = false;
      return { image: image(i), caption: `${cells.length} responsible cell${cells.length === 1 ? '' : 's'}`, grid: { size: G, cells },
        boxes: dets.map((d) => ({ box: d.box, label: KINDS[d.classId], classId: d.classId, score: +d.score.toFixed(3) })),
        truth: data.boxes[i].map((box, j) => ({ box, label: KINDS[data.classes[i][j]] })) };
    });
    ctx.emit({ kind: 'detections', chart: 'yoloGrid', title: 'The 4×4 grid: responsible cells (your encodeYoloTargets) and the boxes your decodeYolo recovers from them', panels: gridPanels,
      caption: 'Green cells hold an object\'s centre and carry its target. The boxes are your decodeYolo applied to those targets written as sharp logits; they sit on the dashed ground truth.' });

    // 2. Training with the learner's loss.
    const x = tf.tensor4d(data.images.subarray(0, train * P), [train, S, S, 1]);
    const y = tf.tensor4d(targets.subarray(0, train * G * G * D), [train, G, G, D]);
    const xVal = tf.tensor4d(data.images.subarray(train * P), [val, S, S, 1]);
    const yVal = tf.tensor4d(targets.subarray(train * G * G * D), [val, G, G, D]);
    const model = buildYoloLite(S, 3);
    const params = model.countParams();
    const opt = tf.train.adam(0.005);
    const lossOpts = { lambdaCoord: 5, lambdaNoObj: 0.5 };
    const rng = mulberry32(5);
    let order: number[] = [];
    const losses: number[] = [];
    const valLoss = () => tf.tidy(() => m.yoloLoss(yVal, model.predict(xVal) as tf.Tensor4D, lossOpts).dataSync()[0]);
    const detect = (thr: number) => decodeOwned(m, tf.tidy(() => model.predict(xVal.slice([0, 0, 0, 0], [shown, -1, -1, -1])) as tf.Tensor4D), thr);
    const boxesPanel = (step: number, dets: ReturnType<typeof detect>): DetectionsPanel[] => showIdx.map((i, k) => ({
      image: image(i), caption: `validation image ${k + 1}`,
      boxes: (dets[k] ?? []).map((d) => ({ box: d.box.map((v) => +v.toFixed(4)) as Box, label: KINDS[d.classId], classId: d.classId, score: +d.score.toFixed(3) })),
      truth: data.boxes[i].map((box, j) => ({ box, label: KINDS[data.classes[i][j]] })),
    }));
    const initialVal = valLoss();
    ctx.emit({ kind: 'detections', chart: 'yoloBefore', title: `Before training: your decodeYolo on the untrained YOLO-lite (${params.toLocaleString('en-US')} parameters), score > 0.3`, panels: boxesPanel(0, detect(0.3)),
      caption: 'Random weights give random, low-confidence boxes.' });
    const checkpoints = new Set([Math.round(steps / 5), Math.round((2 * steps) / 5), Math.round((3 * steps) / 5), Math.round((4 * steps) / 5)]);
    for (let step = 1; step <= steps; step++) {
      const ts = Date.now();
      if (order.length < batch) order = shuffleInPlace(Array.from({ length: train }, (_, i) => i), rng);
      const idx = order.splice(0, batch);
      const l = tf.tidy(() => {
        const ix = tf.tensor1d(idx, 'int32');
        const xb = tf.gather(x, ix), yb = tf.gather(y, ix);
        const cost = opt.minimize(() => m.yoloLoss(yb as tf.Tensor4D, model.apply(xb, { training: true }) as tf.Tensor4D, lossOpts), true);
        return cost!.dataSync()[0];
      });
      losses.push(l);
      stepsMs += Date.now() - ts;
      if (step % 10 === 0 || step === 1 || steps < 50) ctx.emit({ kind: 'epoch', chart: 'yoloLoss', title: `Your yoloLoss while YOLO-lite trains (batch of ${batch})`, epoch: step, values: { loss: l }, xLabel: 'step', yLabel: 'loss (summed over cells, mean over the batch)' });
      if (checkpoints.has(step)) {
        ctx.emit({ kind: 'detections', chart: 'yoloAfter', title: `During training, step ${step} of ${steps}: your decodeYolo on validation images, score > 0.3`, panels: boxesPanel(step, detect(0.3)) });
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    const trainMs = Date.now() - t0;

    // 3. Final detections, every slider stop precomputed (NMS: tf.image.nonMaxSuppression, boxes as [y1, x1, y2, x2]).
    const finalDets = detect(0.01);
    const panels = boxesPanel(steps, finalDets);
    const kept = IOU_STOPS.map((iouThreshold) => SCORE_STOPS.map((scoreThreshold) => panels.map((p) => {
      if (p.boxes.length === 0) return [];
      return tf.tidy(() => Array.from(tf.image.nonMaxSuppression(tf.tensor2d(p.boxes.map((b) => [b.box[1], b.box[0], b.box[3], b.box[2]])), tf.tensor1d(p.boxes.map((b) => b.score ?? 0)),
        p.boxes.length, iouThreshold, scoreThreshold).dataSync()));
    })));
    ctx.emit({ kind: 'detections', chart: 'yoloAfter', title: `After ${steps} steps: your decodeYolo on validation images, then non-max suppression (move the sliders)`, panels,
      nms: { iouThresholds: IOU_STOPS, scoreThresholds: SCORE_STOPS, kept, iouIndex: IOU_STOPS.indexOf(0.5), scoreIndex: SCORE_STOPS.indexOf(0.3) },
      caption: 'Boxes and scores come from your decodeYolo on the trained model (every cell with a score above 0.01); the kept sets are tf.image.nonMaxSuppression, run in advance for every slider stop. Dashed: ground truth.' });

    // 4. Facts on the validation images: each object found at IoU ≥ 0.5 with the right class, at score > 0.3 after NMS 0.5.
    const all = decodeOwned(m, model.predict(xVal) as tf.Tensor4D, 0.3);
    let objects = 0, found = 0, foundAnyClass = 0, detections = 0, objCellsRight = 0;
    all.forEach((dets, k) => {
      const i = train + k;
      const keep = dets.length ? tf.tidy(() => Array.from(tf.image.nonMaxSuppression(tf.tensor2d(dets.map((d) => [d.box[1], d.box[0], d.box[3], d.box[2]])), tf.tensor1d(dets.map((d) => d.score)), dets.length, 0.5).dataSync())) : [];
      const ds = keep.map((j) => dets[j]);
      detections += ds.length;
      data.boxes[i].forEach((b, j) => {
        objects++;
        if (ds.some((d) => iou(d.box, b) >= 0.5 && d.classId === data.classes[i][j])) found++;
        if (ds.some((d) => iou(d.box, b) >= 0.5)) foundAnyClass++;
      });
    });
    const predVal = tf.tidy(() => tf.sigmoid((model.predict(xVal) as tf.Tensor4D).slice([0, 0, 0, 0], [-1, -1, -1, 1])).dataSync());
    const tv = yVal.dataSync();
    for (let c = 0; c < val * G * G; c++) if ((predVal[c] > 0.5) === (tv[c * D] === 1)) objCellsRight++;
    const finalVal = valLoss();
    const first10 = losses.slice(0, 10).reduce((a, b) => a + b, 0) / 10, last10 = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    tf.dispose([x, y, xVal, yVal]);
    model.dispose();
    opt.dispose();
    return {
      params,
      steps,
      trainMs,
      stepsMs,
      decodeRecoversBoxes,
      firstLoss: +first10.toFixed(3),
      lastLoss: +last10.toFixed(3),
      lossFalls: last10 < 0.5 * first10,
      initialValLoss: +initialVal.toFixed(3),
      finalValLoss: +finalVal.toFixed(3),
      valLossFalls: finalVal < 0.6 * initialVal,
      objectnessCellAccuracy: +(objCellsRight / (val * G * G)).toFixed(3),
      objects,
      detections,
      recallAtHalf: +(found / objects).toFixed(3),
      localisedAtHalf: +(foundAnyClass / objects).toFixed(3),
    };
  },
});
