/**
 * Layout of a computation graph, left to right: a node's column is the longest path from an input
 * to it (so every edge points right), and rows within a column are ordered by the barycentre of
 * their neighbours to keep crossings down. Pure (no DOM), so it is tested in Node.
 */

export interface DagBox { id: number; layer: number; row: number; x: number; y: number }

export interface DagLayout {
  boxes: Map<number, DagBox>;
  layers: number;
  width: number;
  height: number;
  /** Edges whose ends both exist, as [from, to]. */
  edges: Array<[number, number]>;
}

export interface DagGeometry { boxW: number; boxH: number; gapX: number; gapY: number; pad: number }

export const DAG_GEOMETRY: DagGeometry = { boxW: 104, boxH: 50, gapX: 40, gapY: 14, pad: 12 };

export function layoutDag(ids: number[], edgesIn: Array<[number, number]>, g: DagGeometry = DAG_GEOMETRY): DagLayout {
  const known = new Set(ids);
  const edges = edgesIn.filter(([a, b]) => known.has(a) && known.has(b) && a !== b);
  const ins = new Map<number, number[]>(ids.map((id) => [id, []]));
  const outs = new Map<number, number[]>(ids.map((id) => [id, []]));
  for (const [a, b] of edges) { outs.get(a)!.push(b); ins.get(b)!.push(a); }

  // Longest path from the sources, by Kahn's algorithm (no recursion: graphs may be deep).
  const layer = new Map<number, number>(ids.map((id) => [id, 0]));
  const indeg = new Map<number, number>(ids.map((id) => [id, ins.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  let done = 0;
  while (queue.length) {
    const v = queue.shift()!;
    done++;
    for (const w of outs.get(v)!) {
      layer.set(w, Math.max(layer.get(w)!, layer.get(v)! + 1));
      indeg.set(w, indeg.get(w)! - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  // A cycle (not a DAG): put what is left after everything else rather than loop forever.
  if (done < ids.length) {
    const last = Math.max(0, ...[...layer.values()]) + 1;
    for (const id of ids) if (indeg.get(id)! > 0) layer.set(id, last);
  }

  const nLayers = ids.length ? Math.max(...ids.map((id) => layer.get(id)!)) + 1 : 0;
  const cols: number[][] = Array.from({ length: nLayers }, () => []);
  for (const id of ids) cols[layer.get(id)!].push(id);

  // Barycentre sweeps: order each column by the mean row of its neighbours in the previous column
  // set (inputs going right, consumers going left).
  const rowOf = new Map<number, number>();
  const index = () => cols.forEach((c) => c.forEach((id, r) => rowOf.set(id, r)));
  index();
  const bary = (id: number, nbrs: number[], fallback: number) => (nbrs.length ? nbrs.reduce((s, n) => s + rowOf.get(n)!, 0) / nbrs.length : fallback);
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let l = 1; l < nLayers; l++) {
      cols[l] = cols[l].map((id, r) => ({ id, k: bary(id, ins.get(id)!, r) })).sort((a, b) => a.k - b.k).map((x) => x.id);
      cols[l].forEach((id, r) => rowOf.set(id, r));
    }
    for (let l = nLayers - 2; l >= 0; l--) {
      cols[l] = cols[l].map((id, r) => ({ id, k: bary(id, outs.get(id)!, r) })).sort((a, b) => a.k - b.k).map((x) => x.id);
      cols[l].forEach((id, r) => rowOf.set(id, r));
    }
  }

  const maxRows = Math.max(1, ...cols.map((c) => c.length));
  const colH = (n: number) => n * g.boxH + Math.max(0, n - 1) * g.gapY;
  const height = g.pad * 2 + colH(maxRows);
  const width = g.pad * 2 + nLayers * g.boxW + Math.max(0, nLayers - 1) * g.gapX;
  const boxes = new Map<number, DagBox>();
  cols.forEach((c, l) => {
    const top = g.pad + (colH(maxRows) - colH(c.length)) / 2; // centre short columns
    c.forEach((id, r) => boxes.set(id, { id, layer: l, row: r, x: g.pad + l * (g.boxW + g.gapX), y: top + r * (g.boxH + g.gapY) }));
  });
  return { boxes, layers: nLayers, width, height, edges };
}

/** 4 significant digits; exponent form outside [1e-3, 1e5). */
export function fmt4(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3).replace(/-/g, '−');
  return String(+v.toPrecision(4)).replace('-', '−');
}
