/**
 * "Export Progress": the learner's exercise files and a progress summary in one zip, to hand in.
 * Node APIs and yazl only (no `vscode`), so the archive's contents are tested in plain Node.
 *
 * The zip holds:
 *   exercises/<id>.ts     each exercise file of the course folder, as the learner wrote it
 *   progress.json         one entry per exercise of the course: status, attempts, hints, solution seen
 *   PROGRESS.md           the same as a table a teacher reads
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ZipFile } from 'yazl';
import type { Course } from './course';
import { progressOf, type ExerciseProgress, type ProgressRecord } from './progress';

export interface ExportedExercise extends ExerciseProgress {
  id: string;
  title: string;
  stage: number;
  /** The learner's file is in the zip (under exercises/). */
  file: boolean;
}

export interface ProgressSummary {
  /** Format of this file. */
  format: 'dl-tutor-progress/1';
  exportedAt: string;
  extensionVersion: string;
  passed: number;
  total: number;
  exercises: ExportedExercise[];
}

/** Progress of every written exercise of the course, with which learner files exist. */
export function progressSummary(course: Course, record: ProgressRecord, courseFolder: string, now: Date, extensionVersion: string): ProgressSummary {
  const exercises: ExportedExercise[] = course.stages.flatMap((s) => s.exercises.map((e) => ({
    id: e.id, title: e.title, stage: s.stage, ...progressOf(record, e.id),
    file: fs.existsSync(path.join(courseFolder, `${e.id}.ts`)),
  })));
  return {
    format: 'dl-tutor-progress/1', exportedAt: now.toISOString(), extensionVersion,
    passed: exercises.filter((e) => e.status === 'passed').length, total: exercises.length, exercises,
  };
}

export function progressMarkdown(s: ProgressSummary): string {
  const rows = s.exercises.map((e) => `| ${e.stage} | ${e.id} | ${e.title} | ${e.status === 'passed' ? (e.lastPassed === false ? 'passed (latest run failed)' : 'passed') : e.status} | ${e.attempts} | ${e.hintsUsed} | ${e.solutionRevealed ? 'yes' : 'no'} | ${e.file ? 'yes' : 'no'} |`);
  return [
    '# Deep Learning Tutor: progress',
    '',
    `${s.passed} of ${s.total} exercises passed. Exported ${s.exportedAt} (extension ${s.extensionVersion}).`,
    '',
    '| stage | exercise | title | status | attempts | hints used | solution seen | file included |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Write the zip to `target` (parent folders must exist). Resolves with the entry names. */
export function writeProgressZip(target: string, courseFolder: string, summary: ProgressSummary): Promise<string[]> {
  const zip = new ZipFile();
  const names: string[] = [];
  const mtime = new Date(summary.exportedAt);
  for (const e of summary.exercises) {
    if (!e.file) continue;
    const name = `exercises/${e.id}.ts`;
    zip.addBuffer(fs.readFileSync(path.join(courseFolder, `${e.id}.ts`)), name, { mtime });
    names.push(name);
  }
  zip.addBuffer(Buffer.from(JSON.stringify(summary, null, 2) + '\n'), 'progress.json', { mtime });
  zip.addBuffer(Buffer.from(progressMarkdown(summary)), 'PROGRESS.md', { mtime });
  names.push('progress.json', 'PROGRESS.md');
  zip.end();
  return new Promise((resolve, reject) => {
    // Write next to the target and rename: a failed export never leaves half a zip under its name.
    const tmp = `${target}.partial`;
    const out = fs.createWriteStream(tmp);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    out.on('close', () => {
      try { fs.renameSync(tmp, target); resolve(names); } catch (e) { reject(e); }
    });
    zip.outputStream.pipe(out);
  });
}
