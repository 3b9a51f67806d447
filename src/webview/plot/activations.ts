/**
 * `activations`: a network's per-layer feature maps for one fixed input, refreshed while it trains.
 * One row per layer: its name and output shape, then one small canvas per feature map (grey levels,
 * crisp pixels). Rows, maps and the step are DOM elements with stable selectors so a browser test
 * can watch the refresh:
 *
 *   .act-grid[data-step="<step>"]          the grid; data-step changes on every refresh
 *   .act-layer[data-layer="<name>"]        one row per layer
 *   canvas.act-map                         one feature map
 *
 * The frame's canvas is not shown; it is painted with the same grid for the PNG export.
 */
import type { ActivationMap, ActivationsPlot } from '../../protocol/plots';
import { frame, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';

/** Display size of a map thumbnail, CSS pixels per side (a whole-number upscale of small maps). */
export function thumbScale(width: number, height: number, target = 44): number {
  return Math.max(1, Math.floor(target / Math.max(1, width, height)));
}

function paintMap(cv: HTMLCanvasElement, m: ActivationMap): void {
  paintPixels(cv, m.width, m.height, m.data);
}

export function activationsChart(first: ActivationsPlot, c: Context): PlotComponent<ActivationsPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('activations');
  const grid = document.createElement('div');
  grid.className = 'act-grid';
  const stepEl = document.createElement('p');
  stepEl.className = 'act-step';
  f.box.className = 'act-box';
  f.box.replaceChildren(stepEl, grid);
  const rows = new Map<string, { row: HTMLElement; label: HTMLElement; maps: HTMLElement }>();

  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) {
      const el = document.createElement('div');
      el.className = 'act-layer';
      el.dataset.layer = name;
      const label = document.createElement('div');
      label.className = 'act-label';
      const maps = document.createElement('div');
      maps.className = 'act-maps';
      el.append(label, maps);
      grid.append(el);
      r = { row: el, label, maps };
      rows.set(name, r);
    }
    return r;
  };

  const draw = (e: ActivationsPlot): void => {
    if (e.title) f.setTitle(e.title);
    const names = new Set<string>(['input', ...e.layers.map((l) => l.name)]);
    for (const [n, r] of rows) if (!names.has(n)) { r.row.remove(); rows.delete(n); }
    const all = [...(e.input ? [{ name: 'input', info: `input ${e.input.height}×${e.input.width}`, maps: [{ width: e.input.width, height: e.input.height, data: e.input.channels === 1 ? e.input.data : e.input.data.filter((_, i) => i % 3 === 0) }] }] : []), ...e.layers];
    for (const l of all) {
      const r = row(l.name);
      grid.append(r.row); // keeps the event's order
      r.label.textContent = `${l.name} · ${l.info}`;
      const canvases = Array.from(r.maps.querySelectorAll<HTMLCanvasElement>('canvas.act-map'));
      while (canvases.length > l.maps.length) canvases.pop()!.remove();
      l.maps.forEach((m, i) => {
        let cv = canvases[i];
        if (!cv) {
          cv = document.createElement('canvas');
          cv.className = 'act-map';
          r.maps.append(cv);
        }
        paintMap(cv, m);
        const s = thumbScale(m.width, m.height);
        // Dense layers arrive as 1-pixel-high strips: stretch them to a readable bar.
        cv.style.width = `${m.height === 1 ? Math.min(240, m.width * Math.max(2, s)) : m.width * s}px`;
        cv.style.height = `${m.height === 1 ? 14 : m.height * s}px`;
        cv.title = `${l.name} map ${i + 1} (${m.width}×${m.height})`;
      });
    }
    grid.dataset.step = String(e.step);
    stepEl.textContent = `step ${e.step}${e.caption ? ` — ${e.caption}` : ''}`;
    f.caption.textContent = 'Bright = large activation (each map scaled to its own range).';
    paintExport(e, all);
  };

  /** The grid painted onto the frame's (hidden) canvas, for the PNG button. */
  const paintExport = (e: ActivationsPlot, all: Array<{ name: string; info: string; maps: ActivationMap[] }>) => {
    const rowH = 48, labelW = 180, gap = 4;
    const w = Math.min(1600, labelW + Math.max(1, ...all.map((l) => l.maps.length * (44 + gap))));
    const h = all.length * (rowH + gap) + 20;
    f.canvas.width = w;
    f.canvas.height = h;
    const ctx = f.canvas.getContext('2d')!;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = c.theme.fg;
    ctx.font = '11px sans-serif';
    ctx.fillText(`step ${e.step}`, 4, 12);
    const tmp = document.createElement('canvas');
    all.forEach((l, r) => {
      const y = 20 + r * (rowH + gap);
      ctx.fillStyle = c.theme.fg;
      ctx.fillText(`${l.name} · ${l.info}`.slice(0, 30), 4, y + rowH / 2);
      ctx.imageSmoothingEnabled = false;
      l.maps.forEach((m, i) => {
        paintMap(tmp, m);
        const x = labelW + i * (44 + gap);
        if (x + 44 <= w) ctx.drawImage(tmp, x, y, 44, m.height === 1 ? 12 : 44);
      });
    });
  };

  return { root: f.root, canvas: f.canvas, update: draw, destroy: () => undefined };
}
