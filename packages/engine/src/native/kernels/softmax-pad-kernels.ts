import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';
import { stepOdometer } from './strided-copy.js';

/**
 * Softmax over the last axis, row by row in C (max-shifted, as tfjs): the stock cpu kernel composes max,
 * sub, exp, sum and div through generic broadcasting, which dominated the supernet's attention step.
 */
function softmax({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo | undefined {
  const { logits } = inputs;
  if (logits === undefined) return undefined;
  const values = floatValues(backend, logits);
  const rank = logits.shape.length;
  const dim = attrs['dim'] as number;
  if (values === undefined || rank === 0 || values.length === 0 || (dim !== -1 && dim !== rank - 1)) return undefined;
  const out = new Float32Array(values.length);
  addon.softmaxRows(values, out, logits.shape[rank - 1] as number);
  return backend.makeTensorInfo([...logits.shape], 'float32', out);
}

/** PadV2 with a constant: fill, then copy `x` row run by row run into the box at the low paddings. */
function pad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (x === undefined || x.shape.length === 0) return undefined;
  const values = floatValues(backend, x);
  if (values === undefined) return undefined;
  const paddings = attrs['paddings'] as Array<[number, number]>;
  const rank = x.shape.length;
  const outShape = x.shape.map((size, d) => size + (paddings[d]?.[0] ?? 0) + (paddings[d]?.[1] ?? 0));
  const out = new Float32Array(sizeOf(outShape)).fill((attrs['constantValue'] as number | undefined) ?? 0);
  if (values.length === 0) return backend.makeTensorInfo(outShape, 'float32', out);
  const outStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) outStrides[d] = (outStrides[d + 1] as number) * (outShape[d + 1] as number);
  const run = x.shape[rank - 1] as number;
  let offset = 0;
  for (let d = 0; d < rank; d++) offset += (paddings[d]?.[0] ?? 0) * (outStrides[d] as number);
  const counter = new Array<number>(rank - 1).fill(0); // over dims [0, rank - 1)
  let target = offset;
  for (let source = 0; source < values.length; source += run) {
    out.set(values.subarray(source, source + run), target);
    target += stepOdometer(counter, x.shape, outStrides);
  }
  return backend.makeTensorInfo(outShape, 'float32', out);
}

export const softmaxPadKernels: ReadonlyArray<FastKernelConfig> = [
  { kernelName: 'Softmax', kernel: softmax },
  { kernelName: 'PadV2', kernel: pad },
];
