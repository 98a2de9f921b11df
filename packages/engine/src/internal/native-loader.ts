import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { loadNativeAddon } from '../native/native-addon.js';
import { NATIVE_BACKEND_NAME, registerNativeBackend } from '../native/register-native-backend.js';
import { activateBackend } from './activate-backend.js';
import { loadFailure, type BackendLoader, type LoadOutcome } from './backend-loader.js';
import { oneLineReason } from './one-line-reason.js';

/**
 * BLAS threads: RECNAS_BLAS_THREADS, else every core on the main thread and 1 in a worker thread (workers
 * already use the cores; two BLAS threads per worker would oversubscribe them).
 */
export function blasThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const configured = Number.parseInt(env['RECNAS_BLAS_THREADS'] ?? '', 10);
  if (Number.isSafeInteger(configured) && configured > 0) return configured;
  return isMainThread ? availableParallelism() : 1;
}

/** The cpu backend's storage with native kernels (OpenBLAS GEMM, fused elementwise, strided copies). */
export const nativeLoader: BackendLoader = {
  name: 'native',
  async load(): Promise<LoadOutcome> {
    const loaded = loadNativeAddon();
    if (!loaded.ok) return loadFailure(loaded.reason);
    try {
      await import('@tensorflow/tfjs-backend-cpu');
    } catch (error) {
      return loadFailure(`cannot import @tensorflow/tfjs-backend-cpu: ${oneLineReason(error)}`);
    }
    registerNativeBackend(loaded.addon);
    const threads = blasThreads();
    loaded.addon.setThreads(threads);
    const failure = await activateBackend(NATIVE_BACKEND_NAME);
    return failure === undefined ? { ok: true, threads } : loadFailure(failure);
  },
};

/**
 * Sets the OpenBLAS threads of the native backend (e.g. 1 inside worker threads that already use every
 * core). Returns false when the native addon is not loaded (nothing to set).
 */
export function setBlasThreads(threads: number): boolean {
  const loaded = loadNativeAddon();
  if (!loaded.ok) return false;
  loaded.addon.setThreads(Math.max(1, Math.floor(threads)));
  return true;
}
