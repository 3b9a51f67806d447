/**
 * Demo of s3-one-hot: a small product table (colour is nominal, size is ordinal) encoded with the
 * learner's buildVocab and oneHot, and a least-squares linear model of the price on each encoding.
 * With colour label-encoded, the model must give each colour an effect proportional to its id —
 * an order the colours do not have; one-hot gives each colour its own weight.
 */
import { CATEGORICAL_SIZES, defineDemo, makeCategoricalTable, solveLinear } from 'dl-tutor/grading';

type M = typeof import('../solutions/s3-one-hot');

/** Least squares with a tiny ridge (keeps the normal equations solvable): returns the weights. */
function leastSquares(x: number[][], y: number[]): number[] {
  const d = x[0].length;
  const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? 1e-6 : 0)));
  const b = Array.from({ length: d }, (_, i) => x.reduce((s, r, k) => s + r[i] * y[k], 0));
  return solveLinear(A, b);
}

const mse = (x: number[][], y: number[], w: number[]): number =>
  x.reduce((s, r, i) => s + (r.reduce((a, v, j) => a + v * w[j], 0) - y[i]) ** 2, 0) / x.length;

/** The colour effects the data was generated with (price = 10 + 5·size + effect + noise). */
const TRUE_EFFECT: Record<string, number> = { red: 2, green: 0, blue: 1, yellow: -1 };

export default defineDemo<M>({
  async run(m, ctx) {
    const table = makeCategoricalTable({ n: 200, seed: 4 });
    const vocab = m.buildVocab(table.color);
    const colours = vocab.toToken.slice(1); // id 0 is the unknown token
    const ids = table.color.map((c) => vocab.toId.get(c) ?? 0);
    const sizeIdx = table.size.map((s) => CATEGORICAL_SIZES.indexOf(s as (typeof CATEGORICAL_SIZES)[number]));
    const enc = m.oneHot(ids, vocab.toToken.length);
    const oh = enc.arraySync() as number[][];
    enc.dispose();

    const show = 8;
    const rowLabels = table.color.slice(0, show).map((c, i) => `${c}, ${table.size[i]}`);
    ctx.emit({
      kind: 'matrix', chart: 'labelEncoded', title: 'Label encoding: one integer per category (first 8 rows)',
      rowLabels, colLabels: ['colour id', 'size id'], values: ids.slice(0, show).map((id, i) => [id, sizeIdx[i]]),
      xLabel: 'feature', yLabel: 'row (colour, size)',
    });
    ctx.emit({
      kind: 'matrix', chart: 'oneHot', title: 'One-hot colour: one column per vocabulary entry (first 8 rows)',
      rowLabels, colLabels: vocab.toToken, values: oh.slice(0, show),
      xLabel: 'vocabulary entry (id 0 = unknown)', yLabel: 'row (colour, size)',
    });

    // Both models treat size as a number (it has an order); they differ in how colour enters.
    const xLabel = ids.map((id, i) => [1, sizeIdx[i], id]);
    // No intercept: the colour columns carry it. Column 0 (the unknown token) is all zeros, so drop it;
    // colour id k then sits at index k, after size at index 0.
    const xOneHot = oh.map((r, i) => [sizeIdx[i], ...r.slice(1)]);
    const wLabel = leastSquares(xLabel, table.price);
    const wOneHot = leastSquares(xOneHot, table.price);
    // Each model's price for a size-S item of each colour, relative to green (the true 0).
    const greenId = vocab.toId.get('green')!;
    const labelEffect = colours.map((c) => wLabel[2] * (vocab.toId.get(c)! - greenId));
    const oneHotEffect = colours.map((c) => wOneHot[vocab.toId.get(c)!] - wOneHot[greenId]);
    ctx.emit({
      kind: 'bars', chart: 'colourEffects', title: 'Price effect of each colour relative to green (price units), as each model sees it',
      labels: colours.map((c) => `${c} (id ${vocab.toId.get(c)})`),
      series: [
        { name: 'true effect', values: colours.map((c) => TRUE_EFFECT[c] - TRUE_EFFECT.green) },
        { name: 'linear model, label-encoded colour', values: labelEffect },
        { name: 'linear model, one-hot colour', values: oneHotEffect },
      ],
    });
    const errLabel = mse(xLabel, table.price, wLabel);
    const errOneHot = mse(xOneHot, table.price, wOneHot);
    ctx.emit({ kind: 'note', chart: 'ordering', text: `Label encoding forces the colour effect to grow by the same step (${wLabel[2].toFixed(2)}) from id to id — an order colours do not have. Training MSE: label-encoded ${errLabel.toFixed(2)}, one-hot ${errOneHot.toFixed(2)}.` });
    // The false ordering: colour pairs whose price order the label-encoded model gets backwards.
    const trueEffect = colours.map((c) => TRUE_EFFECT[c]);
    let misordered = 0;
    for (let i = 0; i < colours.length; i++) {
      for (let j = i + 1; j < colours.length; j++) if ((trueEffect[i] - trueEffect[j]) * (labelEffect[i] - labelEffect[j]) < 0) misordered++;
    }
    const maxErr = Math.max(...colours.map((c, i) => Math.abs(oneHotEffect[i] - (TRUE_EFFECT[c] - TRUE_EFFECT.green))));
    return {
      vocabulary: vocab.toToken.join(', '),
      mseLabelEncoded: errLabel,
      mseOneHot: errOneHot,
      labelStepPerId: wLabel[2],
      oneHotMaxEffectError: maxErr,
      colourPairsMisorderedByLabelEncoding: misordered,
      labelEncodingMisordersColours: misordered > 0,
      oneHotFitsBetter: errOneHot < errLabel,
      oneHotRecoversColourEffects: maxErr < 0.5,
    };
  },
});
