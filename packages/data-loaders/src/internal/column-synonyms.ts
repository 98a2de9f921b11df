/** What a column of an interaction log holds. */
export type ColumnRole = 'user' | 'session' | 'item' | 'timestamp' | 'rating';

/**
 * Header names recognised per role, compared after `normalizeColumnName` (so `user_id`, `userId` and `UserID`
 * are one name). Timestamp names are in order of preference: the first one present is the time column.
 */
export const COLUMN_SYNONYMS: Readonly<Record<ColumnRole, ReadonlyArray<string>>> = {
  user: ['user', 'user_id', 'userId', 'uid', 'visitor', 'visitorId', 'visitor_id', 'customer_id', 'reviewerID'],
  session: ['session', 'sessionId', 'session_id', 'sid'],
  item: ['item', 'item_id', 'itemId', 'iid', 'product', 'productId', 'product_id', 'movie_id', 'movieId', 'asin', 'sku', 'article_id'],
  timestamp: ['timestamp', 'ts', 'time', 'datetime', 'event_time', 'unixReviewTime', 'eventdate', 'event_date', 'date', 'timeframe'],
  rating: ['rating', 'score', 'stars', 'overall'],
};

/** Day-resolution date columns, which a `timeframe` column (time within the session) refines (DIGINETICA). */
const DATE_NAMES: ReadonlyArray<string> = ['eventdate', 'event_date', 'date'];
const TIME_WITHIN_DAY_NAME = 'timeframe';

/** Lower case, letters and digits only: the form in which header names and synonyms are compared. */
export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The name of a header cell: without a UTF-8 byte-order mark, surrounding spaces and RecBole's `:type`
 * suffix (`user_id:token` is `user_id`).
 */
export function headerCellName(cell: string): string {
  return cell.replace(/^\uFEFF/, '').trim().replace(/:[a-z_]+$/i, '');
}

const normalizeAll = (names: ReadonlyArray<string>): ReadonlyArray<string> => names.map(normalizeColumnName);
const NORMALIZED: Readonly<Record<ColumnRole, ReadonlyArray<string>>> = {
  user: normalizeAll(COLUMN_SYNONYMS.user),
  session: normalizeAll(COLUMN_SYNONYMS.session),
  item: normalizeAll(COLUMN_SYNONYMS.item),
  timestamp: normalizeAll(COLUMN_SYNONYMS.timestamp),
  rating: normalizeAll(COLUMN_SYNONYMS.rating),
};

/** Index of the first header name that is a synonym of `role` (in synonym order), or undefined. */
export function findRoleColumn(names: ReadonlyArray<string>, role: ColumnRole): number | undefined {
  const normalized = names.map(normalizeColumnName);
  for (const synonym of NORMALIZED[role]) {
    const index = normalized.indexOf(synonym);
    if (index !== -1) return index;
  }
  return undefined;
}

/** True when some header name is a synonym of any role. */
export function hasKnownColumnName(names: ReadonlyArray<string>): boolean {
  const known = new Set(Object.values(NORMALIZED).flat());
  return names.some((name) => known.has(normalizeColumnName(name)));
}

/**
 * The time columns found by name: a date column plus a `timeframe` column order by date then timeframe
 * (DIGINETICA); otherwise the first timestamp synonym present, with no tie-break column.
 */
export function findTimeColumns(names: ReadonlyArray<string>): { primary: number; tieBreak: number | undefined } | undefined {
  const normalized = names.map(normalizeColumnName);
  const timeframe = normalized.indexOf(TIME_WITHIN_DAY_NAME);
  const date = DATE_NAMES.map((name) => normalized.indexOf(normalizeColumnName(name))).find((index) => index !== -1);
  const hasTimestampColumn = NORMALIZED.timestamp
    .filter((name) => name !== TIME_WITHIN_DAY_NAME && !DATE_NAMES.map(normalizeColumnName).includes(name))
    .some((name) => normalized.includes(name));
  if (timeframe !== -1 && date !== undefined && !hasTimestampColumn) return { primary: date, tieBreak: timeframe };
  const primary = findRoleColumn(names, 'timestamp');
  return primary === undefined ? undefined : { primary, tieBreak: undefined };
}

/** The synonyms as one line for error messages: `user: user, user_id, ...; session: ...`. */
export function describeColumnSynonyms(): string {
  return (Object.entries(COLUMN_SYNONYMS) as Array<[ColumnRole, ReadonlyArray<string>]>)
    .map(([role, names]) => `${role}: ${names.join(', ')}`)
    .join('; ');
}
