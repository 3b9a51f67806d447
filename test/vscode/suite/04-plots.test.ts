/** The plot panel: opened by "Show Training Plots", fed by grades and demos. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, gradeAfter, note, plotsDuring, waitFor } from './helpers';

describe('training plots', () => {
  it('Show Training Plots opens the panel; a grade streams grid and bar events to it', async () => {
    const a = await api();
    await vscode.commands.executeCommand('dlTutor.showPlots', 's1-perceptron');
    await waitFor('plot panel for s1-perceptron', () => a.openPlotPanels().includes('s1-perceptron'));
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor(`a dlTutor.plot webview tab (tabs: ${tabs().map((t) => `${t.label} [${t.input instanceof vscode.TabInputWebview ? t.input.viewType : '?'}]`).join(', ')})`,
      () => tabs().find((t) => t.input instanceof vscode.TabInputWebview && /dlTutor\.plot/.test(t.input.viewType)), 5000);
    let graded = false;
    const events = await plotsDuring(a, 's1-perceptron', async () => {
      const g = await gradeAfter(a, 's1-perceptron', () => vscode.commands.executeCommand('dlTutor.gradeExercise', 's1-perceptron'));
      graded = g.result.passed;
    });
    assert.equal(graded, true);
    const kinds = new Set(events.map((e) => e.kind));
    note(`perceptron grade posted ${events.length} plot events: ${[...kinds].join(', ')}`);
    assert.ok(kinds.has('grid'), `a decision-boundary grid event (got ${[...kinds].join(', ')})`);
    const grid = events.find((e) => e.kind === 'grid');
    assert.ok(grid && grid.kind === 'grid' && grid.values.length === grid.width * grid.height, 'grid values fill width × height');
    assert.ok(a.plotEvents('s1-perceptron').length >= events.length, 'the panel buffer replays the latest grade');
  });

  it('one plot panel: showing another exercise\'s plots reuses it', async () => {
    const a = await api();
    await vscode.commands.executeCommand('dlTutor.showPlots', 's1-perceptron');
    await vscode.commands.executeCommand('dlTutor.showPlots', 's1-forward-pass');
    await waitFor('the panel shows s1-forward-pass', () => a.openPlotPanels().includes('s1-forward-pass'));
    assert.deepEqual(a.openPlotPanels(), ['s1-forward-pass']);
    const plotTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /dlTutor\.plot/.test(t.input.viewType));
    assert.equal(plotTabs.length, 1, `one plot tab (${plotTabs.map((t) => t.label).join(', ')})`);
  });

  it('Run Demo streams training curves (epoch events) from a Stage 2 demo', async function () {
    this.timeout(120000);
    const a = await api();
    // s2-dropout's demo trains two MLPs and streams epoch losses; the learner file does not
    // exist yet, so the demo runs the reference solution (and says so).
    const id = 's2-dropout';
    const t0 = Date.now();
    let res: { ok: boolean; message: string; usedSolution: boolean } | undefined;
    const events = await plotsDuring(a, id, async () => {
      res = await vscode.commands.executeCommand('dlTutor.runDemo', id);
    });
    const kinds = new Set(events.map((e) => e.kind));
    note(`${id} demo: ${Date.now() - t0} ms, ${events.length} events (${[...kinds].join(', ')}): ${res?.message}`);
    assert.equal(res?.ok, true, `demo ok: ${res?.message}`);
    assert.equal(res?.usedSolution, true);
    assert.ok(a.openPlotPanels().includes(id), 'Run Demo opens the plot panel');
    assert.ok(events.filter((e) => e.kind === 'epoch').length >= 5, `epoch events stream in (${events.filter((e) => e.kind === 'epoch').length})`);
  });
});
