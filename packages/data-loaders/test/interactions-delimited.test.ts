import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSequenceDataset, readInteractions, type Interaction, type InteractionReadOptions, type SequenceDataset } from '../src/index.js';
import { rightOf } from './fixtures/ctr-files.js';
import { interactionFixture, scratchWriter } from './fixtures/interaction-files.js';

const write = scratchWriter('recnas-delimited-');
const movieLensSample = fileURLToPath(new URL('../../../../shared/datasets/movielens_1m_deepctr_sample/movielens_sample.txt', import.meta.url));
const movieLensSkip = existsSync(movieLensSample) ? '' : ` (not found at ${movieLensSample}: skipped, MovieLens terms forbid redistribution)`;

const DELIMITED: InteractionReadOptions = { format: 'delimited' };
const fields = (records: ReadonlyArray<Interaction>) => records.map(({ user, item, rating, timestamp }) => [user, item, rating, timestamp]);

function historyTokens(dataset: SequenceDataset, sequence: string): string[] {
  const index = dataset.userIndex.get(sequence) as number;
  return [...dataset.historyItems.subarray(dataset.historyOffsets[index], dataset.historyOffsets[index + 1])].map((id) => dataset.itemTokens[id] as string);
}

describe('readInteractions (delimited)', () => {
  it('reads DIGINETICA rows with an empty or NA user as events of their session', async () => {
    const log = rightOf(await readInteractions(interactionFixture('diginetica-views.csv'), DELIMITED));
    expect(log.report).toMatchObject({ goodRows: 12, badRows: 0 });
    expect(log.records[0]).toEqual({ user: '1', item: '81766', rating: null, timestamp: 1462752000, timeTieBreak: 526309, row: 0, lineNumber: 2 });
    expect(log.records[5]?.user).toBe('2');
  });

  it('parses ISO date-times with milliseconds to epoch seconds (YOOCHOOSE, columns by position)', async () => {
    const options: InteractionReadOptions = { format: 'delimited', columns: { sequence: 0, timestamp: 1, item: 2 } };
    const log = rightOf(await readInteractions(interactionFixture('yoochoose-clicks.dat'), options));
    expect(log.records).toHaveLength(6);
    expect(log.records[0]).toMatchObject({ user: '1', item: '214536502', timestamp: 1396867869.277 });
  });

  it('reads quoted fields with commas and doubled quotes (RFC 4180)', async () => {
    const log = rightOf(await readInteractions(interactionFixture('generic-quoted.csv'), DELIMITED));
    expect(fields(log.records)).toEqual([
      ['u1', 'i1', 4, 100],
      ['u1', 'i,2', 5, 90],
      ['u2', 'i3', 3.5, 1462752000],
    ]);
  });

  it('reads a tab-separated .csv and a RecBole typed header', async () => {
    const tab = rightOf(await readInteractions(interactionFixture('ratings-tab.csv'), DELIMITED));
    expect(fields(tab.records)).toEqual([
      ['u1', 'i1', 4, 100],
      ['u1', 'i2', 5, 90],
      ['u2', 'i1', 3, 50],
    ]);
    const recBole = rightOf(await readInteractions(interactionFixture('recbole-typed.inter'), DELIMITED));
    expect(fields(recBole.records)[2]).toEqual(['196', '377', 1, 878887116]);
  });

  it('reads CRLF, gzip and a last line without a newline to the same events', async () => {
    const text = readFileSync(interactionFixture('diginetica-views.csv'), 'utf8');
    const expected = fields(rightOf(await readInteractions(interactionFixture('diginetica-views.csv'), DELIMITED)).records);
    const crlf = text.replaceAll('\n', '\r\n');
    for (const content of [crlf, gzipSync(Buffer.from(crlf)), text.trimEnd(), gzipSync(Buffer.from(text.trimEnd()))]) {
      const log = rightOf(await readInteractions(write(content, 'views.csv'), DELIMITED));
      expect(fields(log.records)).toEqual(expected);
      expect(log.report.badRows).toBe(0);
    }
  });

  it('skips and counts each kind of bad row by reason with its line number', async () => {
    const log = rightOf(await readInteractions(interactionFixture('bad-sessions.csv'), { format: 'delimited', maxBadFraction: 1 }));
    expect(fields(log.records)).toEqual([
      ['s1', 'a', null, 1],
      ['s1', 'b,1', null, 2],
      ['s1', 'c', null, 3],
      ['s3', 'h', null, 1462752000],
    ]);
    expect(log.report.badRowsByReason).toEqual({
      'invalid-quoting': 1,
      'too-few-fields': 1,
      'empty-id': 2,
      'invalid-timestamp': 1,
      'too-many-fields': 1,
    });
    expect(log.report.firstBadLines).toEqual({
      'invalid-quoting': [5],
      'too-few-fields': [6],
      'empty-id': [7, 11],
      'invalid-timestamp': [8],
      'too-many-fields': [9],
    });
    expect(log.report.rowsRead).toBe(10);
  });

  it('fails with DATA_BAD_ROWS_OVER_LIMIT, and DATA_FORMAT for an unusable header', async () => {
    const overLimit = await readInteractions(interactionFixture('bad-sessions.csv'), DELIMITED);
    expect(E.isLeft(overLimit) && overLimit.left.code).toBe('DATA_BAD_ROWS_OVER_LIMIT');
    const noItem = await readInteractions(write('user,what\n1,2\n'), DELIMITED);
    expect(E.isLeft(noItem) && noItem.left.code).toBe('DATA_FORMAT');
  });

  it('reads an empty file as no events', async () => {
    const log = rightOf(await readInteractions(write(''), DELIMITED));
    expect(log.records).toEqual([]);
  });

  it.skipIf(movieLensSkip !== '')(`reads the ML-1M DeepCTR sample with quoted titles${movieLensSkip}`, async () => {
    const log = rightOf(await readInteractions(movieLensSample, DELIMITED));
    expect(log.records).toHaveLength(200);
    expect(log.report.badRows).toBe(0);
    expect(log.records[0]).toMatchObject({ user: '3299', item: '235', rating: 4, timestamp: 968035345 });
  });
});

describe('loadSequenceDataset (delimited)', () => {
  it('makes one sequence per DIGINETICA session, ordered by eventdate, then timeframe, then file order', async () => {
    const { dataset } = rightOf(await loadSequenceDataset(interactionFixture('diginetica-views.csv'), DELIMITED));
    expect(dataset.userTokens).toEqual(['1', '2', '3', '4']);
    expect(historyTokens(dataset, '1')).toEqual(['9654', '32118', '81766', '31331']);
    expect(historyTokens(dataset, '2')).toEqual(['100747', '3', '100747']);
    expect(historyTokens(dataset, '4')).toEqual(['13', '11', '12']);
    expect(dataset).toMatchObject({ shortUserCount: 1, shortUserRule: 'train-only' });
  });

  it('orders YOOCHOOSE clicks by their date-times', async () => {
    const options: InteractionReadOptions = { format: 'delimited', columns: { sequence: 0, timestamp: 1, item: 2 } };
    const { dataset } = rightOf(await loadSequenceDataset(interactionFixture('yoochoose-clicks.dat'), options));
    expect(historyTokens(dataset, '2')).toEqual(['214662742', '214825110', '214662742']);
  });
});

// --- round trip: random events written with a random layout read back through detection ---

const SYNONYMS = {
  user: ['user', 'user_id', 'userId', 'UID', 'visitor'],
  session: ['session', 'sessionId', 'session_id'],
  item: ['item', 'item_id', 'ItemId', 'product', 'productId', 'movie_id'],
  timestamp: ['timestamp', 'time', 'ts', 'datetime'],
  rating: ['rating', 'score'],
} as const;

const tokenArbitrary = fc
  .string({ unit: fc.constantFrom('a', 'B', '7', '0', ',', ';', '|', '\t', '"', ' ', '-', 'é'), minLength: 1, maxLength: 6 })
  .filter((token) => token.trim() === token && !['na', 'n/a', 'nan', 'null'].includes(token.toLowerCase()));

const eventArbitrary = fc.record({
  sequence: tokenArbitrary,
  item: tokenArbitrary,
  rating: fc.integer({ min: 0, max: 50 }).map((tenths) => tenths / 10),
  timestamp: fc.integer({ min: 0, max: 2_000_000_000 }),
  isoTime: fc.boolean(),
});

const layoutArbitrary = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  sequenceRole: fc.constantFrom('user' as const, 'session' as const),
  names: fc.record({
    user: fc.constantFrom(...SYNONYMS.user),
    session: fc.constantFrom(...SYNONYMS.session),
    item: fc.constantFrom(...SYNONYMS.item),
    timestamp: fc.constantFrom(...SYNONYMS.timestamp),
    rating: fc.constantFrom(...SYNONYMS.rating),
  }),
  withRating: fc.boolean(),
  withExtra: fc.boolean(),
  header: fc.boolean(),
  order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
  quoteAll: fc.boolean(),
  lineEnd: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  gzip: fc.boolean(),
});

type Role = 'sequence' | 'item' | 'timestamp' | 'rating' | 'extra';

function quote(field: string, delimiter: string, always: boolean): string {
  const needed = field.includes(delimiter) || field.startsWith('"');
  return always || needed ? `"${field.replaceAll('"', '""')}"` : field;
}

describe('delimited round trip', () => {
  it('reads back random events written with a random delimiter, header, column order and quoting', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 25 }), layoutArbitrary, async (events, layout) => {
        const roles: Role[] = ['sequence', 'item', 'timestamp', ...(layout.withRating ? ['rating' as const] : []), ...(layout.withExtra ? ['extra' as const] : [])];
        // Shuffle the columns by sorting on random keys.
        const columns = roles.map((role, i) => ({ role, key: layout.order[i] as number })).sort((a, b) => a.key - b.key).map((entry) => entry.role);
        const headerName = (role: Role): string =>
          role === 'sequence' ? layout.names[layout.sequenceRole] : role === 'extra' ? 'category' : layout.names[role];
        const value = (event: (typeof events)[number], role: Role): string => {
          if (role === 'sequence') return event.sequence;
          if (role === 'item') return event.item;
          if (role === 'rating') return String(event.rating);
          if (role === 'extra') return 'x,y';
          return event.isoTime ? new Date(event.timestamp * 1000).toISOString() : String(event.timestamp);
        };
        const records = [
          ...(layout.header ? [columns.map(headerName)] : []),
          ...events.map((event) => columns.map((role) => value(event, role))),
        ].map((cells) => cells.map((cell) => quote(cell, layout.delimiter, layout.quoteAll)).join(layout.delimiter));
        const text = records.join(layout.lineEnd) + (layout.finalNewline ? layout.lineEnd : '');
        const path = write(layout.gzip ? gzipSync(Buffer.from(text)) : text, 'round-trip.csv');
        const position = (role: Role) => columns.indexOf(role);
        // Without a header a token may hold another candidate delimiter as often as the real one splits the
        // line, so the delimiter is ambiguous and named; with a header, the header decides it.
        const options: InteractionReadOptions = layout.header
          ? DELIMITED
          : {
              format: 'delimited',
              delimiter: layout.delimiter,
              columns: { sequence: position('sequence'), item: position('item'), timestamp: position('timestamp'), ...(layout.withRating ? { rating: position('rating') } : {}) },
            };
        const log = rightOf(await readInteractions(path, options));
        expect(fields(log.records)).toEqual(events.map((event) => [event.sequence, event.item, layout.withRating ? event.rating : null, event.timestamp]));
        expect(log.report.badRows).toBe(0);
      }),
      { numRuns: 150, seed: 2018 },
    );
  });
});
