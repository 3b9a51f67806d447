/**
 * `graph`: a computation graph (autograd DAG) as SVG, left to right. Each node is a box with its op
 * or name, its data and its grad (4 significant digits); edges are curves with arrowheads in the
 * direction values flow. Pruned nodes (dead branches) are greyed and dashed. Wide graphs scroll
 * horizontally; boxes never overlap (one grid cell each).
 *
 * SVG rather than a canvas so that a browser test can find the parts (`svg.dag`,
 * `g.dag-node[data-id]`, `path.dag-edge`). Colours come from the --vscode-* variables, resolved
 * when the chart is drawn (the panel redraws every chart when the theme changes) and written as
 * presentation attributes: the webview's CSP allows no inline style attributes, and a PNG export
 * of the SVG carries its colours with it.
 */
import type { GraphNode, PlotEvent } from '../../protocol/plots';
import { frame, legendItem, type Context, type PlotComponent } from './component';
import { DAG_GEOMETRY, fmt4, layoutDag } from './dagLayout';
import { svgFrame } from './svgFrame';
import { withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'graph' }>;

const SVG = 'http://www.w3.org/2000/svg';

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

export function graphChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  const view = svgFrame(f, first.chart, c, 'dag-scroll');

  const draw = (e: E) => {
    if (e.title) f.setTitle(e.title);
    const t = c.theme;
    const colours = {
      fg: t.fg, muted: t.muted, edge: withAlpha(t.muted, 0.9),
      box: cssVar('--vscode-editorWidget-background', t.bg),
      input: t.series[0], output: t.series[1], grad: cssVar('--vscode-charts-orange', t.series[1]),
      pruned: withAlpha(t.muted, 0.55),
    };
    const { boxW, boxH } = DAG_GEOMETRY;
    const byId = new Map<number, GraphNode>(e.nodes.map((n) => [n.id, n]));
    const lay = layoutDag(e.nodes.map((n) => n.id), e.edges);
    const hasIn = new Set(lay.edges.map(([, b]) => b)), hasOut = new Set(lay.edges.map(([a]) => a));

    const s = el('svg', { class: 'dag', width: lay.width, height: lay.height, viewBox: `0 0 ${lay.width} ${lay.height}`, role: 'img',
      'aria-label': `${e.title ?? e.chart}: ${e.nodes.length} nodes, ${lay.edges.length} edges`, 'font-family': getComputedStyle(document.body).fontFamily || 'sans-serif', 'font-size': 11 });
    s.dataset.nodes = String(e.nodes.length);
    s.dataset.edges = String(lay.edges.length);
    const defs = el('defs', {}, s);
    const markerId = (kind: string) => `dag-arrow-${kind}-${e.chart.replace(/[^\w-]/g, '_')}`;
    for (const [kind, col] of [['live', colours.edge], ['pruned', colours.pruned]] as const) {
      const mk = el('marker', { id: markerId(kind), viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
      el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: col }, mk);
    }

    const edgesG = el('g', { class: 'dag-edges' }, s);
    for (const [a, b] of lay.edges) {
      const p = lay.boxes.get(a)!, q = lay.boxes.get(b)!;
      const x1 = p.x + boxW, y1 = p.y + boxH / 2, x2 = q.x - 1, y2 = q.y + boxH / 2;
      const dx = Math.max(20, (x2 - x1) / 2);
      const pruned = !!(byId.get(a)?.pruned || byId.get(b)?.pruned);
      const path = el('path', {
        class: `dag-edge${pruned ? ' pruned' : ''}`, d: `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`,
        fill: 'none', stroke: pruned ? colours.pruned : colours.edge, 'stroke-width': 1.3, 'marker-end': `url(#${markerId(pruned ? 'pruned' : 'live')})`,
        ...(pruned ? { 'stroke-dasharray': '4 3' } : {}),
      }, edgesG);
      path.dataset.from = String(a);
      path.dataset.to = String(b);
    }

    const nodesG = el('g', { class: 'dag-nodes' }, s);
    for (const n of e.nodes) {
      const b = lay.boxes.get(n.id)!;
      const role = n.pruned ? 'pruned' : !hasIn.has(n.id) ? 'input' : !hasOut.has(n.id) ? 'output' : 'op';
      const g = el('g', { class: `dag-node ${role}`, transform: `translate(${b.x}, ${b.y})` }, nodesG);
      g.dataset.id = String(n.id);
      const stroke = role === 'pruned' ? colours.pruned : role === 'input' ? colours.input : role === 'output' ? colours.output : colours.fg;
      el('title', {}, g).textContent = `${n.label}${n.data !== undefined ? `\ndata ${n.data}` : ''}${n.grad !== undefined ? `\ngrad ${n.grad}` : ''}${n.pruned ? '\npruned: no output needs it' : ''}`;
      el('rect', { width: boxW, height: boxH, rx: 5, fill: colours.box, stroke, 'stroke-width': role === 'op' ? 1 : 2, ...(n.pruned ? { 'stroke-dasharray': '5 3', opacity: 0.75 } : {}) }, g);
      const text = (cls: string, y: number, s2: string, fill: string, weight = 'normal') => {
        const tx = el('text', { class: cls, x: boxW / 2, y, 'text-anchor': 'middle', fill, 'font-weight': weight }, g);
        tx.textContent = s2;
      };
      const faded = n.pruned ? colours.pruned : undefined;
      text('dag-label', 15, short(n.label, 16), faded ?? colours.fg, 'bold');
      if (n.data !== undefined) text('dag-data', 30, `data ${fmt4(n.data)}`, faded ?? colours.fg);
      if (n.grad !== undefined) text('dag-grad', 44, `grad ${fmt4(n.grad)}`, faded ?? colours.grad);
    }
    view.show(s, lay.width, lay.height);

    f.legend.replaceChildren();
    legendItem(f.legend, colours.input, 'input / parameter');
    legendItem(f.legend, colours.fg, 'operation');
    legendItem(f.legend, colours.output, 'output');
    if (e.nodes.some((n) => n.pruned)) legendItem(f.legend, colours.pruned, 'pruned (no output needs it)');
    const what = e.nodes.some((n) => n.grad !== undefined) ? 'Each box: op or name, its value (data) and ∂output/∂node (grad). ' : '';
    f.caption.textContent = `${what}${e.caption ?? ''}`.trim();
  };

  return { root: f.root, canvas: f.canvas, update: draw, destroy: () => undefined };
}
