/**
 * The commands a lesson may run, and the parsing of `command:` links. Separate from the
 * renderer so the extension host can check the allowlist without loading markdown-it.
 */

/** Commands a lesson may run (as buttons). Anything else in a `command:` link is shown as text. */
export const LESSON_COMMANDS: readonly string[] = [
  'dlTutor.openExercise',
  'dlTutor.gradeExercise',
  'dlTutor.showHint',
  'dlTutor.showPlots',
  'dlTutor.runDemo',
  'dlTutor.openLesson',
  'dlTutor.startStage1',
  'dlTutor.startStage2',
  'dlTutor.startStage3',
  'dlTutor.startStage4',
  'dlTutor.startStage5',
];

export interface CommandLink {
  command: string;
  /** JSON-decoded arguments; only strings and numbers survive. */
  args: Array<string | number>;
}

/**
 * Parses `command:dlTutor.openExercise?["s1-perceptron"]` (the VS Code command-URI form).
 * Undefined when the command is not allowlisted or the arguments are not a JSON array of
 * strings/numbers.
 */
export function parseCommandLink(href: string): CommandLink | undefined {
  const m = /^command:([A-Za-z0-9_.]+)(?:\?(.*))?$/s.exec(href.trim());
  if (!m) return undefined;
  const command = m[1];
  if (!LESSON_COMMANDS.includes(command)) return undefined;
  if (m[2] === undefined || m[2] === '') return { command, args: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(m[2]));
  } catch {
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (!list.every((a) => typeof a === 'string' || typeof a === 'number')) return undefined;
  return { command, args: list as Array<string | number> };
}

/** Validates a message a webview sends to run a command (the host's half of the allowlist). */
export function isAllowedCommand(command: unknown, args: unknown): command is string {
  return typeof command === 'string' && LESSON_COMMANDS.includes(command)
    && Array.isArray(args) && args.every((a) => typeof a === 'string' || typeof a === 'number');
}

