import * as t from 'io-ts';
import { ArchEncodingCodec, strictPartial, type ArchEncoding } from '@recnas/core';

/**
 * One line of `search-history.jsonl`: an evaluated candidate, written (and fsynced) the moment its score is
 * known. `objectives` are minimised: `loss` (validation LogLoss after fine-tuning) and `flops` (per example).
 */
export const SearchHistoryEntryCodec = strictPartial(
  {
    index: t.number,
    archHash: t.string,
    arch: ArchEncodingCodec,
    objectives: t.record(t.string, t.number),
  },
  {
    /** Validation LogLoss with inherited weights, before fine-tuning. */
    inheritedLogLoss: t.number,
    params: t.number,
    seconds: t.number,
    metadata: t.record(t.string, t.unknown),
  },
  'SearchHistoryEntry',
);
export type SearchHistoryEntry = t.TypeOf<typeof SearchHistoryEntryCodec>;

/** What scoring one candidate yields (the search adds index, hash and objectives). */
export interface CandidateResult {
  readonly validationLogLoss: number;
  readonly inheritedLogLoss?: number;
  readonly flopsPerExample: number;
  readonly params: number;
  readonly seconds: number;
}

/**
 * Scores candidates; calls `onScored` for each one as soon as it is done (any order), so the caller can
 * journal it before the others finish. Resolves when all are scored.
 */
export type CandidateScorer = (archs: ReadonlyArray<ArchEncoding>, onScored: (arch: ArchEncoding, score: CandidateResult) => void) => Promise<void>;

/**
 * The candidates with a finite search loss, best first (ties: earlier proposal first). Retraining takes its
 * top-k from here, `best-architectures.json` its top 10 and `summary.json` its best.
 */
export function rankByLoss(entries: ReadonlyArray<SearchHistoryEntry>): SearchHistoryEntry[] {
  return entries
    .filter((entry) => Number.isFinite(entry.objectives['loss']))
    .sort((a, b) => (a.objectives['loss'] as number) - (b.objectives['loss'] as number) || a.index - b.index);
}
