import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, strictType, archEncodingErrors, archHash, type SearchSpace } from '@recnas/core';
import type { Evaluation } from '../evaluation.js';
import { FiniteNumberCodec } from './finite-number.js';
import { pathContext, ruleError, type PathSegment } from './rule-error.js';

/** A candidate that was asked and not yet told: its hash and the (canonical) architecture proposed. */
export const PendingCandidateCodec = strictType({ archHash: t.string, arch: ArchEncodingCodec }, 'PendingCandidate');
export type PendingCandidate = t.TypeOf<typeof PendingCandidateCodec>;

/** A told candidate with its objectives (what the population of an evolution holds). */
export const EvaluatedCandidateCodec = strictType(
  { archHash: t.string, arch: ArchEncodingCodec, objectives: t.record(t.string, FiniteNumberCodec) },
  'EvaluatedCandidate',
);
export type EvaluatedCandidate = t.TypeOf<typeof EvaluatedCandidateCodec>;

/** Errors for records whose architecture is invalid for `space` or whose `archHash` is not that architecture's hash. */
export function candidateRecordErrors(
  records: ReadonlyArray<{ readonly archHash: string; readonly arch: t.TypeOf<typeof ArchEncodingCodec> }>,
  key: string,
  space: SearchSpace,
  context: t.Context,
): t.ValidationError[] {
  return records.flatMap((record, index) => {
    const at: PathSegment[] = [key, index];
    const archErrors = archEncodingErrors(record.arch, space, pathContext(context, [...at, 'arch']));
    if (archErrors.length > 0) return archErrors;
    const expected = archHash(record.arch);
    return record.archHash === expected ? [] : [ruleError(context, [...at, 'archHash'], `the hash of its arch (${expected})`, record.archHash)];
  });
}

/** Errors for a `seen` list with repeats or pending hashes missing from it. */
export function seenListErrors(seen: ReadonlyArray<string>, pending: ReadonlyArray<PendingCandidate>, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  const known = new Set<string>();
  seen.forEach((hash, index) => {
    if (known.has(hash)) errors.push(ruleError(context, ['seen', index], 'a hash not listed before', hash));
    known.add(hash);
  });
  pending.forEach((candidate, index) => {
    if (!known.has(candidate.archHash)) errors.push(ruleError(context, ['pending', index, 'archHash'], 'a hash listed in seen', candidate.archHash));
  });
  return errors;
}

/**
 * Splits `results` into the pending candidates they answer (in `results` order) and those still pending.
 * Throws INVARIANT for a result whose hash was never asked, was already told, or appears twice.
 */
export function matchTold(
  strategyId: string,
  pending: ReadonlyArray<PendingCandidate>,
  seen: ReadonlyArray<string>,
  results: ReadonlyArray<Evaluation>,
): { told: Array<{ candidate: PendingCandidate; result: Evaluation }>; stillPending: PendingCandidate[] } {
  const byHash = new Map(pending.map((candidate) => [candidate.archHash, candidate]));
  const told: Array<{ candidate: PendingCandidate; result: Evaluation }> = [];
  for (const result of results) {
    const candidate = byHash.get(result.archHash);
    if (candidate === undefined) {
      const reason = seen.includes(result.archHash) ? 'was already told' : 'was never asked';
      throw new RecnasError('INVARIANT', `${strategyId}: told a result for architecture ${result.archHash}, which ${reason}`, {
        archHash: result.archHash,
      });
    }
    byHash.delete(result.archHash);
    told.push({ candidate, result });
  }
  return { told, stillPending: pending.filter((candidate) => byHash.has(candidate.archHash)) };
}
