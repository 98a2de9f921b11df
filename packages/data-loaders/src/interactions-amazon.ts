import { isIntegerId, type InteractionLineParser, type ParsedInteraction } from './interactions-line-parser.js';

/**
 * A parser for the one-line-per-user lists of S3-Rec / ICLRec (`Beauty.txt`): `user item item ...`,
 * whitespace-separated integer ids, items already in time order, no timestamps and no ratings.
 * A line with a user but no item is a bad row (`too-few-fields`); a line with an id that is not a
 * non-negative integer is a bad row (`non-integer-id`): the whole line (the user) is skipped, never one item
 * of it, so no sequence is silently shortened.
 */
export function amazonUserListParser(): InteractionLineParser {
  return (line) => {
    const tokens = line.text.trim().split(/\s+/);
    if (tokens.length === 1 && tokens[0] === '') return { kind: 'skip' };
    if (tokens.length < 2) return { kind: 'bad', reason: 'too-few-fields' };
    if (!tokens.every(isIntegerId)) return { kind: 'bad', reason: 'non-integer-id' };
    const user = tokens[0] as string;
    const rows: ParsedInteraction[] = [];
    for (let i = 1; i < tokens.length; i++) {
      rows.push({ user, item: tokens[i] as string, rating: null, timestamp: null });
    }
    return { kind: 'rows', rows };
  };
}
