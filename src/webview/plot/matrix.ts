/** `matrix`: a labelled heatmap (confusion matrix, width × L2 grid) with the values written in. */
import type { PlotEvent } from '../../protocol/plots';
import { finiteRange } from './canvasAxes';
import { canvasChart, fmt, type Context, type PlotComponent } from './component';
import { ramp, VIRIDIS } from './theme';

type E = Extract<PlotEvent, { kind: 'matrix' }>;

export function matrixChart(first: E, c: Context): PlotComponent<E> {
  return canvasChart(first, c, (e, ctx, w, h, f) => {
    const rows = e.values.length, cols = Math.max(1, ...e.values.map((r) => r.length));
    ctx.font = '11px sans-serif';
    const left = Math.min(w * 0.4, 10 + Math.max(0, ...e.rowLabels.map((l) => ctx.measureText(l).width))) + (e.yLabel ? 18 : 0);
    const bottom = 34 + (e.xLabel ? 12 : 0);
    const cw = (w - left - 8) / cols, ch = (h - bottom - 8) / Math.max(1, rows);
    const [lo, hi] = finiteRange(e.values.flat());
    for (let r = 0; r < rows; r++) {
      for (let col = 0; col < cols; col++) {
        const v = e.values[r][col];
        const t = (v - lo) / (hi - lo);
        const [R, G, B] = ramp(VIRIDIS, t);
        ctx.fillStyle = Number.isFinite(v) ? `rgb(${R},${G},${B})` : c.theme.grid;
        ctx.fillRect(left + col * cw, 8 + r * ch, cw - 1, ch - 1);
        if (cw > 26 && ch > 14) {
          ctx.fillStyle = t > 0.6 ? '#000' : '#fff';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(fmt(v), left + col * cw + cw / 2, 8 + r * ch + ch / 2);
        }
      }
    }
    ctx.fillStyle = c.theme.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    e.rowLabels.forEach((l, r) => ctx.fillText(l, left - 4, 8 + r * ch + ch / 2));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    e.colLabels.forEach((l, col) => ctx.fillText(l, left + col * cw + cw / 2, 8 + rows * ch + 4));
    if (e.xLabel) ctx.fillText(e.xLabel, left + (cols * cw) / 2, h - 14);
    if (e.yLabel) {
      ctx.save();
      ctx.translate(10, 8 + (rows * ch) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(e.yLabel, 0, -6);
      ctx.restore();
    }
  });
}
