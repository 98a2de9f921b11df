import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused multi-head attention (recnas's own ops; only the native backend has them). */
export const ATTENTION = 'RecnasAttention';
export const ATTENTION_BACKWARD = 'RecnasAttentionBackward';

const floatsOf = (args: KernelArgs, name: string): Float32Array => inputFloats(args, name, ATTENTION);

function attention(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const query = args.inputs['query'] as tf.TensorInfo;
  const [batch = 0, rows = 0] = query.shape;
  const out = new Float32Array(floatsOf(args, 'query').length);
  addon.attention(floatsOf(args, 'query'), floatsOf(args, 'key'), floatsOf(args, 'value'), out, batch, rows, args.attrs['heads'] as number);
  return args.backend.makeTensorInfo([...query.shape], 'float32', out);
}

/** Outputs dQuery, dKey and dValue. */
function attentionBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const query = args.inputs['query'] as tf.TensorInfo;
  const [batch = 0, rows = 0] = query.shape;
  const size = floatsOf(args, 'query').length;
  const gradients = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
  addon.attentionBackward(
    floatsOf(args, 'query'),
    floatsOf(args, 'key'),
    floatsOf(args, 'value'),
    floatsOf(args, 'dy'),
    ...gradients,
    batch,
    rows,
    args.attrs['heads'] as number,
  );
  return gradients.map((values) => args.backend.makeTensorInfo([...query.shape], 'float32', values));
}

/** Registers the attention kernels on `backendName` (called by registerNativeBackend). */
export function registerAttentionKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [ATTENTION]: attention, [ATTENTION_BACKWARD]: attentionBackward });
}
