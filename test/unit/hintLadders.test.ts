import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface Exercise { id: string; check: string; ruleLevel: string; hints: string[]; hintsByKey?: Record<string, string[]> }

/**
 * The hint keys a check file can report: every literal `hintKey: '…'`, and for each check (`id: '…'`)
 * without a check-level hintKey, its id (a failure's key defaults to the check's hintKey, else its id).
 * Toolkit failures add their own keys: time limits and changed inputs anywhere, tf kernels in a P0
 * exercise, leaks and disposed inputs where tensors are involved, banned APIs where a check bans some.
 */
export function hintKeysOf(checkSource: string, ruleLevel: string): Set<string> {
  const keys = new Set<string>(['timeout', 'input-modified']);
  for (const m of checkSource.matchAll(/hintKey:\s*['"`]([\w-]+)['"`]/g)) keys.add(m[1]);
  const ids = [...checkSource.matchAll(/\bid:\s*['"`]([\w-]+)['"`]/g)];
  ids.forEach((m, i) => {
    const end = Math.min(...[ids[i + 1]?.index ?? Infinity, checkSource.indexOf('run', m.index)].filter((n) => n > (m.index ?? 0)));
    const header = checkSource.slice(m.index, Number.isFinite(end) ? end : undefined);
    keys.add(/hintKey:\s*['"`]([\w-]+)['"`]/.exec(header)?.[1] ?? m[1]);
  });
  if (ruleLevel === 'P0') keys.add('no-tf');
  else { keys.add('leak'); keys.add('input-disposed'); }
  if (/banned/i.test(checkSource) && ruleLevel !== 'P0') { keys.add('banned-api'); keys.add('banned-kernel'); }
  return keys;
}

describe('hint ladders (every written stage)', () => {
  it('finds check ids and hint keys in a check file', () => {
    const src = `checks: [
      { id: 'value', name: 'v', hintKey: 'summed', run() { fail('x', { hintKey: 'transposed' }); } },
      { id: 'shape-throws', name: 's', run() {} },
    ]`;
    const keys = hintKeysOf(src, 'P1');
    for (const k of ['summed', 'transposed', 'shape-throws', 'leak', 'timeout']) assert.ok(keys.has(k), k);
    assert.ok(!keys.has('value'), 'a check with its own hintKey never reports its id');
  });

  for (const stage of [1, 2, 3, 4, 5]) {
    const dir = path.join(root, `exercises/stage${stage}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { exercises: Exercise[] };
    for (const e of manifest.exercises) {
      it(`${e.id}: every hint key its checks can report has a three-level ladder`, () => {
        const keys = hintKeysOf(fs.readFileSync(path.join(dir, e.check), 'utf8'), e.ruleLevel);
        const missing = [...keys].filter((k) => !e.hintsByKey?.[k]);
        assert.deepEqual(missing, [], `hint keys without a ladder in hintsByKey: ${missing.join(', ')}`);
      });
      it(`${e.id}: ladders are nudge → recipe → near-solution, in plain words`, () => {
        for (const [key, ladder] of [['(general)', e.hints] as const, ...Object.entries(e.hintsByKey ?? {})]) {
          assert.equal(ladder.length, 3, `${key}: three levels`);
          ladder.forEach((text, i) => assert.ok(text.trim().length > 0, `${key}: level ${i + 1} is empty`));
          assert.ok(!/[{};]\s*$|=>|\bconst\b/m.test(ladder[0]), `${key}: the nudge has no code`);
          assert.ok(ladder[2].split('\n').length <= 15, `${key}: the near-solution is at most 15 lines`);
          assert.ok(/_{3,}|\/\*|\?\?\?|\/\/ /.test(ladder[2]) || ladder[2].length < 400, `${key}: the near-solution leaves something to fill in`);
          for (const text of ladder) assert.ok(!/\bfinding\s+F?\d|\(F\d+\)|§\s*\d/.test(text), `${key}: no internal labels`);
        }
      });
    }
  }
});
