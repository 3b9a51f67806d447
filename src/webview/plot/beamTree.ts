/**
 * `beamTree`: the hypotheses of a beam search as an SVG tree, left to right, one column per decoding
 * step. Each node is a token with its cumulative log-prob (and its score when a length penalty makes
 * it differ). Kept hypotheses (expanded at the next step) are solid, pruned ones greyed and dashed,
 * finished ones (ending with EOS) outlined in green, and the returned hypotheses carry their rank.
 *
 * SVG, so a browser test can find the parts: `svg.beam-tree`, `g.beam-node[data-id]` with
 * `data-status` (root, kept, pruned, finished, result) and `data-token`, `data-rank` on returned
 * hypotheses, `path.beam-edge`, `text.beam-step` (the column titles). Colours come from the
 * --vscode-* variables, written as presentation attributes (the CSP allows no inline styles).
 */
import type { BeamNode, PlotEvent } from '../../protocol/plots';
import { frame, legendItem, type Context, type PlotComponent } from './component';
import { fmt4, layoutDag, type DagGeometry } from './dagLayout';
import { svgFrame } from './svgFrame';
import { withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'beamTree' }>;

const SVG = 'http://www.w3.org/2000/svg';
const GEOMETRY: DagGeometry = { boxW: 92, boxH: 46, gapX: 34, gapY: 8, pad: 12 };
/** Room above the tree for the step titles. */
const HEAD = 20;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function beamTreeChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('beam');
  const view = svgFrame(f, first.chart, c, 'dag-scroll beam-scroll');

  const draw = (e: E) => {
    if (e.title) f.setTitle(e.title);
    const t = c.theme;
    const col = {
      fg: t.fg, box: cssVar('--vscode-editorWidget-background', t.bg), edge: withAlpha(t.muted, 0.9),
      kept: t.series[0], finished: t.series[2], result: t.series[1], pruned: withAlpha(t.muted, 0.55),
    };
    const { boxW, boxH } = GEOMETRY;
    const ids = e.nodes.map((n) => n.id);
    const edges = e.nodes.filter((n) => n.parent !== undefined).map((n) => [n.parent!, n.id] as [number, number]);
    const lay = layoutDag(ids, edges, GEOMETRY);
    const width = lay.width, height = lay.height + HEAD;
    const hasScore = e.nodes.some((n) => n.score !== undefined && Math.abs(n.score - n.logProb) > 1e-9);
    const s = el('svg', { class: 'beam-tree', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `${e.title ?? e.chart}: ${e.nodes.length} hypotheses over ${Math.max(0, lay.layers - 1)} steps`,
      'font-family': getComputedStyle(document.body).fontFamily || 'sans-serif', 'font-size': 11 });
    s.dataset.nodes = String(e.nodes.length);
    // Column titles: the x axis of the tree.
    const xLabel = e.xLabel ?? 'step';
    for (let l = 0; l < lay.layers; l++) {
      const x = GEOMETRY.pad + l * (boxW + GEOMETRY.gapX) + boxW / 2;
      const tx = el('text', { class: 'beam-step', x, y: 13, 'text-anchor': 'middle', fill: t.muted, 'font-weight': 'bold' }, s);
      tx.textContent = l === 0 ? 'start' : `${xLabel} ${l}`;
    }
    const g0 = el('g', { transform: `translate(0, ${HEAD})` }, s);
    const byId = new Map<number, BeamNode>(e.nodes.map((n) => [n.id, n]));
    const edgesG = el('g', { class: 'beam-edges' }, g0);
    for (const [a, b] of lay.edges) {
      const p = lay.boxes.get(a)!, q = lay.boxes.get(b)!;
      const x1 = p.x + boxW, y1 = p.y + boxH / 2, x2 = q.x - 1, y2 = q.y + boxH / 2;
      const dx = Math.max(14, (x2 - x1) / 2);
      const pruned = byId.get(b)?.status === 'pruned';
      const path = el('path', { class: `beam-edge${pruned ? ' pruned' : ''}`, d: `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`,
        fill: 'none', stroke: pruned ? col.pruned : col.edge, 'stroke-width': pruned ? 1 : 1.6, ...(pruned ? { 'stroke-dasharray': '4 3' } : {}) }, edgesG);
      path.dataset.from = String(a);
      path.dataset.to = String(b);
    }
    const nodesG = el('g', { class: 'beam-nodes' }, g0);
    for (const n of e.nodes) {
      const b = lay.boxes.get(n.id)!;
      const g = el('g', { class: `beam-node ${n.status}`, transform: `translate(${b.x}, ${b.y})` }, nodesG);
      g.dataset.id = String(n.id);
      g.dataset.status = n.status;
      g.dataset.token = n.token;
      if (n.rank !== undefined) g.dataset.rank = String(n.rank);
      const stroke = n.status === 'pruned' ? col.pruned : n.status === 'result' ? col.result : n.status === 'finished' ? col.finished : n.status === 'kept' ? col.kept : col.fg;
      el('title', {}, g).textContent = `${n.token}\nlog-prob ${n.logProb}${n.score !== undefined ? `\nscore ${n.score}` : ''}\n${n.status}${n.rank !== undefined ? ` (rank ${n.rank})` : ''}`;
      el('rect', { width: boxW, height: boxH, rx: 5, fill: col.box, stroke, 'stroke-width': n.status === 'pruned' ? 1 : 2, ...(n.status === 'pruned' ? { 'stroke-dasharray': '5 3', opacity: 0.75 } : {}) }, g);
      const faded = n.status === 'pruned' ? col.pruned : undefined;
      const text = (cls: string, y: number, s2: string, fill: string, weight = 'normal') => {
        const tx = el('text', { class: cls, x: boxW / 2, y, 'text-anchor': 'middle', fill, 'font-weight': weight }, g);
        tx.textContent = s2;
      };
      text('beam-token', 14, `${short(n.token, 10)}${n.rank !== undefined ? `  #${n.rank}` : ''}`, faded ?? col.fg, 'bold');
      if (n.status !== 'root') text('beam-logprob', 28, `log p ${fmt4(n.logProb)}`, faded ?? col.fg);
      if (hasScore && n.score !== undefined) text('beam-score', 41, `score ${fmt4(n.score)}`, faded ?? col.fg);
    }
    view.show(s, width, height);
    f.legend.replaceChildren();
    legendItem(f.legend, col.kept, 'kept (expanded next step)');
    legendItem(f.legend, col.finished, 'finished: ends with EOS, returned (#rank)');
    legendItem(f.legend, col.result, 'returned at maxLen, no EOS (#rank)');
    legendItem(f.legend, col.pruned, 'pruned (not expanded, not returned)');
    f.caption.textContent = `Each box: the token added at that step and the log-probability of the whole prefix${hasScore ? ', and its score after the length penalty' : ''}. ${e.caption ?? ''}`.trim();
  };

  return { root: f.root, canvas: f.canvas, update: draw, destroy: () => undefined };
}
