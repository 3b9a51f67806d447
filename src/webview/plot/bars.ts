/** `bars`: grouped or stacked bars over labels. */
import type { PlotEvent } from '../../protocol/plots';
import type { ChartOptions } from 'chart.js';
import { Chart, baseOptions } from './chartjs';
import { frame, type Context, type PlotComponent } from './component';

type E = Extract<PlotEvent, { kind: 'bars' }>;

export function barsChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport);
  const chart = new Chart<'bar', Array<number | null>, string>(f.canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions(c.theme, { xType: 'category', logY: first.logY, stacked: first.stacked, xLabel: first.xLabel, yLabel: first.yLabel }) as ChartOptions<'bar'>,
  });
  const apply = (e: E) => {
    if (e.title) f.setTitle(e.title);
    const s = c.theme.series;
    chart.data.labels = [...e.labels];
    chart.data.datasets = e.series.map((ser, i) => ({
      label: ser.name, data: ser.values.map((v) => (e.logY && !(v > 0) ? null : v)),
      backgroundColor: s[i % s.length], borderColor: s[i % s.length], borderWidth: c.theme.highContrast ? 1 : 0,
    }));
    chart.update('none');
  };
  apply(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e !== first) apply(e); }, destroy: () => chart.destroy() };
}
