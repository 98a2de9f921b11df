import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, Rng, decodeWith } from '@recnas/core';
import type { RankingSummary } from '@recnas/metrics';
import { assignValues } from '../internal/assign-values.js';
import { evaluateFullRanking } from './full-ranking.js';
import { NegativeSampler } from './negative-sampler.js';
import type { SasrecModel } from './sasrec-model.js';
import { SequentialAdam } from './sequential-adam.js';
import { sequentialTrainStep } from './sequential-train-step.js';
import { SequentialTrainingOptionsCodec, type SequentialTrainingOptions, type SequentialTrainingOptionsInput } from './sequential-training-options.js';
import { copyRowTails, rowLength, type SequenceDatasetViews } from './sequence-data.js';

/** Validation cut-offs; early stopping watches NDCG@20 (ICLRec). */
export const SEQUENTIAL_VALIDATION_KS: ReadonlyArray<number> = [5, 10, 20];
/** The K of the early-stopping metric NDCG@K. */
export const EARLY_STOPPING_K = 20;

/** Progress of one training step. */
export interface SequentialStepReport {
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
}

/** One finished epoch: mean training loss, validation (when evaluated), wall seconds, and the best so far. */
export interface SequentialEpochReport {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  readonly validation?: RankingSummary;
  readonly seconds: number;
  readonly improved: boolean;
  readonly bestEpoch: number;
}

/** Hooks of the training loop; `onEpoch` may return a promise (e.g. to write a checkpoint), which is awaited. */
export interface SequentialTrainingHooks {
  readonly onStep?: (report: SequentialStepReport) => void;
  readonly onEpoch?: (report: SequentialEpochReport, trainer: SequentialTrainer) => void | Promise<void>;
}

/** What a training run ended with; the model then holds the best epoch's weights. */
export interface SequentialTrainingResult {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly bestValidation?: RankingSummary;
  readonly stopped: 'epochs' | 'patience';
  readonly history: ReadonlyArray<SequentialEpochSummary>;
}

/** The per-epoch line kept in the history (and in checkpoints). */
export interface SequentialEpochSummary {
  readonly epoch: number;
  readonly loss: number;
  readonly seconds: number;
  readonly validationNdcg?: number;
}

/** The trainer's resumable counters (checkpoint meta). */
export interface SequentialTrainerProgress {
  readonly epoch: number;
  readonly bestEpoch: number;
  readonly bestScore: number;
  readonly bestValidation?: RankingSummary;
  readonly epochsWithoutImprovement: number;
  readonly history: ReadonlyArray<SequentialEpochSummary>;
}

/** Batches per length bucket window: rows are sorted by length within windows of this many batches. */
const BUCKET_WINDOW_BATCHES = 50;

/**
 * The batches of one epoch from the shuffled row order: consecutive chunks, or with `lengthBuckets` the
 * rows of each window of 50 batches sorted by history length before chunking and the batches shuffled, so a
 * batch's padded width is close to its rows' lengths (the per-batch truncation then saves most padding).
 */
function epochBatches(order: number[], options: SequentialTrainingOptions, lengthOf: (row: number) => number, rng: Rng): number[][] {
  const { batchSize } = options;
  const chunk = (rows: number[]): number[][] => Array.from({ length: Math.ceil(rows.length / batchSize) }, (_, i) => rows.slice(i * batchSize, (i + 1) * batchSize));
  if (!options.lengthBuckets) return chunk(order);
  const window = batchSize * BUCKET_WINDOW_BATCHES;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += window) {
    const rows = order.slice(start, start + window);
    const lengths = new Map(rows.map((row) => [row, lengthOf(row)]));
    rows.sort((a, b) => (lengths.get(a) as number) - (lengths.get(b) as number));
    batches.push(...chunk(rows));
  }
  return rng.shuffle(batches);
}

/**
 * Trains a `SasrecModel` epoch by epoch on a leave-one-out dataset (ICLRec's recipe, decision 0010): per
 * epoch a seeded shuffle of the training rows (`rng.fork('epoch-' + e)`), batches truncated to their longest
 * row, BCE with one sampled negative (or full CE), Adam over every parameter, full-ranking validation every
 * `evalEvery` epochs, early stopping on NDCG@20 with `patience`, and a copy of the best epoch's weights.
 */
export class SequentialTrainer {
  readonly adam: SequentialAdam;
  private readonly rng: Rng;
  private readonly sampler: NegativeSampler;
  private readonly trainRows: Int32Array;
  private best: Map<string, Float32Array> | undefined;
  private targetCount: number | undefined;
  private state: SequentialTrainerProgress = { epoch: 0, bestEpoch: 0, bestScore: Number.NEGATIVE_INFINITY, epochsWithoutImprovement: 0, history: [] };

  private constructor(
    readonly model: SasrecModel,
    readonly dataset: SequenceDatasetViews,
    readonly options: SequentialTrainingOptions,
  ) {
    this.adam = new SequentialAdam(model.namedVariables(), { learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2, epsilon: options.adamEpsilon });
    this.rng = Rng.fromSeed(options.seed);
    this.sampler = new NegativeSampler(dataset);
    const { train } = dataset;
    this.trainRows = Int32Array.from({ length: train.rowCount }, (_, row) => row).filter((row) => rowLength(train.target, row, train.maxLength) > 0);
  }

  /** A trainer for `model` on `dataset`; CONFIG_INVALID for bad options or sizes that do not match. */
  static create(model: SasrecModel, dataset: SequenceDatasetViews, options: SequentialTrainingOptionsInput = {}): E.Either<RecnasError, SequentialTrainer> {
    return E.flatMap(decodeWith(SequentialTrainingOptionsCodec, options, 'sequential training options'), (decoded) => {
      if (model.config.itemCount !== dataset.itemCount || model.config.maxLength < dataset.maxLength) {
        return E.left(new RecnasError('CONFIG_INVALID', `SASRec model (${model.config.itemCount} items, L ${model.config.maxLength}) does not fit the dataset (${dataset.itemCount} items, L ${dataset.maxLength})`));
      }
      return E.right(new SequentialTrainer(model, dataset, decoded));
    });
  }

  /** Counters to checkpoint (epochs done, best epoch and metrics, patience, history). */
  get progress(): SequentialTrainerProgress {
    return this.state;
  }

  /** Training rows with at least one target (the ones batches are made of). */
  get trainingRowCount(): number {
    return this.trainRows.length;
  }

  /** Steps per epoch. */
  get stepsPerEpoch(): number {
    return Math.ceil(this.trainRows.length / this.options.batchSize);
  }

  /** True when the epoch budget is used up or patience ran out. */
  isDone(): boolean {
    return this.state.epoch >= this.options.epochs || this.state.epochsWithoutImprovement >= this.options.patience;
  }

  /** Trains one epoch, then validates when due; returns its report (hooks.onStep per step). */
  runEpoch(hooks: Pick<SequentialTrainingHooks, 'onStep'> = {}): SequentialEpochReport {
    const started = performance.now();
    const epoch = this.state.epoch + 1;
    const epochRng = this.rng.fork(`epoch-${epoch}`);
    const order = epochRng.fork('shuffle').shuffle([...this.trainRows]);
    const negativeRng = epochRng.fork('negatives');
    const dropoutRng = epochRng.fork('dropout');
    const { train, maxLength } = this.dataset;
    const batches = epochBatches(order, this.options, (row) => rowLength(train.input, row, maxLength), epochRng.fork('batches'));
    let lossSum = 0;
    const steps = batches.length;
    const lossDivisor = this.options.lengthBuckets ? this.meanTargetsPerBatch(steps) : undefined;
    for (let step = 0; step < steps; step++) {
      const rows = batches[step] as number[];
      const length = rows.reduce((longest, row) => Math.max(longest, rowLength(train.input, row, maxLength)), 1);
      const ids = copyRowTails(train.input, maxLength, rows, length);
      const targets = copyRowTails(train.target, maxLength, rows, length);
      const negatives = this.options.loss === 'bce' ? this.sampler.sample(targets, rows.map((row) => train.users[row] as number), length, negativeRng) : undefined;
      const batch = { batchSize: rows.length, length, ids, targets, ...(negatives === undefined ? {} : { negatives }), ...(lossDivisor === undefined ? {} : { lossDivisor }) };
      const loss = sequentialTrainStep(this.model, this.adam, batch, this.options.loss, dropoutRng);
      if (!Number.isFinite(loss)) throw new RecnasError('TRAINING_DIVERGED', `SASRec training: loss ${loss} at epoch ${epoch}, step ${step + 1}`);
      lossSum += loss;
      hooks.onStep?.({ epoch, step: step + 1, stepsPerEpoch: steps, loss });
    }
    const loss = steps === 0 ? Number.NaN : lossSum / steps;
    const validation = epoch % this.options.evalEvery === 0 || epoch === this.options.epochs ? this.validate() : undefined;
    return this.finishEpoch(epoch, loss, validation, (performance.now() - started) / 1000);
  }

  /** Training targets (positions with a next item) per batch, on average over an epoch of `steps` batches. */
  private meanTargetsPerBatch(steps: number): number {
    const { train, maxLength } = this.dataset;
    this.targetCount ??= this.trainRows.reduce((sum, row) => sum + rowLength(train.target, row, maxLength), 0);
    return Math.max(1, this.targetCount / Math.max(1, steps));
  }

  /** Full-ranking validation metrics (HR/NDCG at 5, 10, 20, MRR) of the current weights. */
  validate(): RankingSummary {
    return evaluateFullRanking(this.model, this.dataset.validation, this.dataset, { ks: SEQUENTIAL_VALIDATION_KS, batchSize: this.options.evalBatchSize });
  }

  /** Epochs until done; the model ends with the best epoch's weights. */
  async run(hooks: SequentialTrainingHooks = {}): Promise<SequentialTrainingResult> {
    while (!this.isDone()) {
      const report = this.runEpoch(hooks);
      await hooks.onEpoch?.(report, this);
    }
    this.restoreBest();
    const { epoch, bestEpoch, bestValidation, history } = this.state;
    return {
      epochs: epoch,
      bestEpoch,
      ...(bestValidation === undefined ? {} : { bestValidation }),
      stopped: epoch >= this.options.epochs ? 'epochs' : 'patience',
      history,
    };
  }

  /** Copies the best epoch's weights into the model (no-op before the first validation). */
  restoreBest(): void {
    if (this.best === undefined) return;
    for (const [name, variable] of this.model.namedVariables()) assignValues(variable, this.best.get(name) as Float32Array, `best weights "${name}"`);
  }

  /** The best epoch's weights by variable name (copies), if any epoch was validated. */
  bestWeights(): ReadonlyMap<string, Float32Array> | undefined {
    return this.best;
  }

  /** Restores the counters, Adam and the best weights from a checkpoint (see `sasrecCheckpointContent`). */
  restoreProgress(progress: SequentialTrainerProgress, adamStep: number, moments: ReadonlyMap<string, { m: Float32Array; v: Float32Array }>, best: ReadonlyMap<string, Float32Array> | undefined): void {
    this.adam.restore(adamStep, moments);
    this.state = progress;
    this.best = best === undefined ? undefined : new Map(best);
  }

  /** Disposes the optimizer state (the model belongs to the caller). */
  dispose(): void {
    this.adam.dispose();
  }

  private finishEpoch(epoch: number, loss: number, validation: RankingSummary | undefined, seconds: number): SequentialEpochReport {
    const score = validation?.ndcg[EARLY_STOPPING_K];
    const improved = score !== undefined && score > this.state.bestScore;
    if (improved) this.best = new Map([...this.model.namedVariables()].map(([name, variable]) => [name, Float32Array.from(variable.dataSync() as Float32Array)]));
    const previous = this.state;
    this.state = {
      epoch,
      bestEpoch: improved ? epoch : previous.bestEpoch,
      bestScore: improved ? score : previous.bestScore,
      ...(improved ? { bestValidation: validation } : previous.bestValidation === undefined ? {} : { bestValidation: previous.bestValidation }),
      epochsWithoutImprovement: improved ? 0 : validation === undefined ? previous.epochsWithoutImprovement : previous.epochsWithoutImprovement + 1,
      history: [...previous.history, { epoch, loss, seconds, ...(score === undefined ? {} : { validationNdcg: score }) }],
    };
    return { epoch, loss, ...(validation === undefined ? {} : { validation }), seconds, improved, bestEpoch: this.state.bestEpoch };
  }
}

/**
 * Trains `model` on `dataset` with ICLRec's recipe (options: `SequentialTrainingOptionsCodec`) until the
 * epoch budget or patience runs out, and leaves the best validation epoch's weights in the model. Rejects
 * with CONFIG_INVALID for bad options, TRAINING_DIVERGED on a non-finite loss.
 */
export async function trainSequentialModel(
  model: SasrecModel,
  dataset: SequenceDatasetViews,
  options: SequentialTrainingOptionsInput = {},
  hooks: SequentialTrainingHooks = {},
): Promise<SequentialTrainingResult> {
  const trainer = SequentialTrainer.create(model, dataset, options);
  if (E.isLeft(trainer)) throw trainer.left;
  try {
    return await trainer.right.run(hooks);
  } finally {
    trainer.right.dispose();
  }
}
