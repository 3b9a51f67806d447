#!/usr/bin/env node
// `npm run test:ui`: a learner's first session, driven like a person in a real browser —
// code-server 4.100.3's web workbench (VS Code 1.100.3) in Debian's headless Chromium via
// playwright-core, offline. A fresh empty course folder and fresh state every run; the
// extension is the shipped .vsix (`npm run package`, rebuilt when older than its inputs), installed
// with code-server --install-extension and loaded from its installed folder (lib.mjs installVsix).
//
// Steps (a screenshot each in test-results/ui/):
//   01 workbench with the tutor's activity-bar icon   06 Testing view shows the pass
//   02 tree: "Stage 1: Foundations"                   07 Show Training Plots: painted chart
//   03 F1 → "DL Tutor: Start Stage 1: Foundations"     08 Stage 2: a demo's chart in its plot panel
//   04 s1-perceptron.ts open, lesson beside it        08b Stage 3: confusion matrix, a clicked cell's
//                                                        images (08b, 08c), the autograd DAG (08d)
//                                                     08e Stage 4: the kernel slide, stepped (08e), the
//                                                         live activation grid while LeNet trains (08e2)
//                                                     08h Stage 4: NMS boxes with the IoU slider
//                                                         moved (08h), U-Net masks (08h2), a demo
//                                                         stopped with Stop (08h3)
//                                                     08f Stage 5: attention heatmap of the trained
//                                                         seq2seq (08f), the beam-search tree (08g)
//                                                     08i per-head attention grid (08i), its
//                                                         step-through (08i2), the GPT after live
//                                                         training: samples (08i3), next-token
//                                                         bars with the temperature control (08i4)
//                                                     09 reload: progress survived
//   04b the Grade button is in the editor title; paste a wrong file (`>=` instead of `>`, no
//       console errors), save: the check's teaching message inline (a lens above the function and
//       VS Code's widget after the line), in the Problems panel (DL Tutor), and the lens's
//       "details" opens the failure's peek (04b, 04c, 04d)
//   05 paste the reference solution (no console errors), Ctrl+S → green within 1 s (gutter + tree),
//      save → green logged; the failure's lens, inline text and Problems entry are gone (05, 05b)
// Pastes go through the clipboard and Ctrl+V, as a person pastes.
// Prints "ui: N passed, N failed" (steps not reached count as failed) and exits non-zero on a
// failure, leaving test-results/ui/zz-failure.png.
//
// env: TEST_TIMEOUT_MS (hard limit, default 720000), SAVE_TO_GREEN_MS (budget, default 1000),
//      KEEP_STATE=1, DEBUG_BROWSER=1 (echo the browser console), DEBUG_ERRORS=1 (write the console
//      errors of the pastes to test-results/ui/, with long stacks), UI_PASTE=insertText (paste as
//      one input event), UI_EXTRA_SETTINGS='{"editor.codeLens": false}' (extra user settings).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  QUIET_SETTINGS, REPO, TYPING_SETTINGS, cleanUp, freePort, installVsix, launchChromium, log, makeRunRoot, sleep, startCodeServer, vsixEnv,
  waitForQuiet, workbenchUrl,
} from '../vscode/lib.mjs';

const SHOTS = path.join(REPO, 'test-results', 'ui');
const BUDGET_MS = Number(process.env.SAVE_TO_GREEN_MS || 1000);
const TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 720000);
const STEPS = 15;
const SOLUTION = fs.readFileSync(path.join(REPO, 'exercises', 'stage1', 'solutions', 's1-perceptron.ts'), 'utf8');
// The classic slip: predict 1 at exactly 0. The s1-perceptron check names it with this sentence.
const WRONG = SOLUTION.replaceAll('+ b > 0 ? 1 : 0', '+ b >= 0 ? 1 : 0');
// Compared in lower case: the check may start the sentence with it ("Use > 0, not >= 0: …").
const TEACHING = 'use > 0, not >= 0';
// A Stage 2 exercise whose demo trains in a few seconds and streams epoch curves.
const DEMO_ID = 's2-dropout';
const DEMO_TITLE = 'Inverted dropout';

fs.rmSync(SHOTS, { recursive: true, force: true });
fs.mkdirSync(SHOTS, { recursive: true });
const root = makeRunRoot('ui');
const workspace = path.join(root, 'course');
fs.mkdirSync(workspace, { recursive: true });

let server, browser, page, installed;
let passed = 0, failed = 0;
/** Console errors of the workbench page, in order (a paste must add none). */
const consoleErrors = [];
const measures = {};
const results = [];

async function finish(code) {
  clearTimeout(hardStop);
  try { await browser?.close(); } catch { /* gone */ }
  try { await server?.stop(); } catch { /* gone */ }
  cleanUp(root);
  for (const r of results) console.log(`  ${r.ok ? '✔' : '✖'} ${r.name} (${r.ms} ms)${r.error ? `\n      ${r.error}` : ''}`);
  if (Object.keys(measures).length) console.log(`measurements: ${JSON.stringify(measures)}`);
  console.log(`ui: ${passed} passed, ${failed} failed`);
  process.exit(code);
}
const hardStop = setTimeout(async () => {
  console.error(`ui: TIMEOUT after ${TIMEOUT / 1000} s`);
  try { await page?.screenshot({ path: path.join(SHOTS, 'zz-failure.png') }); } catch { /* no page */ }
  failed = STEPS - passed;
  await finish(124);
}, TIMEOUT);

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    results.push({ name, ok: true, ms: Date.now() - t0 });
    log(`✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed = STEPS - passed;
    results.push({ name, ok: false, ms: Date.now() - t0, error: String(e?.message ?? e).split('\n').slice(0, 6).join('\n      ') });
    log(`✖ ${name}: ${e?.stack ?? e}`);
    try { await page.screenshot({ path: path.join(SHOTS, 'zz-failure.png') }); } catch { /* no page */ }
    await finish(1);
  }
}

// ---- workbench helpers ------------------------------------------------------------------

const activityIcon = () => page.locator('.activitybar .action-item a[aria-label^="Deep Learning Tutor"]');
/** Show the tutor's view container (a click on its activity-bar icon toggles the sidebar when it is already showing). */
async function openTutorView() {
  if (await treeRow('Stage 1: Foundations').first().isVisible().catch(() => false)) return;
  // Clicking the icon of the container that is already showing would close the sidebar.
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Deep Learning Tutor"]') }).first();
  const showing = /\bchecked\b/.test((await item.getAttribute('class')) ?? '') && await page.locator('.part.sidebar').isVisible();
  if (!showing) {
    // With a badge on it, playwright may not find the icon "stable"; a real click is still what a person does.
    await activityIcon().click({ timeout: 5000 }).catch(() => activityIcon().click({ force: true }));
  }
  const row = treeRow('Stage 1: Foundations').first();
  const shown = await row.waitFor({ timeout: 8000 }).then(() => true, () => false);
  if (!shown) {
    // After a reload the workbench can report our container as active while the sidebar is
    // hidden, and a click then toggles the wrong way: ask for the view by name, as a person would.
    log('the Stages view did not show after the icon click; opening it from the command palette');
    await runCommand('Focus on Stages View', 'Focus on Stages View');
    await row.waitFor({ timeout: 30000 });
  }
}
const treeRow = (text) => page.locator('.pane-body .monaco-list-row', { hasText: text });
const quickInput = () => page.locator('.quick-input-widget input');

/** F1, type (like a person), wait for the palette row, optionally screenshot, Enter. */
async function runCommand(typed, rowText, shotName) {
  await page.keyboard.press('F1');
  await quickInput().waitFor();
  await page.keyboard.type(typed, { delay: 5 });
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 15000 });
  const aria = await row.getAttribute('aria-label');
  if (!aria?.includes(rowText)) throw new Error(`the palette's first match is "${aria}", not "${rowText}"`);
  if (shotName) await shot(shotName);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The content frame (the page inside iframe.webview > #active-frame) that matches `selector`. */
async function webviewFrame(selector, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      try { if (await f.$(selector)) return f; } catch { /* frame navigating */ }
    }
    if (Date.now() > end) {
      const seen = [];
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        const body = await f.evaluate(() => document.body?.innerHTML.replace(/\s+/g, ' ').slice(0, 160) ?? '').catch((e) => `(${e.message.split('\n')[0]})`);
        seen.push(`${f.url().slice(0, 90)} :: ${body}`);
      }
      throw new Error(`no webview shows ${selector} within ${timeoutMs / 1000} s; frames:\n${seen.join('\n')}`);
    }
    await sleep(200);
  }
}

/**
 * "DL Tutor: Show Training Plots", then the plot panel's content frame (matching `selector`).
 * VS Code 1.100's web webview host can stay blank when a new webview finds another webview's
 * service worker in control ("Found unexpected service worker controller … Waiting for
 * controllerchange"; fixed upstream in microsoft/vscode#312020, after 1.100). A learner closes and
 * reopens the panel; so does this test, once, and says so (measures.blankWebviewRetries).
 */
async function showPlots(selector) {
  await runCommand('Show Training Plots', 'DL Tutor: Show Training Plots');
  try {
    return await webviewFrame(selector, 12000);
  } catch (e) {
    measures.blankWebviewRetries = (measures.blankWebviewRetries ?? 0) + 1;
    log(`WARNING: the plot panel stayed blank for 12 s (upstream webview service-worker race); closing and reopening it.\n${e.message}`);
    await shot(`zz-blank-webview-${measures.blankWebviewRetries}`);
    const tab = page.locator('.tabs-container .tab.active', { hasText: 'Plots:' }).first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await tab.waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
    await runCommand('Show Training Plots', 'DL Tutor: Show Training Plots');
    return webviewFrame(selector, 30000);
  }
}

/** Non-transparent pixels of the canvases under `scope` in a webview frame. */
async function paintedPixels(frame, scope = '[data-chart]') {
  return frame.evaluate((sel) => {
    let n = 0;
    for (const c of document.querySelectorAll(`${sel} canvas`)) {
      if (!c.width || !c.height) continue;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    }
    return n;
  }, scope);
}

async function waitPainted(frame, min, timeoutMs, scope) {
  const end = Date.now() + timeoutMs;
  let px = 0;
  while (Date.now() < end) {
    px = await paintedPixels(frame, scope);
    if (px > min) return px;
    await sleep(200);
  }
  throw new Error(`the chart has only ${px} painted pixels after ${timeoutMs / 1000} s (want > ${min})`);
}

/** True when the editor of `file` shows a passed gutter icon and the tree row `title` says passed. */
function passedInEditorAndTree({ file, title }) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  const gutter = !!editor?.querySelector('.margin .codicon-testing-passed-icon, .glyph-margin-widgets .codicon-testing-passed-icon');
  const row = [...document.querySelectorAll('.pane-body .monaco-list-row')].find((r) => r.querySelector('.label-name')?.textContent?.trim() === title);
  const desc = row?.querySelector('.label-description')?.textContent?.trim();
  return gutter && desc === 'passed';
}

/** The text of the CodeLenses shown in the editor of `file`. */
function codeLensTexts(file) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  return [...(editor?.querySelectorAll('.codelens-decoration') ?? [])].map((e) => e.textContent ?? '');
}

/**
 * Paste `text` the way a person does: through the clipboard and Ctrl+V (one paste edit).
 * Falls back to typing it in one input event when the page has no clipboard access.
 */
async function paste(text) {
  // UI_PASTE=insertText: one synthetic input event instead (how this test pasted before; it
  // made VS Code 1.100's CodeLens controller recurse until the stack overflowed).
  const ok = process.env.UI_PASTE !== 'insertText' && await page.evaluate((t) => navigator.clipboard?.writeText(t).then(() => true, () => false), text).catch(() => false);
  if (ok) await page.keyboard.press('Control+V');
  else await page.keyboard.insertText(text);
  measures.pasteVia = ok ? 'clipboard' : 'insertText';
}

/** True when a CodeLens in the editor of `file` contains `text` (runs in the page). */
function lensSays({ file, text }) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  return [...(editor?.querySelectorAll('.codelens-decoration') ?? [])].some((e) => (e.textContent ?? '').toLowerCase().includes(text));
}

/** True when no CodeLens in the editor of `file` contains `text` (runs in the page). */
function lensGone({ file, text }) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  return ![...(editor?.querySelectorAll('.codelens-decoration') ?? [])].some((e) => (e.textContent ?? '').toLowerCase().includes(text));
}

/**
 * The inline failure texts in the editor of `file`: VS Code 1.100 draws each failing test
 * message as a widget after the end of its line (`.test-error-content-widget`); its text is
 * the message, cut at 128 characters.
 */
function inlineTestMessages(file) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  return [...(editor?.querySelectorAll('.test-error-content-widget') ?? [])].map((e) => (e.textContent ?? '').trim()).filter(Boolean);
}

/** Debug aid: the HTML of the editor line containing `needle`. */
function lineHtml({ file, needle }) {
  const editor = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + file));
  const line = [...(editor?.querySelectorAll('.view-line') ?? [])].find((l) => l.textContent?.replace(/\u00a0/g, ' ').includes(needle));
  const testClasses = [...new Set([...(editor?.querySelectorAll('[class*="test"]') ?? [])].map((e) => e.className))];
  return `${line?.outerHTML.slice(0, 3000) ?? '(line not rendered)'}\nclasses with "test": ${JSON.stringify(testClasses)}`;
}

/** Open the Problems panel and return its rows' text. */
async function problemRows() {
  await runCommand('Problems: Focus on Problems View', 'Focus on Problems View');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: 10000 });
  await sleep(300);
  return panel.locator('.monaco-list-row').allInnerTexts();
}

// ---- the session ------------------------------------------------------------------------

try {
  installed = installVsix({ root });
  const port = await freePort();
  server = await startCodeServer({ root, workspace, port, env: vsixEnv(), settings: { ...QUIET_SETTINGS, ...TYPING_SETTINGS, ...JSON.parse(process.env.UI_EXTRA_SETTINGS || '{}') } });
  browser = await launchChromium({ root });
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') }).catch((e) => log(`no clipboard: ${e.message}`));
  page = browser.pages()[0] ?? await browser.newPage();
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  if (process.env.DEBUG_ERRORS) await page.addInitScript(() => { Error.stackTraceLimit = 400; });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
    if (process.env.DEBUG_BROWSER) console.log('[browser]', m.type(), m.text());
  });
  log(`code-server on ${server.url}, course folder ${workspace}`);
} catch (e) {
  console.error('ui: could not start code-server / Chromium:', e?.message ?? e);
  failed = STEPS;
  await finish(1);
}
const url = workbenchUrl(server, { workspace, extensionDevelopmentPath: installed });

await step('01 workbench loads with the tutor in the activity bar', async () => {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  // The first start of a code-server compiles caches and scans the extension: be generous.
  await activityIcon().waitFor({ timeout: 90000 });
  await shot('01-workbench');
});

await step('02 activity-bar icon opens the Stages tree', async () => {
  await activityIcon().click();
  await treeRow('Stage 1: Foundations').first().waitFor({ timeout: 30000 });
  const text = await treeRow('Stage 1: Foundations').first().innerText();
  assert.match(text, /0\/7/, `Stage 1 row shows 0/7: "${text}"`);
  await treeRow('Stage 5').first().waitFor();
  await shot('02-tree');
});

await step('03 F1 → "DL Tutor: Start Stage 1: Foundations"', async () => {
  await runCommand('Start Stage 1', 'DL Tutor: Start Stage 1: Foundations', '03-command-palette');
});

await step('04 s1-perceptron.ts opens with the lesson beside it', async () => {
  await page.locator('.tabs-container .tab.active[data-resource-name="s1-perceptron.ts"]').first().waitFor({ timeout: 30000 });
  await page.locator('.monaco-editor[data-uri$="/s1-perceptron.ts"]').waitFor();
  const lesson = await webviewFrame('main#lesson h1', 45000);
  const text = await lesson.evaluate(() => document.getElementById('lesson').innerText);
  assert.match(text, /perceptron/i, 'the lesson is about the perceptron');
  const groups = await page.locator('.editor-group-container').count();
  assert.ok(groups >= 2, `the lesson is in a second editor group (${groups} groups)`);
  const starters = fs.readdirSync(path.join(REPO, 'exercises', 'stage1', 'starters')).filter((f) => f.endsWith('.ts'));
  const missing = starters.filter((f) => !fs.existsSync(path.join(workspace, f)));
  assert.deepEqual(missing, [], 'every Stage 1 starter is in the course folder');
  await treeRow('Rosenblatt perceptron').first().waitFor({ timeout: 15000 });
  await shot('04-exercise-and-lesson');
});

await step('04b a wrong save shows the teaching message inline and in Problems; Grade is in the editor title', async () => {
  const editor = page.locator('.monaco-editor[data-uri$="/s1-perceptron.ts"]');
  // The editor-title Grade button (when-clause key dlTutor:activeExercise).
  const gradeButton = page.locator('.editor-group-container .editor-actions [aria-label^="Grade Current Exercise"]').first();
  await gradeButton.waitFor({ timeout: 15000 });
  await editor.click({ position: { x: 250, y: 60 } });
  await editor.locator('[class*="codicon-testing-"]').first().waitFor({ timeout: 30000 });
  await waitForQuiet();
  await page.keyboard.press('Control+A');
  const errorsBefore = consoleErrors.length;
  const tPaste = Date.now();
  await paste(WRONG);
  measures.wrongPasteSettleMs = (Date.now() - tPaste) + await waitForQuiet();
  measures.consoleErrorsAfterWrongPaste = consoleErrors.length - errorsBefore;
  if (process.env.DEBUG_ERRORS) fs.writeFileSync(path.join(SHOTS, 'console-errors-paste.txt'), consoleErrors.slice(errorsBefore).join('\n----\n'));
  assert.deepEqual(consoleErrors.slice(errorsBefore).map((e) => e.slice(0, 200)), [], 'a whole-file paste logs no console errors');
  await page.keyboard.press('Control+Home');
  const t0 = Date.now();
  await page.keyboard.press('Control+S');
  // The CodeLens above perceptronPredict carries the whole message (VS Code cuts the inline
  // test message at 128 characters; the lens is never cut).
  await page.waitForFunction(lensSays, { file: 's1-perceptron.ts', text: TEACHING }, { timeout: 30000, polling: 250 }).catch(() => {});
  const lenses = await page.evaluate(codeLensTexts, 's1-perceptron.ts');
  measures.saveToFailureMs = Date.now() - t0;
  log(`CodeLenses after the wrong save: ${JSON.stringify(lenses)}`);
  assert.ok(lenses.some((t) => t.toLowerCase().includes(TEACHING)), `a CodeLens states "${TEACHING}": ${JSON.stringify(lenses)}`);
  const inline = await page.evaluate(inlineTestMessages, 's1-perceptron.ts');
  log(`inline test messages: ${JSON.stringify(inline)}`);
  if (!inline.length) log(`line HTML: ${await page.evaluate(lineHtml, { file: 's1-perceptron.ts', needle: 'export function trainPerceptron' })}`);
  assert.ok(inline.some((t) => /w·x \+ b/.test(t)), `a failing line carries a check's message inline: ${JSON.stringify(inline)}`);
  assert.ok(!inline.some((t) => /!=/.test(t)), `the inline text is the message, not an "expected != actual" diff: ${JSON.stringify(inline)}`);
  await shot('04b-wrong-save-inline');
  const rows = await problemRows();
  log(`Problems: ${JSON.stringify(rows)}`);
  assert.ok(rows.some((r) => r.toLowerCase().includes(TEACHING) && /DL Tutor/.test(r)), `the Problems panel lists the message from DL Tutor: ${JSON.stringify(rows)}`);
  await shot('04c-wrong-save-problems');
  // "— details" on the lens opens a peek with the whole message, wrapped, on the failing line.
  await editor.locator('.codelens-decoration a', { hasText: TEACHING }).first().click();
  const peek = page.locator('.monaco-editor[data-uri$="/s1-perceptron.ts"] .zone-widget').filter({ hasText: TEACHING }).first();
  await peek.waitFor({ timeout: 10000 });
  const peekText = (await peek.innerText()).replace(/\s+/g, ' ');
  log(`failure details peek: ${peekText.slice(0, 300)}`);
  assert.ok(peekText.toLowerCase().includes(TEACHING), `the details peek shows the message: ${peekText.slice(0, 300)}`);
  await shot('04d-failure-details');
  await page.keyboard.press('Escape');
  const errors = consoleErrors.slice(errorsBefore);
  measures.consoleErrorsAfterWrongSave = errors.length;
  if (process.env.DEBUG_ERRORS) fs.writeFileSync(path.join(SHOTS, 'console-errors-save.txt'), errors.join('\n----\n'));
  assert.deepEqual(errors.filter((e) => /Maximum call stack/.test(e)), [], 'no stack overflow in the workbench after a whole-file paste');
});

await step(`05 type the solution, Ctrl+S → passed within ${BUDGET_MS} ms`, async () => {
  const editor = page.locator('.monaco-editor[data-uri$="/s1-perceptron.ts"]');
  // Click inside the visible part of the editor (a locator click on .view-lines would scroll it).
  await editor.click({ position: { x: 250, y: 60 } });
  await page.keyboard.press('Control+Home');
  // Like a learner reading the lesson before typing: the tutor warms its grader meanwhile.
  // Wait until the Testing gutter has the exercise's run icon (the extension is ready for it).
  await editor.locator('.codicon-testing-run-icon, .codicon-testing-unset-icon, [class*="codicon-testing-"]').first().waitFor({ timeout: 30000 });
  await waitForQuiet();
  assert.equal(await page.evaluate(passedInEditorAndTree, { file: 's1-perceptron.ts', title: 'Rosenblatt perceptron' }), false, 'not passed before the save');
  await page.keyboard.press('Control+A');
  const errorsBefore = consoleErrors.length;
  // The paste that used to stall the editor: a whole file over one with failures showing.
  const tPaste = Date.now();
  await paste(SOLUTION);
  measures.fixPasteInsertMs = Date.now() - tPaste;
  // Back to the top, where the exported functions (and their gutter icons) are.
  await page.keyboard.press('Control+Home');
  const dirty = page.locator('.tabs-container .tab.dirty[data-resource-name="s1-perceptron.ts"]');
  if (!(await dirty.waitFor({ timeout: 5000 }).then(() => true, () => false))) {
    // The paste went nowhere (focus was still on a panel): click into the text and paste again, as a person would.
    measures.pasteRetried = true;
    log('the paste did not reach the editor; clicking into it and pasting again');
    await editor.click({ position: { x: 250, y: 60 } });
    await page.keyboard.press('Control+A');
    await paste(SOLUTION);
    await page.keyboard.press('Control+Home');
    await dirty.waitFor({ timeout: 30000 });
  }
  // A learner types for minutes; the test pastes 4 KB at once, which keeps the TypeScript server,
  // the extension host and the renderer busy for a few seconds. Save once they have settled.
  measures.settleMs = await waitForQuiet();
  const pasteErrors = consoleErrors.slice(errorsBefore);
  measures.consoleErrorsAfterFixPaste = pasteErrors.length;
  log(`whole-file paste over failures: inserted in ${measures.fixPasteInsertMs} ms, quiet ${measures.settleMs} ms later, ${measures.consoleErrorsAfterFixPaste} console errors`);
  const t0 = Date.now();
  await page.keyboard.press('Control+S');
  // When the workbench has written the file (the tab's dirty mark goes): the rest is the tutor's.
  page.locator('.tabs-container .tab[data-resource-name="s1-perceptron.ts"]:not(.dirty)').first().waitFor({ timeout: 30000 })
    .then(() => { measures.saveWrittenMs = Date.now() - t0; }, () => {});
  await page.waitForFunction(passedInEditorAndTree, { file: 's1-perceptron.ts', title: 'Rosenblatt perceptron' }, { polling: 'raf', timeout: 30000 });
  const ms = Date.now() - t0;
  measures.saveToGreenMs = ms;
  log(`save → green: ${ms} ms (file written after ${measures.saveWrittenMs} ms)`);
  await shot('05-passed');
  // The failure's lens, inline text and Problems entry went with the fix.
  await page.waitForFunction(lensGone, { file: 's1-perceptron.ts', text: TEACHING }, { timeout: 10000, polling: 250 })
    .catch(() => {});
  assert.deepEqual((await page.evaluate(codeLensTexts, 's1-perceptron.ts')).filter((t) => t.toLowerCase().includes(TEACHING)), [], 'the failure lens is gone');
  assert.deepEqual(await page.evaluate(inlineTestMessages, 's1-perceptron.ts'), [], 'no inline failure message is left');
  const rows = await problemRows();
  assert.deepEqual(rows.filter((r) => r.toLowerCase().includes(TEACHING)), [], `the Problems entry is gone: ${JSON.stringify(rows)}`);
  await shot('05b-fixed-problems');
  await editor.click({ position: { x: 250, y: 60 } });
  await page.keyboard.press('Control+J'); // hide the panel again: the later steps expect the editor at full height
  assert.equal(pasteErrors.length, 0, `the paste over the failures logs no console errors: ${pasteErrors.map((e) => e.slice(0, 200)).join(' | ')}`);
  assert.equal(fs.readFileSync(path.join(workspace, 's1-perceptron.ts'), 'utf8'), SOLUTION, 'the saved file is exactly what was typed');
  // A second edit + save, for comparison: the same path once everything has run once.
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n// checked\n');
  await page.locator('.tabs-container .tab.dirty[data-resource-name="s1-perceptron.ts"]').waitFor();
  const t1 = Date.now();
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab[data-resource-name="s1-perceptron.ts"]:not(.dirty)').first().waitFor({ timeout: 30000 });
  measures.secondSaveWrittenMs = Date.now() - t1;
  log(`second save: file written after ${measures.secondSaveWrittenMs} ms`);
  await page.keyboard.press('Control+Home');
  assert.ok(ms <= BUDGET_MS, `save → green took ${ms} ms (budget ${BUDGET_MS} ms)`);
});

await step('06 Testing view shows the exercise passed', async () => {
  await runCommand('Testing: Focus on Test Explorer View', 'Focus on Test Explorer View');
  const row = page.locator('.test-explorer .monaco-list-row', { hasText: 'Rosenblatt perceptron' }).first();
  await row.waitFor({ timeout: 15000 });
  await row.locator('.codicon-testing-passed-icon').waitFor({ timeout: 15000 });
  await shot('06-testing-view');
  // back to the tutor's tree for the later steps
  await openTutorView();
});

await step('07 "DL Tutor: Show Training Plots" paints the perceptron\'s charts', async () => {
  await page.locator('.monaco-editor[data-uri$="/s1-perceptron.ts"]').click({ position: { x: 250, y: 60 } });
  const frame = await showPlots('[data-chart] canvas');
  const px = await waitPainted(frame, 5000, 20000);
  measures.perceptronPaintedPx = px;
  const charts = await frame.evaluate(() => [...document.querySelectorAll('[data-chart]')].map((e) => e.getAttribute('data-chart')));
  log(`perceptron plot panel: charts ${charts.join(', ')}, ${px} painted px`);
  await shot('07-plots');
});

await step(`08 Stage 2: ${DEMO_ID} plot panel, Run demo, painted chart`, async () => {
  await runCommand('Start Stage 2', 'DL Tutor: Start Stage 2: Training Foundations & Regularization');
  await page.locator('.tabs-container .tab[data-resource-name="s2-mse.ts"]').first().waitFor({ timeout: 30000 });
  // Open the exercise from the tree (a row click opens the file), then its plots.
  const row = treeRow(DEMO_TITLE).first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
  await page.locator(`.tabs-container .tab.active[data-resource-name="${DEMO_ID}.ts"]`).first().waitFor({ timeout: 15000 });
  const frame = await showPlots('#run-demo');
  const title = await frame.evaluate(() => document.querySelector('#toolbar h1')?.textContent ?? '');
  assert.match(title, new RegExp(DEMO_TITLE, 'i'), `the panel is the ${DEMO_ID} panel ("${title}")`);
  const t0 = Date.now();
  await frame.click('#run-demo');
  const px = await waitPainted(frame, 5000, 60000);
  // let the demo finish so the screenshot shows whole curves
  await frame.waitForFunction(() => /^Demo:/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60000 }).catch(() => {});
  measures.demoMs = Date.now() - t0;
  measures.demoPaintedPx = await paintedPixels(frame);
  log(`${DEMO_ID} demo: first paint ${px} px, finished after ${measures.demoMs} ms: ${await frame.evaluate(() => document.getElementById('status')?.textContent)}`);
  // The demo's facts are a labelled table that states each claim and whether it held.
  const facts = await frame.evaluate(() => document.getElementById('summary')?.innerText ?? '');
  log(`${DEMO_ID} demo facts: ${facts.replace(/\s+/g, ' ')}`);
  assert.match(facts, /Claim: dropout helps\s+✓ held/, 'the demo states its claim and that it held');
  assert.match(facts, /val loss with dropout\s+[\d.]+/, 'the demo lists its numbers with readable labels');
  await shot('08-stage2-demo');
});

/**
 * Open a file of the course folder with Quick Open (Ctrl+P), as a person does, once the workbench
 * has settled (a stage start opens files and steals focus), and wait for its tab. When the picker
 * did not get the typing, close it and try once more.
 */
async function quickOpen(file) {
  if (await page.locator(`.tabs-container .tab.active[data-resource-name="${file}"]`).count()) return;
  for (let attempt = 1; ; attempt++) {
    await waitForQuiet();
    await page.keyboard.press('Control+P');
    await quickInput().waitFor();
    await page.keyboard.type(file, { delay: 5 });
    const typed = await quickInput().inputValue().catch(() => '');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first();
    if (typed.endsWith(file) && await row.waitFor({ timeout: 15000 }).then(() => true, () => false)) {
      await page.keyboard.press('Enter');
      break;
    }
    if (attempt === 2) throw new Error(`Quick Open did not find ${file} (typed "${typed}")`);
    log(`Quick Open lost the typing ("${typed}"); trying again`);
    await page.keyboard.press('Escape');
  }
  await page.locator(`.tabs-container .tab.active[data-resource-name="${file}"]`).first().waitFor({ timeout: 15000 });
}

/** The plot panel's frame once it shows `title`, after "Show Training Plots" for the active exercise. */
async function plotsFor(title) {
  for (let attempt = 1; ; attempt++) {
    const frame = await showPlots('#run-demo');
    await frame.waitForFunction((t) => (document.querySelector('#toolbar h1')?.textContent ?? '').toLowerCase().includes(t.toLowerCase()), title, { timeout: 15000 });
    // VS Code recreates a webview's frame when its editor group changes (a new stage opens its files
    // and lesson beside it): let the layout settle, and use a frame that stayed attached.
    await sleep(500);
    if (!frame.isDetached()) return frame;
    if (attempt === 3) throw new Error(`the plot panel's frame kept being replaced (${title})`);
    log(`the plot panel's frame was replaced; finding it again (${title})`);
  }
}

async function runDemoIn(frame) {
  await frame.click('#run-demo');
  await frame.waitForFunction(() => /^Demo:/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 90000 });
  return frame.evaluate(() => document.getElementById('status')?.textContent ?? '');
}

await step('08b Stage 3: the confusion-matrix panel (click a cell: its images) and the learner\'s autograd graph', async () => {
  await runCommand('Start Stage 3', 'DL Tutor: Start Stage 3: Training Dynamics & Data');
  await page.locator('.tabs-container .tab[data-resource-name="s3-minibatch.ts"]').first().waitFor({ timeout: 30000 });
  // Confusion matrix: the demo trains a small MLP on shapes images and draws the learner's matrix.
  await quickOpen('s3-confusion-matrix.ts');
  let frame = await plotsFor('Confusion matrix');
  let t0 = Date.now();
  const status = await runDemoIn(frame);
  measures.confusionDemoMs = Date.now() - t0;
  log(`s3-confusion-matrix demo: ${status}`);
  const cells = frame.locator('section.chart.confusion button.confusion-cell');
  await cells.first().waitFor({ timeout: 10000 });
  // Click the largest mistake (an off-diagonal cell), as a learner looking for what goes wrong.
  const worst = await frame.evaluate(() => {
    let best = null;
    for (const b of document.querySelectorAll('section.chart.confusion button.confusion-cell:not(.diagonal)')) {
      const n = Number((b.textContent ?? '').replace(/[^0-9]/g, '')) || 0;
      if (!best || n > best.n) best = { n, r: b.getAttribute('data-row'), c: b.getAttribute('data-col') };
    }
    return best;
  });
  assert.ok(worst && worst.n > 0, 'the matrix has at least one mistake to click');
  await frame.click(`section.chart.confusion button.confusion-cell[data-row="${worst.r}"][data-col="${worst.c}"]`);
  const caption = frame.locator('.confusion-gallery .confusion-gallery-caption');
  await caption.waitFor({ timeout: 10000 });
  const captionText = await caption.innerText();
  log(`clicked cell (${worst.r}, ${worst.c}): ${captionText}`);
  assert.match(captionText, /true: \w+, predicted: \w+ — \d+ images?/, 'the gallery says which cell it shows');
  const thumbs = await frame.locator('.confusion-gallery canvas.confusion-thumb').count();
  assert.equal(thumbs, Math.min(12, worst.n), 'one thumbnail per image behind the cell (at most 12)');
  await waitPainted(frame, 200, 10000, '.confusion-gallery');
  await shot('08b-confusion-cell');
  await frame.click('.confusion-toggle button[data-view="normalized"]');
  await frame.waitForFunction(() => /%/.test(document.querySelector('section.chart.confusion button.confusion-cell')?.textContent ?? ''), null, { timeout: 5000 });
  await shot('08c-confusion-row-normalised');

  // The learner's own Value graph, drawn left to right with data and grad on each node.
  await quickOpen('s3-autograd-dynamic.ts');
  frame = await plotsFor('define-by-run');
  t0 = Date.now();
  log(`s3-autograd-dynamic demo: ${await runDemoIn(frame)}`);
  measures.autogradDemoMs = Date.now() - t0;
  const dag = frame.locator('section.chart[data-chart="dag"] svg.dag');
  await dag.waitFor({ timeout: 10000 });
  const nodes = await frame.locator('section.chart[data-chart="dag"] g.dag-node').count();
  assert.ok(nodes >= 5, `the graph has its nodes (${nodes})`);
  const outGrad = await frame.locator('section.chart[data-chart="dag"] g.dag-node.output text.dag-grad').first().textContent();
  assert.match(outGrad ?? '', /grad 1\b/, `the output node's grad is 1 ("${outGrad}")`);
  await frame.locator('section.chart[data-chart="dag"]').scrollIntoViewIfNeeded();
  await shot('08d-autograd-dag');
});

await step('08e Stage 4: the kernel sliding over an image with the learner\'s products and sum; LeNet\'s live activation grid', async () => {
  await runCommand('Start Stage 4', 'DL Tutor: Start Stage 4: Convolutional Networks');
  // The stage opens its first exercise, the convolution.
  await page.locator('.tabs-container .tab.active[data-resource-name="s4-conv2d.ts"]').first().waitFor({ timeout: 30000 });
  const frame = await plotsFor('Convolution with loops');
  const t0 = Date.now();
  log(`s4-conv2d demo: ${await runDemoIn(frame)}`);
  measures.convDemoMs = Date.now() - t0;
  const panel = frame.locator('section.chart.conv-slide[data-chart="convSlide"]');
  await panel.waitFor({ timeout: 10000 });
  const total = await frame.locator('.conv-output .cell').count();
  for (let i = 0; i < 9; i++) await frame.click('button.conv-next');
  const position = await frame.locator('.conv-position').innerText();
  assert.match(position, new RegExp(`\\(10 of ${total}\\)`), `nine steps on, the window is at output 10 ("${position}")`);
  const sum = frame.locator('.conv-sum');
  assert.equal(await sum.getAttribute('data-ok'), 'true', `the products add up to the learner's output ("${await sum.innerText()}")`);
  assert.ok(await frame.locator('.conv-products li').count() >= 9, 'each product of the 3×3 window is listed');
  await panel.scrollIntoViewIfNeeded();
  await shot('08e-kernel-slide');

  // LeNet-5 training: the activation grid of one image refreshes while the network trains.
  await quickOpen('s4-lenet.ts');
  const lenet = await plotsFor('LeNet-5');
  await lenet.click('#run-demo');
  const grid = lenet.locator('section.chart[data-chart="activations"] .act-grid');
  await grid.waitFor({ timeout: 60000 });
  const firstStep = Number(await grid.getAttribute('data-step'));
  await lenet.waitForFunction((s) => Number(document.querySelector('section.chart[data-chart="activations"] .act-grid')?.getAttribute('data-step')) > s,
    firstStep, { timeout: 60000 });
  const maps = await lenet.locator('section.chart[data-chart="activations"] .act-layer[data-layer="conv1"] canvas.act-map').count();
  assert.equal(maps, 6, `conv1 shows its 6 feature maps (${maps})`);
  await waitPainted(lenet, 500, 10000, 'section.chart[data-chart="activations"]');
  await lenet.locator('section.chart[data-chart="activations"]').scrollIntoViewIfNeeded();
  log(`activation grid refreshed while training: ${await lenet.locator('.act-step').first().innerText()}`);
  await shot('08e2-live-activations');
  log(`s4-lenet demo: ${await lenet.waitForFunction(() => /^Demo:/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 90000 }).then(() => lenet.evaluate(() => document.getElementById('status')?.textContent))}`);
});

await step('08h Stage 4: boxes before and after the learner\'s NMS with the IoU slider moved; the U-Net segmentation panel; Stop', async () => {
  await quickOpen('s4-iou-nms.ts');
  const nms = await plotsFor('IoU and non-max suppression');
  log(`s4-iou-nms demo: ${await runDemoIn(nms)}`);
  const chart = nms.locator('section.chart[data-chart="nmsBoxes"]');
  await chart.locator('rect.det-box').first().waitFor({ timeout: 10000 });
  const kept = () => nms.locator('section.chart[data-chart="nmsBoxes"] rect.det-box.kept').count();
  const before = await kept();
  const iou = chart.locator('input.det-iou');
  const readout = async () => (await chart.locator('.det-iou-value').first().innerText()).trim();
  const at = await readout();
  // A stricter threshold (slider to the left) suppresses more boxes: the learner's NMS re-run for each stop.
  await iou.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  await nms.waitForFunction((v) => (document.querySelector('section.chart[data-chart="nmsBoxes"] .det-iou-value')?.textContent ?? '').trim() !== v, at, { timeout: 5000 });
  const after = await kept();
  log(`NMS: IoU threshold ${at} → ${await readout()}: ${before} → ${after} boxes kept`);
  assert.ok(after < before, `a lower IoU threshold keeps fewer boxes (${before} → ${after})`);
  assert.ok(await chart.locator('rect.det-box.suppressed').count() > 0, 'suppressed boxes are drawn as such');
  await chart.scrollIntoViewIfNeeded();
  await shot('08h-nms-slider');

  // U-Net: image, true mask and the learner's predicted mask, refreshing while it trains, and Dice.
  await quickOpen('s4-unet.ts');
  const unet = await plotsFor('Semantic segmentation with a tiny U-Net');
  log(`s4-unet demo: ${await runDemoIn(unet)}`);
  const masks = unet.locator('section.chart[data-chart="unetMasks"]');
  await masks.locator('canvas.masks-cell[data-kind="pred"]').first().waitFor({ timeout: 10000 });
  for (const kind of ['image', 'true', 'pred', 'ablation']) {
    assert.ok(await masks.locator(`canvas.masks-cell[data-kind="${kind}"]`).count() > 0, `the panel shows the ${kind} column`);
  }
  await waitPainted(unet, 500, 10000, 'section.chart[data-chart="unetMasks"]');
  assert.ok(await unet.locator('section.chart[data-chart="unetDice"] canvas').count() > 0, 'Dice over training is drawn');
  await masks.scrollIntoViewIfNeeded();
  await shot('08h2-unet-masks');

  // A long demo can be stopped: the charts drawn so far stay.
  await quickOpen('s4-image-classification-capstone.ts');
  const cap = await plotsFor('Image classification capstone');
  await cap.click('#run-demo');
  await cap.locator('section.chart[data-chart="capstoneLoss"] canvas').first().waitFor({ timeout: 60000 });
  const stop = cap.locator('#stop-demo');
  await stop.waitFor({ state: 'visible', timeout: 10000 });
  await stop.click();
  await cap.waitForFunction(() => /^Demo:.*stopped/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30000 });
  assert.ok(await cap.locator('section.chart[data-chart="capstoneLoss"] canvas').count() > 0, 'the loss drawn before Stop stays');
  assert.ok(await stop.isHidden(), 'Stop hides once the demo has ended');
  await shot('08h3-demo-stopped');
});

await step('08f Stage 5: the trained seq2seq\'s attention heatmap and the beam-search tree', async () => {
  await runCommand('Start Stage 5', 'DL Tutor: Start Stage 5: Sequence Models & NLP');
  await page.locator('.tabs-container .tab[data-resource-name="s5-rnn.ts"]').first().waitFor({ timeout: 30000 });
  await quickOpen('s5-seq2seq-attention.ts');
  const frame = await plotsFor('An attention decoder');
  const t0 = Date.now();
  log(`s5-seq2seq-attention demo: ${await runDemoIn(frame)}`);
  measures.attentionDemoMs = Date.now() - t0;
  const map = frame.locator('section.chart.attention[data-chart="attentionMap"] .attn-map');
  await map.waitFor({ timeout: 10000 });
  // On the reverse task, output step q attends most to source position T − 1 − q: the anti-diagonal.
  const diag = await frame.evaluate(() => {
    const cells = [...document.querySelectorAll('section.chart.attention[data-chart="attentionMap"] .attn-cell.strongest')];
    const T = Math.max(...[...document.querySelectorAll('section.chart.attention[data-chart="attentionMap"] .attn-cell')].map((c) => Number(c.getAttribute('data-k')))) + 1;
    return { rows: cells.length, onAnti: cells.filter((c) => Number(c.getAttribute('data-q')) + Number(c.getAttribute('data-k')) === T - 1).length };
  });
  log(`attention: ${diag.onAnti} of ${diag.rows} rows strongest on the anti-diagonal`);
  assert.ok(diag.rows > 0 && diag.onAnti >= Math.ceil(diag.rows * 0.6), `most rows attend to the mirrored position (${diag.onAnti} of ${diag.rows})`);
  await frame.locator('section.chart.attention[data-chart="attentionMap"]').scrollIntoViewIfNeeded();
  await shot('08f-attention-heatmap');

  // The learner's beam search on a trained model: kept, pruned and finished hypotheses with scores.
  await quickOpen('s5-seq2seq-beam.ts');
  const beam = await plotsFor('Beam-search decoding');
  log(`s5-seq2seq-beam demo: ${await runDemoIn(beam)}`);
  const tree = beam.locator('section.chart[data-chart="beamTree"] svg.beam-tree');
  await tree.waitFor({ timeout: 10000 });
  const statuses = await beam.evaluate(() => [...document.querySelectorAll('section.chart[data-chart="beamTree"] g.beam-node')].map((n) => n.getAttribute('data-status')));
  for (const st of ['root', 'kept', 'pruned', 'finished']) assert.ok(statuses.includes(st), `the tree shows ${st} hypotheses (${[...new Set(statuses)].join(', ')})`);
  await beam.locator('section.chart[data-chart="beamTree"]').scrollIntoViewIfNeeded();
  await shot('08g-beam-tree');
});

await step('08i Stage 5: the per-head attention grid of the learner\'s multi-head attention and its step-through', async () => {
  await quickOpen('s5-multi-head-attention.ts');
  const mha = await plotsFor('Multi-head attention');
  log(`s5-multi-head-attention demo: ${await runDemoIn(mha)}`);
  const grid = mha.locator('section.chart.attention[data-chart="headGrid"]');
  await grid.locator('.attn-head').first().waitFor({ timeout: 10000 });
  const heads = await grid.locator('.attn-head').count();
  assert.equal(heads, 4, `one heatmap per head (${heads})`);
  assert.ok(await grid.locator('.attn-head[data-head="3"] .attn-cell').count() > 0, 'every head has its cells');
  await grid.scrollIntoViewIfNeeded();
  await shot('08i-head-grid');
  const steps = mha.locator('section.chart[data-chart="headSteps"]');
  await steps.scrollIntoViewIfNeeded();
  const pos0 = await steps.locator('.steps-position').innerText();
  await steps.locator('.steps-next').click();
  await steps.locator('.steps-next').click();
  assert.notEqual(await steps.locator('.steps-position').innerText(), pos0, 'Next moves the step-through');
  await shot('08i2-head-steps');

  // The learner's GPT trains live: loss curve, samples moving from noise to words, next-token bars
  // whose temperature / top-k control switches between the learner's own precomputed samples.
  await quickOpen('s5-gpt.ts');
  const gpt = await plotsFor('A tiny GPT');
  const t0 = Date.now();
  await gpt.click('#run-demo');
  await gpt.locator('section.chart[data-chart="gptLoss"] canvas').first().waitFor({ timeout: 30000 });
  measures.gptFirstPlotMs = Date.now() - t0;
  await gpt.waitForFunction(() => /^Demo:/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 120000 });
  measures.gptDemoMs = Date.now() - t0;
  log(`s5-gpt demo: ${await gpt.evaluate(() => document.getElementById('status')?.textContent)} (first chart after ${measures.gptFirstPlotMs} ms)`);
  const rows = await gpt.locator('section.chart[data-chart="gptSamples"] .token-row[data-row]').count();
  assert.ok(rows >= 3, `samples every few steps while it trained (${rows} rows)`);
  await waitPainted(gpt, 500, 10000, 'section.chart[data-chart="gptLoss"]');
  const select = gpt.locator('select.bars-control[data-chart="nextToken"]');
  const caption = gpt.locator('section.chart[data-chart="nextToken"] .caption');
  const before = await caption.innerText();
  await select.selectOption({ index: 0 });
  await gpt.waitForFunction((b) => document.querySelector('section.chart[data-chart="nextToken"] .caption')?.textContent !== b, before, { timeout: 5000 });
  log(`next-token control: "${before.slice(0, 60)}" → "${(await caption.innerText()).slice(0, 60)}"`);
  await gpt.locator('section.chart[data-chart="gptSamples"]').scrollIntoViewIfNeeded();
  await shot('08i3-gpt-samples');
  await gpt.locator('section.chart[data-chart="nextToken"]').scrollIntoViewIfNeeded();
  await shot('08i4-gpt-next-token');
});

await step('09 reload: the pass survives', async () => {
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await activityIcon().waitFor({ timeout: 60000 });
  const row = treeRow('Rosenblatt perceptron').first();
  if (!(await row.isVisible().catch(() => false))) {
    // The sidebar may show another view after the reload; open ours, expand Stage 1 if collapsed.
    await openTutorView();
    if (!(await row.isVisible().catch(() => false))) {
      await sleep(1000);
      if (!(await row.isVisible().catch(() => false))) await treeRow('Stage 1: Foundations').first().click();
    }
  }
  await row.waitFor({ timeout: 30000 });
  await page.waitForFunction((title) => {
    const r = [...document.querySelectorAll('.pane-body .monaco-list-row')].find((x) => x.querySelector('.label-name')?.textContent?.trim() === title);
    return r?.querySelector('.label-description')?.textContent?.trim() === 'passed';
  }, 'Rosenblatt perceptron', { timeout: 30000 });
  const stage1 = await treeRow('Stage 1: Foundations').first().innerText();
  assert.match(stage1, /1\/7/, `Stage 1 row counts the pass: "${stage1}"`);
  await shot('09-after-reload');
});

await finish(failed ? 1 : 0);
