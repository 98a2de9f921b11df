import { delimitedRow, isIntegerId, type InteractionLineParser } from './interactions-line-parser.js';

/**
 * A parser for the MovieLens rating layouts `user SEP item SEP rating SEP timestamp`: `\t` for
 * ML-100K `u.data`, `::` for ML-1M / ML-10M `ratings.dat`. No header; exactly four fields; user and item ids
 * are integers (`non-integer-id` otherwise).
 */
export function movieLensParser(separator: '\t' | '::'): InteractionLineParser {
  return (line) => {
    if (line.text.trim() === '') return { kind: 'skip' };
    const fields = line.text.split(separator);
    if (fields.length < 4) return { kind: 'bad', reason: 'too-few-fields' };
    if (fields.length > 4) return { kind: 'bad', reason: 'too-many-fields' };
    const [user, item, rating, timestamp] = fields as [string, string, string, string];
    const outcome = delimitedRow(user, item, rating, timestamp);
    if (outcome.kind === 'rows' && outcome.rows.some((row) => !isIntegerId(row.user) || !isIntegerId(row.item))) {
      return { kind: 'bad', reason: 'non-integer-id' };
    }
    return outcome;
  };
}
