import * as t from 'io-ts';
import { PositiveNumberCodec, ProbabilityCodec, strictWithDefaults, type Probability } from '@recnas/core';

/**
 * DNS-Rec's dynamic resource constraint (docs/decisions/0010-dns-rec.md): the cost budget moves from the
 * unconstrained cost `start` to the `target` over the first `rampFraction` of the constrained steps, then
 * stays at the target. `dynamic: false` is the static ablation: the target from the first step.
 * `schedule` is the shape of the move: `linear`, or `cosine` (slow at both ends).
 */
export const BudgetScheduleCodec = strictWithDefaults(
  {},
  {
    dynamic: t.boolean,
    schedule: t.keyof({ linear: null, cosine: null }, 'BudgetShape'),
    rampFraction: ProbabilityCodec,
  },
  { dynamic: true, schedule: 'linear', rampFraction: 0.5 as Probability },
  'BudgetSchedule',
);
export type BudgetSchedule = t.TypeOf<typeof BudgetScheduleCodec>;

/** The two ends of the budget, in the cost's unit (FLOPs per sequence, seconds or joules). */
export const BudgetEndsCodec = t.type({ start: PositiveNumberCodec, target: PositiveNumberCodec }, 'BudgetEnds');
export interface BudgetEnds {
  readonly start: number;
  readonly target: number;
}

/**
 * The budget after `progress` of the constrained phase (0 = its first step, 1 = its end), as above.
 * With a target above the start (a budget that is not a constraint) the budget is the target throughout.
 */
export function budgetAt(progress: number, ends: BudgetEnds, schedule: BudgetSchedule): number {
  const { start, target } = ends;
  if (!schedule.dynamic || start <= target) return target;
  const ramp = schedule.rampFraction === 0 ? 1 : Math.min(1, Math.max(0, progress) / schedule.rampFraction);
  const moved = schedule.schedule === 'linear' ? ramp : (1 - Math.cos(Math.PI * ramp)) / 2;
  return target + (start - target) * (1 - moved);
}

/** DNS-Rec's penalty `lambda * max(0, cost / budget - 1)` (0 when the cost is within budget). */
export function resourcePenalty(cost: number, budget: number, lambda: number): number {
  return lambda * Math.max(0, cost / budget - 1);
}
