import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  NonNegativeIntCodec,
  ProbabilityCodec,
  RecnasError,
  decodeWith,
  strictPartial,
  type NonNegativeInt,
  type Probability,
} from '@recnas/core';

/**
 * Interaction-log layouts: `movielens-tsv` (ML-100K `u.data`), `movielens-dat` (ML-1M `ratings.dat`,
 * `::`-separated), `recbole-inter` (RecBole atomic `.inter` with a typed header), `amazon-user-list`
 * (`user item item ...` per line, as ICLRec's `Beauty.txt`), and `delimited` (any delimited log: session click
 * logs such as DIGINETICA or YOOCHOOSE, generic `user,item,rating,timestamp` CSVs; layout detected, see
 * `detectInteractionLayout`).
 */
export const InteractionFormatCodec = t.keyof(
  { 'movielens-tsv': null, 'movielens-dat': null, 'recbole-inter': null, 'amazon-user-list': null, delimited: null },
  'InteractionFormat',
);
export type InteractionFormat = t.TypeOf<typeof InteractionFormatCodec>;

/** A column named by its header name (`itemId`) or by its 0-based position (`2`). */
export const ColumnRefCodec = t.union([t.string, NonNegativeIntCodec], 'ColumnRef');
export type ColumnRef = string | number;

/** The delimiter of a `delimited` log: one character other than a double quote or a line break. */
export interface DelimiterBrand {
  readonly Delimiter: unique symbol;
}
export const DelimiterCodec = t.brand(
  t.string,
  (text): text is t.Branded<string, DelimiterBrand> => text.length === 1 && !'"\r\n'.includes(text),
  'Delimiter',
);

/**
 * Which columns hold what. `recbole-inter` takes header names for `user`, `item`, `timestamp` and `rating`
 * (defaults `user_id`, `item_id`, `timestamp`, `rating`). `delimited` also takes 0-based positions, a
 * `sequence` column (the session id: events with the same value form one sequence) and, for `timestamp`, a pair
 * `[primary, tieBreak]` (DIGINETICA: `['eventdate', 'timeframe']`). Absent columns are detected by name.
 */
export interface InteractionColumnOptions {
  readonly user?: ColumnRef;
  readonly item?: ColumnRef;
  readonly timestamp?: ColumnRef | readonly [ColumnRef, ColumnRef];
  readonly rating?: ColumnRef;
  readonly sequence?: ColumnRef;
}

/** What a `delimited` log's sequences are keyed by, when it has both a session and a user column. */
export type SequenceKey = 'user' | 'session';

/**
 * How to read an interaction log. `encoding` defaults to utf8; `maxBadFraction` (default 0.01) is the share of
 * bad rows above which reading fails; `columns` names the columns (see `InteractionColumnOptions`).
 * For `delimited` only: `delimiter` (detected when absent), `hasHeader` (detected when absent) and
 * `sequenceBy` (default `session` when a session column exists, else `user`).
 */
export interface InteractionReadOptions {
  readonly format: InteractionFormat;
  readonly encoding?: 'utf8' | 'latin1';
  readonly maxBadFraction?: number;
  readonly columns?: InteractionColumnOptions;
  readonly delimiter?: string;
  readonly hasHeader?: boolean;
  readonly sequenceBy?: SequenceKey;
}

/** Decoded column options (positions are checked non-negative integers). */
export interface DecodedInteractionColumnOptions {
  readonly user?: string | NonNegativeInt;
  readonly item?: string | NonNegativeInt;
  readonly timestamp?: string | NonNegativeInt | [string | NonNegativeInt, string | NonNegativeInt];
  readonly rating?: string | NonNegativeInt;
  readonly sequence?: string | NonNegativeInt;
}

/** Read options after decoding. */
export interface DecodedInteractionReadOptions {
  readonly format: InteractionFormat;
  readonly encoding?: 'utf8' | 'latin1';
  readonly maxBadFraction?: Probability;
  readonly columns?: DecodedInteractionColumnOptions;
  readonly delimiter?: t.Branded<string, DelimiterBrand>;
  readonly hasHeader?: boolean;
  readonly sequenceBy?: SequenceKey;
}

export const InteractionColumnOptionsCodec = strictPartial(
  {},
  {
    user: ColumnRefCodec,
    item: ColumnRefCodec,
    timestamp: t.union([ColumnRefCodec, t.tuple([ColumnRefCodec, ColumnRefCodec])], 'TimeColumns'),
    rating: ColumnRefCodec,
    sequence: ColumnRefCodec,
  },
  'InteractionColumns',
);

export const InteractionReadOptionsCodec: t.Type<DecodedInteractionReadOptions, InteractionReadOptions, unknown> = strictPartial(
  { format: InteractionFormatCodec },
  {
    encoding: t.keyof({ utf8: null, latin1: null }),
    maxBadFraction: ProbabilityCodec,
    columns: InteractionColumnOptionsCodec,
    delimiter: DelimiterCodec,
    hasHeader: t.boolean,
    sequenceBy: t.keyof({ user: null, session: null }, 'SequenceKey'),
  },
  'InteractionReadOptions',
);

const DELIMITED_ONLY = ['delimiter', 'hasHeader', 'sequenceBy'] as const;

/** Rules across fields that a codec cannot say: options that only `delimited` understands. */
function checkFormatRules(options: DecodedInteractionReadOptions): string[] {
  const problems: string[] = [];
  if (options.format !== 'delimited') {
    for (const key of DELIMITED_ONLY) {
      if (options[key] !== undefined) problems.push(`${key}: applies only to format 'delimited' (format is '${options.format}')`);
    }
  }
  if (options.format === 'recbole-inter' && options.columns !== undefined) {
    const { sequence, ...named } = options.columns;
    if (sequence !== undefined) problems.push(`columns.sequence: applies only to format 'delimited'`);
    for (const [key, value] of Object.entries(named)) {
      if (typeof value !== 'string') problems.push(`columns.${key}: format 'recbole-inter' takes a header name, got ${JSON.stringify(value)}`);
    }
  }
  if (options.columns?.sequence !== undefined && options.sequenceBy !== undefined) {
    problems.push('sequenceBy: give either columns.sequence or sequenceBy, not both');
  }
  return problems;
}

/** Decodes read options and checks the rules across fields; Left CONFIG_INVALID listing every problem. */
export function decodeInteractionReadOptions(options: unknown): E.Either<RecnasError, DecodedInteractionReadOptions> {
  return E.flatMap(decodeWith(InteractionReadOptionsCodec, options, 'interaction read options'), (decoded) => {
    const problems = checkFormatRules(decoded);
    if (problems.length === 0) return E.right(decoded);
    return E.left(
      new RecnasError('CONFIG_INVALID', `interaction read options is invalid:\n${problems.join('\n')}`, { problems }),
    );
  });
}
