import { totalmem } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import type { TrainingMemoryEstimate } from '@recnas/supernet';

/**
 * Tensor memory the wasm backend can use: tfjs-backend-wasm 4.22 declares a 4 GiB maximum heap, but its
 * JavaScript glue reads heap offsets as signed 32-bit numbers, so a heap past 2 GiB fails with `Aborted()`
 * and "memory access out of bounds" (measured: NASRec-Full at default widths on the Criteo sample).
 */
export const WASM_TENSOR_BUDGET_BYTES = 2 * 1024 ** 3;
/** Share of the machine's memory a run may plan to use (the rest: Node, data, the OS). */
const MACHINE_MEMORY_SHARE = 0.8;
/** How to get the native backend, and what it buys (decision 0008: DLRM-size step 19,444-24,980 samples/s native, 432 on wasm, 106-109 on cpu). */
export const NATIVE_BACKEND_HINT =
  'the native backend (OpenBLAS; ~50x faster than wasm, ~200x than cpu on a DLRM-size train step) has no such limit: `recnas doctor` prints how to build it here (Debian/Ubuntu: sudo apt-get install -y libopenblas-dev build-essential python3, then node packages/engine/native/build.mjs)';

const gigabytes = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** What the run can use on `backend`: tensor memory (the wasm heap, or the machine) and the machine's memory. */
export function memoryBudget(backend: string, machineBytes = totalmem()): { readonly tensorBytes: number; readonly totalBytes: number } {
  const totalBytes = MACHINE_MEMORY_SHARE * machineBytes;
  return { tensorBytes: backend === 'wasm' ? Math.min(WASM_TENSOR_BUDGET_BYTES, totalBytes) : totalBytes, totalBytes };
}

/**
 * Checks a supernet training estimate against the backend before anything is built, so a config that cannot
 * fit stops at once with one line (CONFIG_INVALID, exit 2) naming the backend, what the config needs and how
 * to get the native backend, instead of dying in the wasm heap mid-run.
 */
export function checkTrainingMemory(estimate: TrainingMemoryEstimate, backend: string, batchSize: number, machineBytes = totalmem()): E.Either<RecnasError, TrainingMemoryEstimate> {
  const budget = memoryBudget(backend, machineBytes);
  const tensorFits = estimate.tensorBytes <= budget.tensorBytes;
  const totalFits = estimate.tensorBytes + estimate.embeddingBytes <= budget.totalBytes;
  if (tensorFits && totalFits) return E.right(estimate);
  const parts = `${gigabytes(estimate.weightBytes)} weights + ${gigabytes(estimate.optimizerBytes)} Adagrad state + ${gigabytes(estimate.gradientBytes)} gradients + ${gigabytes(estimate.activationBytes)} activations at batch ${batchSize}`;
  const where = tensorFits
    ? `and ${gigabytes(estimate.embeddingBytes)} of embeddings, more than ${gigabytes(budget.totalBytes)} (80% of this machine's memory)`
    : `of tensor memory (${parts}); the ${backend} backend can use ${gigabytes(budget.tensorBytes)}`;
  const fix = backend === 'wasm' ? `${NATIVE_BACKEND_HINT}; or reduce the dense widths or blocks` : 'reduce the dense widths, blocks or batch size';
  return E.left(
    new RecnasError('CONFIG_INVALID', `backend ${backend}: this supernet config needs ~${gigabytes(estimate.tensorBytes)} ${where}; ${fix}`, {
      backend,
      estimate,
      budget,
    }),
  );
}
