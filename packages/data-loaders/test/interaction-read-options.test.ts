import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InteractionReadOptionsCodec, decodeInteractionReadOptions } from '../src/index.js';

const messageOf = (input: unknown): string => {
  const result = decodeInteractionReadOptions(input);
  return E.isLeft(result) ? result.left.message : 'Right';
};

describe('decodeInteractionReadOptions', () => {
  it('accepts the options of every existing format unchanged', () => {
    for (const options of [
      { format: 'movielens-tsv' },
      { format: 'movielens-dat', maxBadFraction: 0.05 },
      { format: 'recbole-inter', columns: { user: 'uid', item: 'iid' }, encoding: 'latin1' },
      { format: 'amazon-user-list' },
    ]) {
      expect(decodeInteractionReadOptions(options)).toEqual(E.right(options));
    }
  });

  it('accepts delimited columns by name or position, a time pair, and the delimited-only options', () => {
    const options = {
      format: 'delimited',
      delimiter: ';',
      hasHeader: false,
      columns: { sequence: 0, user: 1, item: 'itemId', timestamp: [4, 'timeframe'], rating: 5 },
    };
    expect(E.isRight(decodeInteractionReadOptions(options))).toBe(true);
    expect(E.isRight(decodeInteractionReadOptions({ format: 'delimited', sequenceBy: 'user' }))).toBe(true);
  });

  it('rejects delimited-only options on another format, with the option named', () => {
    expect(messageOf({ format: 'movielens-tsv', delimiter: ',' })).toMatch(/delimiter: applies only to format 'delimited'/);
    expect(messageOf({ format: 'amazon-user-list', sequenceBy: 'session' })).toMatch(/sequenceBy: applies only/);
    expect(messageOf({ format: 'recbole-inter', columns: { item: 2 } })).toMatch(/columns.item: format 'recbole-inter' takes a header name, got 2/);
    expect(messageOf({ format: 'recbole-inter', columns: { sequence: 'session_id' } })).toMatch(/columns.sequence: applies only/);
  });

  it('rejects both columns.sequence and sequenceBy, unknown keys, negative positions and bad sequenceBy', () => {
    expect(messageOf({ format: 'delimited', columns: { sequence: 0 }, sequenceBy: 'user' })).toMatch(/give either columns.sequence or sequenceBy/);
    expect(messageOf({ format: 'delimited', columns: { session: 0 } })).toMatch(/columns.session: expected no such key/);
    expect(messageOf({ format: 'delimited', columns: { item: -1 } })).toMatch(/columns.item/);
    expect(messageOf({ format: 'delimited', sequenceBy: 'visitor' })).toMatch(/sequenceBy: expected one of user, session, got "visitor"/);
  });

  it('accepts any single delimiter character except a quote or a line break, and nothing longer', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 3 }), (delimiter) => {
        const valid = delimiter.length === 1 && !'"\r\n'.includes(delimiter);
        expect(E.isRight(decodeInteractionReadOptions({ format: 'delimited', delimiter }))).toBe(valid);
      }),
      { seed: 2018 },
    );
  });
});

describe('InteractionReadOptionsCodec', () => {
  it('encodes decoded options back to the same JSON', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            delimiter: fc.constantFrom(',', ';', '\t', '|', '#'),
            hasHeader: fc.boolean(),
            maxBadFraction: fc.double({ min: 0, max: 1, noNaN: true }),
            columns: fc.record({ item: fc.oneof(fc.nat(20), fc.string()), timestamp: fc.tuple(fc.nat(20), fc.string()) }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        (options) => {
          const input = { format: 'delimited', ...options };
          const decoded = InteractionReadOptionsCodec.decode(input);
          expect(E.isRight(decoded) && InteractionReadOptionsCodec.encode(decoded.right)).toEqual(input);
        },
      ),
      { seed: 2018 },
    );
  });
});
