/**
 * s4-pooling: max and average pooling with plain loops (P0), the way tf.maxPool / tf.avgPool
 * compute them. Layout NHWC: x [batch, height, width, channels]; each channel is pooled alone.
 */
import * as tf from '@tensorflow/tfjs';

function pair(v: number | [number, number], what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : v;
  if (p.length !== 2 || p.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${what} must be a positive integer or a pair of them, got ${JSON.stringify(v)}`);
  return p;
}

function pool(x: tf.Tensor4D, poolSize: number | [number, number], strides: number | [number, number], pad: 'valid' | 'same', kind: 'max' | 'avg'): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`x must be rank 4 [batch, height, width, channels], got rank ${x.rank}`);
  if (pad !== 'valid' && pad !== 'same') throw new Error(`pad must be 'valid' or 'same', got ${String(pad)}`);
  const [B, H, W, C] = x.shape;
  const [ph, pw] = pair(poolSize, 'poolSize');
  const [sh, sw] = pair(strides, 'strides');
  const outH = pad === 'same' ? Math.ceil(H / sh) : Math.max(1, Math.floor((H - ph) / sh) + 1);
  const outW = pad === 'same' ? Math.ceil(W / sw) : Math.max(1, Math.floor((W - pw) / sw) + 1);
  // Same rule as convolution: the extra padded row/column goes to the bottom/right.
  const top = pad === 'same' ? Math.floor(Math.max((outH - 1) * sh + ph - H, 0) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max((outW - 1) * sw + pw - W, 0) / 2) : 0;
  const xv = x.dataSync();
  const out = new Float32Array(B * outH * outW * C);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        for (let c = 0; c < C; c++) {
          let best = -Infinity, sum = 0, count = 0;
          for (let u = 0; u < ph; u++) {
            const r = i * sh - top + u;
            if (r < 0 || r >= H) continue; // padded cells take no part, in max and in the average's count
            for (let v = 0; v < pw; v++) {
              const col = j * sw - left + v;
              if (col < 0 || col >= W) continue;
              const val = xv[((b * H + r) * W + col) * C + c];
              if (val > best) best = val;
              sum += val;
              count++;
            }
          }
          out[((b * outH + i) * outW + j) * C + c] = kind === 'max' ? best : sum / count;
        }
      }
    }
  }
  return tf.tensor4d(out, [B, outH, outW, C]);
}

export function maxPool2d(x: tf.Tensor4D, poolSize: number | [number, number], strides: number | [number, number], pad: 'valid' | 'same'): tf.Tensor4D {
  return pool(x, poolSize, strides, pad, 'max');
}

export function avgPool2d(x: tf.Tensor4D, poolSize: number | [number, number], strides: number | [number, number], pad: 'valid' | 'same'): tf.Tensor4D {
  return pool(x, poolSize, strides, pad, 'avg');
}
