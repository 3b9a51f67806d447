// s2-model-complexity — controlling model complexity.
//
// Rule level P0: pure TypeScript (plain numbers; no tf ops). The grader compares your counts with
// what TensorFlow.js reports for real models (model.countParams()).
//
//   countDenseParams(layerSizes)   e.g. [2, 16, 16, 1] = input 2 → dense 16 → dense 16 → dense 1.
//                                  Every dense layer n_in → n_out has a kernel and biases.
//   countConv2dParams(kernel, inChannels, filters, useBias = true)
//                                  a tf.layers.conv2d layer with `filters` kernels of kh × kw that
//                                  each span all input channels. useBias defaults to true, like tfjs.
//   Both throw an Error when a size (or kernel dimension, channel count, filter count) is not a
//   positive integer.
//
//   selectByValidation(results)    the index of the model to keep: find the lowest valLoss; every
//                                  model whose valLoss is within 1e-3 of it counts as tied; among
//                                  the tied models return the one with the FEWEST params.
//                                  An empty list throws.

export function countDenseParams(layerSizes: number[]): number {
  // TODO: sum the parameters of each consecutive pair of layer sizes.
  throw new Error('Not implemented: s2-model-complexity');
}

export function countConv2dParams(kernel: [number, number], inChannels: number, filters: number, useBias = true): number {
  // TODO: weights of all filters, plus the biases when useBias.
  throw new Error('Not implemented: s2-model-complexity');
}

export function selectByValidation(results: Array<{ params: number; valLoss: number }>): number {
  // TODO: best loss first, then the fewest parameters among the models within 1e-3 of it.
  throw new Error('Not implemented: s2-model-complexity');
}
