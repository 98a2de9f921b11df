import * as t from 'io-ts';
import {
  NonNegativeNumberCodec,
  PositiveIntCodec,
  PositiveNumberCodec,
  ProbabilityCodec,
  strictPartial,
  strictWithDefaults,
  type NonNegativeNumber,
  type PositiveInt,
  type PositiveNumber,
  type Probability,
} from '@recnas/core';
import { BudgetScheduleCodec, type BudgetSchedule } from './dynamic-budget.js';
import { ruleError, withRules } from './internal/rule-error.js';

/**
 * Options of DNS-Rec's differentiable search (docs/decisions/0010-dns-rec.md): `steps` weight steps, each
 * followed by one architecture step once the first `warmupFraction` of them (weights only, as DARTS-style
 * searches warm up) is over; the budget ends (`start` = the unconstrained architecture's cost, `target`),
 * the budget schedule, the penalty weight `lambda`, the softmax temperature annealed geometrically from
 * `initialTemperature` to `finalTemperature`, `recordEvery` (architecture steps between curve points) and
 * `architectureEvery` (weight steps per architecture step after the warm-up; 1 alternates them, as DARTS).
 */
const TemperatureProps = { initialTemperature: PositiveNumberCodec, finalTemperature: PositiveNumberCodec };
const BaseCodec = strictWithDefaults(
  { steps: PositiveIntCodec, startCost: PositiveNumberCodec, targetCost: PositiveNumberCodec },
  {
    warmupFraction: ProbabilityCodec,
    budget: BudgetScheduleCodec,
    lambda: NonNegativeNumberCodec,
    ...TemperatureProps,
    recordEvery: PositiveIntCodec,
    architectureEvery: PositiveIntCodec,
  },
  {
    warmupFraction: 0.2 as Probability,
    budget: { dynamic: true, schedule: 'linear', rampFraction: 0.5 as Probability },
    lambda: 2 as NonNegativeNumber,
    initialTemperature: 1 as PositiveNumber,
    finalTemperature: 1 as PositiveNumber,
    recordEvery: 10 as PositiveInt,
    architectureEvery: 1 as PositiveInt,
  },
  'DifferentiableSearchOptions',
);

export const DifferentiableSearchOptionsCodec = withRules(BaseCodec, (options, context) =>
  Math.floor(options.steps * (1 - options.warmupFraction)) < 1
    ? [ruleError(context, ['warmupFraction'], `a fraction that leaves at least one of the ${options.steps} steps for the architecture`, options.warmupFraction)]
    : [],
);
export type DifferentiableSearchOptions = t.TypeOf<typeof DifferentiableSearchOptionsCodec>;
export type DifferentiableSearchOptionsInput = t.OutputOf<typeof DifferentiableSearchOptionsCodec>;
export type { BudgetSchedule };

/** The options a config may set (the ends and `steps` come from the pipeline, which measures them). */
export const DifferentiableSearchConfigCodec = strictPartial(
  {},
  {
    warmupFraction: ProbabilityCodec,
    budget: BudgetScheduleCodec,
    lambda: NonNegativeNumberCodec,
    ...TemperatureProps,
    recordEvery: PositiveIntCodec,
    architectureEvery: PositiveIntCodec,
  },
  'DifferentiableSearchConfig',
);
