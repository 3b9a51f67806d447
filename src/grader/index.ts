/** Host-side grader API (Node only; safe to import from the VS Code extension host). */
export { Grader, GraderStartError, defaultWorkerPath } from './grader';
export type { DemoResult, EngineInfo, EngineSetting, GradeCallbacks, GradeRequest, GraderOptions } from './grader';
