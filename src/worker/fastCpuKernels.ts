/**
 * Faster pure-JS kernels for the fallback engine. The stock `cpu` backend computes a convolution's
 * filter gradient (Conv2DBackpropFilter) with a loop order that makes it 85 % of a small CNN's
 * training step (5 s of 6 s for one batch of 32 at 16×16), and the gradient of `tf.gather`
 * (UnsortedSegmentSum, used by embeddings) in O(segments · N · D); the max pool's gradient
 * (MaxPoolGrad) searches every window once per input position. These replacements compute the
 * same sums in one pass over the data, so Stage 4–5 checks and demos stay usable without tfjs-node.
 *
 * Registered once per thread, before anything wraps the kernel registry; anything they do not
 * handle (NCHW data, complex dtypes) goes to the stock kernel they replace.
 */
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
interface Info { dataId: object; shape: number[]; dtype: string }
interface CpuBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: string, values: ArrayLike<number>): Info;
}
interface KernelArgs { inputs: Record<string, Info>; backend: CpuBackend; attrs: Record<string, unknown> }
type KernelFunc = (args: KernelArgs) => Info;

/** dW[kh, kw, c, o] = Σ over n, oh, ow of x[n, oh·sh + kh − top, ow·sw + kw − left, c] · dy[n, oh, ow, o]. */
function conv2DBackpropFilter(tf: Tf, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as {
      strides: number | [number, number]; pad: 'valid' | 'same' | number; dataFormat?: string;
      dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
    };
    if ((dataFormat && dataFormat !== 'NHWC') || x.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O,
      strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = info;
    const top = info.padInfo.top, left = info.padInfo.left;
    const xv = args.backend.readSync(x.dataId), dyv = args.backend.readSync(dy.dataId);
    const acc = new Float64Array(KH * KW * C * O);
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const ih0 = oh * sh - top;
        for (let ow = 0; ow < OW; ow++) {
          const iw0 = ow * sw - left;
          const d0 = ((n * OH + oh) * OW + ow) * O;
          for (let kh = 0; kh < KH; kh++) {
            const ih = ih0 + kh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = iw0 + kw;
              if (iw < 0 || iw >= W) continue;
              const x0 = ((n * H + ih) * W + iw) * C;
              const a0 = (kh * KW + kw) * C * O;
              for (let c = 0; c < C; c++) {
                const xval = xv[x0 + c];
                if (xval === 0) continue;
                const a = a0 + c * O;
                for (let o = 0; o < O; o++) acc[a + o] += xval * dyv[d0 + o];
              }
            }
          }
        }
      }
    }
    return args.backend.makeTensorInfo([KH, KW, C, O], 'float32', Float32Array.from(acc));
  };
}

/** out[s, …] = Σ over i with segmentIds[i] = s of x[i, …]; ids outside [0, numSegments) are dropped. */
function unsortedSegmentSum(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, segmentIds } = args.inputs;
    const numSegments = args.attrs.numSegments as number;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || segmentIds.shape.length > x.shape.length) return stock(args);
    const xv = args.backend.readSync(x.dataId), ids = args.backend.readSync(segmentIds.dataId);
    const n = ids.length;
    const inner = n === 0 ? 0 : xv.length / n;
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    for (let i = 0; i < n; i++) {
      const s = ids[i];
      if (!(s >= 0 && s < numSegments)) continue;
      const o = s * inner, xi = i * inner;
      for (let j = 0; j < inner; j++) out[o + j] += xv[xi + j];
    }
    return args.backend.makeTensorInfo(outShape, x.dtype, out);
  };
}

/**
 * dx of a max pool: each output's gradient goes to the first largest input of its window (row by
 * row, as the stock kernel picks it), accumulated where windows overlap. One pass over the windows
 * instead of the stock kernel's search of every window for every input position.
 */
function maxPoolGrad(tf: Tf, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as {
      filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    if (input.dtype !== 'float32' || input.shape.length !== 4) return stock(args);
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW,
      strideHeight: sh, strideWidth: sw, effectiveFilterHeight: KH, effectiveFilterWidth: KW } = info;
    const top = info.padInfo.top, left = info.padInfo.left;
    const xv = args.backend.readSync(input.dataId), dyv = args.backend.readSync(dy.dataId);
    const dx = new Float32Array(N * H * W * C);
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const ih0 = oh * sh - top;
        for (let ow = 0; ow < OW; ow++) {
          const iw0 = ow * sw - left;
          const o0 = ((n * OH + oh) * OW + ow) * C;
          for (let c = 0; c < C; c++) {
            let best = -Infinity, at = -1;
            for (let kh = 0; kh < KH; kh++) {
              const ih = ih0 + kh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = iw0 + kw;
                if (iw < 0 || iw >= W) continue;
                const i = ((n * H + ih) * W + iw) * C + c;
                if (xv[i] > best) { best = xv[i]; at = i; }
              }
            }
            if (at >= 0) dx[at] += dyv[o0 + c];
          }
        }
      }
    }
    return args.backend.makeTensorInfo(input.shape, 'float32', dx);
  };
}

const FAST: Record<string, (tf: Tf, stock: KernelFunc) => KernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  UnsortedSegmentSum: (_tf, stock) => unsortedSegmentSum(stock),
  MaxPoolGrad: maxPoolGrad,
};

/** Replace the slow stock kernels of the `cpu` backend; returns a function that puts them back. */
export function installFastCpuKernels(tf: Tf): () => void {
  const restore: Array<() => void> = [];
  for (const [name, make] of Object.entries(FAST)) {
    const stock = tf.getKernel(name, 'cpu') as unknown as { kernelFunc: KernelFunc } | undefined;
    if (!stock) continue;
    const stockFunc = stock.kernelFunc;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: make(tf, stockFunc) as unknown as tfType.KernelFunc });
    restore.push(() => {
      tf.unregisterKernel(name, 'cpu');
      tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: stockFunc as unknown as tfType.KernelFunc });
    });
  }
  return () => { for (const r of restore) r(); };
}
