import assert from 'node:assert/strict';
import { DAG_GEOMETRY, fmt4, layoutDag } from '../../src/webview/plot/dagLayout';

describe('plot graph layout (autograd DAG, left to right)', () => {
  it('puts each node one column after its deepest input', () => {
    // a, b → mul → add ← c; add → tanh: c is a source too, so it sits in column 0.
    const l = layoutDag([0, 1, 2, 3, 4, 5], [[0, 2], [1, 2], [2, 4], [3, 4], [4, 5]]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((id) => l.boxes.get(id)!.layer), [0, 0, 1, 0, 2, 3]);
    assert.equal(l.layers, 4);
    for (const [a, b] of l.edges) assert.ok(l.boxes.get(a)!.x < l.boxes.get(b)!.x, 'every edge points right');
  });

  it('a 60-node graph: no two boxes overlap and the picture is as wide as its columns', () => {
    const ids = Array.from({ length: 60 }, (_, i) => i);
    const edges: Array<[number, number]> = [];
    for (let i = 6; i < 60; i++) edges.push([i - 6, i], [(i * 7) % i, i]);
    const l = layoutDag(ids, edges);
    const { boxW, boxH } = DAG_GEOMETRY;
    const bs = [...l.boxes.values()];
    assert.equal(bs.length, 60);
    for (let i = 0; i < bs.length; i++) {
      for (let j = i + 1; j < bs.length; j++) {
        const a = bs[i], b = bs[j];
        assert.ok(a.x + boxW <= b.x || b.x + boxW <= a.x || a.y + boxH <= b.y || b.y + boxH <= a.y, `nodes ${a.id} and ${b.id} overlap`);
      }
    }
    assert.ok(bs.every((b) => b.x + boxW <= l.width && b.y + boxH <= l.height));
  });

  it('ignores edges to unknown nodes and survives a cycle', () => {
    const l = layoutDag([0, 1, 2], [[0, 1], [1, 2], [2, 1], [5, 0]]);
    assert.equal(l.boxes.size, 3);
    assert.equal(l.edges.length, 3);
    assert.equal(layoutDag([], []).width, 2 * DAG_GEOMETRY.pad);
  });

  it('writes data and grad with 4 significant digits', () => {
    assert.equal(fmt4(0.70710678), '0.7071');
    assert.equal(fmt4(-0.29289), '−0.2929');
    assert.equal(fmt4(6.8813735), '6.881');
    assert.equal(fmt4(1), '1');
    assert.equal(fmt4(1.5e-7), '1.500e−7');
    assert.equal(fmt4(-2.5e-9), '−2.500e−9');
    assert.equal(fmt4(-Infinity), '−∞');
    assert.equal(fmt4(NaN), 'NaN');
  });
});
