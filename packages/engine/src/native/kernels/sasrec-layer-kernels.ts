import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import type { KernelArgs } from './kernel-types.js';
import { inputFloats, registerCustomKernels } from './custom-kernels.js';
import { uninitializedFloats } from '../cpu-data.js';

/** Kernel names of SASRec's fused post-LN layer (recnas's own ops; only the native backend has them). */
export const SASREC_LAYER = 'RecnasSasrecLayer';
export const SASREC_LAYER_BACKWARD = 'RecnasSasrecLayerBackward';

/** The layer's weight inputs, in native/sasrec_layer.c's order. */
export const SASREC_LAYER_WEIGHTS = ['wqkv', 'bqkv', 'wo', 'bo', 'g1', 'be1', 'w1', 'b1', 'w2', 'b2', 'g2', 'be2'] as const;
/** The forward's saved outputs after `out`, in order. */
export const SASREC_LAYER_SAVED = ['qkv', 'ctx', 'n1', 'rstd1', 'h', 'z1', 'n2', 'rstd2'] as const;

/** [batch, rows, d, a, f, heads] from x [B, L, d], wqkv [d, 3a], w1 [d, f] and the heads attribute. */
function dimsOf(args: KernelArgs): Int32Array {
  const [batch = 0, rows = 0, d = 0] = (args.inputs['x'] as tf.TensorInfo).shape;
  const a = ((args.inputs['wqkv'] as tf.TensorInfo).shape[1] ?? 0) / 3;
  const f = (args.inputs['w1'] as tf.TensorInfo).shape[1] ?? 0;
  return Int32Array.from([batch, rows, d, a, f, args.attrs['heads'] as number]);
}

const keyStartOf = (args: KernelArgs): Int32Array => Int32Array.from(args.attrs['keyStart'] as number[]);
/** [seed, threshold, keep] for the attention, output and FFN dropout (keep 0: none), from the `dropout` attribute. */
const dropoutOf = (args: KernelArgs): Float64Array => Float64Array.from(args.attrs['dropout'] as number[]);

/** Outputs out [B, L, d], then the saved qkv [N, 3a], ctx [N, a], n1 [N, d], rstd1 [N], h [N, d], z1 [N, f], n2 [N, d], rstd2 [N]. */
function sasrecLayer(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const dims = dimsOf(args);
  const [batch = 0, rows = 0, d = 0, a = 0, f = 0] = dims;
  const n = batch * rows;
  const shapes: number[][] = [[batch, rows, d], [n, 3 * a], [n, a], [n, d], [n], [n, d], [n, f], [n, d], [n]];
  const outputs = shapes.map((shape) => uninitializedFloats(shape.reduce((x, y) => x * y, 1))); // every value is written
  const inputs = [inputFloats(args, 'x', SASREC_LAYER), ...SASREC_LAYER_WEIGHTS.map((name) => inputFloats(args, name, SASREC_LAYER))];
  addon.sasrecLayer([...inputs, ...outputs], dims, keyStartOf(args), args.attrs['epsilon'] as number, dropoutOf(args));
  return outputs.map((values, i) => args.backend.makeTensorInfo(shapes[i] as number[], 'float32', values));
}

/** Outputs dx, then the gradient of each weight in SASREC_LAYER_WEIGHTS order. */
function sasrecLayerBackward(args: KernelArgs, addon: NativeAddon): tf.TensorInfo[] {
  const dims = dimsOf(args);
  const floats = (name: string): Float32Array => inputFloats(args, name, SASREC_LAYER_BACKWARD);
  const shapes = [(args.inputs['x'] as tf.TensorInfo).shape, ...SASREC_LAYER_WEIGHTS.map((name) => (args.inputs[name] as tf.TensorInfo | undefined)?.shape ?? [])];
  const gradients = shapes.map((shape) => uninitializedFloats(shape.reduce((x, y) => x * y, 1))); // every value is written
  const inputs = [
    floats('dy'), floats('x'), floats('wqkv'), floats('wo'), floats('g1'), floats('w1'), floats('w2'), floats('g2'),
    ...SASREC_LAYER_SAVED.map(floats),
  ];
  addon.sasrecLayerBackward([...inputs, ...gradients], dims, keyStartOf(args), dropoutOf(args));
  return gradients.map((values, i) => args.backend.makeTensorInfo([...(shapes[i] as number[])], 'float32', values));
}

/** Registers the fused SASRec layer kernels on `backendName` (called by registerNativeBackend). */
export function registerSasrecLayerKernels(backendName: string, addon: NativeAddon): void {
  registerCustomKernels(backendName, addon, { [SASREC_LAYER]: sasrecLayer, [SASREC_LAYER_BACKWARD]: sasrecLayerBackward });
}
