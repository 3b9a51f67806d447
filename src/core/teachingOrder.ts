/**
 * The course in teaching order: stage by stage, exercises as each manifest lists them.
 */
import type { Course } from './course';
import { progressOf, type ProgressRecord } from './progress';

/** The exercise after `id` (crossing into the next stage that has exercises); undefined after the last. */
export function nextExerciseId(course: Pick<Course, 'stages'>, id: string): string | undefined {
  const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id));
  const i = ids.indexOf(id);
  return i >= 0 ? ids[i + 1] : undefined;
}

/** Where a learner who has done nothing yet starts: the first exercise of the course; undefined once anything started. */
export function startHereId(course: Pick<Course, 'stages'>, record: ProgressRecord): string | undefined {
  const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id));
  if (ids.some((id) => progressOf(record, id).status !== 'notStarted')) return undefined;
  return ids[0];
}
