/** `histogram`: one semi-transparent histogram per group, on a shared linear x axis. */
import type { PlotEvent } from '../../protocol/plots';
import { lineChartIn } from './chartjs';
import type { Context, PlotComponent } from './component';
import { withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'histogram' }>;

export function histogramChart(first: E, c: Context): PlotComponent<E> {
  const { f, chart } = lineChartIn(first.chart, first.title, c, { yLabel: 'count' });
  const apply = (e: E) => {
    if (e.title) f.setTitle(e.title);
    const s = c.theme.series;
    // A histogram as a filled step line: groups with different bin edges overlay correctly,
    // which grouped bars on a category axis cannot do.
    chart.data.datasets = e.groups.map((g, i) => {
      const pts: Array<{ x: number; y: number }> = [];
      g.counts.forEach((count, j) => {
        pts.push({ x: g.bins[j], y: count }, { x: g.bins[j + 1], y: count });
      });
      if (pts.length) { pts.unshift({ x: pts[0].x, y: 0 }); pts.push({ x: pts[pts.length - 1].x, y: 0 }); }
      const color = s[i % s.length];
      return { label: g.name, data: pts, borderColor: color, backgroundColor: withAlpha(color, 0.3), fill: true, pointRadius: 0, borderWidth: 1.2, stepped: false };
    });
    chart.update('none');
  };
  apply(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e !== first) apply(e); }, destroy: () => chart.destroy() };
}
