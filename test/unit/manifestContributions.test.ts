// package.json is the one source of contributed ids: every declared command is registered by
// the command table, every registered one is declared, and every context key a when-clause
// reads is one the code sets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { commandTable, type CommandHandlers } from '../../src/vscode/commands/table';
import { CONTEXT_KEYS } from '../../src/vscode/contextKeys';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Handlers that record calls: the table is built exactly as the extension builds it. */
function recordingHandlers(calls: string[]): CommandHandlers {
  const group = (name: string) => new Proxy({}, { get: (_t, m) => (...args: unknown[]) => { calls.push(`${name}.${String(m)}(${JSON.stringify(args)})`); } });
  return { stages: group('stages'), exercises: group('exercises'), demos: group('demos'), engine: group('engine'), nativeEngine: group('nativeEngine'), progress: group('progress') } as unknown as CommandHandlers;
}

/** Every string under `node` whose key is `when` (menus, views, welcome content, keybindings). */
function whenClauses(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const v of node) whenClauses(v, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'when' && typeof v === 'string') out.push(v);
      else whenClauses(v, out);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []);
}

describe('package.json contributions', () => {
  const declared: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  const table = commandTable(recordingHandlers([]));
  const registered = Object.keys(table);

  it('every declared command is registered in the command table', () => {
    assert.deepEqual(declared.filter((id) => !registered.includes(id)), []);
  });

  it('every command in the table is declared in contributes.commands', () => {
    assert.deepEqual(registered.filter((id) => !declared.includes(id)), []);
  });

  it('every command a menu, walkthrough or welcome view names is ours and declared (or built in)', () => {
    const named = new Set<string>();
    for (const items of Object.values(pkg.contributes.menus) as Array<Array<{ command?: string }>>) for (const i of items) if (i.command) named.add(i.command);
    const text = JSON.stringify([pkg.contributes.walkthroughs, pkg.contributes.viewsWelcome]);
    for (const m of text.matchAll(/command:(dlTutor\.[\w.]+)/g)) named.add(m[1]);
    for (const m of text.matchAll(/onCommand:(dlTutor\.[\w.]+)/g)) named.add(m[1]);
    assert.deepEqual([...named].filter((id) => id.startsWith('dlTutor.') && !declared.includes(id)), []);
  });

  it('each table entry calls a handler (no entry is a dead stub)', () => {
    const calls: string[] = [];
    const t = commandTable(recordingHandlers(calls));
    for (const [id, fn] of Object.entries(t)) {
      const before = calls.length;
      fn('s1-perceptron');
      assert.equal(calls.length, before + 1, `${id} calls one handler`);
    }
    assert.ok(calls.includes('stages.startStage([3])'), 'dlTutor.startStage3 starts stage 3');
  });

  it('every dlTutor: context key in a when-clause is one the code sets', () => {
    const used = new Set<string>();
    for (const w of whenClauses(pkg.contributes)) for (const m of w.matchAll(/dlTutor:[\w.]+/g)) used.add(m[0]);
    // Walkthrough steps tick on `onContext:<expression>` too.
    for (const m of JSON.stringify(pkg.contributes.walkthroughs).matchAll(/onContext:[^"]*?(dlTutor:[\w.]+)/g)) used.add(m[1]);
    const known = new Set<string>(Object.values(CONTEXT_KEYS));
    assert.deepEqual([...used].filter((k) => !known.has(k)), []);
    assert.ok(used.has(CONTEXT_KEYS.activeExercise), 'the editor-title Grade button reads dlTutor:activeExercise');
  });

  it('the code sets context keys only through CONTEXT_KEYS, and sets each of them', () => {
    const calls: string[] = [];
    for (const f of sourceFiles(path.join(root, 'src'))) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/executeCommand\(\s*'setContext'\s*,\s*([^,]+),/g)) calls.push(`${path.relative(root, f)}: ${m[1].trim()}`);
    }
    assert.ok(calls.length > 0, 'some code sets a context key');
    assert.deepEqual(calls.filter((c) => !/CONTEXT_KEYS\.\w+$/.test(c)), [], 'setContext with a literal key');
    for (const name of Object.keys(CONTEXT_KEYS)) {
      assert.ok(calls.some((c) => c.endsWith(`CONTEXT_KEYS.${name}`)), `CONTEXT_KEYS.${name} is set somewhere`);
    }
  });
});
