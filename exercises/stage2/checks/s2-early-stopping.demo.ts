/** Demo of s2-early-stopping: runs the learner's code (or the solution) and plots what the lesson shows. */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, glorotVariable, moonsTensors, mulberry32 } from 'dl-tutor/grading';

type M = typeof import('../solutions/s2-early-stopping');

export default defineDemo<M>({
  async run(m, ctx) {
    // 60 noisy moons for training, 60 for validation (watched by early stopping), 400 for test.
    const rng = mulberry32(4242);
    const [train, val, test] = [60, 60, 400].map((n) => moonsTensors(n, 0.35, rng));
    // A 2 → 128 → 128 → 1 MLP on raw variables (fewer ops per step than tf.layers on a busy machine).
    const vars = tf.tidy(() => [glorotVariable([2, 128], 1), tf.variable(tf.zeros([128])), glorotVariable([128, 128], 2), tf.variable(tf.zeros([128])), glorotVariable([128, 1], 3), tf.variable(tf.zeros([1]))]);
    const [W1, b1, W2, b2, W3, b3] = vars;
    const logits = (x: tf.Tensor) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2), b2)), W3), b3);
    // One forward pass scores train, validation and test together: [60 | 60 | 400] rows.
    const allX = tf.concat([train.x, val.x, test.x]), allY = tf.concat([train.y, val.y, test.y]);
    const segment = tf.tidy(() => tf.oneHot(tf.tensor1d([...Array(60).fill(0), ...Array(60).fill(1), ...Array(400).fill(2)], 'int32'), 3));
    const counts = tf.tensor1d([60, 60, 400]);
    const losses3 = () => tf.tidy(() => {
      const per = tf.losses.sigmoidCrossEntropy(allY, logits(allX), undefined, 0, tf.Reduction.NONE); // [520, 1]
      return Array.from(tf.div(tf.sum(tf.mul(per, segment), 0), counts).dataSync());
    });
    const opt = tf.train.adam(0.01);
    const patience = 25, epochs = 400;
    const es = new m.EarlyStopping({ patience, restoreBestWeights: true });
    const hist = { train: [] as number[], val: [] as number[], test: [] as number[] };
    let stopEpoch = -1, bestAtStop = -1;
    const emit = (final: boolean) => {
      const ep = hist.val.map((_, i) => i);
      const markers: Array<{ x: number; label: string }> = [];
      const series = [
        { name: 'train loss', x: ep, y: hist.train },
        { name: 'validation loss', x: ep, y: hist.val },
        { name: 'test loss', x: ep, y: hist.test, dashed: true },
      ];
      const best = stopEpoch >= 0 ? bestAtStop : es.bestEpoch;
      if (best >= 0) markers.push({ x: best, label: `best epoch ${best}` });
      if (stopEpoch >= 0) {
        markers.push({ x: stopEpoch, label: `stop (patience ${patience} used up)` });
        const lvl = hist.val[bestAtStop];
        series.push({ name: `patience window (${patience} epochs)`, x: [stopEpoch - patience, stopEpoch], y: [lvl, lvl], dashed: true });
      }
      ctx.emit({ kind: 'lines', chart: 'validation', title: final ? 'Early stopping on 60 noisy moons (2→128→128→1 MLP)' : `Training… epoch ${ep.length}`, xLabel: 'epoch', yLabel: 'log loss', series, markers });
    };
    try {
      for (let e = 0; e < epochs; e++) {
        opt.minimize(() => tf.losses.sigmoidCrossEntropy(train.y, logits(train.x)) as tf.Scalar, false, vars);
        const [lt, lv, ls] = losses3();
        hist.train.push(lt);
        hist.val.push(lv);
        hist.test.push(ls);
        // Keep training after the stop signal, to show what stopping saves us from.
        if (es.onEpochEnd(e, hist.val[e], vars) && stopEpoch < 0) {
          stopEpoch = e;
          bestAtStop = es.bestEpoch; // the epoch whose weights restoreBestWeights would give back
        }
        if (e % 50 === 49) emit(false);
      }
      emit(true);
    } finally {
      es.dispose();
      opt.dispose();
      tf.dispose([...vars, allX, allY, segment, counts, train.x, train.y, val.x, val.y, test.x, test.y]);
    }
    const testAtStop = stopEpoch >= 0 ? hist.test[stopEpoch] : hist.test[epochs - 1];
    const testAtEnd = hist.test[epochs - 1];
    const testAtBest = bestAtStop >= 0 ? hist.test[bestAtStop] : NaN;
    ctx.emit({ kind: 'note', chart: 'validation', text: stopEpoch >= 0
      ? `Stopped at epoch ${stopEpoch} (best ${bestAtStop}): test loss ${testAtStop.toFixed(3)} at the stop (${testAtBest.toFixed(3)} with the restored best weights) vs ${testAtEnd.toFixed(3)} after all ${epochs} epochs.`
      : `Early stopping never fired in ${epochs} epochs.` });
    return {
      bestEpoch: bestAtStop, stopEpoch, patience, testLossAtStop: testAtStop, testLossAtBest: testAtBest, testLossAtEnd: testAtEnd,
      minValLoss: Math.min(...hist.val), finalValLoss: hist.val[epochs - 1], finalTrainLoss: hist.train[epochs - 1],
      stopped: stopEpoch >= 0, stoppingHelps: stopEpoch >= 0 && testAtStop <= testAtEnd,
    };
  },
});
