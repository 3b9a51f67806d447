/** Chart.js, registered once with only what the components use (tree-shaken, no eval). */
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Ticks, Tooltip, type ChartConfiguration, type Scale, type Tick,
} from 'chart.js';
import type { Theme } from './theme';
import { fmt, frame, type Context, type Frame } from './component';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip);

export { Chart };

/** Options every chart shares: theme colours, no animation (live updates), fixed-height box. */
export function baseOptions(theme: Theme, o: { xLabel?: string; yLabel?: string; logY?: boolean; xType?: 'linear' | 'category'; stacked?: boolean }): ChartConfiguration['options'] {
  const axis = (label?: string) => ({
    grid: { color: theme.grid },
    ticks: { color: theme.muted },
    title: { display: !!label, text: label ?? '', color: theme.muted },
  });
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    normalized: true,
    plugins: {
      legend: { labels: { color: theme.fg, boxWidth: 12 } },
      tooltip: { enabled: true },
    },
    scales: {
      x: { type: o.xType ?? 'linear', stacked: o.stacked, ...axis(o.xLabel) },
      y: {
        type: o.logY ? 'logarithmic' : 'linear', stacked: o.stacked, ...axis(o.yLabel),
        // Chart.js prints every log tick in full ("1,000,000,000.0000000000"): show powers of ten only, compactly.
        ticks: {
          color: theme.muted,
          callback: function (this: Scale, v: number | string, index: number, ticks: Tick[]) {
            const n = Number(v);
            // Chart.js's own labels carry as many decimals as the tick step needs (−1.195, −1.2,
            // −1.205), where three significant digits would print −1.2 three times.
            if (!o.logY) return Ticks.formatters.numeric.call(this, n, index, ticks);
            const p = Math.log10(n);
            return Math.abs(p - Math.round(p)) < 1e-9 ? fmt(n) : '';
          },
        },
      },
    },
  };
}

/**
 * The frame and an empty line chart in it: what the epoch, lines and histogram components start
 * from (each fills the datasets its own way).
 */
export function lineChartIn(chart: string, title: string | undefined, c: Context, o: Parameters<typeof baseOptions>[1]): { f: Frame; chart: Chart } {
  const f = frame(chart, title ?? chart, c.onExport);
  return { f, chart: new Chart(f.canvas, { type: 'line', data: { datasets: [] }, options: baseOptions(c.theme, o) }) };
}
