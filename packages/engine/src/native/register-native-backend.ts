import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './native-addon.js';
import { binaryKernels } from './kernels/binary-kernels.js';
import { concatKernels } from './kernels/concat-kernels.js';
import type { FastKernelConfig, KernelArgs, StockKernel } from './kernels/kernel-types.js';
import { matMulKernels } from './kernels/mat-mul-kernels.js';
import { registerDenseKernels } from './kernels/dense-kernels.js';
import { registerAttentionKernels } from './kernels/attention-kernels.js';
import { registerLayerNormKernels } from './kernels/layer-norm-kernels.js';
import { registerGeluKernels } from './kernels/gelu-kernels.js';
import { registerMaskedAttentionKernels } from './kernels/masked-attention-kernels.js';
import { registerSasrecLayerKernels } from './kernels/sasrec-layer-kernels.js';
import { registerRowDotsKernels } from './kernels/row-dots-kernels.js';
import { registerPositionalNormKernels } from './kernels/positional-norm-kernels.js';
import { registerPairwiseDotsKernels } from './kernels/pairwise-dots-kernels.js';
import { reductionKernels } from './kernels/reduction-kernels.js';
import { sliceKernels } from './kernels/slice-kernels.js';
import { softmaxPadKernels } from './kernels/softmax-pad-kernels.js';
import { transposeKernels } from './kernels/transpose-kernels.js';
import { unaryKernels } from './kernels/unary-kernels.js';

/** The tfjs backend name of recnas's native engine: the cpu backend's storage with native kernels. */
export const NATIVE_BACKEND_NAME = 'native';

/** Every kernel the native backend replaces (the rest are the stock cpu kernels). */
export const FAST_KERNELS: ReadonlyArray<FastKernelConfig> = [...matMulKernels, ...binaryKernels, ...sliceKernels, ...concatKernels, ...transposeKernels, ...reductionKernels, ...softmaxPadKernels, ...unaryKernels];

const traced = new Set<string>();

/** Runs the stock kernel; with RECNAS_NATIVE_TRACE=1, names each new fallback case once on stderr (for profiling). */
function stockFallback(kernelName: string, stock: StockKernel, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  if (process.env['RECNAS_NATIVE_TRACE'] === '1') {
    const key = `${kernelName} ${Object.entries(args.inputs)
      .map(([name, info]) => `${name}:${info?.dtype ?? ''}[${info?.shape.join(',') ?? ''}]`)
      .join(' ')}`;
    if (!traced.has(key)) {
      traced.add(key);
      process.stderr.write(`[recnas] native fallback to stock kernel: ${key}\n`);
    }
  }
  return stock(args);
}

/**
 * Registers the `native` backend once per thread: a MathBackendCPU (tensors are JavaScript typed arrays,
 * so the addon works on them in place) with every stock cpu kernel, where the kernels in FAST_KERNELS run
 * natively and fall back to the stock kernel for inputs they do not handle. Requires the cpu kernels to be
 * registered (import '@tensorflow/tfjs-backend-cpu' first).
 */
export function registerNativeBackend(addon: NativeAddon): void {
  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) !== null) return;
  tf.registerBackend(
    NATIVE_BACKEND_NAME,
    () => {
      const backend = new MathBackendCPU();
      // The cpu backend greets its first write in Node with "install tfjs-node to speed things up"; on the
      // native backend that advice is wrong (recnas logs its own backend line), so the greeting is skipped.
      (backend as unknown as { firstUse: boolean }).firstUse = false;
      return backend;
    },
    0,
  );
  const fast = new Map(FAST_KERNELS.map((config) => [config.kernelName, config.kernel]));
  for (const config of tf.getKernelsForBackend('cpu')) {
    const stock = config.kernelFunc as unknown as StockKernel;
    const kernel = fast.get(config.kernelName);
    const kernelFunc =
      kernel === undefined
        ? config.kernelFunc
        : (((args: KernelArgs) => kernel({ ...args, attrs: args.attrs ?? {} }, addon) ?? stockFallback(config.kernelName, stock, args)) as unknown as tf.KernelFunc);
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME, kernelFunc });
  }
  registerPairwiseDotsKernels(NATIVE_BACKEND_NAME, addon);
  registerDenseKernels(NATIVE_BACKEND_NAME, addon);
  registerAttentionKernels(NATIVE_BACKEND_NAME, addon);
  registerLayerNormKernels(NATIVE_BACKEND_NAME, addon);
  registerGeluKernels(NATIVE_BACKEND_NAME, addon);
  registerMaskedAttentionKernels(NATIVE_BACKEND_NAME, addon);
  registerSasrecLayerKernels(NATIVE_BACKEND_NAME, addon);
  registerRowDotsKernels(NATIVE_BACKEND_NAME, addon);
  registerPositionalNormKernels(NATIVE_BACKEND_NAME, addon);
}
