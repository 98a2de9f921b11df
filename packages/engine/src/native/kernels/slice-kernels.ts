import * as tf from '@tensorflow/tfjs-core';
import { sizeOf, type CpuBackendLike } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';
import { copyBox } from './strided-copy.js';

function numericValues(backend: CpuBackendLike, info: tf.TensorInfo): Float32Array | Int32Array | undefined {
  if (info.dtype !== 'float32' && info.dtype !== 'int32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array || values instanceof Int32Array ? values : undefined;
}

/** Slices `x` to a fresh dense tensor (a contiguous slice still copies: the result must not alias `x`). */
function sliceOf(backend: CpuBackendLike, addon: NativeAddon, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo | undefined {
  const values = numericValues(backend, x);
  if (values === undefined) return undefined;
  const out = x.dtype === 'int32' ? new Int32Array(sizeOf(size)) : new Float32Array(sizeOf(size));
  copyBox(values, x.shape, begin, size, out, addon);
  return backend.makeTensorInfo(size, x.dtype, out);
}

function slice({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (x === undefined) return undefined;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs['begin'] as number[], attrs['size'] as number[]) as [number[], number[]];
  tf.slice_util.assertParamsValid(x as tf.Tensor, begin, size);
  return sliceOf(backend, addon, x, begin, size);
}

/** SplitV (also the gradient of Concat): one strided copy per piece. */
function splitV({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo[] | undefined {
  const { x } = inputs;
  if (x === undefined || numericValues(backend, x) === undefined) return undefined;
  const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0] as number;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs['numOrSizeSplits'] as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  const size = [...x.shape];
  return sizes.map((pieceSize) => {
    size[axis] = pieceSize;
    const piece = sliceOf(backend, addon, x, [...begin], [...size]) as tf.TensorInfo;
    begin[axis] = (begin[axis] as number) + pieceSize;
    return piece;
  });
}

export const sliceKernels: ReadonlyArray<FastKernelConfig> = [
  { kernelName: 'Slice', kernel: slice },
  { kernelName: 'SplitV', kernel: splitV },
];
