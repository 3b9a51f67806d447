/**
 * Gradients through the learner's code. During a grade the learner's function runs in the sandbox,
 * so `tf.grad` in a check would see a constant: this runs tf.valueAndGrads where the function lives.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';
import { activeSandbox } from '../sandbox/session';
import { remoteTarget } from '../sandbox/remote';
import { valueAt, withValueAt, type ArgPath } from '../sandbox/paths';

export type { ArgPath };

/**
 * Value and gradients of `fn(...args)` (or of the part of its result at `output`) with respect to
 * the tensors at `wrt`, weighted by `dy` (default: ones of the value's shape): tf.valueAndGrads
 * over those tensors.
 */
export function learnerGrads(fn: (...a: never[]) => unknown, args: unknown[], wrt: ArgPath[], dy?: tf.Tensor, output?: Array<number | string>): { value: tf.Tensor; grads: tf.Tensor[] } {
  try {
    return gradsOf(fn, args, wrt, dy, output);
  } catch (e) {
    // tf throws this when the result does not depend on an input through tf ops, e.g. a value
    // computed from dataSync() numbers and wrapped back into a tensor: say so in the learner's words.
    if (e instanceof Error && /Cannot compute gradient/.test(e.message)) {
      let name: unknown;
      try { name = (fn as { name?: unknown }).name; } catch { name = undefined; }
      const named = typeof name === 'string' && /^[\w$]+$/.test(name);
      fail(`tf.grad cannot differentiate your ${named ? `\`${name as string}\`` : 'function'}: its result is not connected to its inputs by tf ops (computed from dataSync()/arraySync() numbers and wrapped in a new tensor?). Build it from tf ops so training can backpropagate through it`);
    }
    throw e;
  }
}

function gradsOf(fn: (...a: never[]) => unknown, args: unknown[], wrt: ArgPath[], dy?: tf.Tensor, output?: Array<number | string>): { value: tf.Tensor; grads: tf.Tensor[] } {
  const target = remoteTarget(fn);
  const sandbox = activeSandbox();
  if (target && sandbox) return sandbox.grads(target, args, wrt, dy, output);
  const f = (...w: tf.Tensor[]) => {
    let a = args;
    wrt.forEach((p, k) => { a = withValueAt(a, p, w[k]); });
    return valueAt((fn as (...a: unknown[]) => unknown)(...a), output) as tf.Tensor;
  };
  return tf.valueAndGrads(f)(wrt.map((p) => valueAt(args, typeof p === 'number' ? [p] : p) as tf.Tensor), dy);
}
