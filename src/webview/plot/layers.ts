/**
 * `layers`: a model's layers as a row of boxes (input first): name, class, output shape, parameter
 * count, and whether the layer trains. Real DOM elements: `.layers-diagram .layer-box[data-layer="<i>"]`
 * with the class `frozen` or `trainable` (plus `no-params`), and `data-trainable="true|false"`.
 * With `states`, a slider (`input.layers-state`) switches between precomputed trainable flags and
 * `.layers-readout` names the stop and the trainable parameter count.
 */
import type { LayersPlot } from '../../protocol/plots';
import { frame, type Context, type PlotComponent } from './component';

const shape = (s: Array<number | null>) => `[${s.map((d) => (d === null ? 'N' : d)).join(', ')}]`;

/** The flags shown at slider stop `stop` (the event's own flags without states), and the readout. */
export function stateAt(e: LayersPlot, stop: number): { trainable: boolean[]; trainableParams: number; readout: string } {
  const st = e.states?.[Math.max(0, Math.min(stop, (e.states?.length ?? 1) - 1))];
  const trainable = st?.trainable ?? e.layers.map((l) => l.trainable);
  const trainableParams = e.layers.reduce((s, l, i) => s + (trainable[i] ? l.params : 0), 0);
  return { trainable, trainableParams, readout: st ? `${st.label}: ${trainableParams.toLocaleString('en-US')} trainable parameters` : '' };
}

export function layersChart(first: LayersPlot, c: Context): PlotComponent<LayersPlot> {
  const f = frame(first.chart, first.title ?? first.chart, c.onExport, { wide: true });
  f.box.className = 'layers-box';
  let e = first;
  let stop = first.index ?? 0;

  const controls = document.createElement('div');
  controls.className = 'layers-controls';
  const label = document.createElement('label');
  label.className = 'layers-state-label';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.className = 'layers-state';
  slider.min = '0';
  const readout = document.createElement('span');
  readout.className = 'layers-readout';
  label.append(slider);
  controls.append(label, readout);
  const row = document.createElement('div');
  row.className = 'layers-diagram';
  f.box.append(controls, row);
  slider.addEventListener('input', () => { stop = Number(slider.value); draw(); });

  function paintPng(tr: boolean[]): void {
    const boxW = 118, boxH = 70, gap = 10, w = Math.max(320, e.layers.length * (boxW + gap) + gap), h = boxH + 20;
    f.canvas.width = w;
    f.canvas.height = h;
    const ctx = f.canvas.getContext('2d')!;
    ctx.fillStyle = c.theme.bg;
    ctx.fillRect(0, 0, w, h);
    ctx.font = '11px sans-serif';
    e.layers.forEach((l, i) => {
      const x = gap + i * (boxW + gap);
      ctx.strokeStyle = tr[i] ? c.theme.series[2] : c.theme.muted;
      ctx.setLineDash(tr[i] ? [] : [4, 3]);
      ctx.strokeRect(x, 10, boxW, boxH);
      ctx.fillStyle = c.theme.fg;
      [l.name, l.className, shape(l.outputShape), `${l.params.toLocaleString('en-US')} params`, l.params === 0 ? 'no weights' : tr[i] ? 'trainable' : 'frozen']
        .forEach((t, k) => ctx.fillText(t.slice(0, 20), x + 5, 25 + k * 13));
    });
  }

  function draw(): void {
    if (e.title) f.setTitle(e.title);
    const { trainable: tr, readout: text } = stateAt(e, stop);
    const n = e.states?.length ?? 0;
    controls.hidden = n === 0;
    slider.max = String(Math.max(0, n - 1));
    slider.value = String(stop);
    slider.setAttribute('aria-label', e.stateLabel ?? 'state');
    readout.textContent = text;
    row.replaceChildren(...e.layers.map((l, i) => {
      const b = document.createElement('div');
      b.className = `layer-box ${tr[i] ? 'trainable' : 'frozen'}${l.params === 0 ? ' no-params' : ''}`;
      b.dataset.layer = String(i);
      b.dataset.trainable = String(tr[i]);
      b.title = `layer ${i}: ${l.name} (${l.className})`;
      const lines: Array<[string, string]> = [
        ['layer-index', `layer ${i}`], ['layer-name', l.name], ['layer-class', l.className], ['layer-shape', shape(l.outputShape)],
        ['layer-params', `${l.params.toLocaleString('en-US')} params`], ['layer-state', l.params === 0 ? 'no weights' : tr[i] ? 'trainable' : 'frozen'],
      ];
      for (const [cls, text] of lines) {
        const d = document.createElement('div');
        d.className = cls;
        d.textContent = text;
        b.append(d);
      }
      return b;
    }));
    f.caption.textContent = e.caption ?? '';
    paintPng(tr);
  }

  draw();
  return {
    root: f.root, canvas: f.canvas,
    update: (next) => { if (next === first && e === first) return; e = next; stop = Math.min(next.index ?? stop, Math.max(0, (next.states?.length ?? 1) - 1)); draw(); },
    destroy: () => undefined,
  };
}
