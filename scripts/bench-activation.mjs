#!/usr/bin/env node
// Measures what activating the extension costs the extension host: loads dist/extension.js
// in plain Node with a stub `vscode` module, times bundle load + activate() in 5 fresh
// processes (median), and reports whether any @tensorflow module was required in the host.
// Prints JSON: { "activationMs", "bundleBytes", "tfjsLoadedInHost", "runs": [...] }.
// Targets: activation ≤ 50 ms, bundle ≤ 1 MB (exit code 1 when missed, with --check).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');
const RUNS = Number(process.env.RUNS || 5);

// The child: everything below runs in a fresh `node` per measurement (module caches cold).
const CHILD = String.raw`
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const [bundle, folder] = process.argv.slice(2);
const required = [];

class Disposable { constructor(f) { this.f = f; } dispose() { this.f && this.f(); } static from(...d) { return new Disposable(() => d.forEach((x) => x.dispose && x.dispose())); } }
const noop = () => new Disposable();
const event = () => noop;
class EventEmitter { constructor() { this.l = []; this.event = (f) => { this.l.push(f); return new Disposable(() => {}); }; } fire(e) { for (const f of this.l) f(e); } dispose() { this.l = []; } }
class Uri {
  constructor(scheme, p) { this.scheme = scheme; this.path = p; this.fsPath = p; }
  static file(p) { return new Uri('file', path.resolve(p)); }
  static from(o) { return new Uri(o.scheme, o.path); }
  static joinPath(u, ...parts) { return new Uri(u.scheme, path.join(u.path, ...parts)); }
  toString() { return this.scheme + '://' + this.path; }
  with() { return this; }
}
class TreeItem { constructor(label, state) { this.label = label; this.collapsibleState = state; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class Range { constructor(a, b, c, d) { this.start = { line: a, character: b }; this.end = { line: c, character: d }; } }
class Position { constructor(l, c) { this.line = l; this.character = c; } }
class Location { constructor(uri, r) { this.uri = uri; this.range = r; } }
class TestMessage { constructor(m) { this.message = m; } static diff(m, e, a) { const t = new TestMessage(m); t.expectedOutput = e; t.actualOutput = a; return t; } }
class CodeLens { constructor(r, c) { this.range = r; this.command = c; } }
class RelativePattern { constructor(b, p) { this.base = b; this.pattern = p; } }
class TestRunRequest { constructor(include) { this.include = include; } }
class MarkdownString { constructor(v) { this.value = v; } }
class CancellationTokenSource { constructor() { this.token = { isCancellationRequested: false, onCancellationRequested: event() }; } cancel() {} dispose() {} }
class WorkspaceEdit { replace() {} }
const items = () => { const m = new Map(); return { add: (i) => m.set(i.id, i), get: (id) => m.get(id), delete: (id) => m.delete(id), forEach: (f) => m.forEach((v) => f(v)), get size() { return m.size; } }; };
const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => { m.set(k, v); }, keys: () => [...m.keys()], setKeysForSync() {} }; };
const output = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, append() {}, appendLine() {}, show() {}, dispose() {} };

const vscode = {
  Disposable, EventEmitter, Uri, TreeItem, ThemeIcon, ThemeColor, Range, Position, Location, TestMessage, CodeLens,
  RelativePattern, TestRunRequest, MarkdownString, CancellationTokenSource, WorkspaceEdit,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  TestRunProfileKind: { Run: 1, Debug: 2, Coverage: 3 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  window: {
    createTreeView: () => ({ dispose() {}, reveal: async () => {}, description: undefined, badge: undefined, visible: false, onDidChangeVisibility: event() }),
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {}, text: '' }),
    createOutputChannel: () => output,
    registerWebviewPanelSerializer: noop,
    onDidChangeActiveTextEditor: event(),
    activeTextEditor: undefined,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
  },
  commands: { registerCommand: noop, executeCommand: async () => undefined },
  tests: {
    createTestController: (id, label) => ({ id, label, items: items(), createRunProfile: () => ({ dispose() {} }), createTestItem: (id, label, uri) => ({ id, label, uri, children: items() }), createTestRun: () => ({}), dispose() {} }),
  },
  languages: { registerCodeLensProvider: noop },
  workspace: {
    workspaceFolders: folder ? [{ uri: Uri.file(folder), name: 'course', index: 0 }] : undefined,
    isTrusted: true,
    textDocuments: [],
    getConfiguration: () => ({ get: (k, d) => d, update: async () => {} }),
    onDidChangeConfiguration: event(), onDidChangeWorkspaceFolders: event(), onDidSaveTextDocument: event(),
    onDidChangeTextDocument: event(), onDidOpenTextDocument: event(), onDidGrantWorkspaceTrust: event(),
    registerTextDocumentContentProvider: noop,
    createFileSystemWatcher: () => ({ onDidCreate: event(), onDidDelete: event(), onDidChange: event(), dispose() {} }),
    asRelativePath: (p) => String(p),
    fs: {},
  },
  extensions: { getExtension: () => undefined },
};

// APIs the stubs above do not spell out answer with an event (on…) or a do-nothing object, so a
// new API used at activation does not break the measurement.
const lenient = (o) => new Proxy(o, { get: (t, k) => (k in t ? t[k] : typeof k === 'string' && k.startsWith('on') ? event()
  : () => ({ dispose() {}, set() {}, delete() {}, clear() {}, show() {}, hide() {} })) });
for (const ns of ['window', 'languages', 'workspace', 'commands', 'tests', 'extensions']) vscode[ns] = lenient(vscode[ns]);

const realLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (request.startsWith('@tensorflow/')) required.push(request);
  return realLoad.call(this, request, parent, isMain);
};

const extensionUri = Uri.file(path.resolve(path.dirname(bundle), '..'));
const context = {
  subscriptions: [], extensionUri, extensionPath: extensionUri.fsPath,
  globalState: memento(), workspaceState: memento(),
  asAbsolutePath: (p) => path.join(extensionUri.fsPath, p),
  // Where "Install the native engine" would put it (a folder of this run; nothing is written).
  globalStorageUri: Uri.file(path.join(require('node:os').tmpdir(), 'dl-tutor-bench-storage')),
};

// The extension host has Node's module loader warm already: warm it here too, so the
// measurement is our bundle, not the loader's first use.
require('node:fs'); require('node:path'); require('node:crypto'); require('node:child_process');
const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
const api = ext.activate(context);
const t2 = performance.now();
// Let the deferred startup work (setTimeout 0: course, Testing items) run, then report
// whether any of it pulled TensorFlow.js into this process.
setTimeout(() => {
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0,
    apiKeys: Object.keys(api || {}).length, tfjs: required, subscriptions: context.subscriptions.length }));
  process.exit(0);
}, 300);
`;

if (!fs.existsSync(BUNDLE)) {
  console.error(`${path.relative(process.cwd(), BUNDLE)} is missing: run npm run build first`);
  process.exit(2);
}
// A course folder with one exercise file, as after "Start Stage 1".
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-bench-'));
fs.writeFileSync(path.join(folder, 's1-perceptron.ts'), 'export function perceptronPredict() {}\n');

const childFile = path.join(folder, 'bench-child.cjs');
fs.writeFileSync(childFile, CHILD);
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const r = spawnSync(process.execPath, [childFile, BUNDLE, folder], { encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) {
    console.error(r.stderr || r.stdout);
    process.exit(2);
  }
  runs.push(JSON.parse(r.stdout));
}
fs.rmSync(folder, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  activationMs: +median(runs.map((r) => r.totalMs)).toFixed(2),
  bundleLoadMs: +median(runs.map((r) => r.loadMs)).toFixed(2),
  activateCallMs: +median(runs.map((r) => r.activateMs)).toFixed(2),
  bundleBytes: fs.statSync(BUNDLE).size,
  tfjsLoadedInHost: runs.some((r) => r.tfjs.length > 0),
  runs: runs.map((r) => +r.totalMs.toFixed(2)),
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--check') && (result.activationMs > 50 || result.bundleBytes > 1024 * 1024 || result.tfjsLoadedInHost)) process.exit(1);
