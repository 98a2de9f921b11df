import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { ATTENTION, ATTENTION_BACKWARD } from './native/kernels/attention-kernels.js';
import { memoized } from './internal/memoize.js';

/** `[B, W, E] -> [B, H, W, E / H]`. */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batchSize = 0, rows = 0, width = 0] = x.shape;
  return tf.transpose(tf.reshape(x, [batchSize, rows, heads, width / heads]), [0, 2, 1, 3]);
}

/** The stock-op form: per-head batched matmuls, softmax, and the heads merged back. */
function composedAttention(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, heads: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batchSize = 0, rows = 0, width = 0] = query.shape; // rows: the query rows
    const scores = tf.mul(tf.matMul(splitHeads(query, heads), splitHeads(key, heads), false, true), 1 / Math.sqrt(width / heads));
    const context = tf.matMul(tf.softmax(scores) as tf.Tensor4D, splitHeads(value, heads));
    return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batchSize, rows, width]) as tf.Tensor3D;
  });
}

type AttentionFunction = (query: tf.Tensor, key: tf.Tensor, value: tf.Tensor) => tf.Tensor3D;
const fusedByHeads = new Map<number, AttentionFunction>();

/** The native kernel pair as one differentiable op (probabilities recomputed in the backward pass). */
function fusedAttention(heads: number): AttentionFunction {
  return memoized(fusedByHeads, heads, () =>
    tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [query, key, value, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([query, key, value]);
      return {
        value: tf.engine().runKernel(ATTENTION, { query, key, value }, { heads }) as tf.Tensor3D,
        gradFunc: (dy, saved) => {
          const [q, k, v] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          return tf.engine().runKernel(ATTENTION_BACKWARD, { query: q, key: k, value: v, dy: dy as tf.Tensor }, { heads }) as tf.Tensor[];
        },
      };
    }) as unknown as AttentionFunction,
  );
}

/**
 * Multi-head scaled dot-product self-attention without masks, torch.nn.MultiheadAttention's core between
 * its in- and out-projections: `key` and `value` are `[B, W, E]` and `query` `[B, Wq, E]` (Wq <= W: the
 * outputs of only the first Wq tokens are wanted) with the `heads` heads' E / heads columns side by side;
 * head h's output is `softmax(Q_h K_h^T / sqrt(E / heads)) V_h`, and the heads are returned side by side
 * as `[B, Wq, E]`. Differentiable. On the native backend one kernel computes each
 * direction without materialising the `[B, heads, W, W]` probabilities (recomputed in the backward pass);
 * elsewhere it is batched matmuls and a softmax.
 */
export function multiHeadAttention(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, heads: number): tf.Tensor3D {
  const [, , width = 0] = query.shape;
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
    throw new Error(`multiHeadAttention: heads ${heads} must be a positive integer dividing the width ${width}`);
  }
  const keyShape = key.shape;
  const shapesFit =
    query.rank === 3 &&
    key.rank === 3 &&
    value.rank === 3 &&
    value.shape.every((size, i) => size === keyShape[i]) &&
    query.shape[0] === keyShape[0] &&
    query.shape[2] === keyShape[2] &&
    (query.shape[1] ?? 0) <= (keyShape[1] ?? 0);
  if (!shapesFit) {
    throw new Error(`multiHeadAttention: expected query [B, Wq, E] and key, value [B, W, E] with Wq <= W, got [${query.shape}], [${key.shape}], [${value.shape}]`);
  }
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && [query, key, value].every((tensor) => tensor.dtype === 'float32');
  return native ? fusedAttention(heads)(query, key, value) : composedAttention(query, key, value, heads);
}
