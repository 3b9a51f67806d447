/**
 * Demo of s4-transfer-learning, on the learner's own functions:
 *  - the transfer model's layers, frozen or trainable, with a slider over freezeUpTo(model, i)
 *    (every stop is the learner's freezeUpTo, run here in advance);
 *  - a 2-D PCA of the base's 32 features (the learner's truncateAt) for crosses, rings and circles,
 *    classes the base never trained on (it saw squares, triangles, stars and circles);
 *  - test accuracy with 6, 15 and 30 labelled images: the learner's buildTransferModel + fineTune
 *    (head only, then conv3 too), against the same architecture trained from scratch with fineTune.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo } from 'dl-tutor/grading';
import type { LayerBox } from 'dl-tutor/grading';
import { loadBase, pca2, scratchModel, targetShapes, TARGET_KINDS } from './transferData';

type M = typeof import('../solutions/s4-transfer-learning');

const SEED = 1;

function accuracy(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)).toFloat()).dataSync()[0]);
}

function boxes(model: tf.LayersModel): LayerBox[] {
  return model.layers.map((l) => {
    const out = (Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as Array<number | null>;
    return { name: l.name, className: l.getClassName(), outputShape: [...out], params: l.countParams(), trainable: l.trainable };
  });
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

export default defineDemo<M>({
  async run(m, ctx) {
    const cpu = ctx.engine === 'cpu';
    // The pure-JS engine trains convolutions about 20× slower: 6 images only, no conv3 phase.
    const shots = cpu ? [6] : [6, 15, 30];
    const o = { headEpochs: cpu ? 40 : 60, headLr: 0.05, scratchEpochs: cpu ? 20 : 40, scratchLr: 0.01, ftEpochs: 15, ftLr: 0.001, test: cpu ? 60 : 120, pca: cpu ? 45 : 90 };
    if (cpu) ctx.emit({ kind: 'note', chart: 'nShot', text: 'The pure-JS engine is much slower than the native one: this demo trains on 6 images only, with fewer epochs, 60 test images and no conv3 fine-tuning. Switch to the native engine for 6, 15 and 30 images.' });

    // 1. The layer diagram, with the learner's freezeUpTo at every index.
    const base = await loadBase();
    const model = m.buildTransferModel(base, TARGET_KINDS.length, SEED);
    const layers = boxes(model);
    const L = model.layers.length;
    const states = Array.from({ length: L + 1 }, (_, i) => {
      m.freezeUpTo(model, i);
      return { label: `freezeUpTo(model, ${i})`, trainable: model.layers.map((l) => l.trainable) };
    });
    m.freezeUpTo(model, L - 1);
    const headOnly = model.layers.reduce((s, l) => s + (l.trainable ? l.countParams() : 0), 0);
    ctx.emit({
      kind: 'layers', chart: 'layerDiagram', title: 'Transfer model: frozen and trainable layers', layers, states, index: L - 1, stateLabel: 'freezeUpTo(model, i)',
      caption: `Your buildTransferModel(base, 3, ${SEED}): ${layers.length} layers, ${model.countParams()} parameters, ${headOnly} of them trainable (the new head). The slider shows the flags your freezeUpTo(model, i) sets for each i (computed when the demo ran).`,
    });

    // 2. PCA of the base's features for the new classes.
    const feats = m.truncateAt(base, 'features');
    const pcaData = targetShapes(o.pca, 404, true);
    const f = tf.tidy(() => (feats.predict(pcaData.x) as tf.Tensor2D).arraySync());
    const proj = pca2(f);
    ctx.emit({
      kind: 'lines', chart: 'featurePca', title: "The base's 32 features of crosses, rings and circles, projected on 2 principal components",
      series: [], xLabel: 'principal component 1', yLabel: 'principal component 2',
      points: proj.map(([x, y], i) => ({ x, y, label: pcaData.labels[i] })),
    });
    tf.dispose([pcaData.x, pcaData.y]);
    base.dispose();

    // 3. n-shot accuracy: transfer (head only, then conv3 too) against training from scratch.
    const test = targetShapes(o.test, 9001);
    const rows = { head: [] as number[], ft: [] as number[], scratch: [] as number[] };
    for (const n of shots) {
      const train = targetShapes(n, 2000 + n, true);
      const b = await loadBase();
      const tm = m.buildTransferModel(b, TARGET_KINDS.length, SEED);
      const convIndex = tm.layers.findIndex((l) => l.name === 'conv3');
      await m.fineTune(tm, { x: train.x, y: train.y }, [{ trainableFrom: tm.layers.length - 1, lr: o.headLr, epochs: o.headEpochs }]);
      rows.head.push(accuracy(tm, test.x, test.y));
      if (!cpu) {
        await m.fineTune(tm, { x: train.x, y: train.y }, [{ trainableFrom: convIndex >= 0 ? convIndex : tm.layers.length - 1, lr: o.ftLr, epochs: o.ftEpochs }]);
        rows.ft.push(accuracy(tm, test.x, test.y));
      }
      const sc = scratchModel(b, TARGET_KINDS.length, SEED);
      await m.fineTune(sc, { x: train.x, y: train.y }, [{ trainableFrom: 0, lr: o.scratchLr, epochs: o.scratchEpochs }]);
      rows.scratch.push(accuracy(sc, test.x, test.y));
      tf.dispose([train.x, train.y]);
      // tm shares the base's layers, so disposing it frees them (only the old 4-way head stays with b).
      tm.dispose(); sc.dispose();
      ctx.emit({
        kind: 'bars', chart: 'nShot', title: `Test accuracy on ${o.test} unseen images`,
        labels: shots.slice(0, rows.head.length).map((k) => `${k} labelled images`),
        series: [
          { name: `transfer, head only (lr ${o.headLr}, ${o.headEpochs} epochs)`, values: rows.head },
          ...(cpu ? [] : [{ name: `then conv3 too (lr ${o.ftLr}, ${o.ftEpochs} epochs)`, values: rows.ft }]),
          { name: `from scratch (lr ${o.scratchLr}, ${o.scratchEpochs} epochs)`, values: rows.scratch },
        ],
        xLabel: 'labelled training images (a third per class)', yLabel: 'test accuracy',
      });
    }
    tf.dispose([test.x, test.y]);
    const at = (k: number) => shots.indexOf(k);
    return {
      layers: layers.length,
      trainableParamsHeadOnly: headOnly,
      totalParams: layers.reduce((s, l) => s + l.params, 0),
      headOnlyAt6: r3(rows.head[at(6)]),
      scratchAt6: r3(rows.scratch[at(6)]),
      transferBeatsScratchAt6: rows.head[at(6)] > rows.scratch[at(6)],
      ...(cpu ? {} : {
        headOnlyAt15: r3(rows.head[at(15)]), scratchAt15: r3(rows.scratch[at(15)]),
        headOnlyAt30: r3(rows.head[at(30)]), scratchAt30: r3(rows.scratch[at(30)]),
        fineTuneConv3At6: r3(rows.ft[at(6)]), fineTuneConv3At15: r3(rows.ft[at(15)]), fineTuneConv3At30: r3(rows.ft[at(30)]),
      }),
    };
  },
});
