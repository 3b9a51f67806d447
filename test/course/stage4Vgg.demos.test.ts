// Pinned-seed invariants of the s4-vgg demo: the learner's toy VGG trains on 16×16 colour shapes;
// the layer table carries the learner's receptive fields; activations after every block.
import { strict as assert } from 'node:assert';
import type { PlotEvent } from '../../src/protocol/plots';
import { num, useStage } from './harness';

type Of<K extends PlotEvent['kind']> = Extract<PlotEvent, { kind: K }>;
const all = <K extends PlotEvent['kind']>(plots: PlotEvent[], kind: K, chart: string): Array<Of<K>> =>
  plots.filter((p): p is Of<K> => p.kind === kind && p.chart === chart);

describe('stage 4 VGG (s4-vgg): demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(4);

  it('s4-vgg: two 3×3 see 5×5, three see 7×7, for 18/25 of the weights; the toy VGG learns; receptive fields in the table', async () => {
    const { summary: s, plots } = await runDemo('s4-vgg');
    console.log('      summary', JSON.stringify(s));
    assert.equal(num(s, 'rfTwo3x3'), 5);
    assert.equal(num(s, 'rfThree3x3'), 7);
    assert.equal(num(s, 'finalReceptiveField'), 36);
    assert.equal(num(s, 'paramsTwo3x3OverOne5x5'), 0.72);
    assert.ok(num(s, 'testAccuracyBefore') < 0.45, `untrained: ${s.testAccuracyBefore}`);
    assert.ok(num(s, 'testAccuracyAfter') >= 0.8, `trained: ${s.testAccuracyAfter}`);
    const table = all(plots, 'table', 'vggLayers').pop();
    assert.ok(table);
    assert.equal(table.rows.length, 11);
    assert.deepEqual(table.rows.map((r) => r[3]), ['3×3', '5×5', '6×6', '10×10', '14×14', '16×16', '24×24', '32×32', '36×36', '—', '—']);
    const acts = all(plots, 'activations', 'vggActivations');
    assert.equal(acts.length, num(s, 'epochs') + 1);
    assert.deepEqual(acts[0].layers.map((l) => l.name), ['block1', 'block2', 'block3']);
    assert.equal(acts[0].layers[0].maps[0].width, 8);
    const loss = all(plots, 'epoch', 'vggLoss');
    assert.equal(loss.length, num(s, 'epochs'));
    assert.ok(loss.every((e) => e.xLabel === 'epoch' && e.yLabel));
    assert.ok(all(plots, 'bars', 'vggParams').length === 1);
  });
});
