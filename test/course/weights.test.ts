// The weights that ship with the course (src/weights/): for every registered trainer,
// (a) the shipped module loads offline and reaches its recorded metrics on the seeded evaluation set;
// (b) training again with the recorded recipe (or its short form, for long recipes) reproduces the
//     recorded metrics within the trainer's tolerance.
// Regenerate with `npm run build && npm run weights -- train <name>`.
import { strict as assert } from 'node:assert';
import type * as TF from '@tensorflow/tfjs';
import { loadShipped, type ShippedWeights } from '../../exercises/stage4/weights/load';
import { TRANSFER_BASE } from '../../exercises/stage4/weights/transfer-base';
import { TRAINERS } from '../../src/weights/registry';

/** Every trainer's shipped module, by trainer name: a trainer without one fails the first test. */
const SHIPPED: Record<string, ShippedWeights> = { 'transfer-base': TRANSFER_BASE };

/** The shipped weights are the trained ones, so their metrics match to float rounding (loss is recorded to 1e-6). */
const SHIPPED_TOLERANCE = 2e-5;

function expectMetrics(got: Record<string, number>, want: Record<string, number>, tol: Record<string, number>, what: string): void {
  for (const [k, v] of Object.entries(want)) {
    const t = tol[k] ?? 0;
    assert.ok(Math.abs(got[k] - v) <= t, `${what}: ${k} ${got[k]}, recorded ${v} (± ${t}); all ${JSON.stringify(got)}`);
  }
}

describe('weights: shipped networks load offline and reproduce their recorded metrics', function () {
  this.timeout(180_000);
  const tf = require('@tensorflow/tfjs-node') as typeof TF;

  for (const t of TRAINERS) {
    describe(t.name, () => {
      it('ships a module that records this trainer\'s seed and recipe', () => {
        const w = SHIPPED[t.name];
        assert.ok(w, `no shipped module for '${t.name}': run npm run weights -- train ${t.name} and add it to SHIPPED`);
        assert.equal(w.name, t.name);
        assert.equal(w.seed, t.seed, 'trained with another seed: train again');
        assert.deepEqual(w.recipe, t.recipe, 'trained with another recipe: train again');
        assert.deepEqual(w.tolerance, t.tolerance);
        assert.equal(!!w.shortRecipe, !!t.shortRecipe);
      });

      it('the shipped weights load and reach the recorded metrics on the seeded evaluation set', async () => {
        const w = SHIPPED[t.name];
        const model = await loadShipped(w);
        try {
          const tol = Object.fromEntries(Object.keys(w.metrics).map((k) => [k, SHIPPED_TOLERANCE]));
          expectMetrics(t.evaluate(tf, model), w.metrics, tol, 'shipped weights');
        } finally { model.dispose(); }
      });

      it(`training again (${t.shortRecipe ? 'short' : 'full'} recipe) reproduces the recorded metrics`, async () => {
        const w = SHIPPED[t.name];
        const t0 = Date.now();
        const model = await t.train(tf, t.shortRecipe ?? t.recipe, t.seed);
        try {
          const m = t.evaluate(tf, model);
          console.log(`      ${Date.now() - t0} ms ${JSON.stringify(m)}`);
          expectMetrics(m, (t.shortRecipe ? w.shortMetrics : w.metrics) ?? {}, t.tolerance, 'trained again');
        } finally { model.dispose(); }
      });
    });
  }
});
