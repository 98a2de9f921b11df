import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { ROW_DOTS, ROW_DOTS_BACKWARD } from './native/kernels/row-dots-kernels.js';
import { memoized } from './internal/memoize.js';

type RowDotsFunction = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor1D;
const fused = new Map<string, RowDotsFunction>();

function fusedRowDots(): RowDotsFunction {
  return memoized(fused, 'rowDots', () =>
    tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([a, b]);
      return {
        value: tf.engine().runKernel(ROW_DOTS, { a, b }) as tf.Tensor1D,
        gradFunc: (dy, saved) => {
          const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
          return tf.engine().runKernel(ROW_DOTS_BACKWARD, { a: sa, b: sb, dy: dy as tf.Tensor }) as tf.Tensor[];
        },
      };
    }) as unknown as RowDotsFunction,
  );
}

/**
 * The dot product of each row pair, `out[r] = a_r . b_r` for `a`, `b` `[rows, n]`: differentiable in both.
 * On the native backend one kernel each way (two threads); elsewhere `sum(a * b, -1)`.
 */
export function rowDots(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new Error(`rowDots: a [${a.shape}] and b [${b.shape}] must both be [rows, n]`);
  }
  if (tf.getBackend() === NATIVE_BACKEND_NAME && a.dtype === 'float32' && b.dtype === 'float32') return fusedRowDots()(a, b);
  return tf.tidy(() => tf.sum(tf.mul(a, b), -1) as tf.Tensor1D);
}
