import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import type { BadRowReason, ReadReport } from './bad-rows.js';
import type { CtrReader } from './ctr-reader.js';
import type { Batch } from '@recnas/core';

/** True when `path` names several files: a `*` or `?` in its last segment (e.g. `/data/criteo/day_*.gz`). */
export function isShardPattern(path: string): boolean {
  return /[*?]/.test(basename(path));
}

/**
 * The files of a data path: the path itself, or for a pattern (`*` and `?` in the last segment only) every
 * matching file of its folder in name order (`day_0` ... `day_23`: name order, so pad numbers for more than
 * 10 shards or name them as Criteo does). IO when the folder cannot be read or nothing matches.
 */
export function ctrShardPaths(path: string): E.Either<RecnasError, string[]> {
  if (!isShardPattern(path)) return E.right([path]);
  const folder = dirname(path);
  const escaped = basename(path).replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const matcher = new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile() && matcher.test(entry.name)).map((entry) => entry.name);
  } catch (cause) {
    return E.left(new RecnasError('IO', `${path}: cannot list ${folder}: ${(cause as Error).message}`, { path }, { cause }));
  }
  if (names.length === 0) return E.left(new RecnasError('IO', `${path}: no file in ${folder} matches ${basename(path)}`, { path }));
  return E.right(names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((name) => join(folder, name)));
}

export interface ShardedCtrReaderOptions {
  /** Shards read at once: the one being consumed and the next ones, whose first batches are parsed ahead (default 2). */
  readonly readAheadShards?: number;
  /** Batches a shard read ahead may hold before its reading waits (backpressure; default 8). */
  readonly bufferedBatches?: number;
}

/** One shard read ahead into a bounded buffer: its reading pauses while the buffer is full. */
class ShardPump {
  private readonly buffer: Batch[] = [];
  private done = false;
  private failure: unknown;
  private cancelled = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  readonly finished: Promise<void>;

  constructor(
    reader: CtrReader,
    private readonly capacity: number,
  ) {
    this.finished = this.fill(reader);
  }

  private async fill(reader: CtrReader): Promise<void> {
    try {
      for await (const batch of reader) {
        if (this.cancelled) break;
        this.buffer.push(batch);
        this.wakeConsumer?.();
        while (this.buffer.length >= this.capacity && !this.cancelled) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
        if (this.cancelled) break;
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.done = true;
      this.wakeConsumer?.();
    }
  }

  async *batches(): AsyncGenerator<Batch> {
    for (;;) {
      const next = this.buffer.shift();
      if (next !== undefined) {
        this.wakeProducer?.();
        yield next;
        continue;
      }
      if (this.done) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  /** Stops reading (the consumer left early); resolves when the shard's file is closed. */
  cancel(): Promise<void> {
    this.cancelled = true;
    this.wakeProducer?.();
    return this.finished;
  }
}

const sameColumns = (a: CtrReader, b: CtrReader): boolean =>
  JSON.stringify([a.denseFields, a.sparseFields, a.vocabSizes]) === JSON.stringify([b.denseFields, b.sparseFields, b.vocabSizes]);

function mergedReport(path: string, reports: ReadonlyArray<ReadReport>): ReadReport {
  const badRowsByReason: Partial<Record<BadRowReason, number>> = {};
  const firstBadLines: Partial<Record<BadRowReason, number[]>> = {};
  const missingDenseValues: Record<string, number> = {};
  for (const report of reports) {
    for (const [reason, count] of Object.entries(report.badRowsByReason) as Array<[BadRowReason, number]>) badRowsByReason[reason] = (badRowsByReason[reason] ?? 0) + count;
    for (const [reason, lines] of Object.entries(report.firstBadLines) as Array<[BadRowReason, number[]]>) firstBadLines[reason] = [...(firstBadLines[reason] ?? []), ...lines];
    for (const [field, count] of Object.entries(report.missingDenseValues)) missingDenseValues[field] = (missingDenseValues[field] ?? 0) + count;
  }
  const sum = (key: 'rowsRead' | 'goodRows' | 'badRows'): number => reports.reduce((total, report) => total + report[key], 0);
  return { path, rowsRead: sum('rowsRead'), goodRows: sum('goodRows'), badRows: sum('badRows'), badRowsByReason, firstBadLines, missingDenseValues };
}

/**
 * Several files (e.g. Criteo's day_0 ... day_23) as one dataset: a pass yields every batch of the first
 * shard, then of the second, and so on, so rows keep one global order and a seeded split of the whole is the
 * same on every pass. While a shard is consumed, the next `readAheadShards - 1` are already read and parsed
 * (file reads and gunzip overlap the consumer's work), each into a buffer of at most `bufferedBatches`
 * batches: memory stays bounded whatever the shards' size. Shards must share their columns (same format and
 * options) and not reuse batches. `report()` sums the shards' reports (bad line numbers are per shard).
 */
export function shardedCtrReader(path: string, shards: ReadonlyArray<CtrReader>, options: ShardedCtrReaderOptions = {}): E.Either<RecnasError, CtrReader> {
  const first = shards[0];
  if (first === undefined) return E.left(new RecnasError('USAGE', `${path}: a sharded reader needs at least one shard`, { path }));
  const odd = shards.find((shard) => !sameColumns(first, shard));
  if (odd !== undefined) return E.left(new RecnasError('DATA_FORMAT', `${path}: shard ${odd.path} has other columns or vocabulary sizes than ${first.path}`, { path }));
  const readAhead = Math.max(1, options.readAheadShards ?? 2);
  const capacity = Math.max(1, options.bufferedBatches ?? 8);
  let complete = false;
  const reader: CtrReader = {
    path,
    schema: first.schema,
    denseFields: first.denseFields,
    sparseFields: first.sparseFields,
    vocabSizes: first.vocabSizes,
    async *[Symbol.asyncIterator]() {
      complete = false;
      const pumps: ShardPump[] = [];
      const startUpTo = (count: number): void => {
        while (pumps.length < Math.min(count, shards.length)) pumps.push(new ShardPump(shards[pumps.length] as CtrReader, capacity));
      };
      startUpTo(readAhead);
      try {
        for (let index = 0; index < shards.length; index++) {
          startUpTo(index + readAhead);
          yield* (pumps[index] as ShardPump).batches();
        }
        complete = true;
      } finally {
        await Promise.all(pumps.map((pump) => pump.cancel()));
      }
    },
    report() {
      if (!complete) return E.left(new RecnasError('USAGE', `no complete pass over ${path} yet`, { path }));
      const reports: ReadReport[] = [];
      for (const shard of shards) {
        const report = shard.report();
        if (E.isLeft(report)) return report;
        reports.push(report.right);
      }
      return E.right(mergedReport(path, reports));
    },
    progress() {
      return shards.reduce(
        (total, shard) => {
          const { bytesRead, totalBytes } = shard.progress();
          return { bytesRead: total.bytesRead + bytesRead, totalBytes: total.totalBytes + totalBytes };
        },
        { bytesRead: 0, totalBytes: 0 },
      );
    },
  };
  return E.right(reader);
}
