/**
 * Differentiating through learner code. Checks never call tf.grad(s) on a learner function
 * themselves: once learner code runs in its own sandbox, the gradient has to be taken there, and
 * this helper is the one place that will do it. Today it runs in-process.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Value and gradients of a learner function: `fn(...args)` differentiated with respect to the
 * tensor arguments at the indexes `wrt`, with upstream gradient `dy` (ones when absent).
 * The caller owns (and disposes) `value` and `grads`.
 */
export function learnerGrads(fn: (...args: any[]) => unknown, args: unknown[], wrt: number[], dy?: tf.Tensor): { value: tf.Tensor; grads: tf.Tensor[] } {
  const f = (...w: tf.Tensor[]): tf.Tensor => {
    const full = args.slice();
    wrt.forEach((k, i) => { full[k] = w[i]; });
    return fn(...full) as tf.Tensor;
  };
  const { value, grads } = tf.valueAndGrads(f)(wrt.map((k) => args[k] as tf.Tensor), dy);
  return { value, grads };
}
