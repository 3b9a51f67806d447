/**
 * `confusion`: a confusion matrix whose cells are buttons. Rows are the true class, columns the
 * predicted class; a toggle switches between counts and the row-normalised view, and clicking a
 * cell lists the examples behind it (small grayscale thumbnails) in `.confusion-gallery`.
 *
 * The cells are DOM elements (not canvas pixels) so they can be focused, read by a screen reader
 * and clicked by a test: `button.confusion-cell[data-row="1"][data-col="2"]`. The frame's canvas
 * is not shown; it is painted with the same heatmap for the PNG export.
 */
import type { ConfusionPlot } from '../../protocol/plots';
import { fmt, frame, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';
import { withAlpha } from './theme';

type View = 'counts' | 'normalized';

/** Row-normalised copy, zeros for an empty row (the panel's fallback when the event has no view). */
export function rowNormalize(counts: number[][]): number[][] {
  return counts.map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => (s === 0 ? 0 : v / s));
  });
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The sentence that heads a cell's gallery: "true: circle, predicted: square — 7 images". */
export function cellCaption(e: ConfusionPlot, row: number, col: number): string {
  const n = e.counts[row]?.[col] ?? 0;
  const shown = e.examples?.find((x) => x.row === row && x.col === col)?.images.length ?? 0;
  const more = shown > 0 && shown < n ? ` (showing ${shown})` : '';
  return `true: ${e.labels[row] ?? row}, predicted: ${e.labels[col] ?? col} — ${plural(n, 'image')}${more}`;
}

/** Cell colour: the diagonal (correct) in the first series colour, errors in the second. */
function cellColors(c: Context, diagonal: boolean, t: number): { bg: string; fg: string } {
  const base = diagonal ? c.theme.series[0] : c.theme.series[1];
  const a = t > 0 ? 0.12 + 0.88 * Math.min(1, t) : 0;
  return { bg: a > 0 ? withAlpha(base, a) : 'transparent', fg: a > 0.55 ? '#ffffff' : c.theme.fg };
}

/**
 * Colour intensity per cell in [0, 1]: correct cells against the largest diagonal value, mistakes
 * against the largest off-diagonal one, so the worst confusion stands out even next to big diagonals.
 */
export function cellScale(vals: number[][]): (r: number, c: number) => number {
  let dMax = 0, oMax = 0;
  vals.forEach((row, r) => row.forEach((v, c) => { if (r === c) dMax = Math.max(dMax, v); else oMax = Math.max(oMax, v); }));
  return (r, c) => {
    const v = vals[r]?.[c] ?? 0;
    const m = r === c ? dMax : oMax;
    return m > 0 && Number.isFinite(v) ? v / m : 0;
  };
}

/** Draws one flat [h·w] image (values 0…1) into a small canvas. */
function thumbnail(img: number[], h: number, w: number, label: string): HTMLCanvasElement {
  const cv = document.createElement('canvas');
  cv.className = 'confusion-thumb';
  cv.setAttribute('role', 'img');
  cv.setAttribute('aria-label', label);
  paintPixels(cv, w, h, img);
  return cv;
}

export function confusionChart(first: ConfusionPlot, c: Context): PlotComponent<ConfusionPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('confusion');
  let e = first;
  let view: View = 'counts';
  let selected: { row: number; col: number } | undefined;

  // Counts / row-normalised toggle, before the PNG button.
  const toggle = document.createElement('div');
  toggle.className = 'confusion-toggle';
  toggle.setAttribute('role', 'group');
  toggle.setAttribute('aria-label', 'cell values');
  const viewButton = (v: View, text: string, title: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.dataset.view = v;
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', () => { view = v; render(); });
    toggle.append(b);
    return b;
  };
  const countsBtn = viewButton('counts', 'Counts', 'How many examples of each true class got each prediction');
  const normBtn = viewButton('normalized', 'Row %', 'Each row divided by its total: where the examples of each true class went (recall on the diagonal)');
  f.root.querySelector('header')?.insertBefore(toggle, f.root.querySelector('header button.export'));

  // The grid replaces the visible canvas; the canvas stays detached, painted for the PNG export.
  const grid = document.createElement('div');
  grid.className = 'confusion-grid';
  const gallery = document.createElement('div');
  gallery.className = 'confusion-gallery';
  gallery.setAttribute('aria-live', 'polite');
  f.box.className = 'confusion-box';
  f.box.replaceChildren(grid, gallery);

  function values(): number[][] {
    return view === 'counts' ? e.counts : e.normalized ?? rowNormalize(e.counts);
  }

  function showGallery(): void {
    gallery.replaceChildren();
    if (!selected) {
      const p = document.createElement('p');
      p.className = 'confusion-hint';
      p.textContent = e.examples?.length ? 'Click a cell to see the images behind it.' : 'Click a cell to see its count.';
      gallery.append(p);
      return;
    }
    const { row, col } = selected;
    const title = document.createElement('p');
    title.className = 'confusion-gallery-caption';
    title.textContent = cellCaption(e, row, col);
    gallery.append(title);
    const images = e.examples?.find((x) => x.row === row && x.col === col)?.images ?? [];
    const [h, w] = e.imageSize ?? [0, 0];
    if (images.length && h > 0 && w > 0) {
      const strip = document.createElement('div');
      strip.className = 'confusion-thumbs';
      images.forEach((img, i) => strip.append(thumbnail(img, h, w, `${e.labels[row] ?? row} predicted as ${e.labels[col] ?? col}, example ${i + 1}`)));
      gallery.append(strip);
    }
  }

  function paintExport(): void {
    const k = e.counts.length;
    const cellPx = 56, left = 110, top = 30, bottom = 50;
    const cv = f.canvas;
    cv.width = left + k * cellPx + 16;
    cv.height = top + k * cellPx + bottom;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    const vals = values();
    const scale = cellScale(vals);
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, cv.width, cv.height);
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < k; r++) {
      for (let col = 0; col < k; col++) {
        const v = vals[r]?.[col] ?? 0;
        const { bg, fg } = cellColors(c, r === col, scale(r, col));
        ctx.fillStyle = bg === 'transparent' ? c.theme.bg : bg;
        ctx.fillRect(left + col * cellPx, top + r * cellPx, cellPx - 2, cellPx - 2);
        ctx.fillStyle = fg;
        ctx.fillText(view === 'counts' ? fmt(v) : pct(v), left + col * cellPx + cellPx / 2, top + r * cellPx + cellPx / 2);
      }
    }
    ctx.fillStyle = c.theme.muted;
    ctx.textAlign = 'right';
    e.labels.forEach((l, r) => ctx.fillText(l, left - 6, top + r * cellPx + cellPx / 2));
    ctx.textAlign = 'center';
    e.labels.forEach((l, col) => ctx.fillText(l, left + col * cellPx + cellPx / 2, top + k * cellPx + 10));
    ctx.fillText(e.xLabel ?? 'predicted class', left + (k * cellPx) / 2, top + k * cellPx + 32);
    ctx.fillText(`rows: ${e.yLabel ?? 'true class'}`, left / 2, 12);
  }

  function render(): void {
    if (e.title) f.setTitle(e.title);
    countsBtn.setAttribute('aria-pressed', String(view === 'counts'));
    normBtn.setAttribute('aria-pressed', String(view === 'normalized'));
    const k = e.counts.length;
    if (selected && (selected.row >= k || selected.col >= k)) selected = undefined;
    const vals = values();
    const scale = cellScale(vals);
    grid.replaceChildren();
    grid.style.gridTemplateColumns = `auto auto repeat(${k}, minmax(44px, 1fr))`;
    grid.style.gridTemplateRows = `repeat(${k}, minmax(38px, auto)) auto auto`;
    const yTitle = document.createElement('div');
    yTitle.className = 'confusion-axis confusion-axis-y';
    yTitle.textContent = e.yLabel ?? 'true class';
    yTitle.style.gridRow = `1 / span ${k}`;
    yTitle.style.gridColumn = '1';
    grid.append(yTitle);
    for (let r = 0; r < k; r++) {
      const rl = document.createElement('div');
      rl.className = 'confusion-label confusion-row-label';
      rl.textContent = e.labels[r] ?? String(r);
      rl.style.gridRow = String(r + 1);
      rl.style.gridColumn = '2';
      grid.append(rl);
      for (let col = 0; col < k; col++) {
        const count = e.counts[r]?.[col] ?? 0;
        const v = vals[r]?.[col] ?? 0;
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'confusion-cell' + (r === col ? ' diagonal' : '');
        b.dataset.row = String(r);
        b.dataset.col = String(col);
        b.style.gridRow = String(r + 1);
        b.style.gridColumn = String(col + 3);
        const { bg, fg } = cellColors(c, r === col, scale(r, col));
        b.style.background = bg;
        b.style.color = fg;
        b.textContent = view === 'counts' ? fmt(count) : pct(v);
        const rowTotal = (e.counts[r] ?? []).reduce((a, x) => a + x, 0);
        b.setAttribute('aria-label', `true ${e.labels[r] ?? r}, predicted ${e.labels[col] ?? col}: ${plural(count, 'image')}${rowTotal ? `, ${pct(count / rowTotal)} of true ${e.labels[r] ?? r}` : ''}`);
        const isSel = selected?.row === r && selected.col === col;
        b.setAttribute('aria-pressed', String(isSel));
        if (isSel) b.classList.add('selected');
        b.addEventListener('click', () => { selected = { row: r, col }; render(); });
        grid.append(b);
      }
    }
    for (let col = 0; col < k; col++) {
      const cl = document.createElement('div');
      cl.className = 'confusion-label confusion-col-label';
      cl.textContent = e.labels[col] ?? String(col);
      cl.style.gridRow = String(k + 1);
      cl.style.gridColumn = String(col + 3);
      grid.append(cl);
    }
    const xTitle = document.createElement('div');
    xTitle.className = 'confusion-axis confusion-axis-x';
    xTitle.textContent = e.xLabel ?? 'predicted class';
    xTitle.style.gridRow = String(k + 2);
    xTitle.style.gridColumn = `3 / span ${k}`;
    grid.append(xTitle);
    f.caption.textContent = e.caption ?? '';
    showGallery();
    paintExport();
  }

  render();
  return {
    root: f.root,
    canvas: f.canvas,
    update: (next) => { if (next === first && e === first) return; e = next; render(); },
    destroy: () => undefined,
  };
}
