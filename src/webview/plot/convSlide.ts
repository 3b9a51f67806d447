/**
 * `convSlide`: a kernel sliding over a single-channel image. Three grids (input with its padding,
 * kernel, output) are DOM cells; a step control (prev / next / play and a slider) moves the window
 * over the output positions. For the current position the panel lists the real products
 * input × kernel and their running sum, next to the output value the convolution returned; a sum
 * that differs from that value is flagged (`.conv-sum.mismatch`). Below, an output-size calculator.
 *
 * Stable hooks for tests: `.conv-slide`, `.conv-input .cell[data-r][data-c]` (image coordinates;
 * padded cells have `.pad`), `.conv-kernel .cell[data-r][data-c]`, `.conv-output .cell[data-r][data-c]`,
 * `.cell.active` (the current window / output cell), `button.conv-prev`, `button.conv-next`,
 * `button.conv-play`, `input.conv-step`, `.conv-products`, `.conv-sum` (data-sum, data-output,
 * data-ok), `.conv-calc input[name=size|kernel|stride|dilation|pad]`, `.conv-calc select[name=mode]`,
 * `.conv-calc-out`. The canvas is painted with the three grids for the PNG export only.
 */
import type { ConvSlidePlot, PlotGrid } from '../../protocol/plots';
import { fmt, frame, type Context, type PlotComponent } from './component';
import { withAlpha } from './theme';

export interface WindowTerm {
  /** Kernel cell. */
  u: number; v: number;
  /** Image cell (may be outside the image: padding). */
  r: number; c: number;
  inside: boolean;
  x: number; k: number; product: number;
}

/** The window of output cell (i, j): one term per kernel cell, padded cells contribute x = 0. */
export function windowTerms(e: ConvSlidePlot, i: number, j: number): WindowTerm[] {
  const out: WindowTerm[] = [];
  for (let u = 0; u < e.kernel.height; u++) {
    for (let v = 0; v < e.kernel.width; v++) {
      const r = i * e.strides[0] - e.padTop + u * e.dilations[0];
      const c = j * e.strides[1] - e.padLeft + v * e.dilations[1];
      const inside = r >= 0 && r < e.input.height && c >= 0 && c < e.input.width;
      const x = inside ? e.input.values[r * e.input.width + c] : 0;
      const k = e.kernel.values[u * e.kernel.width + v];
      out.push({ u, v, r, c, inside, x, k, product: x * k });
    }
  }
  return out;
}

/** The products' sum at (i, j), the returned output value there, and whether they agree. */
export function checkPosition(e: ConvSlidePlot, i: number, j: number): { sum: number; output: number; ok: boolean } {
  const sum = windowTerms(e, i, j).reduce((a, t) => a + t.product, 0);
  const output = e.output.values[i * e.output.width + j];
  const tol = e.tolerance ?? 1e-4;
  return { sum, output, ok: Number.isFinite(output) && Math.abs(sum - output) <= tol * Math.max(1, Math.abs(sum)) };
}

/** Output size along one axis and the formula that gives it (tf's rules; clamped at 0). */
export function outputSize(n: number, k: number, s: number, d: number, pad: 'valid' | 'same' | number): { out: number; formula: string } {
  if (![n, k, s, d].every((v) => Number.isInteger(v) && v >= 1) || (typeof pad === 'number' && (!Number.isInteger(pad) || pad < 0))) {
    return { out: NaN, formula: 'size, kernel, stride and dilation are integers ≥ 1; a numeric padding is an integer ≥ 0' };
  }
  const kEff = (k - 1) * d + 1;
  const kText = d > 1 ? `k_eff = (${k} − 1)·${d} + 1 = ${kEff}; ` : '';
  if (pad === 'same') {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + kEff - n, 0);
    return { out, formula: `${kText}out = ⌈${n} / ${s}⌉ = ${out}; padding total = max((${out} − 1)·${s} + ${kEff} − ${n}, 0) = ${total}: ${Math.floor(total / 2)} before, ${total - Math.floor(total / 2)} after` };
  }
  const p = pad === 'valid' ? 0 : pad;
  const raw = Math.floor((n + 2 * p - kEff) / s) + 1;
  const out = Math.max(0, raw);
  return { out, formula: `${kText}out = ⌊(${n} + 2·${p} − ${kEff}) / ${s}⌋ + 1 = ${raw}${raw < 0 ? ' → clamped to 0 (empty)' : ''}` };
}

function cellColor(c: Context, v: number, maxAbs: number): { bg: string; fg: string } {
  const t = maxAbs > 0 ? Math.min(1, Math.abs(v) / maxAbs) : 0;
  const base = v >= 0 ? c.theme.series[0] : c.theme.series[1];
  return { bg: t > 0 ? withAlpha(base, 0.1 + 0.8 * t) : 'transparent', fg: t > 0.55 ? '#ffffff' : c.theme.fg };
}

const maxAbsOf = (g: PlotGrid) => g.values.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, Math.abs(v)) : a), 0);

export function convSlideChart(first: ConvSlidePlot, c: Context): PlotComponent<ConvSlidePlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('conv-slide');
  let e = first;
  let step = 0;
  let timer: number | undefined;

  const controls = document.createElement('div');
  controls.className = 'conv-controls';
  const button = (cls: string, text: string, title: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `secondary ${cls}`;
    b.textContent = text;
    b.title = title;
    controls.append(b);
    return b;
  };
  const prev = button('conv-prev', '◀ Prev', 'Move the window to the previous output cell');
  const play = button('conv-play', '▶ Play', 'Slide the window over every output cell');
  const next = button('conv-next', 'Next ▶', 'Move the window to the next output cell');
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.className = 'conv-step';
  slider.min = '0';
  slider.setAttribute('aria-label', 'output position');
  const position = document.createElement('span');
  position.className = 'conv-position';
  controls.append(slider, position);

  const grids = document.createElement('div');
  grids.className = 'conv-grids';
  const detail = document.createElement('div');
  detail.className = 'conv-detail';
  detail.setAttribute('aria-live', 'polite');
  const calc = document.createElement('div');
  calc.className = 'conv-calc';
  f.box.className = 'conv-box';
  f.box.replaceChildren(controls, grids, detail, calc);

  const count = () => e.output.height * e.output.width;
  const go = (s: number) => { const n = count(); step = n === 0 ? 0 : ((s % n) + n) % n; render(); };
  prev.addEventListener('click', () => { stop(); go(step - 1); });
  next.addEventListener('click', () => { stop(); go(step + 1); });
  slider.addEventListener('input', () => { stop(); go(Number(slider.value)); });
  const stop = () => { if (timer !== undefined) { window.clearInterval(timer); timer = undefined; } play.textContent = '▶ Play'; play.setAttribute('aria-pressed', 'false'); };
  play.addEventListener('click', () => {
    if (timer !== undefined) { stop(); return; }
    play.textContent = '⏸ Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = window.setInterval(() => go(step + 1), 700);
  });

  /** One labelled grid of DOM cells; `value(r, c)` gives the number or undefined for a padded cell. */
  function gridEl(cls: string, label: string, rows: number[], cols: number[], value: (r: number, col: number) => number | undefined, maxAbs: number, active: (r: number, col: number) => boolean): HTMLElement {
    const wrap = document.createElement('figure');
    wrap.className = `conv-grid ${cls}`;
    const cap = document.createElement('figcaption');
    cap.textContent = label;
    const g = document.createElement('div');
    g.className = 'conv-cells';
    g.style.gridTemplateColumns = `repeat(${cols.length}, minmax(26px, 34px))`;
    for (const r of rows) {
      for (const col of cols) {
        const d = document.createElement('div');
        const v = value(r, col);
        d.className = 'cell' + (v === undefined ? ' pad' : '') + (active(r, col) ? ' active' : '');
        d.dataset.r = String(r);
        d.dataset.c = String(col);
        d.textContent = v === undefined ? '0' : fmt(Math.round(v * 100) / 100);
        if (v !== undefined) {
          const { bg, fg } = cellColor(c, v, maxAbs);
          d.style.background = bg;
          d.style.color = fg;
        }
        d.title = `${v === undefined ? 'padding' : `row ${r}, column ${col}`}: ${v === undefined ? 0 : v}`;
        g.append(d);
      }
    }
    wrap.append(g, cap);
    return wrap;
  }

  function render(): void {
    if (e.title) f.setTitle(e.title);
    const n = count();
    slider.max = String(Math.max(0, n - 1));
    slider.value = String(step);
    slider.disabled = n === 0;
    [prev, next, play].forEach((b) => { b.disabled = n === 0; });
    const i = n ? Math.floor(step / e.output.width) : 0, j = n ? step % e.output.width : 0;
    position.textContent = n ? `output row ${i}, column ${j} (${step + 1} of ${n})` : 'no output positions (empty output)';
    const terms = n ? windowTerms(e, i, j) : [];
    const hit = new Set(terms.map((t) => `${t.r},${t.c}`));
    // The input grid shows the padding band the windows reach.
    const lastR = (e.output.height - 1) * e.strides[0] - e.padTop + (e.kernel.height - 1) * e.dilations[0];
    const lastC = (e.output.width - 1) * e.strides[1] - e.padLeft + (e.kernel.width - 1) * e.dilations[1];
    const rows: number[] = [], cols: number[] = [];
    for (let r = Math.min(0, -e.padTop); r <= Math.max(e.input.height - 1, lastR); r++) rows.push(r);
    for (let col = Math.min(0, -e.padLeft); col <= Math.max(e.input.width - 1, lastC); col++) cols.push(col);
    const inside = (r: number, col: number) => r >= 0 && r < e.input.height && col >= 0 && col < e.input.width;
    const range = (k: number) => Array.from({ length: k }, (_, t) => t);
    grids.replaceChildren(
      gridEl('conv-input', `input ${e.input.height}×${e.input.width} (padding: ${e.padding}; grey cells are zeros)`, rows, cols,
        (r, col) => (inside(r, col) ? e.input.values[r * e.input.width + col] : undefined), maxAbsOf(e.input), (r, col) => hit.has(`${r},${col}`)),
      gridEl('conv-kernel', `kernel ${e.kernel.height}×${e.kernel.width} (stride ${e.strides.join('×')}, dilation ${e.dilations.join('×')})`, range(e.kernel.height), range(e.kernel.width),
        (r, col) => e.kernel.values[r * e.kernel.width + col], maxAbsOf(e.kernel), () => n > 0),
      gridEl('conv-output', `output ${e.output.height}×${e.output.width}`, range(e.output.height), range(e.output.width),
        (r, col) => e.output.values[r * e.output.width + col], maxAbsOf(e.output), (r, col) => n > 0 && r === i && col === j),
    );

    detail.replaceChildren();
    if (n) {
      const list = document.createElement('ol');
      list.className = 'conv-products';
      let running = 0;
      for (const t of terms) {
        running += t.product;
        const li = document.createElement('li');
        li.dataset.u = String(t.u);
        li.dataset.v = String(t.v);
        li.textContent = `${t.inside ? `x[${t.r},${t.c}]` : 'pad'} ${fmt(t.x)} × k[${t.u},${t.v}] ${fmt(t.k)} = ${fmt(t.product)}   (running sum ${fmt(running)})`;
        list.append(li);
      }
      const { sum, output, ok } = checkPosition(e, i, j);
      const s = document.createElement('p');
      s.className = 'conv-sum' + (ok ? ' ok' : ' mismatch');
      s.dataset.sum = String(sum);
      s.dataset.output = String(output);
      s.dataset.ok = String(ok);
      s.textContent = ok
        ? `sum of the products = ${fmt(sum)}; conv2d returned ${fmt(output)} at output [${i}, ${j}] ✓`
        : `sum of the products = ${fmt(sum)}, but conv2d returned ${fmt(output)} at output [${i}, ${j}] ✗ — check the window position (stride, padding) and the kernel orientation`;
      detail.append(list, s);
    }
    f.caption.textContent = e.caption ?? '';
    paintExport(i, j, hit);
  }

  function calculator(): void {
    const field = (name: string, label: string, value: number, min: number) => {
      const l = document.createElement('label');
      const inp = document.createElement('input');
      inp.type = 'number';
      inp.name = name;
      inp.min = String(min);
      inp.value = String(value);
      l.append(`${label} `, inp);
      return { l, inp };
    };
    const h = document.createElement('h3');
    h.textContent = 'Output size calculator (one axis)';
    const size = field('size', 'input size', e.input.height, 1);
    const kernel = field('kernel', 'kernel', e.kernel.height, 1);
    const stride = field('stride', 'stride', e.strides[0], 1);
    const dil = field('dilation', 'dilation', e.dilations[0], 1);
    const modeL = document.createElement('label');
    const mode = document.createElement('select');
    mode.name = 'mode';
    for (const m of ['valid', 'same', 'number']) { const o = document.createElement('option'); o.value = m; o.textContent = m === 'number' ? 'numeric pad' : `'${m}'`; mode.append(o); }
    mode.value = e.padding === 'valid' || e.padding === 'same' ? e.padding : 'number';
    modeL.append('padding ', mode);
    const pad = field('pad', 'pad', /^\d+$/.test(e.padding) ? Number(e.padding) : 1, 0);
    const out = document.createElement('p');
    out.className = 'conv-calc-out';
    out.setAttribute('aria-live', 'polite');
    const update = () => {
      pad.l.hidden = mode.value !== 'number';
      const p = mode.value === 'number' ? Number(pad.inp.value) : (mode.value as 'valid' | 'same');
      const r = outputSize(Number(size.inp.value), Number(kernel.inp.value), Number(stride.inp.value), Number(dil.inp.value), p);
      out.dataset.out = String(r.out);
      out.textContent = Number.isNaN(r.out) ? r.formula : `output size ${r.out}   (${r.formula})`;
    };
    for (const x of [size.inp, kernel.inp, stride.inp, dil.inp, pad.inp, mode]) x.addEventListener('input', update);
    const row = document.createElement('div');
    row.className = 'conv-calc-fields';
    row.append(size.l, kernel.l, stride.l, dil.l, modeL, pad.l);
    calc.replaceChildren(h, row, out);
    update();
  }

  function paintExport(i: number, j: number, hit: Set<string>): void {
    const px = 22, gap = 30, top = 24;
    const grids: Array<{ g: PlotGrid; label: string; active: (r: number, col: number) => boolean }> = [
      { g: e.input, label: 'input', active: (r, col) => hit.has(`${r},${col}`) },
      { g: e.kernel, label: 'kernel', active: () => true },
      { g: e.output, label: 'output', active: (r, col) => r === i && col === j },
    ];
    const cv = f.canvas;
    cv.width = grids.reduce((a, x) => a + x.g.width * px + gap, gap);
    cv.height = top + Math.max(...grids.map((x) => x.g.height)) * px + 10;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, cv.width, cv.height);
    ctx.font = '11px sans-serif';
    let x0 = gap;
    for (const { g, label, active } of grids) {
      const m = maxAbsOf(g);
      ctx.fillStyle = c.theme.fg;
      ctx.textAlign = 'left';
      ctx.fillText(label, x0, 14);
      for (let r = 0; r < g.height; r++) {
        for (let col = 0; col < g.width; col++) {
          const { bg } = cellColor(c, g.values[r * g.width + col], m);
          ctx.fillStyle = bg === 'transparent' ? c.theme.bg : bg;
          ctx.fillRect(x0 + col * px, top + r * px, px - 1, px - 1);
          if (active(r, col)) { ctx.strokeStyle = c.theme.fg; ctx.lineWidth = 2; ctx.strokeRect(x0 + col * px + 1, top + r * px + 1, px - 3, px - 3); }
        }
      }
      x0 += g.width * px + gap;
    }
  }

  calculator();
  render();
  return {
    root: f.root,
    canvas: f.canvas,
    update: (nextE) => {
      if (nextE === first && e === first) return;
      e = nextE;
      if (step >= count()) step = 0;
      calculator();
      render();
    },
    destroy: () => stop(),
  };
}
