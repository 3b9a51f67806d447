/**
 * The course in teaching order: stage by stage, exercises as each manifest lists them.
 */
import type { Course } from './course';

/** The exercise after `id` (crossing into the next stage that has exercises); undefined after the last. */
export function nextExerciseId(course: Pick<Course, 'stages'>, id: string): string | undefined {
  const ids = course.stages.flatMap((s) => s.exercises.map((e) => e.id));
  const i = ids.indexOf(id);
  return i >= 0 ? ids[i + 1] : undefined;
}
