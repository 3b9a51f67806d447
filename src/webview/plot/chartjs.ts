/** Chart.js, registered once with only what the components use (tree-shaken, no eval). */
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip, type ChartConfiguration,
} from 'chart.js';
import type { Theme } from './theme';

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
      y: { type: o.logY ? 'logarithmic' : 'linear', stacked: o.stacked, ...axis(o.yLabel) },
    },
  };
}
