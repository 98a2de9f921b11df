import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, decodeWith, formatDecodeIssues, strictPartial, strictType, type DecodeIssue } from '@recnas/core';
import { ReportCoDesignCodec } from './co-design-input.js';
import { ReportSequentialCodec } from './sequential-report-input.js';
import { CorrelationCodec, NonNegativeFiniteCodec, NonNegativeIntegerCodec, UnitIntervalCodec } from './report-numbers.js';

/** Wall time of one pipeline stage, in seconds. */
export const StageTimingCodec = strictType({ stage: t.string, seconds: NonNegativeFiniteCodec }, 'StageTiming');
export type StageTiming = t.TypeOf<typeof StageTimingCodec>;

/** How a run was made: what the report's metadata table shows. Only id, seed and backend are required. */
export const ReportRunCodec = strictPartial(
  { runId: t.string, seed: NonNegativeIntegerCodec, backend: t.string },
  {
    /** Compute engine details beside the backend, e.g. `tfjs-node 4.22 (native kernels)`. */
    engine: t.string,
    createdAt: t.string,
    recnasVersion: t.string,
    packageVersions: t.record(t.string, t.string),
    dataset: strictPartial({ name: t.string }, { rows: NonNegativeIntegerCodec }, 'ReportDataset'),
    /** A few resolved config values worth reading at a glance (`search.population: 128`). */
    configSummary: t.record(t.string, t.union([t.string, t.number, t.boolean])),
    stageTimings: t.array(StageTimingCodec),
  },
  'ReportRun',
);
export type ReportRun = t.TypeOf<typeof ReportRunCodec>;

/** One evaluated candidate of the search; `feasible: false` marks one that broke a constraint. */
export const ReportCandidateCodec = strictPartial(
  { index: NonNegativeIntegerCodec, archHash: t.string, validationLogLoss: NonNegativeFiniteCodec, flopsPerExample: NonNegativeFiniteCodec },
  { feasible: t.boolean },
  'ReportCandidate',
);
export type ReportCandidate = t.TypeOf<typeof ReportCandidateCodec>;

/**
 * One row of the models table: a searched architecture or a hand-designed baseline, scored on test; with
 * several model seeds the metrics are means and `seeds` / `testLogLossStd` give their number and spread;
 * `learningRate` is the rate the model's learning-rate search chose (runs with several `retrain.learningRates`).
 */
export const ReportModelCodec = strictPartial(
  {
    name: t.string,
    kind: t.keyof({ searched: null, baseline: null }),
    testLogLoss: NonNegativeFiniteCodec,
    testAuc: UnitIntervalCodec,
    flopsPerExample: NonNegativeFiniteCodec,
    params: NonNegativeIntegerCodec,
  },
  { seeds: NonNegativeIntegerCodec, testLogLossStd: NonNegativeFiniteCodec, learningRate: NonNegativeFiniteCodec },
  'ReportModel',
);
export type ReportModel = t.TypeOf<typeof ReportModelCodec>;

/** A confidence interval of a correlation (the report shows `0.337 [0.120, 0.530]`). */
export const ReportCorrelationIntervalCodec = strictType({ low: CorrelationCodec, high: CorrelationCodec }, 'ReportCorrelationInterval');
export type ReportCorrelationInterval = t.TypeOf<typeof ReportCorrelationIntervalCodec>;

/** One subnet of the rank-correlation study: supernet validation LogLoss (inherited, fine-tuned) and from-scratch validation LogLoss. */
export const ReportRankCorrelationPointCodec = strictType(
  { archHash: t.string, inheritedLogLoss: NonNegativeFiniteCodec, fineTunedLogLoss: NonNegativeFiniteCodec, scratchLogLoss: NonNegativeFiniteCodec },
  'ReportRankCorrelationPoint',
);
export type ReportRankCorrelationPoint = t.TypeOf<typeof ReportRankCorrelationPointCodec>;

/**
 * Rank correlation between supernet scores and stand-alone results, with and without fine-tuning (SPEC
 * section 5), optionally with confidence intervals (keyed like the statistics) and the subnets as points.
 */
export const ReportRankCorrelationCodec = strictPartial(
  {},
  {
    kendallTauWithoutFineTuning: CorrelationCodec,
    kendallTauWithFineTuning: CorrelationCodec,
    spearmanWithoutFineTuning: CorrelationCodec,
    spearmanWithFineTuning: CorrelationCodec,
    /** How many architectures the correlation was measured on. */
    architectures: NonNegativeIntegerCodec,
    /** Confidence intervals of the statistics above, e.g. percentile-bootstrap ones. */
    intervals: strictPartial(
      {},
      {
        kendallTauWithoutFineTuning: ReportCorrelationIntervalCodec,
        kendallTauWithFineTuning: ReportCorrelationIntervalCodec,
        spearmanWithoutFineTuning: ReportCorrelationIntervalCodec,
        spearmanWithFineTuning: ReportCorrelationIntervalCodec,
      },
      'ReportCorrelationIntervals',
    ),
    /** Coverage of `intervals` (0.95 for 95%). */
    intervalConfidence: UnitIntervalCodec,
    /** Epochs each architecture was trained from scratch. */
    scratchEpochs: NonNegativeIntegerCodec,
    /** From-scratch trainings per architecture (their mean LogLoss is its scratch score). */
    scratchSeeds: NonNegativeIntegerCodec,
    /** The first scratch seed's LogLoss against the second's: how well training from scratch agrees with itself. */
    scratchAgreement: strictType(
      { kendallTau: CorrelationCodec, spearman: CorrelationCodec, kendallTauInterval: ReportCorrelationIntervalCodec, spearmanInterval: ReportCorrelationIntervalCodec },
      'ReportScratchAgreement',
    ),
    /** The architectures, plotted as supernet score against from-scratch LogLoss. */
    points: t.array(ReportRankCorrelationPointCodec),
  },
  'ReportRankCorrelation',
);
export type ReportRankCorrelation = t.TypeOf<typeof ReportRankCorrelationCodec>;

/**
 * Everything `report.html` shows. `paretoFront` lists the `index` of each candidate on the front over
 * (validationLogLoss, flopsPerExample); when absent the report computes it from `history`.
 */
export const ReportInputCodec = strictPartial(
  { run: ReportRunCodec, history: t.array(ReportCandidateCodec), models: t.array(ReportModelCodec) },
  { title: t.string, paretoFront: t.array(NonNegativeIntegerCodec), bestArchitecture: ArchEncodingCodec, rankCorrelation: ReportRankCorrelationCodec, coDesign: ReportCoDesignCodec, sequential: ReportSequentialCodec },
  'ReportInput',
);
export type ReportInput = t.TypeOf<typeof ReportInputCodec>;

function crossReferenceIssues(input: ReportInput): DecodeIssue[] {
  const issues: DecodeIssue[] = [];
  const seen = new Set<number>();
  input.history.forEach((candidate, at) => {
    if (seen.has(candidate.index)) issues.push({ path: `history[${at}].index`, expected: 'an index not used before', got: String(candidate.index) });
    seen.add(candidate.index);
  });
  input.paretoFront?.forEach((index, at) => {
    if (!seen.has(index)) issues.push({ path: `paretoFront[${at}]`, expected: 'the index of a candidate in history', got: String(index) });
  });
  for (const [statistic, interval] of Object.entries(input.rankCorrelation?.intervals ?? {})) {
    if (interval !== undefined && interval.low > interval.high) {
      issues.push({ path: `rankCorrelation.intervals.${statistic}`, expected: 'low <= high', got: `[${interval.low}, ${interval.high}]` });
    }
  }
  return issues;
}

/**
 * Decodes a report input: shapes and ranges (finite numbers, AUC in [0, 1], correlations in [-1, 1]),
 * unique history indices, Pareto indices that name a history entry, intervals with low <= high. Fails with
 * CONFIG_INVALID and every issue with its JSON path.
 */
export function decodeReportInput(input: unknown): E.Either<RecnasError, ReportInput> {
  return E.flatMap(decodeWith(ReportInputCodec, input, 'report input'), (decoded) => {
    const issues = crossReferenceIssues(decoded);
    if (issues.length === 0) return E.right(decoded);
    return E.left(new RecnasError('CONFIG_INVALID', `report input is invalid:\n${formatDecodeIssues(issues)}`, { issues }));
  });
}
