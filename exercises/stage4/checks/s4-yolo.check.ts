/**
 * Checks for s4-yolo (P1). tfjs has no detection head, so the references are the judge's own:
 * the encoder and decoder below, and a loss built from tf.losses (sigmoidCrossEntropy summed with
 * per-cell weights for objectness, softmaxCrossEntropy per cell for the classes) plus the masked
 * squared errors on σ(x), σ(y), √w, √h. Detections are compared ignoring their order. Scores are
 * kept well away from the score thresholds.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, expectTensorClose, fail, gradeRng, learnerGrads, mulberry32, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-yolo');
export type Box = [number, number, number, number];
export interface Detection { box: Box; score: number; classId: number }

export const NO_SQRT = 'width and height encoded without the square root: the target channels 3 and 4 hold √w and √h';
export const CENTRE_OUTSIDE = 'a centre at exactly 1.0 was put outside the grid: ⌊1.0·G⌋ = G is one past the last cell, so clamp the cell index to G − 1';
const IMAGE_XY = 'x and y encoded relative to the image: they are the offset inside the cell, cx·G − col';
const ROW_COL = 'rows and columns swapped: the cell is [row][col] with row from y and col from x';
const LAST_WINS = 'two boxes in one cell: the later box replaced the earlier one; the LARGER box wins';
const FIRST_WINS = 'two boxes in one cell: the first box stayed although the second is larger; the LARGER box wins';

interface EncOpts { noClamp?: boolean; noSqrt?: boolean; imageXY?: boolean; swap?: boolean; collision?: 'larger' | 'last' | 'first' }

/** The judge's encoder; the options are the named mistakes (noClamp writes like a Float32Array: out-of-range writes vanish). */
export function refEncode(boxes: Box[], classes: number[], G: number, C: number, o: EncOpts = {}): Float32Array {
  const D = 5 + C;
  const out = new Float32Array(G * G * D);
  const area = new Array<number>(G * G + 2 * G + 2).fill(-1);
  boxes.forEach(([x1, y1, x2, y2], k) => {
    const w = x2 - x1, h = y2 - y1, cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    const cellOf = (c: number) => (o.noClamp ? Math.floor(c * G) : Math.min(G - 1, Math.max(0, Math.floor(c * G))));
    let row = cellOf(cy), col = cellOf(cx);
    const xo = o.imageXY ? cx : cx * G - col, yo = o.imageXY ? cy : cy * G - row;
    if (o.swap) [row, col] = [col, row];
    const cell = row * G + col;
    const pol = o.collision ?? 'larger';
    if (pol === 'larger' && w * h <= area[cell]) return;
    if (pol === 'first' && area[cell] >= 0) return;
    area[cell] = w * h;
    const at = cell * D;
    const set = (i: number, v: number) => { if (at + i < out.length) out[at + i] = v; };
    for (let i = 0; i < D; i++) set(i, 0);
    set(0, 1); set(1, xo); set(2, yo); set(3, o.noSqrt ? w : Math.sqrt(w)); set(4, o.noSqrt ? h : Math.sqrt(h)); set(5 + classes[k], 1);
  });
  return out;
}

/** Logits that decode to exactly the encoded targets: obj ±12, class logits ±12, x/y through the logit. */
export function logitEncode(t: Float32Array, C: number, sharp = 12): Float32Array {
  const D = 5 + C;
  const out = new Float32Array(t.length);
  const logit = (p: number) => Math.log(p / (1 - p));
  for (let cell = 0; cell < t.length / D; cell++) {
    const o = cell * D;
    const has = t[o] === 1;
    out[o] = has ? sharp : -sharp;
    out[o + 1] = has ? logit(Math.min(1 - 1e-6, Math.max(1e-6, t[o + 1]))) : 0;
    out[o + 2] = has ? logit(Math.min(1 - 1e-6, Math.max(1e-6, t[o + 2]))) : 0;
    out[o + 3] = t[o + 3];
    out[o + 4] = t[o + 4];
    for (let c = 0; c < C; c++) out[o + 5 + c] = has ? (t[o + 5 + c] === 1 ? sharp : -sharp) : 0;
  }
  return out;
}

interface DecOpts { noSigmoid?: boolean; noSquare?: boolean; objOnly?: boolean; swap?: boolean }

/** The judge's decoder (plain numbers, float64); the options are the named mistakes. */
export function refDecode(v: ArrayLike<number>, [B, G, , D]: number[], thr: number, o: DecOpts = {}): Detection[][] {
  const C = D - 5;
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const out: Detection[][] = [];
  for (let b = 0; b < B; b++) {
    const dets: Detection[] = [];
    for (let row = 0; row < G; row++) for (let col = 0; col < G; col++) {
      const at = ((b * G + row) * G + col) * D;
      const logits = Array.from({ length: C }, (_, c) => v[at + 5 + c]);
      const mx = Math.max(...logits);
      const ex = logits.map((z) => Math.exp(z - mx));
      const sum = ex.reduce((a, e) => a + e, 0);
      let classId = 0;
      for (let c = 1; c < C; c++) if (ex[c] > ex[classId]) classId = c;
      const score = sig(v[at]) * (o.objOnly ? 1 : ex[classId] / sum);
      if (!(score > thr)) continue;
      const [r, cc] = o.swap ? [col, row] : [row, col];
      const sx = o.noSigmoid ? v[at + 1] : sig(v[at + 1]), sy = o.noSigmoid ? v[at + 2] : sig(v[at + 2]);
      const cx = (cc + sx) / G, cy = (r + sy) / G;
      const w = o.noSquare ? v[at + 3] : v[at + 3] ** 2, h = o.noSquare ? v[at + 4] : v[at + 4] ** 2;
      dets.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, classId });
    }
    out.push(dets);
  }
  return out;
}

/** Do two detection lists agree, ignoring order? Returns a description of the first difference, or null. */
function diffDetections(got: unknown, exp: Detection[][], tol: number): string | null {
  if (!Array.isArray(got)) return `expected an array with one detection list per image, got ${typeof got}`;
  if (got.length !== exp.length) return `${got.length} detection lists for ${exp.length} images`;
  for (let b = 0; b < exp.length; b++) {
    const g = got[b] as Detection[];
    if (!Array.isArray(g)) return `image ${b}: expected an array of detections, got ${typeof g}`;
    if (g.length !== exp[b].length) return `image ${b}: ${g.length} detections, expected ${exp[b].length}`;
    const used = new Set<number>();
    for (const e of exp[b]) {
      const k = g.findIndex((d, i) => !used.has(i) && d && Array.isArray(d.box) && d.classId === e.classId && d.box.every((v, j) => Math.abs(v - e.box[j]) <= tol));
      if (k < 0) return `image ${b}: no detection of class ${e.classId} with box [${e.box.map((x) => x.toFixed(4)).join(', ')}] (got ${g.map((d) => `class ${d?.classId} [${(d?.box ?? []).map((x) => Number(x).toFixed(4)).join(', ')}]`).join('; ') || 'none'})`;
      used.add(k);
      if (!(Math.abs(g[k].score - e.score) <= tol)) return `image ${b}: the class-${e.classId} detection at [${e.box.map((x) => x.toFixed(4)).join(', ')}] has score ${g[k].score}, expected ${e.score.toFixed(6)}`;
    }
  }
  return null;
}

function expectDetections(got: unknown, exp: Detection[][], name: string, mistakes: Array<{ when: Detection[][]; message: string; hintKey?: string }> = [], tol = 1e-5): void {
  const d = diffDetections(got, exp, tol);
  if (!d) return;
  for (const m of mistakes) if (diffDetections(m.when, exp, tol) && !diffDetections(got, m.when, tol)) fail(`${m.message} — \`${name}\`: ${d}`, { hintKey: m.hintKey });
  fail(`\`${name}\`: ${d}`);
}

function decodeMistakes(v: ArrayLike<number>, shape: number[], thr: number) {
  return [
    { when: refDecode(v, shape, thr, { noSigmoid: true }), message: 'x and y used without the sigmoid: the head predicts logits, the offset inside the cell is σ(x)', hintKey: 'decode-sigmoid' },
    { when: refDecode(v, shape, thr, { noSquare: true }), message: 'width and height not squared: the head predicts √w and √h, so w = (√w)²', hintKey: 'yolo-sqrt' },
    { when: refDecode(v, shape, thr, { objOnly: true }), message: 'score = σ(obj) alone: multiply by the largest class probability', hintKey: 'decode-score' },
    { when: refDecode(v, shape, thr, { swap: true }), message: ROW_COL, hintKey: 'yolo-row-col' },
  ];
}

interface LossOpts { meanCells?: boolean; sumBatch?: boolean; noObjAll?: boolean; rawXY?: boolean; coordAll?: boolean }

/** The judge's loss: tf.losses for objectness and classes, masked squared errors for the box. */
export function refLoss(target: tf.Tensor4D, pred: tf.Tensor4D, lc: number, ln: number, o: LossOpts = {}): tf.Scalar {
  return tf.tidy(() => {
    const [B, G, , D] = target.shape;
    const C = D - 5;
    const part = (t: tf.Tensor4D, s: number, n: number) => t.slice([0, 0, 0, s], [-1, -1, -1, n]);
    const tObj = part(target, 0, 1);
    const w = o.noObjAll ? tf.fill(tObj.shape, ln) : tf.add(tObj, tf.mul(tf.sub(1, tObj), ln));
    const objLoss = tf.losses.sigmoidCrossEntropy(tObj, part(pred, 0, 1), w, 0, tf.Reduction.SUM);
    const mask = o.coordAll ? tf.onesLike(tObj) : tObj;
    const pxy = o.rawXY ? part(pred, 1, 2) : tf.sigmoid(part(pred, 1, 2));
    const sq = tf.add(tf.sum(tf.square(tf.sub(pxy, part(target, 1, 2))), -1, true), tf.sum(tf.square(tf.sub(part(pred, 3, 2), part(target, 3, 2))), -1, true));
    const coord = tf.mul(lc, tf.sum(tf.mul(mask, sq)));
    const ce = tf.losses.softmaxCrossEntropy(part(target, 5, C).reshape([-1, C]), part(pred, 5, C).reshape([-1, C]), undefined, 0, tf.Reduction.NONE);
    const cls = tf.sum(tf.mul(tObj.reshape([-1]), ce));
    const total = tf.addN([coord, objLoss, cls]);
    const div = o.sumBatch ? 1 : B;
    return tf.div(total, o.meanCells ? div * G * G : div) as tf.Scalar;
  });
}

function lossMistakes(t: tf.Tensor4D, p: tf.Tensor4D, lc: number, ln: number) {
  const B = t.shape[0];
  return [
    { when: () => refLoss(t, p, lc, ln, { meanCells: true }), message: 'averaged over the cells: the loss is SUMMED over the cells (and averaged over the batch)', hintKey: 'loss-sum-cells' },
    ...(B > 1 ? [{ when: () => refLoss(t, p, lc, ln, { sumBatch: true }), message: `summed over the batch: divide the sum by the batch size (${B})`, hintKey: 'loss-batch-mean' }] : []),
    { when: () => refLoss(t, p, lc, ln, { noObjAll: true }), message: 'lambdaNoObj applied to every cell: it weighs only the objectness of cells WITHOUT an object', hintKey: 'loss-noobj' },
    { when: () => refLoss(t, p, lc, ln, { rawXY: true }), message: 'x and y compared without the sigmoid: the squared error is on σ(px) − x', hintKey: 'decode-sigmoid' },
    { when: () => refLoss(t, p, lc, ln, { coordAll: true }), message: 'the box error counted on every cell: only cells with an object (target obj = 1) have a box to fit', hintKey: 'loss-grad-masked' },
  ];
}

/** Random distinct-cell boxes, classes and a random prediction tensor. */
export function randomScene(rng: Rng, G: number, C: number, n: number): { boxes: Box[]; classes: number[] } {
  const boxes: Box[] = [], classes: number[] = [], used = new Set<number>();
  for (let tries = 0; boxes.length < n && tries < 200; tries++) {
    const w = 0.1 + 0.4 * rng(), h = 0.1 + 0.4 * rng();
    const cx = w / 2 + rng() * (1 - w), cy = h / 2 + rng() * (1 - h);
    const cell = Math.floor(cy * G) * G + Math.floor(cx * G);
    if (used.has(cell)) continue;
    used.add(cell);
    boxes.push([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]);
    classes.push(Math.floor(rng() * C));
  }
  return { boxes, classes };
}

function targetsTensor(scenes: Array<{ boxes: Box[]; classes: number[] }>, G: number, C: number): tf.Tensor4D {
  const D = 5 + C;
  const all = new Float32Array(scenes.length * G * G * D);
  scenes.forEach((s, b) => all.set(refEncode(s.boxes, s.classes, G, C), b * G * G * D));
  return tf.tensor4d(all, [scenes.length, G, G, D]);
}

function randomPred(rng: Rng, shape: [number, number, number, number]): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Array.from({ length: n }, () => 3 * (rng() - 0.5)), shape);
}

const fmtBoxes = (b: Box[]) => `[${b.map((x) => `[${x.map((v) => +v.toFixed(4)).join(', ')}]`).join(', ')}]`;

function expectEncode(m: M, boxes: Box[], classes: number[], G: number, C: number, extra: Array<{ when: Float32Array; message: string; hintKey?: string }> = []): void {
  const name = `encodeYoloTargets(${fmtBoxes(boxes)}, [${classes.join(', ')}], ${G}, ${C})`;
  const got = m.encodeYoloTargets(boxes, classes, G, C);
  const want = refEncode(boxes, classes, G, C);
  if (!(got instanceof Float32Array)) fail(`\`${name}\` should return a Float32Array of ${want.length} values (grid·grid·(5 + C)), got ${got === undefined ? 'undefined' : Array.isArray(got) ? 'an array' : typeof got}`, { hintKey: 'encode-basic' });
  expectTensorClose(got, want, { name, atol: 1e-6, rtol: 1e-5, mistakes: [
    ...extra,
    { when: refEncode(boxes, classes, G, C, { noSqrt: true }), message: NO_SQRT, hintKey: 'yolo-sqrt' },
    { when: refEncode(boxes, classes, G, C, { imageXY: true }), message: IMAGE_XY, hintKey: 'encode-basic' },
    { when: refEncode(boxes, classes, G, C, { swap: true }), message: ROW_COL, hintKey: 'yolo-row-col' },
  ] });
}

/** Call decodeYolo on a tensor made from `v`, then dispose it (decodeYolo returns plain data). */
function decodeOn(m: M, v: Float32Array, shape: number[], G: number, C: number, thr: number): Detection[][] {
  const t = tf.tensor4d(v, shape as [number, number, number, number]);
  try { return m.decodeYolo(t, G, C, thr); } finally { t.dispose(); }
}

export default defineChecks<M>({
  checks: [
    {
      id: 'encode-basic', name: 'encodeYoloTargets: two boxes on a 4×4 grid, 3 classes (obj, in-cell x/y, √w/√h, one-hot)', fn: 'encodeYoloTargets',
      run(m) {
        expectEncode(m, [[0.1, 0.55, 0.3, 0.95], [0.5, 0.05, 0.9, 0.35]], [2, 0], 4, 3);
        expectEncode(m, [[0.3, 0.2, 0.5, 0.3]], [1], 3, 2);
      },
    },
    {
      id: 'encode-centre-one', name: 'a centre at exactly 1.0 goes to the last row or column', fn: 'encodeYoloTargets',
      run(m) {
        const cases: Array<[Box[], number[]]> = [[[[0.75, 0.25, 1.25, 0.5]], [1]], [[[0.25, 0.75, 0.5, 1.25]], [0]], [[[0.75, 0.75, 1.25, 1.25], [0.1, 0.1, 0.3, 0.2]], [2, 1]]];
        for (const [boxes, classes] of cases) {
          expectEncode(m, boxes, classes, 4, 3, [
            { when: refEncode(boxes, classes, 4, 3, { noClamp: true }), message: CENTRE_OUTSIDE, hintKey: 'encode-centre-one' },
          ]);
        }
      },
    },
    {
      id: 'encode-collision', name: 'two centres in one cell: the larger box wins, whichever comes first', fn: 'encodeYoloTargets',
      run(m) {
        const small: Box = [0.1, 0.1, 0.3, 0.3], big: Box = [0.05, 0.0, 0.4, 0.45];
        for (const [boxes, classes] of [[[small, big], [0, 2]], [[big, small], [2, 0]]] as Array<[Box[], number[]]>) {
          expectEncode(m, boxes, classes, 3, 3, [
            { when: refEncode(boxes, classes, 3, 3, { collision: 'last' }), message: LAST_WINS, hintKey: 'encode-collision' },
            { when: refEncode(boxes, classes, 3, 3, { collision: 'first' }), message: FIRST_WINS, hintKey: 'encode-collision' },
          ]);
        }
      },
    },
    {
      id: 'encode-random', name: "this grade's random boxes on grids of 3 to 6 cells", fn: 'encodeYoloTargets',
      run(m) {
        const rng = gradeRng();
        for (let r = 0; r < 4; r++) {
          const G = 3 + Math.floor(rng() * 4), C = 1 + Math.floor(rng() * 4);
          const s = randomScene(rng, G, C, 1 + Math.floor(rng() * 4));
          expectEncode(m, s.boxes, s.classes, G, C);
        }
      },
    },
    {
      id: 'decode-basic', name: 'decodeYolo on a hand-made [2,3,3,7] prediction at two score thresholds', fn: 'decodeYolo',
      run(m) {
        const rng = mulberry32(41);
        const G = 3, C = 2, D = 7;
        const v = new Float32Array(2 * G * G * D);
        for (let i = 0; i < v.length; i++) v[i] = 2 * (rng() - 0.5);
        // Objectness: a few confident cells, the rest clearly below the thresholds.
        const conf = [[0, 0, 2, 3.0], [0, 2, 1, 1.5], [1, 1, 1, 2.5], [1, 2, 0, 0.3]];
        for (let cell = 0; cell < 2 * G * G; cell++) v[cell * D] = -4;
        for (const [b, r, c, z] of conf) {
          const at = ((b * G + r) * G + c) * D;
          v[at] = z;
          v[at + 3] = 0.3 + 0.4 * rng(); v[at + 4] = 0.3 + 0.4 * rng();
          v[at + 5] = 2 * rng(); v[at + 6] = -2 * rng();
          if (r === 1) [v[at + 5], v[at + 6]] = [v[at + 6], v[at + 5]];
        }
        const shape = [2, G, G, D];
        for (const thr of [0.05, 0.3]) {
          const exp = refDecode(v, shape, thr);
          for (const d of exp.flat()) if (Math.abs(d.score - thr) < 0.01) fail(`internal: a score near the threshold (${d.score})`);
          const got = decodeOn(m, v, shape, G, C, thr);
          expectDetections(got, exp, `decodeYolo(pred [2,3,3,7], 3, 2, ${thr})`, decodeMistakes(v, shape, thr));
        }
      },
    },
    {
      id: 'decode-roundtrip', name: "decoding this grade's encoded boxes (as sharp logits) recovers them to 1e-5", fn: 'decodeYolo',
      run(m) {
        const rng = gradeRng();
        for (let r = 0; r < 3; r++) {
          const G = 3 + Math.floor(rng() * 4), C = 2 + Math.floor(rng() * 3), B = 1 + Math.floor(rng() * 2);
          const scenes = Array.from({ length: B }, () => randomScene(rng, G, C, 1 + Math.floor(rng() * 3)));
          const D = 5 + C;
          const v = new Float32Array(B * G * G * D);
          scenes.forEach((s, b) => v.set(logitEncode(refEncode(s.boxes, s.classes, G, C), C), b * G * G * D));
          const shape = [B, G, G, D];
          const got = decodeOn(m, v, shape, G, C, 0.5);
          const exp = refDecode(v, shape, 0.5);
          // The decoded boxes are the scene's boxes.
          scenes.forEach((s, b) => s.boxes.forEach((box) => { if (!exp[b].some((d) => d.box.every((x, j) => Math.abs(x - box[j]) < 1e-5))) fail(`internal: round trip of [${box}]`); }));
          expectDetections(got, exp, `decodeYolo(encoded targets [${shape.join(',')}] as logits, ${G}, ${C}, 0.5)`, decodeMistakes(v, shape, 0.5));
        }
      },
    },
    {
      id: 'loss-value', name: 'yoloLoss matches the judge\'s loss (tf.losses components) on a [2,3,3,8] batch for two lambda settings', fn: 'yoloLoss',
      run(m) {
        const rng = mulberry32(51);
        tf.tidy(() => {
          const G = 3, C = 3;
          const t = targetsTensor([randomScene(rng, G, C, 2), randomScene(rng, G, C, 3)], G, C);
          const p = randomPred(rng, [2, G, G, 5 + C]);
          for (const [lc, ln] of [[5, 0.5], [1, 2]]) {
            expectClose(m.yoloLoss(t, p, { lambdaCoord: lc, lambdaNoObj: ln }), refLoss(t, p, lc, ln).dataSync()[0], { name: `yoloLoss(target [2,3,3,8], pred, { lambdaCoord: ${lc}, lambdaNoObj: ${ln} })`, atol: 1e-4, rtol: 1e-4,
              mistakes: lossMistakes(t, p, lc, ln) });
          }
        });
      },
    },
    {
      id: 'loss-random', name: "yoloLoss on this grade's random targets, predictions and lambdas", fn: 'yoloLoss',
      run(m) {
        const rng = gradeRng();
        tf.tidy(() => {
          for (let r = 0; r < 3; r++) {
            const G = 2 + Math.floor(rng() * 4), C = 1 + Math.floor(rng() * 4), B = 1 + Math.floor(rng() * 3);
            const t = targetsTensor(Array.from({ length: B }, () => randomScene(rng, G, C, 1 + Math.floor(rng() * 3))), G, C);
            const p = randomPred(rng, [B, G, G, 5 + C]);
            const lc = 0.5 + 5 * rng(), ln = 0.1 + rng();
            expectClose(m.yoloLoss(t, p, { lambdaCoord: lc, lambdaNoObj: ln }), refLoss(t, p, lc, ln).dataSync()[0], { name: `yoloLoss(target [${t.shape}], pred, { lambdaCoord: ${lc.toFixed(3)}, lambdaNoObj: ${ln.toFixed(3)} })`, atol: 1e-4, rtol: 1e-4,
              mistakes: lossMistakes(t, p, lc, ln) });
          }
        });
      },
    },
    {
      id: 'loss-perfect', name: 'a perfect prediction (targets as sharp logits) has loss ≈ 0', fn: 'yoloLoss',
      run(m) {
        const rng = gradeRng();
        tf.tidy(() => {
          const G = 4, C = 3, D = 8;
          const scenes = [randomScene(rng, G, C, 3), randomScene(rng, G, C, 2)];
          const t = targetsTensor(scenes, G, C);
          const v = new Float32Array(2 * G * G * D);
          scenes.forEach((s, b) => v.set(logitEncode(refEncode(s.boxes, s.classes, G, C), C, 30), b * G * G * D));
          const loss = m.yoloLoss(t, tf.tensor4d(v, [2, G, G, D]), { lambdaCoord: 5, lambdaNoObj: 0.5 });
          expectClose(loss, 0, { name: 'yoloLoss(target, perfect prediction)', atol: 1e-3, hintKey: 'loss-perfect',
            mistakes: [{ when: (g) => g[0] > 1e-3, message: 'the loss of a perfect prediction should be ≈ 0: look for a term that does not vanish (σ missing on x/y, MSE on the objectness probability against a logit, class loss on empty cells…)', hintKey: 'loss-perfect' }] });
        });
      },
    },
    {
      id: 'loss-grad-masked', name: 'tf.grad of the loss is 0 on the box channels of cells without an object, and matches the judge\'s elsewhere', fn: 'yoloLoss',
      run(m) {
        const rng = gradeRng();
        const G = 3, C = 2, D = 7;
        const t = targetsTensor([randomScene(rng, G, C, 2), randomScene(rng, G, C, 1)], G, C);
        const p = randomPred(rng, [2, G, G, D]);
        const o = { lambdaCoord: 5, lambdaNoObj: 0.5 };
        const { value, grads } = learnerGrads(m.yoloLoss, [t, p, o], [1]);
        const g = grads[0].dataSync(), tv = t.dataSync();
        for (let cell = 0; cell < 2 * G * G; cell++) {
          if (tv[cell * D] === 1) continue;
          for (let ch = 1; ch <= 4; ch++) {
            if (Math.abs(g[cell * D + ch]) > 1e-6) {
              const b = Math.floor(cell / (G * G)), r = Math.floor((cell % (G * G)) / G), c = cell % G;
              fail(`∂loss/∂pred[${b}, ${r}, ${c}, ${ch}] = ${g[cell * D + ch].toFixed(5)} but cell [${r}][${c}] of image ${b} has no object: the box error must be masked by the target's obj (coordinate gradients there are 0)`, { hintKey: 'loss-grad-masked' });
            }
          }
        }
        const want = tf.grad((q: tf.Tensor) => refLoss(t, q as tf.Tensor4D, o.lambdaCoord, o.lambdaNoObj))(p);
        expectTensorClose(grads[0], want, { name: '∂yoloLoss/∂pred', atol: 1e-4, rtol: 1e-3 });
        tf.dispose([value, ...grads, want, t, p]);
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'yoloLoss',
      calls: [
        { name: 'decodeYolo(pred, 3, 2, 0.3)', inputs: () => ({ pred: randomPred(mulberry32(7), [2, 3, 3, 7]) }), call: (m, i) => m.decodeYolo(i.pred, 3, 2, 0.3) },
        { name: 'yoloLoss(target, pred, o)', inputs: () => ({ target: targetsTensor([randomScene(mulberry32(8), 3, 2, 2)], 3, 2), pred: randomPred(mulberry32(9), [1, 3, 3, 7]) }), call: (m, i) => m.yoloLoss(i.target, i.pred, { lambdaCoord: 5, lambdaNoObj: 0.5 }) },
      ],
      badInputs: [
        { name: 'encodeYoloTargets(2 boxes, 1 class, 4, 3)', call: (m) => m.encodeYoloTargets([[0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1]], [0], 4, 3), why: 'every box needs a class', mistake: 'boxes and classes of different lengths accepted' },
        { name: 'encodeYoloTargets(…, class 3 with numClasses 3)', call: (m) => m.encodeYoloTargets([[0, 0, 0.5, 0.5]], [3], 4, 3), why: 'class ids are 0 … numClasses − 1', mistake: 'a class id out of range would write into the next cell' },
        { name: 'decodeYolo(pred [1,3,3,7], 3, 3, 0.5)', call: (m) => decodeOn(m, new Float32Array(63), [1, 3, 3, 7], 3, 3, 0.5), why: 'pred must have 5 + numClasses channels' },
        { name: 'yoloLoss(target [1,3,3,7], pred [1,4,4,7])', call: (m) => tf.tidy(() => m.yoloLoss(tf.zeros([1, 3, 3, 7]), tf.zeros([1, 4, 4, 7]), { lambdaCoord: 5, lambdaNoObj: 0.5 })), why: 'target and pred must have the same shape' },
      ],
      names: { 'bad-inputs-throw': 'boxes and classes of different lengths, a class out of range, a pred of the wrong depth and mismatched shapes throw' },
    }),
  ],
});
