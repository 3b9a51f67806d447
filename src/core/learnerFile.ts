/**
 * How a file in the learner's folder maps to an exercise, and where in it a check's result
 * belongs. Pure text scanning: no TypeScript compiler in the extension host.
 */

/** `<course folder>/<exercise-id>.ts`: the basename is the exercise id. */
export function exerciseIdFromPath(filePath: string): string | undefined {
  const base = filePath.split(/[\\/]/).pop() ?? '';
  const m = /^(s[1-9]-[a-z0-9][a-z0-9-]*)\.ts$/.exec(base);
  return m ? m[1] : undefined;
}

const EXPORT_RE = /^\s*export\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|class\s+)([A-Za-z_$][\w$]*)/;

/** 0-based line of `export function name` / `export const name` (undefined when absent). */
export function exportLine(text: string, name: string): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = EXPORT_RE.exec(lines[i]);
    if (m && m[1] === name) return i;
  }
  return undefined;
}

/** 0-based line of the first exported function (or const/class); 0 when there is none. */
export function firstExportLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const fn = lines.findIndex((l) => /^\s*export\s+(?:default\s+)?(?:async\s+)?function\b/.test(l));
  if (fn >= 0) return fn;
  const any = lines.findIndex((l) => EXPORT_RE.test(l));
  return any >= 0 ? any : 0;
}
