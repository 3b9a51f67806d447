/**
 * Demo of s4-resnet: why shortcuts help a deep network. A plain stack of conv → BN → ReLU blocks
 * and a stack of the learner's residual blocks, same depth and widths, on seeded shapes images:
 * the gradient norm of every conv kernel at initialisation (by depth, log scale), then the training
 * loss of both over the same Adam steps.
 */
import * as tf from '@tensorflow/tfjs';
import { defineDemo, drawShapes } from 'dl-tutor/grading';
import type { ShapeKind } from 'dl-tutor/grading';

type M = typeof import('../solutions/s4-resnet');

const KINDS: ShapeKind[] = ['circle', 'square', 'triangle', 'cross'];

/** Stem conv → `blocks` blocks (residual or plain) → global average pool → Dense(C, softmax). */
function buildNet(m: M, residual: boolean, o: { size: number; blocks: number; width: number; seed: number }): tf.LayersModel {
  const inp = tf.input({ shape: [o.size, o.size, 1] });
  let h = tf.layers.conv2d({ filters: o.width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: o.seed }) }).apply(inp) as tf.SymbolicTensor;
  for (let b = 0; b < o.blocks; b++) {
    const seed = o.seed + 10 * (b + 1);
    if (residual) {
      h = m.residualBlock(h, o.width, 1, { seed, bnMomentum: 0.9 });
    } else {
      // The same layers as the learner's branch, with no shortcut: conv → BN → ReLU → conv → BN → ReLU.
      for (let k = 0; k < 2; k++) {
        h = tf.layers.conv2d({ filters: o.width, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: seed + k }) }).apply(h) as tf.SymbolicTensor;
        h = tf.layers.batchNormalization({ momentum: 0.9 }).apply(h) as tf.SymbolicTensor;
        h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
      }
    }
  }
  h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: KINDS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 1 }) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: inp, outputs: out });
}

/** ‖∂L/∂W‖ of every 3×3 conv kernel, input side first, on one batch (training mode: batch statistics). */
function convGradNorms(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number[] {
  return tf.tidy(() => {
    const kernels = model.layers
      .filter((l) => l.getClassName() === 'Conv2D' && (l.getConfig().kernelSize as number[])[0] === 3)
      .map((l) => l.trainableWeights[0]);
    const vars = kernels.map((k) => (k as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, tf.log(tf.add(model.apply(x, { training: true }) as tf.Tensor, 1e-7))) as tf.Scalar, vars);
    return vars.map((v) => tf.norm(grads[v.name]).dataSync()[0]);
  });
}

export default defineDemo<M>({
  async run(m, ctx) {
    const small = ctx.engine === 'cpu';
    const size = small ? 8 : 16, blocks = small ? 4 : 8, width = small ? 4 : 8, n = small ? 64 : 192, batch = small ? 16 : 32, epochs = small ? 1 : 2;
    if (small) ctx.emit({ kind: 'note', chart: 'gradNormPerDepth', text: `Pure-JS engine: sizes reduced to ${blocks} blocks of width ${width} on ${n} images of ${size}×${size}, ${epochs} epoch (the native tfjs-node engine, much faster for convolutions, runs 8 blocks of width 8 on 192 images of 16×16 for 2 epochs). At this size the difference between the two stacks is small.` });
    const data = drawShapes({ n, size, kinds: KINDS, noise: 0.05, seed: 21 });
    const x = tf.tensor4d(data.images, [n, size, size, 1]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(data.labels), 'int32'), KINDS.length).toFloat());
    const nets = [
      { name: 'plain (no shortcuts)', residual: false },
      { name: 'residual (your blocks)', residual: true },
    ].map((r) => ({ ...r, model: buildNet(m, r.residual, { size, blocks, width, seed: 5 }), norms: [] as number[], loss: [] as number[], steps: [] as number[] }));
    let gradMs = 0;
    const tBuild = Date.now();
    try {
      const xb = x.slice([0, 0, 0, 0], [batch, size, size, 1]), yb = y.slice([0, 0], [batch, KINDS.length]);
      const tg = Date.now();
      for (const net of nets) net.norms = convGradNorms(net.model, xb, yb);
      gradMs = Date.now() - tg;
      tf.dispose([xb, yb]);
      const depth = nets[0].norms.map((_, i) => i + 1);
      ctx.emit({
        kind: 'lines', chart: 'gradNormPerDepth', title: `Gradient norm of each 3×3 conv kernel at initialisation (stem + ${blocks} blocks = ${depth.length} convs, one batch of ${batch})`,
        xLabel: 'depth (layer)', yLabel: '‖∂L/∂W‖, log scale', logY: true,
        series: nets.map((net) => ({ name: net.name, x: depth, y: net.norms })),
      });
      for (const net of nets) {
        const opt = tf.train.adam(0.003);
        net.model.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
        let step = 0;
        for (let e = 0; e < epochs; e++) {
          for (let s = 0; s + batch <= n; s += batch) {
            const [bx, by] = [x.slice([s, 0, 0, 0], [batch, size, size, 1]), y.slice([s, 0], [batch, KINDS.length])];
            const l = await net.model.trainOnBatch(bx, by);
            tf.dispose([bx, by]);
            net.loss.push(Array.isArray(l) ? l[0] : l);
            net.steps.push(++step);
          }
        }
        ctx.emit({ kind: 'lines', chart: 'residualLoss', title: `Training loss, ${2 * blocks + 1} conv layers, Adam lr 0.003, batch ${batch}`, xLabel: 'step (Adam update)', yLabel: 'training loss (cross-entropy)', series: nets.filter((q) => q.loss.length).map((q) => ({ name: q.name, x: q.steps, y: q.loss })) });
      }
    } finally {
      tf.dispose([x, y]);
      for (const net of nets) net.model.dispose();
    }
    const [plain, res] = nets;
    const spread = (v: number[]) => Math.max(...v) / Math.min(...v);
    const tailMean = (v: number[]) => v.slice(-4).reduce((a, b) => a + b, 0) / Math.min(4, v.length);
    const facts = {
      convLayers: plain.norms.length, gradMs, totalMs: Date.now() - tBuild,
      plainFirstOverLast: plain.norms[0] / plain.norms[plain.norms.length - 1],
      residualFirstOverLast: res.norms[0] / res.norms[res.norms.length - 1],
      plainSpread: spread(plain.norms), residualSpread: spread(res.norms),
      plainFinalLoss: tailMean(plain.loss), residualFinalLoss: tailMean(res.loss),
      residualGradientsMoreEven: spread(res.norms) < spread(plain.norms),
      residualTrainsFaster: tailMean(res.loss) < tailMean(plain.loss),
    };
    ctx.emit({ kind: 'note', chart: 'residualLoss', text: `Gradient norms from the first to the last conv vary ${facts.plainSpread.toFixed(1)}× in the plain stack and ${facts.residualSpread.toFixed(1)}× with shortcuts. Loss over the last 4 steps: plain ${facts.plainFinalLoss.toFixed(3)}, residual ${facts.residualFinalLoss.toFixed(3)}.` });
    return facts;
  },
});
