import { sequenceS } from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError } from '@recnas/core';
import {
  decodeInteractionReadOptions,
  type ColumnRef,
  type DecodedInteractionReadOptions,
  type InteractionReadOptions,
  type SequenceKey,
} from './interaction-read-options.js';
import {
  describeColumnSynonyms,
  findRoleColumn,
  findTimeColumns,
  hasKnownColumnName,
  headerCellName,
  normalizeColumnName,
} from './internal/column-synonyms.js';
import { splitDelimitedRecord } from './internal/delimited-record.js';
import { DELIMITER_CANDIDATES, detectDelimiter, looksLikeHeaderByValues, showDelimiter } from './internal/delimiter-detection.js';
import { toReadFailure } from './internal/read-failure.js';
import { readLines, type TextLine } from './open-source.js';

/** One resolved column: its 0-based position and, when the file has a header, its name there. */
export interface InteractionLayoutColumn {
  readonly index: number;
  readonly name: string | null;
}

/**
 * The columns of a delimited log. `sequence` groups events into sequences: the `session` column, or the `user`
 * column when there is no session column (or `sequenceBy: 'user'`). Events are ordered by `timestamp`, then
 * `timeTieBreak` (DIGINETICA's `timeframe`), then file order.
 */
export interface InteractionLayoutColumns {
  readonly sequence: InteractionLayoutColumn;
  readonly user: InteractionLayoutColumn | null;
  readonly session: InteractionLayoutColumn | null;
  readonly item: InteractionLayoutColumn;
  readonly timestamp: InteractionLayoutColumn | null;
  readonly timeTieBreak: InteractionLayoutColumn | null;
  readonly rating: InteractionLayoutColumn | null;
}

/** How a `delimited` log is read, as given or detected; `description` is one line for people (the CLI prints it). */
export interface InteractionLayout {
  readonly delimiter: string;
  readonly hasHeader: boolean;
  /** Header names (RecBole `:type` suffixes removed), or null without a header. */
  readonly header: ReadonlyArray<string> | null;
  /** Fields per row: the header's, or the first row's without a header. */
  readonly fieldCount: number;
  /** What the sequence column is. */
  readonly sequenceBy: SequenceKey;
  readonly columns: InteractionLayoutColumns;
  readonly description: string;
}

/** The options `detectInteractionLayout` takes: those of `delimited` read options that shape the layout. */
export type InteractionLayoutOptions = Omit<InteractionReadOptions, 'format' | 'maxBadFraction'>;

/** Lines sampled for detection: the first non-blank line and up to this many more. */
export const LAYOUT_SAMPLE_LINES = 20;
/** Raw lines read at most while looking for the sample (so a file of blank lines is not read whole). */
const LAYOUT_MAX_RAW_LINES = 1000;

/** True when `head` holds enough lines to resolve a layout from. */
export function hasLayoutSample(head: ReadonlyArray<TextLine>): boolean {
  return head.length >= LAYOUT_MAX_RAW_LINES || head.filter((line) => line.text.trim() !== '').length > LAYOUT_SAMPLE_LINES;
}

interface Sample {
  readonly path: string;
  readonly firstLine: number;
  readonly delimiter: string;
  readonly header: ReadonlyArray<string> | null;
  readonly fieldCount: number;
}

function formatError(sample: Sample, message: string): RecnasError {
  const where = `${sample.path}:${sample.firstLine}`;
  const header = sample.header === null ? 'no header' : `header ${JSON.stringify(sample.header)}`;
  return new RecnasError(
    'DATA_FORMAT',
    `${where}: ${message} (${header}; known column names, compared case-insensitively without _ or -: ${describeColumnSynonyms()})`,
    { path: sample.path, line: sample.firstLine, header: sample.header, delimiter: sample.delimiter },
  );
}

function resolveRef(sample: Sample, key: string, ref: ColumnRef): E.Either<RecnasError, InteractionLayoutColumn> {
  const names = sample.header;
  if (typeof ref === 'number') {
    if (ref >= sample.fieldCount) return E.left(formatError(sample, `columns.${key} is position ${ref}, but rows have ${sample.fieldCount} fields`));
    return E.right({ index: ref, name: names?.[ref] ?? null });
  }
  if (names === null) return E.left(formatError(sample, `columns.${key} names '${ref}', but the file has no header; give its 0-based position`));
  let index = names.indexOf(ref);
  if (index === -1) index = names.map(normalizeColumnName).indexOf(normalizeColumnName(ref));
  if (index === -1) return E.left(formatError(sample, `columns.${key} names '${ref}', which is not in the header`));
  return E.right({ index, name: names[index] as string });
}

const named = (sample: Sample, index: number | undefined): InteractionLayoutColumn | null =>
  index === undefined ? null : { index, name: sample.header?.[index] ?? null };

type Resolved = Omit<InteractionLayoutColumns, 'sequence'>;

function resolveColumns(sample: Sample, options: DecodedInteractionReadOptions): E.Either<RecnasError, Resolved> {
  const given = options.columns ?? {};
  const names = sample.header ?? [];
  const pick = (key: 'user' | 'item' | 'rating', detected: number | undefined): E.Either<RecnasError, InteractionLayoutColumn | null> => {
    const ref = given[key];
    return ref === undefined ? E.right(named(sample, detected)) : resolveRef(sample, key, ref);
  };
  const time = given.timestamp;
  const detectedTime = time === undefined ? findTimeColumns(names) : undefined;
  const [timeRef, tieRef] = Array.isArray(time) ? time : [time, undefined];
  const refOrNull = (key: string, ref: ColumnRef | undefined): E.Either<RecnasError, InteractionLayoutColumn | null> =>
    ref === undefined ? E.right(null) : resolveRef(sample, key, ref);
  const session: E.Either<RecnasError, InteractionLayoutColumn | null> =
    given.sequence === undefined ? E.right(named(sample, findRoleColumn(names, 'session'))) : resolveRef(sample, 'sequence', given.sequence);
  const resolved = sequenceS(E.Apply)({
    user: pick('user', findRoleColumn(names, 'user')),
    session,
    item: pick('item', findRoleColumn(names, 'item')),
    timestamp: time === undefined ? E.right(named(sample, detectedTime?.primary)) : refOrNull('timestamp', timeRef),
    timeTieBreak: time === undefined ? E.right(named(sample, detectedTime?.tieBreak)) : refOrNull('timestamp[1]', tieRef),
    rating: pick('rating', findRoleColumn(names, 'rating')),
  });
  return E.flatMap(resolved, ({ item, ...rest }) =>
    item === null ? E.left(formatError(sample, 'found no item column; name it with columns.item')) : E.right({ ...rest, item }),
  );
}

function chooseSequence(
  sample: Sample,
  columns: Resolved,
  options: DecodedInteractionReadOptions,
): E.Either<RecnasError, { sequenceBy: SequenceKey; sequence: InteractionLayoutColumn }> {
  const wanted = options.columns?.sequence !== undefined ? 'session' : options.sequenceBy;
  const { user, session } = columns;
  if (wanted !== 'user' && session !== null) return E.right({ sequenceBy: 'session', sequence: session });
  if (wanted !== 'session' && user !== null) return E.right({ sequenceBy: 'user', sequence: user });
  const missing = wanted === undefined ? 'user or session' : wanted;
  return E.left(formatError(sample, `found no ${missing} column to group events into sequences; name it with columns.${wanted === 'user' ? 'user' : 'sequence'}`));
}

function describeColumn(column: InteractionLayoutColumn, first: boolean): string {
  if (column.name === null) return `column ${column.index}`;
  return first ? `${column.name} (column ${column.index})` : `${column.name} (${column.index})`;
}

/** `delimiter ';', header yes, sequence = sessionId (column 0), item = itemId (2), time = eventdate+timeframe (4, 3)`. */
function describeLayout(layout: Omit<InteractionLayout, 'description'>): string {
  const { sequence, item, timestamp, timeTieBreak, rating } = layout.columns;
  const parts = [`delimiter ${showDelimiter(layout.delimiter)}`, `header ${layout.hasHeader ? 'yes' : 'no'}`];
  parts.push(`sequence = ${describeColumn(sequence, true)}`, `item = ${describeColumn(item, false)}`);
  if (timestamp === null) parts.push('time = none (file order)');
  else if (timeTieBreak === null) parts.push(`time = ${describeColumn(timestamp, false)}`);
  else if (timestamp.name !== null && timeTieBreak.name !== null) {
    parts.push(`time = ${timestamp.name}+${timeTieBreak.name} (${timestamp.index}, ${timeTieBreak.index})`);
  } else parts.push(`time = columns ${timestamp.index}+${timeTieBreak.index}`);
  if (rating !== null) parts.push(`rating = ${describeColumn(rating, false)}`);
  return parts.join(', ');
}

/** Whether the first line is a header: as told, else a known or named column name in it, else by its values. */
function isHeader(first: ReadonlyArray<string>, rest: ReadonlyArray<ReadonlyArray<string>>, options: DecodedInteractionReadOptions): boolean {
  if (options.hasHeader !== undefined) return options.hasHeader;
  const refs = Object.values(options.columns ?? {}).flat();
  const normalized = first.map(normalizeColumnName);
  if (hasKnownColumnName(first) || refs.some((ref) => typeof ref === 'string' && normalized.includes(normalizeColumnName(ref)))) return true;
  if (refs.length > 0 && refs.every((ref) => typeof ref === 'number')) return false;
  return looksLikeHeaderByValues(first, rest);
}

/**
 * Resolves the layout of a delimited log from its first lines (see `detectInteractionLayout` for the rules).
 * Left DATA_EMPTY without a non-blank line, DATA_FORMAT when no delimiter or no item / sequence column is found.
 */
export function resolveInteractionLayout(
  path: string,
  head: ReadonlyArray<TextLine>,
  options: DecodedInteractionReadOptions,
): E.Either<RecnasError, InteractionLayout> {
  const lines = head.filter((line) => line.text.trim() !== '');
  const first = lines[0];
  if (first === undefined) return E.left(new RecnasError('DATA_EMPTY', `${path}: no lines to read a layout from`, { path }));
  const texts = lines.map((line, index) => (index === 0 ? line.text.replace(/^\uFEFF/, '') : line.text));
  const delimiter = options.delimiter ?? detectDelimiter(texts);
  const base = { path, firstLine: first.lineNumber, header: null, fieldCount: 0 };
  if (delimiter === undefined) {
    const candidates = DELIMITER_CANDIDATES.map(showDelimiter).join(' ');
    return E.left(formatError({ ...base, delimiter: '' }, `no delimiter (${candidates}) splits the first line into 2 or more fields consistently with the next lines; set delimiter`));
  }
  const split = (text: string): string[] => splitDelimitedRecord(text, delimiter) ?? text.split(delimiter);
  const firstFields = split(texts[0] as string).map(headerCellName);
  const hasHeader = isHeader(firstFields, texts.slice(1).map(split), options);
  const sample: Sample = { ...base, delimiter, header: hasHeader ? firstFields : null, fieldCount: firstFields.length };
  if (!hasHeader && Object.keys(options.columns ?? {}).length === 0) {
    return E.left(
      formatError(sample, `the first line (${JSON.stringify(texts[0])}) is not a header; name the columns by 0-based position, e.g. columns: { sequence: 0, item: 2, timestamp: 1 }, or set hasHeader: true`),
    );
  }
  return E.flatMap(resolveColumns(sample, options), (columns) =>
    E.map(({ sequenceBy, sequence }: { sequenceBy: SequenceKey; sequence: InteractionLayoutColumn }) => {
      const layout = { delimiter, hasHeader, header: sample.header, fieldCount: sample.fieldCount, sequenceBy, columns: { sequence, ...columns } };
      return { ...layout, description: describeLayout(layout) };
    })(chooseSequence(sample, columns, options)),
  );
}

/**
 * Reads the first lines of a delimited interaction log (plain or gzip) and resolves how to read it: the
 * delimiter (given, else the candidate `,` `;` tab `|` that splits the first line into the most fields
 * consistently with the next 20 lines), whether line 1 is a header (given, else it holds a known column name or
 * a column named in `columns`, or has no number where later lines do), and the columns (given by name or
 * position, else found by the synonyms in the error message). Left CONFIG_INVALID on bad options, IO, DATA_EMPTY
 * or DATA_FORMAT (naming the file, the header and the known names).
 * @example
 * const layout = await detectInteractionLayout('train-item-views.csv');
 * if (E.isRight(layout)) console.log(layout.right.description);
 * // delimiter ';', header yes, sequence = sessionId (column 0), item = itemId (2), time = eventdate+timeframe (4, 3)
 */
export async function detectInteractionLayout(path: string, options: InteractionLayoutOptions = {}): Promise<E.Either<RecnasError, InteractionLayout>> {
  const decoded = decodeInteractionReadOptions({ ...options, format: 'delimited' });
  if (E.isLeft(decoded)) return decoded;
  const head: TextLine[] = [];
  try {
    for await (const line of readLines(path, decoded.right.encoding ?? 'utf8')) {
      head.push(line);
      if (hasLayoutSample(head)) break;
    }
  } catch (error) {
    return E.left(toReadFailure(path, error));
  }
  return resolveInteractionLayout(path, head, decoded.right);
}
