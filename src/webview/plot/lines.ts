/** `lines`: static curves (replaces the chart's curves), optional markers and labelled points. */
import type { PlotEvent } from '../../protocol/plots';
import { lineChartIn } from './chartjs';
import type { Context, PlotComponent } from './component';
import { withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'lines' }>;

export function linesChart(first: E, c: Context): PlotComponent<E> {
  const { f, chart } = lineChartIn(first.chart, first.title, c, { xLabel: first.xLabel, yLabel: first.yLabel, logY: first.logY });
  const apply = (e: E) => {
    if (e.title) f.setTitle(e.title);
    const s = c.theme.series;
    const datasets: typeof chart.data.datasets = e.series.map((ser, i) => ({
      type: 'line' as const,
      label: ser.name,
      data: ser.x.map((x, j) => ({ x, y: ser.y[j] })).filter((p) => Number.isFinite(p.y) && (!e.logY || p.y > 0)),
      borderColor: s[i % s.length], backgroundColor: s[i % s.length], pointRadius: 0,
      borderWidth: c.theme.highContrast ? 2.5 : 1.5, borderDash: ser.dashed ? [6, 3] : [],
    }));
    if (e.points?.length) {
      const labels = [...new Set(e.points.map((p) => p.label))].sort((a, b) => a - b);
      for (const [k, label] of labels.entries()) {
        const color = s[(e.series.length + k) % s.length];
        datasets.push({
          type: 'scatter' as const, label: `class ${label}`,
          data: e.points.filter((p) => p.label === label).map((p) => ({ x: p.x, y: p.y })),
          borderColor: color, backgroundColor: withAlpha(color, 0.7), pointRadius: 3, showLine: false,
        });
      }
    }
    // Markers (e.g. "best epoch") as vertical lines spanning the data's y range.
    if (e.markers?.length) {
      const ys = datasets.flatMap((d) => (d.data as Array<{ y: number }>).map((p) => p.y)).filter(Number.isFinite);
      const lo = ys.length ? Math.min(...ys) : 0, hi = ys.length ? Math.max(...ys) : 1;
      for (const m of e.markers) {
        datasets.push({
          type: 'line' as const, label: m.label, data: [{ x: m.x, y: lo }, { x: m.x, y: hi }],
          borderColor: c.theme.muted, backgroundColor: c.theme.muted, borderDash: [2, 3], pointRadius: 0, borderWidth: 1,
        });
      }
    }
    chart.data.datasets = datasets;
    const y = chart.options.scales?.y as { type?: string } | undefined;
    if (y) y.type = e.logY ? 'logarithmic' : 'linear';
    chart.update('none');
  };
  apply(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e !== first) apply(e); }, destroy: () => chart.destroy() };
}
