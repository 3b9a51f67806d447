// Pinned-seed invariants of the s5-bert-mlm demo: a given tiny encoder trained by masked language
// modelling with the reference maskTokens and mlmLoss. The assertions are the lesson's claims.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const last = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Of<K> | undefined =>
  [...plots].reverse().find((p): p is Of<K> => p.kind === kind && p.chart === chart);

describe('stage 5 BERT (s5-bert-mlm): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-bert-mlm: the encoder learns to fill blanks with the right word class; the masked batch is marked', async () => {
    const t0 = Date.now();
    const { summary: s, plots } = await runDemo('s5-bert-mlm');
    console.log('      ', Date.now() - t0, 'ms', JSON.stringify(s));
    assert.ok(num(s, 'lossLast') < 0.7 * num(s, 'lossFirst'), 'the MLM loss falls from ≈ ln V to well below');
    assert.ok(num(s, 'maskedAccuracyAfter') > 0.25 && num(s, 'maskedAccuracyBefore') < 0.1, 'masked-token accuracy rises from chance (1/38) to far above it');
    assert.equal(s.top1IsA_verb, true, 'the top-1 word for "the cat [MASK] a dog" is a verb');
    assert.equal(s.top1IsA_preposition, true, 'the top-1 word for the preposition slot is a preposition');
    assert.ok(num(s, 'top5InClass_verb') >= 4, 'most of the top 5 for the verb slot are verbs');
    const batch = last(plots, 'tokens', 'maskedBatch');
    assert.ok(batch && batch.rows.length === 8 && batch.labelTitle && batch.tokensTitle);
    const marks = batch.rows.flatMap((r) => r.marks ?? []);
    assert.ok(batch.rows.every((r) => r.marks && r.marks.length === r.tokens.length && r.expected?.length === r.tokens.length));
    assert.ok(marks.includes('masked'), 'some tokens of the shown batch are masked');
    assert.ok(batch.rows.every((r) => r.tokens.every((t, j) => (r.marks![j] === 'masked') === (t === '[MASK]'))), '[MASK] cells are exactly the masked marks');
    for (let i = 0; i < 3; i++) {
      const bars = last(plots, 'bars', `fillIn${i}`);
      assert.ok(bars && bars.labels.length === 5 && bars.xLabel && bars.yLabel, `fillIn${i} bars`);
      const v = bars.series[0].values;
      assert.ok(v.every((x, j) => j === 0 || x <= v[j - 1]), 'top 5 sorted by probability');
    }
    const loss = plots.filter((p) => p.kind === 'epoch' && p.chart === 'mlmLoss');
    const acc = plots.filter((p) => p.kind === 'epoch' && p.chart === 'mlmAccuracy');
    assert.ok(loss.length >= 10 && acc.length >= 5 && [...loss, ...acc].every((p) => p.kind === 'epoch' && p.xLabel && p.yLabel));
  });
});
