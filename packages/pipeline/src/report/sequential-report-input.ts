import * as t from 'io-ts';
import { SequentialArchitectureCodec, SequentialSpaceCodec, strictPartial, strictType } from '@recnas/core';
import { FiniteNumberCodec, NonNegativeFiniteCodec, NonNegativeIntegerCodec, UnitIntervalCodec } from './report-numbers.js';

/**
 * One row of the sequential metric table: the SASRec baseline or a DNS-Rec variant retrained from scratch,
 * with its test metrics (HR@K, NDCG@K keyed by K, MRR, the ranking protocol label), cost per sequence and
 * the architecture.
 */
export const ReportSequentialModelCodec = strictPartial(
  {
    name: t.string,
    kind: t.keyof({ baseline: null, searched: null }),
    protocol: t.string,
    hitRate: t.record(t.string, UnitIntervalCodec),
    ndcg: t.record(t.string, UnitIntervalCodec),
    mrr: UnitIntervalCodec,
    flopsPerSequence: NonNegativeFiniteCodec,
    architecture: SequentialArchitectureCodec,
  },
  { latencySeconds: NonNegativeFiniteCodec, energyJoules: NonNegativeFiniteCodec, params: NonNegativeIntegerCodec },
  'ReportSequentialModel',
);
export type ReportSequentialModel = t.TypeOf<typeof ReportSequentialModelCodec>;

/** One point of a search's curves: the budget, the expected cost and the choice probabilities per group. */
export const ReportSearchPointCodec = strictPartial(
  { step: NonNegativeIntegerCodec, budget: NonNegativeFiniteCodec, expectedCost: NonNegativeFiniteCodec, probabilities: t.record(t.string, t.array(NonNegativeFiniteCodec)) },
  { taskLoss: FiniteNumberCodec },
  'ReportSearchPoint',
);
export type ReportSearchPoint = t.TypeOf<typeof ReportSearchPointCodec>;

/** One variant's search: its constrained resource, the budget ends (unit of `cost`) and its curves. */
export const ReportSequentialSearchCodec = strictType(
  { variant: t.string, cost: t.string, startCost: NonNegativeFiniteCodec, targetCost: NonNegativeFiniteCodec, curve: t.array(ReportSearchPointCodec) },
  'ReportSequentialSearch',
);
export type ReportSequentialSearch = t.TypeOf<typeof ReportSequentialSearchCodec>;

/**
 * The sequential (DNS-Rec) section of report.html: the metric table of the baseline and the variants, each
 * one's chosen architecture, and the searches' probability and budget curves. `space` names the choices.
 */
export const ReportSequentialCodec = strictPartial(
  { models: t.array(ReportSequentialModelCodec), searches: t.array(ReportSequentialSearchCodec) },
  { space: SequentialSpaceCodec, dataset: t.string },
  'ReportSequential',
);
export type ReportSequential = t.TypeOf<typeof ReportSequentialCodec>;
