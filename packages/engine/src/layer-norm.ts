import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { LAYER_NORM, LAYER_NORM_BACKWARD } from './native/kernels/layer-norm-kernels.js';
import { memoized } from './internal/memoize.js';

type LayerNormFunction = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
const fusedByEpsilon = new Map<number, LayerNormFunction>();

function fusedLayerNorm(epsilon: number): LayerNormFunction {
  return memoized(fusedByEpsilon, epsilon, () =>
    tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [x, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([x, gamma]);
      return {
        value: tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { epsilon }) as tf.Tensor,
        gradFunc: (dy, saved) => {
          const [savedX, savedGamma] = saved as [tf.Tensor, tf.Tensor];
          return tf.engine().runKernel(LAYER_NORM_BACKWARD, { x: savedX, gamma: savedGamma, dy: dy as tf.Tensor }, { epsilon }) as tf.Tensor[];
        },
      };
    }) as unknown as LayerNormFunction,
  );
}

/**
 * LayerNorm over the last axis, torch.nn.LayerNorm: `(x - mean) / sqrt(variance + epsilon) * gamma + beta`
 * with the biased variance, `gamma` and `beta` of the last axis's size. Differentiable in all three. On the
 * native backend one kernel each way (moments recomputed in the backward pass); elsewhere tf.moments and
 * elementwise ops.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const width = x.shape[x.rank - 1];
  if (x.rank < 1 || gamma.rank !== 1 || beta.rank !== 1 || gamma.shape[0] !== width || beta.shape[0] !== width) {
    throw new Error(`layerNorm: gamma [${gamma.shape}] and beta [${beta.shape}] must be [${width}], the last axis of x [${x.shape}]`);
  }
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && [x, gamma, beta].every((tensor) => tensor.dtype === 'float32');
  if (native) return fusedLayerNorm(epsilon)(x, gamma, beta);
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normalized, gamma), beta);
  });
}
