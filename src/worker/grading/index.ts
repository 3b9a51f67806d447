/**
 * Everything a check file needs, from one import:
 *   import { defineChecks, expectTensorClose, makeMoons, … } from 'dl-tutor/grading';
 * Helpers use `@tensorflow/tfjs`, which in the worker is the engine in use.
 */
export * from './api';
export type { TensorLike, Flat } from './format';
export { prettyTensor, isTensor, tryFlatten, fmtNum, fmtShape, fmtIndex, describeValue, valuesOf } from './format';
export {
  expectTensorClose, expectClose, expectShape, expectAllFinite, expectThrows, expectThrowsAsync, expectDeterministic, classifyMistake, closeEnough,
  DEFAULT_ATOL, DEFAULT_RTOL,
} from './compare';
export type { Mistake, CloseOptions, MistakeGuess, ErrorMatch, ThrowsOptions } from './compare';
export { expectCleanCall, standardChecks } from './standard';
export type { StandardChecks, LearnerCall, BadInput } from './standard';
export { learnerGrads } from './learner';
export type { Wrt } from './learner';
export { TRUNC, statsOf, identical, expectInitStats, varianceDemo, normalInit, commonInitChecks } from './initStats';
export type { Stats, Candidate, InitFn } from './initStats';
export { expectNoLeaks, expectInputsIntact, disposeResult, disposeNewTensors, collectTensors, nextTensorId, numTensors } from './memory';
export { kernelsUsed, profileKernels, expectKernelsNotUsed, expectNoTfKernels, withAutodiffDisabled, describeKernel, KERNEL_OPS } from './kernels';
export { scanSourceForBannedApis, expectNoBannedApis } from './sourceScan';
export type { BannedHit } from './sourceScan';
export { numericalGradientCheck, numericalGradientCheck64 } from './gradcheck';
export type { GradCheckResult } from './gradcheck';
export { expectStatistic, expectProportion, moments } from './stats';
export { setDenseWeights, describeLayers, countParams, overfitOneBatch } from './layers';
export type { LayerDescription } from './layers';
export { trainingDemo, withTimeBudget, seedEverything, installFastCpuKernels, fastKernelStatus } from './runtime';
export { expectSumsTo, expectMonotonic, expectRowsMatchIgnoringOrder } from './properties';
export type { Direction } from './properties';
export * from '../../data';
