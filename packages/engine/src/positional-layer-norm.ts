import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { POSITIONAL_NORM, POSITIONAL_NORM_BACKWARD } from './native/kernels/positional-norm-kernels.js';
import { dropoutMask, dropoutRule, type DropoutDraw } from './dropout-mask.js';
import { layerNorm } from './layer-norm.js';

function composed(x: tf.Tensor3D, positions: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number, dropout: DropoutDraw | undefined): tf.Tensor3D {
  return tf.tidy(() => {
    const normalized = layerNorm(tf.add(x, positions), gamma, beta, epsilon) as tf.Tensor3D;
    return dropout === undefined ? normalized : (tf.mul(normalized, tf.tensor(dropoutMask(dropout, normalized.size), normalized.shape, 'float32')) as tf.Tensor3D);
  });
}

function fused(x: tf.Tensor3D, positions: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number, dropout: DropoutDraw | undefined): tf.Tensor3D {
  const rule = dropout === undefined ? undefined : dropoutRule(dropout.rate);
  const attrs = { epsilon, dropout: dropout === undefined || rule === undefined ? [0, 0, 0] : [dropout.seed >>> 0, rule.threshold, rule.keep] };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, position, scale, shift, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [value, normalized, rstd] = tf.engine().runKernel(POSITIONAL_NORM, { x: input, positions: position, gamma: scale, beta: shift }, attrs) as tf.Tensor[];
    save([normalized as tf.Tensor, rstd as tf.Tensor, scale]);
    tf.dispose([normalized as tf.Tensor, rstd as tf.Tensor]); // save() keeps clones while a gradient tape records
    return {
      value: value as tf.Tensor,
      gradFunc: (dy, saved) => {
        const [n, r, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(POSITIONAL_NORM_BACKWARD, { dy: dy as tf.Tensor, normalized: n, rstd: r, gamma: g }, attrs) as tf.Tensor[];
      },
    };
  });
  return op(x, positions, gamma, beta) as tf.Tensor3D;
}

/**
 * A transformer's embedding layer, `dropout(LayerNorm(x + positions))` for `x [B, L, d]` and learned
 * `positions [L, d]` (broadcast over the batch), LayerNorm over d with `gamma`, `beta`, `epsilon`, and optional
 * counter-based dropout (`dropoutMask`). Differentiable in x, positions, gamma and beta. On the native backend
 * one kernel each way (two threads; the positions' gradient summed over the batch inside); elsewhere the
 * engine's layerNorm and elementwise ops, with the same result.
 */
export function positionalLayerNorm(x: tf.Tensor3D, positions: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number, dropout?: DropoutDraw): tf.Tensor3D {
  const [, length = 0, d = 0] = x.shape;
  if (x.rank !== 3 || positions.rank !== 2 || positions.shape[0] !== length || positions.shape[1] !== d || gamma.shape[0] !== d || beta.shape[0] !== d) {
    throw new Error(`positionalLayerNorm: x [${x.shape}] needs positions [${length}, ${d}] (got [${positions.shape}]) and gamma, beta [${d}]`);
  }
  if (dropout !== undefined) dropoutRule(dropout.rate);
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && [x, positions, gamma, beta].every((tensor) => tensor.dtype === 'float32');
  return native ? fused(x, positions, gamma, beta, epsilon, dropout) : composed(x, positions, gamma, beta, epsilon, dropout);
}
