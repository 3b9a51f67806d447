/** Helpers for P2 (tf.layers) exercises: inject weights, describe structure, overfit one batch. */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';
import { fmtNum } from './format';

/**
 * Builds `layer` for the given weight shapes if needed, then setWeights(ws). Works for dense,
 * simpleRNN, LSTM, GRU, batch/layer norm: `ws` in the layer's getWeights() order.
 */
export function setDenseWeights(layer: tf.layers.Layer, ws: tf.Tensor[], inputShape?: Array<number | null>): void {
  if (!layer.built) {
    layer.build((inputShape ?? guessInputShape(layer, ws)) as tf.Shape);
  }
  const want = layer.getWeights().map((w) => w.shape.join(','));
  const got = ws.map((w) => w.shape.join(','));
  if (want.join(' ') !== got.join(' ')) {
    throw new Error(`setDenseWeights: layer ${layer.name} wants weights [${want.map((s) => `[${s}]`).join(', ')}], got [${got.map((s) => `[${s}]`).join(', ')}]`);
  }
  layer.setWeights(ws);
}

/** The input shape a layer needs to build weights shaped like `ws` (batch and time left open). */
function guessInputShape(layer: tf.layers.Layer, ws: tf.Tensor[]): Array<number | null> {
  const cls = layer.getClassName();
  const first: number[] = ws[0]?.shape ?? [];
  const at = (i: number): number | null => first[i] ?? null;
  if (['SimpleRNN', 'LSTM', 'GRU'].includes(cls)) return [null, null, at(0)];
  if (['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D'].includes(cls)) return [null, null, null, at(2)];
  if (cls === 'Conv1D') return [null, null, at(1)];
  // Dense: kernel [in, units]; BatchNormalization / LayerNormalization: gamma [C].
  return [null, at(0)];
}

export interface LayerDescription { name: string; className: string; outputShape: unknown; params: number; config: Record<string, unknown> }

/** One row per layer: class, output shape, parameter count and the serialisable config. */
export function describeLayers(model: tf.LayersModel): LayerDescription[] {
  return model.layers.map((l) => {
    let outputShape: unknown;
    try { outputShape = l.outputShape; } catch { outputShape = undefined; }
    return { name: l.name, className: l.getClassName(), outputShape, params: l.countParams(), config: l.getConfig() as Record<string, unknown> };
  });
}

/** Total parameters (trainable + frozen). Fails with a readable message if the model is not built. */
export function countParams(model: tf.LayersModel | tf.layers.Layer): number {
  try {
    return model.countParams();
  } catch (err) {
    return fail(`the model's parameters cannot be counted yet (${(err as Error).message}) — give the first layer an inputShape`);
  }
}

/**
 * Trains on one fixed batch with Adam until the loss is below `targetLoss` or `maxSteps` is
 * reached, with model.trainOnBatch (no shuffling, so deterministic for seeded initializers).
 * Fails if the target is not reached. The model is compiled here.
 */
export async function overfitOneBatch(
  model: tf.LayersModel, x: tf.Tensor | tf.Tensor[], y: tf.Tensor,
  o: { loss: string; lr: number; maxSteps: number; targetLoss: number; name?: string },
): Promise<{ steps: number; finalLoss: number; ms: number; losses: number[] }> {
  const t0 = Date.now();
  model.compile({ optimizer: tf.train.adam(o.lr), loss: o.loss });
  const losses: number[] = [];
  let loss = Infinity;
  let steps = 0;
  while (steps < o.maxSteps) {
    const r = await model.trainOnBatch(x, y);
    loss = Array.isArray(r) ? r[0] : r;
    losses.push(loss);
    steps++;
    if (!Number.isFinite(loss)) fail(`${o.name ?? 'the model'}'s loss became ${fmtNum(loss)} at step ${steps} while overfitting one batch`, { hintKey: 'overfit' });
    if (loss <= o.targetLoss) break;
  }
  const ms = Date.now() - t0;
  if (loss > o.targetLoss) {
    fail(`${o.name ?? 'the model'} could not overfit a single batch: loss ${fmtNum(losses[0])} → ${fmtNum(loss)} after ${steps} steps (target ≤ ${o.targetLoss}) — a layer that blocks the signal (missing activation, wrong output size, frozen weights)?`,
      { expected: `loss ≤ ${o.targetLoss}`, actual: `loss ${fmtNum(loss)}`, hintKey: 'overfit' });
  }
  return { steps, finalLoss: loss, ms, losses };
}
