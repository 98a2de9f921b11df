import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { PAIRWISE_DOTS, PAIRWISE_DOTS_BACKWARD } from './native/kernels/pairwise-dots-kernels.js';

/** `[B, n, n] -> [B, n (n - 1) / 2]`: the strict lower triangle in row-major order (torch.tril_indices, offset -1). */
function strictLowerTriangle(gram: tf.Tensor): tf.Tensor2D {
  const [batchSize = 0, n = 0] = gram.shape;
  const flat = tf.reshape(gram, [batchSize, n * n]);
  // Slices, not gather: gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks.
  const rows: tf.Tensor[] = [];
  for (let i = 1; i < n; i++) rows.push(tf.slice(flat, [0, i * n], [batchSize, i]));
  if (rows.length === 0) return tf.slice(flat, [0, 0], [batchSize, 0]) as tf.Tensor2D; // one vector: no pairs
  return (rows.length === 1 ? rows[0] : tf.concat(rows, 1)) as tf.Tensor2D;
}

let fused: ((x: tf.Tensor3D) => tf.Tensor2D) | undefined;

/** One kernel forward and one backward (the native backend's RecnasPairwiseDots pair). */
function fusedPairwiseDots(): (x: tf.Tensor3D) => tf.Tensor2D {
  fused ??= tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.engine().runKernel(PAIRWISE_DOTS, { x }, {}) as tf.Tensor2D,
      gradFunc: (dy, saved) => tf.engine().runKernel(PAIRWISE_DOTS_BACKWARD, { x: saved[0] as tf.Tensor, dy: dy as tf.Tensor }, {}) as tf.Tensor,
    };
  }) as (x: tf.Tensor3D) => tf.Tensor2D;
  return fused;
}

/**
 * The pairwise interaction of DLRM and NASRec's DotProduct: for each example's n vectors `x [B, n, E]`,
 * the dot products x_i . x_j for i > j as `[B, n (n - 1) / 2]`, in the row-major order of the Gram
 * matrix's strict lower triangle ((1,0), (2,0), (2,1), ...). Differentiable. On the native backend it is
 * one fused kernel each way; elsewhere a batched Gram matmul and slices of its lower triangle.
 */
export function pairwiseDots(x: tf.Tensor3D): tf.Tensor2D {
  if (x.rank !== 3) throw new Error(`pairwiseDots: expected x of rank 3 [B, n, E], got shape [${x.shape.join(', ')}]`);
  if (tf.getBackend() === NATIVE_BACKEND_NAME && x.dtype === 'float32') return fusedPairwiseDots()(x);
  return tf.tidy(() => strictLowerTriangle(tf.matMul(x, x, false, true)));
}
