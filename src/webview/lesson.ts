/**
 * Lesson webview: renders the Markdown the host posts (markdown-it + KaTeX + highlight.js,
 * bundled here so the extension host never loads them) and turns command buttons into
 * messages; the host checks them against the allowlist again.
 */
import { renderLesson } from '../core/lesson';
import type { HostToLessonView, LessonViewState, LessonViewToHost } from '../protocol/webviews';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<LessonViewState>();
const root = document.getElementById('lesson')!;

function post(m: LessonViewToHost): void {
  vscode.postMessage(m);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/**
 * KaTeX positions glyphs with inline `style` attributes, which the strict CSP (no
 * 'unsafe-inline' styles) blocks when parsed from HTML. Styles set through the CSSOM are
 * allowed, so copy each attribute into `element.style`.
 */
function applyInlineStyles(container: HTMLElement): void {
  container.querySelectorAll<HTMLElement>('[style]').forEach((node) => {
    const css = node.getAttribute('style') ?? '';
    node.removeAttribute('style');
    node.style.cssText = css;
  });
}

/** The topic and text on screen, so a progress update does not re-render (and scroll) the lesson. */
let shown: { topicId: string; markdown: string } | undefined;

function show(m: Extract<HostToLessonView, { kind: 'show' }>): void {
  if (shown && shown.topicId === m.topicId && shown.markdown === m.markdown) {
    // Only the exercise statuses changed (a grade, a first edit): keep the reader's place.
    root.querySelector('section.exercises')?.remove();
    const section = exercisesSection(m.exercises);
    if (section) root.append(section);
    return;
  }
  shown = { topicId: m.topicId, markdown: m.markdown };
  vscode.setState({ topicId: m.topicId });
  root.replaceChildren();
  root.append(el('p', { className: 'stage', textContent: m.stageTitle }));
  const body = el('article');
  if (m.markdown) {
    // renderLesson escapes raw HTML and emits only allowlisted command buttons.
    body.innerHTML = renderLesson(m.markdown);
    applyInlineStyles(body);
    if (!body.querySelector('h1')) root.append(el('h1', { textContent: m.title }));
  } else {
    root.append(el('h1', { textContent: m.title }));
    body.append(el('p', { className: 'note', textContent: m.missingNote ?? 'This lesson is not written yet.' }));
  }
  root.append(body);
  const section = exercisesSection(m.exercises);
  if (section) root.append(section);
  window.scrollTo(0, 0);
}

function exercisesSection(exercises: Extract<HostToLessonView, { kind: 'show' }>['exercises']): HTMLElement | undefined {
  if (!exercises.length) return undefined;
  const list = el('ul');
  for (const x of exercises) {
    const open = el('button', { type: 'button', className: 'dl-command', textContent: `Open ${x.title}` });
    open.dataset.command = 'dlTutor.openExercise';
    open.dataset.args = JSON.stringify([x.id]);
    const grade = el('button', { type: 'button', className: 'dl-command secondary', textContent: 'Grade' });
    grade.dataset.command = 'dlTutor.gradeExercise';
    grade.dataset.args = JSON.stringify([x.id]);
    list.append(el('li', {}, open, ' ', grade, el('span', { className: 'status', textContent: `${x.id}.ts · ${x.status}` })));
  }
  return el('section', { className: 'exercises' }, el('h2', { textContent: 'Exercises' }), list);
}

root.addEventListener('click', (ev) => {
  const target = (ev.target as HTMLElement).closest<HTMLElement>('[data-command]');
  if (!target) return;
  ev.preventDefault();
  let args: Array<string | number> = [];
  try {
    const parsed: unknown = JSON.parse(target.dataset.args ?? '[]');
    if (Array.isArray(parsed)) args = parsed.filter((a): a is string | number => typeof a === 'string' || typeof a === 'number');
  } catch { /* no arguments */ }
  post({ kind: 'command', command: target.dataset.command ?? '', args });
});

window.addEventListener('message', (ev: MessageEvent<HostToLessonView>) => {
  if (ev.data?.kind === 'show') show(ev.data);
});

post({ kind: 'ready' });
