/**
 * `masks`: segmentation results side by side. A header row of column titles, then one row per
 * example with one pixelated canvas per column: `.masks-grid[data-step]`, `.masks-row[data-row]`,
 * `canvas.masks-cell[data-kind][data-row][data-col]` (kinds such as image, true, pred, ablation
 * come from the event). Each event replaces the cells, so the predicted masks refresh while a
 * network trains. The PNG button paints the grid onto the frame's canvas.
 */
import type { MasksPlot } from '../../protocol/plots';
import { frame, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';

const CELL = 96;
const GAP = 6;

export function masksChart(first: MasksPlot, c: Context): PlotComponent<MasksPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('masks');
  f.canvas.remove();
  const wrap = document.createElement('div');
  wrap.className = 'masks-box';
  const stepEl = document.createElement('p');
  stepEl.className = 'masks-step';
  const grid = document.createElement('div');
  grid.className = 'masks-grid';
  grid.setAttribute('role', 'table');
  wrap.append(stepEl, grid);
  f.box.replaceWith(wrap);
  let last = first;

  const oldPng = f.root.querySelector('button.export');
  const png = oldPng?.cloneNode(true) as HTMLButtonElement | undefined;
  if (oldPng && png) {
    oldPng.replaceWith(png);
    png.addEventListener('click', () => {
      const e = last, head = 18;
      const w = e.columns.length * (CELL + GAP), h = head + e.rows.length * (CELL + GAP);
      f.canvas.width = w * 2;
      f.canvas.height = h * 2;
      const ctx = f.canvas.getContext('2d')!;
      ctx.setTransform(2, 0, 0, 2, 0, 0);
      ctx.fillStyle = c.theme.bg;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = c.theme.fg;
      ctx.font = '11px sans-serif';
      ctx.textBaseline = 'top';
      e.columns.forEach((t, j) => ctx.fillText(t, j * (CELL + GAP), 2));
      ctx.imageSmoothingEnabled = false;
      e.rows.forEach((row, i) => row.forEach((cell, j) => {
        const cv = document.createElement('canvas');
        paintPixels(cv, e.width, e.height, cell, 1);
        ctx.drawImage(cv, j * (CELL + GAP), head + i * (CELL + GAP), CELL, CELL);
      }));
      c.onExport(first.chart, f.canvas);
    });
  }

  const draw = (e: MasksPlot) => {
    last = e;
    if (e.title) f.setTitle(e.title);
    grid.replaceChildren();
    grid.dataset.rows = String(e.rows.length);
    if (e.step !== undefined) grid.dataset.step = String(e.step);
    stepEl.textContent = e.step !== undefined ? `step ${e.step}` : '';
    stepEl.hidden = e.step === undefined;
    const head = document.createElement('div');
    head.className = 'masks-row masks-head';
    head.setAttribute('role', 'row');
    e.columns.forEach((t, j) => {
      const h = document.createElement('span');
      h.className = 'masks-title';
      h.dataset.kind = e.kinds[j] ?? String(j);
      h.setAttribute('role', 'columnheader');
      h.textContent = t;
      head.append(h);
    });
    grid.append(head);
    e.rows.forEach((row, i) => {
      const r = document.createElement('div');
      r.className = 'masks-row';
      r.dataset.row = String(i);
      r.setAttribute('role', 'row');
      row.forEach((cell, j) => {
        const cv = document.createElement('canvas');
        cv.className = 'masks-cell';
        cv.dataset.kind = e.kinds[j] ?? String(j);
        cv.dataset.row = String(i);
        cv.dataset.col = String(j);
        cv.setAttribute('role', 'img');
        cv.setAttribute('aria-label', `${e.columns[j] ?? ''}, example ${i + 1}`);
        paintPixels(cv, e.width, e.height, cell, 1);
        r.append(cv);
      });
      grid.append(r);
    });
    f.caption.textContent = e.caption ?? '';
  };

  draw(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e === first) return; draw(e); }, destroy: () => undefined };
}
