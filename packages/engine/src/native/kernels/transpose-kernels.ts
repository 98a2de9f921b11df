import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';
import { stepOdometer } from './strided-copy.js';

/**
 * out = x permuted by `perm`, walking the output in order with an odometer over input strides (the stock
 * kernel converts every index to coordinates and back).
 */
export function transposeValues(values: Float32Array, shape: ReadonlyArray<number>, perm: ReadonlyArray<number>): Float32Array {
  const rank = shape.length;
  const out = new Float32Array(values.length);
  const inStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) inStrides[d] = (inStrides[d + 1] as number) * (shape[d + 1] as number);
  const outShape = perm.map((axis) => shape[axis] as number);
  const step = perm.map((axis) => inStrides[axis] as number);
  const last = rank - 1;
  const innerSize = outShape[last] as number;
  const innerStep = step[last] as number;
  const counter = new Array<number>(last).fill(0); // over output dims [0, last)
  let source = 0;
  for (let target = 0; target < out.length; target += innerSize) {
    let s = source;
    for (let i = 0; i < innerSize; i++, s += innerStep) out[target + i] = values[s] as number;
    source += stepOdometer(counter, outShape, step);
  }
  return out;
}

function transpose({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (x === undefined || x.shape.length === 0) return undefined;
  const values = floatValues(backend, x);
  if (values === undefined || sizeOf(x.shape) === 0) return undefined;
  const perm = attrs['perm'] as number[];
  return backend.makeTensorInfo(
    perm.map((axis) => x.shape[axis] as number),
    'float32',
    transposeValues(values, x.shape, perm),
  );
}

export const transposeKernels: ReadonlyArray<FastKernelConfig> = [{ kernelName: 'Transpose', kernel: transpose }];
