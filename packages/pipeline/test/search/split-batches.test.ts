import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PositiveInt, Seed } from '@recnas/core';
import { describe, expect, it } from 'vitest';
import { openCtrReader } from '../../src/stages/ctr-data.js';
import { readSplitBatches, readSplits } from '../../src/stages/split-batches.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;

describe('readSplits', () => {
  it('reads every part in one pass, batch for batch equal to reading each part alone', async () => {
    const source = { path: CRITEO, format: 'criteo' as const, vocabCap: 2000 as PositiveInt, splitSeed: 2018 as Seed };
    const reader = openCtrReader(source);
    if (E.isLeft(reader)) throw reader.left;
    const together = await readSplits(reader.right, source, ['train', 'validation', 'test'], 256, 7);
    const rows = (part: keyof typeof together) => together[part].reduce((sum, batch) => sum + batch.size, 0);
    expect(rows('train') + rows('validation') + rows('test')).toBe(7200);
    for (const part of ['train', 'validation', 'test'] as const) {
      expect(together[part]).toEqual(await readSplitBatches(reader.right, source, part, 256, 7));
    }
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
        return readSplits(reader.right, source, ['train', 'validation', 'test'], 256, 7);
      };
      expect(await read(sharded)).toEqual(await read(single));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
