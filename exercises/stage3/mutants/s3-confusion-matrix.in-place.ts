// s3-confusion-matrix — MUTANT: normalizes the caller's matrix in place.

/** Throws unless `v` is a class index 0 … numClasses − 1 (tf.math.confusionMatrix silently drops the rest). */
function checkLabel(v: number, numClasses: number, where: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
    throw new RangeError(`confusionMatrix: ${where} = ${v} is not a class index in 0…${numClasses - 1}`);
  }
}

export function confusionMatrix(yTrue: number[], yPred: number[], numClasses: number): number[][] {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: ${yTrue.length} labels but ${yPred.length} predictions`);
  // Rows are the TRUE class, columns the PREDICTED class: cm[t][p] counts examples of class t predicted as p.
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    checkLabel(yTrue[i], numClasses, `yTrue[${i}]`);
    checkLabel(yPred[i], numClasses, `yPred[${i}]`);
    cm[yTrue[i]][yPred[i]]++;
  }
  return cm; // no examples → an all-zero matrix, still numClasses × numClasses
}

export function normalizeConfusion(cm: number[][], by: 'true' | 'pred' | 'all'): number[][] {
  if (!Array.isArray(cm) || cm.length === 0) throw new Error('normalizeConfusion: cm must be a non-empty matrix');
  const cols = cm[0].length;
  for (const row of cm) {
    if (!Array.isArray(row) || row.length !== cols) throw new Error('normalizeConfusion: every row must have the same length');
    for (const v of row) if (!Number.isFinite(v) || v < 0) throw new Error(`normalizeConfusion: counts must be finite and non-negative, got ${v}`);
  }
  if (by !== 'true' && by !== 'pred' && by !== 'all') throw new Error(`normalizeConfusion: by must be 'true', 'pred' or 'all', got '${String(by)}'`);
  const rowSums = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = cm[0].map((_, j) => cm.reduce((s, row) => s + row[j], 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  // A class with no examples (a zero row, column or matrix) has nothing to divide: 0, not 0/0 = NaN.
  const div = (v: number, d: number) => (d === 0 ? 0 : v / d);
  // A new matrix: the caller's counts stay as they were.
  cm.forEach((row, i) => row.forEach((v, j) => { row[j] = div(v, by === 'true' ? rowSums[i] : by === 'pred' ? colSums[j] : total); }));
  return cm;
}
