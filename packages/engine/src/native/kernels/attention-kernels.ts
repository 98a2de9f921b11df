import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused multi-head attention (recnas's own ops; only the native backend has them). */
export const ATTENTION = 'RecnasAttention';
export const ATTENTION_BACKWARD = 'RecnasAttentionBackward';

const floatsOf = (args: KernelArgs, name: string): Float32Array => inputFloats(args, name, ATTENTION);

/** Batch, key rows and query rows (queries may be fewer than keys: the first rows' tokens). */
function rowsOf(args: KernelArgs): [number, number, number] {
  const [batch = 0, queryRows = 0] = (args.inputs['query'] as tf.TensorInfo).shape;
  const [, rows = 0] = (args.inputs['key'] as tf.TensorInfo).shape;
  return [batch, rows, queryRows];
}

function attention(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const query = args.inputs['query'] as tf.TensorInfo;
  const [batch, rows, queryRows] = rowsOf(args);
  const out = new Float32Array(floatsOf(args, 'query').length);
  addon.attention(floatsOf(args, 'query'), floatsOf(args, 'key'), floatsOf(args, 'value'), out, batch, rows, args.attrs['heads'] as number, queryRows);
  return args.backend.makeTensorInfo([...query.shape], 'float32', out);
}

/** Outputs dQuery, dKey and dValue. */
function attentionBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const query = args.inputs['query'] as tf.TensorInfo;
  const key = args.inputs['key'] as tf.TensorInfo;
  const [batch, rows, queryRows] = rowsOf(args);
  const querySize = floatsOf(args, 'query').length;
  const keySize = floatsOf(args, 'key').length;
  const gradients = [new Float32Array(querySize), new Float32Array(keySize), new Float32Array(keySize)] as const;
  addon.attentionBackward(
    floatsOf(args, 'query'),
    floatsOf(args, 'key'),
    floatsOf(args, 'value'),
    floatsOf(args, 'dy'),
    ...gradients,
    batch,
    rows,
    args.attrs['heads'] as number,
    queryRows,
  );
  return gradients.map((values, i) => args.backend.makeTensorInfo([...(i === 0 ? query.shape : key.shape)], 'float32', values));
}

/** Registers the attention kernels on `backendName` (called by registerNativeBackend). */
export function registerAttentionKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [ATTENTION]: attention, [ATTENTION_BACKWARD]: attentionBackward });
}
