/**
 * Everything a check file needs, from one import:
 *   import { defineChecks, expectTensorClose, makeMoons, … } from 'dl-tutor/grading';
 * Helpers use `@tensorflow/tfjs`, which in the worker is the engine in use.
 */
export * from './api';
export { gradeRng, randomRows } from './seed';
export { learnerGrads } from './learnerGrads';
export type { ArgPath } from './learnerGrads';
export type { TensorLike, Flat } from './format';
export { isTensor, fmtNum, fmtShape, fmtIndex, valuesOf } from './format';
export { expectTensorClose, expectClose, expectThrows, closeEnough } from './compare';
export type { Mistake, CloseOptions, ErrorMatch, ThrowsOptions } from './compare';
export { standardChecks } from './standard';
export type { StandardChecks, LearnerCall, BadInput } from './standard';
export { TRUNC, statsOf, distributionCandidates, expectInitializer, varianceDemo, normalInit, commonInitChecks } from './initStats';
export type { Stats, Candidate, InitFn } from './initStats';
export { expectNoLeaks, expectInputsIntact, disposeResult, numTensors } from './memory';
export { expectKernelsNotUsed, expectNoTfKernels, withAutodiffDisabled } from './kernels';
export { expectNoBannedApis } from './sourceScan';
export { numericalGradientCheck } from './gradcheck';
export type { GradCheckResult } from './gradcheck';
export { moonsTensors, glorotVariable, symmetricUniform, randomMatrix, randomDenseParams } from './fixtures';
export * from '../../data';
export type { PlotEvent, PlotImage, ActivationsPlot, ActivationMap, DetectionsPlot, DetectionsPanel, DetectionBox, LayerBox, LayersPlot, TokenRow } from '../../protocol/plots';
