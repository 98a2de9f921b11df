import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { PositiveInt, Probability, Seed } from '@recnas/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openCtrReader, summariseCtrData, trainingReader, type CtrDataSource } from '../../src/stages/ctr-data.js';
import { readSplits } from '../../src/stages/split-batches.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const source: CtrDataSource = { path: CRITEO, format: 'criteo', vocabCap: 2000 as PositiveInt, splitSeed: 2018 as Seed };
const dir = mkdtempSync(join(tmpdir(), 'recnas-reader-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env['RECNAS_PARSE_WORKER'];
});

function open(from: CtrDataSource, inWorker: boolean) {
  const reader = openCtrReader(from);
  if (E.isLeft(reader)) throw reader.left;
  return inWorker ? trainingReader(reader.right, from) : reader.right;
}

/** The error a full pass over `reader` throws, if any. */
async function errorOf(reader: AsyncIterable<unknown>): Promise<{ code?: string } | undefined> {
  try {
    for await (const chunk of reader) void chunk;
    return undefined;
  } catch (error) {
    return error as { code?: string };
  }
}

// The supernet training loop's reader parses in a worker thread (issue 5: data parsing off the training
// thread). The built worker module is required (npm test builds before testing).
describe('trainingReader parses in a worker thread', () => {
  it('is a worker-backed reader on the main thread, and RECNAS_PARSE_WORKER=0 turns it off', () => {
    // The worker-backed reader is a plain object over the in-thread reader (an instance of the reader's class).
    expect(Object.getPrototypeOf(open(source, true))).toBe(Object.prototype);
    process.env['RECNAS_PARSE_WORKER'] = '0';
    expect(Object.getPrototypeOf(open(source, true))).not.toBe(Object.prototype);
  });

  it('gives exactly the in-thread splits, batches and report, pass after pass', async () => {
    const worker = open(source, true);
    const inThread = open(source, false);
    // Separate split folders, so that each reader parses (a shared folder would hand the second its files).
    const parts = ['train', 'validation', 'test'] as const;
    const contents = (splits: Record<(typeof parts)[number], Iterable<unknown>>) => parts.map((part) => [...splits[part]]);
    const fromWorker = await readSplits(worker, source, parts, 256, 7, 'retrain', join(dir, 'splits-worker'));
    const expected = await readSplits(inThread, source, parts, 256, 7, 'retrain', join(dir, 'splits-thread'));
    expect(contents(fromWorker)).toEqual(contents(expected));
    expect(worker.report()).toEqual(inThread.report());
    expect(worker.progress().bytesRead).toBe(inThread.progress().bytesRead);
    // A second pass over the same reader starts a new worker and reads the same data.
    const again = async (reader: typeof worker, folder: string) => [...(await readSplits(reader, source, ['validation'], 128, 3, 'retrain', join(dir, folder))).validation];
    expect(await again(worker, 'splits-worker-2')).toEqual(await again(inThread, 'splits-thread-2'));
  });

  it('reports too many bad rows from the worker as the in-thread reader does', async () => {
    const lines = readFileSync(CRITEO, 'utf8').split('\n').slice(0, 200);
    const broken = lines.map((line, i) => (i % 3 === 0 ? 'not\ta\tcriteo\trow' : line)).join('\n');
    const path = join(dir, 'broken.tsv');
    writeFileSync(path, broken);
    const badSource: CtrDataSource = { ...source, path, maxBadFraction: 0.05 as Probability };
    const fromWorker = await summariseCtrData(open(badSource, true), badSource);
    const inThread = await summariseCtrData(open(badSource, false), badSource);
    expect(E.isLeft(fromWorker)).toBe(true);
    expect(E.isLeft(fromWorker) && fromWorker.left.code).toBe('DATA_BAD_ROWS_OVER_LIMIT');
    expect(E.isLeft(fromWorker) && E.isLeft(inThread) && fromWorker.left.message).toBe(E.isLeft(inThread) && inThread.left.message);
  });

  it('stops its worker when the consumer stops early, and a missing file fails with the reader error', async () => {
    const reader = open(source, true);
    for await (const chunk of reader) {
      expect(chunk.size).toBeGreaterThan(0);
      break;
    }
    expect(E.isLeft(reader.report())).toBe(true); // no complete pass
    const missing = { ...source, path: join(dir, 'missing.tsv') };
    const failure = await errorOf(open(missing, true));
    expect(failure?.code).toBe((await errorOf(open(missing, false)))?.code);
    expect(failure?.code).toBeDefined();
  });
});
