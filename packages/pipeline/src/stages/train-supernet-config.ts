import * as t from 'io-ts';
import { NonNegativeIntCodec, PositiveIntCodec, PositiveNumberCodec, ProbabilityCodec, SeedCodec, strictPartial, type Seed, type NonNegativeInt, type PositiveInt, type PositiveNumber, type Probability } from '@recnas/core';
import { SamplerIdCodec } from '@recnas/samplers';
import { CtrDataSourceCodec } from './ctr-data.js';

/** The training options of the stage (everything but `data`), shared with the run config's `supernet` section. */
export const TRAIN_SUPERNET_OPTIONS = {
  space: t.keyof({ 'nasrec-full': null, 'nasrec-small': null }, 'SpaceId'),
  blocks: PositiveIntCodec,
  /** Overrides the space's dense widths (e.g. [16, 32, 64] for a quick run on a small sample). */
  denseWidths: t.array(PositiveIntCodec),
  sparseWidths: t.array(PositiveIntCodec),
  /** Train for exactly this many steps (cycling over the data); default: `epochs` full passes. */
  steps: PositiveIntCodec,
  epochs: PositiveIntCodec,
  batchSize: PositiveIntCodec,
  seed: SeedCodec,
  sampler: SamplerIdCodec,
  warmupSteps: NonNegativeIntCodec,
  connectionProbability: ProbabilityCodec,
  peakLearningRate: PositiveNumberCodec,
  /** Sub-architectures scored with inherited weights on the validation split after training. */
  evaluateSubnets: PositiveIntCodec,
} as const;

/**
 * Configuration of the supernet-training stage (strict: unknown keys are errors). Absent values take
 * NASRec's Criteo recipe (SPEC section 4) or, for the warm-up, NASRec's ratio scaled to the run's length:
 * see `resolveTrainSupernetConfig`.
 */
export const TrainSupernetConfigCodec = strictPartial({ data: CtrDataSourceCodec }, TRAIN_SUPERNET_OPTIONS, 'TrainSupernetConfig');
export type TrainSupernetConfigInput = t.OutputOf<typeof TrainSupernetConfigCodec>;
export type TrainSupernetConfig = t.TypeOf<typeof TrainSupernetConfigCodec>;

/** NASRec's supernet run on Kaggle Criteo: 1 epoch of ~36.7M training rows at batch 512 is ~71,600 steps. */
const NASREC_CRITEO_STEPS = 71_600;
const NASREC_WARMUP_STEPS = 15_000;

/** The stage configuration with every default filled in (what run summaries record). */
export interface ResolvedTrainSupernetConfig {
  readonly data: TrainSupernetConfig['data'];
  readonly space: 'nasrec-full' | 'nasrec-small';
  readonly blocks: PositiveInt;
  readonly denseWidths?: ReadonlyArray<number>;
  readonly sparseWidths?: ReadonlyArray<number>;
  readonly totalSteps: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly sampler: t.TypeOf<typeof SamplerIdCodec>;
  readonly warmupSteps: NonNegativeInt;
  readonly connectionProbability: Probability;
  readonly peakLearningRate: PositiveNumber;
  readonly evaluateSubnets: number;
}

/**
 * Fills defaults once the number of training rows is known. The warm-up (full supernet with probability
 * decaying from 1 to 0) keeps NASRec's share of the run: 15,000 of ~71,600 steps, about 21%.
 */
export function resolveTrainSupernetConfig(config: TrainSupernetConfig, trainRows: number): ResolvedTrainSupernetConfig {
  const batchSize = config.batchSize ?? 512;
  const epochs = config.epochs ?? 1;
  const totalSteps = config.steps ?? Math.max(1, epochs * Math.ceil(trainRows / batchSize));
  // The split follows the run's seed unless the data source names its own.
  const data = { ...config.data, splitSeed: config.data.splitSeed ?? config.seed ?? (2018 as Seed) };
  const warmupSteps = config.warmupSteps ?? (Math.min(NASREC_WARMUP_STEPS, Math.round((totalSteps * NASREC_WARMUP_STEPS) / NASREC_CRITEO_STEPS)) as NonNegativeInt);
  return {
    data,
    space: config.space ?? 'nasrec-full',
    blocks: config.blocks ?? (7 as PositiveInt),
    ...(config.denseWidths === undefined ? {} : { denseWidths: config.denseWidths }),
    ...(config.sparseWidths === undefined ? {} : { sparseWidths: config.sparseWidths }),
    totalSteps,
    epochs,
    batchSize,
    seed: config.seed ?? 2018,
    sampler: config.sampler ?? 'single-operator-any-connection',
    warmupSteps,
    connectionProbability: config.connectionProbability ?? (0.5 as Probability),
    peakLearningRate: config.peakLearningRate ?? (0.12 as PositiveNumber),
    evaluateSubnets: config.evaluateSubnets ?? 8,
  };
}
