import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';
import { uninitializedFloats } from '../cpu-data.js';

/** Kernel names of the fused embedding LayerNorm (recnas's own ops; only the native backend has them). */
export const POSITIONAL_NORM = 'RecnasPositionalNorm';
export const POSITIONAL_NORM_BACKWARD = 'RecnasPositionalNormBackward';

const dimsOf = (x: tf.TensorInfo): Int32Array => Int32Array.from(x.shape.slice(0, 3));
const dropoutOf = (args: KernelArgs): Float64Array => Float64Array.from(args.attrs['dropout'] as number[]);

/** Outputs out [B, L, d], then the saved normalized rows [B x L, d] and 1 / std [B x L]. */
function positionalNorm(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [batch = 0, length = 0, d = 0] = x.shape;
  const rows = batch * length;
  const shapes = [[batch, length, d], [rows, d], [rows]];
  const outputs = shapes.map((shape) => uninitializedFloats(shape.reduce((a, b) => a * b, 1))); // every value is written
  const floats = (name: string): Float32Array => inputFloats(args, name, POSITIONAL_NORM);
  addon.positionalNorm([floats('x'), floats('positions'), floats('gamma'), floats('beta'), ...outputs], dimsOf(x), args.attrs['epsilon'] as number, dropoutOf(args));
  return outputs.map((values, i) => args.backend.makeTensorInfo(shapes[i] as number[], 'float32', values));
}

/** Outputs dx, dpositions, dgamma, dbeta. */
function positionalNormBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const dy = args.inputs['dy'] as tf.TensorInfo;
  const [batch = 0, length = 0, d = 0] = dy.shape;
  const shapes = [[batch, length, d], [length, d], [d], [d]];
  const gradients = shapes.map((shape) => uninitializedFloats(shape.reduce((a, b) => a * b, 1))); // every value is written
  const floats = (name: string): Float32Array => inputFloats(args, name, POSITIONAL_NORM_BACKWARD);
  addon.positionalNormBackward([floats('dy'), floats('normalized'), floats('rstd'), floats('gamma'), ...gradients], dimsOf(dy), dropoutOf(args));
  return gradients.map((values, i) => args.backend.makeTensorInfo(shapes[i] as number[], 'float32', values));
}

/** Registers the fused embedding LayerNorm kernels on `backendName` (called by registerNativeBackend). */
export function registerPositionalNormKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [POSITIONAL_NORM]: positionalNorm, [POSITIONAL_NORM_BACKWARD]: positionalNormBackward });
}
