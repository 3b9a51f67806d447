/**
 * Checks for s3-augmentation. References: tf.image.flipLeftRight (rank 4 only, so on expandDims),
 * tf.reverse + tf.transpose for rot90 (counter-clockwise, as np.rot90), tf.pad for crops (graded as
 * some window of the zero-padded image, the same per seed), statistics for the noise, and
 * tf.image.transform with [1, 0, −dx, 0, 1, −dy, 0, 0] for translation. Boxes are also recomputed
 * from the pixels of drawShapes objects after the learner's own augmentation (±1 px).
 */
import * as tf from '@tensorflow/tfjs';
import { defineChecks, drawShapes, expectTensorClose, fail, gradeRng, mulberry32, standardChecks, valuesOf } from 'dl-tutor/grading';
import type { Rng } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-augmentation');
type Box = import('../solutions/s3-augmentation').Box;
type AugOp = import('../solutions/s3-augmentation').AugOp;

const randomImage = (rng: Rng, h: number, w: number, c: number, lo = 0, hi = 1): tf.Tensor3D =>
  tf.tensor3d(Array.from({ length: h * w * c }, () => lo + (hi - lo) * rng()), [h, w, c]);

const turns = (k: number): number => ((k % 4) + 4) % 4;

// ---- references (the check's own tf) ----
const flipRef = (x: tf.Tensor3D): tf.Tensor3D => tf.image.flipLeftRight(x.expandDims(0) as tf.Tensor4D).squeeze([0]) as tf.Tensor3D;
function rotRef(x: tf.Tensor3D, k: number): tf.Tensor3D {
  let out = x;
  for (let i = 0; i < turns(k); i++) out = tf.reverse(tf.transpose(out, [1, 0, 2]), 0);
  return out;
}
/** tf.image.transform with [1, 0, −dx, 0, 1, −dy, 0, 0] (nearest, zero fill). */
function translateRef(x: tf.Tensor3D, dx: number, dy: number): tf.Tensor3D {
  return tf.image.transform(x.expandDims(0) as tf.Tensor4D, tf.tensor2d([[1, 0, -dx, 0, 1, -dy, 0, 0]]), 'nearest', 'constant', 0).squeeze([0]) as tf.Tensor3D;
}
const clip = (v: number): number => Math.min(1, Math.max(0, v));
function boxesRef(boxes: Box[], ops: AugOp[], H0: number, W0: number): Box[] {
  let [H, W] = [H0, W0];
  let bs = boxes.map((b) => [...b] as Box);
  for (const op of ops) {
    if (op.kind === 'flipH') bs = bs.map(([x1, y1, x2, y2]) => [1 - x2, y1, 1 - x1, y2]);
    else if (op.kind === 'rot90') {
      for (let i = 0; i < turns(op.k); i++) { bs = bs.map(([x1, y1, x2, y2]) => [y1, 1 - x2, y2, 1 - x1]); [H, W] = [W, H]; }
    } else bs = bs.map(([x1, y1, x2, y2]) => [clip(x1 + op.dx / W), clip(y1 + op.dy / H), clip(x2 + op.dx / W), clip(y2 + op.dy / H)]);
  }
  return bs;
}
function imageRef(x: tf.Tensor3D, ops: AugOp[]): tf.Tensor3D {
  let out = x;
  for (const op of ops) out = op.kind === 'flipH' ? flipRef(out) : op.kind === 'rot90' ? rotRef(out, op.k) : translateRef(out, op.dx, op.dy);
  return out;
}
const opStr = (ops: AugOp[]): string => `[${ops.map((o) => (o.kind === 'flipH' ? 'flipH' : o.kind === 'rot90' ? `rot90(${o.k})` : `translate(${o.dx}, ${o.dy})`)).join(', ')}]`;

/** The learner's augmentWithBoxes against the references; `mistakes` name wrong box arithmetic. */
function expectAugment(m: M, img: tf.Tensor3D, boxes: Box[], ops: AugOp[], mistakes: Array<{ when: Box[]; message: string; hintKey?: string }> = []): void {
  const before = JSON.stringify(boxes);
  const r = m.augmentWithBoxes(img, boxes, ops);
  if (!r || !(r.img instanceof tf.Tensor) || !Array.isArray(r.boxes)) fail('augmentWithBoxes must return { img: tensor, boxes: Box[] }');
  if (JSON.stringify(boxes) !== before) fail(`augmentWithBoxes changed the boxes it was given (${before} became ${JSON.stringify(boxes)}): return new boxes and leave the input as it was`, { hintKey: 'boxes-input' });
  const [H, W] = img.shape;
  const what = `augmentWithBoxes on a ${H}×${W} image with ops ${opStr(ops)}`;
  expectTensorClose(r.img, imageRef(img, ops), { name: `${what}: img`, atol: 1e-6, tensor: true });
  const want = boxesRef(boxes, ops, H, W);
  if (r.boxes.length !== want.length) fail(`${what}: ${r.boxes.length} boxes returned for ${want.length} given: keep every box, in order`, { hintKey: 'boxes-empty' });
  if (want.length) expectTensorClose(r.boxes, want, { name: `${what}: boxes ${JSON.stringify(boxes)}`, atol: 1e-5, mistakes: mistakes.filter((x) => x.when.length).map((x) => ({ ...x, when: x.when.flat() })) });
}

/** Where in `padded` the window `crop` sits, or null. */
function findWindow(padded: number[][][], crop: number[][][]): [number, number] | null {
  const [P, Q] = [padded.length, padded[0].length];
  const [h, w] = [crop.length, crop[0].length];
  for (let t = 0; t + h <= P; t++) {
    for (let l = 0; l + w <= Q; l++) {
      let ok = true;
      for (let i = 0; i < h && ok; i++) for (let j = 0; j < w && ok; j++) for (let c = 0; c < crop[0][0].length && ok; c++) ok = Math.abs(padded[t + i][l + j][c] - crop[i][j][c]) < 1e-6;
      if (ok) return [t, l];
    }
  }
  return null;
}

const SHAPE_KINDS = ['square', 'triangle', 'circle', 'cross'] as const;

export default defineChecks<M>({
  checks: [
    {
      id: 'flip-values', name: 'flipHorizontal equals tf.image.flipLeftRight; flipping twice gives the image back', fn: 'flipHorizontal',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 5, 7, 3);
        expectTensorClose(m.flipHorizontal(x), flipRef(x), { name: 'flipHorizontal of a random [5,7,3] image', atol: 0, tensor: true, mistakes: [
          { when: () => tf.reverse(x, 0), message: 'flipped vertically (upside down): a horizontal flip reverses the columns, axis 1 of [H, W, C]', hintKey: 'flip-axis' },
          { when: () => tf.reverse(x, 2), message: 'reversed the channels (axis 2): a horizontal flip reverses the columns, axis 1', hintKey: 'flip-axis' },
          { when: () => tf.reverse(x, [0, 1]), message: 'reversed both rows and columns (a 180° turn): reverse only the columns, axis 1', hintKey: 'flip-axis' },
        ] });
        expectTensorClose(m.flipHorizontal(m.flipHorizontal(x)), x, { name: 'flipHorizontal(flipHorizontal(x))', atol: 0, tensor: true });
      }),
    },
    {
      id: 'rot90-values', name: 'rot90 turns counter-clockwise like np.rot90 (k = 1, 2, 3 on a random [4,6,2] image)', fn: 'rot90',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 4, 6, 2);
        for (const k of [1, 2, 3]) {
          expectTensorClose(m.rot90(x, k), rotRef(x, k), { name: `rot90(x, ${k}) for a [4,6,2] x`, atol: 0, tensor: true, mistakes: [
            { when: () => rotRef(x, 4 - k), message: 'rot90 turned clockwise: tf and numpy turn counter-clockwise (the right-hand column becomes the top row)', hintKey: 'rot90-direction' },
            { when: () => tf.transpose(x, [1, 0, 2]), message: 'transposed, not rotated: after swapping rows and columns, reverse the new rows (axis 0)', hintKey: 'rot90-direction' },
          ] });
        }
      }),
    },
    {
      id: 'rot90-k-mod', name: 'rot90 takes k mod 4 (k = −1, 4, 5, −6) and four turns give the image back', fn: 'rot90',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 3, 5, 1);
        for (const k of [-1, 4, 5, -6]) {
          expectTensorClose(m.rot90(x, k), rotRef(x, k), { name: `rot90(x, ${k}) (= ${turns(k)} counter-clockwise turn${turns(k) === 1 ? '' : 's'})`, atol: 0, tensor: true, hintKey: 'rot90-k-mod', mistakes: [
            ...(k < 0 ? [{ when: () => x, message: `k = ${k} gave no turn at all: JavaScript's ${k} % 4 is ${k % 4}, and a loop up to a negative count never runs; use ((k % 4) + 4) % 4 = ${turns(k)}`, hintKey: 'rot90-k-mod' }] : []),
            { when: () => rotRef(x, -turns(k)), message: `k = ${k} turned the wrong way: a negative k turns clockwise, which is ${turns(k)} counter-clockwise turn${turns(k) === 1 ? '' : 's'} (k mod 4)`, hintKey: 'rot90-k-mod' },
          ] });
        }
        let y: tf.Tensor3D = x;
        for (let i = 0; i < 4; i++) y = m.rot90(y, 1);
        expectTensorClose(y, x, { name: 'rot90 applied four times', atol: 0, tensor: true });
      }),
    },
    {
      id: 'crop-window', name: 'randomCrop returns a window of the zero-padded image, the same per seed, at varying positions', fn: 'randomCrop', hintKey: 'crop-window',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const x = randomImage(rng, 8, 8, 2, 0.1, 1); // no zeros inside, so padding shows
        const pad = 2, size: [number, number] = [6, 5];
        const padded = tf.pad(x, [[pad, pad], [pad, pad], [0, 0]]).arraySync() as number[][][];
        const seen = new Set<string>();
        let usesPadding = false;
        const tops: number[] = [], lefts: number[] = [];
        const seed0 = Math.floor(rng() * 1e6);
        for (let s = 0; s < 30; s++) {
          const got = m.randomCrop(x, size, pad, mulberry32(seed0 + s));
          if (!(got instanceof tf.Tensor) || got.shape.join() !== '6,5,2') fail(`randomCrop(x [8,8,2], [6, 5], pad 2, rng) must have shape [6,5,2] (size is [height, width]); got ${got instanceof tf.Tensor ? `[${got.shape}]` : String(got)}`);
          const at = findWindow(padded, got.arraySync() as number[][][]);
          if (!at) {
            const noPad = findWindow(x.arraySync() as number[][][], got.arraySync() as number[][][]);
            fail(noPad ? 'the crop comes from the unpadded image only: pad with zeros first, then cut the window from the padded image' : 'the crop is not a 6×5 window of the image zero-padded by 2 on every side (did you rescale, pad unevenly, or mix channels?)', { hintKey: 'crop-window' });
          }
          if (s < 3) {
            const again = m.randomCrop(x, size, pad, mulberry32(seed0 + s));
            expectTensorClose(again, got, { name: `randomCrop twice with the same seed ${seed0 + s}`, atol: 0, tensor: true, hintKey: 'crop-seed', mistakes: [
              { when: (got: number[]) => got.length > 0, message: 'two crops with the same seed differ: draw the position from rng (not Math.random), so a seed reproduces the crop', hintKey: 'crop-seed' },
            ] });
          }
          seen.add(at.join());
          tops.push(at[0]);
          lefts.push(at[1]);
          if (at[0] < pad || at[1] < pad || at[0] + 6 > 8 + pad || at[1] + 5 > 8 + pad) usesPadding = true;
        }
        if (seen.size < 4) fail(`30 seeds gave only ${seen.size} distinct crop position${seen.size === 1 ? '' : 's'} (${[...seen].join(' | ')}): draw top and left uniformly from every valid position`, { hintKey: 'crop-window' });
        const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
        const [mt, ml] = [mean(tops), mean(lefts)];
        const cov = tops.reduce((acc, t, i) => acc + (t - mt) * (lefts[i] - ml), 0);
        const r = cov / Math.sqrt(tops.reduce((acc, t) => acc + (t - mt) ** 2, 0) * lefts.reduce((acc, l) => acc + (l - ml) ** 2, 0) || 1);
        if (r > 0.9) fail(`in 30 crops the top offset always follows the left one (correlation ${r.toFixed(2)}): they come from the same random draw; draw top and left with two separate rng() calls`, { hintKey: 'crop-window' });
        if (!usesPadding) fail('no crop in 30 reached into the padding: positions must range over the whole padded image (0 … H + 2·pad − h)', { hintKey: 'crop-window' });
        expectTensorClose(m.randomCrop(x, [8, 8], 0, mulberry32(1)), x, { name: 'randomCrop(x, [8, 8], pad 0, rng) (the only window is x itself)', atol: 0, tensor: true });
      }),
    },
    {
      id: 'noise-stats', name: 'addGaussianNoise: noise with mean 0, the given std, Gaussian, independent per value and channel, reproducible per seed', fn: 'addGaussianNoise', hintKey: 'noise-stats',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const std = 0.05 + 0.1 * rng();
        const seed = Math.floor(rng() * 1e6);
        const x = tf.fill([48, 48, 3], 0.5) as tf.Tensor3D;
        const out = m.addGaussianNoise(x, std, mulberry32(seed));
        if (!(out instanceof tf.Tensor) || out.shape.join() !== '48,48,3') fail('addGaussianNoise must return a tensor of the input\'s shape');
        const d = valuesOf(tf.sub(out, x));
        const n = d.length;
        const mean = d.reduce((a, b) => a + b, 0) / n;
        const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
        const kurt = d.reduce((a, b) => a + (b - mean) ** 4, 0) / n / sd ** 4;
        const f = (v: number) => v.toFixed(4);
        if (sd < 1e-9) fail('no noise was added', { hintKey: 'noise-stats' });
        if (Math.abs(sd - std * std) < 0.04 * std * std) fail(`the noise has std ${f(sd)} = std² (${f(std * std)}): std is already the standard deviation; multiply N(0, 1) draws by std, not by std²`, { hintKey: 'noise-stats' });
        if (Math.abs(sd / std - 1) > 0.05) fail(`the noise has std ${f(sd)}, expected ${f(std)} (±5 %)${Math.abs(sd / std - 1 / Math.sqrt(12)) < 0.05 ? ': uniform noise (rng() − 0.5)·std has std std/√12 — draw Gaussian values, e.g. Box–Muller' : ''}`, { expected: f(std), actual: f(sd), hintKey: 'noise-stats' });
        if (Math.abs(mean) > (5 * std) / Math.sqrt(n)) fail(`the noise has mean ${f(mean)}, expected 0: draw zero-mean values (did you use rng() without centring?)`, { hintKey: 'noise-stats' });
        if (kurt < 2.5 || kurt > 3.5) fail(`the noise is not Gaussian: its kurtosis is ${kurt.toFixed(2)}, a normal distribution has 3${kurt < 2.2 ? ' (a uniform one 1.8)' : ''}`, { hintKey: 'noise-stats' });
        const corr = (a: number[], b: number[]) => {
          const ma = a.reduce((s, v) => s + v, 0) / a.length, mb = b.reduce((s, v) => s + v, 0) / b.length;
          let sab = 0, saa = 0, sbb = 0;
          for (let i = 0; i < a.length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
          return sab / Math.sqrt(saa * sbb);
        };
        const ch = (c: number) => d.filter((_, i) => i % 3 === c);
        if (corr(ch(0), ch(1)) > 0.2) fail('the same noise was added to every channel of a pixel: draw one value per pixel AND channel', { hintKey: 'noise-stats' });
        if (corr(d.slice(0, n - 3), d.slice(3)) > 0.2) fail('neighbouring pixels get correlated noise: every value needs its own independent draw', { hintKey: 'noise-stats' });
        expectTensorClose(m.addGaussianNoise(x, std, mulberry32(seed)), out, { name: `addGaussianNoise twice with seed ${seed}`, atol: 0, tensor: true, mistakes: [
          { when: (got: number[]) => got.length > 0, message: 'the same seed gave different noise: draw from rng (not Math.random or tf.randomNormal without a seed)', hintKey: 'noise-seed' },
        ] });
      }),
    },
    {
      id: 'noise-zero', name: 'addGaussianNoise with std 0 returns the same values', fn: 'addGaussianNoise',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 4, 4, 3);
        expectTensorClose(m.addGaussianNoise(x, 0, mulberry32(5)), x, { name: 'addGaussianNoise(x, 0, rng)', atol: 0, tensor: true });
      }),
    },
    {
      id: 'boxes-flip', name: 'augmentWithBoxes flipH: the image as flipHorizontal, a box [x1,y1,x2,y2] → [1−x2, y1, 1−x1, y2]', fn: 'augmentWithBoxes', hintKey: 'boxes-flip',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 6, 8, 1);
        const boxes: Box[] = [[0.1, 0.2, 0.4, 0.9], [0.5, 0, 1, 0.5]];
        expectAugment(m, x, boxes, [{ kind: 'flipH' }], [
          { when: boxes, message: 'box not flipped: x1 must become 1 − x2 (and x2 become 1 − x1)', hintKey: 'boxes-flip' },
          { when: boxes.map(([x1, y1, x2, y2]) => [1 - x1, y1, 1 - x2, y2]), message: 'corners not swapped: 1 − x1 is now the RIGHT edge, so the new x1 is 1 − x2 (otherwise x1 > x2)', hintKey: 'boxes-flip' },
          { when: boxes.map(([x1, y1, x2, y2]) => [x1, 1 - y2, x2, 1 - y1]), message: 'the box was flipped vertically: a horizontal flip changes x only', hintKey: 'boxes-flip' },
        ]);
      }),
    },
    {
      id: 'boxes-rot90', name: 'augmentWithBoxes rot90: a counter-clockwise turn maps (x, y) to (y, 1 − x) (k = 1, 2, −1 on a 6×8 image)', fn: 'augmentWithBoxes', hintKey: 'boxes-rot90',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 6, 8, 2);
        const boxes: Box[] = [[0.125, 0.5, 0.5, 0.8333], [0.75, 0.1667, 1, 0.3333]];
        for (const k of [1, 2, -1]) {
          expectAugment(m, x, boxes, [{ kind: 'rot90', k }], [
            { when: boxesRef(boxes, [{ kind: 'rot90', k: 4 - turns(k) }], 6, 8), message: 'boxes rotated clockwise: one counter-clockwise turn (as rot90) maps (x, y) to (y, 1 − x), so [x1,y1,x2,y2] → [y1, 1 − x2, y2, 1 − x1]', hintKey: 'boxes-rot90' },
            { when: boxes, message: 'boxes not rotated with the image', hintKey: 'boxes-rot90' },
            { when: boxes.map(([x1, y1, x2, y2]) => [y1, x1, y2, x2]), message: 'x and y swapped (a transpose): a rotation also mirrors one axis, (x, y) → (y, 1 − x)', hintKey: 'boxes-rot90' },
          ]);
        }
      }),
    },
    {
      id: 'boxes-translate', name: 'augmentWithBoxes translate(dx, dy): content moves dx px right and dy px down (tf.image.transform), boxes move and are clipped to [0, 1]', fn: 'augmentWithBoxes', hintKey: 'boxes-translate',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 8, 10, 1);
        const boxes: Box[] = [[0.1, 0.25, 0.4, 0.5], [0.7, 0.75, 0.95, 1]];
        const [dx, dy] = [3, -2];
        const moved = boxes.map(([x1, y1, x2, y2]) => [x1 + dx / 10, y1 + dy / 8, x2 + dx / 10, y2 + dy / 8] as Box);
        expectAugment(m, x, boxes, [{ kind: 'translate', dx, dy }], [
          { when: moved, message: 'translated boxes not clipped: a box that leaves the image must be cut at 0 and 1', hintKey: 'boxes-clip' },
          { when: boxesRef(boxes, [{ kind: 'translate', dx: -dx, dy: -dy }], 8, 10), message: 'boxes moved the wrong way: with [1, 0, −dx, 0, 1, −dy, 0, 0] the content moves dx pixels RIGHT and dy DOWN', hintKey: 'boxes-translate' },
          { when: boxes.map(([x1, y1, x2, y2]) => [clip(x1 + dy / 8), clip(y1 + dx / 10), clip(x2 + dy / 8), clip(y2 + dx / 10)] as Box), message: 'dx and dy swapped: dx moves along x (columns, divide by the width), dy along y (rows, divide by the height)', hintKey: 'boxes-translate' },
          { when: boxes.map(([x1, y1, x2, y2]) => [clip(x1 + dx / 8), clip(y1 + dy / 10), clip(x2 + dx / 8), clip(y2 + dy / 10)] as Box), message: 'dx divided by the height and dy by the width: x is measured in widths, y in heights', hintKey: 'boxes-translate' },
        ]);
      }),
    },
    {
      id: 'boxes-sequence', name: 'augmentWithBoxes applies several ops in order (flipH, rot90(1), translate(2, 1); and reversed)', fn: 'augmentWithBoxes', hintKey: 'boxes-sequence',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 6, 9, 3);
        const boxes: Box[] = [[0.2, 0.1, 0.5, 0.6], [0.6, 0.5, 0.9, 0.9]];
        const ops: AugOp[] = [{ kind: 'flipH' }, { kind: 'rot90', k: 1 }, { kind: 'translate', dx: 2, dy: 1 }];
        expectAugment(m, x, boxes, ops, [
          { when: boxesRef(boxes, [...ops].reverse(), 6, 9), message: 'ops applied in reverse order: apply them first to last', hintKey: 'boxes-sequence' },
        ]);
        expectAugment(m, x, boxes, [...ops].reverse());
      }),
    },
    {
      id: 'boxes-from-mask', name: 'boxes recomputed from the pixels of drawShapes objects after your augmentation equal your boxes (±1 px)', fn: 'augmentWithBoxes', hintKey: 'boxes-from-mask',
      run: (m) => tf.tidy(() => {
        const rng = gradeRng();
        const S = 20;
        const batch = drawShapes({ n: 1, size: S, kinds: [...SHAPE_KINDS], maxObjects: 3, minScale: 0.3, maxScale: 0.45, maxOverlapIoU: 0, seed: Math.floor(rng() * 1e6) });
        const boxes = batch.boxes[0];
        const K = boxes.length;
        // One channel per object: its own pixels (boxes do not overlap, so each pixel has one owner).
        const chans = new Float32Array(S * S * K);
        for (let p = 0; p < S * S; p++) {
          if (!batch.masks[p]) continue;
          const [px, py] = [(p % S) + 0.5, Math.floor(p / S) + 0.5];
          boxes.forEach(([x1, y1, x2, y2], k) => { if (px > x1 * S && px < x2 * S && py > y1 * S && py < y2 * S) chans[p * K + k] = 1; });
        }
        const img = tf.tensor3d(chans, [S, S, K]);
        const pick = (): AugOp => {
          const r = rng();
          return r < 0.33 ? { kind: 'flipH' } : r < 0.66 ? { kind: 'rot90', k: Math.floor(rng() * 7) - 2 } : { kind: 'translate', dx: Math.floor(rng() * 7) - 3, dy: Math.floor(rng() * 7) - 3 };
        };
        const ops = [pick(), pick(), pick()];
        const r = m.augmentWithBoxes(img, boxes, ops);
        const [H, W] = r.img.shape;
        const v = valuesOf(r.img);
        for (let k = 0; k < K; k++) {
          let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
          for (let p = 0; p < H * W; p++) {
            if (v[p * K + k] < 0.5) continue;
            const [px, py] = [p % W, Math.floor(p / W)];
            x1 = Math.min(x1, px); y1 = Math.min(y1, py); x2 = Math.max(x2, px + 1); y2 = Math.max(y2, py + 1);
          }
          if (x1 === Infinity) continue; // moved out of the picture entirely
          const fromPixels = [x1 / W, y1 / H, x2 / W, y2 / H];
          const got = r.boxes[k];
          const px = (a: number[]) => `[${a.map((t, j) => (t * (j % 2 === 0 ? W : H)).toFixed(1)).join(', ')}] px`;
          if (!got || got.some((t, j) => Math.abs(t - fromPixels[j]) > 1 / (j % 2 === 0 ? W : H) + 1e-6)) {
            fail(`after ops ${opStr(ops)}, object ${k} (a ${SHAPE_KINDS[batch.classes[0][k]]}) covers ${px(fromPixels)} in your augmented image, but your box ${k} is ${got ? px(got) : 'missing'}: the box must follow the object`, { expected: px(fromPixels), actual: got ? px(got) : 'missing', hintKey: 'boxes-from-mask' });
          }
        }
      }),
    },
    {
      id: 'boxes-empty', name: 'augmentWithBoxes with no boxes returns [] and still augments the image', fn: 'augmentWithBoxes', hintKey: 'boxes-empty',
      run: (m) => tf.tidy(() => {
        const x = randomImage(gradeRng(), 5, 6, 1);
        expectAugment(m, x, [], [{ kind: 'rot90', k: 1 }, { kind: 'flipH' }]);
      }),
    },
    ...standardChecks<M>({
      ruleLevel: 'P1',
      fn: 'flipHorizontal',
      calls: [
        { name: 'flipHorizontal', inputs: () => ({ img: tf.ones([4, 5, 3]) }), call: (m, i) => m.flipHorizontal(i.img as tf.Tensor3D) },
        { name: 'rot90(img, 3)', inputs: () => ({ img: tf.ones([4, 5, 3]) }), call: (m, i) => m.rot90(i.img as tf.Tensor3D, 3) },
        { name: 'randomCrop', inputs: () => ({ img: tf.ones([6, 6, 1]) }), call: (m, i) => m.randomCrop(i.img as tf.Tensor3D, [4, 4], 1, mulberry32(3)) },
        { name: 'addGaussianNoise', inputs: () => ({ img: tf.ones([6, 6, 3]) }), call: (m, i) => m.addGaussianNoise(i.img as tf.Tensor3D, 0.1, mulberry32(3)) },
        { name: 'augmentWithBoxes', inputs: () => ({ img: tf.ones([6, 8, 1]) }), call: (m, i) => m.augmentWithBoxes(i.img as tf.Tensor3D, [[0.1, 0.1, 0.5, 0.5]], [{ kind: 'flipH' }, { kind: 'rot90', k: 1 }, { kind: 'translate', dx: 1, dy: 2 }]) },
      ],
      badInputs: [
        { name: 'randomCrop of an 8×8 image to [13, 4] with pad 2 (the padded image is 12×12)', call: (m) => m.randomCrop(tf.ones([8, 8, 1]) as tf.Tensor3D, [13, 4], 2, mulberry32(1)), mistake: 'a crop taller than the padded image was accepted', hintKey: 'crop-too-large' },
        { name: 'randomCrop of an 8×8 image to [4, 11] with pad 1 (the padded image is 10×10)', call: (m) => m.randomCrop(tf.ones([8, 8, 1]) as tf.Tensor3D, [4, 11], 1, mulberry32(1)), mistake: 'a crop wider than the padded image was accepted', hintKey: 'crop-too-large' },
      ],
      names: { 'bad-inputs-throw': 'randomCrop throws when the crop is larger than the padded image' },
    }),
  ],
});
