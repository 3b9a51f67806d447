// Export Progress's zip: the learner's files and the progress summary, read back with Python's
// zipfile (an independent reader; python3 is installed by scripts/install.sh).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCourse } from '../../src/core/course';
import { progressMarkdown, progressSummary, writeProgressZip } from '../../src/core/exportProgress';
import { recordGrade, recordHint } from '../../src/core/progress';

const root = path.resolve(__dirname, '../../..');

function readZip(file: string): Record<string, string> {
  const r = spawnSync('python3', ['-c', `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({n: z.read(n).decode('utf-8') for n in z.namelist()}))`, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('export progress', () => {
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tutor-export-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('zips the exercise files that exist and a summary of every exercise', async () => {
    const course = loadCourse(path.join(root, 'exercises'));
    const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id));
    assert.ok(ids.length >= 2);
    const folder = path.join(tmp, 'course');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, `${ids[0]}.ts`), 'export const mine = 1; // the learner\'s text\n');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an exercise file');
    let record = recordGrade({}, ids[0], true, new Date('2026-01-02T03:04:05Z'));
    record = recordHint(recordGrade(record, ids[1], false, new Date()), ids[1], 2);

    const summary = progressSummary(course, record, folder, new Date('2026-02-03T04:05:06Z'), '0.1.0');
    assert.equal(summary.total, ids.length);
    assert.equal(summary.passed, 1);
    const target = path.join(tmp, 'out.zip');
    const names = await writeProgressZip(target, folder, summary);
    assert.deepEqual(names, [`exercises/${ids[0]}.ts`, 'progress.json', 'PROGRESS.md']);
    assert.equal(fs.existsSync(`${target}.partial`), false);

    const zip = readZip(target);
    assert.deepEqual(Object.keys(zip).sort(), ['PROGRESS.md', `exercises/${ids[0]}.ts`, 'progress.json'].sort());
    assert.equal(zip[`exercises/${ids[0]}.ts`], 'export const mine = 1; // the learner\'s text\n');
    const p = JSON.parse(zip['progress.json']);
    assert.equal(p.format, 'dl-tutor-progress/1');
    assert.equal(p.exportedAt, '2026-02-03T04:05:06.000Z');
    const first = p.exercises.find((e: { id: string }) => e.id === ids[0]);
    assert.deepEqual([first.status, first.attempts, first.file], ['passed', 1, true]);
    const second = p.exercises.find((e: { id: string }) => e.id === ids[1]);
    assert.deepEqual([second.status, second.attempts, second.hintsUsed, second.file], ['failed', 1, 2, false]);
    assert.equal(zip['PROGRESS.md'], progressMarkdown(summary));
    assert.match(zip['PROGRESS.md'], new RegExp(`1 of ${ids.length} exercises passed`));
    assert.match(zip['PROGRESS.md'], new RegExp(`\\| ${ids[1]} \\| .* \\| failed \\| 1 \\| 2 \\| no \\| no \\|`));
  });
});
