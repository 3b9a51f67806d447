/**
 * How a file in the learner's folder maps to an exercise, and where in it a check's result
 * belongs (0-based lines, as the editor counts them). The scanning itself is the one export
 * finder in ./exports.
 */
import { findExport, firstExportLine as firstExport } from './exports';

/** `<course folder>/<exercise-id>.ts`: the basename is the exercise id. */
export function exerciseIdFromPath(filePath: string): string | undefined {
  const base = filePath.split(/[\\/]/).pop() ?? '';
  const m = /^(s[1-9]-[a-z0-9][a-z0-9-]*)\.ts$/.exec(base);
  return m ? m[1] : undefined;
}

/** 0-based line of the declaration the exported `name` refers to (undefined when not exported). */
export function exportLine(text: string, name: string): number | undefined {
  const e = findExport(text, name);
  return e ? e.line - 1 : undefined;
}

/** 0-based line of the first exported function (or const/class); 0 when there is none. */
export function firstExportLine(text: string): number {
  const l = firstExport(text);
  return l === undefined ? 0 : l - 1;
}
