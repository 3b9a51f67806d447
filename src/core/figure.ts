/**
 * Lesson figures: a small JSON spec in a ```figure fenced block becomes an inline SVG chart at
 * render time. Pure (no DOM), offline, no script: the SVG uses classes only, and the lesson's
 * CSS colours them from the editor theme (light, dark and high contrast alike). Series also differ
 * by dash pattern and marker shape, so they stay apart without colour.
 *
 * A spec:
 * ```json
 * { "title": "Sigmoid and its slope",
 *   "x": { "label": "z", "min": -6, "max": 6 },
 *   "y": { "label": "value", "log": false, "integer": false },
 *   "series": [
 *     { "name": "σ(z)", "gen": "sigmoid" },
 *     { "name": "data", "points": [[0, 1], [1, 0.5]], "style": "points" } ],
 *   "caption": "…" }
 * ```
 * A series gives either `points` ([x, y] pairs) or `gen`, a named generator from
 * {@link GENERATORS} sampled on the x range (with optional `param`).
 */

export interface AxisSpec {
  label: string;
  min?: number;
  max?: number;
  /** Base-10 log scale (positive values only). */
  log?: boolean;
  /** Ticks at whole numbers only (counts, epochs, layers). */
  integer?: boolean;
}

export interface SeriesSpec {
  name: string;
  points?: Array<[number, number]>;
  gen?: string;
  param?: number;
  /** 'line' (default), 'points' (markers only) or 'both'. */
  style?: 'line' | 'points' | 'both';
  /** Number of samples for a generator (default 121). */
  samples?: number;
}

export interface FigureSpec {
  title?: string;
  x: AxisSpec;
  y: AxisSpec;
  series: SeriesSpec[];
  caption?: string;
}

const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): plenty for a picture.
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
};
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Named curves a figure can sample, y = g(x, param). */
export const GENERATORS: Record<string, (x: number, p?: number) => number> = {
  relu: (x) => Math.max(x, 0),
  reluGrad: (x) => (x > 0 ? 1 : 0),
  leakyRelu: (x, a = 0.2) => (x > 0 ? x : a * x),
  sigmoid,
  sigmoidGrad: (x) => sigmoid(x) * (1 - sigmoid(x)),
  tanh: Math.tanh,
  tanhGrad: (x) => 1 - Math.tanh(x) ** 2,
  elu: (x, a = 1) => (x > 0 ? x : a * (Math.exp(x) - 1)),
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  /** −log x: the cross-entropy of a true class given probability x. */
  negLog: (x) => -Math.log(x),
  /** |d/dz| of cross-entropy at the true logit, as a function of its probability p: 1 − p. */
  ceGrad: (p) => 1 - p,
  /** |d/dz| of (p − 1)² through a sigmoid, as a function of p: 2(1 − p)·p(1 − p). */
  mseSigmoidGrad: (p) => 2 * (1 - p) * p * (1 - p),
  square: (x) => x * x,
  abs: Math.abs,
  /** Huber loss with threshold param (default 1). */
  huber: (x, d = 1) => (Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d)),
  /** Soft thresholding sign(x)·max(|x| − t, 0), t = param (default 1). */
  softThreshold: (x, t = 1) => Math.sign(x) * Math.max(Math.abs(x) - t, 0),
  /** L2 shrinkage x/(1 + param): what ridge does to one orthogonal coefficient. */
  shrink: (x, l = 1) => x / (1 + l),
  /** Density of N(0, 1). */
  normalPdf: (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI),
  /** Density of N(0, 1) truncated at ±2 (renormalised). */
  truncNormalPdf: (x) => (Math.abs(x) <= 2 ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) / 0.9544997361 : 0),
  /** sin(2πx), the regression target of the bias–variance lessons. */
  sin2pi: (x) => Math.sin(2 * Math.PI * x),
};

const W = 560;
const H = 300;
const M = { left: 62, right: 16, top: 30, bottom: 46 };
const MAX_SERIES = 6;
const MAX_POINTS = 2000;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Shortest readable label for a tick value: no float noise (0.30000000000000004), no "-0". */
export function formatTick(v: number, step = 0): string {
  if (v === 0 || Object.is(v, -0)) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    const ms = Math.abs(m - Math.round(m)) < 1e-9 ? String(Math.round(m)) : m.toFixed(1);
    return ms === '1' ? `10${sup(e)}` : ms === '-1' ? `−10${sup(e)}` : `${ms.replace('-', '−')}·10${sup(e)}`;
  }
  const decimals = step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) : 3;
  return (+v.toFixed(decimals)).toString().replace('-', '−');
}

function sup(e: number): string {
  const map: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  return String(e).split('').map((c) => map[c] ?? c).join('');
}

/** "Nice" ticks (1, 2, 5 × 10^k) covering [lo, hi]; whole numbers only when `integer`. */
export function niceTicks(lo: number, hi: number, integer = false, target = 6): { ticks: number[]; step: number } {
  if (!(hi > lo)) { hi = lo + 1; }
  let step = 10 ** Math.floor(Math.log10((hi - lo) / target));
  for (const f of [1, 2, 2.5, 5, 10]) {
    if ((hi - lo) / (step * f) <= target) { step *= f; break; }
  }
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : +t.toPrecision(12));
  return { ticks, step };
}

function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const every = Math.max(1, Math.ceil((b - a) / 7));
  const out: number[] = [];
  for (let e = a; e <= b; e += every) out.push(10 ** e);
  return out;
}

class FigureError extends Error {}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FigureError(`${what} must be a finite number`);
  return v;
}

function checkSpec(raw: unknown): FigureSpec {
  if (!raw || typeof raw !== 'object') throw new FigureError('the figure spec must be a JSON object');
  const s = raw as FigureSpec;
  for (const k of ['x', 'y'] as const) {
    const a = s[k];
    if (!a || typeof a !== 'object' || typeof a.label !== 'string' || !a.label.trim()) throw new FigureError(`axis "${k}" needs a label`);
    if (a.min !== undefined) num(a.min, `${k}.min`);
    if (a.max !== undefined) num(a.max, `${k}.max`);
  }
  if (!Array.isArray(s.series) || s.series.length === 0) throw new FigureError('"series" must be a non-empty list');
  if (s.series.length > MAX_SERIES) throw new FigureError(`at most ${MAX_SERIES} series`);
  for (const [i, ser] of s.series.entries()) {
    if (!ser || typeof ser.name !== 'string') throw new FigureError(`series ${i} needs a name`);
    if (ser.gen !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(GENERATORS, ser.gen)) throw new FigureError(`unknown generator "${ser.gen}" (known: ${Object.keys(GENERATORS).join(', ')})`);
      if (ser.param !== undefined) num(ser.param, `series ${i} param`);
    } else if (Array.isArray(ser.points)) {
      if (ser.points.length > MAX_POINTS) throw new FigureError(`series ${i} has more than ${MAX_POINTS} points`);
      ser.points.forEach((p, j) => {
        if (!Array.isArray(p) || p.length !== 2) throw new FigureError(`series ${i} point ${j} must be [x, y]`);
        num(p[0], `series ${i} point ${j} x`);
        // y may be null in JSON to break a line; anything else must be finite.
        if (p[1] !== null) num(p[1], `series ${i} point ${j} y`);
      });
    } else {
      throw new FigureError(`series ${i} needs "points" or "gen"`);
    }
  }
  return s;
}

/** The points a series draws (generators sampled over the x range). */
export function seriesPoints(ser: SeriesSpec, xMin: number, xMax: number): Array<[number, number | null]> {
  if (ser.gen) {
    const g = GENERATORS[ser.gen];
    const n = Math.max(2, Math.min(MAX_POINTS, Math.floor(ser.samples ?? 121)));
    return Array.from({ length: n }, (_, i) => {
      const x = xMin + ((xMax - xMin) * i) / (n - 1);
      const y = g(x, ser.param);
      return [x, Number.isFinite(y) ? y : null] as [number, number | null];
    });
  }
  return (ser.points ?? []).map(([x, y]) => [x, y]);
}

/** Spec (object or JSON text) → `<figure>` with an inline SVG; a bad spec gives a visible error box. */
export function renderFigure(input: string | FigureSpec): string {
  let spec: FigureSpec;
  try {
    spec = checkSpec(typeof input === 'string' ? JSON.parse(input) : input);
  } catch (e) {
    const msg = e instanceof FigureError || e instanceof SyntaxError ? e.message : String(e);
    return `<div class="figure-error">Figure not drawn: ${esc(msg)}</div>\n`;
  }
  return drawFigure(spec);
}

function drawFigure(spec: FigureSpec): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const ser of spec.series) {
    if (ser.points) for (const [x] of ser.points) xs.push(x);
  }
  const xMin = spec.x.min ?? Math.min(...xs);
  const xMax = spec.x.max ?? Math.max(...xs);
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) return `<div class="figure-error">Figure not drawn: give x.min and x.max for a generated series</div>\n`;
  const data = spec.series.map((s) => seriesPoints(s, xMin, xMax));
  for (const pts of data) for (const [, y] of pts) if (y !== null && (!spec.y.log || y > 0)) ys.push(y);
  let yMin = spec.y.min ?? Math.min(...ys);
  let yMax = spec.y.max ?? Math.max(...ys);
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) { yMin = spec.y.log ? 1 : 0; yMax = spec.y.log ? 10 : 1; }
  if (spec.y.log && yMin <= 0) return `<div class="figure-error">Figure not drawn: a log axis needs positive values</div>\n`;

  const legend = layoutLegend(spec.series);
  const top = M.top + Math.max(0, legend.rows.length - 1) * LEGEND_ROW;
  const HH = H + (top - M.top);
  const pw = W - M.left - M.right;
  const ph = HH - top - M.bottom;
  // Ticks, and the range stretched to the outer ticks so no marker sits on the frame.
  let xt: number[]; let xStep = 0;
  ({ ticks: xt, step: xStep } = niceTicks(xMin, xMax, spec.x.integer));
  let yt: number[]; let yStep = 0;
  let y0 = yMin; let y1 = yMax;
  if (spec.y.log) {
    yt = logTicks(yMin, yMax);
    y0 = Math.min(yMin, yt[0]); y1 = Math.max(yMax, yt[yt.length - 1]);
  } else {
    if (spec.y.min === undefined || spec.y.max === undefined) {
      const pad = (yMax - yMin || 1) * 0.05;
      if (spec.y.min === undefined) yMin -= pad;
      if (spec.y.max === undefined) yMax += pad;
    }
    ({ ticks: yt, step: yStep } = niceTicks(yMin, yMax, spec.y.integer));
    y0 = spec.y.min ?? Math.min(yMin, yt[0]);
    y1 = spec.y.max ?? Math.max(yMax, yt[yt.length - 1]);
    yt = yt.filter((t) => t >= y0 - 1e-12 && t <= y1 + 1e-12);
  }
  const x0 = spec.x.min ?? Math.min(xMin, xt[0]);
  const x1 = spec.x.max ?? Math.max(xMax, xt[xt.length - 1]);
  xt = xt.filter((t) => t >= x0 - 1e-12 && t <= x1 + 1e-12);
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * pw;
  const ty = (y: number) => (spec.y.log ? Math.log10(y) : y);
  const sy = (y: number) => top + ph - ((ty(y) - ty(y0)) / (ty(y1) - ty(y0) || 1)) * ph;
  const f = (v: number) => (Math.round(v * 10) / 10).toString();

  const parts: string[] = [];
  const label = spec.title ?? `${spec.y.label} against ${spec.x.label}`;
  parts.push(`<svg class="lesson-figure" viewBox="0 0 ${W} ${HH}" width="100%" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<title>${esc(label)}</title>`);
  // Grid and ticks.
  for (const t of xt) {
    const X = f(sx(t));
    parts.push(`<line class="fig-grid" x1="${X}" y1="${top}" x2="${X}" y2="${top + ph}"/>`);
    parts.push(`<text class="fig-tick" x="${X}" y="${top + ph + 16}" text-anchor="middle">${esc(formatTick(t, xStep))}</text>`);
  }
  for (const t of yt) {
    const Y = f(sy(t));
    parts.push(`<line class="fig-grid" x1="${M.left}" y1="${Y}" x2="${M.left + pw}" y2="${Y}"/>`);
    const text = spec.y.log ? `10${sup(Math.round(Math.log10(t)))}` : formatTick(t, yStep);
    parts.push(`<text class="fig-tick" x="${M.left - 6}" y="${Y}" dy="0.32em" text-anchor="end">${esc(text)}</text>`);
  }
  // Zero lines help read signs.
  if (!spec.y.log && y0 < 0 && y1 > 0) parts.push(`<line class="fig-zero" x1="${M.left}" y1="${f(sy(0))}" x2="${M.left + pw}" y2="${f(sy(0))}"/>`);
  if (x0 < 0 && x1 > 0) parts.push(`<line class="fig-zero" x1="${f(sx(0))}" y1="${top}" x2="${f(sx(0))}" y2="${top + ph}"/>`);
  parts.push(`<rect class="fig-frame" x="${M.left}" y="${top}" width="${pw}" height="${ph}"/>`);
  // Axis titles.
  parts.push(`<text class="fig-axis-label" x="${M.left + pw / 2}" y="${HH - 8}" text-anchor="middle">${esc(spec.x.label)}</text>`);
  parts.push(`<text class="fig-axis-label" transform="translate(14 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(spec.y.label)}</text>`);
  // Series, clipped to the plot area.
  const clip = `fig-clip-${hash(JSON.stringify(spec))}`;
  parts.push(`<clipPath id="${clip}"><rect x="${M.left - 6}" y="${top - 6}" width="${pw + 12}" height="${ph + 12}"/></clipPath>`);
  parts.push(`<g clip-path="url(#${clip})">`);
  data.forEach((pts, i) => {
    const style = spec.series[i].style ?? 'line';
    const inRange = (y: number | null): y is number => y !== null && (!spec.y.log || y > 0);
    if (style !== 'points') {
      let d = '';
      let pen = false;
      for (const [x, y] of pts) {
        if (!inRange(y)) { pen = false; continue; }
        d += `${pen ? 'L' : 'M'}${f(sx(x))} ${f(sy(y))}`;
        pen = true;
      }
      if (d) parts.push(`<path class="fig-line fig-s${i}" d="${d}"/>`);
    }
    if (style !== 'line') {
      for (const [x, y] of pts) if (inRange(y)) parts.push(marker(i, sx(x), sy(y), f));
    }
  });
  parts.push('</g>');
  // Legend: rows of samples and names above the plot, wrapped to the plot's width.
  if (legend.rows.length) parts.push(`<g class="fig-legend-group">${legend.svg.join('')}</g>`);
  parts.push('</svg>');
  const caption = spec.caption ?? spec.title;
  return `<figure class="lesson-figure">${parts.join('')}${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>\n`;
}

const LEGEND_ROW = 18;

/** Legend entries laid out in rows from the left edge of the plot, wrapped at its width. */
function layoutLegend(series: SeriesSpec[]): { rows: number[]; svg: string[] } {
  const f = (v: number) => (Math.round(v * 10) / 10).toString();
  const rows: number[] = [];
  const svg: string[] = [];
  if (series.length < 2 && !series[0]?.name) return { rows, svg };
  const maxX = W - M.right;
  let x = M.left;
  let row = 0;
  series.forEach((s, i) => {
    // ~6.6 px per character at 12 px, plus the sample and a gap.
    const w = 30 + s.name.length * 6.6 + 14;
    if (x > M.left && x + w > maxX) { row++; x = M.left; }
    const y = 14 + row * LEGEND_ROW;
    const sample = (s.style ?? 'line') === 'points'
      ? marker(i, x + 10, y, f)
      : `<line class="fig-line fig-s${i}" x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}"/>${s.style === 'both' ? marker(i, x + 11, y, f) : ''}`;
    svg.push(`${sample}<text class="fig-legend" x="${x + 28}" y="${y}" dy="0.32em">${esc(s.name)}</text>`);
    rows[row] = (rows[row] ?? 0) + 1;
    x += w;
  });
  return { rows, svg };
}

/** djb2: a stable id, so two figures in one lesson never share a clip path by accident. */
function hash(s: string): string {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

function marker(i: number, X: number, Y: number, f: (v: number) => string): string {
  const k = i % 3;
  if (k === 0) return `<circle class="fig-marker fig-s${i}" cx="${f(X)}" cy="${f(Y)}" r="4"/>`;
  if (k === 1) return `<rect class="fig-marker fig-s${i}" x="${f(X - 3.5)}" y="${f(Y - 3.5)}" width="7" height="7"/>`;
  return `<path class="fig-marker fig-s${i}" d="M${f(X)} ${f(Y - 4.5)}L${f(X + 4.5)} ${f(Y + 3.5)}L${f(X - 4.5)} ${f(Y + 3.5)}Z"/>`;
}
