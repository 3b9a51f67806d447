/**
 * `detections`: images with object-detection boxes drawn as SVG. Each panel shows its image
 * (upscaled, crisp pixels), an optional S×S grid with highlighted responsible cells, dashed
 * ground-truth boxes and the candidate boxes with "class score" labels. With `nms` in the event,
 * two sliders (IoU threshold, score threshold) switch instantly between the kept sets the emitter
 * precomputed: kept boxes are solid, suppressed ones dashed and faded, boxes at or below the score
 * threshold hidden.
 *
 * Stable hooks for tests: `svg.detections`, `g.det-panel[data-panel]`, `rect.det-box` with
 * `.kept` / `.suppressed` / `.below-score` and `data-index`, `data-class`, `data-score`;
 * `text.det-label[data-index]`; `rect.det-truth`; `rect.det-cell.responsible[data-r][data-c]`;
 * `line.det-grid`; `input.det-iou` and `input.det-score` (range sliders, value = stop index),
 * `.det-iou-value`, `.det-score-value` (the thresholds as text), `.det-count` (kept per panel).
 * Colours come from the --vscode-* variables, written as presentation attributes (the CSP allows
 * no inline style attributes).
 */
import type { DetectionsPlot } from '../../protocol/plots';
import { frame, legendItem, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';
import { svgFrame } from './svgFrame';
import { withAlpha } from './theme';

const SVG = 'http://www.w3.org/2000/svg';
/** Each image is drawn this many user units per side (a whole multiple of its pixels when possible). */
const TARGET = 176;
const GAP = 14;
const CAPTION = 31;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

const fmt2 = (v: number) => (Math.round(v * 100) / 100).toFixed(2);

/** Which boxes of panel `p` are kept at the given stops (every box when the event has no NMS). */
export function keptAt(e: DetectionsPlot, p: number, iouIndex: number, scoreIndex: number): Set<number> {
  if (!e.nms) return new Set(e.panels[p].boxes.map((_, i) => i));
  return new Set(e.nms.kept[iouIndex]?.[scoreIndex]?.[p] ?? []);
}

/** How box `i` of panel `p` is drawn at the given stops: kept, suppressed by NMS, or hidden below the score threshold. */
export function boxStatus(e: DetectionsPlot, p: number, i: number, iouIndex: number, scoreIndex: number): 'kept' | 'suppressed' | 'below-score' {
  if (keptAt(e, p, iouIndex, scoreIndex).has(i)) return 'kept';
  const score = e.panels[p].boxes[i].score;
  const thr = e.nms ? e.nms.scoreThresholds[scoreIndex] : -Infinity;
  return score !== undefined && score <= thr ? 'below-score' : 'suppressed';
}

export function detectionsChart(first: DetectionsPlot, c: Context): PlotComponent<DetectionsPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('detections-chart');
  const controls = document.createElement('div');
  controls.className = 'det-controls';
  f.root.querySelector('header')?.after(controls);
  const view = svgFrame(f, first.chart, c, 'dag-scroll det-scroll');
  let e = first;
  let iouIndex = 0, scoreIndex = 0;

  const slider = (cls: string, label: string): { input: HTMLInputElement; value: HTMLElement } => {
    const wrap = document.createElement('label');
    wrap.className = `det-slider ${cls}-slider`;
    const name = document.createElement('span');
    name.textContent = label;
    const input = document.createElement('input');
    input.type = 'range';
    input.className = cls;
    input.min = '0';
    input.step = '1';
    input.setAttribute('aria-label', label);
    const value = document.createElement('span');
    value.className = `${cls}-value`;
    wrap.append(name, input, value);
    controls.append(wrap);
    return { input, value };
  };
  const iou = slider('det-iou', 'IoU threshold');
  const score = slider('det-score', 'score threshold');
  const count = document.createElement('span');
  count.className = 'det-count';
  count.setAttribute('aria-live', 'polite');
  controls.append(count);
  iou.input.addEventListener('input', () => { iouIndex = Number(iou.input.value); draw(); });
  score.input.addEventListener('input', () => { scoreIndex = Number(score.input.value); draw(); });

  function draw(): void {
    if (e.title) f.setTitle(e.title);
    const t = c.theme;
    const nms = e.nms;
    controls.hidden = !nms;
    if (nms) {
      iouIndex = Math.min(Math.max(0, iouIndex), nms.iouThresholds.length - 1);
      scoreIndex = Math.min(Math.max(0, scoreIndex), nms.scoreThresholds.length - 1);
      iou.input.max = String(nms.iouThresholds.length - 1);
      score.input.max = String(nms.scoreThresholds.length - 1);
      iou.input.value = String(iouIndex);
      score.input.value = String(scoreIndex);
      iou.value.textContent = fmt2(nms.iouThresholds[iouIndex]);
      score.value.textContent = fmt2(nms.scoreThresholds[scoreIndex]);
    }
    const n = e.panels.length;
    const side = Math.max(1, ...e.panels.map((p) => Math.max(p.image.width, p.image.height)));
    const scale = side >= TARGET ? 1 : Math.max(1, Math.floor(TARGET / side));
    const cell = side * scale;
    const width = n * (cell + GAP) - GAP + 2, height = cell + CAPTION + 14;
    const s = el('svg', { class: 'detections', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `${e.title ?? e.chart}: ${n} images`, 'font-family': getComputedStyle(document.body).fontFamily || 'sans-serif', 'font-size': 10 });
    const counts: number[] = [];
    const classColor = (cls: number | undefined, label: string) => t.series[(cls ?? [...label].reduce((a, ch) => a + ch.charCodeAt(0), 0)) % t.series.length];
    e.panels.forEach((p, pi) => {
      const g = el('g', { class: 'det-panel', transform: `translate(${1 + pi * (cell + GAP)}, 12)` }, s);
      g.dataset.panel = String(pi);
      const iw = p.image.width * scale, ih = p.image.height * scale;
      const cv = document.createElement('canvas');
      paintPixels(cv, p.image.width, p.image.height, p.image.data, p.image.channels);
      el('image', { href: cv.toDataURL('image/png'), x: 0, y: 0, width: iw, height: ih, preserveAspectRatio: 'none', 'image-rendering': 'optimizeSpeed', class: 'det-image' }, g);
      el('rect', { x: 0, y: 0, width: iw, height: ih, fill: 'none', stroke: t.muted, 'stroke-width': 1 }, g);
      if (p.grid && p.grid.size > 0) {
        const G = p.grid.size;
        for (const [r, col] of p.grid.cells) {
          const cellEl = el('rect', { class: 'det-cell responsible', x: (col * iw) / G, y: (r * ih) / G, width: iw / G, height: ih / G,
            fill: withAlpha(t.series[2], 0.28), stroke: t.series[2], 'stroke-width': 1.5 }, g);
          cellEl.dataset.r = String(r);
          cellEl.dataset.c = String(col);
        }
        for (let k = 1; k < G; k++) {
          el('line', { class: 'det-grid', x1: (k * iw) / G, y1: 0, x2: (k * iw) / G, y2: ih, stroke: withAlpha(t.fg, 0.35), 'stroke-width': 1 }, g);
          el('line', { class: 'det-grid', x1: 0, y1: (k * ih) / G, x2: iw, y2: (k * ih) / G, stroke: withAlpha(t.fg, 0.35), 'stroke-width': 1 }, g);
        }
      }
      for (const tr of p.truth ?? []) {
        const [x1, y1, x2, y2] = tr.box;
        const r = el('rect', { class: 'det-truth', x: x1 * iw, y: y1 * ih, width: Math.max(0, (x2 - x1) * iw), height: Math.max(0, (y2 - y1) * ih),
          fill: 'none', stroke: t.fg, 'stroke-width': 1.2, 'stroke-dasharray': '3 2' }, g);
        if (tr.label) el('title', {}, r).textContent = `ground truth: ${tr.label}`;
      }
      const kept = keptAt(e, pi, iouIndex, scoreIndex);
      let shown = 0;
      // Suppressed boxes first, kept ones on top.
      const order = p.boxes.map((_, i) => i).sort((a, b) => Number(kept.has(a)) - Number(kept.has(b)));
      for (const i of order) {
        const b = p.boxes[i];
        const status = boxStatus(e, pi, i, iouIndex, scoreIndex);
        if (status === 'kept') shown++;
        const color = classColor(b.classId, b.label);
        const [x1, y1, x2, y2] = b.box;
        const bx = x1 * iw, by = y1 * ih, bw = Math.max(0, (x2 - x1) * iw), bh = Math.max(0, (y2 - y1) * ih);
        const attrs: Record<string, string | number> = { class: `det-box ${status}`, x: bx, y: by, width: bw, height: bh, fill: 'none', stroke: color,
          'stroke-width': status === 'kept' ? 2 : 1 };
        if (status === 'suppressed') Object.assign(attrs, { 'stroke-dasharray': '4 3', opacity: 0.55 });
        if (status === 'below-score') Object.assign(attrs, { visibility: 'hidden' });
        const r = el('rect', attrs, g);
        r.dataset.index = String(i);
        r.dataset.class = b.label;
        if (b.score !== undefined) r.dataset.score = String(b.score);
        el('title', {}, r).textContent = `${b.label}${b.score !== undefined ? ` ${fmt2(b.score)}` : ''} (${status === 'below-score' ? 'score at or below the threshold' : status})`;
        if (status === 'kept') {
          const text = `${b.label}${b.score !== undefined ? ` ${fmt2(b.score)}` : ''}`;
          const ty = by >= 11 ? by - 2 : by + bh + 10;
          el('rect', { class: 'det-label-bg', x: bx, y: ty - 9, width: text.length * 5.6 + 4, height: 11, fill: withAlpha(t.bg, 0.8) }, g);
          const tx = el('text', { class: 'det-label', x: bx + 2, y: ty, fill: color }, g);
          tx.dataset.index = String(i);
          tx.textContent = text;
        }
      }
      counts.push(shown);
      // The caption wraps at ': ' (a title, then the details on a second line) to fit under the image.
      const cap = el('text', { class: 'det-caption', x: iw / 2, y: ih + 14, 'text-anchor': 'middle', fill: t.fg }, g);
      (p.caption ?? `image ${pi + 1}`).split(/(?<=:) /).slice(0, 2).forEach((line, li) => {
        el('tspan', { x: iw / 2, dy: li === 0 ? 0 : 13 }, cap).textContent = line;
      });
    });
    view.show(s, width, height);
    count.textContent = nms ? `kept: ${counts.join(', ')} of ${e.panels.map((p) => p.boxes.length).join(', ')} boxes` : '';
    f.legend.replaceChildren();
    if (e.panels.some((p) => p.truth?.length)) legendItem(f.legend, t.fg, 'ground truth (dashed)');
    legendItem(f.legend, t.series[0], nms ? 'kept box: class and score (colour = class)' : 'box: class and score (colour = class)');
    if (nms) legendItem(f.legend, withAlpha(t.muted, 0.8), 'suppressed by NMS (dashed)');
    if (e.panels.some((p) => p.grid)) legendItem(f.legend, t.series[2], 'responsible grid cell');
    f.caption.textContent = e.caption ?? '';
  }

  return { root: f.root, canvas: f.canvas, update: (ev) => { e = ev; if (ev.nms && ev !== first) { iouIndex = ev.nms.iouIndex ?? iouIndex; scoreIndex = ev.nms.scoreIndex ?? scoreIndex; } else if (ev.nms) { iouIndex = ev.nms.iouIndex ?? 0; scoreIndex = ev.nms.scoreIndex ?? 0; } draw(); }, destroy: () => undefined };
}
