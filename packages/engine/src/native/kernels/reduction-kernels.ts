import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';
import { transposeValues } from './transpose-kernels.js';

/**
 * Sum over `axes` of a float32 tensor. Reduced axes that are leading (e.g. the batch axis of a bias
 * gradient) are summed row by row into the output, trailing ones per output element; any other set is
 * first permuted to trailing. Sums accumulate in float64 and round once.
 */
function sum({ inputs, backend, attrs }: KernelArgs, addon?: NativeAddon): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (x === undefined) return undefined;
  const values = floatValues(backend, x);
  if (values === undefined) return undefined;
  const rank = x.shape.length;
  const axes = [...tf.util.parseAxisParam(attrs['axis'] as number | number[], x.shape)].sort((a, b) => a - b);
  const keepDims = attrs['keepDims'] === true;
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outShape = keepDims ? x.shape.map((dimension, d) => (axes.includes(d) ? 1 : dimension)) : kept.map((d) => x.shape[d] as number);
  const outSize = sizeOf(kept.map((d) => x.shape[d] as number));
  const reduceSize = sizeOf(axes.map((d) => x.shape[d] as number));
  const leading = axes.every((axis, i) => axis === i);
  const trailing = axes.every((axis, i) => axis === rank - axes.length + i);
  const out = new Float32Array(outSize);
  if (outSize === 0) {
    // Nothing to sum into (a zero-sized kept axis).
  } else if (leading && !trailing && addon !== undefined) {
    addon.sumRows(values, out, outSize);
  } else if (leading && !trailing) {
    const accumulator = new Float64Array(outSize);
    for (let r = 0; r < reduceSize; r++) {
      const offset = r * outSize;
      for (let j = 0; j < outSize; j++) accumulator[j] = (accumulator[j] as number) + (values[offset + j] as number);
    }
    out.set(accumulator);
  } else {
    const source = trailing ? values : transposeValues(values, x.shape, [...kept, ...axes]);
    for (let j = 0; j < outSize; j++) {
      let total = 0;
      const offset = j * reduceSize;
      for (let r = 0; r < reduceSize; r++) total += source[offset + r] as number;
      out[j] = total;
    }
  }
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** Mean = Sum / count, scaled in place on the fresh sum (the stock kernel divides the whole input first). */
function mean(args: KernelArgs, addon?: NativeAddon): tf.TensorInfo | undefined {
  const { x } = args.inputs;
  if (x === undefined) return undefined;
  const total = sum(args, addon);
  if (total === undefined) return undefined;
  const values = floatValues(args.backend, total) as Float32Array;
  const count = sizeOf(x.shape) / Math.max(1, values.length);
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / count;
  return total;
}

export const reductionKernels: ReadonlyArray<FastKernelConfig> = [
  { kernelName: 'Sum', kernel: sum },
  { kernelName: 'Mean', kernel: mean },
];
