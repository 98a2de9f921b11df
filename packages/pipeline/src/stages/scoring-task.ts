import type { ArchEncoding } from '@recnas/core';
import type { CandidateResult } from './search-history.js';
import type { WeightPrecisionPlan } from './weight-precision-plan.js';

/** One candidate to score: an architecture and, when its hardware quantizes weights, the precision plan. */
export interface ScoringTask {
  readonly arch: ArchEncoding;
  readonly precision?: WeightPrecisionPlan;
}

/**
 * Scores tasks; calls `onScored` with the task object it was given as soon as each is done (any order).
 * The same architecture may appear at several precisions.
 */
export type TaskScorer = (tasks: ReadonlyArray<ScoringTask>, onScored: (task: ScoringTask, score: CandidateResult) => void) => Promise<void>;
