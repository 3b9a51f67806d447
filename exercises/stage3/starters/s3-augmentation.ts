/**
 * s3-augmentation — image augmentation that keeps bounding boxes in step.
 *
 * Rule level P1: tf ops are allowed (tf.reverse, tf.transpose, tf.pad, tf.slice, tf.image.*…).
 * Images are [height, width, channels] (HWC). A Box is [x1, y1, x2, y2], normalised to [0, 1],
 * with x to the right and y DOWN (row 0 is the top).
 *
 * - flipHorizontal(img): mirror left ↔ right (reverse the columns).
 * - rot90(img, k): rotate by k·90° COUNTER-clockwise, like tf.image.rot90 / numpy's np.rot90; an
 *   [H, W, C] image becomes [W, H, C] for odd k. Any integer k works: −1 is one turn clockwise,
 *   4 is no turn (k is taken mod 4).
 * - randomCrop(img, [h, w], pad, rng): pad the image with `pad` rows/columns of zeros on every side,
 *   then cut out an h×w window at a random position. Draw the top row first, then the left column,
 *   each uniformly from the valid positions with `rng` (never Math.random), so the same seed gives
 *   the same crop. Throw when the window is larger than the padded image.
 * - addGaussianNoise(img, std, rng): add independent N(0, std²) noise to every value (every pixel and
 *   channel), drawn from `rng` (e.g. Box–Muller). std = 0 returns the same values. No clipping.
 * - augmentWithBoxes(img, boxes, ops): apply the ops in order to the image AND the boxes:
 *     { kind: 'flipH' }              box → [1 − x2, y1, 1 − x1, y2]
 *     { kind: 'rot90', k }           as rot90 (one counter-clockwise turn maps a point (x, y) to (y, 1 − x))
 *     { kind: 'translate', dx, dy }  shift the content dx pixels right and dy pixels down (whole
 *                                    pixels), zeros flowing in — what tf.image.transform does with
 *                                    [1, 0, −dx, 0, 1, −dy, 0, 0] ('nearest', zero fill); tf.pad +
 *                                    tf.slice builds the same shift.
 *                                    Boxes move by dx/width, dy/height and are clipped to [0, 1].
 *   Return the boxes in the same order (an empty list stays empty); leave the input boxes unchanged.
 * Return new tensors, leak nothing, never dispose the inputs.
 */
import * as tf from '@tensorflow/tfjs';

export type Rng = () => number;
export type Box = [number, number, number, number];
export type AugOp = { kind: 'flipH' } | { kind: 'rot90'; k: number } | { kind: 'translate'; dx: number; dy: number };

export function flipHorizontal(img: tf.Tensor3D): tf.Tensor3D {
  // TODO: reverse the width axis.
  void tf;
  void img;
  throw new Error('Not implemented: s3-augmentation');
}

export function rot90(img: tf.Tensor3D, k: number): tf.Tensor3D {
  // TODO: k mod 4 counter-clockwise quarter turns (transpose + reverse).
  void img;
  void k;
  throw new Error('Not implemented: s3-augmentation');
}

export function randomCrop(img: tf.Tensor3D, size: [number, number], pad: number, rng: Rng): tf.Tensor3D {
  // TODO: zero-pad, check the window fits, draw top then left with rng, slice.
  void img;
  void size;
  void pad;
  void rng;
  throw new Error('Not implemented: s3-augmentation');
}

export function addGaussianNoise(img: tf.Tensor3D, std: number, rng: Rng): tf.Tensor3D {
  // TODO: one N(0, std²) draw per value, from rng.
  void img;
  void std;
  void rng;
  throw new Error('Not implemented: s3-augmentation');
}

export function augmentWithBoxes(img: tf.Tensor3D, boxes: Box[], ops: AugOp[]): { img: tf.Tensor3D; boxes: Box[] } {
  // TODO: apply each op to the image and to every box, in order.
  void img;
  void boxes;
  void ops;
  throw new Error('Not implemented: s3-augmentation');
}
