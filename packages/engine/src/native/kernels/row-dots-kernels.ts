import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';
import { uninitializedFloats } from '../cpu-data.js';

/** Kernel names of the per-row dot products (recnas's own ops; only the native backend has them). */
export const ROW_DOTS = 'RecnasRowDots';
export const ROW_DOTS_BACKWARD = 'RecnasRowDotsBackward';

function rowDots(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const [rows = 0, width = 0] = (args.inputs['a'] as tf.TensorInfo).shape;
  const out = new Float32Array(rows);
  addon.rowDots(inputFloats(args, 'a', ROW_DOTS), inputFloats(args, 'b', ROW_DOTS), out, width);
  return args.backend.makeTensorInfo([rows], 'float32', out);
}

/** Outputs da, db. */
function rowDotsBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const shape = [...(args.inputs['a'] as tf.TensorInfo).shape];
  const a = inputFloats(args, 'a', ROW_DOTS_BACKWARD);
  const gradients = [uninitializedFloats(a.length), uninitializedFloats(a.length)] as const; // every value is written
  addon.rowDotsBackward(a, inputFloats(args, 'b', ROW_DOTS_BACKWARD), inputFloats(args, 'dy', ROW_DOTS_BACKWARD), ...gradients, shape[1] ?? 1);
  return gradients.map((values) => args.backend.makeTensorInfo(shape, 'float32', values));
}

/** Registers the row-dot kernels on `backendName` (called by registerNativeBackend). */
export function registerRowDotsKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [ROW_DOTS]: rowDots, [ROW_DOTS_BACKWARD]: rowDotsBackward });
}
