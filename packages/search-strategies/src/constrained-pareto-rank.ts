import type { ObjectivePoint } from './pareto-front.js';
import { constraintViolation, type ObjectiveConstraint } from './search-objectives.js';

/** Where a point stands in a population under constrained domination (NSGA-II, Deb et al. 2002). */
export interface ParetoStanding {
  /** Total normalized constraint violation (0: feasible; `constraintViolation`), infinite without a finite objective. */
  readonly violation: number;
  /** Non-dominated front index among the feasible points (0 = the Pareto front); infeasible points get Infinity. */
  readonly front: number;
  /** Crowding distance within its front (larger = more isolated; front ends are infinite). */
  readonly crowding: number;
}

function valuesOf(point: ObjectivePoint, objectives: ReadonlyArray<string>): number[] | undefined {
  const values = objectives.map((objective) => point[objective]);
  return values.every((value) => value !== undefined && Number.isFinite(value)) ? (values as number[]) : undefined;
}

function dominatesValues(a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean {
  let strictlyBetter = false;
  for (let k = 0; k < a.length; k++) {
    if ((a[k] as number) > (b[k] as number)) return false;
    if ((a[k] as number) < (b[k] as number)) strictlyBetter = true;
  }
  return strictlyBetter;
}

function crowdingDistances(members: ReadonlyArray<number>, values: ReadonlyArray<ReadonlyArray<number>>, objectives: number, out: number[]): void {
  for (const member of members) out[member] = 0;
  for (let k = 0; k < objectives; k++) {
    const sorted = [...members].sort((a, b) => (values[a]?.[k] as number) - (values[b]?.[k] as number) || a - b);
    const low = values[sorted[0] as number]?.[k] as number;
    const high = values[sorted[sorted.length - 1] as number]?.[k] as number;
    out[sorted[0] as number] = Number.POSITIVE_INFINITY;
    out[sorted[sorted.length - 1] as number] = Number.POSITIVE_INFINITY;
    if (high === low) continue;
    for (let i = 1; i < sorted.length - 1; i++) {
      const index = sorted[i] as number;
      out[index] = (out[index] as number) + ((values[sorted[i + 1] as number]?.[k] as number) - (values[sorted[i - 1] as number]?.[k] as number)) / (high - low);
    }
  }
}

/**
 * The NSGA-II standing of every point: feasible points (violation 0) are sorted into non-dominated fronts over
 * `objectives` (all minimised) with crowding distances; infeasible points keep their violation. O(n^2 m).
 */
export function paretoStandings(points: ReadonlyArray<ObjectivePoint>, objectives: ReadonlyArray<string>, constraints: ReadonlyArray<ObjectiveConstraint>): ParetoStanding[] {
  const values = points.map((point) => valuesOf(point, objectives));
  const violation = points.map((point, index) => (values[index] === undefined ? Number.POSITIVE_INFINITY : constraintViolation(point, constraints)));
  const front = points.map(() => Number.POSITIVE_INFINITY);
  const crowding = points.map(() => 0);
  let remaining = points.map((_, index) => index).filter((index) => violation[index] === 0);
  for (let level = 0; remaining.length > 0; level++) {
    const current = remaining.filter((i) => !remaining.some((j) => j !== i && dominatesValues(values[j] as number[], values[i] as number[])));
    for (const index of current) front[index] = level;
    crowdingDistances(current, values as number[][], objectives.length, crowding);
    const taken = new Set(current);
    remaining = remaining.filter((index) => !taken.has(index));
  }
  return points.map((_, index) => ({ violation: violation[index] as number, front: front[index] as number, crowding: crowding[index] as number }));
}

/**
 * NSGA-II's crowded-comparison with Deb's constraint handling (negative: `a` is preferred): lower violation
 * first, then lower front, then larger crowding distance; 0 when equal.
 */
export function compareStandings(a: ParetoStanding, b: ParetoStanding): number {
  if (a.violation !== b.violation) return a.violation < b.violation ? -1 : 1;
  if (a.front !== b.front) return a.front < b.front ? -1 : 1;
  if (a.crowding !== b.crowding) return a.crowding > b.crowding ? -1 : 1;
  return 0;
}
