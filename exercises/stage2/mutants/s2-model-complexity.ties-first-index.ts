// s2-model-complexity — reference solution (P0: plain numbers, no tf ops).

function assertPositiveInt(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${what} must be a positive integer, got ${v}`);
}

/** A dense layer n_in → n_out has an n_in × n_out kernel plus one bias per output unit. */
export function countDenseParams(layerSizes: number[]): number {
  layerSizes.forEach((s, i) => assertPositiveInt(s, `layerSizes[${i}]`));
  let total = 0;
  for (let i = 0; i + 1 < layerSizes.length; i++) total += layerSizes[i] * layerSizes[i + 1] + layerSizes[i + 1];
  return total;
}

/** Each filter spans every input channel (kh·kw·inChannels weights) and has ONE bias, not one per channel. */
export function countConv2dParams(kernel: [number, number], inChannels: number, filters: number, useBias = true): number {
  assertPositiveInt(kernel[0], 'kernel height');
  assertPositiveInt(kernel[1], 'kernel width');
  assertPositiveInt(inChannels, 'inChannels');
  assertPositiveInt(filters, 'filters');
  return kernel[0] * kernel[1] * inChannels * filters + (useBias ? filters : 0);
}

/**
 * Index of the model to keep: the lowest validation loss, except that models within 1e-3 of that
 * loss count as tied, and among tied models the one with the fewest parameters wins (Occam's razor:
 * a difference that small is noise, and the smaller model is cheaper and generalises more reliably).
 */
export function selectByValidation(results: Array<{ params: number; valLoss: number }>): number {
  if (results.length === 0) throw new Error('selectByValidation needs at least one result');
  // A diverged run (NaN loss) can never be the best model.
  const best = Math.min(...results.map((r) => r.valLoss).filter((v) => !Number.isNaN(v)));
  let pick = -1;
  results.forEach((r, i) => {
    if (r.valLoss - best <= 1e-3 && pick < 0) pick = i;
  });
  return pick;
}
