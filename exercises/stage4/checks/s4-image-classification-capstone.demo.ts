/**
 * Demo of s4-image-classification-capstone: runs the learner's whole capstone on the graded task
 * (the same sizes and budget), streaming the loss of every training step as the learner's own
 * training computes it, then shows the result with its medal, the confusion matrix on unseen test
 * images (click a cell for its images), the misclassified images and the accuracy per class.
 */
import { defineDemo } from 'dl-tutor/grading';
import type { PlotImage } from 'dl-tutor/grading';
import { capstoneTask, CLASSES, drawCapstone, MAX_BATCH, MEDALS, medal, resultTable, runCapstone, type RunCase } from './s4-image-classification-capstone.check';

type M = typeof import('../solutions/s4-image-classification-capstone');

const round2 = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 100) / 100);

export default defineDemo<M>({
  async run(m, ctx): Promise<Record<string, number | boolean | string>> {
    const task = capstoneTask(ctx.engine);
    const c: RunCase = { ...task, dataSeed: 11, testSeed: 2_000_011, seed: 3 };
    const words = `${task.size}×${task.size} ${task.rotate ? 'rotated' : 'upright'} shapes`;
    if (ctx.engine === 'cpu') {
      ctx.emit({ kind: 'note', chart: 'capstoneLoss', text: `The pure-JS engine runs a smaller task: ${words}, ${task.maxSteps} steps. The native engine (tfjs-node) is much faster and trains on 20×20 rotated shapes for 400 steps.` });
    }
    let smooth = NaN;
    const info = await runCapstone(m, c, ctx, {
      onStep: (step, loss) => {
        if (Number.isFinite(loss)) smooth = Number.isFinite(smooth) ? 0.9 * smooth + 0.1 * loss : loss;
        ctx.emit({
          kind: 'epoch', chart: 'capstoneLoss', title: `Your training on ${task.train} ${words}: loss of every step (budget ${task.maxSteps} steps)`,
          epoch: step, values: { 'batch loss': loss, 'moving average': smooth }, xLabel: 'training step', yLabel: 'loss your training computed',
        });
      },
    });
    if (info.stopped) {
      ctx.emit({ kind: 'note', chart: 'result', text: `Your training was stopped at the budget (${info.stopped === 'steps' ? `more than ${task.maxSteps} steps` : info.stopped === 'params' ? `more than ${task.maxParams} parameters` : `batches over ${MAX_BATCH}`}). Fix that first: the grade explains what went over.` });
      return { withinBudget: false, steps: info.steps };
    }
    if (info.testAcc === undefined || !info.pred || !info.labels) {
      ctx.emit({ kind: 'note', chart: 'result', text: 'Your function did not return a model with 6 class probabilities, so there is nothing to measure yet.' });
      return { withinBudget: true, measured: false };
    }
    const acc = info.testAcc;
    ctx.emit(resultTable(info, task, ctx.engine));

    // The test images again (the same seed draws the same images) for the thumbnails.
    const test = drawCapstone(task.test, task, c.testSeed);
    const D = task.size * task.size;
    const img = (i: number) => round2(test.images.subarray(i * D, (i + 1) * D));
    const K = CLASSES.length;
    const counts = CLASSES.map(() => new Array<number>(K).fill(0));
    const examples = new Map<string, { row: number; col: number; images: number[][] }>();
    const wrong: PlotImage[] = [];
    info.labels.forEach((t, i) => {
      const p = info.pred![i];
      counts[t][p]++;
      const key = `${t},${p}`;
      let cell = examples.get(key);
      if (!cell) examples.set(key, (cell = { row: t, col: p, images: [] }));
      if (cell.images.length < 12) cell.images.push(img(i));
      if (p !== t && wrong.length < 24) wrong.push({ width: task.size, height: task.size, channels: 1, data: img(i), caption: `${CLASSES[t]} → ${CLASSES[p]}` });
    });
    ctx.emit({
      kind: 'confusion', chart: 'capstoneConfusion', title: `Confusion matrix of your model on ${task.test} unseen test images`, labels: [...CLASSES], counts,
      imageSize: [task.size, task.size], examples: [...examples.values()], yLabel: 'true class', xLabel: 'predicted class',
      caption: 'Click a cell to see its images. Off-diagonal cells are the mistakes: which shapes does your model confuse?',
    });
    ctx.emit({ kind: 'images', chart: 'mistakes', title: wrong.length ? `Misclassified test images (true → predicted), ${info.labels.length - Math.round(acc * info.labels.length)} in all` : 'No test image was misclassified', images: wrong });
    const perClass = CLASSES.map((_, k) => counts[k][k] / Math.max(1, counts[k].reduce((a, b) => a + b, 0)));
    ctx.emit({ kind: 'bars', chart: 'perClass', title: 'Test accuracy per class (the share of each shape your model gets right)', labels: [...CLASSES], series: [{ name: 'accuracy', values: perClass.map((v) => Math.round(v * 1000) / 1000) }] });
    const worst = perClass.indexOf(Math.min(...perClass));
    return {
      testAccuracy: Math.round(acc * 1000) / 1000,
      validationAccuracy: Math.round((info.valAcc ?? NaN) * 1000) / 1000,
      medal: medal(acc),
      passes: acc >= MEDALS.bronze,
      steps: info.steps,
      withinBudget: info.steps <= task.maxSteps && (info.params ?? 0) <= task.maxParams,
      parameters: info.params ?? 0,
      hardestClass: CLASSES[worst],
    };
  },
});
