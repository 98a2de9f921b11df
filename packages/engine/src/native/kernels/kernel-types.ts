import type * as tf from '@tensorflow/tfjs-core';
import type { CpuBackendLike } from '../cpu-data.js';
import type { NativeAddon } from '../native-addon.js';

/** What a native kernel receives (the tfjs kernel-function arguments, with the cpu-family backend). */
export interface KernelArgs {
  readonly inputs: Record<string, tf.TensorInfo | undefined>;
  readonly backend: CpuBackendLike;
  readonly attrs: Record<string, unknown>;
}

/** The stock cpu kernel of the same name: what a fast kernel calls for cases it does not handle. */
export type StockKernel = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/**
 * A fast kernel: returns undefined for inputs it does not handle (other dtypes, unusual broadcasts), and
 * the caller then runs the stock kernel; so every fast kernel has an exact fallback.
 */
export type FastKernel = (args: KernelArgs, addon: NativeAddon) => tf.TensorInfo | tf.TensorInfo[] | undefined;

export interface FastKernelConfig {
  readonly kernelName: string;
  readonly kernel: FastKernel;
}
