/**
 * Demo of s5-seq2seq-beam: a small LSTM encoder–decoder learns to reverse sequences; the learner's
 * beamSearch decodes with it. The panel shows the search tree for one input (every prefix the
 * search expanded, with the best alternatives it pruned) and how the beam width changes the
 * log-probability and the accuracy of the decoded sequences.
 */
import { defineDemo, EOS } from 'dl-tutor/grading';
import { trainReverseModel } from './reverseSeq2seq';

type M = typeof import('../solutions/s5-seq2seq-beam');
type BeamNode = { id: number; parent?: number; token: string; logProb: number; score?: number; status: 'root' | 'kept' | 'pruned' | 'finished' | 'result'; rank?: number };

/** Children shown per expanded prefix besides those the search kept or returned. */
const ALTERNATIVES = 2;
const TREE_WIDTH = 3;
const WIDTHS = [1, 2, 3, 5];

export default defineDemo<M>({
  async run(m, ctx) {
    const model = trainReverseModel(ctx.engine);
    {
      const { vocab, len, losses, sizes } = model;
      if (ctx.engine === 'cpu') ctx.emit({ kind: 'note', chart: 'seq2seqTraining', text: `The native engine (tfjs-node) is faster; on the pure-JS engine the sizes are reduced: ${sizes.train} training sequences, ${sizes.hidden} hidden units, ${sizes.epochs} epochs.` });
      ctx.emit({ kind: 'lines', chart: 'seq2seqTraining', title: `The decoder: a next-token MLP (source, position, previous token → next token) trained to reverse ${len} tokens (${sizes.train} sequences)`, xLabel: 'epoch', yLabel: 'training loss (cross-entropy per token)',
        series: [{ name: 'training loss', x: losses.map((_, i) => i + 1), y: losses }] });
      const name = (t: number) => vocab[t] ?? String(t);
      const o = { maxLen: len + 1, eosId: EOS };
      const nTest = ctx.engine === 'cpu' ? 16 : 32;
      const srcs = model.test.src.slice(0, nTest);
      const tgts = model.test.tgt.slice(0, nTest);

      // Beam width sweep with the learner's beamSearch.
      const perWidth = WIDTHS.map((beamWidth) => {
        let logProb = 0, exact = 0;
        srcs.forEach((s, i) => {
          const best = m.beamSearch((p) => model.stepLogProbs(s, p), { ...o, beamWidth })[0];
          logProb += best.logProb;
          if (best.tokens.join(',') === tgts[i].join(',')) exact++;
        });
        return { beamWidth, meanLogProb: logProb / srcs.length, accuracy: exact / srcs.length };
      });
      ctx.emit({ kind: 'lines', chart: 'beamVsGreedy', title: `Best hypothesis vs beam width (${srcs.length} test sequences)`, xLabel: 'beam width (1 = greedy)', yLabel: 'mean log-probability of the best hypothesis',
        series: [{ name: 'mean log p(best)', x: WIDTHS, y: perWidth.map((r) => r.meanLogProb) }] });

      // The tree: the test input where greedy and the beam disagree most, else the least confident one.
      const pick = srcs.map((s, i) => {
        const g = m.beamSearch((p) => model.stepLogProbs(s, p), { ...o, beamWidth: 1 })[0];
        const b = m.beamSearch((p) => model.stepLogProbs(s, p), { ...o, beamWidth: TREE_WIDTH })[0];
        return { i, gain: b.logProb - g.logProb, conf: g.logProb };
      }).sort((a, b) => b.gain - a.gain || a.conf - b.conf)[0];
      const src = srcs[pick.i];
      const expanded = new Map<string, number[]>();
      const returned = m.beamSearch((p) => { const lp = model.stepLogProbs(src, p); expanded.set(p.join(','), lp); return lp; }, { ...o, beamWidth: TREE_WIDTH });
      const rankOf = new Map(returned.map((h, r) => [h.tokens.join(','), r + 1]));
      const nodes: BeamNode[] = [{ id: 0, token: '<start>', logProb: 0, status: 'root' }];
      const ids = new Map<string, number>([['', 0]]);
      const logProbOf = new Map<string, number>([['', 0]]);
      // Breadth-first over the expanded prefixes, in order of length.
      const prefixes = [...expanded.keys()].sort((a, b) => (a === '' ? 0 : a.split(',').length) - (b === '' ? 0 : b.split(',').length));
      for (const key of prefixes) {
        const lps = expanded.get(key)!;
        const parentLp = logProbOf.get(key) ?? 0;
        const parentId = ids.get(key);
        if (parentId === undefined) continue;
        const base = key === '' ? [] : key.split(',').map(Number);
        const order = lps.map((lp, t) => ({ lp, t })).sort((a, b) => b.lp - a.lp);
        const shown = order.filter(({ t }, j) => {
          const k = [...base, t].join(',');
          return j < ALTERNATIVES || expanded.has(k) || rankOf.has(k);
        });
        for (const { lp, t } of shown) {
          const tokens = [...base, t];
          const k = tokens.join(',');
          const id = nodes.length;
          const logProb = parentLp + lp;
          const rank = rankOf.get(k);
          const status: BeamNode['status'] = rank !== undefined ? (t === EOS ? 'finished' : 'result') : expanded.has(k) ? 'kept' : 'pruned';
          nodes.push({ id, parent: parentId, token: name(t), logProb, status, ...(rank !== undefined ? { rank, score: returned[rank - 1].score } : {}) });
          ids.set(k, id);
          logProbOf.set(k, logProb);
        }
      }
      const best = returned[0];
      const target = tgts[pick.i];
      ctx.emit({ kind: 'beamTree', chart: 'beamTree', title: `Beam search (width ${TREE_WIDTH}) on input ${src.map(name).join(' ')}`, xLabel: 'step', nodes,
        caption: `Target: ${target.map(name).join(' ')}. Best hypothesis: ${best.tokens.map(name).join(' ')} (log p ${best.logProb.toFixed(3)}). Every prefix the search expanded is shown with its ${ALTERNATIVES} most likely continuations; the others were never competitive.` });

      const greedy = perWidth[0], beam = perWidth[perWidth.length - 1];
      return {
        finalTrainingLoss: losses[losses.length - 1],
        modelLearned: losses[losses.length - 1] < losses[0] / 2,
        greedyMeanLogProb: greedy.meanLogProb,
        beamMeanLogProb: beam.meanLogProb,
        beamAtLeastGreedyLogProb: beam.meanLogProb >= greedy.meanLogProb - 1e-9,
        greedyAccuracy: greedy.accuracy,
        beamAccuracy: beam.accuracy,
        treeNodes: nodes.length,
        treeReturned: returned.length,
        treeGain: pick.gain,
      };
    }
  },
});
