import * as t from 'io-ts';
import { PositiveIntCodec, PositiveNumberCodec, ProbabilityCodec, SeedCodec, strictWithDefaults, type PositiveInt, type PositiveNumber, type Probability, type Seed } from '@recnas/core';

/** Training losses: `bce` (ICLRec: one sampled negative per position) or `ce` (RecBole: softmax over all items). */
export const SequentialLossCodec = t.keyof({ bce: null, ce: null }, 'SequentialLoss');
/** `bce` or `ce`. */
export type SequentialLoss = t.TypeOf<typeof SequentialLossCodec>;

const int = (n: number): PositiveInt => n as PositiveInt;

/**
 * Options of `trainSequentialModel`, defaults from ICLRec's SASRec recipe (decision 0010): Adam
 * `learningRate` 1e-3, `beta1` 0.9, `beta2` 0.999, `adamEpsilon` 1e-8; `batchSize` 256; at most `epochs`
 * 200; early stopping after `patience` 40 evaluations without a better validation NDCG@20; validation every
 * `evalEvery` 1 epochs (full ranking, `evalBatchSize` 1024 users a pass); `loss` 'bce'; `lengthBuckets`
 * false (true: batches of similar history lengths, in shuffled order, much less padding); `seed` 2018 drives
 * shuffling, negatives and dropout (forked per epoch, so an epoch-boundary checkpoint resumes exactly).
 * Unknown keys are rejected.
 */
export const SequentialTrainingOptionsCodec = strictWithDefaults(
  {},
  {
    learningRate: PositiveNumberCodec,
    beta1: ProbabilityCodec,
    beta2: ProbabilityCodec,
    adamEpsilon: PositiveNumberCodec,
    batchSize: PositiveIntCodec,
    epochs: PositiveIntCodec,
    patience: PositiveIntCodec,
    evalEvery: PositiveIntCodec,
    evalBatchSize: PositiveIntCodec,
    loss: SequentialLossCodec,
    lengthBuckets: t.boolean,
    seed: SeedCodec,
  },
  {
    learningRate: 1e-3 as PositiveNumber,
    beta1: 0.9 as Probability,
    beta2: 0.999 as Probability,
    adamEpsilon: 1e-8 as PositiveNumber,
    batchSize: int(256),
    epochs: int(200),
    patience: int(40),
    evalEvery: int(1),
    evalBatchSize: int(1024),
    loss: 'bce',
    lengthBuckets: false,
    seed: 2018 as Seed,
  },
  'SequentialTrainingOptions',
);
/** Decoded, complete training options. */
export type SequentialTrainingOptions = t.TypeOf<typeof SequentialTrainingOptionsCodec>;
/** What callers pass: any subset of the options, as plain values. */
export type SequentialTrainingOptionsInput = Partial<t.OutputOf<typeof SequentialTrainingOptionsCodec>>;
