import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import { binaryLayout } from './broadcast-mode.js';
import type { FastKernel, FastKernelConfig } from './kernel-types.js';

/** Native op codes of recnas_native.c's `binary`. */
const OPS: ReadonlyArray<readonly [kernelName: string, op: number]> = [
  ['Add', 0],
  ['Sub', 1],
  ['Multiply', 2],
  ['RealDiv', 3],
  ['Maximum', 4],
  ['Minimum', 5],
  ['SquaredDifference', 6],
];

function binaryKernel(op: number): FastKernel {
  return ({ inputs, backend }, addon: NativeAddon) => {
    const { a, b } = inputs;
    if (a === undefined || b === undefined) return undefined;
    const aValues = floatValues(backend, a);
    const bValues = floatValues(backend, b);
    if (aValues === undefined || bValues === undefined) return undefined;
    let out: number[];
    try {
      out = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    } catch {
      return undefined;
    }
    if (out.length > 8) return undefined;
    const layout = binaryLayout(a.shape, b.shape, out);
    const values = new Float32Array(sizeOf(out));
    addon.binary(op, aValues, bValues, values, layout.shape, layout.aStrides, layout.bStrides);
    return backend.makeTensorInfo(out, 'float32', values);
  };
}

export const binaryKernels: ReadonlyArray<FastKernelConfig> = OPS.map(([kernelName, op]) => ({ kernelName, kernel: binaryKernel(op) }));
