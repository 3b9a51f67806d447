/**
 * After an exercise passes for the first time in a session, offer the next one in teaching
 * order, so a pass leads somewhere instead of ending in a green tick.
 */
import * as vscode from 'vscode';
import { nextExerciseId } from '../core/teachingOrder';
import type { Tutor } from './tutor';

export function offerNextExercise(tutor: Tutor, open: (id: string) => Promise<unknown>): vscode.Disposable {
  const offered = new Set<string>();
  return tutor.onDidGrade((e) => {
    if (!e.result.passed || !e.complete || offered.has(e.exerciseId)) return;
    offered.add(e.exerciseId);
    const course = tutor.loadedCourse;
    const next = course && nextExerciseId(course, e.exerciseId);
    const title = tutor.findLoaded(e.exerciseId)?.exercise.title ?? e.exerciseId;
    if (!next) {
      void vscode.window.showInformationMessage(`✓ ${title} passed. That was the last exercise written so far.`);
      return;
    }
    const nextTitle = tutor.findLoaded(next)?.exercise.title ?? next;
    const go = 'Next Exercise';
    void vscode.window.showInformationMessage(`✓ ${title} passed. Next: ${nextTitle} (${next}.ts).`, go).then((c) => {
      if (c === go) void open(next);
    });
  });
}
