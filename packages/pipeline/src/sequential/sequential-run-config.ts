import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  NonNegativeNumberCodec,
  PositiveIntCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  RecnasError,
  SASREC_SPACE,
  SeedCodec,
  SequentialSpaceCodec,
  decodeWith,
  sequentialSpaceErrors,
  strictPartial,
  type NonNegativeNumber,
  type PositiveInt,
  type PositiveNumber,
  type Probability,
  type Seed,
} from '@recnas/core';
import { InteractionColumnOptionsCodec, InteractionFormatCodec, type InteractionFormat, type InteractionReadOptions } from '@recnas/data-loaders';
import { SequentialCostKindCodec, SequentialLossCodec } from '@recnas/supernet';

/** The DNS-Rec variants a sequential run can search: the method and its two ablations (decision 0010). */
export const SequentialVariantCodec = t.keyof({ 'dns-rec': null, 'no-gates': null, 'static-constraint': null }, 'SequentialVariant');
export type SequentialVariant = t.TypeOf<typeof SequentialVariantCodec>;

/** The variants in report order. */
export const SEQUENTIAL_VARIANTS: ReadonlyArray<SequentialVariant> = ['dns-rec', 'no-gates', 'static-constraint'];

/** How a variant differs: data-aware gates, and the dynamic (moving) budget. */
export const VARIANT_SETTINGS: Readonly<Record<SequentialVariant, { readonly dataAware: boolean; readonly dynamic: boolean }>> = {
  'dns-rec': { dataAware: true, dynamic: true },
  'no-gates': { dataAware: false, dynamic: true },
  'static-constraint': { dataAware: true, dynamic: false },
};

/**
 * The interaction log: `path`, its `format` (data-loaders' interaction formats; `delimited` for session click
 * logs and generic CSVs, whose layout is detected unless `delimiter`, `hasHeader`, `columns` or `sequenceBy`
 * name it), `maxLength` L (50), `maxBadFraction` (0.01) and the rule for users with fewer than 3 events.
 */
export const SequentialDataConfigCodec = strictPartial(
  {},
  {
    path: t.string,
    format: InteractionFormatCodec,
    maxLength: PositiveIntCodec,
    encoding: t.keyof({ utf8: null, latin1: null }),
    maxBadFraction: ProbabilityCodec,
    delimiter: t.string,
    hasHeader: t.boolean,
    columns: InteractionColumnOptionsCodec,
    sequenceBy: t.keyof({ user: null, session: null }, 'SequenceKey'),
    shortUsers: t.keyof({ 'train-only': null, drop: null }, 'ShortUserRule'),
  },
  'SequentialDataConfig',
);

/** The search space (SASRec's by default) and the dropout of every model of the run. */
export const SequentialModelConfigCodec = strictPartial(
  {},
  { space: SequentialSpaceCodec, dropout: ProbabilityCodec, attentionDropout: ProbabilityCodec },
  'SequentialModelConfig',
);

/** The SASRec recipe of the baseline and of every retrained architecture: one budget for all. */
export const SequentialTrainingConfigCodec = strictPartial(
  {},
  {
    epochs: PositiveIntCodec,
    patience: PositiveIntCodec,
    batchSize: PositiveIntCodec,
    learningRate: PositiveNumberCodec,
    loss: SequentialLossCodec,
    evalEvery: PositiveIntCodec,
    lengthBuckets: t.boolean,
  },
  'SequentialTrainingConfig',
);

/** The shape of the dynamic budget's move (whether it moves at all is the variant's). */
const BudgetShapeCodec = strictPartial(
  {},
  { schedule: t.keyof({ linear: null, cosine: null }, 'BudgetShape'), rampFraction: ProbabilityCodec },
  'SequentialBudgetShape',
);

/**
 * The DNS-Rec search: the target as `targetFraction` of the unpruned SASRec's cost, the constrained
 * `cost`, `epochs` passes of bilevel steps over the weights' rows, the architecture step's Adam rate, the
 * held-out fraction, the differentiable strategy's schedule (warm-up, budget shape, lambda, temperatures,
 * curve points, `architectureEvery`), the `variants` to run, and `checkpointEverySteps` (does not change results).
 */
export const SequentialSearchConfigCodec = strictPartial(
  {},
  {
    targetFraction: ProbabilityCodec,
    cost: SequentialCostKindCodec,
    /** Passes over the weights' rows (fractions allowed: 0.2 is a fifth of an epoch); steps = ceil(epochs x steps per epoch). */
    epochs: PositiveNumberCodec,
    batchSize: PositiveIntCodec,
    learningRate: PositiveNumberCodec,
    architectureLearningRate: PositiveNumberCodec,
    heldOutFraction: ProbabilityCodec,
    warmupFraction: ProbabilityCodec,
    budget: BudgetShapeCodec,
    lambda: NonNegativeNumberCodec,
    initialTemperature: PositiveNumberCodec,
    finalTemperature: PositiveNumberCodec,
    recordEvery: PositiveIntCodec,
    /** An architecture step after every k-th weight step (1 = DARTS's alternation). */
    architectureEvery: PositiveIntCodec,
    variants: t.array(SequentialVariantCodec),
    checkpointEverySteps: PositiveIntCodec,
  },
  'SequentialSearchConfig',
);

/** Test metrics: the cut-offs K and the protocol (full ranking, or 100 sampled negatives, labelled). */
export const SequentialEvaluationConfigCodec = strictPartial(
  {},
  { ks: t.array(PositiveIntCodec), protocol: t.keyof({ full: null, 'sampled-100': null }, 'RankingProtocol') },
  'SequentialEvaluationConfig',
);

/**
 * One config for `recnas run --task sequential` (strict: unknown keys are errors with their JSON path).
 * Every key is optional; `DEFAULT_SEQUENTIAL_RUN_CONFIG` fills the rest, section by section.
 */
export const SequentialRunConfigCodec = strictPartial(
  {},
  {
    task: t.literal('sequential'),
    data: SequentialDataConfigCodec,
    seed: SeedCodec,
    model: SequentialModelConfigCodec,
    training: SequentialTrainingConfigCodec,
    search: SequentialSearchConfigCodec,
    evaluation: SequentialEvaluationConfigCodec,
  },
  'SequentialRunConfig',
);
export type SequentialRunConfigInput = t.OutputOf<typeof SequentialRunConfigCodec>;
type Sections = Required<t.TypeOf<typeof SequentialRunConfigCodec>>;
type DataSection = Sections['data'];

/** A sequential run config with every default filled in (what run.json records). */
export interface ResolvedSequentialRunConfig {
  readonly task: 'sequential';
  readonly data: Required<Pick<DataSection, 'path' | 'format' | 'maxLength' | 'maxBadFraction' | 'shortUsers'>> &
    Omit<DataSection, 'path' | 'format' | 'maxLength' | 'maxBadFraction' | 'shortUsers'>;
  readonly seed: Seed;
  readonly model: Required<Sections['model']>;
  readonly training: Required<Sections['training']>;
  readonly search: Required<Omit<Sections['search'], 'budget'>> & { readonly budget: Required<t.TypeOf<typeof BudgetShapeCodec>> };
  readonly evaluation: Required<Sections['evaluation']>;
}

const int = (value: number): PositiveInt => value as PositiveInt;
const positive = (value: number): PositiveNumber => value as PositiveNumber;
const fraction = (value: number): Probability => value as Probability;

/**
 * The embedded default (docs/decisions/0012-sequential-run.md): Amazon Beauty (test-data), SASRec's space,
 * ICLRec's recipe but 2 epochs of training (patience 40 needs `training.epochs` ~200 for the published
 * protocol), a fifth of an epoch of bilevel search per variant, a 50% FLOPs target, full ranking: minutes on 2 cores.
 */
export const DEFAULT_SEQUENTIAL_RUN_CONFIG: ResolvedSequentialRunConfig = {
  task: 'sequential',
  data: { path: 'test-data/amazon-beauty/Beauty.txt', format: 'amazon-user-list', maxLength: int(50), maxBadFraction: fraction(0.01), shortUsers: 'train-only' },
  seed: 2018 as Seed,
  model: { space: SASREC_SPACE, dropout: fraction(0.5), attentionDropout: fraction(0.5) },
  training: { epochs: int(2), patience: int(40), batchSize: int(256), learningRate: positive(1e-3), loss: 'bce', evalEvery: int(1), lengthBuckets: false },
  search: {
    targetFraction: fraction(0.5),
    cost: 'flops',
    epochs: positive(0.2),
    batchSize: int(256),
    learningRate: positive(1e-3),
    architectureLearningRate: positive(3e-3),
    heldOutFraction: fraction(0.1),
    warmupFraction: fraction(0.2),
    budget: { schedule: 'linear', rampFraction: fraction(0.5) },
    lambda: 2 as NonNegativeNumber,
    initialTemperature: positive(1),
    finalTemperature: positive(0.3),
    recordEvery: int(5),
    architectureEvery: int(1),
    variants: [...SEQUENTIAL_VARIANTS],
    checkpointEverySteps: int(5),
  },
  evaluation: { ks: [5, 10, 20].map(int), protocol: 'full' },
};

const defined = <A extends object>(value: A | undefined): Partial<A> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined)) as Partial<A>;

/**
 * The interaction format of a file named `path`, when the config does not say: `.csv`/`.tsv` logs with
 * a delimiter other than whitespace are `delimited`, `.inter` is RecBole's, `.dat` MovieLens-1M's, anything
 * else the one-line-per-user list (Beauty.txt). Gzip suffixes are ignored.
 */
export function inferInteractionFormat(path: string): InteractionFormat {
  const name = path.replace(/\.gz$/i, '').toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'delimited';
  if (name.endsWith('.inter')) return 'recbole-inter';
  if (name.endsWith('.dat')) return 'movielens-dat';
  return 'amazon-user-list';
}

/**
 * Fills every absent key from the defaults, key by key within each section. A `data.path` without a
 * `data.format` gets the format its name suggests (`inferInteractionFormat`).
 */
export function resolveSequentialRunConfig(
  config: t.TypeOf<typeof SequentialRunConfigCodec>,
  defaults: ResolvedSequentialRunConfig = DEFAULT_SEQUENTIAL_RUN_CONFIG,
): ResolvedSequentialRunConfig {
  const data = defined(config.data);
  const format = data.format ?? (data.path === undefined ? defaults.data.format : inferInteractionFormat(data.path));
  const search = defined(config.search);
  return {
    task: 'sequential',
    data: { ...defaults.data, ...data, format },
    seed: config.seed ?? defaults.seed,
    model: { ...defaults.model, ...defined(config.model) },
    training: { ...defaults.training, ...defined(config.training) },
    search: { ...defaults.search, ...search, budget: { ...defaults.search.budget, ...defined(search.budget) } },
    evaluation: { ...defaults.evaluation, ...defined(config.evaluation) },
  };
}

/** Rules a codec cannot say, as `path: message` lines. */
function crossFieldProblems(config: ResolvedSequentialRunConfig): string[] {
  const problems = sequentialSpaceErrors(config.model.space).map((line) => `model.space.${line}`);
  if (config.search.variants.length === 0) problems.push('search.variants: expected at least one of dns-rec, no-gates, static-constraint');
  if (new Set(config.search.variants).size !== config.search.variants.length) problems.push('search.variants: lists a variant twice');
  if (config.search.targetFraction <= 0) problems.push('search.targetFraction: expected a fraction in (0, 1], got 0');
  if (config.evaluation.ks.length === 0) problems.push('evaluation.ks: expected at least one cut-off');
  if (config.data.format !== 'delimited') {
    for (const key of ['delimiter', 'hasHeader', 'sequenceBy'] as const) {
      if (config.data[key] !== undefined) problems.push(`data.${key}: applies only to data.format 'delimited' (format is '${config.data.format}')`);
    }
  }
  return problems;
}

/**
 * Decodes a sequential run config (a JSON file or the CLI) and fills the defaults. CONFIG_INVALID lists
 * every problem with its JSON path, e.g. `search.targetFraction: expected probability in [0, 1], got 2`.
 */
export function decodeSequentialRunConfig(input: unknown, what = 'sequential run config'): E.Either<RecnasError, ResolvedSequentialRunConfig> {
  return E.flatMap(decodeWith(SequentialRunConfigCodec, input, what), (decoded) => {
    const resolved = resolveSequentialRunConfig(decoded);
    const problems = crossFieldProblems(resolved);
    if (problems.length === 0) return E.right(resolved);
    return E.left(new RecnasError('CONFIG_INVALID', `${what} is invalid:\n${problems.join('\n')}`, { problems }));
  });
}

/** The data-loaders read options of a run's data section. */
export function interactionReadOptions(data: ResolvedSequentialRunConfig['data']): InteractionReadOptions {
  const { format, encoding, maxBadFraction, delimiter, hasHeader, columns, sequenceBy } = data;
  return {
    format,
    maxBadFraction,
    ...(encoding === undefined ? {} : { encoding }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(hasHeader === undefined ? {} : { hasHeader }),
    ...(columns === undefined ? {} : { columns }),
    ...(sequenceBy === undefined ? {} : { sequenceBy }),
  };
}
