import * as tf from '@tensorflow/tfjs-core';
import { floatValues, sizeOf, type CpuBackendLike } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';
import type { FastKernelConfig, KernelArgs } from './kernel-types.js';
import { applyActivationInPlace, addBiasInPlace } from './fused-epilogue.js';

/** BLAS batched matmul of `a` and `b` (rank >= 2, batch dims equal or one side unbatched); else undefined. */
export function nativeBatchMatMul(
  backend: CpuBackendLike,
  addon: NativeAddon,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): { info: tf.TensorInfo; values: Float32Array } | undefined {
  const aValues = floatValues(backend, a);
  const bValues = floatValues(backend, b);
  if (aValues === undefined || bValues === undefined || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const aRows = a.shape[a.shape.length - 2] as number;
  const aCols = a.shape[a.shape.length - 1] as number;
  const bRows = b.shape[b.shape.length - 2] as number;
  const bCols = b.shape[b.shape.length - 1] as number;
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== k) return undefined; // the stock kernel reports the mismatch
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter);
  } catch {
    return undefined;
  }
  const batch = sizeOf(outer);
  const aBatch = sizeOf(aOuter);
  const bBatch = sizeOf(bOuter);
  if ((aBatch !== batch && aBatch !== 1) || (bBatch !== batch && bBatch !== 1)) return undefined;
  const values = new Float32Array(batch * m * n);
  addon.batchMatMul(aValues, bValues, values, batch, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, aBatch === 1 ? 0 : m * k, bBatch === 1 ? 0 : k * n);
  return { info: backend.makeTensorInfo([...outer, m, n], 'float32', values), values };
}

function batchMatMul({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo | undefined {
  const { a, b } = inputs;
  if (a === undefined || b === undefined) return undefined;
  return nativeBatchMatMul(backend, addon, a, b, attrs['transposeA'] === true, attrs['transposeB'] === true)?.info;
}

/** `_FusedMatMul`: matmul, then bias and activation in place on the fresh output (linear, relu, sigmoid). */
function fusedMatMul({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon): tf.TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = (attrs['activation'] as string | undefined) ?? 'linear';
  if (a === undefined || b === undefined || preluActivationWeights !== undefined) return undefined;
  if (activation !== 'linear' && activation !== 'relu' && activation !== 'sigmoid') return undefined;
  const biasValues = bias === undefined ? undefined : floatValues(backend, bias);
  if (bias !== undefined && biasValues === undefined) return undefined;
  const n = (attrs['transposeB'] === true ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1]) as number;
  if (biasValues !== undefined && biasValues.length !== 1 && (biasValues.length !== n || (bias?.shape.length ?? 0) > 2)) return undefined;
  const product = nativeBatchMatMul(backend, addon, a, b, attrs['transposeA'] === true, attrs['transposeB'] === true);
  if (product === undefined) return undefined;
  if (biasValues !== undefined) addBiasInPlace(addon, product.values, biasValues, n);
  applyActivationInPlace(product.values, activation);
  return product.info;
}

export const matMulKernels: ReadonlyArray<FastKernelConfig> = [
  { kernelName: 'BatchMatMul', kernel: batchMatMul },
  { kernelName: '_FusedMatMul', kernel: fusedMatMul },
];
