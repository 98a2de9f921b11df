import type { CandidateResult } from '../src/stages/search-history.js';

/** Any scorer's shape: items in, each result reported as it arrives (in any order). */
type Scorer<K> = (items: ReadonlyArray<K>, onScored: (item: K, result: CandidateResult) => void) => Promise<void>;

/**
 * Scores `items` with `score` and returns the results in the order of `items`, timing (`seconds`) left out, so
 * scorers that finish in different orders compare equal. `onFirst` runs when the first result arrives (and is
 * awaited before returning), e.g. to disturb the rest of the scoring.
 */
export async function scoredInOrder<K>(score: Scorer<K>, items: ReadonlyArray<K>, onFirst?: () => Promise<void>): Promise<Array<Omit<CandidateResult, 'seconds'>>> {
  const results = new Map<K, CandidateResult>();
  let first: Promise<void> | undefined;
  await score(items, (item, result) => {
    results.set(item, result);
    if (onFirst !== undefined) first ??= onFirst();
  });
  await first;
  return items.map((item) => {
    const { seconds: _seconds, ...rest } = results.get(item) as CandidateResult;
    return rest;
  });
}
