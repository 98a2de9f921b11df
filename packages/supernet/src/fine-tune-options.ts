import * as t from 'io-ts';
import {
  NonNegativeIntCodec,
  NonNegativeNumberCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  strictWithDefaults,
  type NonNegativeInt,
  type NonNegativeNumber,
  type PositiveNumber,
  type Probability,
} from '@recnas/core';

/** 64 MiB of cached head inputs (float32) by default: 15 batches of 512 examples at NASRec-Full's 2,176 features. */
const DEFAULT_FEATURE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Options of post-training fine-tuning and candidate scoring (SPEC section 5), defaults from NASRec's search
 * script (nasrec/scripts/run_ea/criteo_run_ea_from_supernet_xlarge.sh with eval_subnet_from_supernet.py):
 * `fineTuneSteps` 500 steps of the head only (0 scores the inherited weights as they are), Adagrad
 * (`adagradEpsilon` 1e-2, fresh accumulators at 0) with `peakLearningRate` 0.04 on a cosine schedule with
 * `warmupFraction` 0.1 down to `minLearningRate` 1e-8, gradient norm clipped at `gradientClipNorm` 5 (0: off).
 * The batch size is the caller's batches' (NASRec: 512). `featureCacheBytes` bounds the memory that keeps the
 * frozen network's output per training batch, so cycling over a few batches runs the network once per batch.
 */
export const FineTuneOptionsCodec = strictWithDefaults(
  {},
  {
    fineTuneSteps: NonNegativeIntCodec,
    peakLearningRate: PositiveNumberCodec,
    minLearningRate: NonNegativeNumberCodec,
    warmupFraction: ProbabilityCodec,
    adagradEpsilon: PositiveNumberCodec,
    gradientClipNorm: NonNegativeNumberCodec,
    featureCacheBytes: NonNegativeIntCodec,
  },
  {
    fineTuneSteps: 500 as NonNegativeInt,
    peakLearningRate: 0.04 as PositiveNumber,
    minLearningRate: 1e-8 as NonNegativeNumber,
    warmupFraction: 0.1 as Probability,
    adagradEpsilon: 1e-2 as PositiveNumber,
    gradientClipNorm: 5 as NonNegativeNumber,
    featureCacheBytes: DEFAULT_FEATURE_CACHE_BYTES as NonNegativeInt,
  },
  'FineTuneOptions',
);
export type FineTuneOptions = t.TypeOf<typeof FineTuneOptionsCodec>;

/** What callers pass before decoding: any subset of the options. */
export interface FineTuneOptionsInput {
  readonly fineTuneSteps?: number;
  readonly peakLearningRate?: number;
  readonly minLearningRate?: number;
  readonly warmupFraction?: number;
  readonly adagradEpsilon?: number;
  readonly gradientClipNorm?: number;
  readonly featureCacheBytes?: number;
}
