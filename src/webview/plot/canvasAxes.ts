/** Axes and heatmap helpers for the canvas components (grid, contour, matrix). */
import { fmt } from './component';
import type { Theme } from './theme';

export interface Area { x: number; y: number; w: number; h: number }

export function plotArea(w: number, h: number): Area {
  return { x: 44, y: 8, w: Math.max(50, w - 56), h: Math.max(50, h - 34) };
}

function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step0 = span / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= n) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) out.push(+t.toPrecision(12));
  return out;
}

export function drawAxes(ctx: CanvasRenderingContext2D, a: Area, xr: [number, number], yr: [number, number], theme: Theme): void {
  ctx.save();
  ctx.strokeStyle = theme.muted;
  ctx.fillStyle = theme.muted;
  ctx.lineWidth = 1;
  ctx.font = '11px sans-serif';
  ctx.strokeRect(a.x + 0.5, a.y + 0.5, a.w, a.h);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(xr[0], xr[1])) {
    const px = a.x + ((t - xr[0]) / (xr[1] - xr[0])) * a.w;
    ctx.beginPath(); ctx.moveTo(px, a.y + a.h); ctx.lineTo(px, a.y + a.h + 4); ctx.stroke();
    ctx.fillText(fmt(t), px, a.y + a.h + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(yr[0], yr[1])) {
    const py = a.y + a.h - ((t - yr[0]) / (yr[1] - yr[0])) * a.h;
    ctx.beginPath(); ctx.moveTo(a.x - 4, py); ctx.lineTo(a.x, py); ctx.stroke();
    ctx.fillText(fmt(t), a.x - 6, py);
  }
  ctx.restore();
}

/** Map data coordinates to canvas pixels inside the plot area. */
export function mapper(a: Area, xr: [number, number], yr: [number, number]) {
  return {
    px: (x: number) => a.x + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * a.w,
    py: (y: number) => a.y + a.h - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * a.h,
  };
}

/**
 * Paint a row-major grid (row 0 = bottom) into the plot area through an offscreen image,
 * scaled with smoothing so a coarse grid still reads as a field.
 */
export function paintField(ctx: CanvasRenderingContext2D, a: Area, width: number, height: number, color: (v: number) => [number, number, number], values: number[]): void {
  const off = document.createElement('canvas');
  off.width = width;
  off.height = height;
  const octx = off.getContext('2d')!;
  const img = octx.createImageData(width, height);
  for (let r = 0; r < height; r++) {
    for (let col = 0; col < width; col++) {
      const v = values[r * width + col];
      const [R, G, B] = color(v);
      const o = ((height - 1 - r) * width + col) * 4; // flip: row 0 is the bottom
      img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
    }
  }
  octx.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, a.x, a.y, a.w, a.h);
  ctx.restore();
}

export function finiteRange(values: number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}
