/**
 * `images`: a grid of small images (augmented samples), upscaled with crisp pixels, each with its
 * boxes drawn as outlines (with labels) and a caption underneath. One canvas holds the whole grid,
 * so the PNG export is the grid as seen. Colours come from the theme, so the text and the frame
 * read in light, dark and high-contrast themes; the images themselves keep their own pixel values.
 */
import type { PlotEvent, PlotImage } from '../../protocol/plots';
import { frame, type Context, type PlotComponent } from './component';
import { paintPixels } from './pixels';
import { withAlpha } from './theme';

type E = Extract<PlotEvent, { kind: 'images' }>;

const GAP = 10;
const CAPTION = 16;
/** Thumbnails aim at this many CSS pixels per side; the scale is a whole number (no blur). */
const TARGET = 112;

/** The image at its own resolution on an offscreen canvas (grey or RGB, values clamped to [0, 1]). */
function bitmap(img: PlotImage): HTMLCanvasElement {
  const off = document.createElement('canvas');
  paintPixels(off, img.width, img.height, img.data, img.channels);
  return off;
}

export function imagesChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  let last = first;

  const draw = (e: E): void => {
    last = e;
    if (e.title) f.setTitle(e.title);
    const n = e.images.length;
    const maxSide = Math.max(1, ...e.images.map((i) => Math.max(i.width, i.height)));
    const scale = Math.max(1, Math.floor(TARGET / maxSide));
    const cell = maxSide * scale;
    const avail = Math.max(cell + GAP, f.box.clientWidth || f.root.clientWidth || 600);
    const cols = Math.max(1, Math.min(n, Math.floor((avail + GAP) / (cell + GAP))));
    const rows = Math.max(1, Math.ceil(n / cols));
    const w = cols * (cell + GAP) - GAP;
    const h = rows * (cell + CAPTION + GAP);
    f.box.style.height = `${h}px`;
    const dpr = window.devicePixelRatio || 1;
    f.canvas.width = Math.round(w * dpr);
    f.canvas.height = Math.round(h * dpr);
    f.canvas.style.width = `${w}px`;
    f.canvas.style.height = `${h}px`;
    const ctx = f.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.font = '11px sans-serif';
    const labels = new Set<string>();
    e.images.forEach((img, i) => {
      const x0 = (i % cols) * (cell + GAP);
      const y0 = Math.floor(i / cols) * (cell + CAPTION + GAP);
      const iw = img.width * scale, ih = img.height * scale;
      ctx.imageSmoothingEnabled = false; // pixelated: the learner sees the real pixels
      ctx.drawImage(bitmap(img), x0, y0, iw, ih);
      ctx.strokeStyle = c.theme.muted;
      ctx.lineWidth = 1;
      ctx.strokeRect(x0 + 0.5, y0 + 0.5, iw - 1, ih - 1);
      (img.boxes ?? []).forEach((b, j) => {
        const color = c.theme.series[(b.label ? [...labels, b.label].indexOf(b.label) : j) % c.theme.series.length];
        if (b.label) labels.add(b.label);
        const [x1, y1, x2, y2] = b.box;
        const bx = x0 + x1 * iw, by = y0 + y1 * ih, bw = (x2 - x1) * iw, bh = (y2 - y1) * ih;
        // A dark halo under the outline keeps it visible on bright and dark pixels alike.
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
        ctx.lineWidth = 3;
        ctx.strokeRect(bx, by, bw, bh);
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(bx, by, bw, bh);
        if (b.label) {
          const tw = ctx.measureText(b.label).width + 4;
          const ty = Math.max(y0, by - 13);
          ctx.fillStyle = withAlpha(c.theme.bg, 0.85);
          ctx.fillRect(bx, ty, tw, 13);
          ctx.fillStyle = color;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'top';
          ctx.fillText(b.label, bx + 2, ty + 1);
        }
      });
      if (img.caption) {
        ctx.fillStyle = c.theme.fg;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        let text = img.caption;
        while (text.length > 1 && ctx.measureText(text).width > cell) text = text.slice(0, -2) + '…';
        ctx.fillText(text, x0 + iw / 2, y0 + ih + 3);
      }
    });
    f.canvas.setAttribute('aria-label', `${e.title ?? e.chart}: ${n} images${e.images.some((i) => i.caption) ? ` (${e.images.map((i) => i.caption ?? '').join('; ')})` : ''}`);
  };

  // First drawn once the container is in the document (it has a width then).
  requestAnimationFrame(() => draw(last));
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e === first) return; draw(e); }, destroy: () => undefined };
}
