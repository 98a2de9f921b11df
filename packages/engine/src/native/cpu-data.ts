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

/**
 * A Float32Array of `length` whose contents are unspecified: for kernel outputs the native code overwrites
 * completely. Large ones skip the zero-fill `new Float32Array` does (Node's `Buffer.allocUnsafe` returns fresh,
 * uninitialised memory; the Slow variant never shares a pool), which for SASRec's layer outputs (~40 MB a layer) was ~9 ms a step.
 */
export function uninitializedFloats(length: number): Float32Array {
  if (length < 1024) return new Float32Array(length);
  const bytes = Buffer.allocUnsafeSlow(length * 4); // never from Node's shared pool, whatever Buffer.poolSize is
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

export function sizeOf(shape: ReadonlyArray<number>): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}
