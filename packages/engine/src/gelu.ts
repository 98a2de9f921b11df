import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { GELU, GELU_BACKWARD } from './native/kernels/gelu-kernels.js';
import { memoized } from './internal/memoize.js';

type GeluFunction = (x: tf.Tensor) => tf.Tensor;
const fused = new Map<string, GeluFunction>();

function fusedGelu(): GeluFunction {
  return memoized(fused, 'gelu', () =>
    tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.engine().runKernel(GELU, { x }) as tf.Tensor,
        gradFunc: (dy, saved) => tf.engine().runKernel(GELU_BACKWARD, { x: (saved as tf.Tensor[])[0] as tf.Tensor, dy: dy as tf.Tensor }) as tf.Tensor,
      };
    }) as unknown as GeluFunction,
  );
}

/**
 * GELU in the exact erf form, `0.5 x (1 + erf(x / sqrt 2))` (BERT; ICLRec's SASRec), differentiable. On the
 * native backend one kernel each way (a vectorized rational erf, a few ulp); elsewhere tfjs's Erf and
 * elementwise ops (the stock Erf is Abramowitz-Stegun 7.1.26, max error 1.5e-7).
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (tf.getBackend() === NATIVE_BACKEND_NAME && x.dtype === 'float32') return fusedGelu()(x);
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));
}
