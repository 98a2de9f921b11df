import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { Batcher, type BatchFileWriter, type CtrReader, type StoredBatches } from '@recnas/data-loaders';
import { readSplitChunks, type CtrDataSource } from './ctr-data.js';
import { defaultSplitDir, openStored, splitFolder, storedIfComplete, writerFor } from './split-files.js';

/** A part of the seeded 8:1:1 split. */
export type SplitPart = 'train' | 'validation' | 'test';

function fileName(part: SplitPart, batchSize: number, shuffleSeed: number, label: string): string {
  return part === 'train' ? `train-b${batchSize}-${label}-${shuffleSeed}.rnb` : `${part}-b${batchSize}.rnb`;
}

/**
 * The requested parts of the seeded split as batches of `batchSize`, streamed from disk: `train` shuffled with
 * a seeded buffer (the stream `label` names), `validation` and `test` in file order. The parts are written once
 * as batch files under `splitDir` (`splitFolder`; default the system temp folder) in ONE pass over the data, and
 * every later call with the same data, batch size and seed reads them without parsing again. Each returned
 * `StoredBatches` holds one batch in memory at a time, so memory does not grow with the data
 * (docs/decisions/0019-streamed-splits.md).
 */
export async function readSplits<P extends SplitPart>(
  reader: CtrReader,
  source: CtrDataSource,
  parts: ReadonlyArray<P>,
  batchSize: number,
  seed: number,
  label = 'retrain',
  splitDir = defaultSplitDir(),
): Promise<Record<P, StoredBatches>> {
  const folder = splitFolder(source, splitDir);
  if (E.isLeft(folder)) throw folder.left;
  const shuffleSeed = Rng.fromSeed(seed).fork(label).nextUint32();
  const found = new Map<P, StoredBatches>();
  for (const part of parts) {
    const stored = storedIfComplete(folder.right, fileName(part, batchSize, shuffleSeed, label));
    if (stored !== undefined) found.set(part, stored);
  }
  const missing = parts.filter((part) => !found.has(part));
  if (missing.length > 0) {
    const writers: Array<{ part: P; batcher: Batcher; writer: BatchFileWriter }> = [];
    try {
      for (const part of missing) {
        const batcher = Batcher.create({ batchSize, shuffleBufferSize: part === 'train' ? 16 * batchSize : 0, seed: shuffleSeed });
        if (E.isLeft(batcher)) throw batcher.left;
        writers.push({ part, batcher: batcher.right, writer: writerFor(folder.right, fileName(part, batchSize, shuffleSeed, label)) });
      }
      for await (const chunk of readSplitChunks(reader, source)) {
        for (const { part, batcher, writer } of writers) for (const batch of batcher.push(chunk[part])) writer.append(batch);
      }
      for (const { part, batcher, writer } of writers) {
        for (const batch of batcher.finish()) writer.append(batch);
        writer.finish({ part, batchSize, seed, label });
        found.set(part, openStored(writer.path));
      }
    } catch (error) {
      for (const { writer } of writers) writer.abort();
      throw error;
    }
  }
  return Object.fromEntries(parts.map((part) => [part, found.get(part) as StoredBatches])) as Record<P, StoredBatches>;
}

/** One part of the seeded split as batches (see `readSplits`, which reads several parts in one pass). */
export async function readSplitBatches(
  reader: CtrReader,
  source: CtrDataSource,
  part: SplitPart,
  batchSize: number,
  seed: number,
  label = 'retrain',
  splitDir = defaultSplitDir(),
): Promise<StoredBatches> {
  return (await readSplits(reader, source, [part], batchSize, seed, label, splitDir))[part];
}
