/**
 * The learner's progress as data: one record per exercise id, stored by the editor in
 * `globalState` (synced across machines) and updated only through the pure functions here,
 * so the rules (what counts as an attempt, when level 3 of a hint ladder unlocks) are tested
 * without VS Code.
 */

export type ExerciseStatus = 'notStarted' | 'inProgress' | 'passed' | 'failed';

/** Stored progress for one exercise. Crosses a boundary (globalState, settings sync). */
export interface ExerciseProgress {
  /** `passed` once any grade passed and never demoted by a later failure; see {@link recordGrade}. */
  status: ExerciseStatus;
  /** Finished, non-cancelled grades. */
  attempts: number;
  /** Highest hint level shown (0–3), over every ladder of the exercise. */
  hintsUsed: number;
  /**
   * Hint level reached per mistake: the key is the `hintKey` of the failure the hint was asked
   * for ({@link NO_HINT_KEY} before any keyed failure). A new mistake starts its ladder at the nudge.
   */
  hintsUsedByKey?: Readonly<Record<string, number>>;
  /** The learner opened the reference solution. */
  solutionRevealed: boolean;
  /** ISO time of the first pass. */
  firstPassedAt?: string;
  /** Whether the latest grade passed (a passed exercise can regress; the tree says so). */
  lastPassed?: boolean;
  /** `hintKey` of the latest failing check, to pick the matching hint ladder. */
  lastHintKey?: string;
}

/** Progress of every exercise, by exercise id. */
export type ProgressRecord = Readonly<Record<string, ExerciseProgress>>;

export const PROGRESS_KEY = 'dlTutor.progress';

/**
 * What is stored under {@link PROGRESS_KEY}. Crosses a boundary (globalState, settings sync
 * between machines that may run different versions of the extension).
 *
 * - version 1 (0.1.0, unversioned): the {@link ProgressRecord} itself, `{ [exerciseId]: ExerciseProgress }`.
 * - version 2: `{ version: 2, exercises: ProgressRecord }`, so later changes can be migrated
 *   instead of guessed from the shape.
 */
export interface StoredProgress {
  /** Format version; {@link PROGRESS_VERSION} when written by this code. */
  version: number;
  /** Progress by exercise id. */
  exercises: ProgressRecord;
}

export const PROGRESS_VERSION = 2;

/**
 * Whatever is in storage → a clean record. Version 1 (a bare record) is migrated; a newer
 * version (written by a newer extension on another machine) is read as far as its
 * `exercises` go, field by field through {@link progressOf}; anything else is an empty record.
 */
export function loadProgress(stored: unknown): ProgressRecord {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const o = stored as Record<string, unknown>;
  const versioned = typeof o.version === 'number' && 'exercises' in o;
  const raw = versioned ? o.exercises : o;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, ExerciseProgress> = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) out[id] = progressOf(raw as ProgressRecord, id);
  }
  return out;
}

/** The record as this version stores it. */
export function storeProgress(record: ProgressRecord): StoredProgress {
  return { version: PROGRESS_VERSION, exercises: record };
}

/** The hint-level counter used while no failure has named a mistake. */
export const NO_HINT_KEY = '*';

export function emptyProgress(): ExerciseProgress {
  return { status: 'notStarted', attempts: 0, hintsUsed: 0, solutionRevealed: false };
}

/** Reads one record, tolerating anything a previous version or a hand edit left in storage. */
export function progressOf(record: ProgressRecord | undefined, id: string): ExerciseProgress {
  const raw = record?.[id] as Partial<ExerciseProgress> | undefined;
  if (!raw || typeof raw !== 'object') return emptyProgress();
  const statuses: ExerciseStatus[] = ['notStarted', 'inProgress', 'passed', 'failed'];
  return {
    status: statuses.includes(raw.status as ExerciseStatus) ? (raw.status as ExerciseStatus) : 'notStarted',
    attempts: Number.isFinite(raw.attempts) ? Math.max(0, Math.floor(raw.attempts as number)) : 0,
    hintsUsed: Number.isFinite(raw.hintsUsed) ? Math.min(3, Math.max(0, Math.floor(raw.hintsUsed as number))) : 0,
    solutionRevealed: raw.solutionRevealed === true,
    ...(typeof raw.firstPassedAt === 'string' ? { firstPassedAt: raw.firstPassedAt } : {}),
    ...(typeof raw.lastPassed === 'boolean' ? { lastPassed: raw.lastPassed } : {}),
    ...(typeof raw.lastHintKey === 'string' ? { lastHintKey: raw.lastHintKey } : {}),
    ...(hintCounts(raw.hintsUsedByKey) ?? {}),
  };
}

function hintCounts(raw: unknown): { hintsUsedByKey: Record<string, number> } | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = Math.min(3, Math.max(0, Math.floor(v)));
  }
  return Object.keys(out).length ? { hintsUsedByKey: out } : undefined;
}

/**
 * The level already reached on the ladder of the current mistake. Records written before levels
 * were counted per mistake have only `hintsUsed`; it stands for the no-key counter.
 */
export function hintLevelFor(p: ExerciseProgress, key = p.lastHintKey ?? NO_HINT_KEY): number {
  const n = p.hintsUsedByKey?.[key];
  if (n !== undefined) return n;
  return key === NO_HINT_KEY && !p.hintsUsedByKey ? p.hintsUsed : 0;
}

function put(record: ProgressRecord, id: string, p: ExerciseProgress): ProgressRecord {
  return { ...record, [id]: p };
}

/**
 * A finished grade. A pass is permanent (progress is what the learner achieved, like a
 * checkmark in a course view); a later failure is still visible through `lastPassed`.
 */
export function recordGrade(record: ProgressRecord, id: string, passed: boolean, now: Date, hintKey?: string): ProgressRecord {
  const p = progressOf(record, id);
  const wasPassed = p.status === 'passed';
  const next: ExerciseProgress = {
    ...p,
    attempts: p.attempts + 1,
    status: passed || wasPassed ? 'passed' : 'failed',
    lastPassed: passed,
  };
  if (passed && !p.firstPassedAt) next.firstPassedAt = now.toISOString();
  if (passed) delete next.lastHintKey;
  else if (hintKey) next.lastHintKey = hintKey;
  else delete next.lastHintKey;
  return put(record, id, next);
}

/** What a finished, non-cancelled grade says about the exercise. */
export interface GradeOutcome {
  /** Every check that ran passed. */
  passed: boolean;
  /** Every check of the exercise ran (not a selection from a check's gutter icon). */
  complete: boolean;
  /** `hintKey` of the first failing check that has one. */
  hintKey?: string;
}

/**
 * A grade, whole or partial. Selected checks that pass prove nothing about the exercise: they
 * only mark it started. A failing selection is a failed attempt like any other.
 */
export function recordGradeOutcome(record: ProgressRecord, id: string, o: GradeOutcome, now: Date): ProgressRecord {
  if (o.complete || !o.passed) return recordGrade(record, id, o.passed && o.complete, now, o.hintKey);
  return markStarted(record, id);
}

/** The learner has the file and is working on it (scaffolded or edited), but no grade yet. */
export function markStarted(record: ProgressRecord, id: string): ProgressRecord {
  const p = progressOf(record, id);
  if (p.status !== 'notStarted') return record;
  return put(record, id, { ...p, status: 'inProgress' });
}

/** A hint was shown, for the current mistake (the latest failure's `hintKey`). */
export function recordHint(record: ProgressRecord, id: string, level: number): ProgressRecord {
  const p = progressOf(record, id);
  const lv = Math.min(3, Math.max(0, Math.floor(level)));
  const key = p.lastHintKey ?? NO_HINT_KEY;
  const byKey = { ...(p.hintsUsedByKey ?? {}), [key]: Math.max(hintLevelFor(p, key), lv) };
  return put(record, id, { ...p, hintsUsed: Math.max(p.hintsUsed, lv), hintsUsedByKey: byKey });
}

export function recordSolutionRevealed(record: ProgressRecord, id: string): ProgressRecord {
  return put(record, id, { ...progressOf(record, id), solutionRevealed: true });
}

/**
 * Reset Exercise restores the starter: the exercise is back to "in progress" for the tree,
 * but the history (attempts, hints, a revealed solution, the first pass) is kept — a reset
 * must not erase what happened (JetBrains' Reset wiping state was a common complaint).
 */
export function recordReset(record: ProgressRecord, id: string): ProgressRecord {
  const p = progressOf(record, id);
  const next: ExerciseProgress = { ...p, status: 'inProgress' };
  delete next.lastPassed;
  delete next.lastHintKey;
  return put(record, id, next);
}

/** Short status text for the tree row. */
export function statusText(p: ExerciseProgress): string {
  switch (p.status) {
    case 'passed':
      return p.lastPassed === false ? 'passed · latest run failed' : 'passed';
    case 'failed':
      return p.attempts === 1 ? 'failed · 1 attempt' : `failed · ${p.attempts} attempts`;
    case 'inProgress':
      return 'in progress';
    default:
      return 'not started';
  }
}

export interface StageCount {
  passed: number;
  total: number;
}

export function countPassed(record: ProgressRecord, ids: readonly string[]): StageCount {
  return { passed: ids.filter((id) => progressOf(record, id).status === 'passed').length, total: ids.length };
}

/** The first exercise (in teaching order) not passed yet; undefined when all passed. */
export function firstUnfinished(record: ProgressRecord, ids: readonly string[]): string | undefined {
  return ids.find((id) => progressOf(record, id).status !== 'passed');
}

/** Hint ladder input: the exercise's general ladder and its per-mistake ladders. */
export interface HintSource {
  hints: readonly [string, string, string] | readonly string[];
  hintsByKey?: Readonly<Record<string, readonly string[]>>;
}

export type HintAnswer =
  | { kind: 'hint'; level: 1 | 2 | 3; text: string; hintKey?: string; last: boolean }
  | { kind: 'locked'; level: 3; reason: string };

/**
 * The next rung of the ladder: level 1 → 2 → 3, then level 3 again. The near-solution (3)
 * only after the learner has graded at least once, so a hint never replaces trying.
 * When the latest failure carries a `hintKey` with its own ladder, that ladder is used.
 * Levels count per mistake: a failure with a new `hintKey` starts again at the nudge, and
 * returning to an earlier mistake continues its ladder where it stopped.
 */
export function nextHint(src: HintSource, p: ExerciseProgress): HintAnswer {
  const level = Math.min(3, hintLevelFor(p) + 1) as 1 | 2 | 3;
  if (level === 3 && p.attempts === 0) {
    return { kind: 'locked', level: 3, reason: 'The last hint is nearly the solution: grade your code once first (save the file, or run Grade), then ask again.' };
  }
  const keyed = p.lastHintKey ? src.hintsByKey?.[p.lastHintKey] : undefined;
  const ladder = keyed && keyed.length >= level ? keyed : src.hints;
  const text = ladder[level - 1] ?? ladder[ladder.length - 1] ?? 'No hint is written for this exercise yet.';
  return { kind: 'hint', level, text, ...(keyed && ladder === keyed ? { hintKey: p.lastHintKey } : {}), last: level === 3 };
}

/** `yyyymmdd-hhmmss` in local time, for backup file names that sort by time. */
export function backupStamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** Status-bar text: "DL Tutor · Stage 1 · 3/7". */
export function statusBarText(stage: number, count: StageCount): string {
  return `DL Tutor · Stage ${stage} · ${count.passed}/${count.total}`;
}
