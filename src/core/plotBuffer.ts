/**
 * The rules for what a plot panel shows, kept apart from the editor so they are tested
 * without it. One buffer per exercise holds the latest run (a grade or a demo); a panel
 * opened later replays it.
 *
 * - A demo replaces the buffer when it starts.
 * - A grade that draws nothing must not wipe the demo the learner is looking at, so a grade
 *   replaces the buffer only when its first plot event arrives.
 * - Epoch events accumulate; every other kind replaces the chart's previous state, so only
 *   the last one per chart is kept, and the buffer is capped for long demos.
 */

/** The part of a plot event the buffer reads (src/protocol/plots.ts has the full type). */
export interface BufferedEvent {
  kind: string;
  chart: string;
}

export type RunKind = 'grade' | 'demo';

export interface PlotRun<E extends BufferedEvent = BufferedEvent> {
  events: E[];
  /** Said above the charts (e.g. "this demo runs the reference solution"). */
  note?: string;
  running: boolean;
  what?: RunKind;
}

/** Events kept per exercise. */
export const PLOT_BUFFER_CAP = 20000;

export class PlotBuffers<E extends BufferedEvent = BufferedEvent> {
  private readonly runs = new Map<string, PlotRun<E>>();
  /** Grades that started and have not drawn yet. */
  private readonly pendingGrades = new Set<string>();

  get(id: string): Readonly<PlotRun<E>> | undefined {
    return this.runs.get(id);
  }

  /** A run starts. True when the panel should be told now (a demo); a grade tells on its first event. */
  begin(id: string, what: RunKind, note?: string): boolean {
    if (what === 'demo') {
      this.pendingGrades.delete(id);
      this.runs.set(id, { events: [], ...(note ? { note } : {}), running: true, what });
      return true;
    }
    const prev = this.runs.get(id);
    if (prev) prev.running = false;
    this.pendingGrades.add(id);
    return false;
  }

  /** Buffer one event. `started`: this event began a grade's run (the panel clears first). */
  post(id: string, event: E): { started: boolean } {
    const started = this.pendingGrades.delete(id);
    if (started) this.runs.set(id, { events: [], running: true, what: 'grade' });
    let run = this.runs.get(id);
    if (!run) this.runs.set(id, (run = { events: [], running: true }));
    if (event.kind !== 'epoch') {
      const i = run.events.findIndex((e) => e.chart === event.chart && e.kind === event.kind);
      if (i >= 0) run.events.splice(i, 1);
    }
    run.events.push(event);
    if (run.events.length > PLOT_BUFFER_CAP) run.events.splice(0, run.events.length - PLOT_BUFFER_CAP);
    return { started };
  }

  finish(id: string): void {
    this.pendingGrades.delete(id);
    const run = this.runs.get(id);
    if (run) run.running = false;
  }

  /** What a panel showed before a window reload, unless a newer run is buffered. */
  restore(id: string, events: E[], note?: string): void {
    if (!this.runs.has(id)) this.runs.set(id, { events: [...events], ...(note ? { note } : {}), running: false });
  }
}
