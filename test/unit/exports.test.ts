import assert from 'node:assert/strict';
import { blankCommentsAndStrings, declarationLine, findExport, findExports, firstExportLine } from '../../src/core/exports';
import { exportLine } from '../../src/core/learnerFile';

const lines = (...l: string[]) => l.join('\n');

describe('export finder', () => {
  it('export function f: the line of the function', () => {
    const src = lines('import * as tf from "@tensorflow/tfjs";', '', 'export function f(x: number) {', '  return x;', '}',
      'export async function g() {}', 'export function* h() {}');
    assert.deepEqual(findExport(src, 'f'), { name: 'f', local: 'f', kind: 'function', line: 3, exportLine: 3 });
    assert.equal(findExport(src, 'g')?.line, 6);
    assert.equal(findExport(src, 'h')?.line, 7);
  });

  it('export const f = …: the line of the const (also let, class)', () => {
    const src = lines('// a comment', 'export const f = (x: number) => x;', 'export let n = 1;', 'export class Layer {}');
    assert.deepEqual(findExport(src, 'f'), { name: 'f', local: 'f', kind: 'const', line: 2, exportLine: 2 });
    assert.equal(findExport(src, 'n')?.kind, 'let');
    assert.equal(findExport(src, 'Layer')?.kind, 'class');
  });

  it('export { f }: the line of f\'s declaration, not of the export list', () => {
    const src = lines('function helper() {}', '', 'function f(x: number) {', '  return helper() ?? x;', '}', '', 'export { f };');
    assert.deepEqual(findExport(src, 'f'), { name: 'f', local: 'f', kind: 'function', line: 3, exportLine: 7 });
    assert.equal(findExport(src, 'helper'), undefined);
  });

  it('export { g as f }: the line of g\'s declaration', () => {
    const src = lines('const g = (x: number) => x * 2;', 'const other = 1;', 'export {', '  other,', '  g as f,', '};');
    assert.deepEqual(findExport(src, 'f'), { name: 'f', local: 'g', kind: 'const', line: 1, exportLine: 5 });
    assert.equal(findExport(src, 'g'), undefined, 'g itself is not exported');
    assert.equal(findExport(src, 'other')?.exportLine, 4);
  });

  it('re-exports and imported names point at the export statement', () => {
    const src = lines('import { a } from "./a";', 'export { a };', "export { b as c } from './b';");
    assert.deepEqual(findExport(src, 'a'), { name: 'a', local: 'a', kind: 'unknown', line: 2, exportLine: 2 });
    assert.deepEqual(findExport(src, 'c'), { name: 'c', local: 'b', kind: 'unknown', line: 3, exportLine: 3 });
  });

  it('ignores exports in comments, strings and template literals', () => {
    const src = lines('// export function f() {}', '/* export const f = 1;', '*/', 'const s = "export function f() {}";',
      'const t = `', 'export function f() {}', '${s}`;', 'export function f() {}');
    assert.deepEqual(findExports(src).map((e) => [e.name, e.line]), [['f', 8]]);
    assert.equal(blankCommentsAndStrings(src).split('\n').length, 8, 'lines are kept');
  });

  it('a regex literal does not hide the rest of the file', () => {
    const src = lines("const re = /['\"`]/g;", 'export function f() {}');
    assert.equal(findExport(src, 'f')?.line, 2);
  });

  it('a nested declaration of the same name does not win over the top-level one', () => {
    const src = lines('function outer() {', '  const f = 1;', '  return f;', '}', 'function f() {}', 'export { f };');
    assert.equal(findExport(src, 'f')?.line, 5);
  });

  it('declarationLine falls back to a declaration the learner forgot to export', () => {
    const src = lines('export function a() {}', 'function b() {}');
    assert.equal(declarationLine(src, 'a'), 1);
    assert.equal(declarationLine(src, 'b'), 2);
    assert.equal(declarationLine(src, 'c'), undefined);
  });

  it('firstExportLine prefers the first exported function; the 0-based editor view agrees', () => {
    const src = lines('export const K = 2;', 'export type T = number;', 'function f() {}', 'export { f };');
    assert.equal(firstExportLine(src), 3);
    assert.equal(firstExportLine('const a = 1;'), undefined);
    assert.equal(exportLine(src, 'f'), 2);
  });
});
