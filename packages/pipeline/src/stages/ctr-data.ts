import * as E from 'fp-ts/lib/Either.js';
import { isMainThread } from 'node:worker_threads';
import * as t from 'io-ts';
import { PositiveIntCodec, ProbabilityCodec, SeedCodec, strictPartial, type RecnasError } from '@recnas/core';
import {
  SplitAssigner,
  avazuCsvReader,
  criteoCsvReader,
  criteoTsvReader,
  kdd2012Reader,
  ctrShardPaths,
  isShardPattern,
  shardedCtrReader,
  type CtrReader,
  type CtrReaderOptions,
  type SplitBatches,
  type StoredBatches,
} from '@recnas/data-loaders';
import { defaultSplitDir, openStored, splitFolder, storedIfComplete, writerFor } from './split-files.js';
import { parsingInWorker } from './ctr-reader-in-worker.js';

const READERS = { criteo: criteoTsvReader, 'criteo-csv': criteoCsvReader, avazu: avazuCsvReader, kdd2012: kdd2012Reader } as const;

/**
 * Where a CTR dataset comes from: one file, or several as one (`path` with `*`/`?` in the file name, e.g.
 * Criteo's `day_*.gz`), split 8:1:1 (stratified, seeded) into train/validation/test.
 */
export const CtrDataSourceCodec = strictPartial(
  { path: t.string, format: t.keyof({ criteo: null, 'criteo-csv': null, avazu: null, kdd2012: null }, 'CtrFormat') },
  { vocabCap: PositiveIntCodec, maxBadFraction: ProbabilityCodec, splitSeed: SeedCodec },
  'CtrDataSource',
);
export type CtrDataSource = t.TypeOf<typeof CtrDataSourceCodec>;

/**
 * Opens the reader of a data source (NASRec's 500,000-row vocabulary cap unless `vocabCap` says otherwise).
 * A path with `*` or `?` in its file name (`/data/criteo/day_*.gz`) is one dataset of every matching file,
 * read in name order with the next file read ahead (@recnas/data-loaders' `shardedCtrReader`).
 */
export function openCtrReader(source: CtrDataSource): E.Either<RecnasError, CtrReader> {
  const options: CtrReaderOptions = {
    vocabCap: source.vocabCap ?? 500_000,
    ...(source.maxBadFraction === undefined ? {} : { maxBadFraction: source.maxBadFraction }),
  };
  if (!isShardPattern(source.path)) return READERS[source.format](source.path, options);
  return E.flatMap(ctrShardPaths(source.path), (paths) =>
    E.flatMap(E.traverseArray((path: string) => READERS[source.format](path, options))(paths), (shards) => shardedCtrReader(source.path, shards)),
  );
}

/**
 * `reader` for a training loop: its passes parse in a worker thread (`parsingInWorker`) while this thread
 * trains, unless this is itself a worker thread or `RECNAS_PARSE_WORKER=0`. Only for loops that work on
 * each chunk: a bare pass is faster in-thread (a worker costs its start-up and a copy of every chunk).
 */
export function trainingReader(reader: CtrReader, source: CtrDataSource): CtrReader {
  return !isMainThread || process.env['RECNAS_PARSE_WORKER'] === '0' ? reader : parsingInWorker(reader, source);
}

/**
 * One pass over the file, each chunk routed into its train/validation/test parts. A fresh assigner per pass
 * with the same seed gives every pass (and every stage) the same split.
 */
export async function* readSplitChunks(reader: CtrReader, source: CtrDataSource): AsyncGenerator<SplitBatches> {
  const assigner = SplitAssigner.create({ seed: source.splitSeed ?? 2018 });
  if (E.isLeft(assigner)) throw assigner.left;
  for await (const chunk of reader) yield assigner.right.route(chunk);
}

/** What a first pass learns: train rows and base rate, the validation batches (streamed from disk), test rows. */
export interface CtrDataSummary {
  readonly trainRows: number;
  readonly trainPositiveRate: number;
  /** The validation part in file order, one chunk a batch, read from its batch file on every pass. */
  readonly validation: StoredBatches;
  readonly validationRows: number;
  readonly testRows: number;
}

const VALIDATION_FILE = 'validation-chunks.rnb';

/** The counts a summary pass stores in its validation file's footer. */
interface SummaryMeta {
  readonly trainRows: number;
  readonly trainPositives: number;
  readonly testRows: number;
}

function summaryOf(validation: StoredBatches): CtrDataSummary | undefined {
  const meta = validation.meta as Partial<SummaryMeta>;
  if (typeof meta.trainRows !== 'number' || typeof meta.trainPositives !== 'number' || typeof meta.testRows !== 'number') return undefined;
  return {
    trainRows: meta.trainRows,
    trainPositiveRate: meta.trainRows === 0 ? 0 : meta.trainPositives / meta.trainRows,
    validation,
    validationRows: validation.rows,
    testRows: meta.testRows,
  };
}

/**
 * Reads the file once: counts the split parts and writes the validation part to a batch file under `splitDir`
 * (`splitFolder`); fails on too many bad rows (and then keeps no file). A later call for the same data finds the
 * file and reads nothing: the counts are in its footer.
 */
export async function summariseCtrData(reader: CtrReader, source: CtrDataSource, splitDir = defaultSplitDir()): Promise<E.Either<RecnasError, CtrDataSummary>> {
  const folder = splitFolder(source, splitDir);
  if (E.isLeft(folder)) return folder;
  const existing = storedIfComplete(folder.right, VALIDATION_FILE);
  const known = existing === undefined ? undefined : summaryOf(existing);
  if (known !== undefined) return E.right(known);
  let trainRows = 0;
  let trainPositives = 0;
  let testRows = 0;
  const writer = writerFor(folder.right, VALIDATION_FILE);
  try {
    for await (const parts of readSplitChunks(reader, source)) {
      trainRows += parts.train.size;
      for (const label of parts.train.label) trainPositives += label;
      testRows += parts.test.size;
      writer.append(parts.validation);
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  const report = reader.report();
  if (E.isLeft(report)) {
    writer.abort();
    return report;
  }
  const meta: SummaryMeta = { trainRows, trainPositives, testRows };
  writer.finish({ ...meta });
  return E.right(summaryOf(openStored(writer.path)) as CtrDataSummary);
}
