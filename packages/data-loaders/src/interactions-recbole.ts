import { RecnasError } from '@recnas/core';
import { headerCellName } from './internal/column-synonyms.js';
import { delimitedRow, type InteractionColumns, type InteractionLineParser } from './interactions-line-parser.js';

interface ColumnPositions {
  readonly user: number;
  readonly item: number;
  readonly timestamp: number | undefined;
  readonly rating: number | undefined;
  readonly count: number;
}

function locateColumns(headerText: string, columns: InteractionColumns, path: string, line: number): ColumnPositions {
  // A RecBole header names each column as `name:type` (token, float, token_seq, float_seq).
  const names = headerText.split('\t').map(headerCellName);
  const find = (name: string): number | undefined => {
    const index = names.indexOf(name);
    return index === -1 ? undefined : index;
  };
  const user = find(columns.user);
  const item = find(columns.item);
  if (user === undefined || item === undefined) {
    const missing = [user === undefined ? columns.user : undefined, item === undefined ? columns.item : undefined]
      .filter((name) => name !== undefined)
      .join(' and ');
    throw new RecnasError(
      'DATA_FORMAT',
      `${path}:${line}: the RecBole header has no ${missing} column (header columns: ${names.join(', ')})`,
      { path, line, header: names, missing },
    );
  }
  return { user, item, timestamp: find(columns.timestamp), rating: find(columns.rating), count: names.length };
}

/**
 * A parser for RecBole atomic `.inter` files: a typed header (`user_id:token\titem_id:token\t...`),
 * then tab-separated rows. Columns are found by header name; timestamp and rating columns are optional
 * (without a timestamp column, events keep file order).
 */
export function recBoleParser(columns: InteractionColumns, path: string): InteractionLineParser {
  let positions: ColumnPositions | undefined;
  return (line) => {
    if (line.text.trim() === '') return { kind: 'skip' };
    if (positions === undefined) {
      positions = locateColumns(line.text, columns, path, line.lineNumber);
      return { kind: 'skip' };
    }
    const fields = line.text.split('\t');
    if (fields.length > positions.count) return { kind: 'bad', reason: 'too-many-fields' };
    const needed = Math.max(positions.user, positions.item, positions.timestamp ?? 0, positions.rating ?? 0);
    if (fields.length <= needed) return { kind: 'bad', reason: 'too-few-fields' };
    const at = (index: number | undefined): string | undefined => (index === undefined ? undefined : fields[index]);
    return delimitedRow(fields[positions.user] ?? '', fields[positions.item] ?? '', at(positions.rating), at(positions.timestamp));
  };
}
