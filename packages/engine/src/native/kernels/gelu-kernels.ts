import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused GELU (recnas's own ops; only the native backend has them). */
export const GELU = 'RecnasGelu';
export const GELU_BACKWARD = 'RecnasGeluBackward';

function shapeOf(args: KernelArgs): number[] {
  return [...(args.inputs['x'] as tf.TensorInfo).shape];
}

function gelu(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const x = inputFloats(args, 'x', GELU);
  const out = new Float32Array(x.length);
  addon.gelu(x, out);
  return args.backend.makeTensorInfo(shapeOf(args), 'float32', out);
}

function geluBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const x = inputFloats(args, 'x', GELU_BACKWARD);
  const dx = new Float32Array(x.length);
  addon.geluBackward(x, inputFloats(args, 'dy', GELU_BACKWARD), dx);
  return args.backend.makeTensorInfo(shapeOf(args), 'float32', dx);
}

/** Registers the GELU kernels on `backendName` (called by registerNativeBackend). */
export function registerGeluKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [GELU]: gelu, [GELU_BACKWARD]: geluBackward });
}
