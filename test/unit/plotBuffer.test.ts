import assert from 'node:assert/strict';
import { PLOT_BUFFER_CAP, PlotBuffers } from '../../src/core/plotBuffer';

const epoch = (chart: string, i: number) => ({ kind: 'epoch', chart, i });
const grid = (chart: string, v: number) => ({ kind: 'grid', chart, v });

describe('plot buffers', () => {
  it('a demo replaces the buffer at once and tells the panel', () => {
    const b = new PlotBuffers<{ kind: string; chart: string }>();
    b.post('x', epoch('loss', 0));
    assert.equal(b.begin('x', 'demo', 'runs the reference'), true);
    assert.deepEqual(b.get('x'), { events: [], note: 'runs the reference', running: true, what: 'demo' });
  });

  it('a grade that draws nothing keeps the demo\'s charts', () => {
    const b = new PlotBuffers();
    b.begin('x', 'demo');
    b.post('x', epoch('loss', 0));
    b.finish('x');
    assert.equal(b.begin('x', 'grade'), false);
    b.finish('x');
    assert.equal(b.get('x')?.events.length, 1);
    assert.equal(b.get('x')?.what, 'demo');
  });

  it('a grade replaces the buffer with its first event, once', () => {
    const b = new PlotBuffers();
    b.begin('x', 'demo');
    b.post('x', epoch('loss', 0));
    b.begin('x', 'grade');
    assert.deepEqual(b.post('x', epoch('acc', 0)), { started: true });
    assert.deepEqual(b.post('x', epoch('acc', 1)), { started: false });
    assert.deepEqual(b.get('x')?.events.map((e) => e.chart), ['acc', 'acc']);
    assert.equal(b.get('x')?.what, 'grade');
  });

  it('keeps every epoch event but only the last state of other charts, capped', () => {
    const b = new PlotBuffers<{ kind: string; chart: string; v?: number }>();
    b.post('x', grid('boundary', 1));
    b.post('x', epoch('loss', 0));
    b.post('x', grid('boundary', 2));
    assert.deepEqual(b.get('x')?.events.map((e) => e.kind), ['epoch', 'grid']);
    assert.equal(b.get('x')?.events[1].v, 2);
    for (let i = 0; i < PLOT_BUFFER_CAP + 10; i++) b.post('y', epoch('loss', i));
    assert.equal(b.get('y')?.events.length, PLOT_BUFFER_CAP);
  });

  it('restores a reloaded panel\'s events only when nothing newer is buffered', () => {
    const b = new PlotBuffers();
    b.restore('x', [epoch('loss', 0)], 'note');
    assert.deepEqual(b.get('x'), { events: [epoch('loss', 0)], note: 'note', running: false });
    b.restore('x', [], undefined);
    assert.equal(b.get('x')?.events.length, 1);
  });
});
