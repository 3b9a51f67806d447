/**
 * JUnit XML for CI (GitHub Actions test reporters, GitHub Classroom, GitLab, Jenkins): one
 * <testsuite> per exercise, one <testcase> per check. A failed check is a <failure>, a check whose
 * code crashed or ran over its time limit an <error>; both carry the message as `message` and
 * the message, expected, actual and line as text. Pure: strings in, a string out.
 */

export interface JUnitCase {
  name: string;
  /** Test class: the exercise id. */
  classname: string;
  durationMs: number;
  /** passed, failed (<failure>), or errored / timedOut (<error>), or skipped. */
  status: 'passed' | 'failed' | 'errored' | 'timedOut' | 'skipped';
  message?: string;
  /** Failure body: message, expected/actual, location. */
  details?: string;
  file?: string;
  line?: number;
}

export interface JUnitSuite {
  name: string;
  durationMs: number;
  timestamp?: string;
  properties?: Record<string, string>;
  cases: JUnitCase[];
  /** Text for <system-out> (the learner's console output). */
  output?: string;
}

/** The document: `<testsuites>` with totals, then each suite. */
export function junitXml(name: string, suites: JUnitSuite[]): string {
  const count = (cs: JUnitCase[], f: (c: JUnitCase) => boolean) => cs.filter(f).length;
  const all = suites.flatMap((s) => s.cases);
  const totals = (cs: JUnitCase[], ms: number) => attrs({
    tests: cs.length,
    failures: count(cs, (c) => c.status === 'failed'),
    errors: count(cs, (c) => c.status === 'errored' || c.status === 'timedOut'),
    skipped: count(cs, (c) => c.status === 'skipped'),
    time: seconds(ms),
  });
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs({ name })} ${totals(all, suites.reduce((t, s) => t + s.durationMs, 0))}>`];
  for (const s of suites) {
    lines.push(`  <testsuite ${attrs({ name: s.name })} ${totals(s.cases, s.durationMs)}${s.timestamp ? ` ${attrs({ timestamp: s.timestamp })}` : ''}>`);
    const props = Object.entries(s.properties ?? {});
    if (props.length) {
      lines.push('    <properties>');
      for (const [k, v] of props) lines.push(`      <property ${attrs({ name: k, value: v })}/>`);
      lines.push('    </properties>');
    }
    for (const c of s.cases) {
      const head = `    <testcase ${attrs({ name: c.name, classname: c.classname, time: seconds(c.durationMs), file: c.file, line: c.line })}`;
      if (c.status === 'passed') { lines.push(`${head}/>`); continue; }
      lines.push(`${head}>`);
      if (c.status === 'skipped') lines.push(`      <skipped ${attrs({ message: c.message })}/>`);
      else {
        const tag = c.status === 'failed' ? 'failure' : 'error';
        lines.push(`      <${tag} ${attrs({ message: c.message ?? c.status, type: c.status })}>${text(c.details ?? c.message ?? '')}</${tag}>`);
      }
      lines.push('    </testcase>');
    }
    if (s.output) lines.push(`    <system-out>${text(s.output)}</system-out>`);
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function attrs(o: Record<string, string | number | undefined>): string {
  return Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${escape(String(v), true)}"`).join(' ');
}

function text(s: string): string {
  return escape(s, false);
}

// XML 1.0 allows tab, newline, carriage return and printable characters; anything else a learner's
// console.log printed (an escape sequence, a NUL) would make the whole report unreadable.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escape(s: string, attr: boolean): string {
  const r = s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? r.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : r;
}
