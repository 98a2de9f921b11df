import { parseTimestampText } from './timestamp-text.js';
import { splitDelimitedRecord } from './delimited-record.js';

/** Delimiters tried, in this order, when a `delimited` log does not name one. */
export const DELIMITER_CANDIDATES: ReadonlyArray<string> = [',', ';', '\t', '|'];

interface CandidateScore {
  readonly delimiter: string;
  readonly fields: number;
  /** Share of the sample lines after the first that split into as many fields as the first. */
  readonly agreement: number;
}

function scoreCandidate(delimiter: string, first: string, rest: ReadonlyArray<string>): CandidateScore | undefined {
  const fields = splitDelimitedRecord(first, delimiter)?.length ?? 0;
  if (fields < 2) return undefined;
  const agreeing = rest.filter((line) => splitDelimitedRecord(line, delimiter)?.length === fields).length;
  return { delimiter, fields, agreement: rest.length === 0 ? 1 : agreeing / rest.length };
}

/** Consistent with every line beats not; then more fields (consistent) or more agreement, then more fields. */
function outranks(a: CandidateScore, b: CandidateScore): boolean {
  const rank = (score: CandidateScore): number[] =>
    score.agreement === 1 ? [1, score.fields, score.fields] : [0, score.agreement, score.fields];
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) > (rb[i] as number);
  return false;
}

/**
 * The delimiter that splits the first line into the most (>= 2) fields while every following sample line
 * splits into as many (quote-aware). When no candidate is consistent with all lines, the one consistent with
 * the largest share (at least half) wins, then the one with more fields; ties go to the earlier candidate.
 * Undefined when no candidate splits the first line.
 */
export function detectDelimiter(lines: ReadonlyArray<string>): string | undefined {
  const [first, ...rest] = lines;
  if (first === undefined) return undefined;
  const scores = DELIMITER_CANDIDATES.map((delimiter) => scoreCandidate(delimiter, first, rest)).filter(
    (score): score is CandidateScore => score !== undefined && score.agreement >= 0.5,
  );
  let best: CandidateScore | undefined;
  for (const score of scores) if (best === undefined || outranks(score, best)) best = score;
  return best?.delimiter;
}

const isValue = (field: string): boolean => parseTimestampText(field) !== undefined;

/**
 * True when the first line reads as a header by its values: none of its fields is a number or a date while a
 * later line has one in some column. (A header with a known column name is recognised before this is asked.)
 */
export function looksLikeHeaderByValues(first: ReadonlyArray<string>, rest: ReadonlyArray<ReadonlyArray<string>>): boolean {
  if (first.some(isValue)) return false;
  return rest.some((fields) => fields.some(isValue));
}

/** How a delimiter is written in messages: `','`, `'\t'`. */
export function showDelimiter(delimiter: string): string {
  return delimiter === '\t' ? `'\\t'` : `'${delimiter}'`;
}
