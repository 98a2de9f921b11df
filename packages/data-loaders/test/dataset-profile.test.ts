import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { criteoTsvReader, openInteractions, profileCtrDataset, profileInteractions } from '../src/index.js';
import { rightOf, testDataPath } from './fixtures/ctr-files.js';
import { interactionFixture } from './fixtures/interaction-files.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-profile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('profileCtrDataset', () => {
  it('profiles the 7,200-row Criteo sample with the counts of the datasets README', async () => {
    const progress: number[] = [];
    const profile = rightOf(await profileCtrDataset(rightOf(criteoTsvReader(testDataPath('criteo/train.csv'))), (read) => progress.push(read)));
    expect(profile.rows).toBe(7200);
    expect(profile.labelRate).toBeCloseTo(1549 / 7200, 12);
    const field = (name: string) => profile.fields.find((f) => f.name === name);
    expect(field('I1')?.missingRate).toBeCloseTo(3247 / 7200, 12);
    expect(field('I12')?.missingRate).toBeCloseTo(5576 / 7200, 12);
    expect(field('C22')?.missingRate).toBeCloseTo(5894 / 7200, 12);
    expect(field('C19')?.missingRate).toBeCloseTo(3264 / 7200, 12);
    expect(profile.fields).toHaveLength(39);
    // Progress ends at the file's size (1,744,474 bytes, datasets README).
    expect(progress.at(-1)).toBe(1744474);
  });

  it('counts distinct categorical values exactly on small data', async () => {
    const path = join(scratch, 'distinct.tsv');
    const row = (c1: string) => ['0', ...Array(13).fill('1'), c1, ...Array(25).fill('')].join('\t');
    writeFileSync(path, [row('00000001'), row('00000002'), row('00000001'), row('')].join('\n'));
    const profile = rightOf(await profileCtrDataset(rightOf(criteoTsvReader(path))));
    const c1 = profile.fields.find((f) => f.name === 'C1');
    expect(c1).toMatchObject({ cardinality: 2, cardinalityExact: true, missingRate: 0.25 });
    expect(profile.fields.find((f) => f.name === 'C2')).toMatchObject({ cardinality: 0, missingRate: 1 });
  });

  it('estimates large cardinalities within 3% with HyperLogLog', async () => {
    const path = join(scratch, 'many.tsv');
    const lines: string[] = [];
    // 200,000 distinct C3 values (C3's NASRec vocabulary is 10,131,227, so modulo hashing keeps them distinct).
    for (let i = 0; i < 200_000; i++) lines.push(['1', ...Array(13).fill(''), '00000001', '00000001', (i * 7 + 3).toString(16).padStart(8, '0')].join('\t'));
    writeFileSync(path, lines.join('\n'));
    const profile = rightOf(await profileCtrDataset(rightOf(criteoTsvReader(path))));
    const c3 = profile.fields.find((f) => f.name === 'C3');
    expect(c3?.cardinalityExact).toBe(false);
    expect(Math.abs((c3?.cardinality ?? 0) / 200_000 - 1)).toBeLessThan(0.03);
    expect(profile.labelRate).toBe(1);
  });

  it('returns the bad-row error with the report when bad rows exceed the limit', async () => {
    const path = join(scratch, 'bad.tsv');
    writeFileSync(path, '2\t1\n0\t1\n');
    const result = await profileCtrDataset(rightOf(criteoTsvReader(path)));
    expect(E.isLeft(result) && result.left.code).toBe('DATA_BAD_ROWS_OVER_LIMIT');
  });
});

describe('profileInteractions', () => {
  it('profiles Amazon Beauty: 22,363 users, 12,101 items, 198,502 events, 5..204 per user', async () => {
    const source = rightOf(openInteractions(testDataPath('amazon-beauty/Beauty.txt'), { format: 'amazon-user-list' }));
    const profile = rightOf(await profileInteractions(source));
    expect(profile).toMatchObject({ rows: 198502, users: 22363, items: 12101, missingTimestampRate: 1, shortUserCount: 0 });
    expect(profile.eventsPerUser.min).toBe(5);
    expect(profile.eventsPerUser.max).toBe(204);
    expect(profile.eventsPerUser.mean).toBeCloseTo(198502 / 22363, 12);
  });

  it('profiles a delimited session log: sessions are the users, short sessions counted', async () => {
    const source = rightOf(openInteractions(interactionFixture('diginetica-views.csv'), { format: 'delimited' }));
    const profile = rightOf(await profileInteractions(source));
    expect(profile).toMatchObject({ rows: 12, users: 4, items: 11, shortUserCount: 1, missingTimestampRate: 0 });
    expect(profile.eventsPerUser).toEqual({ min: 2, mean: 3, max: 4 });
  });

  it('returns Left DATA_FORMAT instead of throwing when a delimited header is unusable', async () => {
    const path = join(scratch, 'no-item.csv');
    writeFileSync(path, 'user,what\n1,2\n');
    const result = await profileInteractions(rightOf(openInteractions(path, { format: 'delimited' })));
    expect(E.isLeft(result) && result.left.code).toBe('DATA_FORMAT');
  });
});
