/**
 * One reusable component per PlotEvent kind. A component owns one chart container
 * (`<section class="chart" data-chart="<id>">` with a `<canvas>`) and applies events of its kind.
 */
import type { PlotEvent } from '../../protocol/plots';
import type { Theme } from './theme';

export interface PlotComponent<E extends PlotEvent = PlotEvent> {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  update(event: E): void;
  destroy(): void;
}

export interface Frame {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  box: HTMLElement;
  caption: HTMLElement;
  legend: HTMLElement;
  setTitle(t: string): void;
}

/** The container every chart uses; the PNG button posts to the host via `onExport`. */
export function frame(chart: string, title: string, onExport: (chart: string, canvas: HTMLCanvasElement) => void, opts: { square?: boolean; wide?: boolean } = {}): Frame {
  const root = document.createElement('section');
  root.className = 'chart' + (opts.wide ? ' wide' : '');
  root.dataset.chart = chart;
  const header = document.createElement('header');
  const h = document.createElement('h2');
  h.textContent = title;
  const png = document.createElement('button');
  png.type = 'button';
  png.className = 'secondary export';
  png.textContent = 'PNG';
  png.title = 'Save this chart as a PNG file';
  header.append(h, png);
  const box = document.createElement('div');
  box.className = 'canvas-box' + (opts.square ? ' square' : '');
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  box.append(canvas);
  const legend = document.createElement('div');
  legend.className = 'legend';
  const caption = document.createElement('p');
  caption.className = 'caption';
  root.append(header, box, legend, caption);
  png.addEventListener('click', () => onExport(chart, canvas));
  return { root, canvas, box, caption, legend, setTitle: (t) => { h.textContent = t; canvas.setAttribute('aria-label', t); } };
}

export interface Context {
  theme: Theme;
  onExport(chart: string, canvas: HTMLCanvasElement): void;
}

/** Size a plain canvas to its box in device pixels; returns CSS width/height and the 2-D context. */
export function fitCanvas(canvas: HTMLCanvasElement, box: HTMLElement): { ctx: CanvasRenderingContext2D; w: number; h: number } {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(200, box.clientWidth || 360);
  const h = Math.max(160, box.clientHeight || 260);
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w, h };
}

/**
 * A chart drawn on a plain canvas (grid, contour, matrix): the frame, a background fill and a
 * redraw per event. `paint` draws one event; canvas charts are first drawn once the container is
 * in the document (it has a size then).
 */
export function canvasChart<E extends PlotEvent & { chart: string; title?: string }>(
  first: E, c: Context,
  paint: (e: E, ctx: CanvasRenderingContext2D, w: number, h: number, f: Frame) => void,
): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { square: true });
  let last = first;
  const draw = (e: E) => {
    last = e;
    if (e.title) f.setTitle(e.title);
    const { ctx, w, h } = fitCanvas(f.canvas, f.box);
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, w, h);
    paint(e, ctx, w, h, f);
  };
  requestAnimationFrame(() => draw(last));
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e === first) return; draw(e); }, destroy: () => undefined };
}

export function legendItem(legend: HTMLElement, color: string, label: string): void {
  const span = document.createElement('span');
  const i = document.createElement('i');
  i.style.background = color;
  span.append(i, label);
  legend.append(span);
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(+v.toPrecision(3));
}
