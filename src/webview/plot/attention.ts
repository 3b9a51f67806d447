/**
 * `attention`: an attention-weight heatmap. Columns are keys (source tokens, x axis), rows are
 * queries (output tokens, y axis); a cell's shade is its weight (0 → transparent, 1 → the first
 * series colour). Hovering, focusing or clicking a cell reads out "output 'c' → source 'a': 0.82".
 *
 * Cells are DOM elements so a browser test can find them: `.attn-map` is the grid,
 * `.attn-cell[data-q="2"][data-k="3"]` a cell (row 2, column 3), `.attn-key-label` /
 * `.attn-query-label` the token labels, `.attn-axis-x` / `.attn-axis-y` the axis titles and
 * `.attn-readout` the read-out line. The frame's canvas is painted with the same map for the PNG export.
 *
 * With `heads` (multi-head attention) the panel is a grid of heatmaps: `.attn-heads` holds one
 * `.attn-head[data-head="i"]` per head (0-based), each with a `.attn-head-title` and its own
 * `.attn-map`; the read-out names the head. The PNG shows the heads side by side.
 */
import type { AttentionPlot } from '../../protocol/plots';
import { fmt, frame, type Context, type PlotComponent } from './component';
import { withAlpha } from './theme';

/** Shade in [0, 1] of a weight: weights are probabilities, clipped; NaN shows as empty. */
export function attentionShade(w: number): number {
  return Number.isFinite(w) ? Math.min(1, Math.max(0, w)) : 0;
}

/** The read-out sentence for one cell (of head `head` when the plot has heads). */
export function attentionReadout(e: AttentionPlot, q: number, k: number, head?: number): string {
  const h = head === undefined ? undefined : e.heads?.[head];
  const w = (h ? h.weights : e.weights)[q]?.[k];
  return `${h ? `${h.label}: ` : ''}${e.yLabel ?? 'query (output token)'} ${q + 1} “${e.queries[q] ?? q}” → ${e.xLabel ?? 'key (source token)'} ${k + 1} “${e.keys[k] ?? k}”: weight ${w === undefined ? '—' : fmt(w)}`;
}

/** For each query row, the key with the largest weight (−1 for an empty row). */
export function strongestKeys(weights: number[][]): number[] {
  return weights.map((row) => row.reduce((best, w, i) => (Number.isFinite(w) && (best < 0 || w > row[best]) ? i : best), -1));
}

export function attentionChart(first: AttentionPlot, c: Context): PlotComponent<AttentionPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('attention');
  let e = first;
  const grid = document.createElement('div');
  grid.className = 'attn-map';
  grid.setAttribute('role', 'grid');
  const readout = document.createElement('p');
  readout.className = 'attn-readout';
  readout.setAttribute('aria-live', 'polite');
  f.box.className = 'attn-box';
  f.box.replaceChildren(grid, readout);

  const xLabel = () => e.xLabel ?? 'key (source token)';
  const yLabel = () => e.yLabel ?? 'query (output token)';

  function paintExport(): void {
    const nq = e.queries.length, nk = e.keys.length;
    const maps = e.heads?.length ? e.heads : [{ label: '', weights: e.weights }];
    const cell = maps.length > 1 ? 24 : 34, left = 120, top = maps.length > 1 ? 28 : 12, bottom = 52, gap = 24;
    const mapW = nk * cell;
    const cv = f.canvas;
    cv.width = left + maps.length * (mapW + gap) + 16;
    cv.height = top + nq * cell + bottom;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, cv.width, cv.height);
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    maps.forEach((h, i) => {
      const x0 = left + i * (mapW + gap);
      for (let q = 0; q < nq; q++) {
        for (let k = 0; k < nk; k++) {
          const t = attentionShade(h.weights[q]?.[k] ?? NaN);
          ctx.fillStyle = t > 0 ? withAlpha(c.theme.series[0], t) : c.theme.bg;
          ctx.fillRect(x0 + k * cell, top + q * cell, cell - 2, cell - 2);
        }
      }
      ctx.fillStyle = c.theme.muted;
      if (h.label) ctx.fillText(h.label, x0 + mapW / 2, 12);
      e.keys.forEach((l, k) => ctx.fillText(l, x0 + k * cell + cell / 2, top + nq * cell + 10));
    });
    ctx.fillStyle = c.theme.muted;
    ctx.textAlign = 'right';
    e.queries.forEach((l, q) => ctx.fillText(l, left - 6, top + q * cell + cell / 2));
    ctx.textAlign = 'center';
    ctx.fillText(xLabel(), left + (maps.length * (mapW + gap)) / 2, top + nq * cell + 32);
    ctx.save();
    ctx.translate(14, top + (nq * cell) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel(), 0, 0);
    ctx.restore();
  }

  function render(): void {
    if (e.title) f.setTitle(e.title);
    if (e.heads?.length) {
      const wrap = document.createElement('div');
      wrap.className = 'attn-heads';
      wrap.dataset.heads = String(e.heads.length);
      e.heads.forEach((h, i) => {
        const box = document.createElement('div');
        box.className = 'attn-head';
        box.dataset.head = String(i);
        const t = document.createElement('div');
        t.className = 'attn-head-title';
        t.textContent = h.label;
        const g = document.createElement('div');
        g.className = 'attn-map';
        g.setAttribute('role', 'grid');
        g.setAttribute('aria-label', h.label);
        fillGrid(g, h.weights, i);
        box.append(t, g);
        wrap.append(box);
      });
      f.box.replaceChildren(wrap, readout);
    } else {
      f.box.replaceChildren(grid, readout);
      fillGrid(grid, e.weights, undefined);
    }
    readout.textContent = 'Hover or click a cell to read its weight.';
    f.caption.textContent = e.caption ?? '';
    paintExport();
  }

  function fillGrid(grid: HTMLElement, weights: number[][], head: number | undefined): void {
    const nq = e.queries.length, nk = e.keys.length;
    grid.replaceChildren();
    grid.style.gridTemplateColumns = `auto auto repeat(${nk}, minmax(28px, 44px))`;
    grid.style.gridTemplateRows = `repeat(${nq}, minmax(26px, 36px)) auto auto`;
    const yTitle = document.createElement('div');
    yTitle.className = 'attn-axis attn-axis-y';
    yTitle.textContent = yLabel();
    yTitle.style.gridRow = `1 / span ${Math.max(1, nq)}`;
    yTitle.style.gridColumn = '1';
    grid.append(yTitle);
    const strongest = strongestKeys(weights);
    for (let q = 0; q < nq; q++) {
      const ql = document.createElement('div');
      ql.className = 'attn-label attn-query-label';
      ql.dataset.q = String(q);
      ql.textContent = e.queries[q];
      ql.style.gridRow = String(q + 1);
      ql.style.gridColumn = '2';
      grid.append(ql);
      for (let k = 0; k < nk; k++) {
        const w = weights[q]?.[k] ?? NaN;
        const t = attentionShade(w);
        const cell = document.createElement('div');
        cell.className = 'attn-cell' + (strongest[q] === k ? ' strongest' : '');
        cell.dataset.q = String(q);
        cell.dataset.k = String(k);
        cell.dataset.weight = Number.isFinite(w) ? String(+w.toPrecision(4)) : 'NaN';
        cell.tabIndex = 0;
        cell.setAttribute('role', 'gridcell');
        cell.setAttribute('aria-label', attentionReadout(e, q, k, head));
        cell.title = attentionReadout(e, q, k, head);
        cell.style.gridRow = String(q + 1);
        cell.style.gridColumn = String(k + 3);
        cell.style.background = t > 0 ? withAlpha(c.theme.series[0], t) : 'transparent';
        const show = () => {
          readout.textContent = attentionReadout(e, q, k, head);
          f.box.querySelectorAll('.attn-cell.selected').forEach((el) => el.classList.remove('selected'));
          cell.classList.add('selected');
        };
        cell.addEventListener('mouseenter', show);
        cell.addEventListener('focus', show);
        cell.addEventListener('click', show);
        grid.append(cell);
      }
    }
    for (let k = 0; k < nk; k++) {
      const kl = document.createElement('div');
      kl.className = 'attn-label attn-key-label';
      kl.dataset.k = String(k);
      kl.textContent = e.keys[k];
      kl.style.gridRow = String(nq + 1);
      kl.style.gridColumn = String(k + 3);
      grid.append(kl);
    }
    const xTitle = document.createElement('div');
    xTitle.className = 'attn-axis attn-axis-x';
    xTitle.textContent = xLabel();
    xTitle.style.gridRow = String(nq + 2);
    xTitle.style.gridColumn = `3 / span ${Math.max(1, nk)}`;
    grid.append(xTitle);
  }

  render();
  return {
    root: f.root,
    canvas: f.canvas,
    update: (next) => { if (next === first && e === first) return; e = next; render(); },
    destroy: () => undefined,
  };
}
