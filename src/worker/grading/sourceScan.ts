/**
 * A token-level scan of the learner's source for high-level APIs that kernels cannot reveal
 * (tf.losses.*, tf.layers.dropout…). Comments and string contents are ignored; aliases are
 * followed: `import * as T from '@tensorflow/tfjs'`, `import { losses } from …`,
 * `const L = tf.losses`, `const { layers } = tf`, `require('@tensorflow/tfjs')`.
 * No TypeScript compiler at run time: a small tokenizer is enough for this.
 */
import { fail } from './api';

interface Token { kind: 'id' | 'str' | 'punct' | 'num'; text: string; line: number }

const TFJS_MODULE = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers)?$/;

/** Splits source into identifiers, strings (content kept, flagged), numbers and punctuation. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  // Template literal nesting: each entry is the brace depth at which a `${` expression started.
  const templateStack: number[] = [];
  let braceDepth = 0;
  const n = src.length;
  const readTemplate = (): void => {
    // Called just after a backtick or a closing `}` of an expression; reads raw text up to the next `${` or backtick.
    const startLine = line;
    let text = '';
    while (i < n) {
      const c = src[i];
      if (c === '\\') { text += src[i + 1] ?? ''; i += 2; continue; }
      if (c === '\n') line++;
      if (c === '`') { i++; out.push({ kind: 'str', text, line: startLine }); return; }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        out.push({ kind: 'str', text, line: startLine });
        templateStack.push(braceDepth);
        braceDepth++;
        return;
      }
      text += c;
      i++;
    }
    out.push({ kind: 'str', text, line: startLine });
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) { if (src[i] === '\n') line++; i++; }
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let text = '';
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') { text += src[i + 1] ?? ''; i += 2; continue; }
        text += src[i++];
      }
      i++;
      out.push({ kind: 'str', text, line: startLine });
      continue;
    }
    if (c === '`') { i++; readTemplate(); continue; }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(src[j])) j++;
      out.push({ kind: 'id', text: src.slice(i, j), line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(src[j])) j++;
      out.push({ kind: 'num', text: src.slice(i, j), line });
      i = j;
      continue;
    }
    if (c === '/' && isRegexStart(out)) {
      // Skip a regex literal so quotes or slashes inside it cannot derail the tokenizer.
      i++;
      let inClass = false;
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\') { i += 2; continue; }
        if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/.test(src[i])) i++;
      out.push({ kind: 'str', text: '', line });
      continue;
    }
    if (c === '?' && src[i + 1] === '.' && !/[0-9]/.test(src[i + 2] ?? '')) { out.push({ kind: 'punct', text: '.', line }); i += 2; continue; }
    if (c === '{') braceDepth++;
    if (c === '}') {
      if (templateStack.length && templateStack[templateStack.length - 1] === braceDepth - 1) {
        templateStack.pop();
        braceDepth--;
        i++;
        readTemplate();
        continue;
      }
      braceDepth--;
    }
    out.push({ kind: 'punct', text: c, line });
    i++;
  }
  return out;
}

function isRegexStart(prev: Token[]): boolean {
  const t = prev[prev.length - 1];
  if (!t) return true;
  if (t.kind === 'num' || t.kind === 'str') return false;
  if (t.kind === 'id') return ['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await'].includes(t.text);
  return !(t.text === ')' || t.text === ']' || t.text === '}');
}

export interface BannedHit { api: string; line: number; used: string }

/** The member chain starting at token k (`a.b['c'].d`), as names, and the index after it. */
function readChain(toks: Token[], k: number): { names: string[]; end: number } {
  const names: string[] = [];
  let j = k;
  for (;;) {
    if (toks[j]?.text === '.' && toks[j + 1]?.kind === 'id') { names.push(toks[j + 1].text); j += 2; continue; }
    if (toks[j]?.text === '[' && toks[j + 1]?.kind === 'str' && toks[j + 2]?.text === ']') { names.push(toks[j + 1].text); j += 3; continue; }
    if (toks[j]?.text === '!' && toks[j + 1]?.text === '.') { j += 1; continue; }
    break;
  }
  return { names, end: j };
}

/**
 * Finds uses of banned APIs. `banned` entries are dotted paths from the tf namespace, e.g.
 * 'tf.losses' (any member of it), 'tf.layers.dropout', 'tf.dropout'. Returns one hit per
 * (api, line), with `used` the text as written.
 */
export function scanSourceForBannedApis(sourceText: string, banned: string[]): BannedHit[] {
  const toks = tokenize(sourceText);
  const bannedPaths = banned.map((b) => ({ api: b, path: b.replace(/^tf\./, '').split('.').filter(Boolean) }));
  // Local name → path from the tf namespace ([] = the namespace itself).
  const bindings = new Map<string, string[]>([['tf', []]]);

  // Pass 1: imports and requires that introduce tf bindings.
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'id' && t.text === 'import') {
      // Find `from '<module>'` for this statement.
      let j = k + 1;
      while (j < toks.length && !(toks[j].kind === 'id' && toks[j].text === 'from') && toks[j].text !== ';') j++;
      const mod = toks[j + 1];
      if (toks[j]?.text !== 'from' || mod?.kind !== 'str' || !TFJS_MODULE.test(mod.text)) continue;
      // `import type …` brings in types only: nothing it names can run.
      if (toks[k + 1]?.text === 'type' && (toks[k + 2]?.text === '{' || toks[k + 2]?.kind === 'id' || toks[k + 2]?.text === '*')) continue;
      for (let m = k + 1; m < j; m++) {
        if (toks[m].text === '*' && toks[m + 1]?.text === 'as' && toks[m + 2]?.kind === 'id') bindings.set(toks[m + 2].text, []);
        if (toks[m].text === '{') {
          let p = m + 1;
          while (p < j && toks[p].text !== '}') {
            if (toks[p].kind === 'id' && toks[p].text === 'type' && toks[p + 1]?.kind === 'id') {
              // `import { type Foo }`: a type-only name.
              p += toks[p + 2]?.text === 'as' ? 4 : 2;
              continue;
            }
            if (toks[p].kind === 'id' && toks[p].text !== 'type') {
              const imported = toks[p].text;
              let local = imported;
              if (toks[p + 1]?.text === 'as' && toks[p + 2]?.kind === 'id') { local = toks[p + 2].text; p += 2; }
              bindings.set(local, [imported]);
            }
            p++;
          }
          m = p;
        }
      }
      // Default import (`import tf from …`) is the namespace too.
      if (toks[k + 1]?.kind === 'id' && toks[k + 2]?.text !== '.' && toks[k + 1].text !== 'type') {
        if (toks[k + 2]?.text === 'from' || toks[k + 2]?.text === ',') bindings.set(toks[k + 1].text, []);
      }
    }
  }

  const hits: BannedHit[] = [];
  const seen = new Set<string>();
  const report = (path: string[], line: number, used: string) => {
    for (const b of bannedPaths) {
      if (b.path.length > 0 && b.path.length <= path.length && b.path.every((s, i) => s === path[i])) {
        const key = `${b.api}@${line}`;
        if (!seen.has(key)) { seen.add(key); hits.push({ api: b.api, line, used }); }
      }
    }
  };

  // Pass 2 (in order): aliases via const/let/var, destructuring, require, then uses.
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    // require('@tensorflow/tfjs') acts as the namespace.
    const isRequireRoot = t.kind === 'id' && t.text === 'require' && toks[k + 1]?.text === '(' && toks[k + 2]?.kind === 'str'
      && TFJS_MODULE.test(toks[k + 2].text) && toks[k + 3]?.text === ')';
    if (t.kind === 'id' && (t.text === 'const' || t.text === 'let' || t.text === 'var')) {
      const lhs = toks[k + 1];
      // `const { losses, layers: L } = <chain>` or `const L = <chain>`
      if (lhs?.text === '{') {
        let p = k + 2;
        const pairs: Array<[string, string]> = [];
        while (p < toks.length && toks[p].text !== '}') {
          if (toks[p].kind === 'id') {
            if (toks[p + 1]?.text === ':' && toks[p + 2]?.kind === 'id') { pairs.push([toks[p].text, toks[p + 2].text]); p += 3; continue; }
            pairs.push([toks[p].text, toks[p].text]);
          }
          p++;
        }
        if (toks[p + 1]?.text === '=') {
          const base = resolveExpr(toks, p + 2, bindings);
          if (base) for (const [prop, local] of pairs) { bindings.set(local, [...base.path, prop]); report([...base.path, prop], toks[p].line, `${prop}`); }
        }
      } else if (lhs?.kind === 'id' && toks[k + 2]?.text === '=') {
        const base = resolveExpr(toks, k + 3, bindings);
        if (base && base.end < toks.length && [';', ',', ')'].includes(toks[base.end]?.text ?? ';')) bindings.set(lhs.text, base.path);
        else if (base && base.end >= toks.length) bindings.set(lhs.text, base.path);
      }
    }
    const prev = toks[k - 1];
    // A member name (`x.losses`) or the name being declared (`const L = …`) is not a use.
    const isMemberName = prev?.text === '.' || (prev?.kind === 'id' && ['const', 'let', 'var'].includes(prev.text));
    if (isRequireRoot || (t.kind === 'id' && bindings.has(t.text) && !isMemberName)) {
      const rootPath = isRequireRoot ? [] : bindings.get(t.text)!;
      const { names, end } = readChain(toks, isRequireRoot ? k + 4 : k + 1);
      const path = [...rootPath, ...names];
      const used = (isRequireRoot ? `require('${toks[k + 2].text}')` : t.text) + names.map((s) => '.' + s).join('');
      // `x: tf.layers.Layer` names a type (a class used in a type position), which runs nothing.
      const last = names[names.length - 1] ?? '';
      const isTypeRef = /^[A-Z]/.test(last) && toks[end]?.text !== '(' && toks[k - 1]?.text !== 'new';
      if (!isTypeRef) report(path, t.line, used);
      if (isRequireRoot) k = end - 1;
    }
    // Named imports are uses too: `import { losses } from '@tensorflow/tfjs'`.
    if (t.kind === 'id' && t.text === 'import') {
      let j = k + 1;
      while (j < toks.length && !(toks[j].kind === 'id' && toks[j].text === 'from') && toks[j].text !== ';') j++;
      const typeOnly = toks[k + 1]?.text === 'type' && (toks[k + 2]?.text === '{' || toks[k + 2]?.kind === 'id' || toks[k + 2]?.text === '*');
      if (toks[j]?.text === 'from' && toks[j + 1]?.kind === 'str' && TFJS_MODULE.test(toks[j + 1].text) && !typeOnly) {
        for (let m = k + 1; m < j; m++) {
          const prevTok = toks[m - 1];
          if (toks[m].kind === 'id' && (prevTok.text === '{' || prevTok.text === ',') && toks[m].text !== 'type' && bindings.has(toks[m].text)) {
            report([toks[m].text], toks[m].line, `import { ${toks[m].text} }`);
          }
        }
        k = j + 1;
      }
    }
  }
  return hits.sort((a, b) => a.line - b.line);
}

/** Resolves `tf.losses` / `require('@tensorflow/tfjs').losses` / an alias at token k to a tf path. */
function resolveExpr(toks: Token[], k: number, bindings: Map<string, string[]>): { path: string[]; end: number } | null {
  const t = toks[k];
  if (!t) return null;
  if (t.kind === 'id' && t.text === 'require' && toks[k + 1]?.text === '(' && toks[k + 2]?.kind === 'str' && TFJS_MODULE.test(toks[k + 2].text) && toks[k + 3]?.text === ')') {
    const { names, end } = readChain(toks, k + 4);
    return { path: names, end };
  }
  if (t.kind === 'id' && bindings.has(t.text)) {
    const { names, end } = readChain(toks, k + 1);
    return { path: [...bindings.get(t.text)!, ...names], end };
  }
  return null;
}

/**
 * Fails when the learner's source uses a banned API: "line 12 uses `tf.losses.meanSquaredError`
 * — <why>". `source` is ctx.source.
 */
export function expectNoBannedApis(source: string, banned: string[], why: string): void {
  const hits = scanSourceForBannedApis(source, banned);
  if (hits.length === 0) return;
  const list = hits.slice(0, 5).map((h) => `line ${h.line} uses \`${h.used}\``).join('; ');
  fail(`${list}${hits.length > 5 ? `; and ${hits.length - 5} more` : ''} — ${why}`,
    { expected: `no ${banned.join(', ')}`, actual: hits.map((h) => `${h.used} (line ${h.line})`).join(', '), hintKey: 'banned-api' });
}
