import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, type Batch, type PositiveInt, type Seed } from '@recnas/core';
import { Batcher, StoredBatches, type CtrReader } from '@recnas/data-loaders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCtrReader, readSplitChunks, type CtrDataSource } from '../../src/stages/ctr-data.js';
import { readSplitBatches, readSplits, type SplitPart } from '../../src/stages/split-batches.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;

/** The split as the pipeline held it in memory before it streamed (one pass, a Batcher per part): the reference. */
async function inMemorySplits(reader: CtrReader, source: CtrDataSource, batchSize: number, seed: number): Promise<Record<SplitPart, Batch[]>> {
  const shuffleSeed = Rng.fromSeed(seed).fork('retrain').nextUint32();
  const parts = ['train', 'validation', 'test'] as const;
  const batchers = parts.map((part) => {
    const batcher = Batcher.create({ batchSize, shuffleBufferSize: part === 'train' ? 16 * batchSize : 0, seed: shuffleSeed });
    if (E.isLeft(batcher)) throw batcher.left;
    return { part, batcher: batcher.right, batches: [] as Batch[] };
  });
  for await (const chunk of readSplitChunks(reader, source)) for (const { part, batcher, batches } of batchers) batches.push(...batcher.push(chunk[part]));
  for (const { batcher, batches } of batchers) batches.push(...batcher.finish());
  return Object.fromEntries(batchers.map(({ part, batches }) => [part, batches])) as Record<SplitPart, Batch[]>;
}

describe('readSplits', () => {
  const source = { path: CRITEO, format: 'criteo' as const, vocabCap: 2000 as PositiveInt, splitSeed: 2018 as Seed };
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'recnas-splits-test-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('streams every part batch for batch equal to the in-memory split, from one pass, and each part alone equals it too', async () => {
    const reader = openCtrReader(source);
    if (E.isLeft(reader)) throw reader.left;
    const together = await readSplits(reader.right, source, ['train', 'validation', 'test'], 256, 7, 'retrain', join(folder, 'together'));
    const expected = await inMemorySplits(reader.right, source, 256, 7);
    expect(together.train.rows + together.validation.rows + together.test.rows).toBe(7200);
    for (const part of ['train', 'validation', 'test'] as const) {
      expect(together[part].batchCount).toBe(expected[part].length);
      expect([...together[part]]).toEqual(expected[part]);
      expect([...together[part]]).toEqual(expected[part]); // a second pass reads the file again, the same
      expect([...(await readSplitBatches(reader.right, source, part, 256, 7, 'retrain', join(folder, `alone-${part}`)))]).toEqual(expected[part]);
    }
  });

  it('reads nothing when the files are there, and rewrites a file that is not a complete batch file', async () => {
    const reader = openCtrReader(source);
    if (E.isLeft(reader)) throw reader.left;
    const inner = reader.right;
    let passes = 0;
    const counting: CtrReader = {
      path: inner.path,
      schema: inner.schema,
      denseFields: inner.denseFields,
      sparseFields: inner.sparseFields,
      vocabSizes: inner.vocabSizes,
      report: () => inner.report(),
      progress: () => inner.progress(),
      [Symbol.asyncIterator]: () => {
        passes += 1;
        return inner[Symbol.asyncIterator]();
      },
    };
    const splitDir = join(folder, 'reuse');
    const first = await readSplits(counting, source, ['validation'], 128, 3, 'retrain', splitDir);
    expect(passes).toBe(1);
    const again = await readSplits(counting, source, ['validation'], 128, 3, 'retrain', splitDir);
    expect(passes).toBe(1); // the file was there: no pass
    expect(again.validation.path).toBe(first.validation.path);
    writeFileSync(first.validation.path, 'RNBATCH1 cut short'); // e.g. a disk that filled up
    expect(E.isLeft(StoredBatches.open(first.validation.path))).toBe(true);
    const rewritten = await readSplits(counting, source, ['validation'], 128, 3, 'retrain', splitDir);
    expect(passes).toBe(2);
    expect([...rewritten.validation]).toEqual((await inMemorySplits(reader.right, source, 128, 3)).validation);
  });
});

describe('readSplits over shards', () => {
  it('splits files given as a pattern (day_*) exactly as the one file they were cut from', async () => {
    const lines = readFileSync(CRITEO, 'utf8').trimEnd().split('\n');
    const folder = mkdtempSync(join(tmpdir(), 'recnas-split-shards-'));
    try {
      [[0, 3001], [3001, 3002], [3002, 7200]].forEach(([start, end], index) => writeFileSync(join(folder, `day_${index}`), `${lines.slice(start, end).join('\n')}\n`));
      const single = { path: CRITEO, format: 'criteo' as const, vocabCap: 2000 as PositiveInt, splitSeed: 2018 as Seed };
      const sharded = { ...single, path: join(folder, 'day_*') };
      const read = async (source: typeof single) => {
        const reader = openCtrReader(source);
        if (E.isLeft(reader)) throw reader.left;
        const splits = await readSplits(reader.right, source, ['train', 'validation', 'test'], 256, 7, 'retrain', join(folder, 'splits'));
        return [[...splits.train], [...splits.validation], [...splits.test]];
      };
      expect(await read(sharded)).toEqual(await read(single));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
