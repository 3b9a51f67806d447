/**
 * Plot webview: one reusable component per PlotEvent kind (src/webview/plot/), one chart
 * container per chart id. Events replay on open and stream in live; the exercise id and
 * events persist with setState so the serializer can restore the panel after a reload.
 */
import type { PlotEvent } from '../protocol/plots';
import type { HostToPlotView, PlotViewState, PlotViewToHost } from '../protocol/webviews';
import { attentionChart } from './plot/attention';
import { activationsChart } from './plot/activations';
import { anchorsChart } from './plot/anchors';
import { barsChart } from './plot/bars';
import { beamTreeChart } from './plot/beamTree';
import type { Context, PlotComponent } from './plot/component';
import { confusionChart } from './plot/confusion';
import { contourChart } from './plot/contour';
import { convSlideChart } from './plot/convSlide';
import { detectionsChart } from './plot/detections';
import { epochChart } from './plot/epoch';
import { graphChart } from './plot/graph';
import { gridChart } from './plot/grid';
import { histogramChart } from './plot/histogram';
import { imagesChart } from './plot/images';
import { layersChart } from './plot/layers';
import { linesChart } from './plot/lines';
import { masksChart } from './plot/masks';
import { matrixChart } from './plot/matrix';
import { stepsChart } from './plot/steps';
import { tableChart } from './plot/table';
import { readTheme } from './plot/theme';
import { tokensChart } from './plot/tokens';
import { vscodeApi } from './vscodeApi';

type ChartEvent = Exclude<PlotEvent, { kind: 'note' }>;

const vscode = vscodeApi<PlotViewState>();
const chartsEl = document.getElementById('charts')!;
const noteEl = document.getElementById('note')!;
const statusEl = document.getElementById('status')!;
const toolbar = document.getElementById('toolbar')!;

let exerciseId = vscode.getState()?.exerciseId ?? '';
let events: PlotEvent[] = [];
let note: string | undefined;
const charts = new Map<string, { kind: string; component: PlotComponent }>();
let notesEl: HTMLElement | undefined;

function post(m: PlotViewToHost): void {
  vscode.postMessage(m);
}

function context(): Context {
  return {
    theme: readTheme(),
    onExport: (chart, canvas) => {
      // Paint the theme background under the chart: a transparent PNG is unreadable elsewhere.
      const out = document.createElement('canvas');
      out.width = canvas.width;
      out.height = canvas.height;
      const ctx = out.getContext('2d')!;
      ctx.fillStyle = readTheme().bg;
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(canvas, 0, 0);
      post({ kind: 'exportPng', chart, dataUrl: out.toDataURL('image/png') });
    },
  };
}

let ctx = context();

function create(e: ChartEvent): PlotComponent {
  switch (e.kind) {
    case 'epoch': return epochChart(e, ctx) as PlotComponent;
    case 'lines': return linesChart(e, ctx) as PlotComponent;
    case 'bars': return barsChart(e, ctx) as PlotComponent;
    case 'histogram': return histogramChart(e, ctx) as PlotComponent;
    case 'grid': return gridChart(e, ctx) as PlotComponent;
    case 'contour': return contourChart(e, ctx) as PlotComponent;
    case 'matrix': return matrixChart(e, ctx) as PlotComponent;
    case 'confusion': return confusionChart(e, ctx) as PlotComponent;
    case 'graph': return graphChart(e, ctx) as PlotComponent;
    case 'images': return imagesChart(e, ctx) as PlotComponent;
    case 'attention': return attentionChart(e, ctx) as PlotComponent;
    case 'convSlide': return convSlideChart(e, ctx) as PlotComponent;
    case 'detections': return detectionsChart(e, ctx) as PlotComponent;
    case 'beamTree': return beamTreeChart(e, ctx) as PlotComponent;
    case 'tokens': return tokensChart(e, ctx) as PlotComponent;
    case 'activations': return activationsChart(e, ctx) as PlotComponent;
    case 'table': return tableChart(e, ctx) as PlotComponent;
    case 'steps': return stepsChart(e, ctx) as PlotComponent;
    case 'anchors': return anchorsChart(e, ctx) as PlotComponent;
    case 'masks': return masksChart(e, ctx) as PlotComponent;
    case 'layers': return layersChart(e, ctx) as PlotComponent;
  }
}

function apply(e: PlotEvent): void {
  document.querySelector('.empty')?.remove();
  if (e.kind === 'note') {
    if (!notesEl) {
      notesEl = document.createElement('section');
      notesEl.className = 'notes note';
      chartsEl.before(notesEl);
    }
    let p = notesEl.querySelector<HTMLElement>(`p[data-note="${CSS.escape(e.chart)}"]`);
    if (!p) {
      p = document.createElement('p');
      p.dataset.note = e.chart;
      notesEl.append(p);
    }
    p.textContent = e.text;
    return;
  }
  const existing = charts.get(e.chart);
  if (existing && existing.kind === e.kind) {
    existing.component.update(e);
    return;
  }
  if (existing) { existing.component.destroy(); existing.component.root.remove(); }
  const component = create(e);
  charts.set(e.chart, { kind: e.kind, component });
  chartsEl.append(component.root);
  // Charts are created from their first event; apply it (epoch charts append it as a point).
  component.update(e);
}

function clear(): void {
  for (const { component } of charts.values()) { component.destroy(); component.root.remove(); }
  charts.clear();
  notesEl?.remove();
  notesEl = undefined;
  events = [];
}

function showEmpty(): void {
  if (charts.size || notesEl) return;
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = 'No plots yet. Grade the exercise or run its demo: charts appear here while the code trains.';
  chartsEl.append(p);
}

function setNote(text: string | undefined): void {
  note = text;
  noteEl.textContent = text ?? '';
  noteEl.hidden = !text;
}

/** "valLossWithDropout" → "val loss with dropout". */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase();
}

/**
 * A demo's facts as a small table: numbers rounded, and each claim the demo checks (a true/false
 * fact) stated with whether it held.
 */
function showSummary(summary: Record<string, number | boolean | string> | undefined): void {
  document.getElementById('summary')?.remove();
  if (!summary || Object.keys(summary).length === 0) return;
  const table = document.createElement('table');
  table.id = 'summary';
  table.className = 'summary';
  const caption = document.createElement('caption');
  caption.textContent = 'What the demo found';
  table.append(caption);
  const entries = Object.entries(summary).sort(([, a], [, b]) => Number(typeof a === 'boolean') - Number(typeof b === 'boolean'));
  for (const [key, value] of entries) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    const td = document.createElement('td');
    if (typeof value === 'boolean') {
      th.textContent = `Claim: ${words(key)}`;
      td.textContent = value ? '✓ held' : '✗ did not hold';
      td.className = value ? 'ok' : 'bad';
    } else {
      th.textContent = words(key);
      td.textContent = typeof value === 'number' ? String(+value.toPrecision(4)) : value;
    }
    tr.append(th, td);
    table.append(tr);
  }
  statusEl.after(table);
}

function setStatus(text: string, cls?: 'ok' | 'bad'): void {
  statusEl.textContent = text;
  statusEl.className = cls ?? 'muted';
}

let saveTimer: number | undefined;
function saveState(): void {
  // Throttled: a long demo posts thousands of epoch events.
  if (saveTimer !== undefined) return;
  saveTimer = window.setTimeout(() => {
    saveTimer = undefined;
    vscode.setState({ exerciseId, events, ...(note ? { note } : {}) });
  }, 400);
}

function buildToolbar(title: string, hasDemo: boolean): void {
  toolbar.replaceChildren();
  const h = document.createElement('h1');
  h.textContent = title;
  toolbar.append(h);
  const grade = document.createElement('button');
  grade.type = 'button';
  grade.className = 'secondary';
  grade.id = 'grade';
  grade.textContent = '▶ Grade';
  grade.addEventListener('click', () => post({ kind: 'grade' }));
  toolbar.append(grade);
  if (hasDemo) {
    const demo = document.createElement('button');
    demo.type = 'button';
    demo.id = 'run-demo';
    demo.textContent = 'Run demo';
    demo.addEventListener('click', () => post({ kind: 'runDemo' }));
    toolbar.append(demo);
    const stop = document.createElement('button');
    stop.type = 'button';
    stop.id = 'stop-demo';
    stop.className = 'secondary';
    stop.textContent = '■ Stop';
    stop.title = 'Stop the demo; the charts drawn so far stay';
    stop.hidden = true;
    stop.addEventListener('click', () => { stop.disabled = true; post({ kind: 'stopDemo' }); });
    toolbar.append(stop);
  }
}

/** The Stop button shows while a demo runs. */
function setDemoRunning(running: boolean): void {
  const stop = document.getElementById('stop-demo') as HTMLButtonElement | null;
  if (!stop) return;
  stop.hidden = !running;
  stop.disabled = false;
}

function replay(list: PlotEvent[]): void {
  clear();
  for (const e of list) { events.push(e); apply(e); }
  showEmpty();
}

window.addEventListener('message', (ev: MessageEvent<HostToPlotView>) => {
  const m = ev.data;
  switch (m?.kind) {
    case 'init':
      exerciseId = m.exerciseId;
      buildToolbar(m.title, m.hasDemo);
      setNote(m.note);
      replay(m.events);
      setStatus(m.running ? 'Running…' : '');
      setDemoRunning(!!m.running && m.runningWhat === 'demo');
      saveState();
      break;
    case 'runStarted':
      clear();
      setNote(m.note);
      setStatus(m.what === 'demo' ? 'Running the demo…' : 'Grading…');
      setDemoRunning(m.what === 'demo');
      saveState();
      break;
    case 'plot':
      events.push(m.event);
      apply(m.event);
      saveState();
      break;
    case 'runFinished':
      // A demo the learner stopped is not an error: its status stays neutral.
      setStatus(`${m.what === 'demo' ? 'Demo' : 'Grade'}: ${m.message}`, m.ok ? 'ok' : m.what === 'demo' && /^stopped/.test(m.message) ? undefined : 'bad');
      setDemoRunning(false);
      showSummary(m.what === 'demo' ? m.summary : undefined);
      showEmpty();
      break;
    case 'exported':
      setStatus(m.path ? `Saved ${m.chart} to ${m.path}` : '');
      break;
    default:
      break;
  }
});

// Theme switches change the --vscode-* variables and the body class: redraw in the new colours.
new MutationObserver(() => {
  ctx = context();
  const list = events;
  replay(list);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// Restored after a reload: draw what was saved at once; the host's init follows.
const saved = vscode.getState();
if (saved?.events?.length) replay(saved.events);
setNote(saved?.note);
post({ kind: 'ready' });
