import type { BadRowReason } from './bad-rows.js';
import type { TextLine } from './open-source.js';

/** One user-item event parsed from a line, before it gets its row number. */
export interface ParsedInteraction {
  readonly user: string;
  readonly item: string;
  readonly rating: number | null;
  readonly timestamp: number | null;
  /** Second sort key after `timestamp` (DIGINETICA's `timeframe`), for `delimited` logs with two time columns. */
  readonly timeTieBreak?: number | undefined;
}

/** What one line of an interaction log holds: events, a bad row, or nothing (a header or a blank line). */
export type LineOutcome =
  | { readonly kind: 'rows'; readonly rows: ReadonlyArray<ParsedInteraction> }
  | { readonly kind: 'bad'; readonly reason: BadRowReason }
  | { readonly kind: 'skip' };

/**
 * Turns one line into events. A parser may keep state (the RecBole header); it throws a
 * RecnasError('DATA_FORMAT') only for problems of the whole file, never for one bad row.
 */
export type InteractionLineParser = (line: TextLine) => LineOutcome;

/** Column names of a RecBole atomic `.inter` file, matched against the header without the `:type` suffix. */
export interface InteractionColumns {
  readonly user: string;
  readonly item: string;
  readonly timestamp: string;
  readonly rating: string;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or undefined for anything else (including the empty string, which `Number` maps to 0). */
export function parseFiniteNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER_PATTERN.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

const INTEGER_ID_PATTERN = /^\d+$/;

/** True when `token` (already trimmed) is a non-negative decimal integer, as MovieLens and Beauty.txt ids are. */
export function isIntegerId(token: string): boolean {
  return INTEGER_ID_PATTERN.test(token);
}

/** Builds the outcome of a delimited row from its user, item, rating and timestamp texts. */
export function delimitedRow(
  user: string,
  item: string,
  ratingText: string | undefined,
  timestampText: string | undefined,
): LineOutcome {
  const userToken = user.trim();
  const itemToken = item.trim();
  if (userToken === '' || itemToken === '') return { kind: 'bad', reason: 'empty-id' };
  let rating: number | null = null;
  if (ratingText !== undefined) {
    const value = parseFiniteNumber(ratingText);
    if (value === undefined) return { kind: 'bad', reason: 'invalid-number' };
    rating = value;
  }
  let timestamp: number | null = null;
  if (timestampText !== undefined) {
    const value = parseFiniteNumber(timestampText);
    if (value === undefined) return { kind: 'bad', reason: 'invalid-timestamp' };
    timestamp = value;
  }
  return { kind: 'rows', rows: [{ user: userToken, item: itemToken, rating, timestamp }] };
}
