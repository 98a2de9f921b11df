import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';

/** Kernel names of the fused LayerNorm (recnas's own ops; only the native backend has them). */
export const LAYER_NORM = 'RecnasLayerNorm';
export const LAYER_NORM_BACKWARD = 'RecnasLayerNormBackward';

const floatsOf = (args: KernelArgs, name: string): Float32Array => inputFloats(args, name, LAYER_NORM);

function widthOf(args: KernelArgs): number {
  const shape = (args.inputs['x'] as tf.TensorInfo).shape;
  return shape[shape.length - 1] ?? 1;
}

function layerNorm(args: KernelArgs, addon: NativeAddon): tf.TensorInfo {
  const x = floatsOf(args, 'x');
  const out = new Float32Array(x.length);
  addon.layerNorm(x, floatsOf(args, 'gamma'), floatsOf(args, 'beta'), out, widthOf(args), args.attrs['epsilon'] as number);
  return args.backend.makeTensorInfo([...(args.inputs['x'] as tf.TensorInfo).shape], 'float32', out);
}

/** Outputs dx, dGamma and dBeta. */
function layerNormBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const x = floatsOf(args, 'x');
  const width = widthOf(args);
  const dx = new Float32Array(x.length);
  const dGamma = new Float32Array(width);
  const dBeta = new Float32Array(width);
  addon.layerNormBackward(x, floatsOf(args, 'gamma'), floatsOf(args, 'dy'), dx, dGamma, dBeta, width, args.attrs['epsilon'] as number);
  return [
    args.backend.makeTensorInfo([...(args.inputs['x'] as tf.TensorInfo).shape], 'float32', dx),
    args.backend.makeTensorInfo([width], 'float32', dGamma),
    args.backend.makeTensorInfo([width], 'float32', dBeta),
  ];
}

/** Registers the LayerNorm kernels on `backendName` (called by registerNativeBackend). */
export function registerLayerNormKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [LAYER_NORM]: layerNorm, [LAYER_NORM_BACKWARD]: layerNormBackward });
}
