/** `grid`: a decision boundary / heatmap over a 2-D grid, with the data points on top. */
import type { PlotEvent } from '../../protocol/plots';
import { drawAxes, finiteRange, mapper, paintField, plotArea } from './canvasAxes';
import { canvasChart, legendItem, type Context, type PlotComponent } from './component';
import { parseColor, ramp, VIRIDIS } from './theme';

type E = Extract<PlotEvent, { kind: 'grid' }>;

export function gridChart(first: E, c: Context): PlotComponent<E> {
  return canvasChart(first, c, (e, ctx, w, h, f) => {
    const a = plotArea(w, h);
    const pal = c.theme.series.map(parseColor);
    const bg = parseColor(c.theme.bg);
    const [lo, hi] = finiteRange(e.values);
    const integers = e.values.every((v) => Number.isInteger(v)) && lo >= 0 && hi < pal.length;
    const probability = !integers && lo >= 0 && hi <= 1;
    // Classes (argmax grids) get the class colours; probabilities blend class 0 ↔ class 1
    // through the background at 0.5 (the boundary); anything else uses viridis.
    const color = integers
      ? (v: number) => { const p = pal[Math.round(v) % pal.length]; return ramp([bg, p], 0.55); }
      : probability
        ? (v: number) => ramp([pal[0], bg, pal[1]], v)
        : (v: number) => ramp(VIRIDIS, (v - lo) / (hi - lo));
    paintField(ctx, a, e.width, e.height, color, e.values);
    const m = mapper(a, e.xRange, e.yRange);
    for (const p of e.points ?? []) {
      const [R, G, B] = pal[Math.abs(Math.round(p.label)) % pal.length];
      ctx.beginPath();
      ctx.arc(m.px(p.x), m.py(p.y), 3, 0, Math.PI * 2);
      ctx.fillStyle = `rgb(${R},${G},${B})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = c.theme.fg;
      ctx.stroke();
    }
    drawAxes(ctx, a, e.xRange, e.yRange, c.theme);
    f.legend.replaceChildren();
    const labels = [...new Set((e.points ?? []).map((p) => Math.round(p.label)))].sort((x, y) => x - y);
    for (const l of labels) legendItem(f.legend, c.theme.series[Math.abs(l) % c.theme.series.length], `class ${l}`);
    f.caption.textContent = e.caption ?? '';
  });
}
