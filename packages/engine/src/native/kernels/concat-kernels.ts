import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';

/**
 * Concat of float32 tensors along `axis`: per outer row, one contiguous run from each input (the stock
 * kernel goes through 2-D reshapes and a generic copy).
 */
function concat({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo | undefined {
  const parts = Object.values(inputs).filter((info): info is tf.TensorInfo => info !== undefined);
  const first = parts[0];
  if (first === undefined) return undefined;
  const values = parts.map((part) => floatValues(backend, part));
  if (values.some((value) => value === undefined)) return undefined;
  const axis = tf.util.parseAxisParam(attrs['axis'] as number, first.shape)[0] as number;
  const rank = first.shape.length;
  if (parts.some((part) => part.shape.length !== rank || part.shape.some((d, i) => i !== axis && d !== first.shape[i]))) return undefined;
  const outShape = [...first.shape];
  outShape[axis] = parts.reduce((total, part) => total + (part.shape[axis] as number), 0);
  const outer = sizeOf(first.shape.slice(0, axis));
  const runs = parts.map((part) => sizeOf(part.shape.slice(axis)));
  const rowLength = runs.reduce((a, b) => a + b, 0);
  const out = new Float32Array(outer * rowLength);
  let offset = 0;
  parts.forEach((_, i) => {
    const source = values[i] as Float32Array;
    const run = runs[i] as number;
    if (run > 0) {
      for (let row = 0; row < outer; row++) out.set(source.subarray(row * run, (row + 1) * run), row * rowLength + offset);
    }
    offset += run;
  });
  return backend.makeTensorInfo(outShape, 'float32', out);
}

export const concatKernels: ReadonlyArray<FastKernelConfig> = [{ kernelName: 'Concat', kernel: concat }];
