import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';

/**
 * Concat of float32 tensors along `axis`: per input, one native call copying its contiguous run of every
 * outer row (the stock kernel goes through 2-D reshapes and a generic copy).
 */
function concat({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo | undefined {
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
    if (run > 0 && outer > 0) addon.copyRuns(source, 0, run, out, offset, rowLength, outer, run);
    offset += run;
  });
  return backend.makeTensorInfo(outShape, 'float32', out);
}

export const concatKernels: ReadonlyArray<FastKernelConfig> = [{ kernelName: 'Concat', kernel: concat }];
