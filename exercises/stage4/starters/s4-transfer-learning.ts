/**
 * s4-transfer-learning — reuse a pretrained network for new classes (rule level P2: layers and
 * optimizers allowed).
 *
 * The base is a small CNN pretrained on squares, triangles, stars and circles (24×24 grey images):
 * conv1 → pool1 → conv2 → pool2 → conv3 → features (global average pooling, 32 values) → head
 * (Dense(4, softmax)). You will teach it crosses, rings and circles from a handful of images.
 *
 * truncateAt(model, layerName)
 *   A NEW model from model's input to the output of the layer named layerName, reusing the same
 *   layers (so the same trained weights). Leave `model` as it was. An unknown name throws an Error
 *   that names it.
 *
 * freezeUpTo(model, layerIndex)
 *   Sets trainable = false on model.layers[0 … layerIndex − 1] and trainable = true on
 *   model.layers[layerIndex …] (exclusive, like fineTune's trainableFrom). Throws unless layerIndex
 *   is a whole number from 0 to model.layers.length. Note: a tf.Sequential's layers do not include an
 *   InputLayer, a tf.model's layers start with one.
 *
 * buildTransferModel(base, numClasses, seed)
 *   base is a pretrained classifier; its last layer is its own classification head. Return a new
 *   model: base's layers up to the one below that head (shared, with their pretrained weights, all
 *   frozen), then a new Dense(numClasses, softmax) whose kernelInitializer is seeded with `seed`.
 *   Only the new head is trainable. Throws for numClasses < 2 or not a whole number.
 *
 * fineTune(model, data, phases)
 *   data.y is one-hot. For each phase in order: freeze the layers below phase.trainableFrom (the
 *   others trainable), compile with a new optimizer at phase.lr (e.g. tf.train.adam(phase.lr)) and
 *   categorical cross-entropy, fit phase.epochs epochs. Return one tf.History per phase.
 *
 * Two tfjs traps:
 *   - Set trainable on each layer. A frozen model nested inside tf.sequential([...]) is unfrozen
 *     again by compile().
 *   - Changing trainable takes effect at the next compile(): after unfreezing, compile again (a
 *     model last compiled while frozen keeps those layers frozen).
 */
import * as tf from '@tensorflow/tfjs';

export function truncateAt(model: tf.LayersModel, layerName: string): tf.LayersModel {
  // TODO: find the layer by name; build tf.model({ inputs: model.inputs, outputs: layer.output }).
  throw new Error('Not implemented: s4-transfer-learning');
}

export function freezeUpTo(model: tf.LayersModel, layerIndex: number): void {
  // TODO: validate layerIndex; set trainable on every layer.
  throw new Error('Not implemented: s4-transfer-learning');
}

export function buildTransferModel(base: tf.LayersModel, numClasses: number, seed: number): tf.LayersModel {
  // TODO: cut below the base's last layer, add a seeded Dense(numClasses, softmax), freeze the rest.
  throw new Error('Not implemented: s4-transfer-learning');
}

export async function fineTune(model: tf.LayersModel, data: { x: tf.Tensor; y: tf.Tensor }, phases: Array<{ trainableFrom: number; lr: number; epochs: number }>): Promise<tf.History[]> {
  // TODO: for each phase: freeze, compile (new optimizer at phase.lr), fit; collect the Histories.
  throw new Error('Not implemented: s4-transfer-learning');
}
