/** `epoch`: training curves, one line per key of `values`, appended live. */
import type { PlotEvent } from '../../protocol/plots';
import { lineChartIn } from './chartjs';
import type { Context, PlotComponent } from './component';

type E = Extract<PlotEvent, { kind: 'epoch' }>;

export function epochChart(first: E, c: Context): PlotComponent<E> {
  const { f, chart } = lineChartIn(first.chart, first.title, c, { xLabel: first.xLabel ?? 'epoch', yLabel: first.yLabel, logY: first.logY });
  const index = new Map<string, number>();
  let pending = false;
  const flush = () => { pending = false; chart.update('none'); };
  return {
    root: f.root,
    canvas: f.canvas,
    update(e) {
      if (e.title) f.setTitle(e.title);
      for (const [key, value] of Object.entries(e.values)) {
        let i = index.get(key);
        if (i === undefined) {
          i = chart.data.datasets.length;
          index.set(key, i);
          const color = c.theme.series[i % c.theme.series.length];
          chart.data.datasets.push({
            label: key, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: c.theme.highContrast ? 2.5 : 1.5,
            // Validation curves dashed, so train/val pairs read apart without relying on colour.
            borderDash: /^val/i.test(key) ? [6, 3] : [],
          });
        }
        // A log axis cannot show 0 or negatives: skip those points rather than break the chart.
        if (e.logY && !(value > 0)) continue;
        // An epoch seen before updates its point (demos re-send a step with every series'
        // value so far); new epochs keep the data sorted, so the line never doubles back.
        const data = chart.data.datasets[i].data as Array<{ x: number; y: number }>;
        const lastX = data.length ? data[data.length - 1].x : -Infinity;
        if (e.epoch > lastX) data.push({ x: e.epoch, y: value });
        else {
          const j = data.findIndex((p) => p.x >= e.epoch);
          if (data[j].x === e.epoch) data[j] = { x: e.epoch, y: value };
          else data.splice(j, 0, { x: e.epoch, y: value });
        }
      }
      // Coalesce bursts of events into one repaint per frame.
      if (!pending) { pending = true; requestAnimationFrame(flush); }
    },
    destroy() { chart.destroy(); },
  };
}
