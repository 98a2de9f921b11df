import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '@recnas/core';
import { criteoTsvReader, ctrShardPaths, shardedCtrReader, type CtrReader } from '../src/index.js';
import { readAll, rightOf, testDataPath } from './fixtures/ctr-files.js';

const TRAIN = testDataPath('criteo/train.csv');
const scratch = mkdtempSync(join(tmpdir(), 'recnas-shards-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The Criteo sample cut into shards of the given row counts (the last one gzipped), in a fresh folder. */
function shardsOfTrain(name: string, rows: ReadonlyArray<number>): string[] {
  const lines = readFileSync(TRAIN, 'utf8').trimEnd().split('\n');
  const folder = join(scratch, name);
  mkdirSync(folder);
  let start = 0;
  return rows.map((count, index) => {
    const text = `${lines.slice(start, start + count).join('\n')}\n`;
    start += count;
    const last = index === rows.length - 1;
    const path = join(folder, `day_${index}${last ? '.gz' : ''}`);
    writeFileSync(path, last ? gzipSync(text) : text);
    return path;
  });
}

/** A fake shard of `batches` one-row batches that records how many it has produced and whether it was closed. */
function countingShard(name: string, batches: number, failAt?: number): CtrReader & { produced: () => number; closed: () => boolean } {
  let produced = 0;
  let closed = false;
  return {
    path: name,
    schema: { dense: [], sparse: [] } as never,
    denseFields: [],
    sparseFields: [],
    vocabSizes: [],
    produced: () => produced,
    closed: () => closed,
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 0; i < batches; i++) {
          if (i === failAt) throw new Error(`${name} broke at batch ${i}`);
          produced += 1;
          yield { size: 1, dense: new Float32Array(0), sparse: new Int32Array(0), label: Float32Array.of(i) } as unknown as Batch;
        }
      } finally {
        closed = true;
      }
    },
    report: () => E.right({ path: name, rowsRead: batches, goodRows: batches, badRows: 0, badRowsByReason: {}, firstBadLines: {}, missingDenseValues: {} }),
    progress: () => ({ bytesRead: produced, totalBytes: batches }),
  };
}

/** Lets every pending promise and I/O callback run (so read-ahead gets every chance to run ahead). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ctrShardPaths', () => {
  it('lists the files a pattern matches in natural name order (day_2 before day_10)', () => {
    const folder = join(scratch, 'names');
    mkdirSync(folder);
    for (const name of ['day_10', 'day_2', 'day_1.gz', 'other', 'day_']) writeFileSync(join(folder, name), '');
    expect(rightOf(ctrShardPaths(join(folder, 'day_*')))).toEqual(['day_', 'day_1.gz', 'day_2', 'day_10'].map((name) => join(folder, name)));
    expect(rightOf(ctrShardPaths(join(folder, 'day_?')))).toEqual([join(folder, 'day_2')]);
    expect(rightOf(ctrShardPaths(join(folder, 'other')))).toEqual([join(folder, 'other')]);
  });

  it('fails with IO naming the pattern when nothing matches', () => {
    const result = ctrShardPaths(join(scratch, 'names-missing', 'day_*'));
    expect(E.isLeft(result) && result.left.code).toBe('IO');
    const none = ctrShardPaths(join(scratch, 'day_*.nothing'));
    expect(E.isLeft(none) && none.left.message).toContain('no file');
  });
});

describe('shardedCtrReader', () => {
  it('reads shards (plain and gzipped) as the one file they were cut from, pass after pass', async () => {
    const whole = await readAll(criteoTsvReader(TRAIN));
    const paths = shardsOfTrain('criteo', [2500, 1, 3000, 1699]);
    const shards = paths.map((path) => rightOf(criteoTsvReader(path, { chunkRows: 512 })));
    const sharded = rightOf(shardedCtrReader(join(scratch, 'criteo', 'day_*'), shards, { bufferedBatches: 2 }));
    for (let pass = 0; pass < 2; pass++) {
      const outcome = await readAll(E.right(sharded));
      expect(outcome.rows).toBe(whole.rows);
      expect(outcome.label).toEqual(whole.label);
      expect(outcome.dense).toEqual(whole.dense);
      expect(outcome.sparse).toEqual(whole.sparse);
      const report = rightOf(outcome.report);
      expect(report.goodRows).toBe(rightOf(whole.report).goodRows);
      expect(report.path).toBe(join(scratch, 'criteo', 'day_*'));
    }
    expect(sharded.progress().bytesRead).toBe(sharded.progress().totalBytes);
  });

  it('reads ahead at most `bufferedBatches` of the next shard and none of the shard after (backpressure)', async () => {
    const shards = [countingShard('a', 5), countingShard('b', 50), countingShard('c', 50)];
    const reader = rightOf(shardedCtrReader('abc', shards, { readAheadShards: 2, bufferedBatches: 3 }));
    let consumed = 0;
    let aheadWhileOnA = 0;
    for await (const batch of reader) {
      consumed += 1;
      await settle();
      await settle();
      if (consumed <= 5) aheadWhileOnA = Math.max(aheadWhileOnA, (shards[1] as ReturnType<typeof countingShard>).produced());
      if (consumed <= 5) expect((shards[2] as ReturnType<typeof countingShard>).produced()).toBe(0);
      expect(batch.size).toBe(1);
    }
    expect(consumed).toBe(105);
    // The next shard did read ahead, but no further than its buffer (plus the batch waiting to enter it).
    expect(aheadWhileOnA).toBeGreaterThan(0);
    expect(aheadWhileOnA).toBeLessThanOrEqual(4);
    expect(E.isRight(reader.report())).toBe(true);
  });

  it('closes every shard when the consumer stops early, and has no report for that pass', async () => {
    const shards = [countingShard('a', 10), countingShard('b', 10), countingShard('c', 10)];
    const reader = rightOf(shardedCtrReader('abc', shards));
    let seen = 0;
    for await (const _batch of reader) if (++seen === 12) break;
    expect(shards.slice(0, 2).every((shard) => shard.closed())).toBe(true);
    expect(E.isLeft(reader.report()) && reader.report()).toMatchObject({ left: { code: 'USAGE' } });
  });

  it("raises a shard's read error when the pass reaches it, after every batch before it", async () => {
    const shards = [countingShard('a', 4), countingShard('b', 10, 3)];
    const reader = rightOf(shardedCtrReader('ab', shards));
    const labels: number[] = [];
    await expect(
      (async () => {
        for await (const batch of reader) labels.push(batch.label[0] as number);
      })(),
    ).rejects.toThrow('b broke at batch 3');
    expect(labels).toEqual([0, 1, 2, 3, 0, 1, 2]);
  });

  it('refuses shards whose columns differ, naming the odd one', () => {
    const odd = { ...countingShard('odd', 1), vocabSizes: [5] };
    const result = shardedCtrReader('mixed', [countingShard('a', 1), odd]);
    expect(E.isLeft(result) && result.left.message).toContain('shard odd has other columns');
  });
});
