import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeWith, largestSequentialArchitecture, type Rng, type SequentialArchitecture } from '@recnas/core';
import { tf } from '@recnas/engine';
import { ChoiceParameters, poolHistories } from './choice-parameters.js';
import { expectedSequentialResource, sequentialResource, type HostCostModel, type SequentialCostSizes } from './expected-cost.js';
import { SasrecModel } from './sasrec-model.js';
import { SequentialAdam } from './sequential-adam.js';
import { sequentialBceLoss, sequentialCeLoss } from './sequential-loss.js';
import { SequentialSupernetOptionsCodec, type SequentialSupernetOptions, type SequentialSupernetOptionsInput } from './sequential-supernet-options.js';
import { sequentialTrainStep } from './sequential-train-step.js';
import { gateTensors, gatesOfTensors, softGatesOf } from './soft-gates.js';
import { StepBatches, splitSearchRows, type UserBatch } from './step-batches.js';
import type { SequenceDatasetViews } from './sequence-data.js';

/** What a weight step is told (a `SearchInstruction` of @recnas/search-strategies fits). */
export interface WeightStepInput {
  readonly step: number;
  readonly temperature: number;
}

/** What an architecture step is told: the budget and penalty weight of the resource constraint too. */
export interface ArchitectureStepInput extends WeightStepInput {
  readonly budget: number;
  readonly lambda: number;
}

/** What a step measured (a `StepReport` of @recnas/search-strategies). */
export interface SupernetStepReport {
  readonly kind: 'weights' | 'architecture';
  readonly taskLoss: number;
  readonly expectedCost?: number;
  readonly penalty?: number;
  /** Batch-mean choice probabilities per group. */
  readonly probabilities?: Record<string, number[]>;
}

const BETAS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * DNS-Rec's supernet (docs/decisions/0010-dns-rec.md): the largest SASRec of `space` with soft masks from
 * learned choice logits and data-aware gates, trained bilevel: `weightStep` updates the weights on the
 * weights' rows under the current (constant) soft masks; `architectureStep` updates the choice parameters
 * on the held-out rows with `task loss + lambda max(0, E[cost] / budget - 1)`. Steps are functions of their
 * step number (batches, negatives, dropout), so a restored checkpoint continues exactly.
 */
export class SequentialSupernet {
  readonly model: SasrecModel;
  readonly choices: ChoiceParameters;
  readonly weightAdam: SequentialAdam;
  readonly architectureAdam: SequentialAdam;
  readonly weightBatches: StepBatches;
  readonly architectureBatches: StepBatches;
  readonly sizes: SequentialCostSizes;

  private constructor(
    readonly options: SequentialSupernetOptions,
    readonly dataset: SequenceDatasetViews,
    readonly host: HostCostModel | undefined,
    model: SasrecModel,
  ) {
    this.model = model;
    this.choices = new ChoiceParameters(options.space, options.dataAware, model.hiddenWidth);
    this.weightAdam = new SequentialAdam(model.namedVariables(), { learningRate: options.learningRate, ...BETAS });
    this.architectureAdam = new SequentialAdam(this.choices.namedVariables(), { learningRate: options.architectureLearningRate, ...BETAS });
    const { weightRows, architectureRows } = splitSearchRows(dataset, options.heldOutFraction, options.seed);
    const negatives = options.loss === 'bce';
    this.weightBatches = new StepBatches(dataset, weightRows, options.batchSize, options.seed, 'weights', negatives);
    this.architectureBatches = new StepBatches(dataset, architectureRows, options.batchSize, options.seed, 'architecture', negatives);
    this.sizes = { sequenceLength: dataset.maxLength, itemCount: dataset.itemCount };
  }

  /** Builds the supernet; CONFIG_INVALID for bad options, a latency/energy cost without `host`, or sizes that do not fit. */
  static create(input: SequentialSupernetOptionsInput, dataset: SequenceDatasetViews, host?: HostCostModel): E.Either<RecnasError, SequentialSupernet> {
    const decoded = decodeWith(SequentialSupernetOptionsCodec, input, 'sequential supernet options');
    if (E.isLeft(decoded)) return decoded;
    const options = decoded.right;
    if (options.cost !== 'flops' && host === undefined) return E.left(new RecnasError('CONFIG_INVALID', `sequential supernet: a ${options.cost} constraint needs a host cost model`));
    if (options.itemCount !== dataset.itemCount || options.maxLength < dataset.maxLength) {
      return E.left(new RecnasError('CONFIG_INVALID', `sequential supernet (${options.itemCount} items, L ${options.maxLength}) does not fit the dataset (${dataset.itemCount} items, L ${dataset.maxLength})`));
    }
    const model = SasrecModel.create({
      itemCount: options.itemCount,
      maxLength: options.maxLength,
      architecture: largestSequentialArchitecture(options.space),
      dropout: options.dropout,
      attentionDropout: options.attentionDropout,
      seed: options.seed,
    });
    return E.map((built: SasrecModel) => new SequentialSupernet(options, dataset, host, built))(model);
  }

  /** The resource of a compact architecture (the unit of `options.cost`). */
  costOf(arch: SequentialArchitecture): number {
    return sequentialResource(arch, this.sizes, this.options.cost, this.host);
  }

  /** The unconstrained cost: that of the largest architecture (where the dynamic budget starts). */
  unconstrainedCost(): number {
    return this.costOf(largestSequentialArchitecture(this.options.space));
  }

  /** One weight step under the current soft masks (constants); returns the batch loss before the update. */
  weightStep(input: WeightStepInput): SupernetStepReport {
    const batch = this.weightBatches.batchAt(input.step);
    const tensors = tf.tidy(() => gateTensors(softGatesOf(this.options.space, this.choices.probabilities(this.poolOf(batch), input.temperature))));
    const gates = gatesOfTensors(tensors, this.options.space.maxLayers);
    try {
      const taskLoss = sequentialTrainStep(this.model, this.weightAdam, batch, this.options.loss, this.weightBatches.dropoutRng(input.step), gates);
      this.checkFinite(taskLoss, 'weight', input.step);
      return { kind: 'weights', taskLoss };
    } finally {
      tf.dispose(tensors);
    }
  }

  /** One architecture step on the held-out rows: Adam on the choice parameters against task loss + penalty. */
  architectureStep(input: ArchitectureStepInput): SupernetStepReport {
    const batch = this.architectureBatches.batchAt(input.step);
    const rng = this.architectureBatches.dropoutRng(input.step);
    const variables = this.choices.namedVariables();
    const names = [...variables.keys()];
    const stash: { task?: tf.Tensor; cost?: tf.Tensor; means?: Map<string, tf.Tensor> } = {};
    tf.tidy(() => {
      const pool = this.poolOf(batch);
      const result = tf.engine().gradients(
        () => {
          const probabilities = this.choices.probabilities(pool, input.temperature);
          const task = this.taskLoss(batch, softGatesOf(this.options.space, probabilities), rng);
          const means = new Map([...probabilities].map(([name, p]) => [name, tf.mean(p, 0) as tf.Tensor1D]));
          const cost = expectedSequentialResource(this.options.space, means, this.sizes, this.options.cost, this.host);
          stash.task = tf.keep(tf.clone(task));
          stash.cost = tf.keep(tf.clone(cost));
          stash.means = new Map([...means].map(([name, mean]) => [name, tf.keep(tf.clone(mean))]));
          return tf.add(task, tf.mul(input.lambda, tf.relu(tf.sub(tf.div(cost, input.budget), 1)))) as tf.Scalar;
        },
        names.map((name) => variables.get(name) as tf.Variable),
        undefined,
        true,
      );
      const gradients = new Map<string, tf.Tensor>();
      names.forEach((name, i) => {
        const gradient = result.grads[i];
        if (gradient !== undefined && gradient !== null) gradients.set(name, gradient);
      });
      this.architectureAdam.apply(variables, gradients);
    });
    const taskLoss = (stash.task?.dataSync()[0] as number) ?? Number.NaN;
    const expectedCost = (stash.cost?.dataSync()[0] as number) ?? Number.NaN;
    const probabilities = Object.fromEntries([...(stash.means ?? new Map<string, tf.Tensor>())].map(([name, mean]) => [name, Array.from(mean.dataSync())]));
    tf.dispose([stash.task, stash.cost, ...(stash.means?.values() ?? [])].filter((tensor): tensor is tf.Tensor => tensor !== undefined));
    this.checkFinite(taskLoss, 'architecture', input.step);
    return { kind: 'architecture', taskLoss, expectedCost, penalty: input.lambda * Math.max(0, expectedCost / input.budget - 1), probabilities };
  }

  /**
   * Choice probabilities per group averaged over the held-out rows (the data-aware gates depend on each
   * history): what DNS-Rec's hard selection takes the argmax of.
   */
  meanProbabilities(temperature: number): Record<string, number[]> {
    const rows = this.architectureBatches.rows;
    const sums = new Map<string, Float64Array>();
    const chunk = 1024;
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      const { train, maxLength } = this.dataset;
      const ids = new Int32Array(part.length * maxLength);
      part.forEach((row, i) => ids.set(train.input.subarray(row * maxLength, (row + 1) * maxLength), i * maxLength));
      const pooled = poolHistories(this.model.gatherItems(ids), ids, part.length, maxLength, this.model.hiddenWidth);
      const sumsOfChunk = tf.tidy(() => {
        const probabilities = this.choices.probabilities(tf.tensor2d(pooled, [part.length, this.model.hiddenWidth]), temperature);
        return [...probabilities].map(([name, p]) => [name, tf.sum(tf.mul(p, tf.ones([part.length, 1])), 0).dataSync()] as const);
      });
      for (const [name, values] of sumsOfChunk) {
        const total = sums.get(name) ?? new Float64Array(values.length);
        values.forEach((value, i) => (total[i] = (total[i] as number) + value));
        sums.set(name, total);
      }
    }
    return Object.fromEntries([...sums].map(([name, total]) => [name, Array.from(total, (value) => value / Math.max(1, rows.length))]));
  }

  /** The expected cost (unit of `options.cost`) of batch-mean probabilities, e.g. from `meanProbabilities`. */
  expectedCost(probabilities: Readonly<Record<string, ReadonlyArray<number>>>): number {
    return tf.tidy(() => {
      const means = new Map(Object.entries(probabilities).map(([name, values]) => [name, tf.tensor1d([...values])]));
      return expectedSequentialResource(this.options.space, means, this.sizes, this.options.cost, this.host).dataSync()[0] as number;
    });
  }

  /** Disposes the model, the choice parameters and both optimizers. */
  dispose(): void {
    this.weightAdam.dispose();
    this.architectureAdam.dispose();
    this.choices.dispose();
    this.model.dispose();
  }

  /** The pooled histories `[B, d]` of a batch (no gradient into the item table). */
  private poolOf(batch: UserBatch): tf.Tensor2D {
    const rows = this.model.gatherItems(batch.ids);
    return tf.tensor2d(poolHistories(rows, batch.ids, batch.batchSize, batch.length, this.model.hiddenWidth), [batch.batchSize, this.model.hiddenWidth]);
  }

  /** The task loss of `batch` under `gates` with dropout from `rng` (the item table is a constant here). */
  private taskLoss(batch: UserBatch, gates: ReturnType<typeof softGatesOf>, rng: Rng): tf.Scalar {
    const { batchSize, length, ids, targets } = batch;
    const d = this.model.hiddenWidth;
    const itemInput = tf.tensor3d(this.model.gatherItems(ids), [batchSize, length, d]);
    const hidden = tf.reshape(this.model.encodeRows(itemInput, ids, { training: true, rng, gates }), [batchSize * length, d]) as tf.Tensor2D;
    if (this.options.loss === 'ce') {
      const positions = Int32Array.from(Array.from(targets).flatMap((target, i) => (target > 0 ? [i] : [])));
      const positive = tf.tensor2d(this.model.gatherItems(targets.filter((target) => target > 0)), [positions.length, d]);
      return sequentialCeLoss(tf.gather(hidden, tf.tensor1d(positions, 'int32')), this.model.itemTable as tf.Tensor2D, positive);
    }
    const positive = tf.tensor2d(this.model.gatherItems(targets), [targets.length, d]);
    const negative = tf.tensor2d(this.model.gatherItems(batch.negatives ?? new Int32Array(targets.length)), [targets.length, d]);
    const weights = tf.tensor1d(Float32Array.from(targets, (target) => (target > 0 ? 1 : 0)));
    return sequentialBceLoss(hidden, positive, negative, weights);
  }

  private checkFinite(loss: number, kind: string, step: number): void {
    if (!Number.isFinite(loss)) throw new RecnasError('TRAINING_DIVERGED', `DNS-Rec search: ${kind} step ${step} gave loss ${loss}`, { step });
  }
}
