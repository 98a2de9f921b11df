import { RecnasError, SeedCodec, type Seed } from '@recnas/core';
import type { Evaluation } from '../evaluation.js';

/** Checks `ask`'s count: a non-negative integer (0 asks for nothing and returns the state unchanged). */
export function checkCount(strategyId: string, count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RecnasError('INVARIANT', `${strategyId}: ask needs a non-negative integer count, got ${count}`, { count });
  }
}

/** Checks `init`'s seed: an integer in [0, 2^32), as run configs store it. */
export function checkSeed(strategyId: string, seed: number): Seed {
  if (!SeedCodec.is(seed)) throw new RecnasError('INVARIANT', `${strategyId}: seed must be an integer in [0, 2^32), got ${seed}`, { seed });
  return seed;
}

/** The finite objectives of a result: JSON cannot carry NaN or infinities, so a non-finite value counts as missing. */
export function finiteObjectives(result: Evaluation): Record<string, number> {
  return Object.fromEntries(Object.entries(result.objectives).filter(([, value]) => Number.isFinite(value)));
}
