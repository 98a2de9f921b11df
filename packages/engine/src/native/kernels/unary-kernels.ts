import type * as tf from '@tensorflow/tfjs-core';
import { floatValues } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernel, FastKernelConfig } from './kernel-types.js';

/** Native op codes of recnas_native.c's `unary` (libm's float functions; JavaScript's Math.exp is ~5x slower). */
const OPS: ReadonlyArray<readonly [kernelName: string, op: number]> = [
  ['Exp', 0],
  ['Log', 1],
  ['Sqrt', 2],
  ['Sigmoid', 3],
  ['Tanh', 4],
  ['Relu', 5],
  ['Step', 6],
];

function unaryKernel(op: number): FastKernel {
  return ({ inputs, backend, attrs }, addon: NativeAddon): tf.TensorInfo | undefined => {
    const { x } = inputs;
    if (x === undefined) return undefined;
    const values = floatValues(backend, x);
    if (values === undefined) return undefined;
    const out = new Float32Array(values.length);
    addon.unary(op, values, out, (attrs['alpha'] as number | undefined) ?? 0);
    return backend.makeTensorInfo([...x.shape], 'float32', out);
  };
}

export const unaryKernels: ReadonlyArray<FastKernelConfig> = OPS.map(([kernelName, op]) => ({ kernelName, kernel: unaryKernel(op) }));
