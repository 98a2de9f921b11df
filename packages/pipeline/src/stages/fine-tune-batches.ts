import * as E from 'fp-ts/lib/Either.js';
import { Rng, type Batch } from '@recnas/core';
import { Batcher, type CtrReader } from '@recnas/data-loaders';
import { readSplitChunks, type CtrDataSource } from './ctr-data.js';

/**
 * The training batches of post-training fine-tuning: the first `steps` batches of a seeded shuffle of the
 * train split (fewer when the split is smaller; fine-tuning then cycles over them). Bounded memory:
 * at most steps x batchSize rows are kept.
 */
export async function fineTuneBatches(reader: CtrReader, source: CtrDataSource, steps: number, batchSize: number, seed: number): Promise<Batch[]> {
  const batches: Batch[] = [];
  if (steps === 0) return batches;
  const batcher = Batcher.create({ batchSize, shuffleBufferSize: 16 * batchSize, seed: Rng.fromSeed(seed).fork('fine-tune').nextUint32() });
  if (E.isLeft(batcher)) throw batcher.left;
  for await (const parts of readSplitChunks(reader, source)) {
    for (const batch of batcher.right.push(parts.train)) {
      batches.push(batch);
      if (batches.length >= steps) return batches;
    }
  }
  for (const batch of batcher.right.finish()) if (batches.length < steps) batches.push(batch);
  return batches;
}
