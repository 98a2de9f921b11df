import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { openInteractions, readInteractions, type InteractionLog } from '../src/index.js';
import { interactionFixture } from './fixtures/interaction-files.js';

const datasets = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
const uData = join(datasets, 'movielens_100k/u.data');
const recBoleInter = join(datasets, 'recbole_ml_100k/ml-100k.inter');
const haveMovieLens = existsSync(uData) && existsSync(recBoleInter);
const movieLensSkip = haveMovieLens ? '' : ` (MovieLens not found at ${datasets}: skipped, its terms forbid redistribution)`;

const directory = mkdtempSync(join(tmpdir(), 'recnas-interactions-'));
let fileCount = 0;
function fixture(content: string | Buffer): string {
  fileCount += 1;
  const path = join(directory, `fixture-${fileCount}`);
  writeFileSync(path, content);
  return path;
}

function rightOf<A>(either: E.Either<Error, A>): A {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${either.left.message}`);
  return either.right;
}

describe('readInteractions', () => {
  it('reads u.data rows as string ids with rating, timestamp and row order', async () => {
    const path = fixture('196\t242\t3\t881250949\n186\t302\t3\t891717742\n');
    const log: InteractionLog = rightOf(await readInteractions(path, { format: 'movielens-tsv' }));
    expect(log.records).toEqual([
      { user: '196', item: '242', rating: 3, timestamp: 881250949, row: 0, lineNumber: 1 },
      { user: '186', item: '302', rating: 3, timestamp: 891717742, row: 1, lineNumber: 2 },
    ]);
    expect(log.report.goodRows).toBe(2);
  });

  it('reads ratings.dat, CRLF line ends and a last line without a newline', async () => {
    const path = fixture('1::1193::5::978300760\r\n1::661::3::978302109');
    const log = rightOf(await readInteractions(path, { format: 'movielens-dat' }));
    expect(log.records.map((record) => [record.user, record.item, record.timestamp])).toEqual([
      ['1', '1193', 978300760],
      ['1', '661', 978302109],
    ]);
  });

  it('reads gzip files by their magic bytes', async () => {
    const path = fixture(gzipSync(Buffer.from('7\t8\t4\t100\n')));
    const log = rightOf(await readInteractions(path, { format: 'movielens-tsv' }));
    expect(log.records[0]?.item).toBe('8');
  });

  it('finds RecBole columns by header name, in any order', async () => {
    const path = fixture('timestamp:float\titem_id:token\tuser_id:token\n5.5\tA\tu1\n');
    const log = rightOf(await readInteractions(path, { format: 'recbole-inter' }));
    expect(log.records).toEqual([{ user: 'u1', item: 'A', rating: null, timestamp: 5.5, row: 0, lineNumber: 2 }]);
  });

  it('fails with DATA_FORMAT naming the column when the RecBole header has no item column', async () => {
    const path = fixture('user_id:token\ttimestamp:float\n1\t2\n');
    const result = await readInteractions(path, { format: 'recbole-inter' });
    expect(E.isLeft(result) && result.left.code).toBe('DATA_FORMAT');
    expect(E.isLeft(result) && result.left.message).toMatch(/:1: the RecBole header has no item_id column/);
  });

  it('turns each item of an Amazon user list into an event without timestamp', async () => {
    const path = fixture('1 1 2 3\n2 6 7\n');
    const log = rightOf(await readInteractions(path, { format: 'amazon-user-list' }));
    expect(log.records.map((record) => `${record.user}:${record.item}@${record.row}`)).toEqual(['1:1@0', '1:2@1', '1:3@2', '2:6@3', '2:7@4']);
    expect(log.records.every((record) => record.timestamp === null)).toBe(true);
    expect(log.report.goodRows).toBe(2);
  });

  it('skips and counts bad rows by reason with their line numbers', async () => {
    const lines = ['1\t2\t3\t4', '1\t2\t3', '1\t2\t3\t4\t5', '1\t2\tx\t4', '1\t2\t3\t', '\t2\t3\t4', ...Array(200).fill('1\t2\t3\t4')];
    const path = fixture(`${lines.join('\n')}\n`);
    const log = rightOf(await readInteractions(path, { format: 'movielens-tsv', maxBadFraction: 0.05 }));
    expect(log.records).toHaveLength(201);
    expect(log.report.badRowsByReason).toEqual({
      'too-few-fields': 1,
      'too-many-fields': 1,
      'invalid-number': 1,
      'invalid-timestamp': 1,
      'empty-id': 1,
    });
    expect(log.report.firstBadLines['invalid-timestamp']).toEqual([5]);
  });

  it('skips an Amazon user line with a non-integer id whole, counts it, and skips blank lines silently', async () => {
    const log = rightOf(await readInteractions(interactionFixture('bad-user-list.txt'), { format: 'amazon-user-list', maxBadFraction: 1 }));
    expect([...new Set(log.records.map((record) => record.user))]).toEqual(['1', '4', '5']);
    expect(log.records.filter((record) => record.user === '1').map((record) => record.item)).toEqual(['1', '2', '3']);
    expect(log.report).toMatchObject({ rowsRead: 6, goodRows: 3, badRows: 3 });
    expect(log.report.badRowsByReason).toEqual({ 'non-integer-id': 2, 'too-few-fields': 1 });
    expect(log.report.firstBadLines).toEqual({ 'non-integer-id': [3, 7], 'too-few-fields': [4] });
  });

  it('counts MovieLens rows with non-integer user or item ids, too few or too many fields', async () => {
    const log = rightOf(await readInteractions(interactionFixture('bad-u.data'), { format: 'movielens-tsv', maxBadFraction: 1 }));
    expect(log.records.map((record) => `${record.user}:${record.item}`)).toEqual(['1:10', '1:11', '2:10']);
    expect(log.report.firstBadLines).toEqual({ 'non-integer-id': [3, 4], 'too-few-fields': [6], 'too-many-fields': [8] });
    expect(log.report.rowsRead).toBe(7);
  });

  it('skips blank lines before a RecBole header and between rows, and counts rows with too few fields', async () => {
    const path = fixture('\n\nuser_id:token\titem_id:token\n1\t2\n\n3\n');
    const log = rightOf(await readInteractions(path, { format: 'recbole-inter', maxBadFraction: 1 }));
    expect(log.records).toEqual([{ user: '1', item: '2', rating: null, timestamp: null, row: 0, lineNumber: 4 }]);
    expect(log.report).toMatchObject({ rowsRead: 2, badRowsByReason: { 'too-few-fields': 1 }, firstBadLines: { 'too-few-fields': [6] } });
  });

  it('fails with DATA_BAD_ROWS_OVER_LIMIT when bad rows exceed the limit', async () => {
    const path = fixture('1\t2\t3\t4\nbad\n');
    const result = await readInteractions(path, { format: 'movielens-tsv' });
    expect(E.isLeft(result) && result.left.code).toBe('DATA_BAD_ROWS_OVER_LIMIT');
  });

  it('rejects an unknown format with the option path', async () => {
    const result = await readInteractions('unused', { format: 'csv' as 'movielens-tsv' });
    expect(E.isLeft(result) && result.left.message).toMatch(/format: expected one of movielens-tsv/);
  });

  describe.skipIf(!haveMovieLens)(`on MovieLens 100K${movieLensSkip}`, () => {
    it('reads the 100,000 rows of u.data with 943 users and 1,682 items', async () => {
      const log = rightOf(await readInteractions(uData, { format: 'movielens-tsv' }));
      expect(log.records).toHaveLength(100_000);
      expect(new Set(log.records.map((record) => record.user)).size).toBe(943);
      expect(new Set(log.records.map((record) => record.item)).size).toBe(1682);
      expect(log.report.badRows).toBe(0);
    });

    it('reads ml-100k.inter into the same events as u.data', async () => {
      const fromTsv = rightOf(await readInteractions(uData, { format: 'movielens-tsv' }));
      const fromRecBole = rightOf(await readInteractions(recBoleInter, { format: 'recbole-inter' }));
      const text = (log: InteractionLog): string =>
        log.records.map(({ user, item, rating, timestamp, row }) => `${row}:${user}\t${item}\t${rating}\t${timestamp}`).join('\n');
      expect(fromRecBole.records).toHaveLength(100_000);
      expect(text(fromRecBole) === text(fromTsv)).toBe(true);
    });
  });
});

describe('openInteractions', () => {
  it('streams events and reports after iteration', async () => {
    const path = fixture('1 5 6\n');
    const source = rightOf(openInteractions(path, { format: 'amazon-user-list' }));
    const items: string[] = [];
    for await (const chunk of source.chunks) items.push(...chunk.map((record) => record.item));
    expect(items).toEqual(['5', '6']);
    expect(rightOf(source.finish()).goodRows).toBe(1);
  });
});
