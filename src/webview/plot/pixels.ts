/** Paint a small image given as numbers in [0, 1] (grey, or RGB interleaved) into a canvas at its own size. */
export function paintPixels(cv: HTMLCanvasElement, width: number, height: number, data: ArrayLike<number>, channels: 1 | 3 = 1): void {
  cv.width = width;
  cv.height = height;
  const ctx = cv.getContext('2d');
  if (!ctx) return;
  const px = ctx.createImageData(width, height);
  const byte = (v: number | undefined) => Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(v) ? (v as number) : 0)));
  for (let p = 0; p < width * height; p++) {
    const o = p * channels;
    const r = byte(data[o]);
    px.data[p * 4] = r;
    px.data[p * 4 + 1] = channels === 3 ? byte(data[o + 1]) : r;
    px.data[p * 4 + 2] = channels === 3 ? byte(data[o + 2]) : r;
    px.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(px, 0, 0);
}
