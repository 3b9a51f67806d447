/**
 * The one export finder: which names a learner's module exports and on which line the
 * declaration each name refers to sits. The editor (gutter icons, CodeLens, messages), the
 * worker (where a failing check points) and the CLI (`verify`: does a starter export what the
 * manifest lists) all ask this module, so `export { f }` lands on the same line everywhere.
 *
 * Pure text scanning (no TypeScript compiler: the extension host must stay small). Comments and
 * string contents are blanked first, so `// export function f` or a template literal never
 * counts; what is left is matched with a few patterns that cover how exercise files are written:
 *
 *   export function f(…)            export async function f / export function* f
 *   export const f = …              let / var / class / abstract class / type / interface / enum
 *   export { f }                    → the line of `function f` / `const f` in this file
 *   export { g as f }               → the line of `g`'s declaration
 *
 * All lines are 1-based (like compiler messages and the worker's results).
 */

export type ExportKind = 'function' | 'class' | 'const' | 'let' | 'var' | 'type' | 'interface' | 'enum' | 'unknown';

/** One exported name. */
export interface ExportedName {
  /** The name an importer uses (`f` in `export { g as f }`; `default` for a default export). */
  name: string;
  /** The binding in this file it refers to (`g` in `export { g as f }`). */
  local: string;
  /** What the local binding is; `unknown` when its declaration is not in this file (re-exports, imports). */
  kind: ExportKind;
  /** 1-based line of the declaration the name refers to; the export statement's line when there is none in the file. */
  line: number;
  /** 1-based line where the name is exported (the `export { … }` entry, or the declaration itself). */
  exportLine: number;
}

const IDENT = '[A-Za-z_$][\\w$]*';
/** A declaration at the start of a line, exported or not. Groups: 1 `export …` prefix, 2 keyword, 3 name. */
const DECL_RE = new RegExp(
  `^[ \\t]*(export[ \\t]+(?:default[ \\t]+)?)?(?:declare[ \\t]+)?(?:async[ \\t]+)?(?:abstract[ \\t]+)?` +
  `(function[ \\t]*\\*?|class|const|let|var|type|interface|enum)[ \\t]*(${IDENT})`, 'gm');
/** `export { a, b as c }` and `export type { … }`, optionally `from '…'`. Group 1: the list. */
const LIST_RE = /\bexport[ \t]+(?:type[ \t]+)?\{([^}]*)\}([ \t]*from\b)?/g;

/** Every exported name of `source`, in source order. */
export function findExports(source: string): ExportedName[] {
  const text = blankCommentsAndStrings(source);
  const lineOf = lineIndex(text);
  const locals = new Map<string, { kind: ExportKind; line: number; indent: number }>();
  const out: ExportedName[] = [];

  for (const m of text.matchAll(DECL_RE)) {
    const kind = keyword(m[2]);
    const name = m[3];
    const line = lineOf(m.index);
    const indent = m[0].length - m[0].trimStart().length;
    // A top-level declaration wins over a nested one of the same name (a helper's local `x`).
    const prev = locals.get(name);
    if (!prev || indent < prev.indent) locals.set(name, { kind, line, indent });
    if (m[1]) {
      const isDefault = /\bdefault\b/.test(m[1]);
      out.push({ name: isDefault ? 'default' : name, local: name, kind, line, exportLine: line });
    }
  }
  for (const m of text.matchAll(LIST_RE)) {
    const reexport = !!m[2];
    const listStart = m.index + m[0].indexOf('{') + 1;
    let offset = 0;
    for (const part of m[1].split(',')) {
      const at = listStart + offset + (part.length - part.trimStart().length);
      offset += part.length + 1;
      const spec = new RegExp(`^(?:type\\s+)?(${IDENT})(?:\\s+as\\s+(${IDENT}))?$`).exec(part.trim());
      if (!spec) continue;
      const local = spec[1];
      const name = spec[2] ?? local;
      const exportLine = lineOf(at);
      const decl = reexport ? undefined : locals.get(local);
      out.push({ name, local, kind: decl?.kind ?? 'unknown', line: decl?.line ?? exportLine, exportLine });
    }
  }
  return out.sort((a, b) => a.exportLine - b.exportLine);
}

/** The exported name `name`, when the module exports it. */
export function findExport(source: string, name: string): ExportedName | undefined {
  return findExports(source).find((e) => e.name === name);
}

/**
 * 1-based line of the declaration `name` refers to: the exported name first (following
 * `export { g as name }` to `g`), otherwise a declaration of that name that is not exported
 * (the learner forgot `export`: a message can still point at their function).
 */
export function declarationLine(source: string, name: string): number | undefined {
  const exported = findExport(source, name);
  if (exported) return exported.line;
  const text = blankCommentsAndStrings(source);
  const lineOf = lineIndex(text);
  let best: { line: number; indent: number } | undefined;
  for (const m of text.matchAll(DECL_RE)) {
    if (m[3] !== name) continue;
    const indent = m[0].length - m[0].trimStart().length;
    if (!best || indent < best.indent) best = { line: lineOf(m.index), indent };
  }
  return best?.line;
}

/** 1-based line of the first exported function (else the first export of any kind); undefined when nothing is exported. */
export function firstExportLine(source: string): number | undefined {
  const all = findExports(source).filter((e) => e.kind !== 'type' && e.kind !== 'interface');
  const fn = all.filter((e) => e.kind === 'function').sort((a, b) => a.line - b.line)[0];
  return (fn ?? all.sort((a, b) => a.line - b.line)[0])?.line;
}

function keyword(k: string): ExportKind {
  if (k.startsWith('function')) return 'function';
  return k as ExportKind;
}

/** Offset → 1-based line. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * The source with comments and the contents of strings, template literals and regular
 * expressions replaced by spaces (newlines kept), so offsets and lines stay those of the source.
 * Template substitutions `${…}` are kept as code. A `/` is a regex when the previous
 * significant character cannot end an expression — good enough for exercise files.
 */
export function blankCommentsAndStrings(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number) => { for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' '; };
  const templateDepth: number[] = [];
  let braces = 0;
  let lastSignificant = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, src.length));
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    if (c === '`' || (c === '}' && templateDepth.length && templateDepth[templateDepth.length - 1] === braces)) {
      if (c === '}') templateDepth.pop();
      let j = i + 1;
      while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, src.length));
      if (src[j] === '$') { templateDepth.push(braces); i = j + 2; lastSignificant = '{'; continue; }
      i = j + 1;
      lastSignificant = '`';
      continue;
    }
    if (c === '/' && (lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant))) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n' && (inClass || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      blank(i + 1, Math.min(j, src.length));
      i = j + 1;
      lastSignificant = '/';
      continue;
    }
    if (c === '{') braces++;
    else if (c === '}') braces--;
    if (!/\s/.test(c)) lastSignificant = /[\w$)\]]/.test(c) ? 'a' : c;
    i++;
  }
  return out.join('');
}
