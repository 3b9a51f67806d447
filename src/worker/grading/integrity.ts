/**
 * What no exercise file needs: the process, `require`, code built from strings, tf reached by a
 * computed name or through its kernel registry, built-ins changed, stack traces read. The learner's
 * code runs in a sandbox where none of this can change a verdict; a file that tries is still told,
 * plainly, instead of being graded as if it were an ordinary answer.
 */
import { tokenize } from './sourceScan';

export interface IntegrityHit { line: number; used: string; why: string }

const TFJS_MODULE = /^@tensorflow\/tfjs(-node|-core)?$/;
const BUILTINS = new Set(['Object', 'Array', 'Function', 'Promise', 'Math', 'Number', 'String', 'Boolean', 'Error', 'Symbol', 'Reflect', 'JSON', 'Map', 'Set', 'Float32Array', 'Int32Array', 'Uint8Array', 'ArrayBuffer', 'console']);
/** Names that reach the host environment: flagged when used as a value, not when merely declared. */
const GLOBAL_NAMES = new Set(['globalThis', 'global', 'process', 'require', 'eval']);
const DECLARES = new Set(['function', 'const', 'let', 'var', 'class', 'interface', 'type']);
const TF_INTERNALS = new Set(['getKernel', 'getKernelsForBackend', 'registerKernel', 'unregisterKernel', 'registerGradient', 'engine', 'ENV', 'env', 'setBackend', 'registerBackend', 'removeBackend', 'profile', 'memory']);
const STACK_APIS = new Set(['prepareStackTrace', 'captureStackTrace', 'stackTraceLimit']);

const WHY = {
  global: 'exercise code runs without the process, `require` or the global object: import what you need from @tensorflow/tfjs and write the function',
  computed: 'tf is read by a computed name: write the function you mean (tf.exp, not tf[name])',
  internals: 'this reaches into tf\'s engine or kernel registry, which an exercise never needs',
  builtin: 'this changes a built-in that other code relies on',
  code: 'code built from strings cannot be graded',
  stack: 'a graded function must not depend on who calls it (stack traces)',
};

/** Uses of what an exercise file never needs, one per line and kind. */
export function scanForGraderAccess(source: string): IntegrityHit[] {
  const toks = tokenize(source);
  const tfNames = new Set<string>(['tf']);
  for (let k = 0; k < toks.length; k++) {
    if (toks[k].text === 'import' && toks[k + 1]?.text === '*' && toks[k + 2]?.text === 'as' && toks[k + 3]?.kind === 'id' &&
      toks[k + 4]?.text === 'from' && TFJS_MODULE.test(toks[k + 5]?.text ?? '')) tfNames.add(toks[k + 3].text);
  }
  const hits: IntegrityHit[] = [];
  const seen = new Set<string>();
  const hit = (line: number, used: string, why: string) => {
    const key = `${line}:${why}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ line, used, why });
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== 'id') continue;
    const prev = toks[k - 1];
    const next = toks[k + 1];
    const member = prev?.text === '.';
    // A property of the same name (`this.process`, `opts.global`) is fine; so is a declaration's
    // own name in an object literal key (`{ module: 1 }`).
    // `process.env`, `require('fs')`, `globalThis[…]`: a use of the host. A function or variable
    // of one's own called `process` is not (declared here, or called as `process(x)`).
    const usedAsHost = next?.text === '.' || next?.text === '[' || (next?.text === '(' && (t.text === 'require' || t.text === 'eval'));
    if (!member && GLOBAL_NAMES.has(t.text) && usedAsHost && !DECLARES.has(prev?.text ?? '')) {
      hit(t.line, t.text, t.text === 'eval' ? WHY.code : WHY.global);
      continue;
    }
    if (!member && t.text === 'Function' && (next?.text === '(' || prev?.text === 'new')) { hit(t.line, 'Function(…)', WHY.code); continue; }
    if (member && (t.text === 'constructor') && toks[k + 1]?.text === '(') { hit(t.line, '.constructor(…)', WHY.code); continue; }
    if (!member && tfNames.has(t.text)) {
      if (next?.text === '[') hit(t.line, `${t.text}[…]`, WHY.computed);
      else if (next?.text === '.' && TF_INTERNALS.has(toks[k + 2]?.text ?? '')) hit(t.line, `${t.text}.${toks[k + 2].text}`, WHY.internals);
      continue;
    }
    if (member && STACK_APIS.has(t.text)) { hit(t.line, t.text, WHY.stack); continue; }
    if (member && t.text === '__proto__') { hit(t.line, '__proto__', WHY.builtin); continue; }
    // `Math.abs = …`, `Array.prototype.every = …`, `Object.defineProperty(Math, …)`.
    if (!member && BUILTINS.has(t.text) && next?.text === '.') {
      let j = k + 1;
      const path = [t.text];
      while (toks[j]?.text === '.' && toks[j + 1]?.kind === 'id') { path.push(toks[j + 1].text); j += 2; }
      const assigned = toks[j]?.text === '=' && toks[j + 1]?.text !== '=';
      if (assigned && path.length >= 2) hit(t.line, `${path.join('.')} =`, WHY.builtin);
      if (t.text === 'Object' && ['defineProperty', 'defineProperties', 'setPrototypeOf', 'assign'].includes(path[1] ?? '') && toks[j]?.text === '(' &&
        BUILTINS.has(toks[j + 1]?.text ?? '')) hit(t.line, `Object.${path[1]}(${toks[j + 1].text}, …)`, WHY.builtin);
    }
  }
  return hits;
}
