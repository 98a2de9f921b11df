import * as t from 'io-ts';
import { NonNegativeNumberCodec, strictType, strictWithDefaults } from '@recnas/core';
import { FiniteNumberCodec } from './internal/finite-number.js';
import type { ObjectivePoint } from './pareto-front.js';

/** An upper bound on one objective, e.g. `{ objective: 'flops', max: 2e6 }`; a candidate above it is infeasible. */
export const ObjectiveConstraintCodec = strictType({ objective: t.string, max: FiniteNumberCodec }, 'ObjectiveConstraint');
export type ObjectiveConstraint = t.TypeOf<typeof ObjectiveConstraintCodec>;

/**
 * How a strategy ranks evaluations. `primary` names the objective to minimise (default `loss`, the
 * validation LogLoss); `weights` add secondary objectives to it (score = primary + sum of weight x value;
 * default none, i.e. primary only); `constraints` are upper bounds (default none). See `compareObjectives`.
 */
export const SearchObjectivesCodec = strictWithDefaults(
  {},
  { primary: t.string, weights: t.record(t.string, NonNegativeNumberCodec), constraints: t.array(ObjectiveConstraintCodec) },
  { primary: 'loss', weights: {}, constraints: [] },
  'SearchObjectives',
);
export type SearchObjectives = t.TypeOf<typeof SearchObjectivesCodec>;

/** What ranking reads: a decoded `SearchObjectives`, or the same shape written in code with plain numbers. */
export interface RankingObjectives {
  readonly primary: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly constraints: ReadonlyArray<ObjectiveConstraint>;
}

/** Primary only, no constraints: what a strategy uses when its options give no `objectives`. */
export const PRIMARY_LOSS_ONLY: SearchObjectives = Object.freeze({ primary: 'loss', weights: {}, constraints: [] });

function valueOf(point: ObjectivePoint, objective: string): number {
  const value = point[objective];
  return value !== undefined && Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/**
 * Total normalized violation of `constraints`: the sum over violated bounds of `(value - max) / |max|`
 * (divided by 1 when `max` is 0). 0 means feasible; a missing or non-finite constrained objective counts as
 * an infinite violation.
 */
export function constraintViolation(point: ObjectivePoint, constraints: ReadonlyArray<ObjectiveConstraint>): number {
  let total = 0;
  for (const { objective, max } of constraints) {
    const value = valueOf(point, objective);
    if (value > max) total += (value - max) / (max === 0 ? 1 : Math.abs(max));
  }
  return total;
}

/** The scalar score to minimise: primary + sum of weight x objective; infinite when a needed objective is missing. */
export function scalarScore(point: ObjectivePoint, objectives: Pick<RankingObjectives, 'primary' | 'weights'>): number {
  let score = valueOf(point, objectives.primary);
  for (const [objective, weight] of Object.entries(objectives.weights)) {
    if (weight !== 0) score += weight * valueOf(point, objective);
  }
  return score;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The ranking rule of every strategy (negative: `a` ranks before `b`). Feasible points (violation 0) come
 * first, ordered by `scalarScore`; infeasible ones follow, ordered by total normalized violation
 * (`constraintViolation`) and then by score. Points without a finite primary objective (failed trials)
 * have an infinite score and sort last within their group. Equal rank returns 0.
 */
export function compareObjectives(a: ObjectivePoint, b: ObjectivePoint, objectives: RankingObjectives): number {
  const violation = compareNumbers(constraintViolation(a, objectives.constraints), constraintViolation(b, objectives.constraints));
  return violation !== 0 ? violation : compareNumbers(scalarScore(a, objectives), scalarScore(b, objectives));
}
