// Shared harness of the course demo tests (stage*.demos.test.ts): runs an exercise's REFERENCE
// SOLUTION through the real grader host and worker and hands back what the checks/demo computed.
// Not a *.test.ts file: esbuild bundles it into each test that imports it.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { Grader } from '../../src/grader';
import type { DemoResult } from '../../src/grader';
import type { ExerciseSpec, StageManifest } from '../../src/core/manifest';
import type { PlotEvent } from '../../src/protocol/plots';

export type Summary = Record<string, number | boolean | string>;

export interface DemoRun {
  result: DemoResult;
  plots: PlotEvent[];
  summary: Summary;
}

export interface StageHarness {
  /** The exercise's manifest entry; fails the test if this stage does not list it. */
  spec(id: string): ExerciseSpec;
  /** Grades the reference solution collecting its plots; it must pass, and every chart must be listed in the manifest. */
  gradeWithPlots(id: string): Promise<PlotEvent[]>;
  /**
   * Runs the exercise's demo on the reference solution within the manifest's `demoTimeLimitMs`;
   * it must succeed with a summary, inside that limit, drawing only charts the manifest lists.
   */
  runDemo(id: string): Promise<DemoRun>;
}

// Test bundles live in dist/test/course/.
const root = path.resolve(__dirname, '../../..');

/**
 * Call inside a `describe`: registers the hooks that start (and warm) one grader worker for the
 * suite and dispose of it afterwards, and returns the helpers bound to stage `stage`'s manifest.
 */
export function useStage(stage: number): StageHarness {
  const stageDir = path.join(root, `exercises/stage${stage}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(stageDir, 'manifest.json'), 'utf8')) as StageManifest;
  let grader: Grader | undefined;

  before(async () => {
    grader = new Grader({ workerPath: path.join(root, 'dist/worker.js') });
    await grader.warmUp();
  });
  after(() => grader?.dispose());

  const started = (): Grader => {
    assert.ok(grader, 'the grader is started in the before hook');
    return grader;
  };

  function spec(id: string): ExerciseSpec {
    const ex = manifest.exercises.find((e) => e.id === id);
    assert.ok(ex, `${id} is in the stage ${stage} manifest`);
    return ex;
  }

  function assertChartsListed(ex: ExerciseSpec, plots: PlotEvent[]): void {
    // The panel lays the charts out from the manifest's plots list, so every chart drawn must be in it.
    for (const p of plots) assert.ok(ex.plots.includes(p.chart), `${ex.id}: chart '${p.chart}' is not listed in the manifest's plots`);
  }

  async function gradeWithPlots(id: string): Promise<PlotEvent[]> {
    const ex = spec(id);
    const plots: PlotEvent[] = [];
    const r = await started().grade(
      { exerciseId: id, learnerFile: path.join(stageDir, ex.solution), checkFile: path.join(stageDir, ex.check), timeLimitMs: ex.timeLimitMs },
      { onPlot: (e) => plots.push(e) },
    );
    assert.equal(r.passed, true, `${id} solution fails: ${r.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message}`).join('; ')}`);
    assertChartsListed(ex, plots);
    return plots;
  }

  async function runDemo(id: string): Promise<DemoRun> {
    const ex = spec(id);
    const limit = ex.demoTimeLimitMs;
    assert.ok(limit !== undefined, `${id}: the manifest gives no demoTimeLimitMs`);
    const plots: PlotEvent[] = [];
    const result = await started().demo(
      { exerciseId: id, learnerFile: path.join(stageDir, ex.solution), checkFile: path.join(stageDir, ex.check), timeLimitMs: limit },
      { onPlot: (e) => plots.push(e) },
    );
    console.log(`      ${id} demo: ${Math.round(result.durationMs)} ms, ${plots.length} plot events`);
    assert.equal(result.ok, true, `${id} demo failed: ${result.message}`);
    assert.ok(result.durationMs < limit, `${id} demo took ${Math.round(result.durationMs)} ms (limit ${limit} ms)`);
    assert.ok(result.summary, `${id} demo returned no summary`);
    assertChartsListed(ex, plots);
    return { result, plots, summary: result.summary };
  }

  return { spec, gradeWithPlots, runDemo };
}

/** A numeric field of a demo summary; fails the test if it is missing or not a number. */
export function num(summary: Record<string, unknown>, key: string): number {
  assert.equal(typeof summary[key], 'number', `summary.${key} should be a number, got ${String(summary[key])}`);
  return summary[key] as number;
}
