import type { Evaluation } from './evaluation.js';
import { constraintViolation, type ObjectiveConstraint } from './search-objectives.js';

/**
 * The evaluation with the lowest `primary` objective (default `loss`) among those that satisfy every
 * constraint and have a finite primary value; the first one on ties; undefined when none is feasible.
 */
export function bestFeasible(
  evaluations: ReadonlyArray<Evaluation>,
  constraints: ReadonlyArray<ObjectiveConstraint>,
  primary = 'loss',
): Evaluation | undefined {
  let best: Evaluation | undefined;
  let bestValue = Number.POSITIVE_INFINITY;
  for (const evaluation of evaluations) {
    const value = evaluation.objectives[primary];
    if (value === undefined || !Number.isFinite(value) || constraintViolation(evaluation.objectives, constraints) > 0) continue;
    if (best === undefined || value < bestValue) {
      best = evaluation;
      bestValue = value;
    }
  }
  return best;
}
