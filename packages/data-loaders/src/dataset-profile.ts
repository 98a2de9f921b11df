import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';
import type { ReadReport } from './bad-rows.js';
import type { CtrReader } from './ctr-reader.js';
import type { InteractionSource } from './interactions.js';
import { DistinctCounter } from './internal/hyper-log-log.js';
import { toReadFailure } from './internal/read-failure.js';
import { MIN_LEAVE_ONE_OUT_EVENTS } from './sequence-dataset.js';

/** Statistics of one column over the good rows. */
export interface FieldProfile {
  readonly name: string;
  readonly kind: 'dense' | 'categorical';
  /** Fraction of good rows where the value is missing (empty or trimmed). */
  readonly missingRate: number;
  /**
   * Distinct values: preprocessed dense values (missing ones are stored as 0 and count as the value 0), or
   * present categorical ids after hashing into the vocabulary (collisions can only lower the count).
   */
  readonly cardinality: number;
  /** False when the count is a HyperLogLog estimate (more than 65,536 distinct values; standard error 0.8%). */
  readonly cardinalityExact: boolean;
}

/** What `inspect-data` prints: counts, label rate, per-field statistics and the reader's bad-row report. */
export interface DatasetProfile {
  readonly path: string;
  readonly rows: number;
  /** Mean label over the good rows; NaN for an unlabelled file. */
  readonly labelRate: number;
  readonly fields: ReadonlyArray<FieldProfile>;
  readonly report: ReadReport;
}

const float32Bits = new Uint32Array(1);
const float32View = new Float32Array(float32Bits.buffer);

/**
 * Reads a CTR file once and profiles it. `onProgress` is called after every batch with the bytes of the
 * file read so far and its size. Returns Left with the reader's error when bad rows exceed its limit; the
 * error's details keep the full report.
 */
export async function profileCtrDataset(
  reader: CtrReader,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<E.Either<RecnasError, DatasetProfile>> {
  const dense = reader.denseFields.map(() => new DistinctCounter());
  const sparse = reader.sparseFields.map(() => new DistinctCounter());
  const sparseMissing = new Float64Array(reader.sparseFields.length);
  let rows = 0;
  let labelSum = 0;
  for await (const batch of reader) {
    for (let row = 0; row < batch.size; row++) {
      labelSum += batch.label[row] as number;
      for (let j = 0; j < batch.denseCount; j++) {
        float32View[0] = batch.dense[row * batch.denseCount + j] as number;
        (dense[j] as DistinctCounter).add(float32Bits[0] as number);
      }
      for (let j = 0; j < batch.sparseCount; j++) {
        const id = batch.sparse[row * batch.sparseCount + j] as number;
        if (id === 0) (sparseMissing[j] as number) += 1;
        else (sparse[j] as DistinctCounter).add(id);
      }
    }
    rows += batch.size;
    if (onProgress) {
      const { bytesRead, totalBytes } = reader.progress();
      onProgress(bytesRead, totalBytes);
    }
  }
  return E.map((report: ReadReport): DatasetProfile => {
    const rate = (count: number) => (rows === 0 ? 0 : count / rows);
    const fields: FieldProfile[] = [
      ...reader.denseFields.map((name, j) => {
        const counter = dense[j] as DistinctCounter;
        return { name, kind: 'dense' as const, missingRate: rate(report.missingDenseValues[name] ?? 0), cardinality: counter.count(), cardinalityExact: counter.isExact };
      }),
      ...reader.sparseFields.map((name, j) => {
        const counter = sparse[j] as DistinctCounter;
        return { name, kind: 'categorical' as const, missingRate: rate(sparseMissing[j] as number), cardinality: counter.count(), cardinalityExact: counter.isExact };
      }),
    ];
    return { path: reader.path, rows, labelRate: rows === 0 ? Number.NaN : labelSum / rows, fields, report };
  })(reader.report());
}

/**
 * What `inspect-data` prints for an interaction log (user-item events). `users` counts sequence keys: users, or
 * sessions for a `delimited` log whose sequences are sessions.
 */
export interface InteractionProfile {
  readonly path: string;
  readonly rows: number;
  readonly users: number;
  /** Users with fewer than 3 events (`MIN_LEAVE_ONE_OUT_EVENTS`): no validation or test item under leave-one-out. */
  readonly shortUserCount: number;
  readonly items: number;
  /** Fraction of rows without a timestamp (always 1 for the one-line-per-user format, whose order is the time order). */
  readonly missingTimestampRate: number;
  /** Events per user: fewest, mean, most. */
  readonly eventsPerUser: { readonly min: number; readonly mean: number; readonly max: number };
  readonly report: ReadReport;
}

/**
 * Profiles an interaction source (see `openInteractions`) in one streaming pass; ids are counted exactly.
 * Left with the reader's error when the file cannot be read, its layout or header is unusable, or bad rows
 * exceed the limit.
 */
export async function profileInteractions(source: InteractionSource): Promise<E.Either<RecnasError, InteractionProfile>> {
  const perUser = new Map<string, number>();
  const items = new Set<string>();
  let rows = 0;
  let missingTimestamps = 0;
  try {
    for await (const chunk of source.chunks) {
      for (const event of chunk) {
        rows += 1;
        perUser.set(event.user, (perUser.get(event.user) ?? 0) + 1);
        items.add(event.item);
        if (event.timestamp === null) missingTimestamps += 1;
      }
    }
  } catch (error) {
    return E.left(toReadFailure(source.path, error));
  }
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let shortUserCount = 0;
  for (const count of perUser.values()) {
    min = Math.min(min, count);
    max = Math.max(max, count);
    if (count < MIN_LEAVE_ONE_OUT_EVENTS) shortUserCount += 1;
  }
  return E.map(
    (report: ReadReport): InteractionProfile => ({
      path: source.path,
      rows,
      users: perUser.size,
      shortUserCount,
      items: items.size,
      missingTimestampRate: rows === 0 ? 0 : missingTimestamps / rows,
      eventsPerUser: { min: perUser.size === 0 ? 0 : min, mean: perUser.size === 0 ? 0 : rows / perUser.size, max },
      report,
    }),
  )(source.finish());
}
