import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SequenceBuilder,
  buildSequenceDataset,
  loadSequenceDataset,
  readInteractions,
  type SequenceDataset,
  type SequenceEvent,
} from '../src/index.js';
import { interactionFixture } from './fixtures/interaction-files.js';

const beautyPath = fileURLToPath(new URL('../../../test-data/amazon-beauty/Beauty.txt', import.meta.url));
const datasets = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
const uData = join(datasets, 'movielens_100k/u.data');
const recBoleInter = join(datasets, 'recbole_ml_100k/ml-100k.inter');
const haveMovieLens = existsSync(uData) && existsSync(recBoleInter);
const movieLensSkip = haveMovieLens ? '' : ` (MovieLens not found at ${datasets}: skipped, its terms forbid redistribution)`;

function rightOf<A>(either: E.Either<Error, A>): A {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${either.left.message}`);
  return either.right;
}

function historyTokens(dataset: SequenceDataset, user: string): string[] {
  const index = dataset.userIndex.get(user) as number;
  const items = dataset.historyItems.subarray(dataset.historyOffsets[index], dataset.historyOffsets[index + 1]);
  return [...items].map((id) => dataset.itemTokens[id] as string);
}

function rowTokens(dataset: SequenceDataset, values: Int32Array, row: number): string[] {
  const width = dataset.maxLength;
  return [...values.subarray(row * width, (row + 1) * width)].filter((id) => id !== 0).map((id) => dataset.itemTokens[id] as string);
}

const event = (user: string, item: string, timestamp: number | null, row: number): SequenceEvent => ({ user, item, timestamp, row });

describe('buildSequenceDataset', () => {
  it('orders by timestamp and breaks ties by file row order', () => {
    const events = [event('u', 'c', 10, 0), event('u', 'a', 5, 1), event('u', 'd', 10, 2), event('u', 'b', 5, 3), event('u', 'e', 7, 4)];
    const dataset = rightOf(buildSequenceDataset(events));
    expect(historyTokens(dataset, 'u')).toEqual(['a', 'b', 'e', 'c', 'd']);
  });

  it('keeps file order when the events carry no timestamp', () => {
    const dataset = rightOf(buildSequenceDataset([event('u', 'z', null, 0), event('u', 'y', null, 1), event('u', 'x', null, 2)]));
    expect(historyTokens(dataset, 'u')).toEqual(['z', 'y', 'x']);
  });

  it('numbers items 1..N by first appearance and keeps 0 for padding', () => {
    const dataset = rightOf(buildSequenceDataset([event('u', 'x', 2, 0), event('v', 'y', 1, 1), event('u', 'y', 3, 2)]));
    expect(dataset.itemTokens).toEqual(['', 'x', 'y']);
    expect(dataset.itemIndex.get('y')).toBe(2);
    expect(dataset.userTokens).toEqual(['u', 'v']);
  });

  it('holds out the last item for test and the second-to-last for validation', () => {
    const events = ['a', 'b', 'c', 'd', 'e'].map((item, i) => event('u', item, i, i));
    const dataset = rightOf(buildSequenceDataset(events, { maxLength: 4 }));
    expect(rowTokens(dataset, dataset.test.input, 0)).toEqual(['a', 'b', 'c', 'd']);
    expect(dataset.itemTokens[dataset.test.target[0] as number]).toBe('e');
    expect(rowTokens(dataset, dataset.validation.input, 0)).toEqual(['a', 'b', 'c']);
    expect(dataset.itemTokens[dataset.validation.target[0] as number]).toBe('d');
    expect([...dataset.train.input]).toEqual([0, 0, 1, 2]);
    expect([...dataset.train.target]).toEqual([0, 0, 2, 3]);
  });

  it('keeps only the most recent maxLength items, left-padded', () => {
    const events = Array.from({ length: 9 }, (_, i) => event('u', `i${i}`, i, i));
    const dataset = rightOf(buildSequenceDataset(events, { maxLength: 3 }));
    expect(rowTokens(dataset, dataset.test.input, 0)).toEqual(['i5', 'i6', 'i7']);
    expect(rowTokens(dataset, dataset.train.target, 0)).toEqual(['i4', 'i5', 'i6']);
    expect(dataset.test.input.length).toBe(3);
  });

  it('trains on users with fewer than 3 events but leaves them out of validation and test by default', () => {
    const events = [event('short', 'a', 1, 0), event('short', 'b', 2, 1), ...['c', 'd', 'e'].map((item, i) => event('long', item, i, i + 2))];
    const dataset = rightOf(buildSequenceDataset(events, { maxLength: 2 }));
    expect(dataset.shortUserCount).toBe(1);
    expect(dataset.shortUserRule).toBe('train-only');
    expect([...dataset.train.users]).toEqual([0, 1]);
    expect([...dataset.train.input.subarray(0, 2)]).toEqual([0, 1]);
    expect([...dataset.train.target.subarray(0, 2)]).toEqual([0, 2]);
    expect([...dataset.test.users]).toEqual([1]);
    expect([...dataset.validation.users]).toEqual([1]);
  });

  it('drops users with fewer than 3 events from every view under the drop rule', () => {
    const events = [event('short', 'a', 1, 0), ...['c', 'd', 'e'].map((item, i) => event('long', item, i, i + 1))];
    const dataset = rightOf(buildSequenceDataset(events, { shortUsers: 'drop' }));
    expect([...dataset.train.users]).toEqual([1]);
    expect(dataset.userTokens).toEqual(['short', 'long']);
    expect(dataset).toMatchObject({ shortUserCount: 1, shortUserRule: 'drop' });
  });

  it('breaks timestamp ties by timeTieBreak before file order', () => {
    const events: SequenceEvent[] = [
      { user: 'u', item: 'c', timestamp: 5, timeTieBreak: 30, row: 0 },
      { user: 'u', item: 'a', timestamp: 5, timeTieBreak: 10, row: 1 },
      { user: 'u', item: 'b', timestamp: 5, timeTieBreak: 10, row: 2 },
      { user: 'u', item: 'z', timestamp: 4, timeTieBreak: 99, row: 3 },
    ];
    expect(historyTokens(rightOf(buildSequenceDataset(events)), 'u')).toEqual(['z', 'a', 'b', 'c']);
  });

  it('rejects a non-positive maxLength with its path and an empty log with DATA_EMPTY', () => {
    const bad = buildSequenceDataset([event('u', 'a', 1, 0)], { maxLength: 0 });
    expect(E.isLeft(bad) && bad.left.message).toMatch(/maxLength: expected positive integer, got 0/);
    const empty = buildSequenceDataset([]);
    expect(E.isLeft(empty) && empty.left.code).toBe('DATA_EMPTY');
  });
});

describe('SequenceBuilder', () => {
  it('counts the events added', () => {
    const builder = new SequenceBuilder();
    builder.add(event('u', 'a', 1, 0));
    builder.add(event('u', 'b', 1, 1));
    expect(builder.size).toBe(2);
  });
});

describe('loadSequenceDataset', () => {
  it('fails with IO naming the path when the file does not exist', async () => {
    const result = await loadSequenceDataset('/nonexistent/Beauty.txt', { format: 'amazon-user-list' });
    expect(E.isLeft(result) && result.left.code).toBe('IO');
    expect(E.isLeft(result) && result.left.message).toMatch(/\/nonexistent\/Beauty\.txt/);
  });

  it('reports the short users of a file with bad rows, and the rule applied to them', async () => {
    const path = interactionFixture('bad-user-list.txt');
    for (const shortUsers of ['train-only', 'drop'] as const) {
      const { dataset, report } = rightOf(await loadSequenceDataset(path, { format: 'amazon-user-list', maxBadFraction: 1 }, { shortUsers }));
      expect(report.badRowsByReason).toEqual({ 'non-integer-id': 2, 'too-few-fields': 1 });
      expect(dataset).toMatchObject({ userCount: 3, shortUserCount: 1, shortUserRule: shortUsers });
      expect(dataset.test.rowCount).toBe(2);
      expect(dataset.train.rowCount).toBe(shortUsers === 'drop' ? 2 : 3);
    }
  });

  describe('on Amazon Beauty (test-data/amazon-beauty/Beauty.txt)', () => {
    let dataset: SequenceDataset;
    beforeAll(async () => {
      dataset = rightOf(await loadSequenceDataset(beautyPath, { format: 'amazon-user-list' })).dataset;
    });

    it('has 22,363 users, 12,101 items and 198,502 interactions', () => {
      expect(dataset.userCount).toBe(22_363);
      expect(dataset.itemCount).toBe(12_101);
      expect(dataset.interactionCount).toBe(198_502);
      expect(dataset.historyItems.length).toBe(198_502);
    });

    it('has sequence lengths from 5 to 204, so every user is in validation and test', () => {
      const lengths = Array.from({ length: dataset.userCount }, (_, u) => (dataset.historyOffsets[u + 1] as number) - (dataset.historyOffsets[u] as number));
      expect(Math.min(...lengths)).toBe(5);
      expect(Math.max(...lengths)).toBe(204);
      expect(dataset.test.rowCount).toBe(22_363);
      expect(dataset.shortUserCount).toBe(0);
    });

    it('splits user 1 (line "1 1 2 3 4 5") into train 1 2 3, validation target 4 and test target 5', () => {
      const row = dataset.userIndex.get('1') as number;
      expect(row).toBe(0);
      expect(dataset.itemTokens[dataset.test.target[row] as number]).toBe('5');
      expect(rowTokens(dataset, dataset.test.input, row)).toEqual(['1', '2', '3', '4']);
      expect(dataset.itemTokens[dataset.validation.target[row] as number]).toBe('4');
      expect(rowTokens(dataset, dataset.validation.input, row)).toEqual(['1', '2', '3']);
      expect(rowTokens(dataset, dataset.train.input, row)).toEqual(['1', '2']);
      expect(rowTokens(dataset, dataset.train.target, row)).toEqual(['2', '3']);
    });

    it('keeps the 50 most recent items of the longest user', () => {
      const longest = dataset.userTokens.findIndex((_, u) => (dataset.historyOffsets[u + 1] as number) - (dataset.historyOffsets[u] as number) === 204);
      const history = dataset.historyItems.subarray(dataset.historyOffsets[longest], dataset.historyOffsets[longest + 1]);
      expect([...dataset.test.input.subarray(longest * 50, longest * 50 + 50)]).toEqual([...history.subarray(153, 203)]);
    });
  });

  describe.skipIf(!haveMovieLens)(`on MovieLens 100K${movieLensSkip}`, () => {
    let fromTsv: SequenceDataset;
    beforeAll(async () => {
      fromTsv = rightOf(await loadSequenceDataset(uData, { format: 'movielens-tsv' })).dataset;
    });

    it('has 943 users, 1,682 items and 100,000 interactions', () => {
      expect([fromTsv.userCount, fromTsv.itemCount, fromTsv.interactionCount]).toEqual([943, 1682, 100_000]);
    });

    it('builds identical sequences from u.data and ml-100k.inter', async () => {
      const fromRecBole = rightOf(await loadSequenceDataset(recBoleInter, { format: 'recbole-inter' })).dataset;
      expect(fromRecBole.userTokens).toEqual(fromTsv.userTokens);
      expect(fromRecBole.itemTokens).toEqual(fromTsv.itemTokens);
      expect(fromRecBole.historyOffsets).toEqual(fromTsv.historyOffsets);
      expect(fromRecBole.historyItems).toEqual(fromTsv.historyItems);
      expect(fromRecBole.test.target).toEqual(fromTsv.test.target);
    });

    it('keeps file order among events of a user with the same timestamp', async () => {
      const log = rightOf(await readInteractions(uData, { format: 'movielens-tsv' }));
      const groups = new Map<string, string[]>();
      for (const record of log.records) {
        const key = `${record.user}@${record.timestamp}`;
        groups.set(key, [...(groups.get(key) ?? []), record.item]);
      }
      // Groups whose file order is not ascending item-id order tell a row tie-break from an item-id one.
      const telling = [...groups].filter(([, items]) => items.some((item, i) => i > 0 && Number(item) < Number(items[i - 1])));
      expect(telling.length).toBeGreaterThan(1000);
      for (const [key, items] of telling) {
        const history = historyTokens(fromTsv, key.split('@')[0] as string);
        const start = history.indexOf(items[0] as string);
        expect(history.slice(start, start + items.length)).toEqual(items);
      }
    });
  });
});
