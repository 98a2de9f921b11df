import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused pairwise interaction (recnas's own ops; only the native backend has them). */
export const PAIRWISE_DOTS = 'RecnasPairwiseDots';
export const PAIRWISE_DOTS_BACKWARD = 'RecnasPairwiseDotsBackward';

const floatsOf = (args: KernelArgs, name: string): Float32Array => inputFloats(args, name, PAIRWISE_DOTS);

function pairwiseDots(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const [batch = 0, n = 0, e = 0] = (args.inputs['x'] as tf.TensorInfo).shape;
  const out = new Float32Array((batch * n * (n - 1)) / 2);
  addon.pairwiseDots(floatsOf(args, 'x'), out, batch, n, e);
  return args.backend.makeTensorInfo([batch, (n * (n - 1)) / 2], 'float32', out);
}

function pairwiseDotsBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [batch = 0, n = 0, e = 0] = x.shape;
  const dx = new Float32Array(batch * n * e);
  addon.pairwiseDotsBackward(floatsOf(args, 'x'), floatsOf(args, 'dy'), dx, batch, n, e);
  return args.backend.makeTensorInfo([...x.shape], 'float32', dx);
}

/** Registers the pairwise-dots kernels on `backendName` (called by registerNativeBackend). */
export function registerPairwiseDotsKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [PAIRWISE_DOTS]: pairwiseDots, [PAIRWISE_DOTS_BACKWARD]: pairwiseDotsBackward });
}
