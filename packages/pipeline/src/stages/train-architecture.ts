import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  PositiveIntCodec,
  RecnasError,
  SeedCodec,
  archHash,
  decodeArchEncoding,
  decodeWith,
  strictWithDefaults,
  withBlockCount,
  type ArchEncoding,
  type SearchSpace,
} from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { countArchCost, evaluateCtrModel, importNasrecArchitecture, retrainFromScratch, type CtrModelEvaluation, type CtrSubnet } from '@recnas/supernet';
import { CtrDataSourceCodec, openCtrReader } from './ctr-data.js';
import { readSplits } from './split-batches.js';

/**
 * What `trainArchitecture` takes. Defaults follow NASRec's final retraining on Criteo (SPEC section 5):
 * 1 epoch, batch 256, peak learning rate 0.16, Adagrad with the cosine schedule; seed 2018.
 */
export const TrainArchitectureConfigCodec = strictWithDefaults(
  { data: CtrDataSourceCodec, architecture: t.unknown },
  {
    epochs: PositiveIntCodec,
    batchSize: PositiveIntCodec,
    learningRate: t.number,
    seed: SeedCodec,
    subnetLayout: t.keyof({ 'active-width': null, 'max-width': null, 'weight-sharing': null }),
  },
  {
    epochs: 1 as t.TypeOf<typeof PositiveIntCodec>,
    batchSize: 256 as t.TypeOf<typeof PositiveIntCodec>,
    learningRate: 0.16,
    seed: 2018 as t.TypeOf<typeof SeedCodec>,
    subnetLayout: 'active-width',
  },
  'TrainArchitectureConfig',
);
export type TrainArchitectureConfigInput = t.InputOf<typeof TrainArchitectureConfigCodec>;

/** What `recnas train` reports: the architecture, its cost and its validation and test metrics after training. */
export interface TrainArchitectureResult {
  readonly archHash: string;
  readonly arch: ArchEncoding;
  readonly inputFormat: 'recnas' | 'official-nasrec';
  readonly subnetLayout: string;
  readonly parameterCount: number;
  readonly flopsPerExample: number;
  readonly steps: number;
  readonly trainRows: number;
  readonly validation: CtrModelEvaluation;
  readonly test: CtrModelEvaluation;
  readonly trainSeconds: number;
}

const SPACES: Readonly<Record<string, SearchSpace>> = { [NASREC_FULL_SPACE.id]: NASREC_FULL_SPACE, [NASREC_SMALL_SPACE.id]: NASREC_SMALL_SPACE };

/** The recnas encoding or NASRec's official JSON (its `micro` and `macro` keys), with the space it belongs to. */
export function decodeArchitectureFile(json: unknown): E.Either<RecnasError, { arch: ArchEncoding; space: SearchSpace; inputFormat: TrainArchitectureResult['inputFormat'] }> {
  const official = typeof json === 'object' && json !== null && 'micro' in json && 'macro' in json;
  const decoded = official ? importNasrecArchitecture(json) : decodeArchEncoding(json);
  return E.flatMap(decoded, (arch) => {
    const base = SPACES[arch.space];
    if (base === undefined) return E.left(new RecnasError('CONFIG_INVALID', `architecture.space: expected one of ${Object.keys(SPACES).join(', ')}, got "${arch.space}"`));
    const space = withBlockCount(base, arch.blocks.length as SearchSpace['blocks']);
    return E.right({ arch, space, inputFormat: official ? ('official-nasrec' as const) : ('recnas' as const) });
  });
}

/**
 * Trains one architecture file from scratch on the seeded 8:1:1 split of a CTR file (compact layout by
 * default: the parameters its architecture implies) and evaluates it on validation and test. Returns the
 * result and the trained model (the caller saves and disposes it). The split parts are streamed from batch files in
 * `splitDir` (default the system temp folder; decision 0019). Fails with CONFIG_INVALID, DATA_*, IO.
 */
export async function trainArchitecture(
  input: TrainArchitectureConfigInput | Readonly<Record<string, unknown>>,
  registry: OperatorRegistry,
  onStep?: (step: number, totalSteps: number, loss: number) => void,
  splitDir?: string,
): Promise<E.Either<RecnasError, { readonly result: TrainArchitectureResult; readonly model: CtrSubnet; readonly space: SearchSpace }>> {
  const config = decodeWith(TrainArchitectureConfigCodec, input, 'train config');
  if (E.isLeft(config)) return config;
  const { data, architecture, epochs, batchSize, learningRate, seed, subnetLayout } = config.right;
  const decoded = decodeArchitectureFile(architecture);
  if (E.isLeft(decoded)) return decoded;
  const { arch, space, inputFormat } = decoded.right;
  const source = { ...data, splitSeed: data.splitSeed ?? seed };
  const reader = openCtrReader(source);
  if (E.isLeft(reader)) return reader;
  const splits = await readSplits(reader.right, source, ['train', 'validation', 'test'], batchSize, seed, 'retrain', splitDir);
  if (splits.train.batchCount === 0) return E.left(new RecnasError('DATA_EMPTY', `${data.path}: the train split is empty`));
  const modelConfig = { space, registry, denseFeatures: reader.right.denseFields.length, sparseFields: reader.right.vocabSizes, seed, subnetLayout };
  const cost = countArchCost(arch, modelConfig);
  if (E.isLeft(cost)) return cost;
  const started = performance.now();
  const trained = retrainFromScratch(arch, modelConfig, splits.train, { epochs, peakLearningRate: learningRate }, onStep === undefined ? {} : { onStep });
  if (E.isLeft(trained)) return trained;
  const model = trained.right;
  const trainSeconds = (performance.now() - started) / 1000;
  const result: TrainArchitectureResult = {
    archHash: archHash(arch),
    arch,
    inputFormat,
    subnetLayout: model.layoutKind,
    parameterCount: model.parameterCount,
    flopsPerExample: cost.right.flopsPerExample,
    steps: model.step,
    trainRows: splits.train.rows,
    validation: evaluateCtrModel(model, splits.validation),
    test: evaluateCtrModel(model, splits.test),
    trainSeconds,
  };
  return E.right({ result, model, space });
}
