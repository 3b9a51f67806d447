/**
 * `steps`: a computation as a strip of small labelled matrices (e.g. Q·Kᵀ → ÷√d → mask → softmax →
 * ·V), side by side with arrows between them. Previous / Next buttons (or clicking a matrix) move
 * the highlighted step; its note is shown under the strip. Every number is written in its cell.
 *
 * Real DOM elements, so a browser test can find them: `.steps-strip` (with `data-current`),
 * `.steps-step[data-step="i"]` (the highlighted one has `.current`, later ones `.later`),
 * `.steps-label`, `.steps-matrix`, `.steps-cell[data-r][data-c]` (with `data-value`; blocked scores
 * get `.blocked`), `.steps-arrow`, the buttons `.steps-prev` / `.steps-next`, the position line
 * `.steps-position` and the note `.steps-note`. Colours come from theme variables; a cell's shade
 * is set through the CSSOM (the CSP forbids inline style attributes, not style properties).
 */
import type { StepMatrix, StepsPlot } from '../../protocol/plots';
import { fmt, frame, type Context, type PlotComponent } from './component';
import { withAlpha } from './theme';

/** A value at or below this is a blocked score (−1e9) and is written as such. */
const BLOCKED = -1e8;

/** The text of one cell: a blocked score reads "−1e9", others are rounded to 3 significant digits. */
export function stepsCellText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v <= BLOCKED) return '−1e9';
  const r = Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : String(+v.toPrecision(3));
  return r.replace(/-/g, '−');
}

/** Shade of a cell in [−1, 1]: its value over the largest finite, unblocked magnitude of its matrix. */
export function stepsShade(m: StepMatrix, v: number): number {
  if (!Number.isFinite(v) || v <= BLOCKED) return 0;
  const max = Math.max(0, ...m.values.flat().filter((x) => Number.isFinite(x) && x > BLOCKED).map(Math.abs));
  return max > 0 ? Math.max(-1, Math.min(1, v / max)) : 0;
}

/** "step 2 of 5: scores ÷ √d". */
export function stepsPosition(e: StepsPlot, i: number): string {
  return `step ${i + 1} of ${e.steps.length}: ${e.steps[i]?.label ?? ''}`;
}

export function stepsChart(first: StepsPlot, c: Context): PlotComponent<StepsPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('steps');
  let e = first;
  let current = Math.min(Math.max(0, first.start ?? 0), Math.max(0, first.steps.length - 1));
  const controls = document.createElement('div');
  controls.className = 'steps-controls';
  const prev = document.createElement('button');
  prev.type = 'button';
  prev.className = 'secondary steps-prev';
  prev.textContent = '◀ Previous';
  const next = document.createElement('button');
  next.type = 'button';
  next.className = 'secondary steps-next';
  next.textContent = 'Next ▶';
  const position = document.createElement('span');
  position.className = 'steps-position';
  position.setAttribute('aria-live', 'polite');
  controls.append(prev, next, position);
  const strip = document.createElement('div');
  strip.className = 'steps-strip';
  const note = document.createElement('p');
  note.className = 'steps-note';
  f.box.className = 'steps-box';
  f.box.replaceChildren(controls, strip, note);

  function matrixEl(m: StepMatrix, i: number): HTMLElement {
    const box = document.createElement('div');
    box.className = 'steps-step';
    box.dataset.step = String(i);
    box.tabIndex = 0;
    const label = document.createElement('div');
    label.className = 'steps-label';
    label.textContent = m.label;
    const table = document.createElement('table');
    table.className = 'steps-matrix';
    const head = document.createElement('tr');
    const corner = document.createElement('th');
    corner.className = 'steps-corner';
    corner.textContent = m.rowTitle && m.colTitle ? `${m.rowTitle} \\ ${m.colTitle}` : '';
    head.append(corner);
    m.colLabels.forEach((l) => { const th = document.createElement('th'); th.className = 'steps-col-label'; th.textContent = l; head.append(th); });
    table.append(head);
    m.values.forEach((row, r) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.className = 'steps-row-label';
      th.textContent = m.rowLabels[r] ?? String(r);
      tr.append(th);
      row.forEach((v, col) => {
        const td = document.createElement('td');
        td.className = 'steps-cell' + (v <= BLOCKED ? ' blocked' : '');
        td.dataset.r = String(r);
        td.dataset.c = String(col);
        td.dataset.value = Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v);
        td.textContent = stepsCellText(v);
        td.title = `${m.label} — ${m.rowTitle ?? 'row'} ${m.rowLabels[r] ?? r}, ${m.colTitle ?? 'column'} ${m.colLabels[col] ?? col}: ${fmt(v)}`;
        const t = stepsShade(m, v);
        td.style.background = t === 0 ? 'transparent' : withAlpha(t > 0 ? c.theme.series[0] : c.theme.series[1], Math.abs(t) * 0.7);
        tr.append(td);
      });
      table.append(tr);
    });
    box.append(label, table);
    box.addEventListener('click', () => show(i));
    return box;
  }

  function show(i: number): void {
    current = Math.min(Math.max(0, i), e.steps.length - 1);
    strip.dataset.current = String(current);
    strip.querySelectorAll<HTMLElement>('.steps-step').forEach((el) => {
      const k = Number(el.dataset.step);
      el.classList.toggle('current', k === current);
      el.classList.toggle('later', k > current);
      el.setAttribute('aria-current', k === current ? 'step' : 'false');
    });
    prev.disabled = current <= 0;
    next.disabled = current >= e.steps.length - 1;
    position.textContent = stepsPosition(e, current);
    note.textContent = e.steps[current]?.note ?? '';
    paintExport();
  }

  function paintExport(): void {
    const m = e.steps[current];
    const cv = f.canvas;
    if (!m) { cv.width = 1; cv.height = 1; return; }
    const cell = 56, left = 90, top = 40;
    const cols = Math.max(1, ...m.values.map((r) => r.length));
    cv.width = left + cols * cell + 16;
    cv.height = top + m.values.length * 24 + 16;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, cv.width, cv.height);
    ctx.font = '12px sans-serif';
    ctx.fillStyle = c.theme.fg;
    ctx.textBaseline = 'middle';
    ctx.fillText(stepsPosition(e, current), 8, 12);
    ctx.textAlign = 'center';
    m.colLabels.forEach((l, k) => ctx.fillText(l, left + k * cell + cell / 2, top - 10));
    m.values.forEach((row, r) => {
      ctx.textAlign = 'right';
      ctx.fillStyle = c.theme.muted;
      ctx.fillText(m.rowLabels[r] ?? String(r), left - 6, top + r * 24 + 12);
      ctx.textAlign = 'center';
      ctx.fillStyle = c.theme.fg;
      row.forEach((v, k) => ctx.fillText(stepsCellText(v), left + k * cell + cell / 2, top + r * 24 + 12));
    });
  }

  function render(): void {
    if (e.title) f.setTitle(e.title);
    strip.replaceChildren();
    e.steps.forEach((m, i) => {
      if (i > 0) {
        const arrow = document.createElement('div');
        arrow.className = 'steps-arrow';
        arrow.setAttribute('aria-hidden', 'true');
        arrow.textContent = '→';
        strip.append(arrow);
      }
      strip.append(matrixEl(m, i));
    });
    f.caption.textContent = e.caption ?? '';
    show(current);
  }

  prev.addEventListener('click', () => show(current - 1));
  next.addEventListener('click', () => show(current + 1));
  render();
  return {
    root: f.root,
    canvas: f.canvas,
    update: (n) => { if (n === first && e === first) return; e = n; current = Math.min(current, Math.max(0, n.steps.length - 1)); render(); },
    destroy: () => undefined,
  };
}
