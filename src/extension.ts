/**
 * activate()/deactivate() only: build the shared context, register the providers and the
 * command table, return the API. Nothing heavy happens here: the course manifests load on
 * first use, the grader worker (the only process with TensorFlow.js) starts after activation
 * or on the first grade, the lesson renderer lives in the webview.
 */
import * as vscode from 'vscode';
import type { DlTutorApi } from './vscode/api';
import { ExerciseCodeLens } from './vscode/codeLens';
import { FailureDiagnostics } from './vscode/failureDiagnostics';
import { offerNextExercise } from './vscode/nextExercise';
import { HINT_SCHEME, HintContentProvider, SOLUTION_SCHEME, SolutionContentProvider, createCommands, registerCommands, watchEdits } from './vscode/commands';
import { CONTEXT_KEYS } from './vscode/contextKeys';
import { EngineClient } from './vscode/engine';
import { NativeEngineUi } from './vscode/nativeEngine';
import { LESSON_VIEW_TYPE, LessonPanel, LessonSerializer } from './vscode/lessonPanel';
import { PLOT_VIEW_TYPE, PlotPanel, PlotSerializer } from './vscode/plotPanel';
import { StageTree } from './vscode/stageTree';
import { TutorStatusBar } from './vscode/statusBar';
import { ExerciseTests } from './vscode/testing';
import { Tutor } from './vscode/tutor';

export function activate(context: vscode.ExtensionContext): DlTutorApi {
  const tutor = new Tutor(context);
  const engine = new EngineClient(tutor);
  const nativeEngine = new NativeEngineUi(tutor, engine);
  const tests = new ExerciseTests(tutor, engine);
  const tree = new StageTree(tutor);
  const statusBar = new TutorStatusBar(tutor);
  const commands = createCommands(tutor, tests, tree, engine, nativeEngine);

  const lenses = new ExerciseCodeLens(tutor);

  context.subscriptions.push(
    tutor, engine, nativeEngine, tests, tree, statusBar, lenses,
    ...registerCommands(tutor, commands),
    new FailureDiagnostics(tutor),
    offerNextExercise(tutor, (id) => commands.exercises.openExercise(id)),
    vscode.languages.registerCodeLensProvider({ language: 'typescript', scheme: 'file' }, lenses),
    vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, new SolutionContentProvider(tutor)),
    vscode.workspace.registerTextDocumentContentProvider(HINT_SCHEME, new HintContentProvider()),
    vscode.window.registerWebviewPanelSerializer(LESSON_VIEW_TYPE, new LessonSerializer(tutor)),
    vscode.window.registerWebviewPanelSerializer(PLOT_VIEW_TYPE, new PlotSerializer(tutor, commands.demos)),
    watchEdits(tutor),
    vscode.window.onDidChangeActiveTextEditor((e) => { setActiveContext(tutor, e); prefetchActive(tutor, engine, e); followActive(tutor, e); }),
    tutor.onDidGrade(() => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.graded, true)),
    tree.view.onDidChangeVisibility((e) => { if (e.visible) void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.stagesViewShown, true); }),
  );
  if (tree.view.visible) void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.stagesViewShown, true);
  setActiveContext(tutor, vscode.window.activeTextEditor);
  prefetchActive(tutor, engine, vscode.window.activeTextEditor);

  // Off the critical path: read the course, fill the Testing view and status bar, continue a
  // Start Stage that reloaded the window, and warm the grader when there is work to grade.
  setTimeout(() => {
    void (async () => {
      try {
        await tests.refresh();
        await statusBar.update();
        await commands.stages.resumePendingStage();
        let items = 0;
        tests.controller.items.forEach(() => items++);
        if (items > 0) engine.scheduleWarmUp(1500);
      } catch (e) {
        tutor.output.error(`startup: ${(e as Error).stack ?? e}`);
      }
    })();
  }, 0);

  return {
    tree: () => tree.rows(),
    progress: (id) => tutor.progress(id),
    onDidGrade: tutor.onDidGrade,
    onDidPostPlot: tutor.onDidPostPlot,
    testController: tests.controller,
    testMessages: (id) => [...(tutor.lastGrade(id)?.messages ?? [])],
    courseFolder: () => tutor.courseFolder(),
    statusBarText: () => (tutor.courseFolder() ? statusBar.text : undefined),
    plotEvents: (id) => [...(tutor.plotRun(id)?.events ?? [])],
    openPlotPanels: () => PlotPanel.openIds(),
    lessonTopic: () => LessonPanel.currentTopic,
    warmUp: () => engine.warmUp(),
    graderPid: () => engine.workerPid(),
  };
}

function setActiveContext(tutor: Tutor, editor: vscode.TextEditor | undefined): void {
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.activeExercise, !!tutor.exerciseIdOf(editor?.document.uri));
}

/** Open lesson and plot panels show the exercise the learner switched to. */
function followActive(tutor: Tutor, editor: vscode.TextEditor | undefined): void {
  const id = tutor.exerciseIdOf(editor?.document.uri);
  if (!id) return;
  const topic = tutor.findLoaded(id)?.exercise.topics[0];
  if (topic) void LessonPanel.follow(topic);
  void PlotPanel.follow(id);
}

/** An exercise file in front of the learner will be graded soon: have its checks loaded by then. */
function prefetchActive(tutor: Tutor, engine: EngineClient, editor: vscode.TextEditor | undefined): void {
  const id = tutor.exerciseIdOf(editor?.document.uri);
  if (id) setTimeout(() => engine.prefetch(id), 1000);
}

export function deactivate(): void {
  // Disposables (the grader worker among them) are disposed by VS Code through context.subscriptions.
}
