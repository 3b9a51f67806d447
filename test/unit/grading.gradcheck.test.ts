/**
 * numericalGradientCheck (float32 central differences at sampled coordinates) passes right gradients,
 * names the coordinate of a wrong one and samples deterministically.
 */
import '@tensorflow/tfjs-node';
import * as tf from '@tensorflow/tfjs';
import * as assert from 'node:assert/strict';
import { numericalGradientCheck } from 'dl-tutor/grading';
import { failure, includesAll, onBothBackends } from './gradingHelpers';


onBothBackends('grading: numerical gradients', () => {
  describe('numericalGradientCheck (float32)', () => {
    it('passes a right gradient and fails a wrong one', () => {
      const x = tf.tensor2d([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]);
      const f = (t: tf.Tensor) => tf.tidy(() => t.pow(3).sum().add(t.sin().sum())) as tf.Scalar;
      const right = tf.tidy(() => x.square().mul(3).add(x.cos()));
      const r = numericalGradientCheck(f, x, right);
      assert.ok(r.maxRelErr < 2e-2 && r.checked === 6);
      const wrong = tf.tidy(() => x.square().mul(3));
      const e = failure(() => numericalGradientCheck(f, x, wrong, { name: 'dX' }));
      includesAll(e.message, ['`dX` is wrong at [0,0]', 'numerical', 'analytic 0.75', 'rel err', 'of 6 checked coordinates']);
      tf.dispose([x, right, wrong]);
    });
    it('samples coordinates deterministically on larger inputs', () => {
      const x = tf.tidy(() => tf.linspace(-1, 1, 200).reshape([20, 10]));
      const f = (t: tf.Tensor) => t.square().sum() as tf.Scalar;
      const g = tf.tidy(() => x.mul(2));
      const r = numericalGradientCheck(f, x, g, { samples: 20, seed: 4 });
      assert.equal(r.checked, 20);
      tf.dispose([x, g]);
    });
  });
});
