/**
 * `tokens`: decoded sequences as rows of token cells, each cell marked right or wrong against its
 * target (padding unmarked), with a label column (e.g. the source). Real DOM elements, so a browser
 * test can find them: `.token-grid` (with `data-rows`), `.token-row[data-row]`, `.token-label`,
 * `.token.right`, `.token.wrong`, `.token.pad`; a wrong cell's `title` names the expected token.
 * Rows with `marks` (a BERT masking) draw `.token.masked`, `.token.random`, `.token.kept` and
 * `.token.plain` (not selected) instead, with `data-mark` and the original token in `title`.
 * Colours come from the --vscode-* variables through classes in media/plot.css (no inline styles).
 * The PNG button draws the grid onto the frame's canvas.
 */
import type { PlotEvent, TokenMark } from '../../protocol/plots';
import { frame, legendItem, type Context, type PlotComponent } from './component';

type E = Extract<PlotEvent, { kind: 'tokens' }>;

const CELL = 30;
const LABEL_W = 120;

/** How a BERT masking changed a token: the legend text and the colour (the same as media/plot.css). */
const MARK_TEXT: Record<TokenMark, string> = { masked: 'selected, replaced by [MASK]', random: 'selected, replaced by a random token', kept: 'selected, kept unchanged' };
const MARK_COLOUR: Record<TokenMark, (c: Context) => string> = { masked: (c) => c.theme.series[0], random: (c) => c.theme.series[1], kept: (c) => c.theme.series[2] };

export function tokensChart(first: E, c: Context): PlotComponent<E> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.root.classList.add('tokens');
  f.canvas.remove();
  const grid = document.createElement('div');
  grid.className = 'token-grid';
  grid.setAttribute('role', 'table');
  f.box.replaceWith(grid);
  let last = first;

  const oldPng = f.root.querySelector('button.export');
  const png = oldPng?.cloneNode(true) as HTMLButtonElement | undefined;
  if (oldPng && png) {
    oldPng.replaceWith(png);
    png.addEventListener('click', () => {
      const e = last;
      const cols = Math.max(1, ...e.rows.map((r) => r.tokens.length));
      const w = LABEL_W + cols * (CELL + 2), h = (e.rows.length + 1) * (CELL + 2);
      f.canvas.width = w * 2;
      f.canvas.height = h * 2;
      const ctx = f.canvas.getContext('2d')!;
      ctx.setTransform(2, 0, 0, 2, 0, 0);
      ctx.fillStyle = c.theme.bg;
      ctx.fillRect(0, 0, w, h);
      ctx.font = '12px monospace';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = c.theme.fg;
      ctx.fillText(e.labelTitle ?? '', 4, CELL / 2);
      ctx.fillText(e.tokensTitle ?? 'tokens', LABEL_W, CELL / 2);
      e.rows.forEach((r, i) => {
        const y = (i + 1) * (CELL + 2);
        ctx.fillStyle = c.theme.fg;
        ctx.textAlign = 'left';
        ctx.fillText(r.label, 4, y + CELL / 2);
        r.tokens.forEach((tok, j) => {
          const x = LABEL_W + j * (CELL + 2);
          const ok = r.right[j];
          const mk = r.marks?.[j];
          ctx.fillStyle = mk ? MARK_COLOUR[mk](c) : ok === true ? c.theme.series[2] : ok === false ? c.theme.series[3] : c.theme.grid;
          ctx.globalAlpha = 0.35;
          ctx.fillRect(x, y, CELL, CELL);
          ctx.globalAlpha = 1;
          ctx.fillStyle = c.theme.fg;
          ctx.textAlign = 'center';
          ctx.fillText(tok, x + CELL / 2, y + CELL / 2);
        });
      });
      c.onExport(first.chart, f.canvas);
    });
  }

  const draw = (e: E) => {
    last = e;
    if (e.title) f.setTitle(e.title);
    grid.replaceChildren();
    grid.dataset.rows = String(e.rows.length);
    const head = document.createElement('div');
    head.className = 'token-row token-head';
    head.setAttribute('role', 'row');
    const lh = document.createElement('span');
    lh.className = 'token-label';
    lh.textContent = e.labelTitle ?? '';
    const th = document.createElement('span');
    th.className = 'token-axis';
    th.textContent = e.tokensTitle ?? 'tokens';
    head.append(lh, th);
    grid.append(head);
    let right = 0, wrong = 0;
    const marked = e.rows.some((r) => r.marks);
    const counts: Record<TokenMark, number> = { masked: 0, random: 0, kept: 0 };
    e.rows.forEach((r, i) => {
      const row = document.createElement('div');
      row.className = 'token-row';
      row.dataset.row = String(i);
      row.setAttribute('role', 'row');
      const label = document.createElement('span');
      label.className = 'token-label';
      label.textContent = r.label;
      row.append(label);
      const cells = document.createElement('span');
      cells.className = 'token-cells';
      r.tokens.forEach((tok, j) => {
        const ok = r.right[j];
        const cell = document.createElement('span');
        if (r.marks) {
          const mk = r.marks[j] ?? null;
          cell.className = `token ${mk ?? 'plain'}`;
          cell.dataset.pos = String(j);
          cell.dataset.mark = mk ?? 'none';
          cell.setAttribute('role', 'cell');
          cell.textContent = tok;
          if (mk) {
            counts[mk]++;
            const orig = r.expected?.[j] ?? '?';
            cell.title = `${MARK_TEXT[mk]}; label: ${orig}`;
            cell.setAttribute('aria-label', `${tok}, ${MARK_TEXT[mk]}, label ${orig}`);
          }
          cells.append(cell);
          return;
        }
        cell.className = `token ${ok === true ? 'right' : ok === false ? 'wrong' : 'pad'}`;
        cell.dataset.pos = String(j);
        cell.setAttribute('role', 'cell');
        cell.textContent = tok;
        if (ok === true) right++;
        if (ok === false) {
          wrong++;
          cell.title = `expected ${r.expected?.[j] ?? '?'}`;
          cell.setAttribute('aria-label', `${tok}, wrong, expected ${r.expected?.[j] ?? '?'}`);
        }
        cells.append(cell);
      });
      row.append(cells);
      grid.append(row);
    });
    grid.dataset.right = String(right);
    grid.dataset.wrong = String(wrong);
    f.legend.replaceChildren();
    if (marked) {
      grid.dataset.masked = String(counts.masked);
      grid.dataset.random = String(counts.random);
      grid.dataset.kept = String(counts.kept);
      for (const mk of ['masked', 'random', 'kept'] as const) legendItem(f.legend, MARK_COLOUR[mk](c), MARK_TEXT[mk]);
      f.caption.textContent = `${counts.masked + counts.random + counts.kept} tokens selected: ${counts.masked} masked, ${counts.random} random, ${counts.kept} kept. ${e.caption ?? ''}`.trim();
      return;
    }
    legendItem(f.legend, c.theme.series[2], 'right token');
    legendItem(f.legend, c.theme.series[3], 'wrong token (hover: expected)');
    const acc = right + wrong > 0 ? ` ${right} of ${right + wrong} tokens right (${((100 * right) / (right + wrong)).toFixed(0)}%).` : '';
    f.caption.textContent = `${acc} ${e.caption ?? ''}`.trim();
  };

  draw(first);
  return { root: f.root, canvas: f.canvas, update: (e) => { if (e !== first) draw(e); }, destroy: () => undefined };
}
