// s3-augmentation — mutant: one noise draw per pixel, added to all its channels.
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;
export type Box = [number, number, number, number];
export type AugOp = { kind: 'flipH' } | { kind: 'rot90'; k: number } | { kind: 'translate'; dx: number; dy: number };

export function flipHorizontal(img: tf.Tensor3D): tf.Tensor3D {
  return tf.reverse(img, 1); // axis 1 = width: columns swap left ↔ right
}

/** k mod 4, also for negative k (JavaScript's % keeps the sign). */
const quarterTurns = (k: number): number => ((Math.round(k) % 4) + 4) % 4;

export function rot90(img: tf.Tensor3D, k: number): tf.Tensor3D {
  return tf.tidy(() => {
    let out: tf.Tensor3D = img.clone();
    // One counter-clockwise turn: transpose (rows ↔ columns), then reverse the new rows, so the
    // right-hand column ends up as the top row — numpy's np.rot90.
    for (let i = 0; i < quarterTurns(k); i++) out = tf.reverse(tf.transpose(out, [1, 0, 2]), 0);
    return out;
  });
}

export function randomCrop(img: tf.Tensor3D, size: [number, number], pad: number, rng: Rng): tf.Tensor3D {
  const [h, w] = size;
  const [H, W] = img.shape;
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`pad must be a non-negative integer, got ${pad}`);
  if (!(h >= 1 && w >= 1) || h > H + 2 * pad || w > W + 2 * pad) {
    throw new Error(`crop ${h}×${w} does not fit in the padded ${H + 2 * pad}×${W + 2 * pad} image`);
  }
  // Top first, then left: uniform over every window position of the padded image.
  const top = Math.floor(rng() * (H + 2 * pad - h + 1));
  const left = Math.floor(rng() * (W + 2 * pad - w + 1));
  return tf.tidy(() => tf.slice(tf.pad(img, [[pad, pad], [pad, pad], [0, 0]]), [top, left, 0], [h, w, -1]));
}

/** One standard normal draw (Box–Muller); 1 − u keeps the log away from 0. */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export function addGaussianNoise(img: tf.Tensor3D, std: number, rng: Rng): tf.Tensor3D {
  if (!(std >= 0)) throw new Error(`std must be ≥ 0, got ${std}`);
  if (std === 0) return img.clone();
  const noise = new Float32Array(img.size);
  const C = img.shape[2];
  for (let i = 0; i < noise.length; i += C) {
    const v = std * normal(rng);
    for (let c = 0; c < C; c++) noise[i + c] = v;
  }
  return tf.tidy(() => tf.add(img, tf.tensor(noise, img.shape)));
}

const clip01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * Moves the content dx pixels right and dy down, zeros flowing in: the same as tf.image.transform
 * with [1, 0, −dx, 0, 1, −dy, 0, 0] ('nearest'), built here from pad and slice: pad on the side the
 * content moves towards, then slice the original size from the other side.
 */
function shift(img: tf.Tensor3D, dx: number, dy: number): tf.Tensor3D {
  const [H, W] = img.shape;
  return tf.tidy(() => {
    const padded = tf.pad(img, [[Math.max(dy, 0), Math.max(-dy, 0)], [Math.max(dx, 0), Math.max(-dx, 0)], [0, 0]]);
    return tf.slice(padded, [Math.max(-dy, 0), Math.max(-dx, 0), 0], [H, W, -1]);
  });
}

export function augmentWithBoxes(img: tf.Tensor3D, boxes: Box[], ops: AugOp[]): { img: tf.Tensor3D; boxes: Box[] } {
  let out = img.clone();
  let bs: Box[] = boxes.map((b) => [...b] as Box); // never change the caller's boxes
  for (const op of ops) {
    const [H, W] = out.shape;
    let next: tf.Tensor3D;
    if (op.kind === 'flipH') {
      next = flipHorizontal(out);
      // x1 must stay the left edge, so the new x1 comes from the old x2.
      bs = bs.map(([x1, y1, x2, y2]) => [1 - x2, y1, 1 - x1, y2]);
    } else if (op.kind === 'rot90') {
      next = rot90(out, op.k);
      for (let i = 0; i < quarterTurns(op.k); i++) {
        // A point (x, y) goes to (y, 1 − x): the right edge becomes the top.
        bs = bs.map(([x1, y1, x2, y2]) => [y1, 1 - x2, y2, 1 - x1]);
      }
    } else if (op.kind === 'translate') {
      const { dx, dy } = op;
      if (!Number.isInteger(dx) || !Number.isInteger(dy)) throw new Error(`translate needs whole pixels, got (${dx}, ${dy})`);
      next = shift(out, dx, dy);
      bs = bs.map(([x1, y1, x2, y2]) => [clip01(x1 + dx / W), clip01(y1 + dy / H), clip01(x2 + dx / W), clip01(y2 + dy / H)]);
    } else {
      out.dispose();
      throw new Error(`unknown augmentation ${(op as { kind: string }).kind}`);
    }
    out.dispose();
    out = next;
  }
  return { img: out, boxes: bs };
}
