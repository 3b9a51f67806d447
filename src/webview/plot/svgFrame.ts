/**
 * The frame of a chart drawn as SVG (the autograd graph, the beam-search tree): a sideways
 * scroller in place of the canvas box, a graph wider than the panel shrunk to fit (down to 60 %,
 * where its text is still readable) before it scrolls, and a PNG button that rasterises the SVG.
 */
import type { Context, Frame } from './component';

export interface SvgFrame {
  scroller: HTMLElement;
  /** Show `svg` (replacing the previous one), drawn at `width` × `height` user units. */
  show(svg: SVGSVGElement, width: number, height: number): void;
}

export function svgFrame(f: Frame, chart: string, c: Context, className: string): SvgFrame {
  f.canvas.remove();
  const scroller = document.createElement('div');
  scroller.className = className;
  scroller.style.overflowX = 'auto';
  scroller.style.overflowY = 'hidden';
  f.box.replaceWith(scroller);
  let svg: SVGSVGElement | undefined;
  let natural = { w: 0, h: 0 };
  const fit = () => {
    const avail = scroller.clientWidth;
    if (!svg || !avail || !natural.w) return;
    const scale = Math.max(0.6, Math.min(1, avail / natural.w));
    svg.setAttribute('width', String(Math.round(natural.w * scale)));
    svg.setAttribute('height', String(Math.round(natural.h * scale)));
  };
  new ResizeObserver(fit).observe(scroller);

  // The frame's canvas is used only to rasterise the SVG for the PNG button.
  const oldPng = f.root.querySelector('button.export');
  const png = oldPng?.cloneNode(true) as HTMLButtonElement | undefined;
  if (oldPng && png) {
    oldPng.replaceWith(png);
    png.addEventListener('click', () => {
      if (!svg) return;
      const { w, h } = natural;
      const img = new Image();
      img.onload = () => {
        const dpr = 2;
        f.canvas.width = w * dpr;
        f.canvas.height = h * dpr;
        const ctx = f.canvas.getContext('2d')!;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.drawImage(img, 0, 0, w, h);
        c.onExport(chart, f.canvas);
      };
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    });
  }
  return {
    scroller,
    show(s, width, height) {
      svg?.remove();
      svg = s;
      natural = { w: width, h: height };
      scroller.append(s);
      fit();
    },
  };
}
