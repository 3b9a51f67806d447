/**
 * Mechanical enforcement of the rule levels (the manifest's ruleLevel): which tf kernels a call ran (tf.profile),
 * bans on kernels, "no tf at all" for pure-TypeScript exercises, and autodiff switched off.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckFailure, fail } from './api';
import { collectTensors } from './memory';
import { activeSandbox } from '../sandbox/session';
import { LearnerError } from '../sandbox/remote';

/** Kernel name → the tf call a learner types (the kernel names tf.profile reports). */
export const KERNEL_OPS: Record<string, string> = {
  Abs: 'tf.abs', Add: 'tf.add', AddN: 'tf.addN', ArgMax: 'tf.argMax', ArgMin: 'tf.argMin', AvgPool: 'tf.avgPool',
  BatchMatMul: 'tf.matMul', Cast: 'tf.cast', Ceil: 'tf.ceil', ClipByValue: 'tf.clipByValue', Concat: 'tf.concat',
  Conv2D: 'tf.conv2d', Conv2DBackpropInput: 'tf.conv2dTranspose', Cos: 'tf.cos', Cumsum: 'tf.cumsum',
  DepthwiseConv2dNative: 'tf.depthwiseConv2d', Einsum: 'tf.einsum', Elu: 'tf.elu', Equal: 'tf.equal', Erf: 'tf.erf',
  Exp: 'tf.exp', ExpandDims: 'tf.expandDims', Fill: 'tf.fill', Floor: 'tf.floor', FloorDiv: 'tf.floorDiv',
  FusedBatchNorm: 'tf.batchNorm', FusedConv2D: 'tf.fused.conv2d', _FusedMatMul: 'tf.fused.matMul', GatherV2: 'tf.gather',
  Greater: 'tf.greater', GreaterEqual: 'tf.greaterEqual', Identity: 'tf.clone', LeakyRelu: 'tf.leakyRelu',
  Less: 'tf.less', LessEqual: 'tf.lessEqual', LinSpace: 'tf.linspace', Log: 'tf.log', Log1p: 'tf.log1p',
  LogicalAnd: 'tf.logicalAnd', LogicalNot: 'tf.logicalNot', LogicalOr: 'tf.logicalOr', LRN: 'tf.localResponseNormalization',
  Max: 'tf.max', MaxPool: 'tf.maxPool', Maximum: 'tf.maximum', Mean: 'tf.mean', Min: 'tf.min', Minimum: 'tf.minimum',
  Mod: 'tf.mod', Multinomial: 'tf.multinomial', Multiply: 'tf.mul', Neg: 'tf.neg', NonMaxSuppressionV3: 'tf.image.nonMaxSuppression',
  NonMaxSuppressionV5: 'tf.image.nonMaxSuppressionWithScore', NotEqual: 'tf.notEqual', OneHot: 'tf.oneHot', OnesLike: 'tf.onesLike',
  Pack: 'tf.stack', PadV2: 'tf.pad', Pow: 'tf.pow', Prelu: 'tf.prelu', Prod: 'tf.prod', Range: 'tf.range', RealDiv: 'tf.div',
  Reciprocal: 'tf.reciprocal', Relu: 'tf.relu', Relu6: 'tf.relu6', Reshape: 'tf.reshape', ResizeBilinear: 'tf.image.resizeBilinear',
  Reverse: 'tf.reverse', Round: 'tf.round', Rsqrt: 'tf.rsqrt', Select: 'tf.where', Selu: 'tf.selu', Sigmoid: 'tf.sigmoid',
  Sign: 'tf.sign', Sin: 'tf.sin', Slice: 'tf.slice', Softmax: 'tf.softmax', Softplus: 'tf.softplus', SplitV: 'tf.split',
  Sqrt: 'tf.sqrt', Square: 'tf.square', SquaredDifference: 'tf.squaredDifference', Step: 'tf.step', StridedSlice: 'tf.stridedSlice',
  Sub: 'tf.sub', Sum: 'tf.sum', Tanh: 'tf.tanh', Tile: 'tf.tile', TopK: 'tf.topk', Transpose: 'tf.transpose', Unpack: 'tf.unstack',
  UnsortedSegmentSum: 'tf.unsortedSegmentSum', ZerosLike: 'tf.zerosLike', MirrorPad: 'tf.mirrorPad', IsNan: 'tf.isNaN',
  softmaxCrossEntropy__op: 'tf.losses.softmaxCrossEntropy', logSoftmax__op: 'tf.logSoftmax',
  sigmoidCrossEntropy__op: 'tf.losses.sigmoidCrossEntropy', meanSquaredError__op: 'tf.losses.meanSquaredError',
};

/** "Softmax (tf.softmax)". */
export function describeKernel(k: string): string {
  const op = KERNEL_OPS[k] ?? (k.endsWith('__op') ? `tf.${k.slice(0, -4)}` : undefined);
  return op ? `${k} (${op})` : k;
}

/** Resolves a ban entry given as a kernel name ('Softmax') or a tf call ('tf.softmax') to kernel names. */
function kernelsFor(entry: string): string[] {
  if (!entry.startsWith('tf.')) return [entry];
  const ks = Object.entries(KERNEL_OPS).filter(([, op]) => op === entry).map(([k]) => k);
  return ks.length ? ks : [entry];
}

/**
 * Kernels run by `fn`, unique, in first-use order. Every tensor `fn` creates is disposed
 * afterwards (leaks are expectNoLeaks' business; the caller only gets names).
 */
export async function kernelsUsed(fn: () => unknown): Promise<string[]> {
  return (await profileKernels(fn, false)).kernels;
}

interface KernelParams { kernelName?: string }
type RunKernelFunc = (this: unknown, params: KernelParams) => unknown;

/**
 * Records the kernels `fn` runs, top level only. tfjs-node implements some kernels by calling
 * other tf ops (ClipByValue runs Minimum and Maximum, _FusedMatMul runs BatchMatMul and Add,
 * Mean runs Cast), and tf.profile lists those too; counting only kernels started while no other
 * kernel is running gives the same list on tfjs-node and on the cpu backend, so a ban gives
 * the same verdict on both. Custom-gradient ops (e.g. logSoftmax__op) are listed by their op
 * name, and the primitives they run are listed as well (as tf.profile does). Falls back to
 * tf.profile if the engine's internals are not as expected.
 */
async function recordKernels<T>(fn: () => T | Promise<T>): Promise<{ names: string[]; result: T }> {
  const engine = tf.engine() as unknown as Record<string, unknown> & { state?: { activeScope?: { name?: string } | null } };
  const original = engine.runKernelFunc as RunKernelFunc | undefined;
  if (typeof original !== 'function') {
    let result: T | undefined;
    const info = await tf.profile(async () => { result = await fn(); return [] as tf.Tensor[]; });
    return { names: [...new Set(info.kernels.map((k) => k.name))], result: result as T };
  }
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'runKernelFunc');
  const names: string[] = [];
  let depth = 0;
  const spy: RunKernelFunc = function (this: unknown, params: KernelParams) {
    const registered = params != null && params.kernelName != null;
    if (depth === 0) {
      const name = registered ? params.kernelName! : engine.state?.activeScope?.name ?? '';
      if (name && !names.includes(name)) names.push(name);
    }
    if (!registered) return original.call(this, params);
    depth++;
    try { return original.call(this, params); } finally { depth--; }
  };
  engine.runKernelFunc = spy;
  try {
    const result = await fn();
    return { names, result };
  } finally {
    if (hadOwn) engine.runKernelFunc = original;
    else delete engine.runKernelFunc;
  }
}

/**
 * Like kernelsUsed, and with `keepResult` (default true) the tensors in fn's result survive
 * (the caller owns them); everything else fn created is disposed.
 */
export async function profileKernels<T>(fn: () => T | Promise<T>, keepResult = true): Promise<{ kernels: string[]; result: T }> {
  // During a grade the learner's code runs in the sandbox, which records its kernels per call.
  const sandbox = activeSandbox();
  if (sandbox) {
    const o = await sandbox.observe(() => profileHere(fn, keepResult));
    return { kernels: o.kernels, result: o.result.result };
  }
  return profileHere(fn, keepResult);
}

async function profileHere<T>(fn: () => T | Promise<T>, keepResult: boolean): Promise<{ kernels: string[]; result: T }> {
  const engine = tf.engine();
  engine.startScope();
  let ended = false;
  try {
    const { names, result } = await recordKernels(fn);
    ended = true;
    engine.endScope(keepResult ? (collectTensors(result) as tf.TensorContainer) : undefined);
    return { kernels: names, result };
  } finally {
    if (!ended) engine.endScope();
  }
}

/**
 * Fails if `fn` runs any banned kernel. `banned` holds kernel names ('Softmax') or tf calls
 * ('tf.softmax'). `why` completes "used the Softmax kernel (tf.softmax) — …", e.g.
 * 'this exercise asks you to build softmax from exp/sum/div'; an exercise id gives a generic text.
 */
export async function expectKernelsNotUsed(fn: () => unknown, banned: string[], why: string): Promise<void> {
  const used = await kernelsUsed(fn);
  const bannedKernels = new Set(banned.flatMap(kernelsFor).map((k) => k.toLowerCase()));
  const hits = used.filter((k) => bannedKernels.has(k.toLowerCase()));
  if (hits.length === 0) return;
  const reason = /^s\d+-[\w-]+$/.test(why) ? `this exercise (${why}) asks you to build it from primitives` : why;
  const list = hits.map((k) => (KERNEL_OPS[k] ? `${k} kernel (${KERNEL_OPS[k]})` : `${k} kernel`));
  fail(`used the ${list.join(', the ')} — ${reason}`,
    { expected: 'no ' + banned.join(', '), actual: list.join(', '), hintKey: 'banned-kernel' });
}

/** P0: the call must run no tf kernel at all (reading tensors and creating them is fine). */
export async function expectNoTfKernels(fn: () => unknown, name?: string): Promise<void> {
  const used = await kernelsUsed(fn);
  if (used.length === 0) return;
  const shown = used.slice(0, 6).map(describeKernel).join(', ') + (used.length > 6 ? ', …' : '');
  fail(`${name ? `\`${name}\` ` : ''}used tf ops (${shown}) — this is a pure-TypeScript exercise: loop over the numbers (arraySync() to read a tensor, tf.tensor() to build the result)`,
    { expected: 'no tf kernels', actual: used.join(', '), hintKey: 'no-tf' });
}

const AUTODIFF_MESSAGE = 'autodiff is disabled in this exercise: compute the gradients by hand';

/**
 * Runs `fn` with tf's autodiff switched off. tf.grad, tf.grads, tf.valueAndGrad(s),
 * tf.variableGrads and optimizer.minimize all go through engine.gradients, which throws a
 * CheckFailure meanwhile. Restored afterwards, also when fn throws or its promise rejects.
 */
export function withAutodiffDisabled<T>(fn: () => T): T {
  const sandbox = activeSandbox();
  if (sandbox) {
    const prev = sandbox.flags;
    sandbox.flags = { ...prev, noAutodiff: true };
    const restore = () => { sandbox.flags = prev; };
    const named = (e: unknown) => (e instanceof LearnerError && e.autodiff ? new CheckFailure(AUTODIFF_MESSAGE, { hintKey: 'autodiff-disabled' }) : e);
    let r: T;
    try {
      r = fn();
    } catch (e) {
      restore();
      throw named(e);
    }
    if (r instanceof Promise) return r.then((v) => { restore(); return v; }, (e) => { restore(); throw named(e); }) as unknown as T;
    restore();
    return r;
  }
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'gradients');
  const original = engine.gradients;
  let attempted = false;
  const failure = () => new CheckFailure(AUTODIFF_MESSAGE, { hintKey: 'autodiff-disabled' });
  engine.gradients = () => { attempted = true; throw failure(); };
  const restore = () => {
    if (hadOwn) engine.gradients = original;
    else delete engine.gradients;
  };
  // Learner code that catches the error and carries on still fails.
  const settle = (value: T): T => {
    if (attempted) throw failure();
    return value;
  };
  let result: T;
  try {
    result = fn();
  } catch (err) {
    restore();
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(restore).then((v) => settle(v as T)) as unknown as T;
  }
  restore();
  return settle(result);
}
