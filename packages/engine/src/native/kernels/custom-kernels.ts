import * as tf from '@tensorflow/tfjs-core';
import { floatValues } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';

/** The float32 values of input `name` of recnas's own kernel `kernelName`; throws for anything else. */
export function inputFloats(args: KernelArgs, name: string, kernelName: string): Float32Array {
  const info = args.inputs[name];
  const values = info === undefined ? undefined : floatValues(args.backend, info);
  if (values === undefined) throw new Error(`${kernelName}: input "${name}" must be a float32 tensor`);
  return values;
}

/** A kernel of recnas's own (no stock kernel of that name exists) and its native implementation. */
export type CustomKernel = (args: KernelArgs, addon: NativeAddon) => tf.TensorInfo | tf.TensorInfo[];

/** Registers recnas's own kernels on `backendName`, bound to `addon`. */
export function registerCustomKernels(backendName: string, addon: NativeAddon, kernels: Readonly<Record<string, CustomKernel>>): void {
  for (const [kernelName, kernel] of Object.entries(kernels)) {
    tf.registerKernel({ kernelName, backendName, kernelFunc: ((args: KernelArgs) => kernel(args, addon)) as unknown as tf.KernelFunc });
  }
}
