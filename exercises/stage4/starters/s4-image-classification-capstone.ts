/**
 * s4-image-classification-capstone — image classification end to end
 *
 * Everything in this stage, put together: choose a network, train it, and return the trained
 * tf.LayersModel (rule level P2: tf.layers, optimizers, fit and trainOnBatch are all allowed).
 *
 * The data are images of shapes (circle, square, triangle, cross, ring, star), drawn at random
 * positions, sizes and (on the native engine) angles, with a little noise: 6 classes.
 *   data.train.x  [N, H, W, 1], values in [0, 1]     data.train.y  [N, 6], one-hot
 *   data.val.x / data.val.y: a validation set, to measure (not to train on)
 *
 * The grader then measures your model's accuracy on test images you never see, drawn the same
 * way: 0.80 passes (bronze), 0.90 is silver, 0.95 gold.
 *
 * The budget is counted, not timed:
 *   - at most budget.maxSteps training steps. One step is one optimizer update: one batch in
 *     model.fit or trainOnBatch, one optimizer.minimize, one tf.variableGrads. Past the budget the
 *     next step throws and the training stops there.
 *   - at most budget.maxParams parameters (model.countParams()).
 *   - batches of at most 32 images.
 * Use budget.seed in your initializers and shuffling: the same seed should give the same model.
 *
 * The model must output class probabilities: [batch, 6], each row summing to 1 (a softmax layer).
 * Tip: model.fit shuffles with Math.random; for a repeatable run, shuffle yourself with a seeded
 * generator and call model.trainOnBatch.
 */
import * as tf from '@tensorflow/tfjs';

export async function classificationCapstone(
  data: { train: { x: tf.Tensor4D; y: tf.Tensor2D }; val: { x: tf.Tensor4D; y: tf.Tensor2D } },
  budget: { maxSteps: number; maxParams: number; seed: number },
): Promise<tf.LayersModel> {
  // TODO: build a small CNN, compile it, train it for at most budget.maxSteps steps, return it.
  throw new Error('Not implemented: s4-image-classification-capstone');
}
