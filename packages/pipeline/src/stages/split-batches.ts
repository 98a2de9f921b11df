import * as E from 'fp-ts/lib/Either.js';
import { Rng, type Batch } from '@recnas/core';
import { Batcher, type CtrReader } from '@recnas/data-loaders';
import { readSplitChunks, type CtrDataSource } from './ctr-data.js';

/** A part of the seeded 8:1:1 split. */
export type SplitPart = 'train' | 'validation' | 'test';

/**
 * The requested parts of the seeded split as batches of `batchSize`, in memory, from ONE pass over the file:
 * `train` shuffled with a seeded buffer (the stream `label` names), `validation` and `test` in file order.
 * Retraining and evaluation use it; it holds the parts whole, so it suits samples and mid-size files, not
 * full Criteo (stream those instead).
 */
export async function readSplits<P extends SplitPart>(
  reader: CtrReader,
  source: CtrDataSource,
  parts: ReadonlyArray<P>,
  batchSize: number,
  seed: number,
  label = 'retrain',
): Promise<Record<P, Batch[]>> {
  const shuffleSeed = Rng.fromSeed(seed).fork(label).nextUint32();
  const batchers = parts.map((part) => {
    const batcher = Batcher.create({ batchSize, shuffleBufferSize: part === 'train' ? 16 * batchSize : 0, seed: shuffleSeed });
    if (E.isLeft(batcher)) throw batcher.left;
    return { part, batcher: batcher.right, batches: [] as Batch[] };
  });
  for await (const chunk of readSplitChunks(reader, source)) {
    for (const { part, batcher, batches } of batchers) batches.push(...batcher.push(chunk[part]));
  }
  for (const { batcher, batches } of batchers) batches.push(...batcher.finish());
  return Object.fromEntries(batchers.map(({ part, batches }) => [part, batches])) as Record<P, Batch[]>;
}

/** One part of the seeded split as batches (see `readSplits`, which reads several parts in one pass). */
export async function readSplitBatches(
  reader: CtrReader,
  source: CtrDataSource,
  part: SplitPart,
  batchSize: number,
  seed: number,
  label = 'retrain',
): Promise<Batch[]> {
  return (await readSplits(reader, source, [part], batchSize, seed, label))[part];
}
