import type * as tf from '@tensorflow/tfjs-core';

/** The tfjs cpu backend as the kernels see it: tensor values are plain typed arrays behind `data`. */
export interface CpuBackendLike {
  readonly data: { get(dataId: object): { values?: unknown; refCount?: number } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

/** The float32 values of a tensor on the cpu-family backend, or undefined (other dtype, complex, strings). */
export function floatValues(backend: CpuBackendLike, info: tf.TensorInfo): Float32Array | undefined {
  if (info.dtype !== 'float32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array ? values : undefined;
}

export function sizeOf(shape: ReadonlyArray<number>): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}
