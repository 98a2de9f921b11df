import type { InteractionLayout, InteractionLayoutColumn } from './interaction-layout.js';
import { parseFiniteNumber, type InteractionLineParser, type LineOutcome } from './interactions-line-parser.js';
import { splitDelimitedRecord } from './internal/delimited-record.js';
import { parseTimestampText } from './internal/timestamp-text.js';

/** Id texts that mean "no id" (case-insensitive), as pandas and R write missing values. */
const MISSING_ID = new Set(['', 'na', 'n/a', 'nan', 'null']);

const isMissing = (token: string): boolean => MISSING_ID.has(token.toLowerCase());

/** `parseTimestampText` remembering its last input: date columns (`2016-05-09`) repeat on consecutive rows. */
function cachedTimestampParser(): (text: string) => number | undefined {
  let lastText: string | undefined;
  let lastValue: number | undefined;
  return (text) => {
    if (text !== lastText) {
      lastText = text;
      lastValue = parseTimestampText(text);
    }
    return lastValue;
  };
}

/**
 * A parser for `delimited` logs with a resolved layout. The header line (the first non-blank line, when the
 * layout has one) and blank lines are skipped. A row is bad when its quoting is broken (`invalid-quoting`), it
 * has more fields than the header (`too-many-fields`) or too few to reach a used column (`too-few-fields`), its
 * sequence or item id is empty or NA (`empty-id`), its rating is not a number (`invalid-number`), or a time
 * field is neither a number nor an ISO date (`invalid-timestamp`). The event's `user` is the sequence key.
 */
export function delimitedParser(layout: InteractionLayout): InteractionLineParser {
  const { delimiter, fieldCount } = layout;
  const { sequence, item, rating, timestamp, timeTieBreak } = layout.columns;
  const used = [sequence, item, rating, timestamp, timeTieBreak].filter((column): column is InteractionLayoutColumn => column !== null);
  const needed = Math.max(...used.map((column) => column.index));
  const parseTime = cachedTimestampParser();
  const parseTieBreak = cachedTimestampParser();
  let headerPending = layout.hasHeader;
  return (line): LineOutcome => {
    if (line.text.trim() === '') return { kind: 'skip' };
    if (headerPending) {
      headerPending = false;
      return { kind: 'skip' };
    }
    const fields = splitDelimitedRecord(line.text, delimiter);
    if (fields === undefined) return { kind: 'bad', reason: 'invalid-quoting' };
    if (fields.length > fieldCount) return { kind: 'bad', reason: 'too-many-fields' };
    if (fields.length <= needed) return { kind: 'bad', reason: 'too-few-fields' };
    const user = (fields[sequence.index] as string).trim();
    const itemToken = (fields[item.index] as string).trim();
    if (isMissing(user) || isMissing(itemToken)) return { kind: 'bad', reason: 'empty-id' };
    let ratingValue: number | null = null;
    if (rating !== null) {
      const value = parseFiniteNumber(fields[rating.index] as string);
      if (value === undefined) return { kind: 'bad', reason: 'invalid-number' };
      ratingValue = value;
    }
    let time: number | null = null;
    if (timestamp !== null) {
      const value = parseTime(fields[timestamp.index] as string);
      if (value === undefined) return { kind: 'bad', reason: 'invalid-timestamp' };
      time = value;
    }
    let tieBreak: number | undefined;
    if (timeTieBreak !== null) {
      tieBreak = parseTieBreak(fields[timeTieBreak.index] as string);
      if (tieBreak === undefined) return { kind: 'bad', reason: 'invalid-timestamp' };
    }
    return { kind: 'rows', rows: [{ user, item: itemToken, rating: ratingValue, timestamp: time, timeTieBreak: tieBreak }] };
  };
}
