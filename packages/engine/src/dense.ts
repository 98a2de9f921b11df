import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { DENSE, DENSE_BACKWARD } from './native/kernels/dense-kernels.js';
import { memoized } from './internal/memoize.js';

/** Activations `dense` fuses. */
export type DenseActivation = 'linear' | 'relu';

type DenseFunction = (...inputs: tf.Tensor[]) => tf.Tensor2D;
const fusedLayers = new Map<string, DenseFunction>();

/** The native pair of kernels as one differentiable op, per (bias or not, activation). */
function fusedDense(hasBias: boolean, activation: DenseActivation): DenseFunction {
  return memoized(fusedLayers, `${hasBias}:${activation}`, () =>
    tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const save = args[args.length - 1] as tf.GradSaveFunc;
      const [x, kernel, bias] = args.slice(0, -1) as tf.Tensor[];
      const inputs: tf.NamedTensorMap = { x: x as tf.Tensor, kernel: kernel as tf.Tensor, ...(bias === undefined ? {} : { bias }) };
      const value = tf.engine().runKernel(DENSE, inputs, { activation }) as tf.Tensor2D;
      save([x as tf.Tensor, kernel as tf.Tensor, value]);
      return {
        value,
        gradFunc: (dy, saved) => {
          const [savedX, savedKernel, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          return tf.engine().runKernel(DENSE_BACKWARD, { x: savedX, kernel: savedKernel, y, dy: dy as tf.Tensor }, { activation, hasBias }) as tf.Tensor[];
        },
      };
    }) as unknown as DenseFunction,
  );
}

/**
 * A fully connected layer `act(x kernel + bias)` for `x [m, k]`, `kernel [k, n]`, `bias [n]` (optional):
 * differentiable in all three. On the native backend it is one kernel forward (GEMM, bias and activation in
 * one pass) and one backward (relu mask, bias sum and both GEMMs); elsewhere it is tf.fused.matMul. (tfjs
 * itself fuses a relu matmul only outside gradient tapes, so training would otherwise run 8 kernels.)
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias?: tf.Tensor1D, activation: DenseActivation = 'linear'): tf.Tensor2D {
  const native =
    tf.getBackend() === NATIVE_BACKEND_NAME &&
    x.rank === 2 &&
    kernel.rank === 2 &&
    x.shape[1] === kernel.shape[0] &&
    [x, kernel, ...(bias === undefined ? [] : [bias])].every((tensor) => tensor.dtype === 'float32') &&
    (bias === undefined || (bias.rank === 1 && bias.shape[0] === kernel.shape[1]));
  if (!native) return tf.fused.matMul({ a: x, b: kernel, ...(bias === undefined ? {} : { bias }), activation }) as tf.Tensor2D;
  return bias === undefined ? fusedDense(false, activation)(x, kernel) : fusedDense(true, activation)(x, kernel, bias);
}
