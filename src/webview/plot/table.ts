/**
 * `table`: a plain table (a model's layers: output shape, parameters, receptive field). Real DOM
 * cells: `table.plot-table tr[data-row="<i>"] td`. The frame's canvas is painted with the same text
 * for the PNG export.
 */
import type { PlotEvent } from '../../protocol/plots';
import { frame, type Context, type PlotComponent } from './component';

type E = Extract<PlotEvent, { kind: 'table' }>;

export function tableChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.box.className = 'table-box';
  const draw = (e: E): void => {
    if (e.title) f.setTitle(e.title);
    const table = document.createElement('table');
    table.className = 'plot-table';
    const head = table.createTHead().insertRow();
    for (const col of e.columns) { const th = document.createElement('th'); th.textContent = col; head.append(th); }
    const body = table.createTBody();
    e.rows.forEach((r, i) => {
      const tr = body.insertRow();
      tr.dataset.row = String(i);
      r.forEach((v) => { tr.insertCell().textContent = typeof v === 'number' ? v.toLocaleString('en-US') : v; });
    });
    f.box.replaceChildren(table);
    f.caption.textContent = e.caption ?? '';
    // PNG export: the same rows as text.
    const lineH = 16, w = 720, h = (e.rows.length + 1) * lineH + 8;
    f.canvas.width = w;
    f.canvas.height = h;
    const ctx = f.canvas.getContext('2d')!;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = c.theme.fg;
    ctx.font = '12px monospace';
    const colW = w / Math.max(1, e.columns.length);
    [e.columns, ...e.rows].forEach((r, i) => r.forEach((v, j) => ctx.fillText(String(v).slice(0, 22), 4 + j * colW, 14 + i * lineH)));
  };
  return { root: f.root, canvas: f.canvas, update: draw, destroy: () => undefined };
}
