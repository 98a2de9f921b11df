import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused dense layer (recnas's own ops; only the native backend has them). */
export const DENSE = 'RecnasDense';
export const DENSE_BACKWARD = 'RecnasDenseBackward';

const NO_BIAS = new Float32Array(0);

const floatsOf = (args: KernelArgs, name: string): Float32Array => inputFloats(args, name, DENSE);

function shapeOf(args: KernelArgs): { m: number; n: number; k: number; relu: number } {
  const [m = 0, k = 0] = (args.inputs['x'] as tf.TensorInfo).shape;
  const n = (args.inputs['kernel'] as tf.TensorInfo).shape[1] ?? 0;
  return { m, n, k, relu: args.attrs['activation'] === 'relu' ? 1 : 0 };
}

function dense(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const { m, n, k, relu } = shapeOf(args);
  const out = new Float32Array(m * n);
  const bias = args.inputs['bias'] === undefined ? NO_BIAS : floatsOf(args, 'bias');
  addon.dense(floatsOf(args, 'x'), floatsOf(args, 'kernel'), bias, out, m, n, k, relu);
  return args.backend.makeTensorInfo([m, n], 'float32', out);
}

/** Outputs dx, dKernel and, when the layer has a bias, dBias. */
function denseBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const { m, n, k, relu } = shapeOf(args);
  const dx = new Float32Array(m * k);
  const dKernel = new Float32Array(k * n);
  const hasBias = args.attrs['hasBias'] === true;
  const dBias = hasBias ? new Float32Array(n) : NO_BIAS;
  addon.denseBackward(floatsOf(args, 'x'), floatsOf(args, 'kernel'), floatsOf(args, 'y'), floatsOf(args, 'dy'), dx, dKernel, dBias, m, n, k, relu);
  const outputs = [args.backend.makeTensorInfo([m, k], 'float32', dx), args.backend.makeTensorInfo([k, n], 'float32', dKernel)];
  if (hasBias) outputs.push(args.backend.makeTensorInfo([n], 'float32', dBias));
  return outputs;
}

/** Registers the dense-layer kernels on `backendName` (called by registerNativeBackend). */
export function registerDenseKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [DENSE]: dense, [DENSE_BACKWARD]: denseBackward });
}
