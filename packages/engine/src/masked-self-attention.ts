import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './native/register-native-backend.js';
import { MASKED_ATTENTION, MASKED_ATTENTION_BACKWARD, MASKED_ATTENTION_PACKED, MASKED_ATTENTION_PACKED_BACKWARD } from './native/kernels/masked-attention-kernels.js';

/** The additive score of a masked key in the composed form (ICLRec/BERT's extended attention mask). */
const MASKED = -10000;

/**
 * Throws unless `keyStart` has one integer in [0, rows] per example (rows = all padding). The native kernels
 * read it as int32, so a fractional start would be truncated there and not in the composed form.
 */
export function checkKeyStart(keyStart: ReadonlyArray<number>, batchSize: number, rows: number, op: string): void {
  if (keyStart.length !== batchSize) throw new Error(`${op}: keyStart needs ${batchSize} entries, got ${keyStart.length}`);
  const bad = keyStart.findIndex((start) => !Number.isInteger(start) || start < 0 || start > rows);
  if (bad >= 0) throw new Error(`${op}: keyStart[${bad}] = ${keyStart[bad]} is not an integer in [0, ${rows}]`);
}

/** `[B, L, E] -> [B, H, L, E / H]`. */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batchSize = 0, rows = 0, width = 0] = x.shape;
  return tf.transpose(tf.reshape(x, [batchSize, rows, heads, width / heads]), [0, 2, 1, 3]);
}

/** `[B, 1, L, L]`: 0 for keys keyStart[b] <= j <= i, -10000 otherwise. */
function additiveMask(keyStart: ReadonlyArray<number>, rows: number): tf.Tensor4D {
  const values = new Float32Array(keyStart.length * rows * rows);
  keyStart.forEach((start, b) => {
    for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) if (j < start || j > i) values[(b * rows + i) * rows + j] = MASKED;
  });
  return tf.tensor4d(values, [keyStart.length, 1, rows, rows]);
}

function composed(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, heads: number, keyStart: ReadonlyArray<number>, dropout?: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const [batchSize = 0, rows = 0, width = 0] = query.shape;
    const scores = tf.add(tf.mul(tf.matMul(splitHeads(query, heads), splitHeads(key, heads), false, true), 1 / Math.sqrt(width / heads)), additiveMask(keyStart, rows));
    let probabilities = tf.softmax(scores);
    if (dropout !== undefined) probabilities = tf.mul(probabilities, dropout);
    // Padding queries (i < keyStart) attend nothing, as in the native kernel.
    const rowsKept = tf.tensor4d(Float32Array.from({ length: batchSize * rows }, (_, r) => (r % rows >= (keyStart[Math.floor(r / rows)] as number) ? 1 : 0)), [batchSize, 1, rows, 1]);
    const context = tf.matMul(tf.mul(probabilities, rowsKept) as tf.Tensor4D, splitHeads(value, heads));
    return tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batchSize, rows, width]) as tf.Tensor3D;
  });
}

/**
 * SASRec's self-attention core (causal, left-padded): `query`, `key`, `value` are `[B, L, E]` with the
 * `heads` heads side by side; query row i of example b attends keys `keyStart[b] .. i` (ICLRec's -10000
 * mask of padded and future keys), `softmax(Q_h K_h^T / sqrt(E / heads))`, probabilities multiplied by the
 * optional `dropout` multipliers `[B, heads, L, L]` (0 or 1 / (1 - rate)), times V. Rows i < keyStart[b]
 * (padding queries) are 0. Differentiable in query, key and value. On the native backend one kernel each
 * way (no [B, H, L, L] tensors besides the dropout multipliers); elsewhere batched matmuls and a softmax.
 */
export function maskedSelfAttention(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, heads: number, keyStart: ReadonlyArray<number>, dropout?: tf.Tensor): tf.Tensor3D {
  const [batchSize = 0, rows = 0, width = 0] = query.shape;
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0 || keyStart.length !== batchSize) {
    throw new Error(`maskedSelfAttention: heads ${heads} must divide the width ${width} and keyStart needs ${batchSize} entries (got ${keyStart.length})`);
  }
  checkKeyStart(keyStart, batchSize, rows, 'maskedSelfAttention');
  if (dropout !== undefined && (dropout.rank !== 4 || dropout.size !== batchSize * heads * rows * rows)) {
    throw new Error(`maskedSelfAttention: dropout [${dropout.shape}] must be [${batchSize}, ${heads}, ${rows}, ${rows}]`);
  }
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && [query, key, value, ...(dropout === undefined ? [] : [dropout])].every((tensor) => tensor.dtype === 'float32');
  if (!native) return composed(query, key, value, heads, keyStart, dropout);
  const attrs = { heads, keyStart: [...keyStart] };
  const extra: tf.NamedTensorMap = dropout === undefined ? {} : { dropout };
  const attend = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q, k, v, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([q, k, v, ...(dropout === undefined ? [] : [dropout])]);
    return {
      value: tf.engine().runKernel(MASKED_ATTENTION, { query: q, key: k, value: v, ...extra }, attrs) as tf.Tensor3D,
      gradFunc: (dy, saved) => {
        const [sq, sk, sv, sd] = saved as tf.Tensor[];
        return tf.engine().runKernel(MASKED_ATTENTION_BACKWARD, { query: sq as tf.Tensor, key: sk as tf.Tensor, value: sv as tf.Tensor, dy: dy as tf.Tensor, ...(sd === undefined ? {} : { dropout: sd }) }, attrs) as tf.Tensor[];
      },
    };
  });
  return attend(query, key, value) as tf.Tensor3D;
}

/**
 * `maskedSelfAttention` with query, key and value packed side by side in `qkv [B, L, 3E]` (the output of
 * one projection), returning `[B, L, E]`; its gradient is one `[B, L, 3E]` tensor, so the three projections
 * run as one GEMM each way. Natively one kernel each way; elsewhere a split and the composed form.
 */
export function maskedSelfAttentionPacked(qkv: tf.Tensor3D, heads: number, keyStart: ReadonlyArray<number>, dropout?: tf.Tensor): tf.Tensor3D {
  const [batchSize = 0, rows = 0, packed = 0] = qkv.shape;
  const width = packed / 3;
  if (!Number.isInteger(width) || !Number.isInteger(heads) || heads < 1 || width % heads !== 0 || keyStart.length !== batchSize) {
    throw new Error(`maskedSelfAttentionPacked: qkv [${qkv.shape}] must be [B, L, 3 x heads x d] (heads ${heads}) with ${batchSize} keyStart entries (got ${keyStart.length})`);
  }
  checkKeyStart(keyStart, batchSize, rows, 'maskedSelfAttentionPacked');
  if (dropout !== undefined && (dropout.rank !== 4 || dropout.size !== batchSize * heads * rows * rows)) {
    throw new Error(`maskedSelfAttentionPacked: dropout [${dropout.shape}] must be [${batchSize}, ${heads}, ${rows}, ${rows}]`);
  }
  const native = tf.getBackend() === NATIVE_BACKEND_NAME && qkv.dtype === 'float32' && (dropout === undefined || dropout.dtype === 'float32');
  if (!native) {
    return tf.tidy(() => {
      const [query, key, value] = tf.split(qkv, 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      return composed(query, key, value, heads, keyStart, dropout);
    });
  }
  const attrs = { heads, keyStart: [...keyStart] };
  const extra: tf.NamedTensorMap = dropout === undefined ? {} : { dropout };
  const attend = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [packedInput, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([packedInput, ...(dropout === undefined ? [] : [dropout])]);
    return {
      value: tf.engine().runKernel(MASKED_ATTENTION_PACKED, { qkv: packedInput, ...extra }, attrs) as tf.Tensor3D,
      gradFunc: (dy, saved) => {
        const [sqkv, sd] = saved as tf.Tensor[];
        return tf.engine().runKernel(MASKED_ATTENTION_PACKED_BACKWARD, { qkv: sqkv as tf.Tensor, dy: dy as tf.Tensor, ...(sd === undefined ? {} : { dropout: sd }) }, attrs) as tf.Tensor;
      },
    };
  });
  return attend(qkv) as tf.Tensor3D;
}
