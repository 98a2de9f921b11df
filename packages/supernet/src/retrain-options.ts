import * as t from 'io-ts';
import {
  NonNegativeIntCodec,
  NonNegativeNumberCodec,
  PositiveIntCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  strictWithDefaults,
  type NonNegativeInt,
  type NonNegativeNumber,
  type PositiveInt,
  type PositiveNumber,
  type Probability,
} from '@recnas/core';

/**
 * Options of retraining an architecture from scratch (SPEC section 5, NASRec's final step): `steps` training
 * steps over the batches, cycled (0, the default: `epochs` passes, 1 by default, which needs the batches as
 * an array), Adagrad (`adagradEpsilon` 1e-2) with `peakLearningRate` 0.16 (NASRec on Criteo, batch 256) on a
 * cosine schedule with `warmupFraction` 0.1 down to `minLearningRate` 1e-8, and gradient norm clipping at
 * `gradientClipNorm` 5 (0: off). On a few thousand rows a lower peak trains better (0.03 on the 8,000-row
 * Criteo sample, docs/decisions/0007-small-data-learning-rate.md).
 */
export const RetrainOptionsCodec = strictWithDefaults(
  {},
  {
    steps: NonNegativeIntCodec,
    epochs: PositiveIntCodec,
    peakLearningRate: PositiveNumberCodec,
    minLearningRate: NonNegativeNumberCodec,
    warmupFraction: ProbabilityCodec,
    adagradEpsilon: PositiveNumberCodec,
    gradientClipNorm: NonNegativeNumberCodec,
  },
  {
    steps: 0 as NonNegativeInt,
    epochs: 1 as PositiveInt,
    peakLearningRate: 0.16 as PositiveNumber,
    minLearningRate: 1e-8 as NonNegativeNumber,
    warmupFraction: 0.1 as Probability,
    adagradEpsilon: 1e-2 as PositiveNumber,
    gradientClipNorm: 5 as NonNegativeNumber,
  },
  'RetrainOptions',
);
export type RetrainOptions = t.TypeOf<typeof RetrainOptionsCodec>;

/** What callers pass before decoding: any subset of the options. */
export interface RetrainOptionsInput {
  readonly steps?: number;
  readonly epochs?: number;
  readonly peakLearningRate?: number;
  readonly minLearningRate?: number;
  readonly warmupFraction?: number;
  readonly adagradEpsilon?: number;
  readonly gradientClipNorm?: number;
}
