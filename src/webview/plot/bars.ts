/** `bars`: grouped or stacked bars over labels, optionally with a control that switches between precomputed stops. */
import type { BarsPlot, BarsStop } from '../../protocol/plots';
import type { ChartOptions } from 'chart.js';
import { Chart, baseOptions } from './chartjs';
import { frame, type Context, type PlotComponent } from './component';

type E = BarsPlot;

/** What the chart shows for stop `i` (the event's own bars when there is no such stop). */
export function barsStop(e: E, i: number | undefined): BarsStop {
  const s = i !== undefined ? e.stops?.[i] : undefined;
  return s ?? { label: '', labels: e.labels, series: e.series, caption: e.caption };
}

export function barsChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport);
  const chart = new Chart<'bar', Array<number | null>, string>(f.canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions(c.theme, { xType: 'category', logY: first.logY, stacked: first.stacked, xLabel: first.xLabel, yLabel: first.yLabel }) as ChartOptions<'bar'>,
  });
  let current = first;
  let select: HTMLSelectElement | undefined;
  const draw = (e: E, stop: BarsStop) => {
    const s = c.theme.series;
    chart.data.labels = [...stop.labels];
    chart.data.datasets = stop.series.map((ser, i) => ({
      label: ser.name, data: ser.values.map((v) => (e.logY && !(v > 0) ? null : v)),
      backgroundColor: s[i % s.length], borderColor: s[i % s.length], borderWidth: c.theme.highContrast ? 1 : 0,
    }));
    f.caption.textContent = stop.caption ?? e.caption ?? '';
    chart.update('none');
  };
  const apply = (e: E) => {
    current = e;
    if (e.title) f.setTitle(e.title);
    if (e.stops?.length) {
      if (!select) {
        const label = document.createElement('label');
        label.className = 'bars-control';
        label.textContent = (e.controlLabel ?? 'setting') + ' ';
        select = document.createElement('select');
        select.className = 'bars-control';
        select.dataset.chart = e.chart;
        select.addEventListener('change', () => draw(current, barsStop(current, Number(select!.value))));
        label.append(select);
        f.box.before(label);
      }
      const keep = select.options.length === e.stops.length ? select.value : String(e.initialStop ?? 0);
      select.replaceChildren(...e.stops.map((st, i) => { const o = document.createElement('option'); o.value = String(i); o.textContent = st.label; return o; }));
      select.value = keep;
      draw(e, barsStop(e, Number(select.value)));
    } else draw(e, barsStop(e, undefined));
  };
  apply(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e !== first) apply(e); }, destroy: () => chart.destroy() };
}
