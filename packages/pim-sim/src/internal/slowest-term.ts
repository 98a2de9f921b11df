import type { BoundBy } from '../device-cost.js';

/** The largest of a few `[resource, seconds]` terms (the first wins a tie); `none` when all are 0. */
export function slowestTerm(terms: ReadonlyArray<readonly [BoundBy, number]>): { readonly seconds: number; readonly boundBy: BoundBy } {
  let seconds = 0;
  let boundBy: BoundBy = 'none';
  for (const [resource, termSeconds] of terms) {
    if (termSeconds > seconds) {
      seconds = termSeconds;
      boundBy = resource;
    }
  }
  return { seconds, boundBy };
}
