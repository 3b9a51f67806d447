/**
 * Checks for s4-ssd (P0). tf has no anchors, matching or offsets, so the references are the
 * grader's own implementations of the standard SSD formulas, below. Every named mistake is a
 * variant of the reference run on the same inputs: when the learner's answer equals one, the
 * failure names it. Random cases are drawn per grade and redrawn when an IoU lies within 1e-6 of
 * the threshold or of the runner-up (float rounding must never decide a verdict).
 */
import { defineChecks, expectClose, fail, gradeRng, standardChecks } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-ssd');
type Box = import('../solutions/s4-ssd').Box;
type CenterBox = import('../solutions/s4-ssd').CenterBox;
type Quad = [number, number, number, number];

const DEFAULT_V: Quad = [0.1, 0.1, 0.2, 0.2];

// ---------------------------------------------------------------- the grader's references
export interface AnchorOpts { extra?: 'geo' | 'sk' | 'sk1' | 'none'; swapWH?: boolean; noHalf?: boolean; swapXY?: boolean; extraFirst?: boolean; ratioMajor?: boolean }
export function refAnchors(fs: number[], scales: number[], ratios: number[], o: AnchorOpts = {}): CenterBox[] {
  const out: CenterBox[] = [];
  fs.forEach((f, k) => {
    const s = scales[k];
    const side = o.extra === 'sk' ? s : o.extra === 'sk1' ? scales[k + 1] : Math.sqrt(s * scales[k + 1]);
    const cells: Array<[number, number]> = [];
    for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) {
      const off = o.noHalf ? 0 : 0.5;
      cells.push(o.swapXY ? [(i + off) / f, (j + off) / f] : [(j + off) / f, (i + off) / f]);
    }
    const shapes: Array<[number, number]> = ratios.map((a) => (o.swapWH ? [s / Math.sqrt(a), s * Math.sqrt(a)] : [s * Math.sqrt(a), s / Math.sqrt(a)]));
    if (o.extra !== 'none') {
      if (o.extraFirst) shapes.unshift([side, side]); else shapes.push([side, side]);
    }
    if (o.ratioMajor) {
      for (const [w, h] of shapes) for (const [cx, cy] of cells) out.push([cx, cy, w, h]);
    } else {
      for (const [cx, cy] of cells) for (const [w, h] of shapes) out.push([cx, cy, w, h]);
    }
  });
  return out;
}

export const corners = (c: CenterBox): Box => [c[0] - c[2] / 2, c[1] - c[3] / 2, c[0] + c[2] / 2, c[1] + c[3] / 2];
export function refIou(a: Box, b: Box): number {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

export interface MatchOpts { noForce?: boolean; firstGtWins?: boolean; firstAboveThreshold?: boolean; forceOnlyUnmatched?: boolean; noThreshold?: boolean }
export function refMatch(anchors: CenterBox[], gt: Box[], thr: number, o: MatchOpts = {}): Int32Array {
  const n = anchors.length;
  const matched = new Int32Array(n).fill(-1);
  if (gt.length === 0) return matched;
  const ov = anchors.map((a) => gt.map((g) => refIou(corners(a), g)));
  if (!o.noThreshold) {
    for (let i = 0; i < n; i++) {
      if (o.firstAboveThreshold) {
        const j = ov[i].findIndex((v) => v >= thr);
        if (j >= 0) matched[i] = j;
        continue;
      }
      let b = 0;
      for (let j = 1; j < gt.length; j++) if (ov[i][j] > ov[i][b]) b = j;
      if (ov[i][b] >= thr) matched[i] = b;
    }
  }
  if (o.noForce) return matched;
  const order = gt.map((_, j) => j);
  if (o.firstGtWins) order.reverse();
  for (const j of order) {
    let b = 0;
    for (let i = 1; i < n; i++) if (ov[i][j] > ov[b][j]) b = i;
    if (o.forceOnlyUnmatched && matched[b] >= 0) continue;
    matched[b] = j;
  }
  return matched;
}

export function refEncode(a: CenterBox, g: Box, v: Quad = DEFAULT_V): Quad {
  const gcx = (g[0] + g[2]) / 2, gcy = (g[1] + g[3]) / 2, gw = g[2] - g[0], gh = g[3] - g[1];
  return [(gcx - a[0]) / a[2] / v[0], (gcy - a[1]) / a[3] / v[1], Math.log(gw / a[2]) / v[2], Math.log(gh / a[3]) / v[3]];
}
export function refDecode(a: CenterBox, t: Quad, v: Quad = DEFAULT_V): Box {
  const cx = a[0] + t[0] * v[0] * a[2], cy = a[1] + t[1] * v[1] * a[3];
  const w = a[2] * Math.exp(t[2] * v[2]), h = a[3] * Math.exp(t[3] * v[3]);
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

export interface MiningOpts { k?: (ratio: number, pos: number) => number; withPositives?: boolean; lowest?: boolean; tiesHigh?: boolean; overAll?: boolean }
export function refMining(loss: number[], pos: Uint8Array | number[], ratio: number, o: MiningOpts = {}): Uint8Array {
  const numPos = Array.from(pos).filter((p) => p).length;
  const idx = loss.map((_, i) => i).filter((i) => o.overAll || !pos[i]);
  const numNeg = Array.from(pos).filter((p) => !p).length;
  const k = Math.min((o.k ?? ((r, p) => Math.floor(r * p)))(ratio, numPos), o.overAll ? idx.length : numNeg);
  idx.sort((a, b) => (o.lowest ? loss[a] - loss[b] : loss[b] - loss[a]) || (o.tiesHigh ? b - a : a - b));
  const mask = new Uint8Array(loss.length);
  for (const i of idx.slice(0, k)) if (!(o.overAll && pos[i])) mask[i] = 1;
  if (o.withPositives) pos.forEach((p, i) => { if (p) mask[i] = 1; });
  return mask;
}

// ---------------------------------------------------------------- helpers
const r4 = (v: number) => Number(v.toFixed(4));
const txt = (b: readonly number[]) => `[${Array.from(b).map(r4).join(', ')}]`;
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => v === b[i]);
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])));

interface Named<T> { value: T; message: string; hintKey?: string }

function whereAnchor(i: number, fs: number[], perCell: number, ratios: number[]): string {
  let rest = i;
  for (let k = 0; k < fs.length; k++) {
    const n = fs[k] * fs[k] * perCell;
    if (rest < n) {
      const cell = Math.floor(rest / perCell), slot = rest % perCell;
      return `map ${k} (${fs[k]}×${fs[k]}), row ${Math.floor(cell / fs[k])}, column ${cell % fs[k]}, ${slot < ratios.length ? `ratio ${r4(ratios[slot])}` : 'the extra square'}`;
    }
    rest -= n;
  }
  return 'past the last map';
}

const call = (fs: number[], sc: number[], ra: number[]) => `generateAnchors([${fs.join(', ')}], [${sc.map(r4).join(', ')}], [${ra.map(r4).join(', ')}])`;

function expectAnchors(m: M, fs: number[], sc: number[], ra: number[]): void {
  const got = m.generateAnchors(fs, sc, ra);
  const want = refAnchors(fs, sc, ra);
  const where = call(fs, sc, ra);
  if (!Array.isArray(got)) fail(`${where} returned ${typeof got}, expected an array of [cx, cy, w, h]`);
  const variants: Array<Named<CenterBox[]>> = [
    { value: refAnchors(fs, sc, ra, { extra: 'sk' }), message: 'the extra square anchor has side s_k; it should be √(s_k·s_{k+1}), between this map\'s scale and the next one', hintKey: 'ssd-extra-anchor' },
    { value: refAnchors(fs, sc, ra, { extra: 'sk1' }), message: 'the extra square anchor has side s_{k+1}; it should be √(s_k·s_{k+1}), the geometric mean of this map\'s scale and the next one', hintKey: 'ssd-extra-anchor' },
    { value: refAnchors(fs, sc, ra, { swapWH: true }), message: 'width and height swapped: an aspect ratio a = w/h gives w = s·√a and h = s/√a (a = 2 is wide)', hintKey: 'ssd-anchor-shape' },
    { value: refAnchors(fs, sc, ra, { noHalf: true }), message: 'anchor centres at the cell corners: a cell\'s centre is ((j + 0.5)/f, (i + 0.5)/f)', hintKey: 'ssd-anchor-centre' },
    { value: refAnchors(fs, sc, ra, { swapXY: true }), message: 'x and y swapped: the column j gives cx = (j + 0.5)/f and the row i gives cy = (i + 0.5)/f (rows run down the image)', hintKey: 'ssd-anchor-order' },
    { value: refAnchors(fs, sc, ra, { extraFirst: true }), message: 'the extra square comes first in each cell; the order is the ratios as given, then the extra square', hintKey: 'ssd-anchor-order' },
    { value: refAnchors(fs, sc, ra, { ratioMajor: true }), message: 'anchors grouped by ratio over the whole map; the order is map, row, column, and inside each cell the ratios then the extra square', hintKey: 'ssd-anchor-order' },
  ];
  const flat = (a: CenterBox[]) => a.flat();
  if (got.length !== want.length) {
    const none = refAnchors(fs, sc, ra, { extra: 'none' }).length;
    fail(`${where}: ${got.length} anchors, expected ${want.length} = Σ f²·(#ratios + 1)${got.length === none ? ': the extra square anchor per cell is missing' : ''}`, { expected: String(want.length), actual: String(got.length), hintKey: got.length === none ? 'ssd-extra-anchor' : 'anchors-count' });
  }
  const g = flat(got as CenterBox[]);
  if (close(g, flat(want))) return;
  for (const v of variants) if (close(g, flat(v.value))) fail(`${where}: ${v.message}`, { hintKey: v.hintKey });
  const perCell = ra.length + 1;
  const i = want.findIndex((w, i) => !close(got[i] ?? [], w));
  fail(`${where}: anchor ${i} (${whereAnchor(i, fs, perCell, ra)}) is ${txt(got[i] ?? [])}, expected ${txt(want[i])}`, { expected: txt(want[i]), actual: txt(got[i] ?? []) });
}

/** A random anchor configuration for this grade. */
function randomConfig(rng: Rng): { fs: number[]; sc: number[]; ra: number[] } {
  const maps = 1 + Math.floor(rng() * 3);
  const fs = Array.from({ length: maps }, () => 1 + Math.floor(rng() * 5)).sort((a, b) => b - a);
  const sc: number[] = [];
  let s = 0.12 + 0.1 * rng();
  for (let k = 0; k <= maps; k++) { sc.push(s); s += 0.12 + 0.15 * rng(); }
  const pool = [1, 2, 0.5, 3, 1 / 3];
  const ra = pool.filter((_, i) => i === 0 || rng() < 0.6);
  return { fs, sc, ra };
}

function randomBox(rng: Rng, lo = 0.06, hi = 0.5): Box {
  const w = lo + (hi - lo) * rng(), h = lo + (hi - lo) * rng();
  const x = rng() * (1 - w), y = rng() * (1 - h);
  return [x, y, x + w, y + h];
}

/** No IoU within 1e-6 of the threshold, of an anchor's runner-up gt or of a gt's runner-up anchor. */
function clearCase(anchors: CenterBox[], gt: Box[], thr: number): boolean {
  const ov = anchors.map((a) => gt.map((g) => refIou(corners(a), g)));
  const gap = 1e-6;
  for (const row of ov) {
    const s = [...row].sort((a, b) => b - a);
    if (Math.abs(s[0] - thr) < gap) return false;
    if (s.length > 1 && s[0] >= thr && s[0] - s[1] < gap) return false;
  }
  for (let j = 0; j < gt.length; j++) {
    const col = ov.map((r) => r[j]).sort((a, b) => b - a);
    if (col[0] < 1e-3 || col[0] - col[1] < gap) return false;
  }
  return true;
}

function expectMatch(m: M, anchors: CenterBox[], gt: Box[], thr: number, label: string, variants: Array<Named<Int32Array>>): void {
  const r = m.matchAnchors(anchors, gt, thr);
  const want = refMatch(anchors, gt, thr);
  if (!r || r.matchedGt === undefined || r.positive === undefined) fail(`${label}: matchAnchors must return { matchedGt, positive }`);
  const got = Array.from(r.matchedGt), pos = Array.from(r.positive);
  if (got.length !== anchors.length || pos.length !== anchors.length) fail(`${label}: matchedGt has ${got.length} entries and positive ${pos.length}, expected one per anchor (${anchors.length})`);
  if (!same(got, want)) {
    for (const v of variants) if (same(got, v.value)) fail(`${label}: ${v.message}`, { hintKey: v.hintKey });
    const i = want.findIndex((w, i) => w !== got[i]);
    const ious = gt.map((g) => r4(refIou(corners(anchors[i]), g)));
    fail(`${label}: anchor ${i} ${txt(anchors[i])} matched gt ${got[i]}, expected ${want[i]} (its IoUs with the gts: ${ious.join(', ')}; threshold ${thr})`, { expected: String(want[i]), actual: String(got[i]) });
  }
  const bad = pos.findIndex((p, i) => p !== (want[i] >= 0 ? 1 : 0));
  if (bad >= 0) fail(`${label}: positive[${bad}] is ${pos[bad]} while matchedGt[${bad}] is ${want[bad]}: positive is 1 exactly where an anchor has a gt`, { hintKey: 'match-positive' });
}

function matchVariants(anchors: CenterBox[], gt: Box[], thr: number): Array<Named<Int32Array>> {
  return [
    { value: refMatch(anchors, gt, thr, { noForce: true }), message: 'a gt box left unmatched because it is below the threshold: after the threshold pass, every gt claims its best anchor, even when that IoU is below the threshold', hintKey: 'ssd-force-match' },
    { value: refMatch(anchors, gt, thr, { firstGtWins: true }), message: 'the first gt keeps an anchor that two gts both have as their best; gts claim in order, so the later gt wins it', hintKey: 'ssd-later-gt-wins' },
    { value: refMatch(anchors, gt, thr, { forceOnlyUnmatched: true }), message: 'a gt claims its best anchor only when that anchor is still free; the claim overrides the threshold pass, even when another gt took that anchor there', hintKey: 'ssd-force-match' },
    { value: refMatch(anchors, gt, thr, { firstAboveThreshold: true }), message: 'an anchor takes the first gt over the threshold; it should take the gt it overlaps most', hintKey: 'match-threshold' },
    { value: refMatch(anchors, gt, thr, { noThreshold: true }), message: 'only the gts\' best anchors are positive: anchors with IoU ≥ threshold are positive too', hintKey: 'match-threshold' },
  ];
}

// Fixed matching case: a big gt over several anchors, a small gt below the threshold, two gts with the same best anchor.
const M_FS = [4, 2], M_SC = [0.2, 0.45, 0.7], M_RA = [1, 2, 0.5];
const M_GT: Box[] = [[0.04, 0.06, 0.46, 0.44], [0.52, 0.1, 0.76, 0.15], [0.52, 0.55, 0.96, 0.95], [0.55, 0.53, 0.97, 0.96]];
const M_THR = 0.5;
// A gt's best anchor already taken in the threshold pass by another gt: the claim overrides it.
const O_ANCHORS: CenterBox[] = [[0.5, 0.5, 0.4, 0.4], [0.52, 0.5, 0.4, 0.4], [0.2, 0.8, 0.3, 0.3], [0.8, 0.2, 0.3, 0.15]];
const O_GT: Box[] = [[0.3, 0.3, 0.45, 0.45], [0.32, 0.3, 0.72, 0.7]];

// Fixed mining case: 12 anchors, 3 positives, equal losses at 3/5/9, ratio 2.5 → ⌊7.5⌋ = 7 negatives.
const H_LOSS = [0.9, 2.0, 0.3, 1.1, 0.7, 1.1, 2.5, 1.4, 0.4, 1.1, 0.05, 1.3];
const H_POS = [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0];

function expectMining(m: M, loss: number[], posArr: number[], ratio: number, label: string): void {
  const pos = Uint8Array.from(posArr);
  const got = m.hardNegativeMining(loss.slice(), Uint8Array.from(pos), ratio);
  const want = refMining(loss, pos, ratio);
  const g = Array.from(got ?? []);
  if (g.length !== loss.length) fail(`${label}: the mask has ${g.length} entries, expected one per anchor (${loss.length})`);
  if (same(g, want)) return;
  const numPos = posArr.filter((p) => p).length, numNeg = loss.length - numPos;
  const k = Math.min(Math.floor(ratio * numPos), numNeg);
  const variants: Array<Named<Uint8Array>> = [
    { value: refMining(loss, pos, ratio, { k: () => Infinity }), message: `hard-negative mining that ignores the ratio: every negative is marked (${numNeg}); keep only min(⌊${ratio}·${numPos}⌋, ${numNeg}) = ${k}`, hintKey: 'ssd-mining-ratio' },
    { value: refMining(loss, pos, ratio, { k: (_r, p) => p }), message: `hard-negative mining that ignores the ratio: as many negatives as positives (${numPos}); keep min(⌊${ratio}·${numPos}⌋, ${numNeg}) = ${k}`, hintKey: 'ssd-mining-ratio' },
    { value: refMining(loss, pos, ratio, { k: (r, p) => Math.ceil(r * p) }), message: `rounded ${ratio}·${numPos} up; the count is ⌊${ratio}·${numPos}⌋ = ${Math.floor(ratio * numPos)}`, hintKey: 'ssd-mining-ratio' },
    { value: refMining(loss, pos, ratio, { k: (r, p) => Math.round(r * p) }), message: `rounded ${ratio}·${numPos} to the nearest whole number; the count is ⌊${ratio}·${numPos}⌋ = ${Math.floor(ratio * numPos)}`, hintKey: 'ssd-mining-ratio' },
    { value: refMining(loss, pos, ratio, { withPositives: true }), message: 'the mask marks the positives too; it marks the chosen negatives only', hintKey: 'ssd-mining-negatives-only' },
    { value: refMining(loss, pos, ratio, { lowest: true }), message: 'picked the negatives with the LOWEST loss; hard negatives are the ones the model gets most wrong (highest loss)', hintKey: 'ssd-mining-order' },
    { value: refMining(loss, pos, ratio, { tiesHigh: true }), message: 'equal losses broken towards the higher index; on a tie the lower index comes first', hintKey: 'ssd-mining-order' },
    { value: refMining(loss, pos, ratio, { overAll: true }), message: 'ranked all anchors (positives included) and then dropped the positives, so fewer negatives are kept; rank the negatives only', hintKey: 'ssd-mining-negatives-only' },
  ];
  for (const v of variants) if (same(g, v.value)) fail(`${label}: ${v.message}`, { hintKey: v.hintKey });
  const marked = g.reduce((s, v) => s + (v ? 1 : 0), 0);
  const i = want.findIndex((w, i) => w !== (g[i] ? 1 : 0));
  fail(`${label}: ${marked} anchors marked, expected ${k}; anchor ${i} (loss ${loss[i]}, ${posArr[i] ? 'positive' : 'negative'}) is ${g[i] ? 'marked' : 'not marked'}`, { expected: Array.from(want).join(''), actual: g.join('') });
}

export default defineChecks<M>({
  checks: [
    {
      id: 'anchors-count', name: '#anchors = Σ f²·(#ratios + 1) (random maps, scales and ratios per grade)', fn: 'generateAnchors',
      run(m) {
        const rng = gradeRng();
        for (let t = 0; t < 4; t++) {
          const { fs, sc, ra } = randomConfig(rng);
          const got = m.generateAnchors(fs, sc, ra);
          const want = fs.reduce((s, f) => s + f * f * (ra.length + 1), 0);
          if (!Array.isArray(got) || got.length !== want) {
            const n = Array.isArray(got) ? got.length : NaN;
            const noExtra = fs.reduce((s, f) => s + f * f * ra.length, 0);
            fail(`${call(fs, sc, ra)}: ${n} anchors, expected ${want} = Σ f²·(#ratios + 1)${n === noExtra ? ': the extra square anchor per cell is missing' : ''}`, { expected: String(want), actual: String(n), hintKey: n === noExtra ? 'ssd-extra-anchor' : 'anchors-count' });
          }
        }
      },
    },
    {
      id: 'anchors-values', name: 'anchors [cx, cy, w, h] in order map, row, column, ratios, extra: w = s·√a, h = s/√a, extra side √(s_k·s_{k+1})', fn: 'generateAnchors',
      run(m) {
        expectAnchors(m, [2, 1], [0.3, 0.6, 0.9], [1, 2, 0.5]);
        expectAnchors(m, [3], [0.25, 0.64], [2, 1]);
        const { fs, sc, ra } = randomConfig(gradeRng());
        expectAnchors(m, fs, sc, ra);
      },
    },
    {
      id: 'match-threshold', name: 'matching: IoU ≥ threshold to the best gt, then every gt claims its best anchor (a later gt wins a shared one)', fn: 'matchAnchors',
      run(m) {
        const anchors = refAnchors(M_FS, M_SC, M_RA);
        expectMatch(m, anchors, M_GT, M_THR, `matchAnchors(80 anchors of maps 4×4 and 2×2, 4 gt boxes, ${M_THR})`, matchVariants(anchors, M_GT, M_THR));
        expectMatch(m, O_ANCHORS, O_GT, M_THR, `matchAnchors(4 anchors, 2 gt boxes where gt 0's best anchor (IoU 0.14) is matched to gt 1 (IoU 0.91) by the threshold, ${M_THR})`, matchVariants(O_ANCHORS, O_GT, M_THR));
      },
    },
    {
      id: 'match-every-gt', name: 'every gt gets its best anchor even below the threshold (small random boxes per grade)', fn: 'matchAnchors',
      run(m) {
        const rng = gradeRng();
        let done = 0;
        for (let t = 0; t < 200 && done < 4; t++) {
          const { fs, sc, ra } = randomConfig(rng);
          const anchors = refAnchors(fs, sc, ra);
          const gt = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => randomBox(rng, 0.04, 0.12));
          const thr = 0.55 + 0.3 * rng();
          if (!clearCase(anchors, gt, thr)) continue;
          done++;
          expectMatch(m, anchors, gt, thr, `matchAnchors(${anchors.length} anchors, ${gt.length} small gt boxes, ${r4(thr)})`, matchVariants(anchors, gt, thr));
        }
      },
    },
    {
      id: 'match-random', name: 'matching equals the grader\'s reference on random boxes and thresholds (per grade)', fn: 'matchAnchors',
      run(m) {
        const rng = gradeRng();
        let done = 0;
        for (let t = 0; t < 200 && done < 5; t++) {
          const { fs, sc, ra } = randomConfig(rng);
          const anchors = refAnchors(fs, sc, ra);
          const gt = Array.from({ length: 1 + Math.floor(rng() * 5) }, () => randomBox(rng));
          const thr = 0.3 + 0.4 * rng();
          if (!clearCase(anchors, gt, thr)) continue;
          done++;
          expectMatch(m, anchors, gt, thr, `matchAnchors(${anchors.length} anchors, ${gt.length} gt boxes, ${r4(thr)})`, matchVariants(anchors, gt, thr));
        }
      },
    },
    {
      id: 'match-no-gt', name: 'no gt boxes: every anchor is negative (matchedGt −1, positive 0)', fn: 'matchAnchors',
      run(m) {
        const anchors = refAnchors([2], [0.4, 0.7], [1, 2]);
        const r = m.matchAnchors(anchors, [], 0.5);
        const got = Array.from(r?.matchedGt ?? []), pos = Array.from(r?.positive ?? []);
        if (got.length !== anchors.length || got.some((v) => v !== -1)) fail(`matchAnchors(12 anchors, [], 0.5): matchedGt ${txt(got)}, expected 12 × −1 (no gt: every anchor is a negative)`, { expected: '-1 × 12', actual: txt(got) });
        if (pos.length !== anchors.length || pos.some((v) => v !== 0)) fail(`matchAnchors(12 anchors, [], 0.5): positive ${txt(pos)}, expected 12 zeros`);
      },
    },
    {
      id: 'encode-values', name: 'encodeOffsets = ((gcx − acx)/aw/v0, (gcy − acy)/ah/v1, ln(gw/aw)/v2, ln(gh/ah)/v3), default variances [0.1, 0.1, 0.2, 0.2]', fn: 'encodeOffsets',
      run(m) {
        const cases: Array<[CenterBox, Box, Quad | undefined]> = [
          [[0.5, 0.5, 0.4, 0.2], [0.3, 0.35, 0.8, 0.75], undefined],
          [[0.25, 0.6, 0.3, 0.5], [0.05, 0.3, 0.35, 0.95], [0.1, 0.2, 0.3, 0.4]],
        ];
        for (const [a, g, v] of cases) {
          const got = v ? m.encodeOffsets(a, g, v) : m.encodeOffsets(a, g);
          const vv = v ?? DEFAULT_V;
          const want = refEncode(a, g, vv);
          const label = `encodeOffsets(${txt(a)}, ${txt(g)}${v ? `, ${txt(v)}` : ''})`;
          const gl = Array.from(got ?? []);
          if (close(gl, want)) continue;
          const variants: Array<Named<number[]>> = [
            { value: refEncode(a, g, [1, 1, 1, 1]), message: 'SSD offsets without variances: divide the four offsets by the variances (default [0.1, 0.1, 0.2, 0.2])', hintKey: 'ssd-variances' },
            { value: refEncode(a, g, [1, 1, 1, 1]).map((t, i) => t * vv[i]), message: 'multiplied by the variances; encoding DIVIDES by them (decoding multiplies)', hintKey: 'ssd-variances' },
            { value: refEncode(a, g, DEFAULT_V), message: 'the default variances were used although variances were passed', hintKey: 'ssd-variances' },
            { value: [((g[0] + g[2]) / 2 - a[0]) / vv[0], ((g[1] + g[3]) / 2 - a[1]) / vv[1], Math.log((g[2] - g[0]) / a[2]) / vv[2], Math.log((g[3] - g[1]) / a[3]) / vv[3]], message: 'the centre shift is not divided by the anchor\'s width and height: tx = (gcx − acx)/aw/v0', hintKey: 'ssd-offsets' },
            { value: [(g[0] - a[0]) / a[2] / vv[0], (g[1] - a[1]) / a[3] / vv[1], Math.log((g[2] - g[0]) / a[2]) / vv[2], Math.log((g[3] - g[1]) / a[3]) / vv[3]], message: 'used the gt\'s corner (x1, y1) as its centre: the centre is ((x1 + x2)/2, (y1 + y2)/2)', hintKey: 'ssd-offsets' },
            { value: [want[0], want[1], ((g[2] - g[0]) / a[2]) / vv[2], ((g[3] - g[1]) / a[3]) / vv[3]], message: 'the size offsets are gw/aw without the log: tw = ln(gw/aw)/v2', hintKey: 'ssd-offsets' },
          ];
          for (const w of variants) if (close(gl, w.value)) fail(`${label}: ${w.message}`, { hintKey: w.hintKey, expected: txt(want), actual: txt(gl) });
          fail(`${label} = ${txt(gl)}, expected ${txt(want)}`, { expected: txt(want), actual: txt(gl) });
        }
      },
    },
    {
      id: 'decode-values', name: 'decodeOffsets returns corners [x1, y1, x2, y2], multiplying by the variances', fn: 'decodeOffsets',
      run(m) {
        const cases: Array<[CenterBox, Quad, Quad | undefined]> = [
          [[0.4, 0.5, 0.3, 0.2], [1.5, -2, 0.8, -1.2], undefined],
          [[0.6, 0.3, 0.2, 0.4], [-1, 0.5, 1.5, 0.25], [0.1, 0.2, 0.3, 0.4]],
        ];
        for (const [a, t, v] of cases) {
          const got = Array.from(v ? m.decodeOffsets(a, t, v) : m.decodeOffsets(a, t) ?? []);
          const vv = v ?? DEFAULT_V;
          const want = refDecode(a, t, vv);
          const label = `decodeOffsets(${txt(a)}, ${txt(t)}${v ? `, ${txt(v)}` : ''})`;
          if (close(got, want)) continue;
          const b = want, cw: number[] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]];
          const variants: Array<Named<number[]>> = [
            { value: refDecode(a, t, [1, 1, 1, 1]), message: 'SSD offsets without variances: multiply each offset by its variance before using it (default [0.1, 0.1, 0.2, 0.2])', hintKey: 'ssd-variances' },
            { value: cw, message: 'returned [cx, cy, w, h]; decodeOffsets returns corners [x1, y1, x2, y2]', hintKey: 'ssd-offsets' },
            { value: refDecode(a, t, DEFAULT_V), message: 'the default variances were used although variances were passed', hintKey: 'ssd-variances' },
          ];
          for (const w of variants) if (close(got, w.value)) fail(`${label}: ${w.message}`, { hintKey: w.hintKey, expected: txt(want), actual: txt(got) });
          fail(`${label} = ${txt(got)}, expected ${txt(want)}`, { expected: txt(want), actual: txt(got) });
        }
      },
    },
    {
      id: 'encode-decode-roundtrip', name: 'decodeOffsets(a, encodeOffsets(a, g)) = g to 1e-5 (random anchors and boxes per grade, default and given variances)', fn: 'decodeOffsets',
      run(m) {
        const rng = gradeRng();
        for (let t = 0; t < 6; t++) {
          const g = randomBox(rng, 0.05, 0.7);
          const a: CenterBox = [0.1 + 0.8 * rng(), 0.1 + 0.8 * rng(), 0.1 + 0.5 * rng(), 0.1 + 0.5 * rng()];
          const v: Quad | undefined = t % 2 ? [0.05 + 0.2 * rng(), 0.05 + 0.2 * rng(), 0.1 + 0.3 * rng(), 0.1 + 0.3 * rng()] : undefined;
          const off = v ? m.encodeOffsets(a, g, v) : m.encodeOffsets(a, g);
          const back = Array.from(v ? m.decodeOffsets(a, off, v) : m.decodeOffsets(a, off) ?? []);
          const label = `decodeOffsets(a, encodeOffsets(a, g${v ? ', v' : ''})${v ? ', v' : ''}) with a = ${txt(a)}, g = ${txt(g)}${v ? `, v = ${txt(v)}` : ''}`;
          for (let i = 0; i < 4; i++) expectClose(back[i], g[i], { atol: 1e-5, rtol: 0, name: `${label}, coordinate ${i}` });
        }
      },
    },
    {
      id: 'hard-negatives', name: 'hard negatives: min(⌊ratio·#pos⌋, #neg) negatives with the highest loss, ties by lower index; the mask marks negatives only', fn: 'hardNegativeMining',
      run(m) {
        expectMining(m, H_LOSS, H_POS, 2.5, 'hardNegativeMining(12 losses with ties at anchors 3, 5, 9; 3 positives; ratio 2.5)');
        expectMining(m, H_LOSS, H_POS, 1.5, 'hardNegativeMining(12 losses; 3 positives; ratio 1.5)');
        expectMining(m, [0.2, 0.9, 0.4, 0.1, 0.8], [1, 0, 1, 0, 1], 3, 'hardNegativeMining(5 losses; 3 positives, 2 negatives; ratio 3: fewer negatives than 3·3)');
        expectMining(m, [0.5, 0.1, 0.9], [0, 0, 0], 3, 'hardNegativeMining(3 losses; no positives; ratio 3)');
        const rng = gradeRng();
        for (let t = 0; t < 3; t++) {
          const n = 20 + Math.floor(rng() * 30);
          const loss = Array.from({ length: n }, () => Math.round(rng() * 20) / 10);
          const pos = Array.from({ length: n }, () => (rng() < 0.15 ? 1 : 0));
          const ratio = [0.5, 1.5, 2, 2.5, 3][Math.floor(rng() * 5)];
          expectMining(m, loss, pos, ratio, `hardNegativeMining(${n} random losses, ${pos.filter((p) => p).length} positives, ratio ${ratio})`);
        }
      },
    },
    ...standardChecks<M>({
      ruleLevel: 'P0',
      fn: 'matchAnchors',
      calls: [
        { name: 'generateAnchors', inputs: () => ({ featureSizes: [2, 1], scales: [0.3, 0.6, 0.9], aspectRatios: [1, 2] }), call: (m, i) => m.generateAnchors(i.featureSizes, i.scales, i.aspectRatios) },
        { name: 'matchAnchors', inputs: () => ({ anchors: refAnchors([2], [0.4, 0.7], [1, 2]), gt: [[0.1, 0.1, 0.5, 0.4], [0.5, 0.6, 0.9, 0.9]] as Box[] }), call: (m, i) => m.matchAnchors(i.anchors, i.gt, 0.5) },
        { name: 'encodeOffsets', inputs: () => ({ anchor: [0.5, 0.5, 0.4, 0.2] as CenterBox, gt: [0.3, 0.35, 0.8, 0.75] as Box, variances: [0.1, 0.1, 0.2, 0.2] as Quad }), call: (m, i) => m.encodeOffsets(i.anchor, i.gt, i.variances) },
        { name: 'decodeOffsets', inputs: () => ({ anchor: [0.5, 0.5, 0.4, 0.2] as CenterBox, offsets: [1, -1, 0.5, 0.2] as Quad, variances: [0.1, 0.1, 0.2, 0.2] as Quad }), call: (m, i) => m.decodeOffsets(i.anchor, i.offsets, i.variances) },
        { name: 'hardNegativeMining', inputs: () => ({ confLoss: H_LOSS.slice(), positive: Uint8Array.from(H_POS) }), call: (m, i) => m.hardNegativeMining(i.confLoss, i.positive, 2) },
      ],
      badInputs: [
        { name: 'generateAnchors([4, 2], [0.2, 0.5], [1])', call: (m) => m.generateAnchors([4, 2], [0.2, 0.5], [1]), why: 'scales needs one entry more than featureSizes: the extra anchor of the last map uses the next scale', mistake: 'a missing last scale accepted', hintKey: 'ssd-extra-anchor' },
        { name: 'hardNegativeMining(3 losses, 2 positives flags, 3)', call: (m) => m.hardNegativeMining([0.1, 0.2, 0.3], Uint8Array.from([1, 0]), 3), why: 'confLoss and positive need one entry per anchor each', mistake: 'lengths that differ accepted' },
        { name: 'encodeOffsets(anchor, a gt of width 0)', call: (m) => m.encodeOffsets([0.5, 0.5, 0.2, 0.2], [0.3, 0.3, 0.3, 0.6]), why: 'ln(gw/aw) needs a positive width (ln 0 = −∞)', mistake: 'a zero-width box accepted' },
      ],
      names: { 'bad-inputs-throw': 'a missing last scale, confLoss and positive of different lengths, and a zero-width box throw' },
    }),
  ],
});

