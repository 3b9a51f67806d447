/**
 * Checks for s4-iou-nms (P0). References: the judge's own IoU (tf has no public IoU op) and
 * tf.image.nonMaxSuppression, which takes boxes as [y1, x1, y2, x2]. tf suppresses at IoU ≥ the
 * threshold, and an IoU exactly at a threshold is float32-fragile, so every NMS input here keeps
 * each pairwise IoU at least 0.01 away from the threshold, and every score away from the score
 * threshold. Swapping x and y keeps every IoU, so passing [x1, y1, x2, y2] to tf cannot be seen in
 * the results: in this plain-TypeScript exercise the no-tf-kernels check is what stops tf.
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, expectClose, fail, gradeRng, mulberry32, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-iou-nms');
export type Box = [number, number, number, number];
interface NmsOpts { iouThreshold: number; scoreThreshold?: number; maxOutput: number }

export const TOUCHING = 'touching boxes counted as overlapping: boxes that share only an edge or a corner have an intersection of width or height 0, so their IoU is 0';
const NO_CLAMP = 'disjoint boxes got a positive IoU: clamp the intersection\'s width and height at 0 (two negative sides multiply into a positive area)';
export const UNSORTED = 'candidates visited in input order: sort them by score, highest first, before the greedy pass';
const TIES = 'equal scores kept the higher index first: tf keeps the lower index first (a stable sort by descending score)';

/** The judge's IoU: corners normalised; a zero-area box has IoU 0 with anything. */
export function refIou(a: Box, b: Box, o: { pixelPlusOne?: boolean; noClamp?: boolean } = {}): number {
  const n = (v: Box): Box => [Math.min(v[0], v[2]), Math.min(v[1], v[3]), Math.max(v[0], v[2]), Math.max(v[1], v[3])];
  const [ax1, ay1, ax2, ay2] = n(a), [bx1, by1, bx2, by2] = n(b);
  const d = o.pixelPlusOne ? 1 : 0;
  const areaA = (ax2 - ax1 + d) * (ay2 - ay1 + d), areaB = (bx2 - bx1 + d) * (by2 - by1 + d);
  if (areaA <= 0 || areaB <= 0) return 0;
  let w = Math.min(ax2, bx2) - Math.max(ax1, bx1) + d, h = Math.min(ay2, by2) - Math.max(ay1, by1) + d;
  if (!o.noClamp) { w = Math.max(0, w); h = Math.max(0, h); }
  const inter = w * h;
  return inter / (areaA + areaB - inter);
}

/** tf.image.nonMaxSuppression on the judge's tf, boxes turned into [y1, x1, y2, x2]. */
export function refNms(boxes: Box[], scores: number[], o: NmsOpts): number[] {
  if (boxes.length === 0 || o.maxOutput === 0) return [];
  return tf.tidy(() => {
    const b = tf.tensor2d(boxes.map(([x1, y1, x2, y2]) => [y1, x1, y2, x2]), [boxes.length, 4]);
    const s = tf.tensor1d(scores);
    return Array.from(tf.image.nonMaxSuppression(b, s, o.maxOutput, o.iouThreshold, o.scoreThreshold ?? Number.NEGATIVE_INFINITY).dataSync());
  });
}

/** Greedy NMS with a named mistake: candidates in input order, or ties broken by the higher index. */
function mistakeNms(boxes: Box[], scores: number[], o: NmsOpts, kind: 'input-order' | 'input-order-sorted' | 'ties-high'): number[] {
  const min = o.scoreThreshold ?? -Infinity;
  const order = scores.map((_, i) => i).filter((i) => scores[i] > min);
  if (kind === 'ties-high') order.sort((i, j) => scores[j] - scores[i] || j - i);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= o.maxOutput) break;
    if (kept.every((k) => refIou(boxes[i], boxes[k]) < o.iouThreshold)) kept.push(i);
  }
  if (kind === 'input-order-sorted') kept.sort((i, j) => scores[j] - scores[i] || i - j);
  return kept;
}

const fmtBox = (b: Box) => `[${b.map((v) => +v.toFixed(3)).join(', ')}]`;
const same = (a: unknown, b: number[]) => Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);

/** The learner's kept indices must equal `expected` exactly; named mistakes lead the message. */
export function expectKept(got: unknown, expected: number[], name: string, mistakes: Array<{ when: number[]; message: string; hintKey?: string }> = []): void {
  if (!Array.isArray(got) && !(ArrayBuffer.isView(got))) fail(`\`${name}\` should return an array of indices, got ${got === undefined ? 'undefined' : typeof got}`, { expected: `[${expected.join(', ')}]` });
  const arr = Array.from(got as ArrayLike<number>);
  if (same(arr, expected)) return;
  const text = `\`${name}\` kept [${arr.join(', ')}], expected [${expected.join(', ')}]`;
  for (const m of mistakes) if (!same(expected, m.when) && same(arr, m.when)) fail(`${m.message} — ${text}`, { expected: `[${expected.join(', ')}]`, actual: `[${arr.join(', ')}]`, hintKey: m.hintKey });
  const sameSet = arr.length === expected.length && [...arr].sort().join() === [...expected].sort().join();
  fail(`${text}${sameSet ? ' — the right boxes in the wrong order: return them best score first' : ''}`, { expected: `[${expected.join(', ')}]`, actual: `[${arr.join(', ')}]` });
}

function nmsMistakes(boxes: Box[], scores: number[], o: NmsOpts) {
  return [
    { when: mistakeNms(boxes, scores, o, 'input-order'), message: UNSORTED, hintKey: 'nms-unsorted' },
    { when: mistakeNms(boxes, scores, o, 'input-order-sorted'), message: UNSORTED, hintKey: 'nms-unsorted' },
    { when: mistakeNms(boxes, scores, o, 'ties-high'), message: TIES, hintKey: 'nms-ties' },
  ];
}

function checkNms(m: M, boxes: Box[], scores: number[], o: NmsOpts, label: string): number[] {
  const expected = refNms(boxes, scores, o);
  const name = `nonMaxSuppression(${label}, ${JSON.stringify(o)})`;
  expectKept(m.nonMaxSuppression(boxes, scores, o), expected, name, nmsMistakes(boxes, scores, o));
  return expected;
}

/** A random box inside [0, 1]², sides 0.1–0.5. */
export function randomBox(rng: Rng): Box {
  const w = 0.1 + 0.4 * rng(), h = 0.1 + 0.4 * rng();
  const x = rng() * (1 - w), y = rng() * (1 - h);
  return [x, y, x + w, y + h];
}

/** Boxes clustered around a few centres (so NMS has work), scores distinct, and a threshold no pairwise IoU is near. */
export function clusteredCase(rng: Rng, n: number): { boxes: Box[]; scores: number[]; iouThreshold: number } {
  const centres = Array.from({ length: 3 }, () => randomBox(rng));
  const boxes: Box[] = Array.from({ length: n }, () => {
    const c = centres[Math.floor(rng() * centres.length)];
    const j = () => (rng() - 0.5) * 0.12;
    const b: Box = [c[0] + j(), c[1] + j(), c[2] + j(), c[3] + j()];
    return b.map((v) => Math.min(1, Math.max(0, v))) as Box;
  });
  const scores = boxes.map(() => Math.round((0.05 + 0.9 * rng()) * 1000) / 1000);
  const ious: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ious.push(refIou(boxes[i], boxes[j]));
  let iouThreshold = 0.5;
  for (let tries = 0; tries < 200; tries++) {
    iouThreshold = Math.round((0.2 + 0.6 * rng()) * 100) / 100;
    if (ious.every((v) => Math.abs(v - iouThreshold) > 0.01)) break;
  }
  return { boxes, scores, iouThreshold };
}

// Two overlapping pairs (0 and 1, 2 and 4) and a lone box 3: kept [0, 4, 3] at IoU threshold 0.5.
// Frozen: a learner that changes its arguments in place (scores.sort()) cannot change them for the
// later checks (the sandbox never writes back into frozen objects); inputs-intact gets fresh copies.
const SET: Box[] = Object.freeze([[0, 0, 0.4, 0.4], [0.05, 0.05, 0.45, 0.45], [0.6, 0.6, 1, 1], [0, 0.6, 0.3, 0.9], [0.62, 0.58, 0.98, 1]].map((b) => Object.freeze(b))) as unknown as Box[];
const SET_SCORES: number[] = Object.freeze([0.9, 0.8, 0.7, 0.6, 0.75]) as unknown as number[];

export default defineChecks<M>({
  checks: [
    {
      id: 'iou-values', name: 'iou on overlapping, contained, identical and disjoint boxes', fn: 'iou',
      run(m) {
        const pairs: Array<[Box, Box]> = [
          [[0, 0, 0.4, 0.4], [0.2, 0.2, 0.6, 0.6]],
          [[0.1, 0.2, 0.5, 0.6], [0.3, 0.1, 0.9, 0.5]],
          [[0.1, 0.1, 0.9, 0.9], [0.3, 0.4, 0.5, 0.6]],
          [[0.25, 0.3, 0.75, 0.55], [0.25, 0.3, 0.75, 0.55]],
          [[0, 0, 0.2, 0.2], [0.5, 0.5, 0.8, 0.9]],
          [[0.6, 0.1, 0.9, 0.3], [0.1, 0.5, 0.3, 0.8]],
        ];
        for (const [a, b] of pairs) {
          const name = `iou(${fmtBox(a)}, ${fmtBox(b)})`;
          expectClose(m.iou(a, b), refIou(a, b), { name, atol: 1e-6, rtol: 1e-6, mistakes: [
            { when: refIou(a, b, { noClamp: true }), message: NO_CLAMP, hintKey: 'iou-disjoint' },
            { when: refIou(a, b, { pixelPlusOne: true }), message: 'the +1 of pixel coordinates does not apply to normalised boxes: width = x2 − x1', hintKey: 'iou-touching' },
            { when: (got) => got[0] > 1 || got[0] < 0, message: 'an IoU is always in [0, 1]: intersection ≤ union' },
          ] });
        }
      },
    },
    {
      id: 'iou-touching', name: 'boxes sharing only an edge or a corner have IoU 0', fn: 'iou',
      run(m) {
        const pairs: Array<[Box, Box]> = [
          [[0, 0, 0.5, 0.5], [0.5, 0, 1, 0.5]],
          [[0.2, 0.1, 0.6, 0.4], [0.2, 0.4, 0.6, 0.9]],
          [[0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1]],
        ];
        for (const [a, b] of pairs) expectClose(m.iou(a, b), 0, { name: `iou(${fmtBox(a)}, ${fmtBox(b)})`, atol: 1e-9, mistakes: [{ when: (got) => got[0] > 0, message: TOUCHING, hintKey: 'iou-touching' }] });
      },
    },
    {
      id: 'iou-zero-area', name: 'zero-area boxes have IoU 0, also two identical ones (not NaN)', fn: 'iou',
      run(m) {
        const nan = { when: (got: number[]) => Number.isNaN(got[0]), message: 'a zero-area box gave NaN (0 / 0): return 0 when either box has no area', hintKey: 'iou-zero-area' };
        expectClose(m.iou([0.3, 0.3, 0.3, 0.3], [0.3, 0.3, 0.3, 0.3]), 0, { name: 'iou of two identical points [0.3, 0.3, 0.3, 0.3]', atol: 1e-9, mistakes: [nan, { when: 1, message: 'two identical zero-area boxes have IoU 0 (tf\'s convention): nothing overlaps', hintKey: 'iou-zero-area' }] });
        expectClose(m.iou([0.2, 0.1, 0.2, 0.6], [0.2, 0.1, 0.2, 0.6]), 0, { name: 'iou of two identical lines [0.2, 0.1, 0.2, 0.6]', atol: 1e-9, mistakes: [nan] });
        expectClose(m.iou([0.4, 0.4, 0.4, 0.4], [0.1, 0.1, 0.8, 0.8]), 0, { name: 'iou of a point inside a box', atol: 1e-9, mistakes: [nan] });
      },
    },
    {
      id: 'iou-flipped-corners', name: 'corners given the wrong way round (x1 > x2, y1 > y2) describe the same box', fn: 'iou',
      run(m) {
        const a: Box = [0.1, 0.2, 0.5, 0.6], b: Box = [0.3, 0.1, 0.9, 0.5];
        const flips: Array<[Box, Box]> = [[[0.5, 0.2, 0.1, 0.6], b], [a, [0.3, 0.5, 0.9, 0.1]], [[0.5, 0.6, 0.1, 0.2], [0.9, 0.5, 0.3, 0.1]]];
        for (const [p, q] of flips) expectClose(m.iou(p, q), refIou(a, b), { name: `iou(${fmtBox(p)}, ${fmtBox(q)})`, atol: 1e-6, rtol: 1e-6, hintKey: 'iou-flipped-corners' });
      },
    },
    {
      id: 'iou-properties', name: "this grade's random boxes: IoU symmetric, in [0, 1], 1 for a box with itself, equal to the judge's", fn: 'iou',
      run(m) {
        const rng = gradeRng();
        for (let k = 0; k < 20; k++) {
          const a = randomBox(rng), b = rng() < 0.3 ? randomBox(rng) : (a.map((v) => v + (rng() - 0.5) * 0.08) as Box);
          const ab = m.iou(a, b), ba = m.iou(b, a);
          const name = `iou(${fmtBox(a)}, ${fmtBox(b)})`;
          expectClose(ab, refIou(a, b), { name, atol: 1e-6, rtol: 1e-6, mistakes: [{ when: refIou(a, b, { noClamp: true }), message: NO_CLAMP, hintKey: 'iou-disjoint' }] });
          if (!(ab >= 0 && ab <= 1)) fail(`${name} = ${ab}: an IoU is always in [0, 1]`);
          if (Math.abs(ab - ba) > 1e-9) fail(`IoU is not symmetric: ${name} = ${ab} but iou(b, a) = ${ba}`, { hintKey: 'iou-properties' });
          expectClose(m.iou(a, a), 1, { name: `iou(${fmtBox(a)}, itself)`, atol: 1e-6 });
        }
      },
    },
    {
      id: 'iou-matrix', name: 'iouMatrix: a.length rows of b.length values, m[i][j] = iou(a[i], b[j]); empty lists', fn: 'iouMatrix',
      run(m) {
        const rng = gradeRng();
        const a = Array.from({ length: 3 }, () => randomBox(rng)), b = [...Array.from({ length: 4 }, () => randomBox(rng)), a[1]];
        const got = m.iouMatrix(a, b);
        const expected = a.map((p) => b.map((q) => refIou(p, q)));
        if (!Array.isArray(got) || got.length !== a.length || got.some((r) => !Array.isArray(r) && !ArrayBuffer.isView(r))) {
          const looksT = Array.isArray(got) && got.length === b.length;
          fail(`\`iouMatrix(3 boxes, 5 boxes)\` should be 3 rows of 5 values, got ${Array.isArray(got) ? `${got.length} rows` : typeof got}${looksT ? ' — rows and columns swapped: one row per box of a' : ''}`, { hintKey: 'iou-matrix' });
        }
        got.forEach((row, i) => {
          if (Array.from(row).length !== b.length) fail(`\`iouMatrix(3 boxes, 5 boxes)\` row ${i} has ${Array.from(row).length} values, expected ${b.length}`, { hintKey: 'iou-matrix' });
          Array.from(row).forEach((v, j) => expectClose(v, expected[i][j], { name: `iouMatrix(a, b)[${i}][${j}]`, atol: 1e-6, rtol: 1e-6 }));
        });
        const e1 = m.iouMatrix([], b);
        if (!Array.isArray(e1) || e1.length !== 0) fail(`\`iouMatrix([], 5 boxes)\` should be [] (no rows), got ${JSON.stringify(e1)}`, { hintKey: 'iou-matrix' });
        const e2 = m.iouMatrix(a, []);
        if (!Array.isArray(e2) || e2.length !== 3 || e2.some((r) => Array.from(r).length !== 0)) fail(`\`iouMatrix(3 boxes, [])\` should be [[], [], []] (3 empty rows), got ${JSON.stringify(e2)}`, { hintKey: 'iou-matrix' });
      },
    },
    {
      id: 'nms-basic', name: 'two overlapping pairs and a lone box at IoU threshold 0.5 keep [0, 4, 3], like tf.image.nonMaxSuppression', fn: 'nonMaxSuppression',
      run(m) {
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.5, maxOutput: 10 }, '5 boxes');
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.9, maxOutput: 10 }, '5 boxes');
      },
    },
    {
      id: 'nms-sorted', name: 'candidates are visited from the highest score down; the result is sorted by score', fn: 'nonMaxSuppression',
      run(m) {
        // The best box of each pair comes second in the input.
        const boxes: Box[] = [[0.1, 0.1, 0.5, 0.5], [0.12, 0.1, 0.52, 0.52], [0.6, 0.5, 0.9, 0.9], [0.58, 0.52, 0.9, 0.92], [0.1, 0.6, 0.3, 0.95]];
        const scores = [0.55, 0.9, 0.3, 0.7, 0.8];
        checkNms(m, boxes, scores, { iouThreshold: 0.5, maxOutput: 5 }, '5 boxes, best of each pair second');
        checkNms(m, boxes, scores, { iouThreshold: 0.5, maxOutput: 2 }, '5 boxes, best of each pair second');
      },
    },
    {
      id: 'nms-score-threshold', name: 'boxes with a score not above scoreThreshold are dropped', fn: 'nonMaxSuppression',
      run(m) {
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.5, scoreThreshold: 0.65, maxOutput: 10 }, '5 boxes');
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.3, scoreThreshold: 0.95, maxOutput: 10 }, '5 boxes');
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.5, scoreThreshold: 0.05, maxOutput: 10 }, '5 boxes');
      },
    },
    {
      id: 'nms-ties', name: 'equal scores keep the lower index first', fn: 'nonMaxSuppression',
      run(m) {
        const boxes: Box[] = [[0.1, 0.1, 0.5, 0.5], [0.6, 0.6, 0.9, 0.9], [0.12, 0.1, 0.5, 0.52], [0.62, 0.6, 0.9, 0.88], [0.1, 0.6, 0.3, 0.9]];
        checkNms(m, boxes, [0.7, 0.7, 0.7, 0.7, 0.7], { iouThreshold: 0.5, maxOutput: 10 }, '5 boxes with equal scores');
        checkNms(m, boxes, [0.4, 0.8, 0.8, 0.8, 0.4], { iouThreshold: 0.5, maxOutput: 10 }, '5 boxes, three tied at 0.8');
      },
    },
    {
      id: 'nms-max-output', name: 'maxOutput caps the result; maxOutput 0 and no boxes give []', fn: 'nonMaxSuppression',
      run(m) {
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.5, maxOutput: 2 }, '5 boxes');
        checkNms(m, SET, SET_SCORES, { iouThreshold: 0.5, maxOutput: 1 }, '5 boxes');
        expectKept(m.nonMaxSuppression(SET, SET_SCORES, { iouThreshold: 0.5, maxOutput: 0 }), [], 'nonMaxSuppression(5 boxes, maxOutput 0)');
        expectKept(m.nonMaxSuppression([], [], { iouThreshold: 0.5, maxOutput: 5 }), [], 'nonMaxSuppression([], [])');
      },
    },
    {
      id: 'nms-random', name: "this grade's clustered boxes match tf.image.nonMaxSuppression; kept boxes sorted, pairwise IoU below the threshold", fn: 'nonMaxSuppression',
      run(m) {
        const rng = gradeRng();
        for (let round = 0; round < 4; round++) {
          const n = 8 + Math.floor(rng() * 10);
          const { boxes, scores, iouThreshold } = clusteredCase(rng, n);
          const scoreThreshold = round % 2 === 1 ? 0.3005 : undefined;
          const o: NmsOpts = { iouThreshold, maxOutput: round === 3 ? 3 : n, ...(scoreThreshold !== undefined ? { scoreThreshold } : {}) };
          // Copies: the properties below read the judge's own arrays.
          const got = Array.from(m.nonMaxSuppression(boxes.map((b) => [...b] as Box), [...scores], { ...o }) as ArrayLike<number>);
          const name = `nonMaxSuppression(${n} clustered boxes, ${JSON.stringify(o)})`;
          for (let i = 1; i < got.length; i++) if (scores[got[i]] > scores[got[i - 1]]) fail(`\`${name}\` is not sorted by score: box ${got[i]} (${scores[got[i]]}) after box ${got[i - 1]} (${scores[got[i - 1]]})`, { hintKey: 'nms-unsorted' });
          for (let i = 0; i < got.length; i++) for (let j = i + 1; j < got.length; j++) {
            const v = refIou(boxes[got[i]], boxes[got[j]]);
            if (v >= iouThreshold) fail(`\`${name}\` kept boxes ${got[i]} and ${got[j]} with IoU ${v.toFixed(3)} ≥ the threshold ${iouThreshold}: the later one should have been suppressed`, { hintKey: 'nms-random' });
          }
          checkNms(m, boxes, scores, o, `${n} clustered boxes`);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'nonMaxSuppression',
      calls: [
        { name: 'iou(a, b)', inputs: () => ({ a: [0.1, 0.2, 0.5, 0.6] as Box, b: [0.3, 0.1, 0.9, 0.5] as Box }), call: (m, i) => m.iou(i.a, i.b) },
        { name: 'iouMatrix(a, b)', inputs: () => ({ a: SET.map((b) => [...b] as Box), b: SET.slice(1).map((b) => [...b] as Box) }), call: (m, i) => m.iouMatrix(i.a, i.b) },
        { name: 'nonMaxSuppression(boxes, scores, o)', inputs: () => ({ boxes: SET.map((b) => [...b] as Box), scores: [...SET_SCORES], o: { iouThreshold: 0.5, scoreThreshold: 0.1, maxOutput: 4 } }), call: (m, i) => m.nonMaxSuppression(i.boxes, i.scores, i.o) },
      ],
      badInputs: [
        { name: 'nonMaxSuppression(5 boxes, 4 scores, …)', call: (m) => m.nonMaxSuppression(SET, SET_SCORES.slice(0, 4), { iouThreshold: 0.5, maxOutput: 5 }), why: 'every box needs a score', mistake: 'boxes and scores of different lengths accepted' },
        { name: 'nonMaxSuppression(…, iouThreshold 1.5)', call: (m) => m.nonMaxSuppression(SET, SET_SCORES, { iouThreshold: 1.5, maxOutput: 5 }), why: 'an IoU threshold is in [0, 1]' },
        { name: 'nonMaxSuppression(…, iouThreshold −0.2)', call: (m) => m.nonMaxSuppression(SET, SET_SCORES, { iouThreshold: -0.2, maxOutput: 5 }), why: 'an IoU threshold is in [0, 1]' },
        { name: 'nonMaxSuppression(…, maxOutput −1)', call: (m) => m.nonMaxSuppression(SET, SET_SCORES, { iouThreshold: 0.5, maxOutput: -1 }), why: 'maxOutput is a non-negative integer' },
      ],
      names: { 'bad-inputs-throw': 'boxes and scores of different lengths, an IoU threshold outside [0, 1] and a negative maxOutput throw' },
      hintKeys: { 'no-tf-kernels': 'nms-no-tf' },
    }),
  ],
});

// Exported for the demo.
export { mulberry32 };
