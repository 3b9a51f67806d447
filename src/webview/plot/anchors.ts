/**
 * `anchors`: SSD anchor boxes over an image. Each view is a `figure.anchors-view[data-view]` holding
 * the image (`canvas.anchors-image`, crisp pixels) under an SVG overlay (`svg.anchors-svg`) with one
 * `rect.anchor-box` per box: `data-role` (gt, anchor, positive, hard-negative, negative) and
 * `data-gt` (the gt index that colours it, as the class `gt-<k mod 6>`), and `line.anchors-grid`
 * for the feature-map cells. Colours come from the --vscode-* variables through media/plot.css (the
 * panel CSP forbids inline styles). The PNG button paints every view onto the frame's canvas.
 */
import type { AnchorsPlot, AnchorRect } from '../../protocol/plots';
import { frame, legendItem, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';
import { withAlpha } from './theme';

const SIDE = 192;
const SVG = 'http://www.w3.org/2000/svg';

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const ORDER: Record<AnchorRect['role'], number> = { negative: 0, anchor: 1, 'hard-negative': 2, positive: 3, gt: 4 };

export function anchorsChart(first: AnchorsPlot, c: Context): PlotComponent<AnchorsPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('anchors');
  f.canvas.remove();
  const box = document.createElement('div');
  box.className = 'anchors-box';
  f.box.replaceWith(box);
  let last = first;

  const oldPng = f.root.querySelector('button.export');
  const png = oldPng?.cloneNode(true) as HTMLButtonElement | undefined;
  if (oldPng && png) {
    oldPng.replaceWith(png);
    png.addEventListener('click', () => {
      const e = last, gap = 12, title = 18;
      const w = e.views.length * (SIDE + gap), h = SIDE + title;
      f.canvas.width = w * 2;
      f.canvas.height = h * 2;
      const ctx = f.canvas.getContext('2d')!;
      ctx.setTransform(2, 0, 0, 2, 0, 0);
      ctx.fillStyle = c.theme.bg;
      ctx.fillRect(0, 0, w, h);
      const img = document.createElement('canvas');
      paintPixels(img, e.image.width, e.image.height, e.image.data, e.image.channels);
      e.views.forEach((v, i) => {
        const x0 = i * (SIDE + gap);
        ctx.fillStyle = c.theme.fg;
        ctx.font = '11px sans-serif';
        ctx.textBaseline = 'top';
        ctx.fillText(v.name, x0, 2);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(img, x0, title, SIDE, SIDE);
        for (const r of [...v.rects].sort((a, b) => ORDER[a.role] - ORDER[b.role])) {
          const [x1, y1, x2, y2] = r.box;
          ctx.strokeStyle = r.role === 'negative' ? withAlpha(c.theme.muted, 0.4) : r.role === 'hard-negative' ? c.theme.series[3] : r.role === 'anchor' ? c.theme.series[5] : c.theme.series[(r.gt ?? 0) % 6];
          ctx.lineWidth = r.role === 'gt' ? 2.5 : 1.2;
          ctx.setLineDash(r.role === 'hard-negative' ? [3, 2] : []);
          ctx.strokeRect(x0 + x1 * SIDE, title + y1 * SIDE, (x2 - x1) * SIDE, (y2 - y1) * SIDE);
        }
        ctx.setLineDash([]);
      });
      c.onExport(first.chart, f.canvas);
    });
  }

  const draw = (e: AnchorsPlot) => {
    last = e;
    if (e.title) f.setTitle(e.title);
    box.replaceChildren();
    e.views.forEach((v, i) => {
      const fig = document.createElement('figure');
      fig.className = 'anchors-view';
      fig.dataset.view = String(i);
      const cap = document.createElement('figcaption');
      cap.className = 'anchors-name';
      cap.textContent = v.name;
      const stage = document.createElement('div');
      stage.className = 'anchors-stage';
      const img = document.createElement('canvas');
      img.className = 'anchors-image';
      paintPixels(img, e.image.width, e.image.height, e.image.data, e.image.channels);
      img.setAttribute('role', 'img');
      img.setAttribute('aria-label', `${v.name}: the image`);
      const svg = svgEl('svg', { class: 'anchors-svg', viewBox: '0 0 1 1', preserveAspectRatio: 'none', role: 'img', 'aria-label': `${v.name}: ${v.rects.length} boxes` });
      if (v.grid && v.grid > 1) {
        for (let k = 1; k < v.grid; k++) {
          const t = k / v.grid;
          svg.append(svgEl('line', { class: 'anchors-grid', x1: t, y1: 0, x2: t, y2: 1 }), svgEl('line', { class: 'anchors-grid', x1: 0, y1: t, x2: 1, y2: t }));
        }
      }
      for (const r of [...v.rects].sort((a, b) => ORDER[a.role] - ORDER[b.role])) {
        const [x1, y1, x2, y2] = r.box;
        const rect = svgEl('rect', { class: `anchor-box role-${r.role}${r.gt !== undefined ? ` gt-${r.gt % 6}` : ''}`, x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1), 'data-role': r.role, 'vector-effect': 'non-scaling-stroke' });
        if (r.gt !== undefined) rect.setAttribute('data-gt', String(r.gt));
        if (r.label) {
          const t = svgEl('title', {});
          t.textContent = r.label;
          rect.append(t);
        }
        svg.append(rect);
      }
      stage.append(img, svg);
      fig.append(cap, stage);
      if (v.caption) {
        const p = document.createElement('p');
        p.className = 'anchors-caption';
        p.textContent = v.caption;
        fig.append(p);
      }
      box.append(fig);
    });
    f.legend.replaceChildren();
    const roles = new Set(e.views.flatMap((v) => v.rects.map((r) => r.role)));
    if (roles.has('gt')) legendItem(f.legend, c.theme.series[0], 'ground-truth box (thick; colour = gt)');
    if (roles.has('anchor')) legendItem(f.legend, c.theme.series[5], 'anchor of one cell');
    if (roles.has('positive')) legendItem(f.legend, c.theme.series[1], 'positive anchor (colour of its gt)');
    if (roles.has('hard-negative')) legendItem(f.legend, c.theme.series[3], 'hard negative (dashed)');
    if (roles.has('negative')) legendItem(f.legend, c.theme.muted, 'other negative');
    f.caption.textContent = e.caption ?? '';
  };

  draw(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e === first) return; draw(e); }, destroy: () => undefined };
}
