// Pinned-seed invariants of the Stage 2 demos on losses, regularization and initialization (mse, cross-entropy, l1-l2, dropout,
// batchnorm, init-glorot, init-he). Each demo runs the REFERENCE SOLUTION through the real grader
// host and worker; the claims below are computed by the demo from that run, never hard-coded.
import { strict as assert } from 'node:assert';
import { num, useStage } from './harness';

describe('stage 2 losses, regularization and initialization: demo claims at pinned seeds', function () {
  this.timeout(180_000);
  const { runDemo } = useStage(2);

  it('s2-mse: Huber and MAE fits are less distorted by outliers than the MSE fit', async () => {
    const { summary, plots } = await runDemo('s2-mse');
    assert.ok(num(summary, 'rmseFromTruthHuber') < num(summary, 'rmseFromTruthMse'), JSON.stringify(summary));
    assert.ok(num(summary, 'rmseFromTruthMae') < num(summary, 'rmseFromTruthMse'), JSON.stringify(summary));
    assert.equal(summary.robustLossesLessDistorted, true);
    const fits = plots.find((p) => p.kind === 'lines' && p.chart === 'lossFits');
    assert.ok(fits && fits.kind === 'lines' && fits.series.length === 4 && (fits.points?.length ?? 0) > 0, 'lossFits: 3 fits + truth, with the data points');
  });

  it('s2-cross-entropy: CE pushes a confidently wrong logit far harder than MSE on probabilities', async () => {
    const { summary, plots } = await runDemo('s2-cross-entropy');
    assert.ok(num(summary, 'ceGradAtP001') > 10 * num(summary, 'mseGradAtP001'), JSON.stringify(summary));
    assert.equal(summary.ceGradDecreasesWithP, true);
    assert.ok(plots.some((p) => p.kind === 'lines' && p.chart === 'gradMagnitude'));
  });

  it('s2-l1-l2: the L1 path has exact zeros, the L2 path none', async () => {
    const { summary, plots } = await runDemo('s2-l1-l2');
    assert.ok(num(summary, 'l1ZerosTotal') > 0, JSON.stringify(summary));
    assert.equal(num(summary, 'l2ZerosTotal'), 0);
    assert.equal(summary.l1HasExactZerosL2DoesNot, true);
    assert.ok(plots.some((p) => p.kind === 'lines' && p.chart === 'coefPathsL1' && p.series.length === 12));
  });

  it('s2-dropout: dropout lowers the validation loss', async () => {
    const { summary, plots } = await runDemo('s2-dropout');
    assert.ok(num(summary, 'valLossWithDropout') < num(summary, 'valLossWithout'), JSON.stringify(summary));
    assert.equal(summary.dropoutHelps, true);
    // Without dropout the net memorises: lower training loss, higher validation loss.
    assert.ok(num(summary, 'trainLossWithout') < num(summary, 'trainLossWithDropout'), JSON.stringify(summary));
    assert.equal(plots.filter((p) => p.kind === 'grid').length, 2, 'two decision boundaries');
    assert.ok(plots.some((p) => p.kind === 'epoch' && p.chart === 'loss'));
  });

  it('s2-batchnorm: batch norm rescues the deep sigmoid net (lower final loss)', async () => {
    const { summary, plots } = await runDemo('s2-batchnorm');
    assert.ok(num(summary, 'finalLossWithBN') < num(summary, 'finalLossWithoutBN'), JSON.stringify(summary));
    assert.ok(num(summary, 'finalLossWithBN') < 0.5 * num(summary, 'finalLossWithoutBN'), `a clear win, not a tie: ${JSON.stringify(summary)}`);
    assert.equal(summary.bnRescuesDeepSigmoid, true);
    const hists = plots.filter((p) => p.kind === 'histogram');
    assert.equal(hists.length, 2);
    for (const h of hists) assert.ok(h.kind === 'histogram' && h.groups.length === 8, 'one histogram per layer');
  });

  it('s2-init-glorot: Xavier keeps tanh activations alive over 20 layers where N(0,0.01) vanishes', async () => {
    const { summary, plots } = await runDemo('s2-init-glorot');
    assert.ok(num(summary, 'stdLayer20XavierTanh') > 0.05, JSON.stringify(summary));
    assert.ok(num(summary, 'stdLayer20SmallTanh') < 1e-6, JSON.stringify(summary));
    assert.ok(num(summary, 'stdLayer20N1Relu') > 1e6, 'N(0,1) + ReLU explodes');
    assert.equal(summary.xavierKeepsTanhAlive, true);
    const v = plots.find((p) => p.kind === 'lines' && p.chart === 'variance');
    assert.ok(v && v.kind === 'lines' && v.logY === true && v.series.length === 8);
  });

  it('s2-init-he: He keeps ReLU variance alive where N(0,0.01) vanishes, and beats Xavier on a deep ReLU net', async () => {
    const { summary } = await runDemo('s2-init-he');
    assert.ok(num(summary, 'stdLayer20HeRelu') > 0.1, JSON.stringify(summary));
    assert.ok(num(summary, 'stdLayer20SmallRelu') < 1e-6, JSON.stringify(summary));
    assert.ok(num(summary, 'stdLayer20XavierRelu') < num(summary, 'stdLayer20HeRelu') / 10, 'Xavier decays under ReLU');
    assert.equal(summary.heKeepsReluAlive, true);
    assert.ok(num(summary, 'finalLossHe') < num(summary, 'finalLossXavier'), JSON.stringify(summary));
    assert.equal(summary.heBeatsXavierDeepRelu, true);
  });
});
