import * as E from 'fp-ts/lib/Either.js';
import { Rng, type Batch } from '@recnas/core';
import { Batcher, type CtrReader } from '@recnas/data-loaders';
import { readSplitChunks, type CtrDataSource } from './ctr-data.js';

/**
 * One part of the seeded split as batches of `batchSize`, in memory: `train` shuffled with a seeded buffer
 * (the stream `label` names), `validation` and `test` in file order. Retraining and evaluation use it; it
 * holds the whole part, so it suits samples and mid-size files, not full Criteo (stream those instead).
 */
export async function readSplitBatches(
  reader: CtrReader,
  source: CtrDataSource,
  part: 'train' | 'validation' | 'test',
  batchSize: number,
  seed: number,
  label = 'retrain',
): Promise<Batch[]> {
  const shuffle = part === 'train' ? 16 * batchSize : 0;
  const batcher = Batcher.create({ batchSize, shuffleBufferSize: shuffle, seed: Rng.fromSeed(seed).fork(label).nextUint32() });
  if (E.isLeft(batcher)) throw batcher.left;
  const batches: Batch[] = [];
  for await (const parts of readSplitChunks(reader, source)) batches.push(...batcher.right.push(parts[part]));
  batches.push(...batcher.right.finish());
  return batches;
}
