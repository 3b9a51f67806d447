// Pinned-seed invariants of the s5-gpt demo: a character-level tiny GPT trained on the grammar
// corpus through the reference solution's functions, in the real grader worker (tfjs-node).
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 5 GPT (s5-gpt): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(5);

  it('s5-gpt: the validation loss falls far below the uniform guess; samples turn into corpus words; temperature and top-k act as the lesson says', async () => {
    const { summary: s, plots } = await runDemo('s5-gpt');
    console.log('      ', JSON.stringify(s));
    // Measured at these seeds on tfjs-node: validation loss 3.3 → about 0.55 after 300 steps.
    assert.ok(num(s, 'finalValidationLoss') < 0.8, `validation loss ${s.finalValidationLoss}`);
    assert.ok(num(s, 'initialValidationLoss') > 3, `an untrained model is near the uniform guess ln V: ${s.initialValidationLoss}`);
    assert.ok(num(s, 'corpusWordShareFinal') >= 0.6 && num(s, 'corpusWordShareFinal') > num(s, 'corpusWordShareFirst'), `samples move to corpus words: ${s.corpusWordShareFirst} → ${s.corpusWordShareFinal}`);
    assert.equal(s.lowerTemperatureSharpens, true);
    assert.equal(s.topKKeepsThree, true);
    assert.equal(s.attentionHeadsShown, 4);
    const loss = plots.filter((p) => p.kind === 'epoch' && p.chart === 'gptLoss');
    assert.ok(loss.length > 20 && loss.every((p) => p.kind === 'epoch' && p.xLabel && p.yLabel), 'the loss curve streams with labelled axes');
    assert.ok(loss.some((p) => p.kind === 'epoch' && 'validation' in p.values) && loss[0].kind === 'epoch' && loss[0].epoch === 1, 'train and validation from step 1');
    const samples = plots.filter((p) => p.kind === 'tokens' && p.chart === 'gptSamples');
    const lastSamples = samples[samples.length - 1];
    assert.ok(lastSamples && lastSamples.kind === 'tokens' && lastSamples.rows.length === 7 && lastSamples.rows.every((r) => r.tokens.length === r.right.length));
    const bars = plots.filter((p) => p.kind === 'bars' && p.chart === 'nextToken');
    assert.ok(bars.length === 2 && bars.every((b) => b.kind === 'bars' && b.labels.length === 10 && b.xLabel && b.yLabel), 'next-character bars before and after training');
    const withStops = bars[1];
    assert.ok(withStops.kind === 'bars' && withStops.stops?.length === 28 && withStops.stops.every((st) => st.series[0].values.length === 10 && /Your sampleTokens/.test(st.caption ?? '')), 'one stop per temperature × top-k, each with the learner\'s sample');
    if (withStops.kind === 'bars' && withStops.stops) {
      const top1 = withStops.stops.filter((st) => /top-k 1$/.test(st.label));
      assert.ok(top1.every((st) => st.series[0].values.filter((v) => v > 0).length === 1), 'top-k 1 leaves one character');
    }
    assert.ok(plots.some((p) => p.kind === 'table' && p.chart === 'gptSettings' && p.rows.length === 4));
    assert.ok(plots.some((p) => p.kind === 'attention' && p.chart === 'gptAttention1' && p.xLabel && p.yLabel));
  });
});
