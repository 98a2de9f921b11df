import { gzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { detectInteractionLayout, resolveInteractionLayout, type InteractionLayout } from '../src/index.js';
import { rightOf } from './fixtures/ctr-files.js';
import { interactionFixture, scratchWriter } from './fixtures/interaction-files.js';

const write = scratchWriter('recnas-layout-');

async function layoutOf(path: string, options: Parameters<typeof detectInteractionLayout>[1] = {}): Promise<InteractionLayout> {
  return rightOf(await detectInteractionLayout(path, options));
}

async function errorOf(path: string, options: Parameters<typeof detectInteractionLayout>[1] = {}) {
  const result = await detectInteractionLayout(path, options);
  if (E.isRight(result)) throw new Error(`expected Left, got ${result.right.description}`);
  return result.left;
}

describe('detectInteractionLayout', () => {
  it('reads the DIGINETICA layout: sessions as sequences, time = eventdate then timeframe', async () => {
    const layout = await layoutOf(interactionFixture('diginetica-views.csv'));
    expect(layout.description).toBe(
      "delimiter ';', header yes, sequence = sessionId (column 0), item = itemId (2), time = eventdate+timeframe (4, 3)",
    );
    expect(layout).toMatchObject({ delimiter: ';', hasHeader: true, fieldCount: 5, sequenceBy: 'session' });
    expect(layout.header).toEqual(['sessionId', 'userId', 'itemId', 'timeframe', 'eventdate']);
    expect(layout.columns.user).toEqual({ index: 1, name: 'userId' });
    expect(layout.columns.timeTieBreak).toEqual({ index: 3, name: 'timeframe' });
  });

  it('keys sequences by the user column with sequenceBy user', async () => {
    const layout = await layoutOf(interactionFixture('diginetica-views.csv'), { sequenceBy: 'user' });
    expect(layout.sequenceBy).toBe('user');
    expect(layout.columns.sequence).toEqual({ index: 1, name: 'userId' });
  });

  it('detects a tab delimiter in a file named .csv whose fields hold commas and semicolons', async () => {
    const layout = await layoutOf(interactionFixture('ratings-tab.csv'));
    expect(layout.description).toBe("delimiter '\\t', header yes, sequence = user (column 0), item = item (1), time = timestamp (3), rating = rating (2)");
  });

  it('strips RecBole type suffixes from header names', async () => {
    const layout = await layoutOf(interactionFixture('recbole-typed.inter'));
    expect(layout.header).toEqual(['user_id', 'item_id', 'rating', 'timestamp']);
    expect(layout.columns.rating).toEqual({ index: 2, name: 'rating' });
  });

  it('takes columns by 0-based position for a headerless YOOCHOOSE file', async () => {
    const layout = await layoutOf(interactionFixture('yoochoose-clicks.dat'), { columns: { sequence: 0, timestamp: 1, item: 2 } });
    expect(layout.description).toBe("delimiter ',', header no, sequence = column 0, item = column 2, time = column 1");
    expect(layout.header).toBeNull();
  });

  it('finds the YOOCHOOSE columns by name when the file has a header', async () => {
    const path = write('session,timestamp,item,category\n1,2014-04-07T10:51:09.277Z,214536502,0\n');
    const layout = await layoutOf(path);
    expect(layout.description).toBe("delimiter ',', header yes, sequence = session (column 0), item = item (2), time = timestamp (1)");
  });

  it('matches synonyms case-insensitively and ignores _ and -', async () => {
    const path = write('VISITOR-ID|Product_ID|Score|DateTime\nv1|p1|1|2020-01-01T00:00:00Z\n');
    const layout = await layoutOf(path);
    expect(layout.description).toBe("delimiter '|', header yes, sequence = VISITOR-ID (column 0), item = Product_ID (1), time = DateTime (3), rating = Score (2)");
  });

  it('honours a given delimiter, header flag and column names', async () => {
    const path = write('a#b#c\nu1#i1#5\n');
    const layout = await layoutOf(path, { delimiter: '#', hasHeader: true, columns: { user: 'a', item: 'b', timestamp: 'c' } });
    expect(layout.description).toBe("delimiter '#', header yes, sequence = a (column 0), item = b (1), time = c (2)");
  });

  it('takes a [primary, tie-break] pair of time columns', async () => {
    const path = write('s,i,day,offset\n1,2,2016-01-01,5\n');
    const layout = await layoutOf(path, { columns: { sequence: 's', item: 'i', timestamp: ['day', 3] } });
    expect(layout.description).toBe("delimiter ',', header yes, sequence = s (column 0), item = i (1), time = day+offset (2, 3)");
  });

  it('reads gzip files and skips a byte-order mark and leading blank lines', async () => {
    const path = write(gzipSync(Buffer.from('\n\uFEFFuser_id,item_id\r\n1,2\r\n')));
    const layout = await layoutOf(path);
    expect(layout.header).toEqual(['user_id', 'item_id']);
    expect(layout.description).toBe("delimiter ',', header yes, sequence = user_id (column 0), item = item_id (1), time = none (file order)");
  });

  it('fails with DATA_FORMAT naming the file, the header and the synonyms when no item column is known', async () => {
    const path = write('user,thing,when\n1,2,3\n');
    const error = await errorOf(path);
    expect(error.code).toBe('DATA_FORMAT');
    expect(error.message).toContain(`${path}:1: found no item column`);
    expect(error.message).toContain('header ["user","thing","when"]');
    expect(error.message).toContain('item: item, item_id, itemId');
    expect(error.details).toMatchObject({ path, header: ['user', 'thing', 'when'] });
  });

  it('fails with DATA_FORMAT when the header has no user or session column', async () => {
    const error = await errorOf(write('who;item_id;ts\nx;1;2\n'));
    expect(error.message).toMatch(/found no user or session column/);
    expect(error.message).toContain('session: session, sessionId, session_id');
  });

  it('fails with DATA_FORMAT asking for positions when the first line is not a header', async () => {
    const error = await errorOf(interactionFixture('yoochoose-clicks.dat'));
    expect(error.code).toBe('DATA_FORMAT');
    expect(error.message).toMatch(/is not a header; name the columns by 0-based position/);
  });

  it('fails with DATA_FORMAT when a named column is not in the header, or a position is out of range', async () => {
    const path = interactionFixture('diginetica-views.csv');
    expect((await errorOf(path, { columns: { item: 'productId2' } })).message).toMatch(/columns.item names 'productId2', which is not in the header/);
    expect((await errorOf(path, { columns: { item: 9 } })).message).toMatch(/columns.item is position 9, but rows have 5 fields/);
  });

  it('fails with DATA_FORMAT when no candidate delimiter splits the first line', async () => {
    const error = await errorOf(write('user item\n1 2\n'));
    expect(error.message).toMatch(/no delimiter \(',' ';' '\\t' '\|'\) splits the first line/);
  });

  it('fails with DATA_EMPTY on a file of blank lines, IO on a missing file, CONFIG_INVALID on a bad delimiter', async () => {
    expect((await errorOf(write('\n\n'))).code).toBe('DATA_EMPTY');
    expect((await errorOf('/nonexistent/recnas/log.csv')).code).toBe('IO');
    const bad = await errorOf(write('a,b\n'), { delimiter: '::' });
    expect(bad.code).toBe('CONFIG_INVALID');
    expect(bad.message).toMatch(/delimiter: expected Delimiter, got "::"/);
  });
});

describe('resolveInteractionLayout', () => {
  const lines = (...texts: string[]) => texts.map((text, index) => ({ text, lineNumber: index + 1 }));

  it('picks the candidate with the most fields that every sample line agrees with', () => {
    const layout = rightOf(resolveInteractionLayout('mem', lines('user;item;note,x', 'u;i;a,b', 'v;j;c,d'), { format: 'delimited' }));
    expect(layout.delimiter).toBe(';');
    const fallback = rightOf(resolveInteractionLayout('mem', lines('user,item', 'u,i', 'u,i,extra', 'v,j'), { format: 'delimited' }));
    expect(fallback.delimiter).toBe(',');
  });

  it('recognises an unnamed header by its values and reports its names', () => {
    const result = resolveInteractionLayout('mem', lines('a,b,c', '1,2,3'), { format: 'delimited' });
    expect(E.isLeft(result) && result.left.message).toContain('header ["a","b","c"]');
  });
});
