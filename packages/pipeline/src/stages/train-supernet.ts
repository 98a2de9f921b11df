import * as E from 'fp-ts/lib/Either.js';
import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  RecnasError,
  Rng,
  archHash,
  decodeWith,
  defineSearchSpace,
  pathFromArch,
  withBlockCount,
  type ArchEncoding,
  type Batch,
  type RngState,
  type SearchSpace,
  type Seed,
} from '@recnas/core';
import { Batcher } from '@recnas/data-loaders';
import { LOG_LOSS_EPSILON } from '@recnas/metrics';
import { createOperatorRegistry, registerBuiltinOperators, type OperatorRegistry } from '@recnas/operators';
import { createSampler, isArchSampler, type Sampler } from '@recnas/samplers';
import { CtrSupernet, estimateSupernetTrainingMemory } from '@recnas/supernet';
import { tf } from '@recnas/engine';
import { checkTrainingMemory } from './training-memory-check.js';
import { openCtrReader, readSplitChunks, summariseCtrData, trainingReader, type CtrDataSummary } from './ctr-data.js';
import { dataFileIdentity } from './split-files.js';
import {
  TrainSupernetConfigCodec,
  resolveTrainSupernetConfig,
  type ResolvedTrainSupernetConfig,
  type TrainSupernetConfigInput,
} from './train-supernet-config.js';

/** A sub-architecture scored with the supernet's (inherited) weights on the validation split. */
export interface ScoredSubnet {
  readonly archHash: string;
  readonly arch: ArchEncoding;
  readonly validationLogLoss: number;
}

/** What the stage reports. Losses are mean binary cross-entropy (natural log). */
export interface TrainSupernetResult {
  readonly config: ResolvedTrainSupernetConfig;
  readonly parameterCount: number;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly testRows: number;
  readonly steps: number;
  /** Training loss of every step, in order. */
  readonly lossCurve: ReadonlyArray<number>;
  /** Training rows consumed over all steps (epochs x train rows when the run is whole epochs). */
  readonly rowsSeen: number;
  /** Validation LogLoss of always predicting the training base rate: the bar a model must clear. */
  readonly baseRateLogLoss: number;
  readonly subnets: ReadonlyArray<ScoredSubnet>;
  readonly trainSeconds: number;
}

/** Where supernet training stands after some steps: with the supernet's own state, enough to resume exactly. */
export interface TrainingProgress {
  /** Steps taken (= losses.length). */
  readonly step: number;
  readonly losses: ReadonlyArray<number>;
  readonly rowsSeen: number;
  /** State of the sampler's random stream, so resumed steps sample the same paths. */
  readonly samplerRng: RngState;
}

export interface TrainSupernetHooks {
  /** Called after every step. */
  readonly onProgress?: (step: number, totalSteps: number, loss: number) => void;
  /**
   * Called every `every` steps (and not after the last one) with the supernet and the progress; resuming from
   * what it saved continues the run exactly (same batches, same sampled paths, same result).
   */
  readonly checkpoint?: { readonly every: number; readonly save: (supernet: CtrSupernet, progress: TrainingProgress) => Promise<void> };
  /** Continues from a saved point: the restored supernet and its progress (the supernet is not rebuilt). */
  readonly resume?: { readonly supernet: CtrSupernet; readonly progress: TrainingProgress };
  /**
   * The operators to build from, replacing the default registry of built-ins: to add a third-party operator,
   * call `registerBuiltinOperators(registry)` and then `registry.register(yourOperator)`.
   */
  readonly registry?: OperatorRegistry;
  readonly now?: () => number;
  /** Where the validation split's batch file goes (`summariseCtrData`; default the system temp folder). */
  readonly splitDir?: string;
}

function asRecnasError(error: unknown, during: string): RecnasError {
  return error instanceof RecnasError ? error : new RecnasError('INVARIANT', `${during} failed: ${(error as Error).message}`, {}, { cause: error });
}

/** The search space a stage config names: the NASRec space with the configured blocks and widths. */
export function resolveSpace(config: Pick<ResolvedTrainSupernetConfig, 'space' | 'blocks' | 'denseWidths' | 'sparseWidths'>): E.Either<RecnasError, SearchSpace> {
  const base = withBlockCount(config.space === 'nasrec-small' ? NASREC_SMALL_SPACE : NASREC_FULL_SPACE, config.blocks);
  if (config.denseWidths === undefined && config.sparseWidths === undefined) return E.right(base);
  return defineSearchSpace({ ...base, denseWidths: config.denseWidths ?? base.denseWidths, sparseWidths: config.sparseWidths ?? base.sparseWidths });
}

/** A registry of the built-in operators. */
export function builtinRegistry(): E.Either<RecnasError, OperatorRegistry> {
  const registry = createOperatorRegistry();
  return E.map(() => registry)(registerBuiltinOperators(registry));
}

function scoreSubnets(supernet: CtrSupernet, sampler: Sampler, validation: Iterable<Batch>, count: number, rng: Rng): ScoredSubnet[] {
  if (!isArchSampler(sampler)) return [];
  return Array.from({ length: count }, () => {
    const arch = sampler.sampleArch(rng);
    return { archHash: archHash(arch), arch, validationLogLoss: supernet.evaluate(validation, pathFromArch(arch)).logLoss };
  });
}

function baseRateLogLoss(summary: CtrDataSummary): number {
  // One pass over the streamed labels: the LogLoss of a constant prediction needs only the positive count.
  let positives = 0;
  for (const batch of summary.validation) for (const label of batch.label) positives += label;
  const rows = summary.validationRows;
  if (rows === 0) return Number.NaN;
  const p = Math.min(Math.max(summary.trainPositiveRate, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON); // computeLogLoss's clipping
  return -(positives * Math.log(p) + (rows - positives) * Math.log(1 - p)) / rows;
}

/**
 * Runs the training steps over the train split (re-reading the file per epoch, buffer-shuffled per epoch).
 * The batch sequence is a function of the seed alone, so a resumed run skips the batches it already used.
 */
async function runTraining(
  supernet: CtrSupernet,
  sampler: Sampler,
  config: ResolvedTrainSupernetConfig,
  reader: Parameters<typeof readSplitChunks>[0],
  hooks: TrainSupernetHooks,
): Promise<{ losses: number[]; rowsSeen: number }> {
  const resumed = hooks.resume?.progress;
  const losses: number[] = [...(resumed?.losses ?? [])];
  let rowsSeen = resumed?.rowsSeen ?? 0;
  const samplerRng = resumed === undefined ? Rng.fromSeed(config.seed).fork('sampler') : Rng.fromState(resumed.samplerRng, config.seed);
  let position = 0; // batches produced so far, counting the ones a resumed run skips
  const train = async (batch: Batch): Promise<void> => {
    position += 1;
    if (position <= (resumed?.step ?? 0)) return;
    const loss = supernet.trainStep(batch, sampler.sample(losses.length, samplerRng));
    if (!Number.isFinite(loss)) {
      throw new RecnasError('TRAINING_DIVERGED', `supernet training loss became ${loss} at step ${losses.length + 1}; the last good checkpoint is kept`, {
        step: losses.length + 1,
      });
    }
    losses.push(loss);
    rowsSeen += batch.size;
    hooks.onProgress?.(losses.length, config.totalSteps, loss);
    const every = hooks.checkpoint?.every ?? 0;
    if (every > 0 && losses.length % every === 0 && losses.length < config.totalSteps) {
      await hooks.checkpoint?.save(supernet, { step: losses.length, losses: [...losses], rowsSeen, samplerRng: samplerRng.state() });
    }
  };
  for (let epoch = 0; losses.length < config.totalSteps; epoch++) {
    const positionBefore = position;
    const batcher = Batcher.create({ batchSize: config.batchSize, shuffleBufferSize: 16 * config.batchSize, seed: Rng.fromSeed(config.seed).fork(`shuffle/${epoch}`).nextUint32() });
    if (E.isLeft(batcher)) throw batcher.left;
    for await (const parts of readSplitChunks(trainingReader(reader, config.data), config.data)) {
      for (const batch of batcher.right.push(parts.train)) {
        if (losses.length >= config.totalSteps) break;
        await train(batch);
      }
      if (losses.length >= config.totalSteps) break;
    }
    for (const batch of batcher.right.finish()) if (losses.length < config.totalSteps) await train(batch);
    if (position === positionBefore) {
      throw new RecnasError('DATA_EMPTY', `${config.data.path}: pass ${epoch + 1} over the file gave no training rows (was the file changed during training?)`);
    }
  }
  return { losses, rowsSeen };
}

/**
 * The supernet-training stage: reads the data (train/validation/test split, seeded), builds the CTR supernet
 * of the configured space, trains it with the configured sampler (warm-up included), then scores
 * `evaluateSubnets` sampled sub-architectures with inherited weights on the validation split. Returns the
 * trained supernet with the result; the caller disposes it. Wiring only: the math lives in the packages.
 */
export async function trainSupernet(
  input: TrainSupernetConfigInput | unknown,
  hooks: TrainSupernetHooks = {},
): Promise<E.Either<RecnasError, { result: TrainSupernetResult; supernet: CtrSupernet }>> {
  const decoded = decodeWith(TrainSupernetConfigCodec, input, 'train-supernet config');
  if (E.isLeft(decoded)) return decoded;
  const source = { ...decoded.right.data, splitSeed: decoded.right.data.splitSeed ?? decoded.right.seed ?? (2018 as Seed) };
  const reader = openCtrReader(source);
  if (E.isLeft(reader)) return reader;
  // The space, the batch size and the memory a step needs do not depend on the data's size: check them before
  // the data pass writes anything, so that a config the backend cannot hold stops at once (decision 0014).
  const files = dataFileIdentity(source);
  if (E.isLeft(files)) return files;
  const sized = resolveTrainSupernetConfig(decoded.right, 1);
  const space = resolveSpace(sized);
  const registry = hooks.registry === undefined ? builtinRegistry() : E.right(hooks.registry);
  if (E.isLeft(space)) return space;
  if (E.isLeft(registry)) return registry;
  const dims = { space: space.right, registry: registry.right, denseFeatures: reader.right.denseFields.length, sparseFields: reader.right.vocabSizes };
  const memory = E.flatMap(estimateSupernetTrainingMemory({ ...dims, seed: sized.seed }, sized.batchSize), (estimate) =>
    checkTrainingMemory(estimate, tf.getBackend(), sized.batchSize),
  );
  if (E.isLeft(memory)) return memory;
  const summary = await summariseCtrData(reader.right, source, hooks.splitDir).catch((error: unknown) => E.left(asRecnasError(error, 'reading the data')));
  if (E.isLeft(summary)) return summary;
  if (summary.right.trainRows === 0) return E.left(new RecnasError('DATA_EMPTY', `${decoded.right.data.path}: no training rows`));
  const config = resolveTrainSupernetConfig(decoded.right, summary.right.trainRows);
  const sampler = createSampler({ sampler: config.sampler, warmupSteps: config.warmupSteps, connectionProbability: config.connectionProbability }, space.right);
  if (E.isLeft(sampler)) return sampler;
  const modelConfig = { ...dims, seed: config.seed, training: { totalSteps: config.totalSteps, peakLearningRate: config.peakLearningRate } };
  const supernet = hooks.resume !== undefined ? E.right(hooks.resume.supernet) : CtrSupernet.create(modelConfig);
  if (E.isLeft(supernet)) return supernet;
  const now = hooks.now ?? Date.now;
  const startedAt = now();
  try {
    const { losses: lossCurve, rowsSeen } = await runTraining(supernet.right, sampler.right, config, reader.right, hooks);
    const trainSeconds = (now() - startedAt) / 1000;
    const subnets = scoreSubnets(supernet.right, sampler.right, summary.right.validation, config.evaluateSubnets, Rng.fromSeed(config.seed).fork('evaluate'));
    const result: TrainSupernetResult = {
      config,
      parameterCount: supernet.right.parameterCount,
      trainRows: summary.right.trainRows,
      validationRows: summary.right.validationRows,
      testRows: summary.right.testRows,
      steps: lossCurve.length,
      lossCurve,
      rowsSeen,
      baseRateLogLoss: baseRateLogLoss(summary.right),
      subnets,
      trainSeconds,
    };
    return E.right({ result, supernet: supernet.right });
  } catch (error) {
    supernet.right.dispose();
    return E.left(asRecnasError(error, 'supernet training'));
  }
}
