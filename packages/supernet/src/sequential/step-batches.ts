import { Rng } from '@recnas/core';
import { NegativeSampler } from './negative-sampler.js';
import { copyRowTails, rowLength, type SequenceDatasetViews } from './sequence-data.js';
import type { SequentialBatch } from './sequential-train-step.js';

/** A training batch with the users of its rows (the data-aware gates pool their histories). */
export interface UserBatch extends SequentialBatch {
  readonly rows: ReadonlyArray<number>;
}

/**
 * The batches of a fixed set of training rows as a function of the step number alone: step s is batch
 * `s mod stepsPerEpoch` of epoch `floor(s / stepsPerEpoch)`, whose row order is a shuffle seeded by
 * `(seed, label, epoch)`, and its negatives are drawn from `(seed, label, s)`. So a search resumed at any
 * step sees exactly the batches of an uninterrupted one.
 */
export class StepBatches {
  private cachedEpoch = -1;
  private cachedOrder: number[] = [];
  private readonly sampler: NegativeSampler;
  private readonly root: Rng;

  constructor(
    private readonly dataset: SequenceDatasetViews,
    readonly rows: ReadonlyArray<number>,
    readonly batchSize: number,
    seed: number,
    label: string,
    private readonly withNegatives: boolean,
  ) {
    this.sampler = new NegativeSampler(dataset);
    this.root = Rng.fromSeed(seed).fork(label);
  }

  /** Batches per pass over the rows. */
  get stepsPerEpoch(): number {
    return Math.max(1, Math.ceil(this.rows.length / this.batchSize));
  }

  /** The batch of step `step` (0-based). */
  batchAt(step: number): UserBatch {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch !== this.cachedEpoch) {
      this.cachedOrder = this.root.fork(`epoch-${epoch}`).shuffle([...this.rows]);
      this.cachedEpoch = epoch;
    }
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    const rows = this.cachedOrder.slice(start, start + this.batchSize);
    const { train, maxLength } = this.dataset;
    const length = rows.reduce((longest, row) => Math.max(longest, rowLength(train.input, row, maxLength)), 1);
    const ids = copyRowTails(train.input, maxLength, rows, length);
    const targets = copyRowTails(train.target, maxLength, rows, length);
    const users = rows.map((row) => train.users[row] as number);
    const negatives = this.withNegatives ? this.sampler.sample(targets, users, length, this.root.fork(`negatives-${step}`)) : undefined;
    return { rows, batchSize: rows.length, length, ids, targets, ...(negatives === undefined ? {} : { negatives }) };
  }

  /** The dropout stream of step `step`. */
  dropoutRng(step: number): Rng {
    return this.root.fork(`dropout-${step}`);
  }
}

/**
 * Splits the training rows that have a target into the weights' rows and the architecture's held-out rows
 * (`heldOutFraction` of them, at least one, chosen by a seeded shuffle): DARTS-style bilevel search
 * updates the architecture on data the weights are not trained on. Validation and test are never used.
 */
export function splitSearchRows(dataset: SequenceDatasetViews, heldOutFraction: number, seed: number): { weightRows: number[]; architectureRows: number[] } {
  const { train } = dataset;
  const rows: number[] = [];
  for (let row = 0; row < train.rowCount; row++) if (rowLength(train.target, row, train.maxLength) > 0) rows.push(row);
  const shuffled = Rng.fromSeed(seed).fork('held-out').shuffle(rows);
  const heldOut = Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * heldOutFraction)));
  const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
  return { architectureRows: sorted(shuffled.slice(0, heldOut)), weightRows: sorted(shuffled.slice(heldOut)) };
}
