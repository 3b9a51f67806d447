/**
 * Demo of s5-encoder-decoder: the learner's seq2seq (buildSeq2Seq) learns to reverse sequences with
 * teacher forcing (teacherForcingInputs), and the learner's greedyDecode decodes held-out sources.
 * The panel shows the training loss and a grid of decoded tokens marked right or wrong, before and
 * after training.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, EOS, GO, PAD, makeReverseTask } from 'dl-tutor/grading';

type M = typeof import('../solutions/s5-encoder-decoder');

export default defineDemo<M>({
  async run(m, ctx) {
    const cpu = ctx.engine === 'cpu';
    const sizes = cpu ? { train: 384, epochs: 5, units: 24 } : { train: 640, epochs: 6, units: 32 };
    const len = 4, contentVocab = 6, shown = 10, nTest = 48;
    if (cpu) ctx.emit({ kind: 'note', chart: 'seq2seqLoss', text: `The native engine (tfjs-node) is faster; on the pure-JS engine the sizes are reduced: ${sizes.train} training sequences, ${sizes.units} LSTM units, ${sizes.epochs} epochs.` });
    const task = makeReverseTask({ n: sizes.train + nTest, len, vocab: contentVocab, seed: 21 });
    const V = task.vocab.length;
    const name = (t: number) => (t === EOS ? '⏎' : t === PAD ? '·' : task.vocab[t]);
    const trainSrc = task.src.slice(0, sizes.train), trainTgt = task.tgt.slice(0, sizes.train);
    const testSrc = task.src.slice(sizes.train), testTgt = task.tgt.slice(sizes.train);
    const decIn = m.teacherForcingInputs(trainTgt, GO);
    const { train, encoder, decoderStep } = m.buildSeq2Seq({ vocab: V, embDim: 16, units: sizes.units, srcLen: len, tgtLen: len + 1, seed: 4 });
    const o = { maxLen: len + 1, goId: GO, eosId: EOS, padId: PAD };

    const grade = (rows: number[][]) => {
      let right = 0, exact = 0;
      rows.forEach((r, i) => {
        const ok = r.map((t, j) => t === testTgt[i][j]);
        right += ok.filter(Boolean).length;
        if (ok.every(Boolean)) exact++;
      });
      return { tokenAccuracy: right / (rows.length * (len + 1)), exact: exact / rows.length };
    };
    const before = grade(m.greedyDecode(encoder, decoderStep, testSrc, o));

    const x = [tf.tensor2d(trainSrc), tf.tensor2d(decIn)];
    const y = tf.tensor3d(trainTgt.map((r) => r.map((v) => [v])));
    train.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
    const losses: number[] = [];
    await train.fit(x, y, {
      epochs: sizes.epochs, batchSize: 64, shuffle: false, verbose: 0,
      callbacks: { onEpochEnd: async (epoch, logs) => {
        losses.push(Number(logs?.loss));
        ctx.emit({ kind: 'epoch', chart: 'seq2seqLoss', title: 'Training loss (teacher forcing)', epoch: epoch + 1, values: { loss: Number(logs?.loss) }, xLabel: 'epoch', yLabel: 'cross-entropy per target token' });
      } },
    });
    tf.dispose([...x, y]);

    const decoded = m.greedyDecode(encoder, decoderStep, testSrc, o);
    const after = grade(decoded);
    ctx.emit({
      kind: 'tokens', chart: 'reverseTokens', title: `Greedy decoding of ${shown} held-out sources after training (target: the source reversed, then ⏎ = EOS)`,
      labelTitle: 'source', tokensTitle: 'decoded tokens (position 1 … 5)',
      rows: decoded.slice(0, shown).map((r, i) => ({
        label: testSrc[i].map(name).join(' '),
        tokens: r.map(name),
        right: r.map((t, j) => (testTgt[i][j] === undefined ? null : t === testTgt[i][j])),
        expected: testTgt[i].map(name),
      })),
      caption: `On ${nTest} held-out sources: ${(100 * after.tokenAccuracy).toFixed(0)}% of tokens right after training (${(100 * before.tokenAccuracy).toFixed(0)}% before), ${(100 * after.exact).toFixed(0)}% of sequences exactly right. Hover a red token to see the expected one.`,
    });
    train.dispose();
    // Accuracy per output position (content positions only; the last one is EOS).
    const perPos = Array.from({ length: len }, (_, j) => decoded.filter((r, i) => r[j] === testTgt[i][j]).length / decoded.length);
    return {
      accuracyFirstOutputPosition: perPos[0],
      accuracyLastOutputPosition: perPos[len - 1],
      errorsGatherLate: perPos[0] > perPos[len - 1],
      trainSequences: sizes.train,
      lossFirstEpoch: losses[0],
      lossLastEpoch: losses[losses.length - 1],
      tokenAccuracyBefore: before.tokenAccuracy,
      tokenAccuracyAfter: after.tokenAccuracy,
      exactAfter: after.exact,
      learned: after.tokenAccuracy > before.tokenAccuracy + 0.3,
    };
  },
});
