import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the causal, left-padded attention (recnas's own ops; only the native backend has them). */
export const MASKED_ATTENTION = 'RecnasMaskedAttention';
export const MASKED_ATTENTION_BACKWARD = 'RecnasMaskedAttentionBackward';
export const MASKED_ATTENTION_PACKED = 'RecnasMaskedAttentionPacked';
export const MASKED_ATTENTION_PACKED_BACKWARD = 'RecnasMaskedAttentionPackedBackward';

const NO_DROPOUT = new Float32Array(0);

function common(args: KernelArgs, kernelName: string): { query: tf.TensorInfo; batch: number; rows: number; heads: number; keyStart: Int32Array; drop: Float32Array } {
  const query = args.inputs['query'] as tf.TensorInfo;
  const [batch = 0, rows = 0] = query.shape;
  const drop = args.inputs['dropout'] === undefined ? NO_DROPOUT : inputFloats(args, 'dropout', kernelName);
  return { query, batch, rows, heads: args.attrs['heads'] as number, keyStart: Int32Array.from(args.attrs['keyStart'] as number[]), drop };
}

function maskedAttention(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const { query, batch, rows, heads, keyStart, drop } = common(args, MASKED_ATTENTION);
  const floats = (name: string): Float32Array => inputFloats(args, name, MASKED_ATTENTION);
  const out = new Float32Array(floats('query').length);
  addon.maskedAttention(floats('query'), floats('key'), floats('value'), out, batch, rows, heads, keyStart, drop);
  return args.backend.makeTensorInfo([...query.shape], 'float32', out);
}

/** Outputs dQuery, dKey and dValue. */
function maskedAttentionBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const { query, batch, rows, heads, keyStart, drop } = common(args, MASKED_ATTENTION_BACKWARD);
  const floats = (name: string): Float32Array => inputFloats(args, name, MASKED_ATTENTION_BACKWARD);
  const size = floats('query').length;
  const gradients = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
  addon.maskedAttentionBackward(floats('query'), floats('key'), floats('value'), floats('dy'), ...gradients, batch, rows, heads, keyStart, drop);
  return gradients.map((values) => args.backend.makeTensorInfo([...query.shape], 'float32', values));
}

/** The packed form: input `qkv [B, L, 3E]` (q, k, v side by side), output `[B, L, E]`. */
function maskedAttentionPacked(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const qkv = args.inputs['qkv'] as tf.TensorInfo;
  const [batch = 0, rows = 0, packed = 0] = qkv.shape;
  const drop = args.inputs['dropout'] === undefined ? NO_DROPOUT : inputFloats(args, 'dropout', MASKED_ATTENTION_PACKED);
  const out = new Float32Array(batch * rows * (packed / 3));
  addon.maskedAttentionPacked(inputFloats(args, 'qkv', MASKED_ATTENTION_PACKED), out, batch, rows, args.attrs['heads'] as number, Int32Array.from(args.attrs['keyStart'] as number[]), drop);
  return args.backend.makeTensorInfo([batch, rows, packed / 3], 'float32', out);
}

/** dqkv `[B, L, 3E]`. */
function maskedAttentionPackedBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const qkv = args.inputs['qkv'] as tf.TensorInfo;
  const [batch = 0, rows = 0] = qkv.shape;
  const values = inputFloats(args, 'qkv', MASKED_ATTENTION_PACKED_BACKWARD);
  const drop = args.inputs['dropout'] === undefined ? NO_DROPOUT : inputFloats(args, 'dropout', MASKED_ATTENTION_PACKED_BACKWARD);
  const dqkv = new Float32Array(values.length);
  addon.maskedAttentionPackedBackward(values, inputFloats(args, 'dy', MASKED_ATTENTION_PACKED_BACKWARD), dqkv, batch, rows, args.attrs['heads'] as number, Int32Array.from(args.attrs['keyStart'] as number[]), drop);
  return args.backend.makeTensorInfo([...qkv.shape], 'float32', dqkv);
}

/** Registers the masked attention kernels on `backendName` (called by registerNativeBackend). */
export function registerMaskedAttentionKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, {
    [MASKED_ATTENTION]: maskedAttention,
    [MASKED_ATTENTION_BACKWARD]: maskedAttentionBackward,
    [MASKED_ATTENTION_PACKED]: maskedAttentionPacked,
    [MASKED_ATTENTION_PACKED_BACKWARD]: maskedAttentionPackedBackward,
  });
}
