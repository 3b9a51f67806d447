/**
 * The LeNet-5 epoch of `dl-tutor bench` (dist/bench-lenet.js), run in its own process per engine:
 *
 *   node dist/bench-lenet.js gen <dir>                     writes 2 048 seeded 28×28 shape images
 *   node dist/bench-lenet.js run <dir> tensorflow|cpu      one timed epoch; prints JSON
 *
 * Data: drawShapes (seed 2048, the six shape kinds), written as raw little-endian float32 images
 * (x.f32, [2048, 28, 28, 1]) and int32 labels (y.i32), so scripts/bench-lenet-keras.py trains on
 * exactly the same numbers. Model (both sides): LeNet-5 with tanh and average pooling, softmax
 * over 6 classes, SGD(0.05), categorical cross-entropy, batch 64, no shuffling, `model.fit`. A
 * warm-up fit on 128 images runs first (both sides), so kernel set-up and tracing are not timed.
 */
import { installFastCpuKernels } from '../worker/fastCpuKernels';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LENET_BENCH = { n: 2048, size: 28, classes: 6, batch: 64, lr: 0.05, seed: 2048, warmup: 128 };

async function main(): Promise<void> {
  const [cmd, dir, engine] = process.argv.slice(2);
  const { n, size, classes, batch, lr, seed, warmup } = LENET_BENCH;
  if (cmd === 'gen') {
    const { drawShapes, SHAPE_KINDS } = await import('../data/images');
    const b = drawShapes({ n, size, kinds: SHAPE_KINDS.slice(0, classes), seed });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'x.f32'), Buffer.from(b.images.buffer, b.images.byteOffset, b.images.byteLength));
    fs.writeFileSync(path.join(dir, 'y.i32'), Buffer.from(b.labels.buffer, b.labels.byteOffset, b.labels.byteLength));
    return;
  }
  if (cmd !== 'run') throw new Error('usage: bench-lenet gen|run <dir> [tensorflow|cpu]');
  const tf: typeof import('@tensorflow/tfjs') = engine === 'cpu' ? require('@tensorflow/tfjs') : require('@tensorflow/tfjs-node');
  if (engine === 'cpu') { await tf.setBackend('cpu'); installFastCpuKernels(tf); }
  const xb = fs.readFileSync(path.join(dir, 'x.f32'));
  const yb = fs.readFileSync(path.join(dir, 'y.i32'));
  const xs = new Float32Array(xb.buffer.slice(xb.byteOffset, xb.byteOffset + xb.byteLength));
  const ys = new Int32Array(yb.buffer.slice(yb.byteOffset, yb.byteOffset + yb.byteLength));
  const x = tf.tensor4d(xs, [n, size, size, 1]);
  const y = tf.oneHot(tf.tensor1d(ys, 'int32'), classes).toFloat();
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [size, size, 1], filters: 6, kernelSize: 5, activation: 'tanh' }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'tanh' }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'tanh' }),
      tf.layers.dense({ units: 84, activation: 'tanh' }),
      tf.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(lr), loss: 'categoricalCrossentropy' });
  const wx = tf.slice(x, 0, warmup), wy = tf.slice(y, 0, warmup);
  await model.fit(wx, wy, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0 });
  const t0 = performance.now();
  const h = await model.fit(x, y, { epochs: 1, batchSize: batch, shuffle: false, verbose: 0 });
  const ms = performance.now() - t0;
  // Where the time goes: the kernels of one training step (tf.profile), on the native engine only.
  let profile: Record<string, unknown> | undefined;
  if (engine !== 'cpu') {
    const bx = tf.slice(x, 0, batch), by = tf.slice(y, 0, batch);
    const t1 = performance.now();
    const p = await tf.profile(async () => { await model.trainOnBatch(bx, by); });
    const stepMs = performance.now() - t1;
    const byKernel = new Map<string, number>();
    for (const k of p.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
    const kernelMs = [...byKernel.values()].reduce((a, v) => a + v, 0);
    profile = {
      stepMs: +stepMs.toFixed(2), kernelsPerStep: p.kernels.length, kernelMs: +kernelMs.toFixed(2),
      top: [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(2)} ms`),
    };
    tf.dispose([bx, by]);
  }
  process.stdout.write(JSON.stringify({ engine: tf.getBackend(), epochMs: Math.round(ms), msPerBatch: +(ms / Math.ceil(n / batch)).toFixed(2), loss: h.history.loss[0], params: model.countParams(), ...(profile ? { profile } : {}) }) + '\n');
}

main().catch((e) => { process.stderr.write(String(e?.stack ?? e) + '\n'); process.exit(1); });
