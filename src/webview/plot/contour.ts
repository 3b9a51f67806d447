/** `contour`: a 2-D function as a shaded field with contour lines, and trajectories on top. */
import type { PlotEvent } from '../../protocol/plots';
import { drawAxes, finiteRange, mapper, paintField, plotArea, type Area } from './canvasAxes';
import { canvasChart, legendItem, type Context, type PlotComponent } from './component';
import { ramp, VIRIDIS, withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'contour' }>;

/** Marching squares: line segments where the field crosses `level` (cell coordinates). */
function isoSegments(values: number[], w: number, h: number, level: number): Array<[number, number, number, number]> {
  const segs: Array<[number, number, number, number]> = [];
  const v = (x: number, y: number) => values[y * w + x];
  const lerp = (a: number, b: number) => (level - a) / (b - a || 1e-12);
  for (let y = 0; y < h - 1; y++) {
    for (let x = 0; x < w - 1; x++) {
      const a = v(x, y), b = v(x + 1, y), cc = v(x + 1, y + 1), d = v(x, y + 1);
      const pts: Array<[number, number]> = [];
      if ((a < level) !== (b < level)) pts.push([x + lerp(a, b), y]);
      if ((b < level) !== (cc < level)) pts.push([x + 1, y + lerp(b, cc)]);
      if ((d < level) !== (cc < level)) pts.push([x + lerp(d, cc), y + 1]);
      if ((a < level) !== (d < level)) pts.push([x, y + lerp(a, d)]);
      if (pts.length >= 2) segs.push([pts[0][0], pts[0][1], pts[1][0], pts[1][1]]);
      if (pts.length === 4) segs.push([pts[2][0], pts[2][1], pts[3][0], pts[3][1]]);
    }
  }
  return segs;
}

export function contourChart(first: E, c: Context): PlotComponent<E> {
  return canvasChart(first, c, (e, ctx, w, h, f) => {
    const a: Area = plotArea(w, h);
    const [lo, hi] = finiteRange(e.values);
    // Loss surfaces span decades (Rosenbrock): shade and contour on a log scale when they do.
    const useLog = lo > 0 && hi / lo > 100;
    const tf = (v: number) => (useLog ? Math.log10(v) : v);
    const tv = e.values.map(tf);
    const [tlo, thi] = finiteRange(tv);
    paintField(ctx, a, e.width, e.height, (v) => ramp(VIRIDIS, (tf(v) - tlo) / (thi - tlo)), e.values);
    ctx.save();
    ctx.strokeStyle = withAlpha(c.theme.bg, 0.55);
    ctx.lineWidth = 1;
    const sx = a.w / (e.width - 1 || 1), sy = a.h / (e.height - 1 || 1);
    for (let k = 1; k < 12; k++) {
      const level = tlo + ((thi - tlo) * k) / 12;
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of isoSegments(tv, e.width, e.height, level)) {
        ctx.moveTo(a.x + x1 * sx, a.y + a.h - y1 * sy);
        ctx.lineTo(a.x + x2 * sx, a.y + a.h - y2 * sy);
      }
      ctx.stroke();
    }
    ctx.restore();
    const m = mapper(a, e.xRange, e.yRange);
    f.legend.replaceChildren();
    e.paths.forEach((p, i) => {
      const color = c.theme.series[i % c.theme.series.length];
      legendItem(f.legend, color, p.name);
      if (!p.points.length) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(a.x, a.y, a.w, a.h);
      ctx.clip();
      ctx.strokeStyle = color;
      ctx.lineWidth = c.theme.highContrast ? 2.5 : 1.8;
      ctx.beginPath();
      p.points.forEach(([x, y], j) => (j === 0 ? ctx.moveTo(m.px(x), m.py(y)) : ctx.lineTo(m.px(x), m.py(y))));
      ctx.stroke();
      const [ex, ey] = p.points[p.points.length - 1];
      ctx.fillStyle = color;
      ctx.beginPath(); ctx.arc(m.px(ex), m.py(ey), 3.5, 0, Math.PI * 2); ctx.fill();
      ctx.restore();
    });
    drawAxes(ctx, a, e.xRange, e.yRange, c.theme);
    f.caption.textContent = useLog ? 'Shading and contours on a log scale.' : '';
  });
}
