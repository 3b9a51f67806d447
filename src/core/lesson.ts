/**
 * Lesson rendering: Markdown with `$…$` / `$$…$$` math → one HTML string.
 *
 * Pure (no DOM, no vscode), so the same function runs in unit tests and in the lesson
 * webview's script; the extension host never loads markdown-it, KaTeX or highlight.js.
 *
 * Safety: raw HTML in the Markdown is escaped (`html: false`), `command:` links become
 * `<button data-command>` only for commands on {@link LESSON_COMMANDS} (the host checks the
 * allowlist again before running anything), every other non-http(s) link becomes plain text.
 */
import MarkdownIt from 'markdown-it';
import katex from 'katex';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';

import { parseCommandLink } from './lessonCommands';
import { renderFigure } from './figure';

hljs.registerLanguage('typescript', typescript);

// markdown-it's types come in CJS and ESM copies that do not unify; take them from the instance.
type Md = InstanceType<typeof MarkdownIt>;
type InlineRule = Parameters<Md['inline']['ruler']['after']>[2];
type BlockRule = Parameters<Md['block']['ruler']['after']>[2];
type StateInline = Parameters<InlineRule>[0];
type StateBlock = Parameters<BlockRule>[0];
type RenderRule = NonNullable<Md['renderer']['rules']['text']>;
type Token = Parameters<RenderRule>[0][number];

export { LESSON_COMMANDS, parseCommandLink, isAllowedCommand, type CommandLink } from './lessonCommands';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function renderMath(tex: string, displayMode: boolean): string {
  // throwOnError: false renders a malformed formula in red with its source instead of
  // breaking the whole lesson; trust: false keeps \href and friends out.
  return katex.renderToString(tex, { displayMode, throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml' });
}

/** Inline `$…$`: not `$ x$`, not `x$`, not a price like `$5 and $6` followed by a digit. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$' || src[start + 1] === '$') return false;
  if (start > 0 && src[start - 1] === '\\') return false;
  const first = src[start + 1];
  if (first === undefined || /\s/.test(first)) return false;
  let end = start + 1;
  while (end < state.posMax) {
    end = src.indexOf('$', end);
    if (end < 0 || end >= state.posMax) return false;
    if (src[end - 1] !== '\\') break;
    end++;
  }
  if (end < 0 || end >= state.posMax) return false;
  if (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? '')) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(start + 1, end);
    token.markup = '$';
  }
  state.pos = end + 1;
  return true;
}

/** Block `$$…$$`, on its own lines (the opening line may hold the whole formula). */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  let max = state.eMarks[startLine];
  if (pos + 2 > max || state.src.slice(pos, pos + 2) !== '$$') return false;
  if (silent) return true;
  pos += 2;
  let firstLine = state.src.slice(pos, max);
  let lastLine = '';
  let next = startLine;
  let found = false;
  if (firstLine.trim().endsWith('$$')) {
    firstLine = firstLine.trim().slice(0, -2);
    found = true;
  }
  while (!found) {
    next++;
    if (next >= endLine) break;
    pos = state.bMarks[next] + state.tShift[next];
    max = state.eMarks[next];
    const line = state.src.slice(pos, max);
    if (line.trim().endsWith('$$')) {
      lastLine = line.trim().slice(0, -2);
      found = true;
    }
  }
  if (!found) return false;
  state.line = next + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = (firstLine.trim() ? firstLine + '\n' : '') + state.getLines(startLine + 1, next, state.tShift[startLine], true) + lastLine;
  token.map = [startLine, state.line];
  token.markup = '$$';
  return true;
}

function createRenderer(): Md {
  const md: Md = new MarkdownIt({
    html: false,
    linkify: false,
    typographer: true,
    highlight(code: string, lang: string): string {
      const l = lang.trim().toLowerCase();
      if (['ts', 'typescript', 'tsx', 'js', 'javascript'].includes(l)) {
        const html = hljs.highlight(code, { language: 'typescript', ignoreIllegals: true }).value;
        return `<pre class="hljs"><code class="language-typescript">${html}</code></pre>`;
      }
      return '';
    },
  });
  // markdown-it rejects javascript:/vbscript:/file:/data: itself; command: passes its check
  // and is handled by the link renderer below.
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.after('blockquote', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens: Token[], idx: number) => renderMath(tokens[idx].content, false);
  md.renderer.rules.math_block = (tokens: Token[], idx: number) => `<div class="math-block">${renderMath(tokens[idx].content, true)}</div>\n`;

  // A link is either a command button (allowlisted), an external http(s)/mailto link, an
  // in-page anchor, or plain text. The close token must match what the open token emitted,
  // so the open rule records its choice on the token pair.
  const linkOpen: RenderRule = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    const href = String(token.attrGet('href') ?? '');
    const close = tokens.slice(idx + 1).find((t) => t.type === 'link_close' && t.level === token.level);
    const mark = (kind: string) => { if (close) close.meta = { kind }; };
    if (href.startsWith('command:')) {
      const cmd = parseCommandLink(href);
      if (!cmd) { mark('text'); return '<span class="link-disabled">'; }
      mark('button');
      return `<button type="button" class="dl-command" data-command="${escapeHtml(cmd.command)}" data-args="${escapeHtml(JSON.stringify(cmd.args))}">`;
    }
    if (/^(https?:|mailto:|#)/i.test(href)) {
      mark('a');
      return self.renderToken(tokens, idx, options);
    }
    mark('text');
    return '<span class="link-disabled">';
  };
  const linkClose: RenderRule = (tokens, idx, options, _env, self) => {
    const kind = (tokens[idx].meta as { kind?: string } | null)?.kind;
    if (kind === 'button') return '</button>';
    if (kind === 'text') return '</span>';
    return self.renderToken(tokens, idx, options);
  };
  // Lesson blocks written as fenced code with a keyword:
  //   ```figure   JSON spec → inline SVG chart (see ./figure.ts)
  //   ```answer   Markdown, folded away under "Answer" (check-your-understanding questions)
  //   ```tfjs     Markdown in an "In TensorFlow.js" box (library facts kept out of the main text)
  // Their Markdown goes through this same renderer, so raw HTML stays escaped inside them too.
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const kind = token.info.trim().split(/\s+/)[0].toLowerCase();
    if (kind === 'figure') return renderFigure(token.content);
    if (kind === 'answer') return `<details class="answer"><summary>Answer</summary>\n${md.render(token.content, env)}</details>\n`;
    if (kind === 'tfjs') return `<aside class="tfjs-box"><p class="box-title">In TensorFlow.js</p>\n${md.render(token.content, env)}</aside>\n`;
    return fence(tokens, idx, options, env, self);
  };
  md.renderer.rules.link_open = linkOpen;
  md.renderer.rules.link_close = linkClose;
  return md;
}

let renderer: Md | undefined;

/** Markdown → HTML (math as KaTeX HTML+MathML, TypeScript highlighted, safe command buttons). */
export function renderLesson(markdown: string): string {
  renderer ??= createRenderer();
  return renderer.render(markdown);
}
