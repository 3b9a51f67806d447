/**
 * Differentiating through learner code. Checks never call tf.grad(s) on a learner function
 * themselves: once learner code runs in its own sandbox, the gradient has to be taken there, and
 * this helper is the one place that will do it. Today it runs in-process.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './api';

/** A tensor argument to differentiate: its index, or [index, key] for a tensor inside an object argument. */
export type Wrt = number | [number, string];

/**
 * Value and gradients of a learner function: `fn(...args)` differentiated with respect to the
 * tensors at `wrt`, with upstream gradient `dy` (ones when absent). When `fn` returns an object,
 * `output` names the tensor in it (`'y'` for `{ y, newState }`). The caller owns `value` and `grads`.
 */
export function learnerGrads(fn: (...args: any[]) => unknown, args: unknown[], wrt: Wrt[], dy?: tf.Tensor, o: { output?: string } = {}): { value: tf.Tensor; grads: tf.Tensor[] } {
  const at = (w: Wrt): tf.Tensor => (typeof w === 'number' ? args[w] : (args[w[0]] as Record<string, unknown>)[w[1]]) as tf.Tensor;
  const f = (...ws: tf.Tensor[]): tf.Tensor => {
    const full = args.slice();
    wrt.forEach((w, i) => {
      if (typeof w === 'number') full[w] = ws[i];
      else full[w[0]] = { ...(full[w[0]] as object), [w[1]]: ws[i] };
    });
    const r = fn(...full);
    return (o.output ? (r as Record<string, unknown>)[o.output] : r) as tf.Tensor;
  };
  try {
    const { value, grads } = tf.valueAndGrads(f)(wrt.map(at), dy);
    return { value, grads };
  } catch (e) {
    // tf throws this when the result does not depend on an input through tf ops, e.g. a value
    // computed from dataSync() numbers and wrapped back into a tensor.
    if (e instanceof Error && /Cannot compute gradient/.test(e.message)) {
      fail(`tf.grad cannot differentiate your ${fn.name ? `\`${fn.name}\`` : 'function'}: its result is not connected to its inputs by tf ops (computed from dataSync()/arraySync() numbers and wrapped in a new tensor?). Build it from tf ops so training can backpropagate through it`);
    }
    throw e;
  }
}
