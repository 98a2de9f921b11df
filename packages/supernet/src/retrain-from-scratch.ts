import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { RecnasError, decodeWith, isRecnasError, type ArchEncoding, type Batch } from '@recnas/core';
import type { CtrModelConfig } from './ctr-model-config.js';
import { buildFromScratch, type CtrSubnet } from './ctr-subnet.js';
import { RetrainOptionsCodec, type RetrainOptions, type RetrainOptionsInput } from './retrain-options.js';
import { cycleBatches } from './internal/cycle-batches.js';

/** Progress callbacks of `retrainFromScratch`. */
export interface RetrainHooks {
  /** After each step: its 0-based index, the planned total and the batch loss before the update. */
  readonly onStep?: (step: number, totalSteps: number, loss: number) => void;
}

/** Batches in one pass: an array's length, or the `batchCount` an iterable states (a stored split's batch file). */
function epochLength(batches: Iterable<Batch>): number | undefined {
  if (Array.isArray(batches)) return batches.length;
  const count = (batches as { readonly batchCount?: unknown }).batchCount;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

function plannedSteps(trainBatches: Iterable<Batch>, options: RetrainOptions): E.Either<RecnasError, number> {
  if (options.steps > 0) return E.right(options.steps);
  const length = epochLength(trainBatches);
  if (length === undefined) {
    return E.left(
      new RecnasError('CONFIG_INVALID', 'retrain options: steps: give the number of steps when the training batches are neither an array nor state their batchCount (an epoch has no known length)'),
    );
  }
  if (length === 0) return E.left(new RecnasError('DATA_EMPTY', 'retrainFromScratch: no training batch'));
  return E.right(options.epochs * length);
}

/**
 * NASRec's final step (SPEC section 5): `buildFromScratch(arch, config)` (fresh weights and embeddings
 * from `config.seed`) trained with the supernet recipe (dense and sparse Adagrad, gradient clipping, cosine
 * schedule with warm-up over the planned steps) on `trainBatches`: `options.steps` steps, cycling, or
 * `options.epochs` passes over an array or an iterable with a `batchCount` (a streamed split, `StoredBatches`). Returns the trained subnet (the caller disposes it); fails with
 * CONFIG_INVALID (architecture, config or options) or DATA_EMPTY.
 * @example
 * const trained = retrainFromScratch(arch, { space, registry, denseFeatures: 13, sparseFields, seed: 2018 }, batches, { peakLearningRate: 0.03 });
 * // E.isRight(trained): evaluateCtrModel(trained.right, testBatches)
 */
export function retrainFromScratch(
  arch: ArchEncoding,
  config: CtrModelConfig,
  trainBatches: Iterable<Batch>,
  options: RetrainOptionsInput = {},
  hooks: RetrainHooks = {},
): E.Either<RecnasError, CtrSubnet> {
  return pipe(
    E.Do,
    E.bind('decoded', () => decodeWith(RetrainOptionsCodec, options, 'retrain options')),
    E.bind('totalSteps', ({ decoded }) => plannedSteps(trainBatches, decoded)),
    E.bind('subnet', ({ decoded, totalSteps }) => {
      const { steps: _steps, epochs: _epochs, ...recipe } = decoded;
      return buildFromScratch(arch, { ...config, training: { ...recipe, totalSteps } });
    }),
    E.flatMap(({ totalSteps, subnet }) => {
      try {
        let step = 0;
        for (const batch of cycleBatches(trainBatches, totalSteps, 'training batches')) {
          const loss = subnet.trainStep(batch);
          hooks.onStep?.(step, totalSteps, loss);
          step += 1;
        }
        return E.right(subnet);
      } catch (error) {
        subnet.dispose();
        if (isRecnasError(error) && error.code === 'DATA_EMPTY') return E.left(error);
        throw error;
      }
    }),
  );
}
