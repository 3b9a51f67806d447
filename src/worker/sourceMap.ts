/**
 * Just enough source-map support to point errors at the learner's own .ts line.
 * Node's built-in source-map support (`process.setSourceMapsEnabled`) ignores code compiled with
 * `vm.runInThisContext` (checked on Node 20), so the worker decodes esbuild's map itself.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i] as const));

/** Per generated line: sorted segments [generatedColumn, sourceLine, sourceColumn] (all 0-based). */
export type DecodedMap = Array<Array<[number, number, number]>>;

/** Decode the `mappings` string of a v3 source map with a single source. */
export function decodeMappings(mappings: string): DecodedMap {
  const lines: DecodedMap = [];
  let srcLine = 0;
  let srcCol = 0;
  for (const lineText of mappings.split(';')) {
    const segs: Array<[number, number, number]> = [];
    let genCol = 0;
    if (lineText) {
      for (const seg of lineText.split(',')) {
        if (!seg) continue;
        const v = decodeVlq(seg);
        genCol += v[0];
        if (v.length >= 4) {
          srcLine += v[2];
          srcCol += v[3];
          segs.push([genCol, srcLine, srcCol]);
        }
      }
    }
    lines.push(segs);
  }
  return lines;
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = B64_INDEX.get(ch);
    if (d === undefined) throw new Error(`bad VLQ character ${ch}`);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
    } else {
      const neg = value & 1;
      value >>>= 1;
      out.push(neg ? -value : value);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Map a 1-based generated line/column to a 1-based original line/column. */
export function originalPosition(map: DecodedMap, line: number, column: number): { line: number; column: number } | undefined {
  const segs = map[line - 1];
  if (!segs || segs.length === 0) {
    // A line without mappings (helper code esbuild adds): walk back to the nearest mapped line.
    for (let l = line - 2; l >= 0; l--) {
      const s = map[l];
      if (s && s.length) return { line: s[s.length - 1][1] + 1, column: s[s.length - 1][2] + 1 };
    }
    return undefined;
  }
  const col0 = column - 1;
  let best = segs[0];
  for (const s of segs) {
    if (s[0] <= col0) best = s;
    else break;
  }
  return { line: best[1] + 1, column: best[2] + 1 };
}
