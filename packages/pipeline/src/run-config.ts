import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  NonNegativeIntCodec,
  PositiveIntCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  RecnasError,
  SeedCodec,
  decodeWith,
  strictPartial,
  type PositiveInt,
  type PositiveNumber,
  type Seed,
} from '@recnas/core';
import { EvolutionPresetNameCodec } from '@recnas/search-strategies';
import { CtrDataSourceCodec } from './stages/ctr-data.js';
import { RunConstraintsCodec, RunHardwareConfigCodec, RunObjectivesCodec, resolveHardwareSection, type ResolvedHardwareSection } from './co-design-config.js';
import { TRAIN_SUPERNET_OPTIONS } from './stages/train-supernet-config.js';
import { isRedisUrl } from './queue/redis-connection.js';

const StrategyIdCodec = t.keyof({ 'regularized-evolution': null, random: null }, 'StrategyId');
const BaselineNameCodec = t.keyof({ dnn: null, dlrm: null, deepfm: null, autoint: null, 'dcn-v2': null }, 'BaselineName');

/**
 * Supernet training (SPEC section 4): the train-supernet stage's options (its `seed` and
 * `evaluateSubnets` aside: the run has one seed) plus the snapshot interval; absent keys take the
 * small-data defaults of `DEFAULT_RUN_CONFIG`.
 */
const { seed: _seed, evaluateSubnets: _evaluate, ...SUPERNET_OPTIONS } = TRAIN_SUPERNET_OPTIONS;
export const RunSupernetConfigCodec = strictPartial(
  {},
  {
    ...SUPERNET_OPTIONS,
    /** Steps between resumable snapshots (a `kill -9` loses at most this many steps). */
    checkpointEverySteps: PositiveIntCodec,
  },
  'RunSupernetConfig',
);

/** A `redis://` or `rediss://` URL. */
const RedisUrlCodec = new t.Type<string, string, unknown>(
  'redis://host:port',
  (value): value is string => typeof value === 'string' && isRedisUrl(value),
  (value, context) => (typeof value === 'string' && isRedisUrl(value) ? t.success(value) : t.failure(value, context)),
  t.identity,
);

/** The search (SPEC section 5): strategy, its budget, the objectives, and how candidates are scored. */
export const RunSearchConfigCodec = strictPartial(
  {},
  {
    strategy: StrategyIdCodec,
    /** Regularized-evolution preset (`small` for the 8,000-row sample, `nasrec` for NASRec's 2,048 candidates). */
    preset: EvolutionPresetNameCodec,
    /** Overrides of the preset's evolution options (population, generations, ...). */
    evolution: t.record(t.string, t.unknown),
    /** Candidates of random search (default: the evolution preset's budget, for a fair comparison). */
    randomBudget: PositiveIntCodec,
    /** Ranking object (primary, weights, constraints) or a Pareto list such as `["logloss", "energy"]`. */
    objectives: RunObjectivesCodec,
    /** Upper bounds on objectives, e.g. `[{ "objective": "energy", "max": 0.002 }]`. */
    constraints: RunConstraintsCodec,
    /** Post-training fine-tuning of the final layer before scoring (0 = inherited weights only). */
    fineTuneSteps: NonNegativeIntCodec,
    fineTuneLearningRate: PositiveNumberCodec,
    fineTuneBatchSize: PositiveIntCodec,
    /** Worker threads scoring candidates (0 = in the main thread); results do not depend on it. */
    workers: NonNegativeIntCodec,
    /** `redis://host:port`: score candidates on `recnas worker` processes through BullMQ instead of `workers`. */
    queue: RedisUrlCodec,
  },
  'RunSearchConfig',
);

/** A non-empty list of distinct positive learning rates. */
const LearningRateGridCodec = new t.Type<number[], number[], unknown>(
  'non-empty array of distinct positive numbers',
  (value): value is number[] => Array.isArray(value) && value.length > 0 && value.every((rate) => PositiveNumberCodec.is(rate)) && new Set(value).size === value.length,
  (value, context) =>
    Array.isArray(value) && value.length > 0 && value.every((rate) => PositiveNumberCodec.is(rate)) && new Set(value).size === value.length ? t.success(value as number[]) : t.failure(value, context),
  t.identity,
);

/** Retraining the best architectures and the baselines from scratch, then the test split (SPEC section 5). */
export const RunRetrainConfigCodec = strictPartial(
  {},
  {
    topK: PositiveIntCodec,
    epochs: PositiveIntCodec,
    batchSize: PositiveIntCodec,
    /** Peak learning rate of every retraining (and of the rank-correlation study's from-scratch training). */
    learningRate: PositiveNumberCodec,
    /**
     * The learning-rate search of every retrained model, searched or baseline (the same budget for each): one
     * training per rate with the first seed, the lowest validation LogLoss wins. Absent: `[learningRate]`.
     */
    learningRates: LearningRateGridCodec,
    baselines: t.array(BaselineNameCodec),
    /** Model seeds per retrained model (the run's seed and the next ones): mean and spread are reported. */
    seeds: PositiveIntCodec,
  },
  'RunRetrainConfig',
);

/**
 * The rank-correlation study (SPEC section 5): `subnets` random subnets scored with inherited weights, after
 * fine-tuning and trained from scratch for `scratchEpochs` (default: `retrain.epochs`); 0 subnets skips it.
 */
/** 0 (no study) or at least 3 subnets: with fewer, a rank correlation says nothing (and may be undefined). */
const StudySubnetsCodec = new t.Type<t.TypeOf<typeof NonNegativeIntCodec>, number, unknown>(
  '0 or an integer of at least 3',
  (value): value is t.TypeOf<typeof NonNegativeIntCodec> => NonNegativeIntCodec.is(value) && (value === 0 || value >= 3),
  (value, context) => (NonNegativeIntCodec.is(value) && (value === 0 || value >= 3) ? t.success(value) : t.failure(value, context)),
  t.identity,
);

export const RunRankCorrelationConfigCodec = strictPartial(
  {},
  {
    subnets: StudySubnetsCodec,
    /** Epochs of from-scratch training per subnet (the retrain recipe otherwise); absent: `retrain.epochs`. */
    scratchEpochs: PositiveIntCodec,
    /**
     * From-scratch trainings per subnet, seeds the run's and the next (default 1): the subnet's scratch score is
     * their mean, and the first two seeds' agreement (how noisy the ground truth is) is reported.
     */
    scratchSeeds: PositiveIntCodec,
  },
  'RunRankCorrelationConfig',
);

/**
 * One config for a whole `recnas run` (strict: unknown keys are errors with their JSON path). Every key is
 * optional; `DEFAULT_RUN_CONFIG` fills the rest. Sections are merged key by key over the defaults.
 */
export const RunConfigCodec = strictPartial(
  {},
  {
    data: CtrDataSourceCodec,
    seed: SeedCodec,
    supernet: RunSupernetConfigCodec,
    search: RunSearchConfigCodec,
    retrain: RunRetrainConfigCodec,
    rankCorrelation: RunRankCorrelationConfigCodec,
    /** PIM co-design (docs/pim-model.md, "Co-design search"): hardware costs as objectives, optionally searched. */
    hardware: RunHardwareConfigCodec,
  },
  'RunConfig',
);
export type RunConfigInput = t.OutputOf<typeof RunConfigCodec>;
type Sections = Required<t.TypeOf<typeof RunConfigCodec>>;

/** A run config with every default filled in (what run.json records). */
export interface ResolvedRunConfig {
  readonly data: Sections['data'];
  readonly seed: Seed;
  readonly supernet: Required<Omit<Sections['supernet'], 'steps' | 'warmupSteps'>> & Pick<Sections['supernet'], 'steps' | 'warmupSteps'>;
  readonly search: Required<Omit<Sections['search'], 'randomBudget' | 'constraints' | 'queue'>> & Pick<Sections['search'], 'randomBudget' | 'constraints' | 'queue'>;
  readonly retrain: Required<Sections['retrain']>;
  readonly rankCorrelation: Required<Sections['rankCorrelation']>;
  /** Present when the config has a `hardware` section (co-design). */
  readonly hardware?: ResolvedHardwareSection;
}

const positive = (value: number): PositiveInt => value as PositiveInt;
const rate = (value: number): PositiveNumber => value as PositiveNumber;

/**
 * The embedded default, sized for the 8,000-row Criteo sample on 2 cores (docs/decisions/0009-run-defaults.md): NASRec-Full
 * operators over 4 blocks with narrow widths, 5 epochs at batch 128 and peak lr 0.03 (decision 0007), the
 * `small` evolution preset with 100 fine-tuning steps, top-3 retraining for 1 epoch (NASRec's budget; more overfits the sample) against all baselines.
 */
export const DEFAULT_RUN_CONFIG: ResolvedRunConfig = {
  data: { path: 'test-data/criteo/train.csv', format: 'criteo', vocabCap: 20_000 as PositiveInt },
  seed: 2018 as Seed,
  supernet: {
    space: 'nasrec-full',
    blocks: positive(4),
    denseWidths: [16, 32, 64].map(positive),
    sparseWidths: [16, 32].map(positive),
    epochs: positive(5),
    batchSize: positive(128),
    sampler: 'single-operator-any-connection',
    connectionProbability: 0.5 as t.TypeOf<typeof ProbabilityCodec>,
    peakLearningRate: rate(0.03),
    checkpointEverySteps: positive(20),
  },
  search: {
    strategy: 'regularized-evolution',
    preset: 'small',
    evolution: {},
    objectives: { primary: 'loss', weights: {}, constraints: [] },
    fineTuneSteps: 100 as t.TypeOf<typeof NonNegativeIntCodec>,
    fineTuneLearningRate: rate(0.04),
    fineTuneBatchSize: positive(128),
    workers: 2 as t.TypeOf<typeof NonNegativeIntCodec>,
  },
  retrain: { topK: positive(3), epochs: positive(1), batchSize: positive(128), learningRate: rate(0.03), learningRates: [0.03], baselines: ['dnn', 'dlrm', 'deepfm', 'autoint', 'dcn-v2'], seeds: positive(1) },
  rankCorrelation: { subnets: 0 as t.TypeOf<typeof NonNegativeIntCodec>, scratchEpochs: positive(1), scratchSeeds: positive(1) },
};

/**
 * Fills every absent key from `DEFAULT_RUN_CONFIG`, section by section; an absent
 * `rankCorrelation.scratchEpochs` is the resolved `retrain.epochs` (so a run.json written before the key
 * existed resolves to the epochs its study used), an absent `retrain.learningRates` is `[retrain.learningRate]`
 * when that is given (and the defaults' grid, `[0.03]`, otherwise).
 */
export function resolveRunConfig(config: t.TypeOf<typeof RunConfigCodec>, defaults: ResolvedRunConfig = DEFAULT_RUN_CONFIG): ResolvedRunConfig {
  const defined = <A extends object>(value: A | undefined): Partial<A> =>
    Object.fromEntries(Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined)) as Partial<A>;
  const merged = { ...defaults.retrain, ...defined(config.retrain) };
  // A given learningRate without a grid is a one-rate grid; with neither, the defaults' grid.
  const learningRates = config.retrain?.learningRates ?? (config.retrain?.learningRate === undefined ? defaults.retrain.learningRates : [merged.learningRate]);
  const retrain = { ...merged, learningRates };
  return {
    data: config.data ?? defaults.data,
    seed: config.seed ?? defaults.seed,
    supernet: { ...defaults.supernet, ...defined(config.supernet) },
    search: { ...defaults.search, ...defined(config.search) },
    retrain,
    rankCorrelation: { ...defaults.rankCorrelation, scratchEpochs: retrain.epochs, ...defined(config.rankCorrelation) },
    ...(config.hardware === undefined ? (defaults.hardware === undefined ? {} : { hardware: defaults.hardware }) : { hardware: resolveHardwareSection(config.hardware) }),
  };
}

/**
 * Decodes a run config (from a JSON file or the CLI) and fills the defaults. CONFIG_INVALID lists every
 * problem with its JSON path, e.g. `search.workers: expected non-negative integer, got -1`.
 */
export function decodeRunConfig(input: unknown, what = 'run config'): E.Either<RecnasError, ResolvedRunConfig> {
  return E.map((config: t.TypeOf<typeof RunConfigCodec>) => resolveRunConfig(config))(decodeWith(RunConfigCodec, input, what));
}
